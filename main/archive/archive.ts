// An archive is one folder a clerk can copy to a USB stick: archive.sqlite plus the file store.
// Every path kept in the database is relative to that folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Db, sql, trustedSql } from './db';
import { APPLICATION_ID, migrate } from './migrate';
import { FileStore } from './store';
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
}

export class Archive {
  private constructor(
    readonly dir: string,
    readonly db: Db,
    readonly store: FileStore,
  ) {}

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
    await archive.db.run(sql`INSERT INTO campaign (id, name, unit, fonds, year, window_start, window_end, retention, org_code, created_at)
      VALUES (1, ${c.name}, ${c.unit}, ${c.fonds}, ${c.year}, ${c.windowStart}, ${c.windowEnd}, ${c.retention}, ${c.orgCode}, ${new Date().toISOString()})`);
    return archive;
  }

  static async open(dir: string): Promise<Archive> {
    const abs = path.resolve(dir);
    const stat = await fs.stat(path.join(abs, DB_NAME)).catch(() => null);
    if (!stat?.isFile()) {
      throw new TaizhangError('NOT_AN_ARCHIVE', `找不到档案：${abs} 中没有 ${DB_NAME}。请检查路径；如果还没有档案，请先新建档案。`);
    }
    return Archive.connect(abs, 'readwrite');
  }

  private static async connect(abs: string, mode: 'create' | 'readwrite'): Promise<Archive> {
    const db = await Db.open(path.join(abs, DB_NAME), mode);
    try {
      const appId = await db.get<{ application_id: number }>(trustedSql('PRAGMA application_id'));
      const version = await db.get<{ user_version: number }>(trustedSql('PRAGMA user_version'));
      if (appId && appId.application_id !== 0 && appId.application_id !== APPLICATION_ID) {
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 不是创建台账的档案文件。`);
      }
      if (mode === 'readwrite' && version?.user_version === 0 && appId?.application_id === 0) {
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 是空的或不是创建台账的档案文件。`);
      }
      await db.exec(trustedSql('PRAGMA journal_mode = WAL'));
      await db.exec(trustedSql('PRAGMA foreign_keys = ON'));
      await db.exec(trustedSql('PRAGMA busy_timeout = 5000'));
      await db.exec(trustedSql('PRAGMA synchronous = NORMAL'));
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => undefined);
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new TaizhangError('NOT_AN_ARCHIVE', `${abs} 中的 ${DB_NAME} 已损坏或不是 SQLite 数据库。`);
      }
      throw e;
    }
    const store = new FileStore(abs);
    await store.init();
    return new Archive(abs, db, store);
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
    };
  }

  async updateCampaign(patch: Partial<Campaign>): Promise<Campaign> {
    const c = { ...(await this.campaign()), ...patch };
    await this.db.run(sql`UPDATE campaign SET name = ${c.name}, unit = ${c.unit}, fonds = ${c.fonds}, year = ${c.year},
      window_start = ${c.windowStart}, window_end = ${c.windowEnd}, retention = ${c.retention}, org_code = ${c.orgCode} WHERE id = 1`);
    return c;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export function defaultCampaign(name: string): Campaign {
  return { name, unit: '', fonds: '', year: null, windowStart: null, windowEnd: null, retention: 'D30', orgCode: '' };
}
