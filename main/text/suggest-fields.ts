// STUB (lead's branch only) — replaced by helper C's module at merge.
import type { FieldSuggestion, PageText } from '../../shared/text-types';
import type { FileRole, ItemKind } from '../../shared/domain';
export function suggestFields(_sources: { name: string; role: FileRole; pages: PageText[] }[], _kind?: ItemKind): Omit<FieldSuggestion, 'current'>[] {
  return [];
}
