// Copies of the database kept in the archive folder (snapshots/), so a damaged or mistaken
// database can be rolled back while the originals in files/ stay where they are. Taken with
// VACUUM INTO (a consistent copy while the archive is open): before every migration, on the first
// use of a day, and on demand. The last KEEP are kept.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Db, sql, trustedSql } from './db';
import { writeErrorFor } from './io-errors';
import { TaizhangError } from '../../shared/errors';

export const SNAPSHOT_DIR = 'snapshots';
export const KEEP = 7;
export type SnapshotReason = 'daily' | 'migration' | 'manual' | 'before-restore';

export interface SnapshotInfo {
  file: string;
  name: string;
  /** ISO time it was taken (from its name). */
  taken: string;
  reason: SnapshotReason | string;
  bytes: number;
}

const NAME = /^archive-(\d{8})-(\d{6})(?:-\d+)?-([a-z-]+)\.sqlite$/;

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function parseName(name: string): { taken: string; reason: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, d, t, reason] = m;
  return { taken: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}`, reason };
}

export async function listSnapshots(archiveDir: string): Promise<SnapshotInfo[]> {
  const dir = path.join(archiveDir, SNAPSHOT_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: SnapshotInfo[] = [];
  for (const name of names) {
    const parsed = parseName(name);
    if (!parsed) continue;
    const st = await fs.lstat(path.join(dir, name)).catch(() => null);
    if (!st?.isFile()) continue;
    out.push({ file: path.join(dir, name), name, ...parsed, bytes: st.size });
  }
  // Newest first; the name sorts by time.
  return out.sort((a, b) => b.name.localeCompare(a.name));
}

/** Writes a consistent copy of the open database to `dest` (which must not exist) and flushes it. */
export async function copyDatabase(db: Db, dest: string): Promise<void> {
  const part = `${dest}.${randomBytes(4).toString('hex')}.part`;
  try {
    await db.exec(sql`VACUUM INTO ${part}`);
    const fh = await fs.open(part, 'r+');
    await fh.sync().finally(() => fh.close());
    await fs.rename(part, dest);
  } catch (e) {
    await fs.rm(part, { force: true }).catch(() => undefined);
    throw writeErrorFor(e, path.dirname(dest)) ?? e;
  }
}

/** A new, unused path in snapshots/ for a snapshot taken now for `reason` (the folder is made). */
export async function newSnapshotPath(archiveDir: string, reason: SnapshotReason): Promise<string> {
  const dir = path.join(archiveDir, SNAPSHOT_DIR);
  await fs.mkdir(dir, { recursive: true }).catch((e) => {
    throw writeErrorFor(e, dir) ?? e;
  });
  const base = `archive-${stamp(new Date())}`;
  let name = `${base}-${reason}.sqlite`;
  for (let n = 2; await fs.lstat(path.join(dir, name)).then(() => true, () => false); n++) name = `${base}-${n}-${reason}.sqlite`;
  return path.join(dir, name);
}

export async function takeSnapshot(db: Db, archiveDir: string, reason: SnapshotReason): Promise<SnapshotInfo> {
  const file = await newSnapshotPath(archiveDir, reason);
  await copyDatabase(db, file);
  await prune(archiveDir);
  const name = path.basename(file);
  return { file, name, ...parseName(name)!, bytes: (await fs.stat(file)).size };
}

async function prune(archiveDir: string): Promise<void> {
  for (const old of (await listSnapshots(archiveDir)).slice(KEEP)) {
    for (const ext of ['', '-wal', '-shm']) await fs.rm(old.file + ext, { force: true });
  }
}

/** Whether today's snapshot is still to be taken (one a day of use). */
export async function dailyDue(archiveDir: string, now = new Date()): Promise<boolean> {
  const today = stamp(now).slice(0, 8);
  const [latest] = await listSnapshots(archiveDir);
  return !latest || latest.name.slice('archive-'.length, 'archive-'.length + 8) !== today;
}

/** Opens a snapshot read-only and checks it is a sound database of ours; returns its schema version. */
export async function checkSnapshot(file: string, applicationId: number): Promise<number> {
  let db: Db;
  try {
    db = await Db.open(file, 'readonly');
  } catch {
    throw new TaizhangError('DAMAGED', `快照 ${path.basename(file)} 无法打开。请换一个快照（taizhang restore ARCHIVE --from 快照文件）。`);
  }
  try {
    const ok = await db.all<{ integrity_check: string }>(trustedSql('PRAGMA integrity_check')).catch(() => []);
    const id = await db.get<{ application_id: number }>(trustedSql('PRAGMA application_id')).catch(() => undefined);
    if (ok.length !== 1 || ok[0].integrity_check !== 'ok' || id?.application_id !== applicationId) {
      throw new TaizhangError('DAMAGED', `快照 ${path.basename(file)} 已损坏或不是创建台账的档案数据库，请换一个快照。`);
    }
    const v = await db.get<{ user_version: number }>(trustedSql('PRAGMA user_version'));
    return v?.user_version ?? 0;
  } finally {
    await db.close().catch(() => undefined);
  }
}
