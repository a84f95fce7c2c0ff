// STUB (lead's branch only) — replaced by helper C's module at merge.
import type { FilingSuggestion } from '../../shared/text-types';
export class FilingIndex {
  constructor(_indicators: { code: string; title: string; requirement: string }[]) {}
  rank(_title: string, _text: string, _limit = 3): FilingSuggestion[] {
    return [];
  }
}
