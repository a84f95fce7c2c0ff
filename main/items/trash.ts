// 回收站: what is in it, and 彻底删除 — the rows of trashed items go, and with them every stored
// original (and its thumbnail) that no item, in the trash or not, refers to any more. Nothing is
// purged unless the clerk asks. The database is changed first and the files deleted after it
// commits: a crash in between leaves stray originals (verify reports them), never rows without
// their files. Snapshots taken before keep listing the purged files; purged.log says what went.
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { sql, type Queryable } from '../archive/db';
import { allIn, runIn } from '../archive/chunks';
import { dropSearchRows } from '../archive/search';
import { byTrash } from './action';
import { journalPurge } from '../archive/purge-journal';
import { journalNames } from '../archive/import-journal';
import type { Archive } from '../archive/archive';
import type { TrashPurgeResult } from '../../shared/api';
import { TaizhangError } from '../../shared/errors';
import { sizeText } from '../../shared/names';

/** Which trashed items a purge takes: these (each must be in the trash), or all of them. */
async function purgeTargets(tx: Queryable, ids: number[] | undefined): Promise<number[]> {
  if (!ids) return (await tx.all<{ id: number }>(sql`SELECT id FROM items WHERE deleted_at IS NOT NULL ORDER BY id`)).map((r) => r.id);
  const wanted = [...new Set(ids)];
  const { live } = await byTrash(tx, wanted);
  if (live.length) throw new TaizhangError('BAD_INPUT', `第 ${live[0]} 号材料不在回收站中；只能彻底删除回收站里的材料，请先把它删除到回收站。`);
  return wanted;
}

/** Carries a dry run's figures out of the transaction it rolls back. */
class DryRun extends Error {
  constructor(readonly result: TrashPurgeResult) {
    super('dry run');
  }
}

/**
 * 彻底删除. ids: those trashed items, else the whole trash — and then also originals that files
 * taken out of items (files.remove) left unreferenced. Refuses on a read-only archive.
 * dryRun: the same work in a transaction that is rolled back, so the confirmation names exactly
 * what would go (items, files, originals and bytes freed), and nothing is deleted.
 */
/**
 * An original (`blobs b`) no file refers to, nor an earlier version of an item (a department's
 * corrected submission replaced it; the history keeps its files).
 */
const UNUSED = sql`NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256)
  AND NOT EXISTS (SELECT 1 FROM item_versions v WHERE instr(v.snapshot, b.sha256) > 0)`;

export async function purgeTrash(archive: Archive, ids?: number[], actor = DEFAULT_ACTOR, dryRun = false): Promise<TrashPurgeResult> {
  archive.assertWritable();
  // As the archive's one writer: an import must not be about to refer to an original deleted here.
  return archive.writing(async () => {
    const plan = await archive.db.transaction(async (tx) => {
      const items = await purgeTargets(tx, ids);
      const files = await allIn<{ sha256: string; name: string; title: string }>(tx, items, (l) =>
        sql`SELECT f.sha256, f.name, i.title FROM files f JOIN items i ON i.id = f.item_id WHERE f.item_id IN (${l})`);
      await dropSearchRows(tx, items);
      await runIn(tx, items, (l) => sql`DELETE FROM files WHERE item_id IN (${l})`);
      await runIn(tx, items, (l) => sql`DELETE FROM links WHERE item_id IN (${l})`);
      await runIn(tx, items, (l) => sql`DELETE FROM items WHERE id IN (${l})`);
      const candidates = new Set(files.map((f) => f.sha256));
      if (!ids) {
        for (const r of await tx.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs b WHERE ${UNUSED}`)) candidates.add(r.sha256);
      }
      const gone = await allIn<{ sha256: string; size: number }>(tx, [...candidates], (l) => sql`SELECT sha256, size FROM blobs b
        WHERE sha256 IN (${l}) AND ${UNUSED}`);
      await runIn(tx, gone.map((g) => g.sha256), (l) => sql`DELETE FROM blobs WHERE sha256 IN (${l})`);
      const bytes = gone.reduce((n, g) => n + g.size, 0);
      const kept = candidates.size - gone.length;
      const freed = gone.length ? `从档案中删除${dryRun ? '' : '了'} ${gone.length} 个不再使用的原件，释放 ${sizeText(bytes)}` : '';
      const message = items.length
        ? `${dryRun ? '将' : '已'}彻底删除 ${items.length} 件材料${files.length ? `（${files.length} 个文件）` : ''}${freed ? `，${freed}` : ''}${kept ? `；另有 ${kept} 个原件仍被其他材料使用，${dryRun ? '会' : '已'}保留` : ''}。`
        : gone.length
          ? `回收站是空的；${dryRun ? '将' : ''}${freed}（此前从材料中移除的文件）。`
          : '回收站是空的，没有可以彻底删除的材料。';
      if (dryRun) throw new DryRun({ items: items.length, files: files.length, originals: gone.length, bytes, message });
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
    }).catch((e: unknown) => {
      if (e instanceof DryRun) return e;
      throw e;
    });
    if (plan instanceof DryRun) return plan.result;
    // Files taken out of items earlier are named by the import journal, not by the purged rows.
    const unnamed = new Set(plan.gone.map((g) => g.sha256).filter((s) => !plan.names.has(s)));
    for (const [sha, names] of await journalNames(archive.dir, unnamed)) plan.names.set(sha, names);
    await journalPurge(archive.dir, plan.gone.map((g) => ({ sha256: g.sha256, names: plan.names.get(g.sha256) ?? [] })));
    let stuck = 0;
    let stuckBytes = 0;
    for (const g of plan.gone) {
      // The rows are gone already: a file the disk refuses to delete is only space, not a loss.
      await archive.store.remove(g.sha256).catch(() => {
        stuck++;
        stuckBytes += g.size;
      });
    }
    const message = stuck ? `${plan.message}其中 ${stuck} 个原件未能从磁盘上删除（没有权限或正被其他程序打开），仍占用空间，但不影响档案（verify 会把它们列为未登记的文件）。` : plan.message;
    return { items: plan.items, files: plan.files, originals: plan.gone.length - stuck, bytes: plan.bytes - stuckBytes, message };
  }, { what: '彻底删除', waitMs: 10_000 });
}
