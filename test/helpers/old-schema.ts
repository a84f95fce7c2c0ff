// An archive as an older schema version wrote it, holding what a current archive holds: the old
// migrations run on a new file, then every row copied over in the columns the old tables have.
// Tests of an upgrade fill the archive with today's code, then open the old copy.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { DB_NAME } from '../../main/archive/archive';
import { MIGRATIONS } from '../../main/archive/migrations';
import { APPLICATION_ID } from '../../main/archive/migrate';

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(db)));
  });
}
const exec = (db: sqlite3.Database, text: string) => new Promise<void>((resolve, reject) => db.exec(text, (e) => (e ? reject(e) : resolve())));
const all = <T>(db: sqlite3.Database, text: string) => new Promise<T[]>((resolve, reject) => db.all(text, (e, rows) => (e ? reject(e) : resolve(rows as T[]))));

/** Copies the archive folder `from` into `to` with its database rewritten at schema `version`. */
export async function copyAtVersion(from: string, to: string, version: number): Promise<void> {
  fs.cpSync(from, to, { recursive: true });
  const file = path.join(to, DB_NAME);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = await open(file);
  try {
    for (const m of MIGRATIONS.slice(0, version)) await exec(db, m.up);
    await exec(db, `PRAGMA user_version = ${version}; PRAGMA application_id = ${APPLICATION_ID};`);
    await exec(db, `ATTACH DATABASE '${path.join(from, DB_NAME).replace(/'/g, "''")}' AS src`);
    const master = await all<{ name: string; sql: string }>(db, `SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`);
    // A full-text table is filled through itself; the tables it keeps for itself (search_data …) are not copied.
    const virtual = master.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const tables = master.filter((t) => !virtual.some((v) => t.name.startsWith(`${v}_`)));
    await exec(db, 'BEGIN');
    for (const { name } of tables) {
      const cols = (await all<{ name: string }>(db, `PRAGMA main.table_info("${name}")`)).map((c) => `"${c.name}"`);
      const have = new Set((await all<{ name: string }>(db, `PRAGMA src.table_info("${name}")`)).map((c) => `"${c.name}"`));
      const shared = cols.filter((c) => have.has(c));
      if (shared.length) await exec(db, `INSERT INTO main."${name}" (${shared.join(', ')}) SELECT ${shared.join(', ')} FROM src."${name}"`);
    }
    await exec(db, 'COMMIT');
    await exec(db, 'DETACH DATABASE src');
  } finally {
    await new Promise<void>((r) => db.close(() => r()));
  }
}
