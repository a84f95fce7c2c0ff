// 合并 and 拆分: a folder cut into one item per file becomes one item again, and three monthly
// meetings filed as one become three. Each is one action (action.ts), undone as one.
import { sql, type Queryable } from '../archive/db';
import { reindexItem } from '../archive/search';
import { linkItem, trashItem } from '../archive/items-repo';
import type { Archive } from '../archive/archive';
import { DEFAULT_ACTOR } from '../archive/change-log';
import { TaizhangError } from '../../shared/errors';
import { distinct, filesByIds, itemTitle, needLive, renumberFiles, runAction, type ItemsOutcome } from './action';

async function fileIdsOf(tx: Queryable, itemId: number): Promise<number[]> {
  return (await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${itemId} ORDER BY position, id`)).map((r) => r.id);
}

/**
 * Merged into the first: its files, then each other item's files in the order the items are
 * given; the first item's metadata; the links of all of them. The others go to the trash, empty.
 */
export function mergeItems(archive: Archive, idsIn: number[], actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  if (ids.length < 2) throw new TaizhangError('BAD_INPUT', '合并至少要选两件不同的材料。');
  const [target, ...others] = ids;
  return runAction(archive, actor, 'item.merge', async (tx, scope) => {
    await needLive(tx, ids);
    await scope.touch(ids);
    const order = await fileIdsOf(tx, target);
    for (const id of others) order.push(...(await fileIdsOf(tx, id)));
    for (const [i, fileId] of order.entries()) await tx.run(sql`UPDATE files SET item_id = ${target}, position = ${i} WHERE id = ${fileId}`);
    for (const id of others) {
      const links = await tx.all<{ indicator_id: number }>(sql`SELECT indicator_id FROM links WHERE item_id = ${id} ORDER BY rowid`);
      for (const l of links) await linkItem(tx, target, l.indicator_id);
    }
    for (const id of others) {
      await trashItem(tx, id);
      await reindexItem(tx, id);
    }
    await reindexItem(tx, target);
    const title = await itemTitle(tx, target);
    return {
      ids: [target],
      itemId: target,
      message: `已将 ${ids.length} 件材料合并为${title}，共 ${order.length} 个文件；其余 ${others.length} 件已没有文件，移到了回收站。`,
      label: `合并 ${ids.length} 件材料为${title}`,
      detail: { into: target, merged: others, files: order },
    };
  });
}

/**
 * These files out of the item into a new item beside it: the same metadata and links (placed
 * right after the old item under each indicator), the title given or the old one. 参与人数 is
 * not copied: counted twice it would inflate the indicator's total.
 */
export function splitItem(archive: Archive, id: number, fileIdsIn: number[], title?: string, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const fileIds = distinct(fileIdsIn);
  return runAction(archive, actor, 'item.split', async (tx, scope) => {
    await needLive(tx, [id]);
    const found = await filesByIds(tx, fileIds);
    const stranger = fileIds.find((f) => found.get(f)!.item_id !== id);
    if (stranger != null) throw new TaizhangError('BAD_INPUT', `第 ${stranger} 号文件不在第 ${id} 号材料中，只能拆分同一件材料里的文件。`);
    const all = await fileIdsOf(tx, id);
    if (fileIds.length >= all.length) throw new TaizhangError('BAD_INPUT', '不能把一件材料的全部文件都拆出去；要整件换到别的指标，请用“归到指标”。');
    await scope.touch([id]);
    const res = await tx.run(sql`INSERT INTO items (kind, title, title_supplied, date, location, responsible, doc_number, participants,
        description, department, secrecy, retention, source, created_at)
      SELECT kind, coalesce(${title?.trim() || null}, title), title_supplied, date, location, responsible, doc_number, NULL,
        description, department, secrecy, retention, source, ${new Date().toISOString()} FROM items WHERE id = ${id}`);
    const newId = res.lastID;
    scope.created(newId);
    const links = await tx.all<{ indicator_id: number; position: number }>(sql`SELECT indicator_id, position FROM links WHERE item_id = ${id} ORDER BY rowid`);
    for (const l of links) {
      await tx.run(sql`UPDATE links SET position = position + 1 WHERE indicator_id = ${l.indicator_id} AND position > ${l.position}`);
      await tx.run(sql`INSERT INTO links (item_id, indicator_id, position) VALUES (${newId}, ${l.indicator_id}, ${l.position + 1})`);
    }
    const moving = all.filter((f) => fileIds.includes(f));
    for (const [i, fileId] of moving.entries()) await tx.run(sql`UPDATE files SET item_id = ${newId}, position = ${i} WHERE id = ${fileId}`);
    await renumberFiles(tx, id);
    await reindexItem(tx, id);
    await reindexItem(tx, newId, { fresh: true });
    const from = await itemTitle(tx, id);
    const made = await itemTitle(tx, newId);
    return {
      ids: [newId],
      itemId: newId,
      message: `已从${from}拆出 ${moving.length} 个文件，成为新的一件材料${made}（第 ${newId} 号），指标和著录信息与原件相同；参与人数未复制，如有请另行填写。`,
      label: `从${from}拆出 ${moving.length} 个文件`,
      detail: { from: id, files: moving },
    };
  });
}
