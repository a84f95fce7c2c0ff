// The search index's three tables agree (trigram rows, the character index, the keys), whatever
// is done to items; one- and two-character Han words are looked up in the character index, short
// Latin terms still found by scanning; an archive from before the character index gets it filled.
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { insertItem, upsertBlob, updateItem } from '../../main/archive/items-repo';
import { searchItems } from '../../main/archive/search';
import { purgeTrash } from '../../main/items/trash';
import { trashItems } from '../../main/items/selection';
import { makeArchive, pdfBlob } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { copyAtVersion } from '../helpers/old-schema';

const root = tmpDir('tz-search-index-');

async function counts(a: Archive): Promise<{ rows: number; keys: number; chars: number }> {
  const rows = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search`))!.n;
  const keys = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search_keys`))!.n;
  const chars = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search_chars`))!.n;
  return { rows, keys, chars };
}

async function fill(a: Archive): Promise<number[]> {
  return a.db.transaction(async (tx) => {
    const ids: number[] = [];
    for (let k = 0; k < 30; k++) {
      const sha = k.toString(16).padStart(64, 'c');
      await upsertBlob(tx, { ...pdfBlob(sha), text: k === 7 ? '签到表\n1 县科协 干事 张伟\n2 县科协 干事 王芳\n联系QQ群 12345' : `第${k}次会议纪要，讨论科普工作。` });
      ids.push(await insertItem(tx, { kind: 'meeting', title: `第${k + 1}次推进会`, date: '2023-03-01' }, [{ sha256: sha, name: `纪要${k}.pdf`, role: 'minutes' }], []));
    }
    return ids;
  });
}

test('one- and two-character words, Latin short terms, two words; trashed items left out', async () => {
  const a = await makeArchive(root, 'words');
  const ids = await fill(a);
  const hit = async (q: string) => (await searchItems(a.db, q)).map((h) => h.itemId);
  expect(await hit('张伟')).toEqual([ids[7]]);
  expect(await hit('伟')).toEqual([ids[7]]);
  expect(await hit('qq')).toEqual([ids[7]]);
  expect(await hit('王芳 签到表')).toEqual([ids[7]]);
  expect(await hit('张伟 鲲鹏')).toEqual([]);
  // Best field first: every title says 推进会 (item), only the minutes say 纪要 in a file's name (caption).
  const [first] = await searchItems(a.db, '推进会');
  expect(first).toMatchObject({ itemId: ids[0], field: 'item' });
  const [snip] = await searchItems(a.db, '张伟');
  expect(snip).toMatchObject({ field: 'text' });
  expect(snip.snippet).toContain('张伟');
  await trashItems(a, [ids[7]], 'test');
  expect(await hit('张伟')).toEqual([]);
  await a.close();
});

test('the three tables stay in step through edits, trash and purge', async () => {
  const a = await makeArchive(root, 'step');
  const ids = await fill(a);
  const before = await counts(a);
  expect(before.keys).toBe(before.rows);
  expect(before.chars).toBe(before.rows);
  await a.db.transaction((tx) => updateItem(tx, ids[3], { title: '第四次科普工作推进会（改）' }));
  expect(await counts(a)).toEqual(before);
  expect((await searchItems(a.db, '（改）')).map((h) => h.itemId)).toEqual([ids[3]]);
  await trashItems(a, ids.slice(0, 10), 'test');
  await purgeTrash(a, ids.slice(0, 10));
  const after = await counts(a);
  expect(after.rows).toBeLessThan(before.rows);
  expect(after).toEqual({ rows: after.rows, keys: after.rows, chars: after.rows });
  expect(await searchItems(a.db, '张伟')).toEqual([]);
  await a.close();
});

test('an archive from before the character index (schema 5) gets it filled when opened', async () => {
  const a = await makeArchive(root, 'now');
  const ids = await fill(a);
  await a.close();
  const dir = path.join(root, 'old');
  await copyAtVersion(a.dir, dir, 5);
  const b = await Archive.open(dir);
  const c = await counts(b);
  expect(c.rows).toBeGreaterThanOrEqual(60);
  expect(c.keys).toBe(c.rows);
  expect(c.chars).toBe(c.rows);
  expect((await searchItems(b.db, '张伟')).map((h) => h.itemId)).toEqual([ids[7]]);
  await b.close();
});

test('a phrase wrapped at the end of a printed line, or spaced by the recogniser, is found whole', async () => {
  const a = await makeArchive(root, 'wrapped');
  const id = await a.db.transaction(async (tx) => {
    const sha = 'd'.repeat(64);
    await upsertBlob(tx, { ...pdfBlob(sha), text: '各单位要签订安全目标责任\n书，并于月底前报送。\n附件：安全责任 书。' });
    return insertItem(tx, { kind: 'document', title: '通知', date: '2023-03-01' }, [{ sha256: sha, name: '通知.pdf', role: 'body' }], []);
  });
  for (const q of ['安全目标责任书', '安全责任书', '责任书']) expect({ q, hits: (await searchItems(a.db, q)).map((h) => h.itemId) }).toEqual({ q, hits: [id] });
  await a.close();
});
