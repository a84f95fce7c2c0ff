import { Db, trustedSql } from './db';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { TaizhangError } from '../../shared/errors';

/** Marks the file as ours (PRAGMA application_id), so another program's SQLite file is refused. */
export const APPLICATION_ID = 0x545a4731; // "TZG1"

export async function schemaVersion(db: Db): Promise<number> {
  const row = await db.get<{ user_version: number }>(trustedSql('PRAGMA user_version'));
  return row?.user_version ?? 0;
}

/**
 * Brings the schema up to date. Each migration runs in one exclusive transaction and is checked
 * (integrity, foreign keys) before it commits, so a failed step leaves the previous version intact.
 */
export async function migrate(db: Db): Promise<{ from: number; to: number }> {
  const from = await schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new TaizhangError(
      'ARCHIVE_TOO_NEW',
      `此档案由更新版本的创建台账写入（数据版本 ${from}，本程序支持到 ${SCHEMA_VERSION}），请升级软件后再打开。`,
    );
  }
  for (const m of MIGRATIONS.filter((m) => m.version > from)) {
    await db.transaction(async (tx) => {
      await tx.exec(trustedSql(m.up));
      await m.after?.(tx);
      const integrity = await tx.all<{ integrity_check: string }>(trustedSql('PRAGMA integrity_check'));
      if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
        throw new Error(`migration ${m.version} ${m.name}: integrity_check failed: ${JSON.stringify(integrity)}`);
      }
      const fk = await tx.all(trustedSql('PRAGMA foreign_key_check'));
      if (fk.length) throw new Error(`migration ${m.version} ${m.name}: foreign_key_check: ${JSON.stringify(fk)}`);
      // PRAGMA takes no bound parameters; the version is an integer from our own table.
      await tx.exec(trustedSql(`PRAGMA user_version = ${Number(m.version) | 0}`));
      if (m.version === 1) await tx.exec(trustedSql(`PRAGMA application_id = ${Number(APPLICATION_ID)}`));
    }, 'EXCLUSIVE');
  }
  return { from, to: SCHEMA_VERSION };
}
