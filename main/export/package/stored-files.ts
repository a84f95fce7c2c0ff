// Where the package reads each stored file from, checked before any byte is copied. An original
// that is missing, a link or not a regular file stops the export with its name: a package sent
// to the inspectors must neither miss evidence silently nor carry what a link points to. A
// thumbnail is only a cache: a damaged one is made again from its original (into the work
// folder — an export only reads the archive), and left out with a warning when that fails.
import path from 'node:path';
import type { Archive } from '../../archive/archive';
import { makeThumbnail } from '../../intake/probe';
import { mapLimit, throwIfCancelled } from '../../jobs/cancel';
import { TaizhangError } from '../../../shared/errors';
import type { Item, StoredFile } from '../../../shared/domain';

export interface Warning {
  path: string;
  reason: string;
}

/** Thumbnails made again at once (sharp decodes on the libuv pool). */
const THUMB_CONCURRENCY = 2;

/**
 * Checked absolute paths by store-relative path (files/… and thumbs/…) for the items' files; a
 * thumbnail that could not be had is absent. Throws DAMAGED for an original.
 */
export async function storedSources(archive: Archive, items: Item[], work: string, warnings: Warning[], signal?: AbortSignal): Promise<Map<string, string>> {
  const abs = new Map<string, string>();
  const lostThumbs: { file: StoredFile; item: Item }[] = [];
  for (const item of items) {
    for (const f of item.files) {
      throwIfCancelled(signal);
      if (!abs.has(f.storePath)) {
        try {
          abs.set(f.storePath, await archive.store.checkedAbs(f.storePath));
        } catch (e) {
          const why = e instanceof TaizhangError ? e.message : String(e);
          throw new TaizhangError('DAMAGED', `材料包未生成：“${item.title}”的文件“${f.name}”无法读取——${why}`);
        }
      }
      if (f.thumbPath && !abs.has(f.thumbPath) && !lostThumbs.some((l) => l.file.thumbPath === f.thumbPath)) {
        const thumb = await archive.store.checkedAbs(f.thumbPath).catch(() => null);
        if (thumb) abs.set(f.thumbPath, thumb);
        else lostThumbs.push({ file: f, item });
      }
    }
  }
  const failed: string[] = [];
  await mapLimit(lostThumbs, THUMB_CONCURRENCY, async ({ file, item }) => {
    throwIfCancelled(signal);
    const out = path.join(work, 'thumbs', `${file.sha256}.jpg`);
    if (await makeThumbnail(abs.get(file.storePath)!, out)) abs.set(file.thumbPath!, out);
    else failed.push(`${item.title} / ${file.name}`);
  });
  const remade = lostThumbs.length - failed.length;
  if (remade) warnings.push({ path: '缩略图', reason: `档案中有 ${remade} 张缩略图缺失或已损坏，材料包中已从原件重新生成；请运行 taizhang verify 检查档案` });
  for (const p of failed) warnings.push({ path: p, reason: '缩略图缺失或已损坏，也无法从原件重新生成，材料包中没有这张缩略图' });
  return abs;
}
