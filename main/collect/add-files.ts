// Files added to an existing item: the photos a phone uploads into an item on the LAN (its QR
// code opens the page). Stored and probed as the import does (the same store and probe), then
// appended after the item's files, each file once.
import path from 'node:path';
import type { Archive } from '../archive/archive';
import { sql } from '../archive/db';
import { logChange } from '../archive/change-log';
import { upsertBlob, type BlobInfo } from '../archive/items-repo';
import { reindexItem } from '../archive/search';
import { journalImports } from '../archive/import-journal';
import { probeBlob } from '../intake/import';
import { guessRole } from '../intake/roles';
import { TaizhangError } from '../../shared/errors';
import type { FileType } from '../../shared/domain';

export interface AddFilesReport {
  added: number;
  /** Files the item already held (the same bytes): not added twice. */
  already: number;
}

export async function addFiles(archive: Archive, itemId: number, paths: string[], actor: string): Promise<AddFilesReport> {
  return archive.writing(async () => {
    const item = await archive.db.get<{ title: string; deleted_at: string | null }>(sql`SELECT title, deleted_at FROM items WHERE id = ${itemId}`);
    if (!item) throw new TaizhangError('NOT_FOUND', `找不到第 ${itemId} 号材料，它可能已被彻底删除。`);
    if (item.deleted_at) throw new TaizhangError('BAD_INPUT', `第 ${itemId} 号材料在回收站中，请先还原再添加文件。`);
    const held = new Set((await archive.db.all<{ sha256: string }>(sql`SELECT sha256 FROM files WHERE item_id = ${itemId}`)).map((r) => r.sha256));
    const fresh: { sha256: string; name: string; source: string; type: FileType; blob: BlobInfo | null }[] = [];
    let already = 0;
    for (const p of paths) {
      const put = await archive.store.put(p);
      if (held.has(put.sha256)) {
        already++;
        continue;
      }
      held.add(put.sha256);
      const known = await archive.db.get<{ type: FileType }>(sql`SELECT type FROM blobs WHERE sha256 = ${put.sha256}`);
      const blob = known ? null : await probeBlob(archive, put.sha256, put.size, put.rel, path.basename(p));
      fresh.push({ sha256: put.sha256, name: path.basename(p), source: p, type: known?.type ?? blob!.type, blob });
    }
    if (fresh.length) {
      await archive.db.transaction(async (tx) => {
        let position = (await tx.get<{ n: number }>(sql`SELECT coalesce(max(position), -1) + 1 AS n FROM files WHERE item_id = ${itemId}`))!.n;
        for (const f of fresh) {
          if (f.blob) await upsertBlob(tx, f.blob);
          await tx.run(sql`INSERT INTO files (item_id, sha256, name, role, position, source)
            VALUES (${itemId}, ${f.sha256}, ${f.name}, ${guessRole(f.name, f.type)}, ${position++}, ${f.source})`);
        }
        await reindexItem(tx, itemId);
        await logChange(tx, {
          actor,
          action: 'files.add',
          subject: String(itemId),
          detail: { message: `向“${item.title}”添加了 ${fresh.length} 个文件`, files: fresh.map((f) => f.name) },
        });
      });
      await journalImports(archive.dir, fresh.map((f) => ({ sha256: f.sha256, name: f.name, source: f.source, item: item.title })));
    }
    return { added: fresh.length, already };
  }, { what: '添加文件', waitMs: 3000 });
}
