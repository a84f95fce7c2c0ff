import type { SelectHTMLAttributes } from 'react';

/**
 * A <select> of fixed `options` shown by their `labels` (e.g. ITEM_KINDS / ITEM_KIND_LABELS);
 * `empty` adds a first option with value '' and that text. Other props go on the select.
 */
export function Choice<K extends string>({
  options,
  labels,
  empty,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { options: readonly K[]; labels: Record<K, string>; empty?: string }) {
  return (
    <select {...rest}>
      {empty != null && <option value="">{empty}</option>}
      {options.map((k) => (
        <option key={k} value={k}>
          {labels[k]}
        </option>
      ))}
    </select>
  );
}
