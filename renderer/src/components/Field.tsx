import { useId, type ReactElement, cloneElement, type ReactNode } from 'react';

/**
 * A labelled form row: `label` on the left, the single control child (given an id and aria-describedby
 * here) and, under it, `error` in red or `hint` in grey.
 */
export function Field({
  label,
  error,
  hint,
  children,
  wide,
}: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
  wide?: boolean;
}) {
  const id = useId();
  const msgId = `${id}-msg`;
  const control = cloneElement(children, {
    id: children.props.id ?? id,
    'aria-describedby': error || hint ? msgId : undefined,
    'aria-invalid': error ? true : undefined,
  });
  return (
    <div className={`tz-field ${wide ? 'tz-field-wide' : ''} ${error ? 'tz-field-bad' : ''}`}>
      <label htmlFor={children.props.id ?? id}>{label}</label>
      <div className="tz-field-control">
        {control}
        {error ? (
          <div id={msgId} className="tz-field-error" role="alert">
            {error}
          </div>
        ) : hint ? (
          <div id={msgId} className="tz-field-hint">
            {hint}
          </div>
        ) : null}
      </div>
    </div>
  );
}
