// Where a department × indicator assignment stands, from what was received and decided. One rule
// for the 部门 view, the 催报单, the packets and the CLI.
import type { AssignmentState } from '../../shared/collect-types';
import type { ReviewState } from '../../shared/domain';

export interface AssignmentFacts {
  deadline: string | null;
  /** The whole assignment returned, when (ISO), or null. */
  returnedAt: string | null;
  /** The department's items for the indicator: their review and when each arrived. */
  items: { review: ReviewState; submittedAt: string | null }[];
}

/** today: YYYY-MM-DD; a deadline is the last day things may arrive. */
export function assignmentState(f: AssignmentFacts, today: string): AssignmentState {
  const late = f.deadline != null && f.deadline < today;
  // A whole-assignment return stands until something arrives after it.
  const returnedWhole = f.returnedAt != null && !f.items.some((i) => (i.submittedAt ?? '') > f.returnedAt!);
  if (!f.items.length) return late ? 'overdue' : f.returnedAt ? 'returned' : 'open';
  if (returnedWhole || f.items.some((i) => i.review === 'returned')) return late ? 'overdue' : 'returned';
  const pending = f.items.filter((i) => i.review === 'pending').length;
  if (pending === f.items.length) return 'submitted';
  if (pending > 0) return 'reviewing';
  return 'accepted';
}

/** The day in the clerk's own time zone (a deadline is a local day). */
export function localDay(d = new Date()): string {
  const z = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return z.toISOString().slice(0, 10);
}
