// The inspection package (迎检材料包): the archive's evidence as folders per indicator, with the
// dossier PDF, the Excel ledger, manifest.json and an index.html at the root — as a zip (streamed
// through yazl: ZIP64 when needed, UTF-8 names) or as a plain folder. Nothing is held whole in
// memory; every byte is hashed on its way in, so manifest.json states what the package really
// holds. The package is built under a temporary name beside the target and renamed at the end:
// a cancelled or failed export leaves nothing behind, and the archive is only read.
//
// verifyPackage re-reads a package (zip or folder) against its manifest.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Archive } from '../../archive/archive';
import { dossierPages, exportDossier, type DossierOptions } from '../dossier/dossier';
import { exportLedger } from '../ledger/ledger';
import { excludedWarning, planDossier, walk, type DossierPlan } from '../dossier/plan';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { TaizhangError } from '../../../shared/errors';
import { checkOutputPath, exportWriteError } from '../output-path';
import { tempBeside } from '../leftovers';
import { storedSources } from './stored-files';
import type { Item } from '../../../shared/domain';
import { renderIndex } from './index-html';
import { layOutPackage, onDisk, ROOT_NAMES, type FileKind, type PlannedFile } from './layout';
import { encodeForWeb, needsWebCopy, type WebCopy, type WebLimits } from './web-upload';
import { ZipReader, type ZipEntry } from './zip-reader';
import { appVersion } from '../../assets';

export interface PackageOptions {
  /** 网报: photos re-encoded under maxPhotoBytes, long edge at most maxPhotoEdge, upright. */
  webUpload?: boolean;
  /** Default 2 MB. */
  maxPhotoBytes?: number;
  /** Default 2000 px. */
  maxPhotoEdge?: number;
  /** Codes of the indicators to pack, with everything below them; all when empty. */
  indicators?: string[];
  /** Put the dossier PDF at the root (default true; the benchmark measures the packing alone). */
  dossier?: boolean;
  /** Put the Excel ledger at the root (default true). */
  ledger?: boolean;
  /**
   * How the dossier is printed (duplex, photos per page …); the ledger's pages follow it. Its
   * includeExcluded decides for the whole package: items that do not count are left out of the
   * folders, index.html, the dossier and the ledger alike, or put in all of them, marked.
   */
  print?: Omit<DossierOptions, 'indicators'>;
}

export interface PackageWarning {
  path: string;
  reason: string;
}

export interface PackageResult {
  path: string;
  kind: 'zip' | 'folder';
  /** Files in the package, manifest.json and index.html included. */
  files: number;
  /** Size of the zip, or of all files in the folder. */
  bytes: number;
  warnings: PackageWarning[];
}

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  kind: FileKind;
  itemId?: number;
  /** 件号, as in the dossier. */
  number?: number;
  /** 档号 */
  archivalCode?: string;
  /** Code of the indicator whose folder holds this copy. */
  indicator?: string;
  role?: string;
  /** The file's name in the archive. */
  name?: string;
  /** The original's hash and size when the package carries a re-encoded copy (网报). */
  original?: { sha256: string; size: number };
}

export interface Manifest {
  format: 'taizhang-package';
  formatVersion: 1;
  generator: string;
  generatedAt: string;
  campaign: { name: string; unit: string; fonds: string; year: number | null; windowStart: string | null; windowEnd: string | null };
  options: { webUpload: boolean; maxPhotoBytes: number | null; maxPhotoEdge: number | null; indicators: string[] };
  indicators: { code: string; title: string; folder: string; items: number }[];
  items: { id: number; number: number; archivalCode: string; title: string; date: string | null; indicators: string[]; folders: string[] }[];
  /** Every file of the package except manifest.json itself. */
  files: ManifestFile[];
}

const DEFAULT_MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const DEFAULT_MAX_PHOTO_EDGE = 2000;
/** Files copied at once into a folder package (a zip is written one entry after the other). */
const FOLDER_CONCURRENCY = 4;
/** Files a zip export opens ahead of the one being written. */
const PREFETCH = 1;

/** A pass-through that hashes and counts what flows through it. */
class Hasher extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;
  sha256 = '';

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    cb();
  }
}

/** One entry to write: a planned file or a generated one (index.html, manifest.json). */
interface Source {
  path: string;
  compress: boolean;
  open: (signal?: AbortSignal) => Promise<Readable>;
  planned?: PlannedFile;
  /** Opened only when its turn comes (it depends on what was written before). */
  late?: boolean;
}

/**
 * Reads a file in chunks no bigger than the file: a 1 MB buffer for a 300 KB photo would be
 * allocated, then copied down to size, for every file — most of the garbage collector's work.
 */
async function readFileStream(file: string, size: number | undefined, signal?: AbortSignal): Promise<Readable> {
  const known = size ?? (await fs.stat(file)).size;
  if (known === 0) return Readable.from([]);
  return createReadStream(file, { start: 0, end: known - 1, highWaterMark: Math.min(known, 1 << 20), signal });
}

function fileSource(f: PlannedFile): Source {
  return {
    path: f.path,
    compress: f.compress,
    planned: f,
    open: (signal) =>
      readFileStream(f.src, f.expected?.size, signal).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT' || (f.kind !== 'evidence' && f.kind !== 'thumbnail')) throw e;
        throw new TaizhangError('NOT_FOUND', `档案中缺少${f.kind === 'thumbnail' ? '缩略图' : '文件'}“${f.name ?? f.path}”（${f.src}），材料包未生成。请运行 taizhang verify 检查档案。`);
      }),
  };
}

function cancelled(): TaizhangError {
  return new TaizhangError('CANCELLED', '操作已取消。');
}

// yazl ships no type declarations; describe the part used here (as main/demo/sample-files.ts does).
interface YazlEntryOptions {
  compress?: boolean;
  mtime?: Date;
  mode?: number;
}
interface YazlZipFile {
  addReadStreamLazy(name: string, options: YazlEntryOptions, get: (cb: (err: Error | null, stream?: NodeJS.ReadableStream) => void) => void): void;
  end(): void;
  on(event: 'error', fn: (e: Error) => void): void;
  outputStream: Readable;
}
function loadYazl(): { ZipFile: new () => YazlZipFile } {
  nativeCrcForYazl();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yazl') as { ZipFile: new () => YazlZipFile };
}

/**
 * yazl takes each entry's CRC-32 from buffer-crc32, a byte-at-a-time JavaScript loop (about
 * 400 MB/s here): that alone made a package twice as slow as `zip -0` of the same files. Node
 * has the same function natively (zlib.crc32, Node 20.15+, about 3 GB/s). yazl calls
 * `crc32.unsigned(chunk, previous)` on the module it required, so its copy of buffer-crc32 gets
 * the native one — only after both agree on the standard check value and on a chained update;
 * otherwise yazl keeps its own. Same results either way, only faster.
 */
function nativeCrcForYazl(): void {
  try {
    const crcPath = require.resolve('buffer-crc32', { paths: [path.dirname(require.resolve('yazl'))] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crc = require(crcPath) as { unsigned: (buf: Buffer | string, previous?: number | Buffer) => number; taizhangNative?: boolean };
    if (crc.taizhangNative || typeof zlib.crc32 !== 'function') return;
    const native = (buf: Buffer | string, previous?: number | Buffer) =>
      zlib.crc32(buf, Buffer.isBuffer(previous) ? previous.readUInt32BE(0) : (previous ?? 0) >>> 0);
    const check = Buffer.from('123456789');
    const agree =
      native(check) === 0xcbf43926 &&
      crc.unsigned(check) === 0xcbf43926 &&
      native(check.subarray(5), native(check.subarray(0, 5))) === crc.unsigned(check.subarray(5), crc.unsigned(check.subarray(0, 5)));
    if (!agree) return;
    crc.unsigned = native;
    crc.taizhangNative = true;
  } catch {
    // A yazl without buffer-crc32 beside it: nothing to speed up.
  }
}

type Record_ = { sha256: string; size: number };

/**
 * Streams the sources into a zip at `file`, one after the other; `done` is told each entry's
 * hash and size as soon as its last byte has gone through (so a later lazy source, such as the
 * manifest, sees all of them).
 */
async function writeZip(file: string, sources: Source[], job: JobOptions, done: (s: Source, r: Record_) => void): Promise<void> {
  const { ZipFile } = loadYazl();
  const zip = new ZipFile();
  const out = createWriteStream(file, { flags: 'wx' });
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  let error: Error | null = null;
  const live = new Set<Readable>();
  const fail = (e: Error) => {
    if (error) return;
    error = job.signal?.aborted ? cancelled() : e;
    for (const rs of live) rs.destroy();
    zip.outputStream.unpipe(out);
    out.destroy();
  };
  const onAbort = () => fail(cancelled());
  job.signal?.addEventListener('abort', onAbort, { once: true });
  zip.on('error', fail);
  zip.outputStream.on('error', fail);
  out.on('error', fail);
  zip.outputStream.pipe(out);

  // yazl asks for one entry's stream after the other; the next ones are opened and start filling
  // their buffers meanwhile (PREFETCH files, at most 1 MB of each), so reading overlaps
  // writing instead of waiting for it. Sources marked `late` (the manifest) are opened on demand.
  const opened = new Map<number, Promise<Readable>>();
  const openAt = (i: number): Promise<Readable> | undefined => {
    if (i >= sources.length || error) return undefined;
    let p = opened.get(i);
    if (!p) {
      p = sources[i].open(job.signal).then((rs) => {
        live.add(rs);
        rs.once('close', () => live.delete(rs));
        rs.on('error', fail);
        if (error) rs.destroy();
        else rs.read(0);
        return rs;
      });
      p.catch(() => undefined);
      opened.set(i, p);
    }
    return p;
  };
  const mtime = new Date();
  sources.forEach((s, i) => {
    zip.addReadStreamLazy(s.path, { compress: s.compress, mtime, mode: 0o100644 }, (cb) => {
      if (error) return;
      if (job.signal?.aborted) return cb(cancelled());
      const p = openAt(i)!;
      opened.delete(i);
      for (let k = i + 1; k <= i + PREFETCH && k < sources.length && !sources[k].late; k++) openAt(k);
      p.then((rs) => {
        const h = new Hasher();
        h.on('end', () => done(s, { sha256: h.sha256, size: h.size }));
        h.on('error', fail);
        cb(null, rs.pipe(h));
      }, fail);
    });
  });
  zip.end();
  await closed;
  job.signal?.removeEventListener('abort', onAbort);
  if (error) throw error;
}

/**
 * Runs fn over items, `limit` at once. On the first failure no new item starts, and the error
 * is thrown only once the running ones have settled — so that a clean-up after it cannot race
 * a copy still creating folders or files.
 */
async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let failed = false;
  let error: unknown;
  let next = 0;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        if (!failed) (failed = true), (error = e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw error;
}

/** Copies the sources into the folder `root`, a few at once; generated ones after the rest. */
async function writeFolder(root: string, sources: Source[], job: JobOptions, done: (s: Source, r: Record_) => void): Promise<void> {
  const made = new Set<string>();
  const copy = async (s: Source) => {
    throwIfCancelled(job.signal);
    const dest = onDisk(root, s.path);
    const dir = path.dirname(dest);
    if (!made.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      made.add(dir);
    }
    const h = new Hasher();
    await pipeline(await s.open(job.signal), h, createWriteStream(dest, { flags: 'wx' }), { signal: job.signal });
    done(s, { sha256: h.sha256, size: h.size });
  };
  // manifest.json (late) needs every other hash: it goes alone, at the end.
  await eachLimit(sources.filter((s) => !s.late), FOLDER_CONCURRENCY, copy);
  for (const s of sources.filter((x) => x.late)) await copy(s);
}

export async function exportPackage(archive: Archive, out: string, options: PackageOptions = {}, job: JobOptions = {}): Promise<PackageResult> {
  const target = path.resolve(out);
  const kind: 'zip' | 'folder' = /\.zip$/i.test(target) ? 'zip' : 'folder';
  const limits: WebLimits = { maxBytes: options.maxPhotoBytes ?? DEFAULT_MAX_PHOTO_BYTES, maxEdge: options.maxPhotoEdge ?? DEFAULT_MAX_PHOTO_EDGE };
  if (!(limits.maxBytes >= 64 * 1024)) throw new TaizhangError('BAD_INPUT', '照片大小上限太小，请至少设为 64 KB。');
  if (!(limits.maxEdge >= 200)) throw new TaizhangError('BAD_INPUT', '照片长边上限太小，请至少设为 200 像素。');
  const existing = await fs.stat(target).catch(() => null);
  if (kind === 'zip' && existing?.isDirectory()) throw new TaizhangError('BAD_INPUT', `${target} 是一个文件夹，请给出 .zip 文件名，或给出一个新的文件夹名导出为文件夹。`);
  if (kind === 'folder' && existing) {
    if (!existing.isDirectory()) throw new TaizhangError('BAD_INPUT', `${target} 已存在且不是文件夹，请换一个位置。`);
    if ((await fs.readdir(target)).length) throw new TaizhangError('BAD_INPUT', `文件夹 ${target} 不是空的，请给出一个新的或空的文件夹。`);
  }
  await checkOutputPath(archive, target, { createFolder: kind === 'folder' });
  await fs.mkdir(path.dirname(target), { recursive: true });
  const work = tempBeside(target, 'work');
  const part = tempBeside(target, 'part');
  const warnings: PackageWarning[] = [];
  const progress = job.onProgress ?? (() => undefined);
  await fs.mkdir(work).catch((e: unknown) => {
    throw exportWriteError(e, target);
  });
  try {
    // 1. What goes in, and the dossier's page numbers (件号 and pages agree with the paper).
    progress({ phase: '准备', done: 0, total: 1 });
    const withDossier = options.dossier !== false;
    // With the dossier, its page numbers go into index.html (one layout pass, no image read);
    // without it, the plan alone gives the same 件号.
    const pages = withDossier ? await dossierPages(archive, { ...options.print, indicators: options.indicators }, job) : null;
    const plan = pages?.plan ?? (await planOnly(archive, options.indicators ?? [], !!options.print?.includeExcluded));
    const unfiled = plan.left.filter((i) => i.indicators.length === 0);
    if (unfiled.length) warnings.push({ path: '未归类', reason: `${unfiled.length} 件未归类的材料没有放入材料包，请先在“未归类”中把它们归到指标下` });
    if (plan.excluded.length) warnings.push({ path: '', reason: excludedWarning(plan.excluded, '材料包') });
    const packed = plan.items.map((p) => p.item);
    // Every original checked before the long steps: a damaged one is named in seconds.
    const stored = await storedSources(archive, packed, work, warnings, job.signal);

    // 2. 网报 copies, once per distinct original.
    let web: Map<string, WebCopy> | null = null;
    if (options.webUpload) web = await webCopies(stored, packed, limits, path.join(work, 'web'), job, warnings);

    // 3. The dossier and the ledger, into the work folder.
    let dossier: string | null = null;
    if (withDossier) {
      dossier = path.join(work, ROOT_NAMES.dossier);
      // Written from the layout made for the index above: one layout pass, every DOCX parsed once.
      const r = await exportDossier(archive, dossier, { ...options.print, indicators: options.indicators }, job, pages?.laidOut);
      for (const w of r.warnings) if (w.path) warnings.push({ path: w.path, reason: `台账：${w.reason}` });
    }
    throwIfCancelled(job.signal);
    let ledger: string | null = null;
    if (options.ledger !== false) {
      ledger = path.join(work, ROOT_NAMES.ledger);
      const r = await exportLedger(archive, ledger, { indicators: options.indicators, dossier: options.print, statusSheet: false, ...(pages && { pages }) }, job);
      for (const w of r.warnings) if (w.path && !warnings.some((x) => x.path === w.path)) warnings.push({ path: w.path, reason: `台账目录：${w.reason}` });
    }

    // 4. Names, index.html, then the bytes.
    const layout = layOutPackage({ plan, abs: (rel) => stored.get(rel) ?? null, web, dossier, ledger });
    const evidence = layout.files.filter((f) => f.kind === 'evidence');
    const indexFile = path.join(work, ROOT_NAMES.index);
    const generatedAt = new Date();
    await fs.writeFile(
      indexFile,
      renderIndex({
        campaign: plan.campaign,
        nodes: layout.nodes,
        generatedAt,
        pages: pages?.items ?? null,
        dossier: dossier ? ROOT_NAMES.dossier : null,
        ledger: ledger ? ROOT_NAMES.ledger : null,
        web: options.webUpload ? limits : null,
        counts: {
          indicators: walk(plan.roots).length,
          items: packed.length,
          files: evidence.length,
          bytes: evidence.reduce((s, f) => s + (f.expected?.size ?? 0), 0),
        },
      }),
    );

    const written = new Map<string, ManifestFile>();
    const manifestOf = (): Manifest => ({
      format: 'taizhang-package',
      formatVersion: 1,
      generator: `创建台账 ${appVersion()}`.trim(),
      generatedAt: generatedAt.toISOString(),
      campaign: (({ name, unit, fonds, year, windowStart, windowEnd }) => ({ name, unit, fonds, year, windowStart, windowEnd }))(plan.campaign),
      options: {
        webUpload: !!options.webUpload,
        maxPhotoBytes: options.webUpload ? limits.maxBytes : null,
        maxPhotoEdge: options.webUpload ? limits.maxEdge : null,
        indicators: options.indicators ?? [],
      },
      indicators: [],
      items: [],
      // In package order, whatever order the copies finished in.
      files: sources.flatMap((s) => written.get(s.path) ?? []),
    });
    const indexSource: Source = { path: ROOT_NAMES.index, compress: true, open: (signal) => readFileStream(indexFile, undefined, signal) };
    const manifestSource: Source = {
      path: ROOT_NAMES.manifest,
      compress: true,
      late: true,
      open: async () => Readable.from([Buffer.from(JSON.stringify(fillManifest(manifestOf(), layout.nodes), null, 1), 'utf8')]),
    };
    // Root documents, then the evidence in tree order, the thumbnails, and the manifest last.
    const order: FileKind[] = ['dossier', 'ledger', 'evidence', 'thumbnail'];
    const planned = [...layout.files].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const sources = [indexSource, ...planned.map(fileSource), manifestSource];
    const total = sources.length;
    let count = 0;
    let bytes = 0;
    const done = (s: Source, r: Record_) => {
      bytes += r.size;
      const f = s.planned;
      if (s !== manifestSource) {
        written.set(s.path, {
          path: s.path,
          sha256: r.sha256,
          size: r.size,
          kind: f?.kind ?? 'index',
          ...(f?.itemId != null ? { itemId: f.itemId, number: f.number, archivalCode: f.archivalCode, indicator: f.indicator, role: f.role, name: f.name } : {}),
          ...(f?.original ? { original: f.original } : {}),
        });
      }
      if (f?.expected && (f.expected.sha256 !== r.sha256 || f.expected.size !== r.size)) {
        warnings.push({
          path: s.path,
          reason: f.original ? '压缩后的照片在打包时发生变化，请重新导出' : '档案中的这个文件与入库时不一致（可能已损坏），已按现状放入；请运行 verify 检查档案',
        });
      }
      progress({ phase: '打包文件', done: ++count, total, detail: s.path });
    };
    progress({ phase: '打包文件', done: 0, total });
    if (kind === 'zip') {
      await writeZip(part, sources, job, done);
    } else {
      await fs.mkdir(part);
      await writeFolder(part, sources, job, done);
    }
    throwIfCancelled(job.signal);

    // 5. Into place.
    if (kind === 'zip') {
      await fs.rename(part, target);
      bytes = (await fs.stat(target)).size;
    } else {
      if (existing) await fs.rmdir(target);
      await fs.rename(part, target);
    }
    return { path: target, kind, files: total, bytes, warnings };
  } catch (e) {
    await fs.rm(part, { recursive: true, force: true }).catch(() => undefined);
    if (job.signal?.aborted && !(e instanceof TaizhangError && e.code === 'CANCELLED')) throw cancelled();
    throw exportWriteError(e, target);
  } finally {
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The dossier's plan without its layout pass, with the checks dossierPages makes. */
async function planOnly(archive: Archive, codes: string[], includeExcluded: boolean): Promise<DossierPlan> {
  const plan = await planDossier(archive, { indicators: codes, includeExcluded });
  const known = new Set(walk(plan.roots).map((n) => n.indicator.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw new TaizhangError('BAD_INPUT', `找不到编号为 ${unknown.join('、')} 的指标，请用 indicators list 查看指标编号。`);
  if (plan.roots.length === 0) throw new TaizhangError('BAD_INPUT', '档案中还没有指标体系，请先导入指标（indicators import）。');
  return plan;
}

/** The parts of the manifest that describe the tree: indicators with their folders, items with theirs. */
function fillManifest(m: Manifest, nodes: ReturnType<typeof layOutPackage>['nodes']): Manifest {
  const items = new Map<number, Manifest['items'][number]>();
  const visit = (n: (typeof nodes)[number]) => {
    let count = n.items.length;
    m.indicators.push({ code: n.indicator.code, title: n.indicator.title, folder: n.folder, items: 0 });
    const self = m.indicators[m.indicators.length - 1];
    for (const it of n.items) {
      const item = it.print.item;
      const seen = items.get(item.id);
      if (seen) seen.folders.push(it.folder);
      else items.set(item.id, { id: item.id, number: it.print.number, archivalCode: it.print.code, title: item.title, date: item.date, indicators: item.indicators, folders: [it.folder] });
    }
    for (const c of n.children) count += visit(c);
    self.items = count;
    return count;
  };
  nodes.forEach(visit);
  m.items = [...items.values()].sort((a, b) => a.number - b.number);
  return m;
}

/** Upload copies of the photos that need one, a few at once (sharp decodes on the libuv pool). */
async function webCopies(stored: Map<string, string>, items: Item[], limits: WebLimits, dir: string, job: JobOptions, warnings: PackageWarning[]): Promise<Map<string, WebCopy>> {
  const wanted = new Map<string, { file: Item['files'][number]; item: Item }>();
  for (const item of items) for (const f of item.files) if (!wanted.has(f.sha256) && needsWebCopy(f, limits)) wanted.set(f.sha256, { file: f, item });
  const list = [...wanted.values()];
  const out = new Map<string, WebCopy>();
  let n = 0;
  const limit = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
  await eachLimit(list, limit, async ({ file, item }) => {
    throwIfCancelled(job.signal);
    const copy = await encodeForWeb(file, stored.get(file.storePath)!, path.join(dir, `${file.sha256}.jpg`), limits);
    out.set(file.sha256, copy);
    if (copy.kind === 'failed') warnings.push({ path: `${item.title} / ${file.name}`, reason: `网报：${copy.reason}` });
    n++;
    job.onProgress?.({ phase: '压缩照片', done: n, total: list.length, detail: file.name });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Verification

export type PackageProblemKind = 'missing' | 'size' | 'hash' | 'extra';

export interface PackageProblem {
  path: string;
  problem: PackageProblemKind;
}

export interface VerifyPackageResult {
  ok: boolean;
  /** Files of the manifest that were checked. */
  checked: number;
  problems: PackageProblem[];
}

function parseManifest(text: string, where: string): Manifest {
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.format !== 'taizhang-package' || !Array.isArray(m.files)) throw new Error('format');
    return m;
  } catch {
    throw new TaizhangError('BAD_INPUT', `${where} 中的 manifest.json 无法读取，这不是创建台账导出的材料包，或清单已损坏。`);
  }
}

/** A manifest path that stays inside the package: relative, "/"-separated, no "." or "..". */
function insidePackage(rel: string): boolean {
  return typeof rel === 'string' && rel !== '' && !rel.startsWith('/') && !/^[A-Za-z]:/.test(rel) && !rel.includes('\\') && rel.split('/').every((n) => n !== '' && n !== '.' && n !== '..');
}

async function hashStream(rs: Readable): Promise<Record_> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of rs) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/**
 * Re-reads every file listed in the package's manifest.json (a zip or a folder) and reports the
 * files that are missing, have another size or another SHA-256, and files the manifest does not list.
 */
export async function verifyPackage(pkg: string, job: JobOptions = {}): Promise<VerifyPackageResult> {
  const abs = path.resolve(pkg);
  const st = await fs.stat(abs).catch(() => null);
  if (!st) throw new TaizhangError('BAD_INPUT', `找不到材料包：${abs}`);
  const problems: PackageProblem[] = [];
  let checked = 0;
  const tick = (detail: string, total: number) => {
    checked++;
    job.onProgress?.({ phase: '校验材料包', done: checked, total, detail });
  };

  if (st.isDirectory()) {
    const text = await fs.readFile(path.join(abs, ROOT_NAMES.manifest), 'utf8').catch(() => null);
    if (text == null) throw new TaizhangError('BAD_INPUT', `${abs} 中没有 manifest.json，这不是创建台账导出的材料包。`);
    const m = parseManifest(text, abs);
    const listed = new Set(m.files.map((f) => f.path));
    for (const f of m.files) {
      throwIfCancelled(job.signal);
      const file = insidePackage(f.path) ? onDisk(abs, f.path) : null;
      const fst = file ? await fs.stat(file).catch(() => null) : null;
      if (!file || !fst?.isFile()) problems.push({ path: f.path, problem: 'missing' });
      else if (fst.size !== f.size) problems.push({ path: f.path, problem: 'size' });
      else if ((await hashStream(createReadStream(file, { highWaterMark: 1 << 20, signal: job.signal }))).sha256 !== f.sha256) problems.push({ path: f.path, problem: 'hash' });
      tick(f.path, m.files.length);
    }
    const present = (await fs.readdir(abs, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.relative(abs, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    for (const p of present.sort()) if (p !== ROOT_NAMES.manifest && !listed.has(p)) problems.push({ path: p, problem: 'extra' });
    return { ok: problems.length === 0, checked, problems };
  }

  let zip: ZipReader;
  try {
    zip = await ZipReader.open(abs);
  } catch {
    throw new TaizhangError('BAD_INPUT', `${abs} 不是可读的 zip 文件，也不是文件夹。`);
  }
  const byName = new Map<string, ZipEntry>();
  for (const e of zip.entries) if (!e.isDirectory) byName.set(e.name, e);
  const me = byName.get(ROOT_NAMES.manifest);
  if (!me) throw new TaizhangError('BAD_INPUT', `${abs} 中没有 manifest.json，这不是创建台账导出的材料包。`);
  const m = parseManifest((await readAll(await zip.openStream(me))).toString('utf8'), abs);
  const listed = new Set(m.files.map((f) => f.path));
  for (const f of m.files) {
    throwIfCancelled(job.signal);
    const e = byName.get(f.path);
    if (!e) problems.push({ path: f.path, problem: 'missing' });
    else if (e.size !== f.size) problems.push({ path: f.path, problem: 'size' });
    else {
      // A CRC-32 error means the bytes changed: the same finding as a different hash.
      const r = await hashStream(await zip.openStream(e, job.signal)).catch(() => {
        if (job.signal?.aborted) throw cancelled();
        return null;
      });
      if (!r || r.sha256 !== f.sha256) problems.push({ path: f.path, problem: 'hash' });
    }
    tick(f.path, m.files.length);
  }
  for (const name of [...byName.keys()].sort()) if (name !== ROOT_NAMES.manifest && !listed.has(name)) problems.push({ path: name, problem: 'extra' });
  return { ok: problems.length === 0, checked, problems };
}

async function readAll(rs: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of rs) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
