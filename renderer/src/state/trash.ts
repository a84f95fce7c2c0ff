// The trash: moving items there (with 撤销 in a notice and Ctrl+Z right after), taking them back,
// and 彻底删除 — only ever after the clerk confirmed in the dialog that names what goes.
import type { TrashPurgeResult } from '../../../shared/api';
import { call } from '../api/client';
import { toast } from '../components';
import { app, failed, mayEdit, reloadItems, reloadTree } from './app-state';
import { forgetUndo, offerUndo, undoLatest } from './selection';

export async function trashItems(ids: number[]): Promise<void> {
  if (ids.length === 0 || !mayEdit()) return;
  try {
    await call('items.trash', { ids });
  } catch (e) {
    failed(e);
    return;
  }
  const s = app.get();
  const title = ids.length === 1 ? s.items?.find((i) => i.id === ids[0])?.title : undefined;
  if (s.current != null && ids.includes(s.current)) app.set({ current: null });
  app.set((st) => ({ selected: [], items: st.items?.filter((i) => !ids.includes(i.id)) ?? null }));
  offerUndo(title ? `已将《${title}》移到回收站。` : `已将 ${ids.length} 件材料移到回收站。`, 'info');
  void reloadTree();
  void reloadItems();
}

/** Ctrl+Z: undoes the latest recent action (a move to the trash, or an action on a selection). */
export function undoTrash(): Promise<boolean> {
  return undoLatest();
}

/** Takes items back out of the trash. */
export async function restoreItems(ids: number[]): Promise<void> {
  if (ids.length === 0 || !mayEdit()) return;
  const title = ids.length === 1 ? app.get().items?.find((i) => i.id === ids[0])?.title : undefined;
  try {
    await call('items.restore', { ids });
  } catch (e) {
    failed(e);
    return;
  }
  offerUndo(title ? `已恢复《${title}》。` : `已恢复 ${ids.length} 件材料。`);
  // Restored from the 回收站 list: they leave it, and the editor with them.
  const st = app.get();
  if (st.view?.kind === 'trash' && st.current != null && ids.includes(st.current)) app.set({ current: null });
  void reloadTree();
  await reloadItems();
}

/** What 彻底删除 would remove (ids, or the whole trash): the service's own figures, nothing deleted. */
export function purgePreview(ids: number[] | null): Promise<TrashPurgeResult> {
  return call('trash.purge', ids ? { ids, dryRun: true } : { dryRun: true });
}

/** 彻底删除 after the clerk confirmed: ids, or everything in the trash. */
export async function purgeTrash(ids: number[] | null): Promise<TrashPurgeResult | null> {
  if (!mayEdit()) return null;
  let r: TrashPurgeResult;
  try {
    r = await call('trash.purge', ids ? { ids } : {});
  } catch (e) {
    failed(e);
    return null;
  }
  forgetUndo();
  toast(r.message, { kind: 'success' });
  app.set({ selected: [], current: null });
  void reloadTree();
  await reloadItems();
  return r;
}
