// The content-addressed store: files/ab/ab12…(sha256), relative to the archive folder.
// A file is streamed into tmp/ while it is hashed, flushed, then hard-linked to its final name.
// link() fails with EEXIST when the same bytes are already stored (a duplicate, found for free)
// and never exposes a half-written file: a killed import leaves at most a stray tmp/ part.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface PutResult {
  sha256: string;
  size: number;
  /** Path relative to the archive folder. */
  rel: string;
  /** false when identical bytes were already stored. */
  stored: boolean;
}

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
  for await (const chunk of createReadStream(abs, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
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
    return fs.stat(this.abs(blobRel(sha256))).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /** Copies srcAbs into the store, hashing while streaming; never reads the whole file into memory. */
  async put(srcAbs: string, signal?: AbortSignal): Promise<PutResult> {
    const tmp = this.tmpPath();
    const out = await fs.open(tmp, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of createReadStream(srcAbs, { highWaterMark: 1 << 20, signal })) {
        const buf = chunk as Buffer;
        hash.update(buf);
        size += buf.length;
        await out.write(buf);
      }
      await out.sync();
    } catch (e) {
      await out.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw e;
    }
    await out.close();
    const sha256 = hash.digest('hex');
    const rel = blobRel(sha256);
    const dest = this.abs(rel);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    let stored = true;
    try {
      await fs.link(tmp, dest);
      await fs.chmod(dest, 0o444).catch(() => undefined);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') stored = false;
      else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
        // File systems without hard links (FAT on a USB stick): rename is still atomic.
        if (await this.has(sha256)) stored = false;
        else {
          await fs.rename(tmp, dest);
          await fs.chmod(dest, 0o444).catch(() => undefined);
          return { sha256, size, rel, stored: true };
        }
      } else {
        await fs.rm(tmp, { force: true });
        throw e;
      }
    }
    await fs.rm(tmp, { force: true });
    return { sha256, size, rel, stored };
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
