// The ways back: a complete, verified copy of an archive taken while it is open (backup), and
// rolling the database back to a snapshot (restore) while the originals stay in files/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Archive, DB_NAME } from './archive';
import { Db, sql } from './db';
import { APPLICATION_ID } from './migrate';
import { SCHEMA_VERSION } from './migrations';
import { checkSnapshot, copyDatabase, listSnapshots, newSnapshotPath, type SnapshotInfo } from './snapshots';
import { blobRel, thumbRel } from './store';
import { verifyArchive } from './verify';
import { WriteLock } from './write-lock';
import { writeErrorFor } from './io-errors';
import { journalNames } from './import-journal';
import { purgedOf } from './purge-journal';
import { throwIfCancelled, type JobOptions } from '../jobs/cancel';
import { TaizhangError } from '../../shared/errors';

export interface BackupReport {
  dest: string;
  files: number;
  bytes: number;
  /** The copy was opened and every file's hash checked. */
  verified: boolean;
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

/**
 * Copies the archive into `dest` (a new or empty folder): a consistent copy of the database, every
 * stored original and thumbnail, then the copy is verified. Built beside `dest` and renamed at the
 * end, so a killed backup never looks like a complete one.
 */
export async function backupArchive(archive: Archive, destArg: string, opts: JobOptions = {}): Promise<BackupReport> {
  const dest = path.resolve(destArg);
  const root = await fs.realpath(archive.dir);
  const destReal = await fs.realpath(dest).catch(() => dest);
  if (inside(destReal, root) || inside(root, destReal)) {
    throw new TaizhangError('BAD_INPUT', `备份不能放在档案文件夹里面，也不能放在包含档案的文件夹位置上：${dest}。请换一个文件夹（例如 U 盘上的新文件夹）。`);
  }
  const existing = await fs.readdir(dest).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (existing && existing.length) throw new TaizhangError('BAD_INPUT', `备份的目标文件夹 ${dest} 不是空的，请换一个新文件夹。`);
  const parent = path.dirname(dest);
  if (!(await fs.stat(parent).catch(() => null))?.isDirectory()) throw new TaizhangError('BAD_INPUT', `找不到文件夹 ${parent}，请先建好它。`);

  const part = path.join(parent, `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await fs.mkdir(part);
    await copyDatabase(archive.db, path.join(part, DB_NAME));
    const copy = await Db.open(path.join(part, DB_NAME), 'readonly');
    const blobs = await copy.all<{ sha256: string; size: number; has_thumb: number }>(sql`SELECT sha256, size, has_thumb FROM blobs ORDER BY sha256`).finally(() => copy.close());
    let done = 0;
    for (const b of blobs) {
      throwIfCancelled(opts.signal);
      await copyInto(await archive.store.checkedAbs(blobRel(b.sha256)), path.join(part, ...blobRel(b.sha256).split('/')));
      // Thumbnails are a cache: copied when sound, rebuilt by verify --fix otherwise.
      if (b.has_thumb) {
        const t = await archive.store.checkedAbs(thumbRel(b.sha256)).catch(() => null);
        if (t) await copyInto(t, path.join(part, ...thumbRel(b.sha256).split('/')));
      }
      opts.onProgress?.({ phase: '复制文件', done: ++done, total: blobs.length });
    }
    if (existing) await fs.rmdir(dest);
    await fs.rename(part, dest);
  } catch (e) {
    await fs.rm(part, { recursive: true, force: true }).catch(() => undefined);
    throw writeErrorFor(e, parent) ?? e;
  }
  const copy = await Archive.open(dest, { readOnly: true });
  try {
    const v = await verifyArchive(copy, { signal: opts.signal, onProgress: (p) => opts.onProgress?.({ ...p, phase: '校验备份' }) });
    if (!v.ok) throw new TaizhangError('DAMAGED', `备份 ${dest} 校验未通过：${v.problems[0].message}。请换一个磁盘重新备份。`);
    return { dest, files: v.files, bytes: v.bytes, verified: true };
  } finally {
    await copy.close();
  }
}

async function copyInto(src: string, dest: string): Promise<void> {
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.copyFile(src, dest);
  const fh = await fs.open(dest, 'r+');
  await fh.sync().finally(() => fh.close());
}

export interface RestoreReport {
  from: string;
  taken: string;
  /** Where the database as it was before the restore is kept. */
  previous: string;
  items: number;
  /** Originals stored after the snapshot: still in files/, no longer listed; with their names where the old database still tells them. */
  unreferenced: { file: string; names: string[] }[];
  /**
   * Originals the snapshot lists that are no longer in files/: deleted by 彻底删除 after the
   * snapshot was taken (purged: when), or lost otherwise (purged: null). verify reports them too.
   */
  missing: { file: string; names: string[]; purged: string | null }[];
}

/**
 * Puts a snapshot (the newest sound one unless `from` names one) in place of the database. The
 * database as it was is kept in snapshots/ first; originals stored since the snapshot stay in
 * files/ and are reported, so nothing is lost. The archive must not be open for writing elsewhere.
 */
export async function restoreArchive(dirArg: string, from?: string): Promise<RestoreReport> {
  const dir = path.resolve(dirArg);
  if (!(await fs.stat(path.join(dir, DB_NAME)).catch(() => null)) && !(await fs.stat(path.join(dir, 'files')).catch(() => null))) {
    throw new TaizhangError('NOT_AN_ARCHIVE', `找不到档案：${dir}。请检查路径。`);
  }
  const snapshot = await chooseSnapshot(dir, from);
  const release = await WriteLock.for(dir).acquire({ what: '从快照恢复', waitMs: 0 });
  let previous: string;
  try {
    previous = await setAside(dir);
    const db = path.join(dir, DB_NAME);
    const part = `${db}.${randomBytes(4).toString('hex')}.part`;
    try {
      await fs.copyFile(snapshot.file, part);
      const fh = await fs.open(part, 'r+');
      await fh.sync().finally(() => fh.close());
      // The old write-ahead log belongs to the old database: applied to the snapshot it would corrupt it.
      for (const ext of ['-wal', '-shm']) await fs.rm(db + ext, { force: true });
      await fs.rename(part, db);
    } catch (e) {
      await fs.rm(part, { force: true }).catch(() => undefined);
      throw writeErrorFor(e, dir) ?? e;
    }
  } finally {
    await release();
  }
  const archive = await Archive.open(dir);
  try {
    const known = new Set((await archive.db.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs`)).map((r) => r.sha256));
    const orphans = (await archive.store.list()).filter((s) => !known.has(s));
    const names = await namesIn(previous, orphans);
    // The damaged database may not tell them; the import journal beside it does.
    const journal = await journalNames(dir, new Set(orphans.filter((s) => !names.get(s)?.length)));
    for (const [sha, n] of journal) names.set(sha, n);
    const items = await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items WHERE deleted_at IS NULL`);
    const stored = new Set(await archive.store.list());
    const lost = [...known].filter((s) => !stored.has(s)).sort();
    const purged = await purgedOf(dir, lost);
    const missing: RestoreReport['missing'] = [];
    for (const s of lost) {
      const rows = await archive.db.all<{ name: string }>(sql`SELECT DISTINCT name FROM files WHERE sha256 = ${s} LIMIT 5`);
      missing.push({ file: blobRel(s), names: rows.map((r) => r.name), purged: purged.get(s)?.at ?? null });
    }
    return {
      missing,
      from: snapshot.file,
      taken: snapshot.taken,
      previous,
      items: items?.n ?? 0,
      unreferenced: orphans.map((s) => ({ file: blobRel(s), names: names.get(s) ?? [] })),
    };
  } finally {
    await archive.close();
  }
}

async function chooseSnapshot(dir: string, from?: string): Promise<SnapshotInfo> {
  const all = await listSnapshots(dir);
  if (from) {
    const byName = all.find((s) => s.name === from || s.file === path.resolve(from));
    const file = byName?.file ?? path.resolve(from);
    if (!(await fs.stat(file).catch(() => null))?.isFile()) throw new TaizhangError('BAD_INPUT', `找不到快照 ${from}。运行 taizhang snapshot ARCHIVE --list 查看有哪些快照。`);
    await checkVersion(file);
    return byName ?? { file, name: path.basename(file), taken: '', reason: 'manual', bytes: 0 };
  }
  for (const s of all.filter((x) => x.reason !== 'before-restore')) {
    if (await checkVersion(s.file).then(() => true, () => false)) return s;
  }
  throw new TaizhangError('NOT_FOUND', `${dir} 中没有可用的快照（snapshots/ 为空或都已损坏），无法恢复。请从备份恢复，或联系技术人员。`);
}

async function checkVersion(file: string): Promise<void> {
  const v = await checkSnapshot(file, APPLICATION_ID);
  if (v > SCHEMA_VERSION) throw new TaizhangError('ARCHIVE_TOO_NEW', `快照 ${path.basename(file)} 由更新版本的创建台账写入，请升级软件后再恢复。`);
}

/** Keeps the database as it is now (damaged or not) among the snapshots before it is replaced. */
async function setAside(dir: string): Promise<string> {
  const db = path.join(dir, DB_NAME);
  const dest = await newSnapshotPath(dir, 'before-restore');
  if (await fs.stat(db).catch(() => null)) {
    await fs.copyFile(db, dest);
    for (const ext of ['-wal', '-shm']) await fs.copyFile(db + ext, dest + ext).catch(() => undefined);
  }
  return dest;
}

/** The names under which the old database filed these originals, when it can still be read. */
async function namesIn(file: string, shas: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!shas.length) return out;
  const db = await Db.open(file, 'readonly').catch(() => null);
  if (!db) return out;
  try {
    for (const s of shas) {
      const rows = await db.all<{ name: string }>(sql`SELECT DISTINCT name FROM files WHERE sha256 = ${s} LIMIT 5`).catch(() => []);
      out.set(s, rows.map((r) => r.name));
    }
  } finally {
    await db.close().catch(() => undefined);
  }
  return out;
}
