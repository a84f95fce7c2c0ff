// An archive is one folder a clerk can copy to a USB stick: archive.sqlite plus the file store.
// Every path kept in the database is relative to that folder.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db, sql, trustedSql } from './db';
import { APPLICATION_ID, migrate, schemaVersion } from './migrate';
import { SCHEMA_VERSION } from './migrations';
import { FileStore } from './store';
import { WriteLock, type AcquireOptions } from './write-lock';
import { copyDatabase, dailyDue, listSnapshots, takeSnapshot } from './snapshots';
import { damagedDatabase, errnoOf } from './io-errors';
import { TaizhangError } from '../../shared/errors';
import type { Campaign, Retention } from '../../shared/domain';

export const DB_NAME = 'archive.sqlite';

export interface CampaignRow {
  name: string;
  unit: string;
  fonds: string;
  year: number | null;
  window_start: string | null;
  window_end: string | null;
  retention: Retention;
  org_code: string;
  count_submitted: number;
  mode: 'office' | 'department';
}

export interface OpenOptions {
  /** Open for reading only, even where the folder could be written. */
  readOnly?: boolean;
}

type Medium = 'readwrite' | 'readonly' | 'immutable';

/** Errors that mean "this medium cannot be written" when met while opening for writing. */
const CANNOT_WRITE = new Set(['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL', 'EROFS', 'ENOSPC', 'EACCES', 'EPERM']);

export class Archive {
  /** Why the archive was opened read-only (write-protected medium, full disk…), or null when it can be written. */
  readonly readOnlyReason: string | null;
  private readonly lock: WriteLock;

  private constructor(
    readonly dir: string,
    readonly db: Db,
    readonly store: FileStore,
    readOnlyReason: string | null,
    /** A temporary folder holding an upgraded copy of a read-only archive's database, removed on close. */
    private readonly tempDir: string | null = null,
  ) {
    this.readOnlyReason = readOnlyReason;
    this.lock = WriteLock.for(dir);
    db.setWriteGuard(() => this.acquireWrite({ waitMs: 3000 }));
  }

  get readOnly(): boolean {
    return this.readOnlyReason != null;
  }

  /** Refuses at once, with the reason, when nothing may be written. */
  assertWritable(): void {
    if (this.readOnlyReason) throw new TaizhangError('READ_ONLY', `档案是只读打开的（${this.readOnlyReason}），不能修改。请把整个档案文件夹复制到可写的位置后再打开。`);
  }

  /** Takes the archive's writer lock (waiting up to opts.waitMs for another writer); resolves to its release. */
  async acquireWrite(opts: AcquireOptions = {}): Promise<() => Promise<void>> {
    this.assertWritable();
    return this.lock.acquire({ what: writerName, ...opts });
  }

  /** Runs fn as this archive's one writer (an import: all its transactions under one lock). */
  async writing<T>(fn: () => Promise<T>, opts: AcquireOptions = {}): Promise<T> {
    this.assertWritable();
    return this.lock.with(fn, { what: writerName, ...opts });
  }

  static async create(dir: string, campaign: Partial<Campaign> & { name: string }): Promise<Archive> {
    const abs = path.resolve(dir);
    const exists = await fs.stat(path.join(abs, DB_NAME)).then(
      () => true,
      () => false,
    );
    if (exists) throw new TaizhangError('ARCHIVE_EXISTS', `该文件夹已是一个档案：${abs}。如要继续使用，请直接打开它。`);
    // An archive beside the clerk's own files would mix stored copies with originals.
    const entries = (await fs.readdir(abs).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
    if (entries.length) throw new TaizhangError('BAD_INPUT', `文件夹 ${abs} 不是空的，请为档案新建一个空文件夹。`);
    await fs.mkdir(abs, { recursive: true });
    const archive = await Archive.connect(abs, 'create');
    const c = { ...defaultCampaign(campaign.name), ...campaign };
    await archive.db.transaction((tx) =>
      // archive_uid: the identity a 回传包 names (migration 007 gave one only to archives that existed then).
      tx.run(sql`INSERT INTO campaign (id, name, unit, fonds, year, window_start, window_end, retention, org_code, created_at, archive_uid)
      VALUES (1, ${c.name}, ${c.unit}, ${c.fonds}, ${c.year}, ${c.windowStart}, ${c.windowEnd}, ${c.retention}, ${c.orgCode}, ${new Date().toISOString()}, ${randomBytes(16).toString('hex')})`),
    );
    return archive;
  }

  static async open(dir: string, opts: OpenOptions = {}): Promise<Archive> {
    const abs = path.resolve(dir);
    const stat = await fs.stat(path.join(abs, DB_NAME)).catch(() => null);
    if (!stat?.isFile()) {
      throw new TaizhangError('NOT_AN_ARCHIVE', `找不到档案：${abs} 中没有 ${DB_NAME}。请检查路径；如果还没有档案，请先新建档案。`);
    }
    if (opts.readOnly) return Archive.connect(abs, 'readonly', '按只读方式打开');
    const medium = await mediumOf(abs);
    if (medium.mode !== 'readwrite') return Archive.connect(abs, medium.mode, medium.reason);
    try {
      return await Archive.connect(abs, 'readwrite');
    } catch (e) {
      if (e instanceof TaizhangError || !CANNOT_WRITE.has(errnoOf(e) ?? '')) throw e;
      // A full disk or a medium that refuses writes can still be read.
      const reason = errnoOf(e) === 'SQLITE_FULL' || errnoOf(e) === 'ENOSPC' ? '磁盘已满' : '档案所在的位置不能写入';
      return Archive.connect(abs, 'readonly', reason).catch(() => Archive.connect(abs, 'immutable', reason));
    }
  }

  private static async connect(abs: string, mode: 'create' | Medium, readOnlyReason: string | null = null): Promise<Archive> {
    let db: Db;
    try {
      db = await Db.open(path.join(abs, DB_NAME), mode);
    } catch (e) {
      // A write-ahead-logged database on a medium without its -shm file opens only as immutable.
      if (mode === 'readonly' && errnoOf(e) === 'SQLITE_CANTOPEN') return Archive.connect(abs, 'immutable', readOnlyReason);
      throw e;
    }
    const writable = mode === 'create' || mode === 'readwrite';
    const archive = new Archive(abs, db, new FileStore(abs), writable ? null : (readOnlyReason ?? '只读'));
    try {
      const appId = await db.get<{ application_id: number }>(trustedSql('PRAGMA application_id'));
      const version = await schemaVersion(db);
      if (appId && appId.application_id !== 0 && appId.application_id !== APPLICATION_ID) {
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 不是创建台账的档案文件。`);
      }
      if (mode !== 'create' && version === 0 && appId?.application_id === 0) {
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 是空的或不是创建台账的档案文件。`);
      }
      if (writable) {
        await db.exec(trustedSql('PRAGMA journal_mode = WAL'));
        await db.exec(trustedSql('PRAGMA foreign_keys = ON'));
        await db.exec(trustedSql('PRAGMA busy_timeout = 5000'));
        await db.exec(trustedSql('PRAGMA synchronous = NORMAL'));
        // A migration rewrites the schema: the database as it was is kept first.
        if (version > 0 && version < SCHEMA_VERSION) await takeSnapshot(db, abs, 'migration');
        await migrate(db);
        await archive.store.init();
        if (version > 0) await archive.dailySnapshot();
      } else {
        await db.exec(trustedSql('PRAGMA busy_timeout = 5000'));
        if (version > SCHEMA_VERSION) await migrate(db);
        // An archive burned to a disc by an older version is still read: its database is copied
        // to a temporary folder and brought up to date there; the originals stay where they are.
        if (version < SCHEMA_VERSION) {
          const copy = await migratedCopy(db);
          await db.close();
          return new Archive(abs, copy.db, new FileStore(abs), `${archive.readOnlyReason}；较早版本的档案，已在临时副本中升级后打开`, copy.dir);
        }
      }
    } catch (e) {
      await db.close().catch(() => undefined);
      const code = errnoOf(e);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        const damaged = await damagedDatabase(abs, (await listSnapshots(abs)).filter((x) => x.reason !== 'before-restore'));
        if (damaged) throw damaged;
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 已损坏或不是 SQLite 数据库。`);
      }
      throw e;
    }
    return archive;
  }

  /** One snapshot a day of use, taken on opening; a failure (full disk) never stops the clerk. */
  private async dailySnapshot(): Promise<void> {
    if (!(await dailyDue(this.dir))) return;
    const items = await this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`).catch(() => null);
    if (!items?.n) return;
    await takeSnapshot(this.db, this.dir, 'daily').catch(() => undefined);
  }

  async campaign(): Promise<Campaign> {
    const r = await this.db.get<CampaignRow>(sql`SELECT * FROM campaign WHERE id = 1`);
    if (!r) throw new TaizhangError('NOT_AN_ARCHIVE', '档案缺少创建项目信息。');
    return {
      name: r.name,
      unit: r.unit,
      fonds: r.fonds,
      year: r.year,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      retention: r.retention,
      orgCode: r.org_code,
      countSubmitted: r.count_submitted === 1,
      mode: r.mode,
    };
  }

  async updateCampaign(patch: Partial<Campaign>): Promise<Campaign> {
    const c = { ...(await this.campaign()), ...patch };
    await this.db.transaction((tx) => tx.run(sql`UPDATE campaign SET name = ${c.name}, unit = ${c.unit}, fonds = ${c.fonds}, year = ${c.year},
      window_start = ${c.windowStart}, window_end = ${c.windowEnd}, retention = ${c.retention}, org_code = ${c.orgCode},
      count_submitted = ${c.countSubmitted ?? false} WHERE id = 1`));
    return c;
  }

  async close(): Promise<void> {
    // Folded back into the database file, so a copy of the folder (to a disc, a stick) is whole.
    if (!this.readOnly) await this.db.exec(trustedSql('PRAGMA wal_checkpoint(TRUNCATE)')).catch(() => undefined);
    await this.db.close();
    if (this.tempDir) await fs.rm(this.tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function defaultCampaign(name: string): Campaign {
  return { name, unit: '', fonds: '', year: null, windowStart: null, windowEnd: null, retention: 'D30', orgCode: '', countSubmitted: false };
}

/** Name a writer gives itself in the lock another writer sees ("taizhang import"). */
let writerName = '创建台账';
export function setWriterName(name: string): void {
  writerName = name;
}

async function migratedCopy(db: Db): Promise<{ db: Db; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-ro-'));
  try {
    const file = path.join(dir, DB_NAME);
    await copyDatabase(db, file);
    const copy = await Db.open(file, 'readwrite');
    await migrate(copy).catch(async (e) => {
      await copy.close();
      throw e;
    });
    return { db: copy, dir };
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Whether the archive folder can be written, judged before SQLite tries. */
async function mediumOf(abs: string): Promise<{ mode: Medium; reason: string | null }> {
  for (const p of [abs, path.join(abs, DB_NAME)]) {
    const err = await fs.access(p, fsConstants.W_OK).then(
      () => null,
      (e: NodeJS.ErrnoException) => e.code,
    );
    // A read-only file system never changes under us: SQLite may skip locking (immutable).
    if (err === 'EROFS') return { mode: 'immutable', reason: '档案在只读的磁盘、光盘或写保护的 U 盘上' };
    if (err === 'EACCES' || err === 'EPERM') return { mode: 'readonly', reason: '没有写入档案文件夹的权限' };
  }
  return { mode: 'readwrite', reason: null };
}
