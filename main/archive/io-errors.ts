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

/** The message for a database SQLite calls corrupt, offering the newest snapshot when there is one. */
export async function damagedDatabase(dir: string, snapshots: { name: string; taken: string }[]): Promise<TaizhangError | null> {
  if (!snapshots.length) return null;
  const latest = snapshots[0];
  const when = latest.taken.replace('T', ' ').slice(0, 16);
  return new TaizhangError(
    'DAMAGED',
    `${dir} 的档案数据库已损坏（存储的原件在 files/ 中，不受影响）。可以从 ${when} 的快照恢复：taizhang restore "${dir}"（或在软件中选“从快照恢复”）。`,
  );
}

/** A SQLite error met anywhere, as one line for the clerk; null when e is not one. */
export function databaseErrorFor(e: unknown): TaizhangError | null {
  const code = errnoOf(e);
  if (!code?.startsWith('SQLITE_')) return null;
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new TaizhangError('BUSY', '档案数据库正被另一个程序占用（可能是另一个窗口或数据库工具），请关闭它后重试。');
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new TaizhangError('DAMAGED', '档案数据库已损坏（存储的原件在 files/ 中，不受影响）。请运行 taizhang verify 检查，并用 taizhang restore 从快照恢复。');
    case 'SQLITE_FULL':
      return new TaizhangError('DISK_FULL', '磁盘空间不足，档案数据库无法写入。请腾出空间后重试；已存档的内容没有受影响。');
    case 'SQLITE_READONLY':
      return new TaizhangError('READ_ONLY', '档案在只读的位置，不能修改。请把整个档案文件夹复制到可写的位置后再打开。');
    case 'SQLITE_CANTOPEN':
      return new TaizhangError('BAD_INPUT', '无法打开档案数据库：文件夹不可访问或磁盘已满。请检查档案所在的磁盘。');
    case 'SQLITE_IOERR':
      return new TaizhangError('DAMAGED', '读写档案数据库时磁盘出错（磁盘已满、U 盘被拔出或磁盘损坏）。请检查磁盘后重试。');
    default:
      return null;
  }
}
