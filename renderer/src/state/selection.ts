// Actions on a selection of items (归到指标, 链接, 移出, 类别…, 合并, 拆分, files moved or removed):
// one service call each, one notice saying what it did with 撤销 in it, and Ctrl+Z right after.
// The last undoable action of any kind (these, or a move to the trash) is kept here, so that one
// Ctrl+Z always undoes the latest.
import type { ItemsActionResult } from '../../../shared/api';
import { call } from '../api/client';
import { dismissToast, toast } from '../components';
import { app, failed, mayEdit, openItem, reloadItems, reloadTree } from './app-state';

/** How long Ctrl+Z still undoes the last action (the notice stays as long). */
export const UNDO_MS = 30_000;

interface Undoable {
  at: number;
  toastId: number;
  undo(): Promise<void>;
}
let last: Undoable | null = null;

/** Notes an action Ctrl+Z may undo, with the notice that offers 撤销 (shown here). */
export function offerUndo(text: string, undo: () => Promise<void>, kind: 'info' | 'success' = 'success'): void {
  const entry: Undoable = { at: Date.now(), toastId: 0, undo };
  const run = async () => {
    if (last === entry) last = null;
    dismissToast(entry.toastId);
    await undo();
  };
  // The notice's 撤销 undoes this action, even when another came after it.
  entry.toastId = toast(text, { kind, timeout: UNDO_MS, action: { label: '撤销', onClick: () => void run() } });
  entry.undo = run;
  last = entry;
}

/** Ctrl+Z: undoes the latest action if it was recent; false when there was none. */
export async function undoLatest(): Promise<boolean> {
  const l = last;
  if (!l || Date.now() - l.at > UNDO_MS || !mayEdit()) return false;
  await l.undo();
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
 * with 撤销 (items.undo), reloads. Returns the service's answer, or null when it was refused.
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
  if (r.undo) offerUndo(r.message, undoItemsAction);
  else toast(r.message, { kind: 'success' });
  refresh();
  return r;
}

async function undoItemsAction(): Promise<void> {
  try {
    const r = await call('items.undo', {});
    toast(r.message, { kind: 'info' });
    if (r.ids.length) app.set({ selected: r.ids.filter((id) => app.get().items?.some((i) => i.id === id)) });
  } catch (e) {
    failed(e);
  }
  refresh();
}

/** 归到指标: the items' links replaced by `code`. */
export const moveItems = (ids: number[], code: string) => itemsAction(() => call('items.move', { ids, to: code }));
/** 链接到指标: `code` added to the items' links. */
export const linkItems = (ids: number[], code: string) => itemsAction(() => call('items.linkMany', { ids, indicator: code }));
/** 移出指标: the link to `code` removed (an item left with none goes to 未归类). */
export const unlinkItems = (ids: number[], code: string) => itemsAction(() => call('items.unlinkMany', { ids, indicator: code }));

/** 合并: into the first of `ids` (in this order); the merged item is opened. */
export async function mergeItems(ids: number[]): Promise<void> {
  const r = await itemsAction(() => call('items.merge', { ids }));
  const id = r?.item?.id ?? r?.ids[0];
  if (id != null) openItem(id);
}
