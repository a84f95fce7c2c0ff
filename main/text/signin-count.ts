// STUB (lead's branch only) — replaced by helper C's module at merge.
import type { PageText } from '../../shared/text-types';
export function countSignedRows(_page: PageText): number | null {
  return null;
}
