// An archive of N items written straight into SQLite, for what must stay fast at 10,000 items
// (bench/first-screen.ts, test/e2e/large-archive.test.ts): the sample indicator template, and each
// item a meeting with a two-page PDF and a photo row, linked to a leaf indicator (every 20th item
// left in 未归类). Only the rows are written — no stored bytes — so building takes seconds and
// measures nothing of intake.
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { listIndicators, mergeIndicators } from '../../main/archive/indicators-repo';
import { insertItem, upsertBlob } from '../../main/archive/items-repo';
import { readTemplateFile } from '../../main/indicators/template-json';

/** The title of item number n (0-based), as the list shows it. */
export const largeItemTitle = (n: number): string => `第${n + 1}次科普工作推进会`;

/**
 * `oneList`: every item under the first leaf indicator (one list of N, as a browser test wants);
 * else spread over the leaves. `thumbs: false`: no photo claims a thumbnail.
 */
export async function buildLargeArchive(dir: string, n: number, opts: { thumbs?: boolean; oneList?: boolean } = {}): Promise<void> {
  const archive = await Archive.create(dir, { name: '基准', year: 2023, windowStart: '2023-01-01', windowEnd: '2023-12-31' });
  const template = await readTemplateFile(path.resolve(__dirname, '..', '..', 'assets', 'templates', 'kepu-shifan-xian.json'));
  await archive.db.transaction((tx) => mergeIndicators(tx, template.drafts));
  const all = await listIndicators(archive.db);
  const parents = new Set(all.map((i) => i.parentId));
  const leaves = all.filter((i) => !parents.has(i.id));
  const blob = (k: number, type: 'pdf' | 'jpeg') => ({
    sha256: k.toString(16).padStart(63, '0') + (type === 'pdf' ? 'a' : 'b'),
    size: 1000, type, mime: type === 'pdf' ? 'application/pdf' : 'image/jpeg', pages: type === 'pdf' ? 2 : null,
    width: type === 'jpeg' ? 4032 : null, height: type === 'jpeg' ? 3024 : null, orientation: null, exifTime: null,
    // No bytes are stored: a page that would fetch the thumbnail gets a 404 unless told there is none.
    encrypted: false, warning: null, hasThumb: type === 'jpeg' && opts.thumbs !== false, text: null,
  });
  for (let start = 0; start < n; start += 1000) {
    await archive.db.transaction(async (tx) => {
      for (let k = start; k < Math.min(n, start + 1000); k++) {
        const pdf = blob(k, 'pdf');
        const jpg = blob(k, 'jpeg');
        await upsertBlob(tx, pdf);
        await upsertBlob(tx, jpg);
        const day = new Date(Date.UTC(2023, 0, 1 + (k % 360))).toISOString().slice(0, 10);
        await insertItem(
          tx,
          { kind: 'meeting', title: largeItemTitle(k), date: day, participants: 20 + (k % 50) },
          [{ sha256: pdf.sha256, name: '会议通知.pdf', role: 'notice' }, { sha256: jpg.sha256, name: '现场.jpg', role: 'photo' }],
          opts.oneList ? [leaves[0].id] : k % 20 === 0 ? [] : [leaves[k % leaves.length].id],
        );
      }
    });
  }
  await archive.close();
}
