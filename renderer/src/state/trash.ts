// Moving items to the trash, with 撤销 in a toast and Ctrl+Z right after.
import { call } from '../api/client';
import { dismissToast, toast } from '../components';
import { app, failed, mayEdit, reloadItems, reloadTree } from './app-state';

/** How long Ctrl+Z still undoes the last move to the trash. */
const UNDO_MS = 30_000;
let last: { ids: number[]; at: number; toastId: number } | null = null;

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
  const entry = { ids, at: Date.now(), toastId: 0 };
  // The notice's 撤销 undoes this move, even when another came after it.
  entry.toastId = toast(title ? `已将《${title}》移到回收站。` : `已将 ${ids.length} 件材料移到回收站。`, {
    kind: 'info',
    timeout: UNDO_MS,
    action: { label: '撤销', onClick: () => void undo(entry) },
  });
  last = entry;
  void reloadTree();
  void reloadItems();
}

/** Undoes the last move to the trash if it was recent; returns whether there was one. */
export async function undoTrash(): Promise<boolean> {
  const l = last;
  if (!l || Date.now() - l.at > UNDO_MS || !mayEdit()) return false;
  await undo(l);
  return true;
}

async function undo(l: { ids: number[]; toastId: number }): Promise<void> {
  if (last === l) last = null;
  dismissToast(l.toastId);
  await restoreItems(l.ids, false);
  app.set({ selected: l.ids, current: l.ids[0] ?? null });
}

/** Takes items back out of the trash. */
export async function restoreItems(ids: number[], say = true): Promise<void> {
  if (ids.length === 0 || !mayEdit()) return;
  const title = ids.length === 1 ? app.get().items?.find((i) => i.id === ids[0])?.title : undefined;
  try {
    await call('items.restore', { ids });
  } catch (e) {
    failed(e);
    return;
  }
  if (say) toast(title ? `已恢复《${title}》。` : `已恢复 ${ids.length} 件材料。`, { kind: 'success' });
  void reloadTree();
  await reloadItems();
}
