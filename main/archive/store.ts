// The content-addressed store: files/ab/ab12…(sha256), relative to the archive folder.
// A file is streamed into tmp/ while it is hashed, flushed, re-read (size and hash of what landed
// on the disk, so a short write on a full disk is caught), then hard-linked to its final name.
// link() fails with EEXIST when the same bytes are already stored (a duplicate, found for free);
// the existing copy is then checked too, and a damaged one is replaced by the good bytes. Nothing
// half-written is ever exposed: a killed import leaves at most a stray tmp/ part. The source is
// opened before it is looked at (no FIFO hangs, no device is read, a link cannot be swapped in
// between), and only a regular file is read.
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TaizhangError } from '../../shared/errors';
import { specialKind } from './file-kinds';
import { limitText } from '../../shared/names';

export interface PutResult {
  sha256: string;
  size: number;
  /** Path relative to the archive folder. */
  rel: string;
  /** false when identical bytes were already stored. */
  stored: boolean;
  /** true when a stored copy under this name was damaged (cut short, changed, a link) and was replaced by these bytes. */
  repaired: boolean;
}

export interface PutOptions {
  signal?: AbortSignal;
  /** Refuse files larger than this many bytes (checked before and during the copy). */
  maxBytes?: number;
}

/** The largest file the store takes by default: far above any evidence, below what fills a USB stick by mistake. */
export const MAX_FILE_BYTES = 8 * 1024 ** 3;

const SHA_RE = /^[0-9a-f]{64}$/;

export function blobRel(sha256: string): string {
  if (!SHA_RE.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `files/${sha256.slice(0, 2)}/${sha256}`;
}

export function thumbRel(sha256: string): string {
  if (!SHA_RE.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `thumbs/${sha256.slice(0, 2)}/${sha256}.jpg`;
}

export async function hashFile(abs: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const fh = await fs.open(abs, 'r');
  const buf = takeChunk();
  try {
    for (;;) {
      if (signal?.aborted) throw new TaizhangError('CANCELLED', '操作已取消。');
      const { bytesRead } = await fh.read(buf, 0, buf.length, size);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    giveChunk(buf);
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}

// The 1 MB buffers files are copied and hashed through, kept for the next file: a fresh one costs
// more in page faults than hashing the megabyte it holds (bench:intake, 12 MP photos).
const spareChunks: Buffer[] = [];
function takeChunk(): Buffer {
  return spareChunks.pop() ?? Buffer.allocUnsafeSlow(1 << 20);
}
function giveChunk(b: Buffer): void {
  if (spareChunks.length < 8) spareChunks.push(b);
}

export class FileStore {
  constructor(readonly root: string) {}

  abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  async init(): Promise<void> {
    await fs.mkdir(path.join(this.root, 'files'), { recursive: true });
    await fs.mkdir(path.join(this.root, 'thumbs'), { recursive: true });
    await fs.mkdir(path.join(this.root, 'tmp'), { recursive: true });
  }

  /**
   * Removes parts left by interrupted imports. Only parts older than `olderThanMs` go, so that an
   * import running in another window of the same archive keeps its own.
   */
  async cleanTmp(olderThanMs = 6 * 3600_000): Promise<number> {
    const dir = path.join(this.root, 'tmp');
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const n of names) {
      const p = path.join(dir, n);
      const st = await fs.stat(p).catch(() => null);
      if (st && Date.now() - st.mtimeMs >= olderThanMs) {
        await fs.rm(p, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }

  tmpPath(suffix = '.part'): string {
    return path.join(this.root, 'tmp', `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}${suffix}`);
  }

  async has(sha256: string): Promise<boolean> {
    return fs.lstat(this.abs(blobRel(sha256))).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /** Copies srcAbs into the store, hashing while streaming; never reads the whole file into memory. */
  async put(srcAbs: string | Buffer, opts: PutOptions | AbortSignal = {}): Promise<PutResult> {
    const { signal, maxBytes = MAX_FILE_BYTES } = opts instanceof AbortSignal ? { signal: opts } : opts;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what was opened.
    const src = await fs.open(srcAbs, fsc.O_RDONLY | fsc.O_NONBLOCK);
    let tmp: string | null = null;
    try {
      const st = await src.stat();
      if (!st.isFile()) throw new TaizhangError('BAD_INPUT', `这是${specialKind(st)}，不是普通文件，未读取`);
      if (st.size > maxBytes) throw tooLarge(st.size, maxBytes);
      tmp = this.tmpPath();
      const { sha256, size } = await copyHashing(src, tmp, maxBytes, signal);
      await checkLanded(tmp, sha256, size, this.root);
      const rel = blobRel(sha256);
      const dest = this.abs(rel);
      await fs.mkdir(path.dirname(dest), { recursive: true });
      const outcome = await this.settle(tmp, dest, sha256, size);
      await fs.rm(tmp, { force: true });
      tmp = null;
      return { sha256, size, rel, stored: outcome !== 'existing', repaired: outcome === 'repaired' };
    } catch (e) {
      if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    } finally {
      await src.close().catch(() => undefined);
    }
  }

  /**
   * Puts the verified part at its hash name. 'linked'/'moved': stored anew; 'existing': the same
   * bytes were already there and check out; 'repaired': what was there did not, and was replaced.
   */
  private async settle(tmp: string, dest: string, sha256: string, size: number): Promise<'linked' | 'moved' | 'existing' | 'repaired'> {
    try {
      await fs.link(tmp, dest);
      await fs.chmod(dest, 0o444).catch(() => undefined);
      return 'linked';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        if (await isGoodCopy(dest, sha256, size)) return 'existing';
        await replaceWith(tmp, dest);
        return 'repaired';
      }
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
        // File systems without hard links (FAT on a USB stick): rename is still atomic.
        const there = await fs.lstat(dest).catch(() => null);
        if (there && (await isGoodCopy(dest, sha256, size))) return 'existing';
        await replaceWith(tmp, dest);
        return there ? 'repaired' : 'moved';
      }
      throw e;
    }
  }

  /**
   * The absolute path of a stored file or thumbnail after checking it is a regular file inside the
   * store, reached through no link: exports and doors read stored files only through this.
   */
  async checkedAbs(rel: string): Promise<string> {
    const parts = rel.split('/');
    if (parts.length !== 3 || !['files', 'thumbs'].includes(parts[0]) || parts.some((p) => !p || p === '..' || p === '.')) {
      throw new TaizhangError('DAMAGED', `档案中的文件路径 ${rel} 不合规，已拒绝读取。`);
    }
    let at = this.root;
    for (let i = 0; i < parts.length; i++) {
      at = path.join(at, parts[i]);
      const st = await fs.lstat(at).catch(() => null);
      const last = i === parts.length - 1;
      if (!st) throw new TaizhangError('DAMAGED', `档案中的文件 ${rel} 丢失。请运行 taizhang verify 检查，或用 verify --repair 从原件恢复。`);
      if (st.isSymbolicLink() || (last ? !st.isFile() : !st.isDirectory())) {
        throw new TaizhangError('DAMAGED', `档案中的文件 ${rel} 被替换成了${st.isSymbolicLink() ? '链接' : '非普通文件'}，已拒绝读取。请运行 taizhang verify 检查。`);
      }
    }
    return at;
  }

  /** Removes a blob and its thumbnail; used when no file row refers to it any more. */
  async remove(sha256: string): Promise<void> {
    const dest = this.abs(blobRel(sha256));
    await fs.chmod(dest, 0o644).catch(() => undefined);
    await fs.rm(dest, { force: true });
    await fs.rm(this.abs(thumbRel(sha256)), { force: true });
  }

  /** Every sha256 present in files/, for verify. */
  async list(): Promise<string[]> {
    const out: string[] = [];
    const top = await fs.readdir(path.join(this.root, 'files')).catch(() => [] as string[]);
    for (const d of top) {
      const names = await fs.readdir(path.join(this.root, 'files', d)).catch(() => [] as string[]);
      for (const n of names) if (SHA_RE.test(n) && n.startsWith(d)) out.push(n);
    }
    return out.sort();
  }
}

function tooLarge(size: number | null, max: number): TaizhangError {
  return new TaizhangError('TOO_LARGE', `文件${size != null ? `有 ${limitText(size)}，` : ''}超过了 ${limitText(max)} 的上限，未存入`);
}

/** Streams an open file into a new part, hashing it; stops past maxBytes (a file still growing). */
async function copyHashing(src: fs.FileHandle, tmp: string, maxBytes: number, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const out = await fs.open(tmp, 'wx');
  const hash = createHash('sha256');
  let size = 0;
  const buf = takeChunk();
  try {
    for (;;) {
      if (signal?.aborted) throw new TaizhangError('CANCELLED', '操作已取消。');
      const { bytesRead } = await src.read(buf, 0, buf.length, size);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) throw tooLarge(null, maxBytes);
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      let written = 0;
      // A short write (a full disk can give one) is continued, never ignored.
      while (written < chunk.length) {
        const { bytesWritten } = await out.write(chunk, written, chunk.length - written);
        if (bytesWritten === 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
        written += bytesWritten;
      }
    }
    await out.sync();
  } finally {
    giveChunk(buf);
    await out.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** What landed on the disk is what was read: its size, then its hash, read back. */
async function checkLanded(tmp: string, sha256: string, size: number, root: string): Promise<void> {
  const st = await fs.stat(tmp);
  const back = st.size === size ? await hashFile(tmp) : null;
  if (!back || back.sha256 !== sha256) {
    throw new TaizhangError(
      'DISK_FULL',
      `写入档案文件夹 ${root} 后读回的内容与原件不符（应为 ${size} 字节，实为 ${st.size}），多半是磁盘已满或出错。请腾出空间或检查磁盘后重试；没有存入不完整的文件。`,
    );
  }
}

/** A stored copy is good when it is a regular file (no link) of the right size and hash. */
export async function isGoodCopy(abs: string, sha256: string, size: number): Promise<boolean> {
  const st = await fs.lstat(abs).catch(() => null);
  if (!st || !st.isFile() || st.size !== size) return false;
  return (await hashFile(abs).catch(() => null))?.sha256 === sha256;
}

/** Replaces dest by the verified part in one rename (a reader sees the old or the new file, never half). */
async function replaceWith(tmp: string, dest: string): Promise<void> {
  // The part is already flushed and checked: renaming it over dest is the whole replacement.
  await fs.chmod(tmp, 0o444).catch(() => undefined);
  await fs.rename(tmp, dest);
}
