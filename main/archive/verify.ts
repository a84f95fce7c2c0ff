// verify: is the database sound, and is every stored file still the bytes it was filed as?
import fs from 'node:fs/promises';
import path from 'node:path';
import { Archive } from './archive';
import { sql, trustedSql } from './db';
import { blobRel, hashFile } from './store';
import { throwIfCancelled, type JobOptions } from '../jobs/cancel';

export interface VerifyProblem {
  kind: 'database' | 'foreign_key' | 'missing_file' | 'hash_mismatch' | 'size_mismatch';
  message: string;
  sha256?: string;
}

export interface VerifyReport {
  ok: boolean;
  files: number;
  bytes: number;
  problems: VerifyProblem[];
  /** Harmless leftovers: stored files no item refers to (an interrupted import), temporary parts. */
  notices: string[];
}

export async function verifyArchive(archive: Archive, opts: JobOptions = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const notices: string[] = [];
  const integrity = await archive.db.all<{ integrity_check: string }>(trustedSql('PRAGMA integrity_check'));
  if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
    for (const r of integrity) problems.push({ kind: 'database', message: `数据库完整性检查失败：${r.integrity_check}` });
  }
  const fk = await archive.db.all<{ table: string; rowid: number; parent: string }>(trustedSql('PRAGMA foreign_key_check'));
  for (const r of fk) problems.push({ kind: 'foreign_key', message: `数据库引用错误：${r.table} 第 ${r.rowid} 行指向不存在的 ${r.parent}` });

  const blobs = await archive.db.all<{ sha256: string; size: number }>(sql`SELECT sha256, size FROM blobs ORDER BY sha256`);
  let bytes = 0;
  let done = 0;
  for (const b of blobs) {
    throwIfCancelled(opts.signal);
    const abs = archive.store.abs(blobRel(b.sha256));
    const st = await fs.stat(abs).catch(() => null);
    const which = async () => {
      const uses = await archive.db.all<{ name: string; title: string }>(
        sql`SELECT f.name, i.title FROM files f JOIN items i ON i.id = f.item_id WHERE f.sha256 = ${b.sha256} LIMIT 3`,
      );
      const names = uses.map((u) => `《${u.title}》中的“${u.name}”`).join('、');
      return `${names || '未登记的文件'}（${blobRel(b.sha256)}）`;
    };
    if (!st) {
      problems.push({ kind: 'missing_file', sha256: b.sha256, message: `存储的文件丢失：${await which()}` });
    } else if (st.size !== b.size) {
      problems.push({ kind: 'size_mismatch', sha256: b.sha256, message: `文件大小已改变：${await which()}，应为 ${b.size} 字节，实为 ${st.size}` });
    } else {
      const h = await hashFile(abs, opts.signal);
      if (h.sha256 !== b.sha256) problems.push({ kind: 'hash_mismatch', sha256: b.sha256, message: `文件内容已被改动：${await which()}` });
      bytes += h.size;
    }
    opts.onProgress?.({ phase: '校验文件', done: ++done, total: blobs.length });
  }
  const known = new Set(blobs.map((b) => b.sha256));
  const orphans = (await archive.store.list()).filter((s) => !known.has(s));
  if (orphans.length) notices.push(`有 ${orphans.length} 个已存储但未登记的文件（可能是中断的导入留下的），不影响档案。`);
  const tmp = await fs.readdir(path.join(archive.dir, 'tmp')).catch(() => [] as string[]);
  if (tmp.length) notices.push(`临时文件夹中有 ${tmp.length} 个未完成的文件（中断的导入留下的），以后导入时会自动清理。`);
  return { ok: problems.length === 0, files: blobs.length, bytes, problems, notices };
}
