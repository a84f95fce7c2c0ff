// Receiving one uploaded file into its batch folder with a size limit kept while the bytes
// arrive (a declared Content-Length is checked first, but the body is counted too: it may be
// chunked, or lie), and leaving nothing behind when it does not complete. A browser cannot
// upload /dev/zero, but anything that speaks HTTP with the token can.
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeErrorFor } from '../archive/io-errors';
import { MAX_TABLE_BYTES } from '../indicators/table-file';
import type { ErrorCode } from '../../shared/errors';
import { limitText } from '../../shared/names';

const GB = 1024 * 1024 * 1024;

/** Per file: evidence (a long video is the largest a clerk keeps), and an indicator table. */
export const UPLOAD_LIMITS = { evidence: 2 * GB, indicators: MAX_TABLE_BYTES } as const;
export type UploadPurpose = keyof typeof UPLOAD_LIMITS;

export type UploadRefusal = { ok: false; status: number; code: ErrorCode; message: string };
/** `gone`: the client went away mid-body and nobody is left to answer. */
export type UploadOutcome = { ok: true } | UploadRefusal | { ok: false; gone: true };

function tooLarge(name: string, purpose: UploadPurpose): UploadRefusal {
  const what = purpose === 'indicators' ? '指标表' : '单个文件';
  return { ok: false, status: 413, code: 'TOO_LARGE', message: `“${name}”超过了网页模式下${what}的上限 ${limitText(UPLOAD_LIMITS[purpose])}，没有上传；请检查是否选错了文件。` };
}

class TooLarge extends Error {}

/** The refusal for a body whose declared length is already past the limit, before anything is written. */
export function declaredTooLarge(req: http.IncomingMessage, name: string, purpose: UploadPurpose): UploadRefusal | null {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > UPLOAD_LIMITS[purpose] ? tooLarge(name, purpose) : null;
}

/**
 * Writes the request body to `file` (opened here with wx). On every way out but success the
 * file is removed.
 */
export async function receiveUpload(req: http.IncomingMessage, handle: fs.FileHandle, file: string, purpose: UploadPurpose): Promise<UploadOutcome> {
  const limit = UPLOAD_LIMITS[purpose];
  const name = path.basename(file);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      cb(received > limit ? new TooLarge() : null, chunk);
    },
  });
  try {
    if (declaredTooLarge(req, name, purpose)) throw new TooLarge();
    // Not pipeline(req, …): on an error that would destroy the request, and with it the socket
    // the refusal has to go out on.
    req.on('error', (e) => counter.destroy(e));
    req.on('aborted', () => counter.destroy(new Error('aborted')));
    req.pipe(counter);
    await pipeline(counter, handle.createWriteStream());
    return { ok: true };
  } catch (e) {
    req.unpipe(counter);
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    if (e instanceof TooLarge) return tooLarge(name, purpose);
    const io = writeErrorFor(e, '上传暂存文件夹');
    if (io) return { ok: false, status: 507, code: io.code, message: io.message };
    if (!req.complete) return { ok: false, gone: true };
    throw e;
  }
}

/**
 * Upload batch folders and when they were last written to. A batch is removed when its import
 * ends (server.ts), after an indicator table in it was read, and — for drops abandoned halfway
 * (the clerk cancelled the upload, or the import never started) — once idle for `idleMs`.
 */
export class UploadBatches {
  private lastUse = new Map<string, number>();
  private importing = new Set<string>();

  constructor(private readonly idleMs: number) {}

  touch(batchDir: string): void {
    this.lastUse.set(batchDir, Date.now());
  }

  /** Kept while an import of it runs, however long that takes. */
  setImporting(batchDir: string, on: boolean): void {
    if (on) this.importing.add(batchDir);
    else this.importing.delete(batchDir);
    this.touch(batchDir);
  }

  async remove(batchDir: string): Promise<void> {
    this.lastUse.delete(batchDir);
    this.importing.delete(batchDir);
    await fs.rm(batchDir, { recursive: true, force: true });
  }

  /** Removes `file`'s empty folders up to and including its batch folder, after a failed upload. */
  async pruneEmpty(file: string, batchDir: string): Promise<void> {
    for (let dir = path.dirname(file); dir === batchDir || dir.startsWith(batchDir + path.sep); dir = path.dirname(dir)) {
      const removed = await fs.rmdir(dir).then(
        () => true,
        () => false,
      );
      if (!removed) return;
      if (dir === batchDir) {
        this.lastUse.delete(batchDir);
        return;
      }
    }
  }

  async sweep(now = Date.now()): Promise<void> {
    for (const [dir, at] of this.lastUse) {
      if (!this.importing.has(dir) && now - at > this.idleMs) await this.remove(dir);
    }
  }
}
