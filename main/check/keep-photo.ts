// Resolving 一图多用 in one action: the clerk picks the copy to keep; every other copy (the same
// bytes, or a near-identical image of the same group) leaves the other items. The stored
// originals stay; the change log keeps what was removed, with its captions.
import type { Archive } from '../archive/archive';
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { listItems, removeFileRows } from '../archive/items-repo';
import { TaizhangError } from '../../shared/errors';
import { findReuse } from './reuse';
import { photoHashes } from './photo-hash';
import { itemName } from './judge-target';

export interface KeepOutcome {
  keptItem: number;
  removed: { item: number; file: number; name: string }[];
  /** Items left without a file: they no longer count (their participants and dates with them). */
  emptied: { item: number; title: string }[];
  message: string;
}

export async function keepOnlyCopy(archive: Archive, fileId: number, actor = DEFAULT_ACTOR): Promise<KeepOutcome> {
  archive.assertWritable();
  const items = await listItems(archive.db);
  const owner = items.find((i) => i.files.some((f) => f.id === fileId));
  if (!owner) throw new TaizhangError('NOT_FOUND', `找不到第 ${fileId} 号文件（或它所在的材料已在回收站中）。请重新自查后再选。`);
  const file = owner.files.find((f) => f.id === fileId)!;
  const group = findReuse(items, await photoHashes(archive)).find((g) => g.copies.some((c) => c.file.sha256 === file.sha256));
  if (!group) throw new TaizhangError('BAD_INPUT', `“${file.name}”没有用在其他材料中，不需要处理。`);
  const shas = new Set(group.copies.map((c) => c.file.sha256));
  const drop = items.filter((i) => i.id !== owner.id).flatMap((i) => i.files.filter((f) => shas.has(f.sha256)).map((f) => ({ item: i, file: f })));
  const emptied = [...new Set(drop.map((d) => d.item))].filter((i) => i.files.every((f) => shas.has(f.sha256)));
  const message =
    `已把“${file.name}”只保留在${itemName(owner)}中，从其他 ${new Set(drop.map((d) => d.item.id)).size} 件材料中移除 ${drop.length} 张照片（原件仍在档案中）。` +
    (emptied.length ? `${emptied.map(itemName).join('、')}已没有文件，不再计入；其中填写的参与人数等请改填到保留照片的材料上，或删除该件。` : '');
  await archive.db.transaction(async (tx) => {
    const removed = await removeFileRows(tx, drop.map((d) => d.file.id));
    await logChange(tx, { actor: actor || DEFAULT_ACTOR, action: 'file.remove', subject: file.name, detail: { message, kept: { item: owner.id, file: fileId }, removed } });
  });
  return {
    keptItem: owner.id,
    removed: drop.map((d) => ({ item: d.item.id, file: d.file.id, name: d.file.name })),
    emptied: emptied.map((i) => ({ item: i.id, title: i.title })),
    message,
  };
}
