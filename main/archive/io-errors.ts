// What a failed read or write means to the clerk. Every write path (import, edits, exports,
// uploads, thumbnails) turns system errors into one Chinese line that names the folder and what
// to do, so a full disk or a write-protected stick never reaches the clerk as a code.
import { TaizhangError } from '../../shared/errors';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const READ_ONLY = new Set(['EROFS']);

/** The system error code of e, when it is one (sqlite3 errors carry theirs in `code` too). */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A TaizhangError for a system error met while writing into `folder`, or null when e is not one of those. */
export function writeErrorFor(e: unknown, folder: string): TaizhangError | null {
  if (e instanceof TaizhangError) return e;
  const code = errnoOf(e);
  if (!code) return null;
  if (DISK_FULL.has(code) || code === 'SQLITE_FULL') {
    return new TaizhangError('DISK_FULL', `磁盘空间不足，无法写入 ${folder}。请在该磁盘上腾出空间（删除不用的文件或清空回收站）后重试；已存档的材料没有受影响。`);
  }
  if (READ_ONLY.has(code) || code === 'SQLITE_READONLY') {
    return new TaizhangError('READ_ONLY', `${folder} 所在的磁盘是只读的（写保护的 U 盘、光盘或只读共享），无法写入。请换一个可写的位置。`);
  }
  if (code === 'EIO' || code === 'SQLITE_IOERR') {
    return new TaizhangError('DAMAGED', `读写 ${folder} 时磁盘出错（可能是 U 盘被拔出或磁盘损坏）。请检查磁盘后重试。`);
  }
  return null;
}

/** Runs fn; a full disk, read-only medium or I/O error while writing into `folder` becomes a clear line. */
export async function writingInto<T>(folder: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw writeErrorFor(e, folder) ?? e;
  }
}
