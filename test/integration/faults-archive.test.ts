// The archive under what offices do to it (issue 9): full disks, two writers, damaged and planted
// stored files, links in the store, read-only media, a locked or corrupt database, leftovers —
// and the ways back (verify --fix/--repair, snapshots, backup, restore). Real files, a real
// SQLite file, real tmpfs mounts (tests run as root).
import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import sqlite3 from 'sqlite3';
import { Archive, DB_NAME } from '../../main/archive/archive';
import { restoreArchive, backupArchive } from '../../main/archive/backup';
import { sql } from '../../main/archive/db';
import { listItems } from '../../main/archive/items-repo';
import { APPLICATION_ID } from '../../main/archive/migrate';
import { MIGRATIONS } from '../../main/archive/migrations';
import { listSnapshots, takeSnapshot } from '../../main/archive/snapshots';
import { blobRel, thumbRel } from '../../main/archive/store';
import { verifyArchive } from '../../main/archive/verify';
import { LOCK_NAME } from '../../main/archive/write-lock';
import { selfCheck } from '../../main/check/self-check';
import { importPaths } from '../../main/intake/import';
import { createApi } from '../../main/api/api';
import type { SessionState } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { exportDossier } from '../../main/export/dossier/dossier';
import { makeDocx, makePdf } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { runCli, spawnCli } from '../helpers/cli';
import { fillDisk, remountReadOnly, smallDisk } from '../helpers/mounts';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-faults-');
let n = 0;
const fresh = (name = 'a') => makeArchive(root, `${name}-${++n}`);

function sha(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function writeFiles(dir: string, files: Record<string, Buffer | string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

async function photo(file: string): Promise<Buffer> {
  const buf = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();
  fs.writeFileSync(file, buf);
  return buf;
}

function rawDb(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(db)));
  });
}
function rawExec(db: sqlite3.Database, text: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(text, (e) => (e ? reject(e) : resolve())));
}

async function counts(a: Archive): Promise<{ items: number; files: number }> {
  const items = await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items WHERE deleted_at IS NULL`);
  const files = await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM files`);
  return { items: items!.n, files: files!.n };
}

describe('the store never trusts a name or a short write', () => {
  test('a full disk stops the import with one line and stores nothing cut short; the re-run after freeing space stores the whole file', async () => {
    const disk = smallDisk(root, 'full', '3m');
    const a = await Archive.create(path.join(disk, 'archive'), { name: '满盘测试' });
    const src = writeFiles(path.join(root, 'full-src'), { '大文件.pdf': randomBytes(4 * 1024 * 1024) });
    const err = await importPaths(a, [src]).catch((e) => e);
    expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('磁盘空间不足') });
    expect(await a.store.list()).toEqual([]);
    expect(fs.readdirSync(path.join(a.dir, 'tmp'))).toEqual([]);
    expect((await verifyArchive(a)).ok).toBe(true);
    await a.close();

    // The CLI says the same in one line and exits 1.
    const cli = runCli(['import', path.join(disk, 'archive'), src]);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toContain('磁盘空间不足');
  });

  test('re-importing the original repairs a damaged stored copy, and a file planted under a hash name is replaced', async () => {
    const a = await fresh();
    const body = randomBytes(100_000);
    const src = writeFiles(path.join(root, `repair-${n}`), { '会议纪要.pdf': body });
    await importPaths(a, [src]);
    const stored = a.store.abs(blobRel(sha(body)));
    fs.chmodSync(stored, 0o644);
    fs.truncateSync(stored, 50_000);
    expect((await verifyArchive(a)).problems.map((p) => p.kind)).toEqual(['size_mismatch']);
    const again = await importPaths(a, [src]);
    expect(again.repaired).toBe(1);
    expect(fs.readFileSync(stored).equals(body)).toBe(true);
    expect((await verifyArchive(a)).ok).toBe(true);

    // Planted before the import: same name, other bytes.
    const other = randomBytes(5000);
    const planted = a.store.abs(blobRel(sha(other)));
    fs.mkdirSync(path.dirname(planted), { recursive: true });
    fs.writeFileSync(planted, Buffer.from('not the right bytes'));
    const r = await importPaths(a, [writeFiles(path.join(root, `plant-${n}`), { '签到表.pdf': other })]);
    expect(r.repaired).toBe(1);
    expect(fs.readFileSync(planted).equals(other)).toBe(true);
    expect((await verifyArchive(a)).ok).toBe(true);
    await a.close();
  });

  test('verify --repair FOLDER restores damaged and missing stored files from the originals', async () => {
    const a = await fresh();
    const one = randomBytes(30_000);
    const two = randomBytes(40_000);
    const src = writeFiles(path.join(root, `originals-${n}`), { '一.pdf': one, '二.pdf': two });
    await importPaths(a, [src]);
    fs.rmSync(a.store.abs(blobRel(sha(one))), { force: true });
    fs.chmodSync(a.store.abs(blobRel(sha(two))), 0o644);
    fs.writeFileSync(a.store.abs(blobRel(sha(two))), randomBytes(40_000));
    expect((await verifyArchive(a)).problems.map((p) => p.kind).sort()).toEqual(['hash_mismatch', 'missing_file']);
    const fixed = await verifyArchive(a, { repairFrom: [src] });
    expect(fixed.ok).toBe(true);
    expect(fixed.notices.join()).toContain('已用原件修复 2 个');
    expect((await verifyArchive(a)).ok).toBe(true);
    await a.close();
  });
});

describe('one writer at a time', () => {
  test('two processes importing the same folder at once file it once', async () => {
    const a = await fresh();
    const dir = path.join(root, `twice-${n}`);
    const files: Record<string, Buffer> = {};
    for (let i = 1; i <= 8; i++) files[`通知${i}.pdf`] = randomBytes(20_000 + i);
    writeFiles(dir, files);
    await a.close();
    const run = () =>
      new Promise<number | null>((resolve) => {
        const p = spawnCli(['import', a.dir, dir, '--json']);
        p.on('close', resolve);
      });
    const codes = await Promise.all([run(), run()]);
    expect(codes).toEqual([0, 0]);
    const b = await Archive.open(a.dir);
    expect(await counts(b)).toEqual({ items: 8, files: 8 });
    expect((await selfCheck(b)).summary).toBeDefined();
    expect(fs.existsSync(path.join(a.dir, LOCK_NAME))).toBe(false);
    await b.close();
  }, 120_000);

  test('a writer held by a live process is named; a lock left by a dead one is broken', async () => {
    const a = await fresh();
    const sleeper = spawn('sleep', ['30']);
    fs.writeFileSync(path.join(a.dir, LOCK_NAME), JSON.stringify({ pid: sleeper.pid, host: os.hostname(), what: 'taizhang import', started: new Date().toISOString() }));
    const src = writeFiles(path.join(root, `lock-${n}`), { '方案.pdf': randomBytes(1000) });
    const err = await importPaths(a, [src], { lockWaitMs: 300 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'BUSY', message: expect.stringContaining(`进程 ${sleeper.pid}`) });
    // Edits through any service are refused the same way, not left to SQLite.
    await expect(a.updateCampaign({ unit: '某县' })).rejects.toMatchObject({ code: 'BUSY' });
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.on('close', r));
    const r = await importPaths(a, [src]);
    expect(r.items).toBe(1);
    expect(fs.existsSync(path.join(a.dir, LOCK_NAME))).toBe(false);
    await a.close();
  });

  test('a database held by another program for more than 5 s is one line, not SQLITE_BUSY', async () => {
    const a = await fresh();
    await a.close();
    const other = await rawDb(path.join(a.dir, DB_NAME));
    await rawExec(other, 'BEGIN EXCLUSIVE; UPDATE campaign SET unit = unit;');
    const src = writeFiles(path.join(root, `busy-${n}`), { '总结.pdf': randomBytes(1000) });
    const cli = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawnCli(['import', a.dir, src]);
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code, err }));
    });
    await rawExec(other, 'ROLLBACK');
    await new Promise((r) => other.close(r));
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('占用');
    expect(cli.err).not.toContain('SQLITE');
  }, 60_000);
});

describe('read-only media and a full disk', () => {
  test('a write-protected archive opens read-only: list, self-check, verify and exports work; writes are refused with one line', async () => {
    const a = await fresh();
    await importPaths(a, [writeFiles(path.join(root, `ro-src-${n}`), { '推进会通知.pdf': randomBytes(2000) })]);
    await a.close();
    const disk = smallDisk(root, 'stick', '16m');
    fs.cpSync(a.dir, path.join(disk, 'archive'), { recursive: true });
    remountReadOnly(disk);
    const dir = path.join(disk, 'archive');
    const b = await Archive.open(dir);
    expect(b.readOnlyReason).toContain('只读');
    expect(await listItems(b.db, {})).toHaveLength(1);
    expect((await selfCheck(b)).summary).toBeDefined();
    expect((await verifyArchive(b)).ok).toBe(true);
    await expect(importPaths(b, [path.join(root, `ro-src-${n}`)])).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(b.updateCampaign({ unit: 'x' })).rejects.toMatchObject({ code: 'READ_ONLY', message: expect.stringContaining('复制到可写的位置') });
    await b.close();

    expect(runCli(['items', 'list', dir]).code).toBe(0);
    const imp = runCli(['import', dir, path.join(root, `ro-src-${n}`)]);
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('只读');
    const out = path.join(root, `ro-out-${n}.xlsx`);
    const xlsx = runCli(['export', 'xlsx', dir, out]);
    expect(xlsx.stderr).toBe('');
    expect(xlsx.code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  }, 60_000);

  test('an archive burned by an older version opens read-only from an upgraded temporary copy of its database', async () => {
    const disk = smallDisk(root, 'old-disc', '16m');
    const dir = path.join(disk, 'archive');
    fs.mkdirSync(dir);
    const db = await rawDb(path.join(dir, DB_NAME));
    for (const m of MIGRATIONS.slice(0, 2)) await rawExec(db, m.up);
    await rawExec(db, `PRAGMA user_version = 2; PRAGMA application_id = ${APPLICATION_ID};
      INSERT INTO campaign (id, name, created_at) VALUES (1, '旧光盘', '2023-01-01T00:00:00Z');
      INSERT INTO items (id, kind, title, date, created_at) VALUES (7, 'meeting', '第一次推进会', '2023-03-08', '2023-01-01');`);
    await new Promise((r) => db.close(r));
    remountReadOnly(disk);
    const a = await Archive.open(dir);
    expect(a.readOnlyReason).toContain('较早版本');
    expect((await listItems(a.db, {})).map((i) => i.title)).toEqual(['第一次推进会']);
    await expect(a.updateCampaign({ unit: 'x' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    const temps = () => fs.readdirSync(os.tmpdir()).filter((x) => x.startsWith('taizhang-ro-'));
    expect(temps()).toHaveLength(1);
    await a.close();
    expect(temps()).toHaveLength(0);
  });

  test('a disk 100 % full still lets the clerk read, check and export', async () => {
    const disk = smallDisk(root, 'brim', '8m');
    const a = await Archive.create(path.join(disk, 'archive'), { name: '满盘读取' });
    await importPaths(a, [writeFiles(path.join(root, `brim-src-${n}`), { '方案.pdf': randomBytes(3000) })]);
    await a.close();
    fillDisk(disk);
    const b = await Archive.open(path.join(disk, 'archive'));
    expect(b.readOnlyReason).toBeTruthy();
    expect(await listItems(b.db, {})).toHaveLength(1);
    await b.close();
    const check = runCli(['check', path.join(disk, 'archive')]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  }, 60_000);
});

describe('links in the store, thumbnails, leftovers', () => {
  test('a stored file or thumbnail replaced by a link is found by verify and refused to readers; --fix rebuilds thumbnails', async () => {
    const a = await fresh();
    const src = path.join(root, `links-${n}`);
    fs.mkdirSync(src);
    const jpg = await photo(path.join(src, '现场照片.jpg'));
    const pdf = randomBytes(3000);
    fs.writeFileSync(path.join(src, '通知.pdf'), pdf);
    await importPaths(a, [src]);
    const outside = path.join(root, `secret-${n}.txt`);
    fs.writeFileSync(outside, 'SECRET-MARKER');

    const stored = a.store.abs(blobRel(sha(pdf)));
    fs.rmSync(stored, { force: true });
    fs.symlinkSync(outside, stored);
    const thumb = a.store.abs(thumbRel(sha(jpg)));
    fs.rmSync(thumb);
    fs.symlinkSync(outside, thumb);

    const v = await verifyArchive(a);
    expect(v.problems.map((p) => p.kind).sort()).toEqual(['linked_file', 'thumbnail']);
    await expect(a.store.checkedAbs(blobRel(sha(pdf)))).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringContaining('链接') });
    await expect(a.store.checkedAbs(thumbRel(sha(jpg)))).rejects.toMatchObject({ code: 'DAMAGED' });

    const fixed = await verifyArchive(a, { fix: true });
    expect(fixed.fixed.join()).toContain('已重建缩略图');
    expect(fs.lstatSync(thumb).isFile()).toBe(true);
    expect(fs.readFileSync(thumb).subarray(0, 2).toString('hex')).toBe('ffd8');
    // The original is evidence: --fix never invents it; --repair from the originals does.
    expect(fixed.problems.map((p) => p.kind)).toEqual(['linked_file']);
    expect((await verifyArchive(a, { repairFrom: [src] })).ok).toBe(true);
    expect(fs.lstatSync(stored).isFile()).toBe(true);
    await a.close();
  });

  test('unreferenced originals, stray thumbnails and tmp parts are found; --fix removes only what no snapshot refers to', async () => {
    const a = await fresh();
    await importPaths(a, [writeFiles(path.join(root, `left-${n}`), { '一.pdf': randomBytes(1000) })]);
    // Kept in a snapshot, then its row is gone (as after a restore of an older database elsewhere).
    const keepBody = randomBytes(1200);
    const keep = await importPaths(a, [writeFiles(path.join(root, `keep-${n}`), { '二.pdf': keepBody })]);
    await takeSnapshot(a.db, a.dir, 'manual');
    await a.db.transaction(async (tx) => {
      await tx.run(sql`DELETE FROM files WHERE item_id = ${keep.itemIds[0]}`);
      await tx.run(sql`DELETE FROM links WHERE item_id = ${keep.itemIds[0]}`);
      await tx.run(sql`DELETE FROM items WHERE id = ${keep.itemIds[0]}`);
      await tx.run(sql`DELETE FROM blobs WHERE sha256 = ${sha(keepBody)}`);
    });
    const stray = randomBytes(900);
    const strayPath = a.store.abs(blobRel(sha(stray)));
    fs.mkdirSync(path.dirname(strayPath), { recursive: true });
    fs.writeFileSync(strayPath, stray);
    const strayThumb = a.store.abs(thumbRel(sha(stray)));
    fs.mkdirSync(path.dirname(strayThumb), { recursive: true });
    fs.writeFileSync(strayThumb, 'x');
    fs.writeFileSync(path.join(a.dir, 'tmp', 'lh2k3-abcdef.part'), randomBytes(500));

    const v = await verifyArchive(a);
    expect(v.ok).toBe(true);
    expect(v.unreferenced.sort()).toEqual([blobRel(sha(keepBody)), blobRel(sha(stray))].sort());
    expect(v.notices.join()).toMatch(/2 个已存储但未登记/);
    expect(v.notices.join()).toMatch(/1 个中断的导入留下的临时文件、1 个多余的缩略图/);

    const fixed = await verifyArchive(a, { fix: true });
    expect(fs.existsSync(strayPath)).toBe(false);
    expect(fs.existsSync(strayThumb)).toBe(false);
    expect(fs.readdirSync(path.join(a.dir, 'tmp'))).toEqual([]);
    expect(fs.existsSync(a.store.abs(blobRel(sha(keepBody))))).toBe(true);
    expect(fixed.notices.join()).toContain('快照中还登记着它们');

    // A killed export's part in the export folder: reported, then removed by --fix.
    const out = path.join(root, `exports-${n}`);
    fs.mkdirSync(out);
    const part = path.join(out, '.迎检材料台账.pdf.99999999.0a1b2c3d.part');
    fs.writeFileSync(part, randomBytes(2048));
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(part, old, old);
    expect((await verifyArchive(a, { exportFolders: [out] })).notices.join()).toContain('1 个中断的导出留下的临时文件');
    expect((await verifyArchive(a, { exportFolders: [out], fix: true })).fixed.join()).toContain('1 个中断的导出');
    expect(fs.existsSync(part)).toBe(false);
    await a.close();
  });
});

describe('snapshots, restore, backup', () => {
  test('a migration is preceded by a snapshot of the database as it was', async () => {
    const dir = path.join(root, `old-${++n}`);
    fs.mkdirSync(dir);
    const db = await rawDb(path.join(dir, DB_NAME));
    await rawExec(db, MIGRATIONS[0].up);
    await rawExec(db, `PRAGMA user_version = 1; PRAGMA application_id = ${APPLICATION_ID};
      INSERT INTO campaign (id, name, created_at) VALUES (1, '旧档案', '2023-01-01T00:00:00Z');`);
    await new Promise((r) => db.close(r));
    const a = await Archive.open(dir);
    const snaps = await listSnapshots(dir);
    expect(snaps.map((s) => s.reason)).toEqual(['migration']);
    const copy = await rawDb(snaps[0].file);
    const v = await new Promise<number>((resolve) => copy.get('PRAGMA user_version', (_e, row: { user_version: number }) => resolve(row.user_version)));
    await new Promise((r) => copy.close(r));
    expect(v).toBe(1);
    await a.close();
  });

  test('a corrupt database offers the restore; restore brings the items back and reports originals stored after the snapshot', async () => {
    const a = await fresh();
    await importPaths(a, [writeFiles(path.join(root, `snap-${n}`), { '一.pdf': randomBytes(1000), '二.pdf': randomBytes(1100) })]);
    await a.close();
    // Opening on a day of use takes the day's snapshot.
    const b = await Archive.open(a.dir);
    expect((await listSnapshots(a.dir)).map((s) => s.reason)).toEqual(['daily']);
    await importPaths(b, [writeFiles(path.join(root, `after-${n}`), { '快照之后.pdf': randomBytes(1300) })]);
    await b.close();

    fs.truncateSync(path.join(a.dir, DB_NAME), 1000);
    await expect(Archive.open(a.dir)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringContaining('taizhang restore') });
    const cli = runCli(['check', a.dir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('快照恢复');

    const r = await restoreArchive(a.dir);
    expect(r.items).toBe(2);
    expect(r.unreferenced).toHaveLength(1);
    // The damaged database cannot name it; the import journal beside it does.
    expect(r.unreferenced[0].names.join()).toContain('快照之后.pdf');
    expect(fs.existsSync(r.previous)).toBe(true);
    const c = await Archive.open(a.dir);
    expect(await counts(c)).toEqual({ items: 2, files: 2 });
    const v = await verifyArchive(c);
    expect(v.ok).toBe(true);
    // The damaged database kept among the snapshots cannot be read, so nothing is provably unused.
    await verifyArchive(c, { fix: true });
    expect(fs.existsSync(c.store.abs(r.unreferenced[0].file))).toBe(true);
    await c.close();
  });

  test('verify does not crash on a bad row, and reports it', async () => {
    const a = await fresh();
    await a.db.transaction((tx) => tx.run(sql`INSERT INTO blobs (sha256, size, type, stored_at) VALUES (${'z'.repeat(64)}, 1, 'pdf', '2023-01-01')`));
    const v = await verifyArchive(a);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ kind: 'database', message: expect.stringContaining('哈希值无效') });
    await a.close();
  });

  test('backup makes a complete, verified copy while the archive is open; never into the archive itself', async () => {
    const a = await fresh();
    const src = path.join(root, `bk-src-${n}`);
    fs.mkdirSync(src);
    await photo(path.join(src, '照片.jpg'));
    fs.writeFileSync(path.join(src, '纪要.pdf'), randomBytes(5000));
    await importPaths(a, [src]);
    const dest = path.join(root, `backup-${n}`);
    const r = await backupArchive(a, dest);
    expect(r).toMatchObject({ files: 2, verified: true });
    const copy = await Archive.open(dest);
    expect(await counts(copy)).toEqual(await counts(a));
    expect((await verifyArchive(copy)).ok).toBe(true);
    await copy.close();
    await expect(backupArchive(a, path.join(a.dir, 'inside'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(backupArchive(a, dest)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('不是空的') });
    expect(fs.readdirSync(root).filter((x) => x.endsWith('.part'))).toEqual([]);
    await a.close();
  });
});

describe('the same through the service the interface calls', () => {
  const apiFor = () => createApi({ stateDir: path.join(root, `state-${++n}`), desktop: null, version: 'test' });
  const error = (r: Result<unknown>) => (r.ok ? null : r.error);

  test('a read-only archive says so in the session, refuses edits and imports with one line, and still checks', async () => {
    const a = await fresh();
    const r = await importPaths(a, [writeFiles(path.join(root, `api-ro-${n}`), { '通知.pdf': randomBytes(900) })]);
    await a.close();
    const disk = smallDisk(root, 'api-stick', '16m');
    fs.cpSync(a.dir, path.join(disk, 'archive'), { recursive: true });
    remountReadOnly(disk);
    const api = apiFor();
    const opened = await api.call('archive.open', { dir: path.join(disk, 'archive') });
    expect(opened.ok && (opened.value as SessionState).archive?.readOnly).toContain('只读');
    expect(error(await api.call('items.update', { id: r.itemIds[0], patch: { title: '改名' } }))).toMatchObject({ code: 'READ_ONLY' });
    expect(error(await api.call('jobs.start', { kind: 'import', paths: [path.join(root, `api-ro-${n}`)] }))).toMatchObject({ code: 'READ_ONLY' });
    expect((await api.call('check.run', {})).ok).toBe(true);
    await api.close();
  });

  test('an edit on a full disk is one line; after freeing space the edit goes through and nothing was lost', async () => {
    const disk = smallDisk(root, 'api-full', '8m');
    const a = await Archive.create(path.join(disk, 'archive'), { name: '满盘编辑' });
    const r = await importPaths(a, [writeFiles(path.join(root, `api-full-${n}`), { '方案.pdf': randomBytes(900) })]);
    await a.close();
    const api = apiFor();
    expect((await api.call('archive.open', { dir: path.join(disk, 'archive') })).ok).toBe(true);
    const filler = fillDisk(disk);
    const patch = { description: '会议内容'.repeat(5000) };
    let failed: ReturnType<typeof error> = null;
    for (let i = 0; i < 20 && !failed; i++) failed = error(await api.call('items.update', { id: r.itemIds[0], patch: { ...patch, location: `第${i}会议室` } }));
    expect(failed).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('磁盘空间不足') });
    fs.rmSync(filler);
    const after = await api.call('items.update', { id: r.itemIds[0], patch: { title: '腾出空间后' } });
    expect(error(after)).toBeNull();
    const item = await api.call('items.get', { id: r.itemIds[0] });
    expect(item.ok && (item.value as { title: string; files: unknown[] })).toMatchObject({ title: '腾出空间后', files: [expect.anything()] });
    await api.close();
  });

  test('opening a damaged archive offers the restore; archive.restore puts the snapshot back and opens it', async () => {
    const a = await fresh();
    await importPaths(a, [writeFiles(path.join(root, `api-snap-${n}`), { '一.pdf': randomBytes(700) })]);
    await takeSnapshot(a.db, a.dir, 'manual');
    await a.close();
    fs.truncateSync(path.join(a.dir, DB_NAME), 1000);
    const api = apiFor();
    expect(error(await api.call('archive.open', { dir: a.dir }))).toMatchObject({ code: 'DAMAGED', message: expect.stringContaining('从快照恢复') });
    const restored = await api.call('archive.restore', { dir: a.dir });
    expect(restored.ok && (restored.value as SessionState & { restored: { items: number } }).restored.items).toBe(1);
    expect((await api.call('items.list', {})).ok).toBe(true);
    await api.close();
  });
});

describe('big evidence in the dossier', () => {
  test('a PDF and a DOCX past the parse limit print as placeholder pages saying why, without being read', async () => {
    const a = await fresh();
    const src = path.join(root, `big-${n}`);
    fs.mkdirSync(src);
    await makePdf(path.join(src, '大报告.pdf'), { pages: 2, title: '大报告' });
    await makeDocx(path.join(src, '大方案.docx'), { paragraphs: ['正文'] });
    const r = await importPaths(a, [path.join(src, '大报告.pdf'), path.join(src, '大方案.docx')], { indicatorCode: '1.1' });
    expect(r.items).toBe(2);
    // The rows claim what a 600 MB file would; the bytes on disk stay small, so a read would show.
    await a.db.transaction((tx) => tx.run(sql`UPDATE blobs SET size = ${600 * 1024 ** 2}`));
    const out = path.join(root, `big-out-${n}.pdf`);
    const d = await exportDossier(a, out);
    const reasons = d.warnings.map((w) => `${w.path}：${w.reason}`).join('\n');
    expect(reasons).toMatch(/大报告\.pdf：以占位页代替：文件超过 512 MB/);
    expect(reasons).toMatch(/大方案\.docx：以占位页代替：文件超过 512 MB/);
    await a.close();
  });
});
