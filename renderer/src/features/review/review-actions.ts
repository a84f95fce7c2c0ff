// 审核: the 创建办 accepts the items a department submitted, returns them (退回) with the reason the
// department reads in its next packet, or puts them back to 待审核. One service call, one notice
// with 撤销, like every other action on items.
import { call } from '../../api/client';
import { itemsAction } from '../../state/selection';
import { createStore } from '../../state/store';

export const acceptItems = (ids: number[]) => itemsAction(() => call('items.review', { ids, decision: 'accept' }));
export const returnItems = (ids: number[], reason: string) => itemsAction(() => call('items.review', { ids, decision: 'return', reason }));
export const unreviewItems = (ids: number[]) => itemsAction(() => call('items.review', { ids, decision: 'pending' }));

/** The 退回 dialog asking for the reason (mounted once, in the list). */
export const returnAsked = createStore<{ ids: number[] | null; title: string | null }>({ ids: null, title: null });
/** `title`: the one item's title, when it is not in the list shown (asked from the editor). */
export const askReturn = (ids: number[], title: string | null = null) => returnAsked.set({ ids, title });
