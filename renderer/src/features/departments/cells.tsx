// Cells both department tables share: a time as the clerk reads it, a count by state.
import type { AssignmentState } from '../../../../shared/collect-types';

/** ISO time or date as the clerk reads it: 2023-10-08 14:30. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The same in a narrow column: this year's times without the year (12-07 09:47). */
export function whenShort(iso: string | null): string {
  const full = when(iso);
  return full.startsWith(`${new Date().getFullYear()}-`) && full.length > 10 ? full.slice(5) : full;
}

/** The number in a state's cell: empty for 0, so the counts that matter stand out. */
export function StateCount({ state, n }: { state: AssignmentState; n: number }) {
  return (
    <span className={n ? `dept-n dept-n-${state}` : 'dept-n dept-n-zero'} data-state={state}>
      {n || '·'}
    </span>
  );
}
