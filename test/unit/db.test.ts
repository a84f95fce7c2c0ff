import fs from 'node:fs';
import path from 'node:path';
import { Db, sql, sqlJoin, sqlList, trustedSql } from '../../main/archive/db';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-db-');
let db: Db;
beforeAll(async () => {
  db = await Db.open(path.join(root, 't.sqlite'), 'create');
  await db.exec(trustedSql('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)'));
});
afterAll(() => db.close());

test('the sql tag turns every value into a parameter and splices fragments', () => {
  const q = sql`SELECT * FROM t WHERE v = ${"x' OR 1=1 --"} AND id IN (${sqlList([1, 2])}) AND ${sqlJoin([sql`a = ${1}`, sql`b = ${true}`], ' AND ')}`;
  expect(q.text).toBe('SELECT * FROM t WHERE v = ? AND id IN (?, ?) AND a = ? AND b = ?');
  expect(q.params).toEqual(["x' OR 1=1 --", 1, 2, 1, 1]);
  expect(sqlList([]).text).toBe('NULL');
});

test('a failing transaction rolls back everything it wrote', async () => {
  await expect(
    db.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO t (v) VALUES (${'kept?'})`);
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(await db.all(sql`SELECT * FROM t`)).toEqual([]);
});

test('statements from others wait while a transaction is open', async () => {
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const tx = db.transaction(async (t) => {
    await t.run(sql`INSERT INTO t (v) VALUES (${'in tx'})`);
    order.push('tx wrote');
    await gate;
    order.push('tx done');
  });
  await new Promise((r) => setTimeout(r, 10));
  const outside = db.run(sql`INSERT INTO t (v) VALUES (${'outside'})`).then(() => order.push('outside wrote'));
  await new Promise((r) => setTimeout(r, 20));
  release();
  await Promise.all([tx, outside]);
  expect(order).toEqual(['tx wrote', 'tx done', 'outside wrote']);
  expect((await db.all<{ v: string }>(sql`SELECT v FROM t ORDER BY id`)).map((r) => r.v)).toEqual(['in tx', 'outside']);
});

test('using the Db instead of tx inside a transaction fails at once instead of deadlocking', async () => {
  await expect(db.transaction(async () => db.get(sql`SELECT 1`))).rejects.toThrow('use its tx handle');
  expect(await db.get(sql`SELECT 2 AS v`)).toEqual({ v: 2 });
});

test('no source file builds SQL outside the sql tag', () => {
  // Template strings passed straight to run/get/all/exec would bypass parameter binding.
  const dir = path.join(__dirname, '..', '..', 'main');
  const offenders: string[] = [];
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (/\b(db|tx|raw)\.(run|get|all|exec)(<[^>]*>)?\(\s*`/.test(text) || /trustedSql\(\s*`[^`]*\$\{(?!Number\()/.test(text)) offenders.push(f);
  }
  expect(offenders).toEqual([]);
});
