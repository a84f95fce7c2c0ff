// 审核: the 创建办 accepts the items a department submitted, returns them (退回) with the reason the
// department reads in its next packet, or puts them back to 待审核. One service call, one notice
// with 撤销, like every other action on items. In the queue the decided items leave the list and
// the next one opens, so the clerk goes through them one after the other.
import type { ItemsActionResult } from '../../../../shared/api';
import { call } from '../../api/client';
import { app, openItem } from '../../state/app-state';
import { itemsAction } from '../../state/selection';
import { createStore } from '../../state/store';

/** The row after the last of `ids` in the list shown that is not one of them (else the one before), or null. */
function nextAfter(ids: number[]): number | null {
  const rows = app.get().items ?? [];
  const gone = new Set(ids);
  const last = Math.max(...ids.map((id) => rows.findIndex((r) => r.id === id)));
  if (last < 0) return null;
  return rows.slice(last + 1).find((r) => !gone.has(r.id))?.id ?? [...rows.slice(0, last)].reverse().find((r) => !gone.has(r.id))?.id ?? null;
}

async function decide(ids: number[], run: () => Promise<ItemsActionResult>): Promise<ItemsActionResult | null> {
  const s = app.get();
  const leaving = s.view?.kind === 'review' && s.current != null && ids.includes(s.current);
  const next = leaving ? nextAfter(ids) : null;
  const r = await itemsAction(run);
  if (r && leaving) openItem(next);
  return r;
}

export const acceptItems = (ids: number[]) => decide(ids, () => call('items.review', { ids, decision: 'accept' }));
export const returnItems = (ids: number[], reason: string) => decide(ids, () => call('items.review', { ids, decision: 'return', reason }));
export const unreviewItems = (ids: number[]) => decide(ids, () => call('items.review', { ids, decision: 'pending' }));

/** The 退回 dialog asking for the reason (mounted once, in the list). */
export const returnAsked = createStore<{ ids: number[] | null; title: string | null }>({ ids: null, title: null });
/** `title`: the one item's title, when it is not in the list shown (asked from the editor). */
export const askReturn = (ids: number[], title: string | null = null) => returnAsked.set({ ids, title });
