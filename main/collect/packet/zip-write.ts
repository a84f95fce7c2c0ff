// Writing a packet zip: manifest.json and packet.json from memory, the stored files streamed from
// the archive (each checked against its hash on the way: a damaged original is not sent out under
// its good name). Written beside the target under a temporary name and renamed at the end, so an
// export that is killed or cancelled leaves no half-written OUT.zip.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { TaizhangError } from '../../../shared/errors';
import { hashFile } from '../../archive/store';
import { tempBeside } from '../../export/leftovers';
import { exportWriteError } from '../../export/output-path';
import type { JobOptions } from '../../jobs/cancel';
import { blobPath, MANIFEST_NAME, PACKET_NAME, signManifest, type Manifest, type ManifestFile } from './format';

export interface BlobSource {
  sha256: string;
  size: number;
  /** The stored file. */
  abs: string;
  /** What the clerk calls it, for messages. */
  name: string;
}

// yazl ships no type declarations; the part used here (as main/export/package/package.ts does).
interface YazlZipFile {
  addBuffer(data: Buffer, name: string, options?: { compress?: boolean; mtime?: Date; mode?: number }): void;
  addReadStreamLazy(name: string, options: { compress?: boolean; mtime?: Date; mode?: number }, get: (cb: (err: Error | null, stream?: NodeJS.ReadableStream) => void) => void): void;
  end(): void;
  on(event: 'error', fn: (e: Error) => void): void;
  outputStream: Readable;
}
function yazl(): { ZipFile: new () => YazlZipFile } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yazl') as { ZipFile: new () => YazlZipFile };
}

const cancelled = () => new TaizhangError('CANCELLED', '操作已取消，未生成文件。');

/** Passes the bytes through and fails at the end when they are not the stored file's. */
class Checked extends Transform {
  private hash = createHash('sha256');
  private size = 0;
  constructor(private readonly blob: BlobSource) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    if (this.size !== this.blob.size || this.hash.digest('hex') !== this.blob.sha256) {
      cb(new TaizhangError('DAMAGED', `档案中的文件“${this.blob.name}”已损坏（与入库时不一致），未生成包。请运行 taizhang verify 检查档案。`));
    } else cb();
  }
}

/**
 * Writes the packet to `out` and returns its SHA-256 and size. The manifest is built from the
 * header given, the body's hash and the files' (known by their names in the store), and signed.
 */
export async function writePacketZip(
  out: string,
  header: Omit<Manifest, 'files' | 'signature'>,
  key: string,
  body: unknown,
  blobs: BlobSource[],
  job: JobOptions,
): Promise<{ sha256: string; bytes: number; files: number }> {
  const bodyBytes = Buffer.from(JSON.stringify(body, null, 1), 'utf8');
  const unique = [...new Map(blobs.map((b) => [b.sha256, b])).values()];
  const files: ManifestFile[] = [
    { path: PACKET_NAME, sha256: createHash('sha256').update(bodyBytes).digest('hex'), size: bodyBytes.length },
    ...unique.map((b) => ({ path: blobPath(b.sha256), sha256: b.sha256, size: b.size })),
  ];
  const unsigned = { ...header, files };
  const manifest: Manifest = { ...unsigned, signature: signManifest(unsigned, key) };
  const part = tempBeside(out, 'part');
  const total = unique.length + 2;
  let done = 0;
  const tick = (detail: string) => job.onProgress?.({ phase: '打包文件', done: ++done, total, detail });
  job.onProgress?.({ phase: '打包文件', done: 0, total });
  try {
    if (job.signal?.aborted) throw cancelled();
    const { ZipFile } = yazl();
    const zip = new ZipFile();
    const dest = createWriteStream(part, { flags: 'wx' });
    const closed = new Promise<void>((resolve) => dest.once('close', () => resolve()));
    let error: Error | null = null;
    const fail = (e: Error) => {
      if (error) return;
      error = job.signal?.aborted ? cancelled() : e;
      zip.outputStream.unpipe(dest);
      dest.destroy();
    };
    const onAbort = () => fail(cancelled());
    job.signal?.addEventListener('abort', onAbort, { once: true });
    zip.on('error', fail);
    zip.outputStream.on('error', fail);
    dest.on('error', fail);
    zip.outputStream.pipe(dest);
    const mtime = new Date();
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1), 'utf8'), MANIFEST_NAME, { mtime, mode: 0o100644 });
    zip.addBuffer(bodyBytes, PACKET_NAME, { mtime, mode: 0o100644 });
    tick(MANIFEST_NAME);
    tick(PACKET_NAME);
    for (const b of unique) {
      // Photos and PDFs are compressed already: stored as they are, the zip costs no time.
      zip.addReadStreamLazy(blobPath(b.sha256), { compress: false, mtime, mode: 0o100644 }, (cb) => {
        if (error) return;
        if (job.signal?.aborted) return cb(cancelled());
        const rs = createReadStream(b.abs, { highWaterMark: 1 << 20 });
        const check = new Checked(b);
        rs.on('error', (e) => check.destroy(e));
        check.on('error', fail);
        check.on('end', () => tick(b.name));
        cb(null, rs.pipe(check));
      });
    }
    zip.end();
    await closed;
    job.signal?.removeEventListener('abort', onAbort);
    if (error) throw error;
    if (job.signal?.aborted) throw cancelled();
    await fs.rename(part, out);
    const { sha256, size } = await hashFile(out);
    return { sha256, bytes: size, files: unique.length };
  } catch (e) {
    await fs.rm(part, { force: true }).catch(() => undefined);
    if (job.signal?.aborted) throw cancelled();
    throw exportWriteError(e, out);
  }
}
