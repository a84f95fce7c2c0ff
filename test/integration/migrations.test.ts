// One test per migration: an archive written at the previous version opens, is migrated in
// place, and keeps its data.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Archive, DB_NAME } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { listItems } from '../../main/archive/items-repo';
import { APPLICATION_ID } from '../../main/archive/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../main/archive/migrations';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-migrate-');

function exec(file: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(text, (err) => db.close(() => (err ? reject(err) : resolve())));
    });
  });
}

/** An archive as the given schema version wrote it. */
async function archiveAt(version: number, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, DB_NAME);
  for (const m of MIGRATIONS.slice(0, version)) await exec(file, m.up);
  await exec(file, `PRAGMA user_version = ${version}; PRAGMA application_id = ${APPLICATION_ID};
    INSERT INTO campaign (id, name, created_at) VALUES (1, '旧档案', '2023-01-01T00:00:00Z');
    INSERT INTO blobs (sha256, size, type, stored_at) VALUES ('${'e'.repeat(64)}', 1, 'pdf', '2023-01-01');
    INSERT INTO items (id, kind, title, date, created_at) VALUES (7, 'meeting', '第一次推进会', '2023-03-08', '2023-01-01');
    INSERT INTO files (item_id, sha256, name, role, position) VALUES (7, '${'e'.repeat(64)}', 'a.pdf', 'body', 0);`);
}

test('the migrations are numbered 1..N without gaps', () => {
  expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
});

test('002 title-supplied: a version-1 archive gains the flag, unset, and keeps its items', async () => {
  const dir = path.join(root, 'v1');
  await archiveAt(1, dir);
  const a = await Archive.open(dir);
  const items = await listItems(a.db);
  expect(items.map((i) => [i.id, i.title, i.titleSupplied, i.files.length])).toEqual([[7, '第一次推进会', false, 1]]);
  expect((await a.campaign()).name).toBe('旧档案');
  await a.close();
});

test('003 settings and change log: a version-2 archive gains both tables, empty, and keeps its items', async () => {
  const dir = path.join(root, 'v2');
  await archiveAt(2, dir);
  const a = await Archive.open(dir);
  expect(await a.db.all(sql`SELECT * FROM settings`)).toEqual([]);
  expect(await a.db.all(sql`SELECT * FROM change_log`)).toEqual([]);
  expect((await listItems(a.db, {})).map((i) => i.title)).toEqual(['第一次推进会']);
  await a.close();
});

test('007 collection: a version-6 archive gains an identity, a uid on every item, and counts its own items as before', async () => {
  const dir = path.join(root, 'v6');
  await archiveAt(6, dir);
  const a = await Archive.open(dir);
  const [item] = await listItems(a.db);
  expect(item).toMatchObject({ id: 7, title: '第一次推进会', submission: null });
  expect(item.uid).toMatch(/^[0-9a-f]{32}$/);
  const c = await a.db.get<{ archive_uid: string; mode: string; count_submitted: number }>(sql`SELECT archive_uid, mode, count_submitted FROM campaign`);
  expect(c).toMatchObject({ mode: 'office', count_submitted: 0 });
  expect(c!.archive_uid).toMatch(/^[0-9a-f]{32}$/);
  expect(await a.db.all(sql`SELECT * FROM departments`)).toEqual([]);
  // An item made after the upgrade gets its own uid from the trigger.
  const r = await a.db.run(sql`INSERT INTO items (kind, title, created_at) VALUES ('meeting', '第二次推进会', '2023-01-02')`);
  const uids = await a.db.all<{ uid: string }>(sql`SELECT uid FROM items WHERE id IN (7, ${r.lastID})`);
  expect(new Set(uids.map((u) => u.uid)).size).toBe(2);
  await a.close();
});
