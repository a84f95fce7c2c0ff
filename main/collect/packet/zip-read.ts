// Reading a packet zip as the receiving side must: nothing in it is trusted before it is checked.
// The zip's structure and the size of its two JSON parts go through the intake's zip limits
// first; then the manifest (format, kind, the archive it names, its signature, checked by the
// caller who knows the key), then every entry against the manifest: one changed byte, a missing
// or an extra file refuses the whole packet, naming the file. Stored files are copied out while
// hashed and never read past the size the manifest gives (a bomb stops there).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TaizhangError } from '../../../shared/errors';
import { ZipReader, type ZipEntry } from '../../export/package/zip-reader';
import { zipLimitProblem, type ZipLimits } from '../../intake/zip-limits';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { MANIFEST_NAME, PACKET_FORMAT, PACKET_FORMAT_VERSION, PACKET_NAME, type Manifest, type PacketKind } from './format';

const MB = 1024 * 1024;
const KIND_NAMES: Record<PacketKind, string> = { task: '任务包', return: '回传包' };

/** The JSON parts are read whole into memory: their size is capped, the stored files are streamed. */
export const PACKET_LIMITS = (kind: PacketKind): ZipLimits => ({
  label: KIND_NAMES[kind],
  maxFileBytes: 64 * 1024 * MB,
  maxEntries: 200_000,
  maxReadBytes: 64 * MB,
  reads: (name) => name === MANIFEST_NAME || name === PACKET_NAME,
  advice: `请向对方索取一份新的${KIND_NAMES[kind]}`,
});

export class PacketZip {
  private constructor(
    readonly file: string,
    readonly kind: PacketKind,
    readonly manifest: Manifest,
    private readonly reader: ZipReader,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  get label(): string {
    return KIND_NAMES[this.kind];
  }

  /** Opens the zip and reads its manifest; nothing is verified against it yet. */
  static async open(file: string, kind: PacketKind): Promise<PacketZip> {
    const label = KIND_NAMES[kind];
    const base = path.basename(file);
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile()) throw new TaizhangError('BAD_INPUT', `找不到${label} ${file}，请检查路径。`);
    const problem = await zipLimitProblem(file, PACKET_LIMITS(kind));
    if (problem) {
      throw new TaizhangError(
        problem.tooLarge ? 'TOO_LARGE' : 'BAD_INPUT',
        problem.tooLarge ? `${base}：${problem.message}。` : `${base} 不是完整的${label}（压缩文件已损坏或不完整，可能没有拷贝完），未接收；${PACKET_LIMITS(kind).advice}。`,
      );
    }
    const reader = await ZipReader.open(file);
    const entries = new Map(reader.entries.filter((e) => !e.isDirectory).map((e) => [e.name, e]));
    const notPacket = () => new TaizhangError('BAD_INPUT', `${base} 不是创建台账的${label}（缺少或看不懂其中的 ${MANIFEST_NAME}），未接收。`);
    const me = entries.get(MANIFEST_NAME);
    if (!me) throw notPacket();
    let manifest: Manifest;
    try {
      manifest = JSON.parse((await readAll(reader, me)).toString('utf8')) as Manifest;
    } catch {
      throw notPacket();
    }
    if (manifest?.format !== PACKET_FORMAT || !Array.isArray(manifest.files) || typeof manifest.packetId !== 'string' || typeof manifest.department !== 'string' || typeof manifest.archive?.uid !== 'string') {
      throw notPacket();
    }
    if (manifest.formatVersion !== PACKET_FORMAT_VERSION) {
      throw new TaizhangError('BAD_INPUT', `${base} 是较新版本的创建台账生成的（格式第 ${manifest.formatVersion} 版），请先升级本软件。`);
    }
    if (manifest.kind !== kind) {
      throw new TaizhangError('BAD_INPUT', `${base} 是${KIND_NAMES[manifest.kind] ?? '其他文件'}，不是${label}。${kind === 'return' ? '任务包请在责任单位用“打开任务包”打开。' : '回传包请交给创建办接收。'}`);
    }
    return new PacketZip(file, kind, manifest, reader, entries);
  }

  /**
   * Every entry is listed in the manifest and every listed file is there, each path once and
   * well formed; the stored files are files/<their sha256>.
   */
  checkListing(name: (p: string) => string): void {
    const listed = new Set<string>();
    for (const f of this.manifest.files) {
      const blob = /^files\/([0-9a-f]{64})$/.exec(f.path ?? '');
      const ok = typeof f.size === 'number' && f.size >= 0 && /^[0-9a-f]{64}$/.test(f.sha256 ?? '') && (f.path === PACKET_NAME || (blob && blob[1] === f.sha256));
      if (!ok || listed.has(f.path)) throw this.refused(`清单中的“${String(f.path)}”一项不合规`);
      listed.add(f.path);
      if (!this.entries.has(f.path)) throw this.refused(`缺少文件“${name(f.path)}”（${f.path}）`);
    }
    if (!listed.has(PACKET_NAME)) throw this.refused(`清单中没有 ${PACKET_NAME}`);
    for (const e of this.entries.keys()) {
      if (e !== MANIFEST_NAME && !listed.has(e)) throw this.refused(`其中的“${e}”不在清单中`);
    }
  }

  /** packet.json, checked against the manifest. */
  async body<T>(): Promise<T> {
    if (!this.entries.has(PACKET_NAME) || !this.manifest.files.some((f) => f.path === PACKET_NAME)) throw this.refused(`缺少 ${PACKET_NAME}`);
    const bytes = await this.verified(PACKET_NAME, PACKET_NAME);
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      throw this.refused(`${PACKET_NAME} 无法读取`);
    }
  }

  private async verified(p: string, shown: string): Promise<Buffer> {
    const f = this.manifest.files.find((x) => x.path === p)!;
    const e = this.entries.get(p)!;
    let bytes: Buffer;
    try {
      bytes = await readAll(this.reader, e, f.size);
    } catch {
      throw this.changed(shown, p);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) throw this.changed(shown, p);
    return bytes;
  }

  /**
   * Copies the stored files into `dir` as <sha256>, each checked against the manifest while it is
   * copied; the first one that differs refuses the packet, naming it.
   */
  async extractBlobs(dir: string, name: (p: string) => string, job: JobOptions): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const blobs = this.manifest.files.filter((f) => f.path !== PACKET_NAME);
    let done = 0;
    job.onProgress?.({ phase: '校验文件', done, total: blobs.length });
    for (const f of blobs) {
      throwIfCancelled(job.signal);
      const dest = path.join(dir, f.sha256);
      const e = this.entries.get(f.path)!;
      const hash = createHash('sha256');
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, cb: TransformCallback) {
          size += chunk.length;
          // Never past what the manifest says: a lying entry (a bomb) stops here.
          if (size > f.size) return cb(new Error('longer than the manifest says'));
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      try {
        if (e.size !== f.size) throw new Error('size differs');
        await pipeline(await this.reader.openStream(e, job.signal), count, createWriteStream(dest, { flags: 'w' }), { signal: job.signal });
      } catch (err) {
        await fs.rm(dest, { force: true }).catch(() => undefined);
        throwIfCancelled(job.signal);
        if (err instanceof TaizhangError && err.code !== 'BAD_INPUT') throw err;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EROFS' || code === 'EACCES') throw err;
        throw this.changed(name(f.path), f.path);
      }
      if (size !== f.size || hash.digest('hex') !== f.sha256) {
        await fs.rm(dest, { force: true }).catch(() => undefined);
        throw this.changed(name(f.path), f.path);
      }
      out.set(f.sha256, dest);
      job.onProgress?.({ phase: '校验文件', done: ++done, total: blobs.length, detail: name(f.path) });
    }
    return out;
  }

  refused(why: string): TaizhangError {
    return new TaizhangError('BAD_INPUT', `${path.basename(this.file)} 不完整或已被改动：${why}。整个${this.label}未接收，请向对方索取一份新的${this.label}。`);
  }

  changed(shown: string, p: string): TaizhangError {
    const where = shown === p ? `“${p}”` : `“${shown}”（${p.length > 20 ? `${p.slice(0, 14)}…` : p}）`;
    return new TaizhangError('BAD_INPUT', `${this.label}中的文件${where}与清单不符（内容被改动或已损坏），整个${this.label}未接收。请向对方索取一份新的${this.label}。`);
  }
}


/** An entry's bytes, at most `max` (the declared size, capped by the limits checked before). */
async function readAll(reader: ZipReader, e: ZipEntry, max = 64 * MB): Promise<Buffer> {
  if (e.size > max) throw new Error('too large');
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of await reader.openStream(e)) {
    n += (c as Buffer).length;
    if (n > max) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
