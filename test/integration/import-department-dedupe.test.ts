// A department's account importing on the LAN (review of issue 15): a file whose bytes another
// department already submitted must become the importer's own new item — never link the other
// department's item to the importer's indicator, nor name it in the report.
import path from 'node:path';
import { importPaths } from '../../main/intake/import';
import { sql } from '../../main/archive/db';
import { ensureDepartment } from '../../main/collect/departments';
import { makeJpeg } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';

jest.setTimeout(120_000);

const root = tmpDir('tz-dept-dedupe-');

test('the same photo uploaded by a second department is its own item; the first department’s item is left alone', async () => {
  const a = await makeArchive(root, '档案', ['2023-01-01', '2023-12-31']);
  try {
    const photo = path.join(root, 'in', 'IMG_1.jpg');
    await makeJpeg(photo, { width: 64, height: 48, seed: 5 });
    const first = await importPaths(a, [photo], { indicatorCode: '1.1' });
    expect(first.itemIds).toHaveLength(1);
    const [theirs] = first.itemIds;
    await a.db.transaction(async (tx) => {
      const dep = await ensureDepartment(tx, '县卫健委');
      await ensureDepartment(tx, '县科协');
      await tx.run(sql`UPDATE items SET submitted_by = ${dep}, review = 'accepted' WHERE id = ${theirs}`);
    });

    const second = await importPaths(a, [photo], { indicatorCode: '1.2', department: '县科协' });
    expect(second.linkedExisting).toBe(0);
    expect(second.duplicateFiles).toEqual([]);
    expect(second.itemIds).toHaveLength(1);
    expect(second.itemIds[0]).not.toBe(theirs);
    const links = await a.db.all<{ code: string }>(
      sql`SELECT n.code FROM links l JOIN indicators n ON n.id = l.indicator_id WHERE l.item_id = ${theirs}`,
    );
    expect(links.map((l) => l.code)).toEqual(['1.1']);
    // Stored once all the same.
    expect((await a.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM blobs`))!.n).toBe(1);
  } finally {
    await a.close();
  }
});
