// Actions on a selection of items (归到指标, 链接, 移出, 类别…, 接受建议, 合并, 拆分, files moved or removed):
// one service call each, one notice saying what it did with 撤销 in it, and Ctrl+Z right after.
// Moves to the trash are such actions too, so one Ctrl+Z always undoes the latest.
import type { ItemsActionResult } from '../../../shared/api';
import { call } from '../api/client';
import { dismissToast, toast } from '../components';
import { app, failed, mayEdit, openItem, reloadItems, reloadTree } from './app-state';

/** How long Ctrl+Z still undoes the last action (its notice stays as long). */
export const UNDO_MS = 30_000;

/**
 * The latest action's notice. The service undoes only its latest action, so an older notice's
 * 撤销 would undo a newer one: it goes when the next action comes.
 */
let last: { at: number; toastId: number } | null = null;

/** Says what was done with 撤销 in the notice; 撤销 and Ctrl+Z then call items.undo. */
export function offerUndo(text: string, kind: 'info' | 'success' = 'success'): void {
  if (last) dismissToast(last.toastId);
  last = { at: Date.now(), toastId: toast(text, { kind, timeout: UNDO_MS, action: { label: '撤销', onClick: () => void undoLatest(true) } }) };
}

/** After 彻底删除 nothing before it can be undone (the service clears its steps too). */
export function forgetUndo(): void {
  if (last) dismissToast(last.toastId);
  last = null;
}

/** Ctrl+Z (and 撤销): undoes the latest action if it was recent; false when there was none. */
export async function undoLatest(fromNotice = false): Promise<boolean> {
  const l = last;
  if (!l || (!fromNotice && Date.now() - l.at > UNDO_MS) || !mayEdit()) return false;
  last = null;
  dismissToast(l.toastId);
  try {
    const r = await call('items.undo', {});
    toast(r.message, { kind: 'info' });
    refresh();
    await reloadItems();
    // What came back is selected again (when it is in the list shown).
    const here = r.ids.filter((id) => app.get().items?.some((i) => i.id === id));
    if (here.length) app.set({ selected: here, current: here[0] });
  } catch (e) {
    failed(e);
    refresh();
  }
  return true;
}

/** The tree, the list and the open item show the archive as it is now. */
function refresh(): void {
  void reloadTree();
  void reloadItems();
  window.dispatchEvent(new CustomEvent('tz-items-changed'));
}

/**
 * Runs one action on items or files: refuses in a read-only archive, shows the service's message
 * with 撤销, reloads. Returns the service's answer, or null when it was refused.
 */
export async function itemsAction(run: () => Promise<ItemsActionResult>): Promise<ItemsActionResult | null> {
  if (!mayEdit()) return null;
  let r: ItemsActionResult;
  try {
    r = await run();
  } catch (e) {
    failed(e);
    return null;
  }
  if (r.undo) offerUndo(r.message);
  else toast(r.message, { kind: 'success' });
  refresh();
  return r;
}

/** 归到指标: the items' links replaced by `code`. */
export const moveItems = (ids: number[], code: string) => itemsAction(() => call('items.move', { ids, to: code }));
/** 链接到指标: `code` added to the items' links. */
export const linkItems = (ids: number[], code: string) => itemsAction(() => call('items.linkMany', { ids, indicator: code }));
/** 移出指标: the link to `code` removed (an item left with none goes to 未归类). */
export const unlinkItems = (ids: number[], code: string) => itemsAction(() => call('items.unlinkMany', { ids, indicator: code }));

/** 接受建议: what the items' text suggests written into their empty fields (what was typed stays). */
export const acceptSuggestions = (ids: number[]) => itemsAction(() => call('items.acceptSuggestions', { ids }));

/** 合并: into the first of `ids` (in this order); the merged item is opened. */
export async function mergeItems(ids: number[]): Promise<void> {
  const r = await itemsAction(() => call('items.merge', { ids }));
  const id = r?.item?.id ?? r?.ids[0];
  if (id != null) openItem(id);
}
