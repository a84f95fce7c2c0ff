// What the clerk does to files inside items: move them to another item, take them out, put an
// item's files in order, and caption many photos at once. Each is one action (action.ts).
import { sql, type Queryable } from '../archive/db';
import { allIn, reindexItems, runIn } from '../archive/chunks';
import type { Archive } from '../archive/archive';
import { DEFAULT_ACTOR } from '../archive/change-log';
import { TaizhangError } from '../../shared/errors';
import { CAPTION_LABELS, isCaptionedPhoto, type Caption, type FileRole, type FileType } from '../../shared/domain';
import { captionTime } from '../../shared/names';
import { distinct, filesByIds, itemTitle, needLive, renumberFiles, runAction, type ItemsOutcome } from './action';

/** Items with no file left, for the message: they no longer count until a file is added. */
async function emptied(tx: Queryable, ids: number[]): Promise<number> {
  const rows = await allIn<{ id: number }>(tx, ids, (l) => sql`SELECT i.id FROM items i WHERE i.id IN (${l})
    AND NOT EXISTS (SELECT 1 FROM files f WHERE f.item_id = i.id)`);
  return rows.length;
}

const emptiedWords = (n: number) => (n ? `${n} 件材料已没有文件，不再计入；可以补充文件，或把它删除。` : '');

/** Files moved to another item, appended after its files in the order given. */
export function moveFiles(archive: Archive, fileIdsIn: number[], to: number, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const fileIds = distinct(fileIdsIn);
  return runAction(archive, actor, 'file.move', async (tx, scope) => {
    await needLive(tx, [to]);
    const found = await filesByIds(tx, fileIds);
    const sources = distinct(fileIds.map((f) => found.get(f)!.item_id));
    await scope.touch([to, ...sources]);
    const staying = (await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${to} ORDER BY position, id`)).map((r) => r.id).filter((id) => !fileIds.includes(id));
    for (const [i, fileId] of [...staying, ...fileIds].entries()) await tx.run(sql`UPDATE files SET item_id = ${to}, position = ${i} WHERE id = ${fileId}`);
    const left = sources.filter((s) => s !== to);
    for (const s of left) await renumberFiles(tx, s);
    await reindexItems(tx, [to, ...left]);
    const title = await itemTitle(tx, to);
    return {
      ids: [to],
      itemId: to,
      message: `已将 ${fileIds.length} 个文件移到${title}。${emptiedWords(await emptied(tx, left))}`,
      label: `移动 ${fileIds.length} 个文件到${title}`,
      detail: { to, files: fileIds.map((f) => ({ id: f, from: found.get(f)!.item_id, name: found.get(f)!.name })) },
    };
  });
}

/** Files taken out of their items; the stored originals stay until 彻底删除 finds nothing referring to them. */
export function removeFiles(archive: Archive, fileIdsIn: number[], actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const fileIds = distinct(fileIdsIn);
  return runAction(archive, actor, 'file.remove', async (tx, scope) => {
    const found = await filesByIds(tx, fileIds);
    const sources = distinct(fileIds.map((f) => found.get(f)!.item_id));
    await scope.touch(sources);
    await runIn(tx, fileIds, (l) => sql`DELETE FROM files WHERE id IN (${l})`);
    for (const s of sources) await renumberFiles(tx, s);
    await reindexItems(tx, sources);
    return {
      ids: sources,
      itemId: sources.length === 1 ? sources[0] : null,
      message: `已从材料中移除 ${fileIds.length} 个文件（原件仍在档案中，在回收站中彻底删除时才清理不再使用的原件）。${emptiedWords(await emptied(tx, sources))}`,
      label: `移除 ${fileIds.length} 个文件`,
      detail: { files: fileIds.map((f) => ({ id: f, item: found.get(f)!.item_id, name: found.get(f)!.name })) },
    };
  });
}

/** An item's files in this order: every file of the item, each once. */
export function reorderFiles(archive: Archive, id: number, fileIds: number[], actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  return runAction(archive, actor, 'file.reorder', async (tx, scope) => {
    await needLive(tx, [id]);
    const now = (await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${id} ORDER BY position, id`)).map((r) => r.id);
    const given = new Set(fileIds);
    if (given.size !== fileIds.length || fileIds.length !== now.length || now.some((f) => !given.has(f))) {
      throw new TaizhangError('BAD_INPUT', `排序须列出第 ${id} 号材料的全部 ${now.length} 个文件，每个一次。请刷新后再试。`);
    }
    const title = await itemTitle(tx, id);
    if (now.every((f, i) => fileIds[i] === f)) return { ids: [id], itemId: id, message: '文件顺序没有改变。', label: '', changed: false };
    await scope.touch([id]);
    await renumberFiles(tx, id, fileIds);
    return { ids: [id], itemId: id, message: `已调整${title}中文件的顺序。`, label: `调整${title}的文件顺序`, detail: { files: fileIds } };
  });
}

export interface CaptionOptions {
  /** Write over fields already filled; otherwise only empty fields are filled. */
  overwrite?: boolean;
  /** 时间 from the photo's EXIF time, where it has one. */
  timeFromExif?: boolean;
}

export interface CaptionOutcome extends ItemsOutcome {
  /** Files that got at least one field. */
  filled: number;
  /** Files where at least one given field was already filled and kept. */
  kept: number;
}

type CaptionRow = { id: number; item_id: number; role: FileRole; type: FileType; exif_time: string | null } & Record<`caption_${keyof Caption}`, string>;

/** Captions for many photos at once; a field already filled is kept unless overwrite; files that are no photos are left alone. */
export async function captionFiles(archive: Archive, fileIdsIn: number[], caption: Partial<Caption>, opts: CaptionOptions = {}, actor = DEFAULT_ACTOR): Promise<CaptionOutcome> {
  const fileIds = distinct(fileIdsIn);
  // An empty field given is not written, even with overwrite: a form sent with its blank fields
  // must not wipe what each photo already says (clearing is done photo by photo).
  const fields = (Object.keys(CAPTION_LABELS) as (keyof Caption)[]).filter((k) => (caption[k] ?? '').trim() !== '');
  if (!fields.length && !opts.timeFromExif) throw new TaizhangError('BAD_INPUT', `请至少填写一项说明（${Object.values(CAPTION_LABELS).join('、')}），或选择从照片读取拍摄时间。`);
  let filled = 0;
  let kept = 0;
  const o = await runAction(archive, actor, 'file.caption', async (tx, scope) => {
    const found = await filesByIds(tx, fileIds);
    const rows = await allIn<CaptionRow>(tx, fileIds, (l) => sql`SELECT f.*, b.type, b.exif_time FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id IN (${l})`);
    await scope.touch(distinct(fileIds.map((f) => found.get(f)!.item_id)));
    const changedItems = new Set<number>();
    let noExif = 0;
    // A caption is what the dossier prints under a photo: a scan or a document gets none.
    const photos = rows.filter((r) => isCaptionedPhoto(r));
    const notPhotos = rows.length - photos.length;
    for (const r of photos) {
      const want: Partial<Caption> = {};
      for (const k of fields) want[k] = caption[k]!.trim();
      if (opts.timeFromExif) {
        if (r.exif_time) want.time = captionTime(r.exif_time);
        else noExif++;
      }
      const write: Partial<Caption> = {};
      let keptHere = false;
      for (const k of Object.keys(want) as (keyof Caption)[]) {
        const cur = r[`caption_${k}`];
        if (cur === want[k]) continue;
        if (cur.trim() !== '' && !opts.overwrite) keptHere = true;
        else write[k] = want[k];
      }
      if (keptHere) kept++;
      const keys = Object.keys(write) as (keyof Caption)[];
      if (!keys.length) continue;
      filled++;
      changedItems.add(r.item_id);
      const c = { ...Object.fromEntries((Object.keys(CAPTION_LABELS) as (keyof Caption)[]).map((k) => [k, r[`caption_${k}`]])), ...write } as Caption;
      await tx.run(sql`UPDATE files SET caption_title = ${c.title}, caption_time = ${c.time}, caption_place = ${c.place},
        caption_people = ${c.people}, caption_subject = ${c.subject}, caption_photographer = ${c.photographer} WHERE id = ${r.id}`);
    }
    await reindexItems(tx, [...changedItems]);
    const exifNote = noExif ? `${noExif} 张照片没有拍摄时间信息，时间未填。` : '';
    const otherNote = notPhotos ? `${notPhotos} 个文件不是照片，未填写。` : '';
    const keptNote = kept ? `${kept} 张照片原有的内容已保留${opts.overwrite ? '' : '（未选择覆盖）'}。` : '';
    const message = `${filled ? `已为 ${filled} 张照片填写说明。` : '没有需要填写的说明。'}${keptNote}${exifNote}${otherNote}`;
    return {
      ids: [...changedItems],
      itemId: changedItems.size === 1 ? [...changedItems][0] : null,
      message,
      label: `为 ${filled} 张照片填写说明`,
      detail: { files: fileIds, fields, overwrite: !!opts.overwrite, timeFromExif: !!opts.timeFromExif, filled, kept },
      changed: filled > 0,
    };
  });
  return { ...o, filled, kept };
}
