// An import killed half-way (the clerk pulls the plug) must leave a consistent archive:
// no item without its files, no half-written file in the store, and a re-run finishes the job.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Archive, DB_NAME } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { hashFile } from '../../main/archive/store';
import { verifyArchive } from '../../main/archive/verify';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { spawnCli } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-kill-');
const N = 36;

function countItems(file: string): Promise<number> {
  return new Promise((resolve) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return resolve(0);
      db.get('SELECT count(*) AS n FROM items', (e: Error | null, row: { n: number } | undefined) => db.close(() => resolve(e ? 0 : (row?.n ?? 0))));
    });
  });
}

test('a killed import leaves a consistent archive and a second run completes it', async () => {
  const folder = path.join(root, '召开工作推进会');
  for (let i = 0; i < N; i++) {
    await makeJpeg(path.join(folder, `2023-03-${String((i % 28) + 1).padStart(2, '0')} 现场照片${i}.jpg`), { width: 3000, height: 2250, seed: 500 + i, exifTime: '2023:03:08 10:00:00' });
  }
  const archive = await makeArchive(root, 'archive');
  const dir = archive.dir;
  await archive.close();

  const child = spawnCli(['import', dir, folder, '--json']);
  let exited = false;
  child.on('exit', () => (exited = true));
  let seen = 0;
  while (!exited && seen < 4) {
    await new Promise((r) => setTimeout(r, 25));
    seen = await countItems(path.join(dir, DB_NAME));
  }
  child.kill('SIGKILL');
  await new Promise((r) => (exited ? r(null) : child.on('exit', r)));
  expect(seen).toBeGreaterThanOrEqual(4);

  const a = await Archive.open(dir);
  const committed = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`))!.n;
  expect(committed).toBeLessThan(N); // it really was interrupted
  expect(await a.db.get(sql`SELECT count(*) AS n FROM items i WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.item_id = i.id)`)).toEqual({ n: 0 });
  expect((await verifyArchive(a)).problems).toEqual([]);
  // Whatever reached files/ is complete: its name is its hash.
  for (const sha of await a.store.list()) expect((await hashFile(a.store.abs(`files/${sha.slice(0, 2)}/${sha}`))).sha256).toBe(sha);

  const rest = await importPaths(a, [folder]);
  expect(rest.items).toBe(N - committed);
  expect((await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`))!.n).toBe(N);
  expect((await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM files`))!.n).toBe(N);
  expect((await verifyArchive(a)).ok).toBe(true);
  await a.close();
  expect(fs.existsSync(path.join(dir, 'files'))).toBe(true);
});
