import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Archive, DB_NAME } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { SCHEMA_VERSION } from '../../main/archive/migrations';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir();

function rawExec(file: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(text, (err) => db.close(() => (err ? reject(err) : resolve())));
    });
  });
}

describe('archive folder', () => {
  test('create writes a migrated SQLite file in WAL mode with foreign keys on', async () => {
    const dir = path.join(root, 'a1');
    const a = await Archive.create(dir, { name: '全国科普示范县创建', unit: '某县民政局', fonds: 'Z109', year: 2023 });
    expect(fs.existsSync(path.join(dir, DB_NAME))).toBe(true);
    expect((await a.db.get<{ journal_mode: string }>(sql`PRAGMA journal_mode`))?.journal_mode).toBe('wal');
    expect((await a.db.get<{ foreign_keys: number }>(sql`PRAGMA foreign_keys`))?.foreign_keys).toBe(1);
    expect((await a.db.get<{ user_version: number }>(sql`PRAGMA user_version`))?.user_version).toBe(SCHEMA_VERSION);
    expect(await a.campaign()).toMatchObject({ name: '全国科普示范县创建', unit: '某县民政局', fonds: 'Z109', year: 2023, retention: 'D30' });
    await a.close();
    const again = await Archive.open(dir);
    expect((await again.campaign()).fonds).toBe('Z109');
    await again.close();
  });

  test('refuses to create over an existing archive and to open a folder without one', async () => {
    const dir = path.join(root, 'a2');
    await (await Archive.create(dir, { name: 'x' })).close();
    await expect(Archive.create(dir, { name: 'y' })).rejects.toMatchObject({ code: 'ARCHIVE_EXISTS' });
    await expect(Archive.open(path.join(root, 'nothing'))).rejects.toMatchObject({ code: 'NOT_AN_ARCHIVE' });
  });

  test('refuses an archive written by a newer version, with a message that says to upgrade', async () => {
    const dir = path.join(root, 'a3');
    await (await Archive.create(dir, { name: 'x' })).close();
    await rawExec(path.join(dir, DB_NAME), `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    await expect(Archive.open(dir)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_NEW', message: expect.stringContaining('升级') });
  });

  test('refuses a SQLite file that is not ours and a file that is not SQLite', async () => {
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    await rawExec(path.join(other, DB_NAME), 'PRAGMA application_id = 42; CREATE TABLE t (x);');
    await expect(Archive.open(other)).rejects.toMatchObject({ code: 'NOT_AN_ARCHIVE' });
    const junk = path.join(root, 'junk');
    fs.mkdirSync(junk);
    fs.writeFileSync(path.join(junk, DB_NAME), Buffer.alloc(4096, 7));
    await expect(Archive.open(junk)).rejects.toMatchObject({ code: 'NOT_AN_ARCHIVE' });
  });

  test('the sql tag binds values, so quotes and SQL in text are stored literally', async () => {
    const a = await Archive.create(path.join(root, 'a4'), { name: "x'); DROP TABLE items; --" });
    expect((await a.campaign()).name).toBe("x'); DROP TABLE items; --");
    expect(await a.db.get(sql`SELECT count(*) AS n FROM items`)).toEqual({ n: 0 });
    await a.close();
  });
});
