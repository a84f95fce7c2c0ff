// 回收站: what is in it, and 彻底删除 — the rows of trashed items go, and with them every stored
// original (and its thumbnail) that no item, in the trash or not, refers to any more. Nothing is
// purged unless the clerk asks. The database is changed first and the files deleted after it
// commits: a crash in between leaves stray originals (verify reports them), never rows without
// their files. Snapshots taken before keep listing the purged files; purged.log says what went.
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { sql, sqlList, type Queryable, type Sql } from '../archive/db';
import { journalPurge } from '../archive/purge-journal';
import type { Archive } from '../archive/archive';
import type { TrashPurgeResult } from '../../shared/api';
import { TaizhangError } from '../../shared/errors';
import { sizeText } from '../../shared/names';

const CHUNK = 500;

async function inChunks<T>(ids: (number | string)[], fn: (list: (number | string)[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

/** Which trashed items a purge takes: these (each must be in the trash), or all of them. */
async function purgeTargets(tx: Queryable, ids: number[] | undefined): Promise<number[]> {
  if (!ids) return (await tx.all<{ id: number }>(sql`SELECT id FROM items WHERE deleted_at IS NOT NULL ORDER BY id`)).map((r) => r.id);
  const wanted = [...new Set(ids)];
  const rows = await inChunks(wanted, (l) => tx.all<{ id: number; deleted_at: string | null }>(sql`SELECT id, deleted_at FROM items WHERE id IN (${sqlList(l)})`));
  const by = new Map(rows.map((r) => [r.id, r]));
  for (const id of wanted) {
    if (!by.has(id)) throw new TaizhangError('NOT_FOUND', `找不到第 ${id} 号材料，它可能已被彻底删除。请刷新回收站后再试。`);
    if (!by.get(id)!.deleted_at) throw new TaizhangError('BAD_INPUT', `第 ${id} 号材料不在回收站中；只能彻底删除回收站里的材料，请先把它删除到回收站。`);
  }
  return wanted;
}

/**
 * 彻底删除. ids: those trashed items, else the whole trash — and then also originals that files
 * taken out of items (files.remove) left unreferenced. Refuses on a read-only archive.
 */
export async function purgeTrash(archive: Archive, ids?: number[], actor = DEFAULT_ACTOR): Promise<TrashPurgeResult> {
  archive.assertWritable();
  // As the archive's one writer: an import must not be about to refer to an original deleted here.
  return archive.writing(async () => {
    const plan = await archive.db.transaction(async (tx) => {
      const items = await purgeTargets(tx, ids);
      const files = await inChunks(items, (l) =>
        tx.all<{ sha256: string; name: string; title: string }>(sql`SELECT f.sha256, f.name, i.title FROM files f JOIN items i ON i.id = f.item_id WHERE f.item_id IN (${sqlList(l)})`),
      );
      for (const del of [
        (l: Sql) => sql`DELETE FROM search WHERE item_id IN (${l})`,
        (l: Sql) => sql`DELETE FROM files WHERE item_id IN (${l})`,
        (l: Sql) => sql`DELETE FROM links WHERE item_id IN (${l})`,
        (l: Sql) => sql`DELETE FROM items WHERE id IN (${l})`,
      ]) {
        await inChunks(items, async (l) => {
          await tx.run(del(sqlList(l)));
          return [];
        });
      }
      const candidates = new Set(files.map((f) => f.sha256));
      if (!ids) {
        for (const r of await tx.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256)`)) candidates.add(r.sha256);
      }
      const gone = await inChunks([...candidates], (l) =>
        tx.all<{ sha256: string; size: number }>(sql`SELECT sha256, size FROM blobs b WHERE sha256 IN (${sqlList(l)})
          AND NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256)`),
      );
      await inChunks(gone.map((g) => g.sha256), async (l) => {
        await tx.run(sql`DELETE FROM blobs WHERE sha256 IN (${sqlList(l)})`);
        return [];
      });
      const bytes = gone.reduce((n, g) => n + g.size, 0);
      const kept = candidates.size - gone.length;
      const message = items.length || gone.length
        ? `已彻底删除 ${items.length} 件材料（${files.length} 个文件），清理了 ${gone.length} 个不再使用的原件，释放 ${sizeText(bytes)}。` +
          (kept ? `另有 ${kept} 个原件仍被其他材料使用，已保留。` : '')
        : '回收站是空的，没有可以彻底删除的材料。';
      if (items.length || gone.length) {
        await logChange(tx, {
          actor: actor || DEFAULT_ACTOR,
          action: 'trash.purge',
          subject: `${items.length} 件材料`,
          detail: { message, items, files: files.length, originals: gone.map((g) => g.sha256), bytes },
        });
      }
      const names = new Map<string, string[]>();
      for (const f of files) {
        const list = names.get(f.sha256) ?? [];
        const label = `${f.name}（${f.title}）`;
        if (!list.includes(label)) list.push(label);
        names.set(f.sha256, list);
      }
      return { items: items.length, files: files.length, gone, bytes, message, names };
    });
    await journalPurge(archive.dir, plan.gone.map((g) => ({ sha256: g.sha256, names: plan.names.get(g.sha256) ?? [] })));
    for (const g of plan.gone) await archive.store.remove(g.sha256);
    return { items: plan.items, files: plan.files, originals: plan.gone.length, bytes: plan.bytes, message: plan.message };
  }, { what: '彻底删除', waitMs: 10_000 });
}
