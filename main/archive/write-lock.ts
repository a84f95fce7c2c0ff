// One writer at a time, by design. Every process that writes to an archive (the app, a CLI
// import, a second window) first takes writer.lock in the archive folder: a file created with the
// exclusive flag, holding who took it (pid, host, what, when). Readers never take it: SQLite's WAL
// lets them read while a writer works. Inside one process the lock is counted, so nested writes
// (an import's many transactions) take it once. A holder refreshes the file's time while it
// works, so a lock left by a killed process is recognised (dead pid on this host, or no refresh
// for two minutes from another host) and broken.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TaizhangError } from '../../shared/errors';
import { writeErrorFor } from './io-errors';

export const LOCK_NAME = 'writer.lock';
const HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 120_000;
const TORN_AFTER_MS = 5_000;
const POLL_MS = 200;

export interface LockHolder {
  pid: number;
  host: string;
  what: string;
  started: string;
}

export interface AcquireOptions {
  /** What this process is doing, for the message another writer sees ("导入材料"). */
  what?: string;
  /** How long to wait for another writer to finish; 0 refuses at once. */
  waitMs?: number;
  /** Told once when the wait begins (the CLI prints a line). */
  onWait?: (holder: LockHolder) => void;
}

/** Whether a process of this machine runs (EPERM: it does, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<{ holder: LockHolder | null; mtimeMs: number } | null> {
  const st = await fs.lstat(file).catch(() => null);
  if (!st) return null;
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  try {
    const h = JSON.parse(text) as LockHolder;
    return { holder: typeof h.pid === 'number' ? h : null, mtimeMs: st.mtimeMs };
  } catch {
    // A lock being written this instant, or a torn one left by a crash: judged by its age.
    return { holder: null, mtimeMs: st.mtimeMs };
  }
}

/** Creates the lock file, or nothing: a write that fails (a full disk) leaves no empty lock behind. */
async function createLockFile(file: string, text: string): Promise<void> {
  const fh = await fs.open(file, 'wx');
  try {
    await fh.writeFile(text);
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    throw e;
  }
}

function isStale(found: { holder: LockHolder | null; mtimeMs: number }): boolean {
  const age = Date.now() - found.mtimeMs;
  // A lock is written in one go right after it is created: one still unreadable after a few seconds was torn by a crash.
  if (!found.holder) return age > TORN_AFTER_MS;
  if (found.holder && found.holder.host === os.hostname()) return !pidAlive(found.holder.pid);
  return age > STALE_AFTER_MS;
}

export function describeHolder(h: LockHolder | null): string {
  if (!h) return '另一个程序';
  const when = new Date(h.started);
  const time = Number.isNaN(when.getTime()) ? h.started : `${when.toLocaleDateString('zh-CN')} ${when.toLocaleTimeString('zh-CN', { hour12: false })}`;
  const where = h.host === os.hostname() ? '本机' : `计算机 ${h.host} 上`;
  return `${where}的${h.what || '另一个程序'}（进程 ${h.pid}，开始于 ${time}）`;
}

/** One lock object per archive folder in this process, however many connections are open on it. */
const byFolder = new Map<string, WriteLock>();

export class WriteLock {
  static for(dir: string): WriteLock {
    let lock = byFolder.get(dir);
    if (!lock) byFolder.set(dir, (lock = new WriteLock(dir)));
    return lock;
  }

  private count = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly me: LockHolder;
  private taking: Promise<void> | null = null;

  private constructor(readonly dir: string) {
    this.me = { pid: process.pid, host: os.hostname(), what: '', started: '' };
  }

  private get file(): string {
    return path.join(this.dir, LOCK_NAME);
  }

  /** Takes the lock (or counts one more use of it); resolves to the release function. */
  async acquire(opts: AcquireOptions = {}): Promise<() => Promise<void>> {
    while (this.taking) await this.taking.catch(() => undefined);
    if (this.count === 0) {
      this.taking = this.take(opts);
      try {
        await this.taking;
      } finally {
        this.taking = null;
      }
    }
    this.count++;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      if (--this.count === 0) await this.drop();
    };
  }

  /** Runs fn holding the lock. */
  async with<T>(fn: () => Promise<T>, opts: AcquireOptions = {}): Promise<T> {
    const release = await this.acquire(opts);
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  get held(): boolean {
    return this.count > 0;
  }

  private async take(opts: AcquireOptions): Promise<void> {
    const deadline = Date.now() + (opts.waitMs ?? 0);
    const me: LockHolder = { ...this.me, what: opts.what ?? '创建台账', started: new Date().toISOString() };
    let told = false;
    for (;;) {
      try {
        await createLockFile(this.file, JSON.stringify(me));
        this.heartbeat = setInterval(() => void fs.utimes(this.file, new Date(), new Date()).catch(() => undefined), HEARTBEAT_MS);
        this.heartbeat.unref();
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErrorFor(e, this.dir) ?? e;
      }
      const found = await readHolder(this.file);
      if (!found) continue;
      if (isStale(found)) {
        await this.breakStale(found);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new TaizhangError('BUSY', `档案正在被${describeHolder(found.holder)}写入，请等它完成后再试。`);
      }
      if (!told) {
        told = true;
        if (found.holder) opts.onWait?.(found.holder);
      }
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  /**
   * Moves a stale lock aside. Two processes may judge the same lock stale at once; the rename lets
   * only one of them move it, and one that finds it moved a fresh lock instead puts it back.
   */
  private async breakStale(judged: { holder: LockHolder | null; mtimeMs: number }): Promise<void> {
    const aside = `${this.file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(this.file, aside);
    } catch {
      return;
    }
    const moved = await readHolder(aside);
    const same = moved && JSON.stringify(moved.holder) === JSON.stringify(judged.holder);
    if (!same) await fs.link(aside, this.file).catch(() => undefined);
    await fs.rm(aside, { force: true });
  }

  private async drop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // Only our own lock is removed: one broken as stale and taken by another is theirs.
    const found = await readHolder(this.file);
    if (found?.holder?.pid === this.me.pid && found.holder.host === this.me.host) await fs.rm(this.file, { force: true });
  }
}
