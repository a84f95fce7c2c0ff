// The text a PDF carries (a notice from an office's word processor), page by page, with line
// boxes, and the pages that carry none but a picture (a scan) for OCR; and a scan page's picture.
//
// pdfjs-dist parses, in a worker thread: a long PDF would otherwise hold the main process (and
// the interface it serves) for seconds, and a file that sends pdfjs into a loop is ended by
// terminating the thread. The worker is a few lines of plain JavaScript kept here as a string:
// pdfjs is ESM, which Node's own require loads (Node ≥ 20.19, Electron's 22) but neither jest's
// sandbox nor a bundler's CommonJS output can, and an eval'd worker is plain Node wherever this
// module runs (sources, jest, the app's bundle) with nothing to build or ship beside it. The
// worker only calls pdfjs and hands back its raw results (text items, the image operators and the
// decoded pixels); lines, boxes and placements are worked out here, typed. pdfjs fetches nothing:
// no font faces, CMaps and standard font metrics from its own package.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { PageText, TextLine, Point } from '../../shared/text-types';

type Matrix = [number, number, number, number, number, number];

export interface PdfText {
  pageCount: number;
  /** Pages with a text layer, in page order (source 'pdf', engine 'pdfjs'); boxes in points, top left origin. */
  pages: PageText[];
  /** 1-based pages with no usable text but a picture: a scan, for OCR. */
  scanPages: number[];
  /** Every page's size as displayed (points, /Rotate and the crop box applied), index 0 = page 1; 0 × 0 for a page that could not be read. */
  pageSizes: { width: number; height: number }[];
}

export interface PdfPageImage {
  /** PNG, upright as the page shows it. */
  image: Buffer;
  width: number;
  height: number;
  /** Where the image lies on the page: points, top left origin (the space of PageText for the page). */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Fewer characters than this on a page with a picture: the words are in the picture. */
const SCAN_TEXT_MIN = 10;
/** pdfjs is given this long to open a file, and again for each page, before its thread is ended (never hang). */
const OPEN_TIMEOUT = 60_000;
const PAGE_TIMEOUT = 30_000;

const ENCRYPTED = 'PDF 已加密，无法读取文字；请用原密码打开后另存为不加密的 PDF 再添加。';
const DAMAGED = 'PDF 已损坏，无法读取文字；请从原件重新导出或扫描后再添加。';
const TOO_SLOW = 'PDF 读取超时（文件已损坏或过于复杂），无法读取文字；请从原件重新导出或扫描后再添加。';

// ---------------------------------------------------------------------------------------------
// The worker

/** What the worker hands back of one page. */
interface RawPage {
  n: number;
  /** pdfjs couldn't read the page. */
  failed?: boolean;
  width: number;
  height: number;
  /** Page space → viewport (points, y down, /Rotate and the crop box applied). */
  vt: Matrix;
  items: { str: string; transform: Matrix; width: number }[];
  /** Operators that move the drawing or paint an image: [fn, args] with pdfjs's OPS numbers in `ops`. */
  ops?: [number, unknown[]][];
  /** Decoded image objects painted on the page, by id (asked for pdfPageImage only). */
  images?: Record<string, RawImage>;
}

interface RawImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** A file by its path (read, and kept open for the next request, by the worker) or its bytes. */
type Request = { id: number; file?: string; data?: Uint8Array; pages: 'all' | number; images: boolean };
type Reply =
  | { id: number; type: 'open'; pageCount: number; ops: Record<string, number> }
  | { id: number; type: 'page'; page: RawPage }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; name: string; message: string };

/**
 * The worker: opens the document, and for each page asked for posts its text items, and — when
 * a page has too little text, or images are asked for — its drawing operators (and the decoded
 * images). Plain JavaScript: it runs as is.
 */
const WORKER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const lib = require(workerData.pdfjs);
globalThis.pdfjsWorker = require(workerData.worker);
const { OPS } = lib;
const KEEP = new Set([OPS.save, OPS.restore, OPS.transform, OPS.paintFormXObjectBegin, OPS.paintFormXObjectEnd, OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat]);
const few = (items) => items.reduce((n, i) => n + i.str.replace(/\s/g, '').length, 0) < workerData.scanTextMin;
const open = (data) => lib.getDocument({
  data, cMapUrl: workerData.cmaps, cMapPacked: true, standardFontDataUrl: workerData.fonts, wasmUrl: workerData.wasm, iccUrl: workerData.iccs,
  disableFontFace: true, useSystemFonts: false, isEvalSupported: false, isOffscreenCanvasSupported: false, isImageDecoderSupported: false,
  stopAtErrors: false, verbosity: 0,
}).promise;
// The file read last stays open: the reader asks for its text, then for each scan page's picture.
let cache = null;
async function acquire(file, data) {
  if (!file) {
    const doc = await open(data);
    return { doc, release: () => doc.destroy().catch(() => {}) };
  }
  const st = fs.statSync(file);
  const key = file + '|' + st.size + '|' + st.mtimeMs;
  if (!cache || cache.key !== key) {
    if (cache && cache.users > 0) {
      const doc = await open(new Uint8Array(fs.readFileSync(file)));
      return { doc, release: () => doc.destroy().catch(() => {}) };
    }
    if (cache) cache.doc.then((d) => d.destroy()).catch(() => {});
    const entry = { key, users: 0, doc: open(new Uint8Array(fs.readFileSync(file))) };
    entry.doc.catch(() => { if (cache === entry) cache = null; });
    cache = entry;
  }
  const entry = cache;
  entry.users++;
  try {
    return { doc: await entry.doc, release: () => { entry.users--; } };
  } catch (e) {
    entry.users--;
    throw e;
  }
}
parentPort.on('message', async ({ id, file, data, pages, images }) => {
  let held = null;
  try {
    held = await acquire(file, data);
    const doc = held.doc;
    const ops = {}; for (const k of ['save', 'restore', 'transform', 'paintFormXObjectBegin', 'paintFormXObjectEnd', 'paintImageXObject', 'paintInlineImageXObject', 'paintImageXObjectRepeat']) ops[k] = OPS[k];
    parentPort.postMessage({ id, type: 'open', pageCount: doc.numPages, ops });
    const list = pages === 'all' ? Array.from({ length: doc.numPages }, (_, i) => i + 1) : [pages].filter((n) => n >= 1 && n <= doc.numPages);
    for (const n of list) {
      let out;
      let vp = null;
      const transfer = [];
      try {
        const page = await doc.getPage(n);
        vp = page.getViewport({ scale: 1 });
        const content = await page.getTextContent({ includeMarkedContent: false });
        const items = content.items.filter((i) => typeof i.str === 'string' && i.str.trim()).map((i) => ({ str: i.str, transform: i.transform, width: i.width }));
        out = { n, width: vp.width, height: vp.height, vt: vp.transform, items };
        if (images || few(items)) {
          const list = await page.getOperatorList();
          out.ops = [];
          const ids = new Set();
          for (let k = 0; k < list.fnArray.length; k++) {
            const fn = list.fnArray[k];
            if (!KEEP.has(fn)) continue;
            const args = list.argsArray[k];
            if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) ids.add(args[0]);
            if (fn === OPS.paintInlineImageXObject && !images) out.ops.push([fn, [{ width: args[0].width, height: args[0].height }]]);
            else out.ops.push([fn, args]);
          }
          if (images) {
            out.images = {};
            for (const oid of ids) {
              const objs = String(oid).startsWith('g_') ? page.commonObjs : page.objs;
              const img = await new Promise((resolve) => objs.get(oid, resolve));
              if (img && img.data) {
                out.images[oid] = { width: img.width, height: img.height, kind: img.kind, data: img.data };
                transfer.push(img.data.buffer);
              }
            }
          }
        }
        page.cleanup();
      } catch (e) {
        out = { n, failed: true, width: vp ? vp.width : 0, height: vp ? vp.height : 0, vt: [1, 0, 0, 1, 0, 0], items: [] };
      }
      parentPort.postMessage({ id, type: 'page', page: out }, transfer);
    }
    parentPort.postMessage({ id, type: 'done' });
  } catch (e) {
    parentPort.postMessage({ id, type: 'error', name: (e && e.name) || 'Error', message: String((e && e.message) || e) });
  } finally {
    if (held) held.release();
  }
});
`;

/** One worker, started on first use, kept while it works and let go after a while idle. */
let shared: { worker: Worker; busy: number; idle: NodeJS.Timeout | null } | null = null;
let nextId = 1;
const IDLE_MS = 30_000;

function packagePath(file: string): string {
  // Resolved here (the bundle keeps pdfjs-dist as a package beside it); required there. A worker
  // thread of a packed app may not read inside app.asar (electron/electron#22446), so pdfjs-dist
  // is unpacked beside it (electron-builder.yml) and required from there.
  return require.resolve(`pdfjs-dist/${file}`).replace(/\.asar([\\/])/, '.asar.unpacked$1');
}

function startWorker(): NonNullable<typeof shared> {
  if (shared) return shared;
  const dir = path.dirname(packagePath('package.json'));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      pdfjs: packagePath('legacy/build/pdf.mjs'),
      worker: packagePath('legacy/build/pdf.worker.mjs'),
      cmaps: path.join(dir, 'cmaps') + path.sep,
      fonts: path.join(dir, 'standard_fonts') + path.sep,
      wasm: path.join(dir, 'wasm') + path.sep,
      iccs: path.join(dir, 'iccs') + path.sep,
      scanTextMin: SCAN_TEXT_MIN,
    },
    // pdfjs keeps a decoded page or two; a damaged file must not take the app's memory with it.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  worker.unref();
  const entry = { worker, busy: 0, idle: null as NodeJS.Timeout | null };
  const drop = () => {
    if (shared === entry) shared = null;
  };
  worker.once('exit', drop);
  worker.once('error', drop);
  shared = entry;
  return entry;
}

function stopWorker(entry: NonNullable<typeof shared>): void {
  if (shared === entry) shared = null;
  void entry.worker.terminate();
}

/**
 * Runs one request on the worker: `onPage` sees each page as it comes. Rejects with the Chinese
 * line for an encrypted or damaged file; a timeout or the signal ends the worker (the next
 * request starts a new one).
 */
function run(input: { file: string } | { data: Uint8Array }, pages: 'all' | number, images: boolean, onPage: (p: RawPage, ops: Record<string, number>) => void, signal?: AbortSignal): Promise<number> {
  signal?.throwIfAborted();
  const entry = startWorker();
  if (entry.idle) clearTimeout(entry.idle);
  entry.idle = null;
  entry.busy++;
  entry.worker.ref();
  const id = nextId++;
  return new Promise<number>((resolve, reject) => {
    let pageCount = 0;
    let ops: Record<string, number> = {};
    let timer: NodeJS.Timeout;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new Error(TOO_SLOW), true), ms);
    };
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      entry.worker.off('message', onMessage);
      entry.worker.off('error', onError);
      entry.worker.off('exit', onExit);
      if (--entry.busy === 0 && shared === entry) {
        entry.worker.unref();
        entry.idle = setTimeout(() => stopWorker(entry), IDLE_MS);
        entry.idle.unref();
      }
    };
    const fail = (e: Error, kill: boolean) => {
      finish();
      if (kill) stopWorker(entry);
      reject(e);
    };
    const abort = () => fail(signal!.reason instanceof Error ? signal!.reason : new Error('已取消'), true);
    const onMessage = (m: Reply) => {
      if (m.id !== id) return;
      if (m.type === 'open') {
        pageCount = m.pageCount;
        ops = m.ops;
        arm(PAGE_TIMEOUT);
      } else if (m.type === 'page') {
        arm(PAGE_TIMEOUT);
        try {
          onPage(m.page, ops);
        } catch (e) {
          fail(e as Error, false);
        }
      } else if (m.type === 'done') {
        finish();
        resolve(pageCount);
      } else fail(new Error(m.name === 'PasswordException' ? ENCRYPTED : DAMAGED, { cause: new Error(m.message) }), false);
    };
    const onError = (e: Error) => fail(new Error(DAMAGED, { cause: e }), false);
    const onExit = () => fail(new Error(DAMAGED, { cause: new Error('pdfjs worker exited') }), false);
    signal?.addEventListener('abort', abort, { once: true });
    entry.worker.on('message', onMessage);
    entry.worker.once('error', onError);
    entry.worker.once('exit', onExit);
    arm(OPEN_TIMEOUT);
    const request: Request = { id, pages, images, ...input };
    entry.worker.postMessage(request, 'data' in input ? [input.data.buffer as ArrayBuffer] : []);
  });
}

function sourceOf(input: string | Uint8Array): { file: string } | { data: Uint8Array } {
  // Bytes are handed over to the worker (transferred): a copy, so the caller's stay theirs.
  return typeof input === 'string' ? { file: path.resolve(input) } : { data: new Uint8Array(input) };
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * The text of every page that has a text layer, and the pages that are only a picture. A PDF that
 * needs a password or cannot be parsed is refused with one Chinese line (加密 / 已损坏); a page
 * whose content cannot be read is left out, the rest are read.
 */
export async function readPdfText(input: string | Uint8Array, opts: { signal?: AbortSignal } = {}): Promise<PdfText> {
  const source = sourceOf(input);
  const pages: PageText[] = [];
  const scanPages: number[] = [];
  const pageSizes: PdfText['pageSizes'] = [];
  const pageCount = await run(
    source,
    'all',
    false,
    (raw, ops) => {
      pageSizes[raw.n - 1] = { width: round(raw.width), height: round(raw.height) };
      if (raw.failed) return;
      const lines = toLines(itemsOf(raw));
      const text = lines.map((l) => l.text).join('\n');
      const chars = text.replace(/\s/g, '').length;
      if (chars < SCAN_TEXT_MIN && raw.ops && placedImages(raw, ops).some((p) => p.area > 1)) scanPages.push(raw.n);
      else if (chars > 0) pages.push({ page: raw.n, width: round(raw.width), height: round(raw.height), source: 'pdf', engine: 'pdfjs', text, lines });
    },
    opts.signal,
  );
  for (let i = 0; i < pageCount; i++) pageSizes[i] ??= { width: 0, height: 0 };
  return { pageCount, pages, scanPages, pageSizes };
}

interface Item {
  str: string;
  /** Baseline start in page space (points, y down), the unit direction of the text, its size. */
  x: number;
  y: number;
  ux: number;
  uy: number;
  size: number;
  width: number;
}

function itemsOf(raw: RawPage): Item[] {
  const vt = raw.vt;
  const items: Item[] = [];
  for (const it of raw.items) {
    const m = multiply(vt, it.transform);
    const size = Math.hypot(m[2], m[3]);
    const scaleX = Math.hypot(m[0], m[1]);
    if (!(size > 0) || !(scaleX > 0)) continue;
    // The item's width is in page units along the text; the viewport may scale it (UserUnit).
    const width = it.width * Math.hypot(vt[0], vt[1]);
    items.push({ str: it.str, x: m[4], y: m[5], ux: m[0] / scaleX, uy: m[1] / scaleX, size, width });
  }
  return items;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u{20000}-\u{3ffff}]/u;

/**
 * Items on one baseline become a line. Text runs in any direction: items are taken by their
 * direction (a table set sideways on a portrait page runs up it) and grouped in that direction's
 * own frame, so its lines stay apart and their boxes turn with them. Upright lines come first,
 * top to bottom, then each other direction's in its own reading order. Single characters each
 * set at their own angle (a seal's name round its ring) are chained, left to right, into one
 * line boxed upright.
 */
function toLines(items: Item[]): TextLine[] {
  const byDirection = new Map<number, Item[]>();
  for (const it of items) {
    // Two-degree steps: one line's items share a direction, a seal's characters do not.
    const key = Math.round((Math.atan2(it.uy, it.ux) * 180) / Math.PI / 2);
    const list = byDirection.get(key) ?? [];
    list.push(it);
    byDirection.set(key, list);
  }
  const upright = byDirection.get(0) ?? [];
  byDirection.delete(0);
  const out = frameLines(upright);
  const singles: Item[] = [];
  for (const [, list] of [...byDirection].sort((a, b) => b[1].length - a[1].length)) {
    if (list.length === 1 && [...list[0].str.trim()].length === 1) singles.push(list[0]);
    else out.push(...frameLines(list));
  }
  out.push(...chained(singles));
  return out;
}

/** Lines of items that run the same way, in that direction's frame: across it top to bottom, along it in order. */
function frameLines(items: Item[]): TextLine[] {
  if (items.length === 0) return [];
  const { ux, uy } = items[0];
  // Page (y down) → frame: a along the text, b across it, downwards as the text reads.
  const along = (it: Item) => it.x * ux + it.y * uy;
  const across = (it: Item) => -it.x * uy + it.y * ux;
  const sorted = [...items].sort((p, q) => across(p) - across(q) || along(p) - along(q));
  const groups: Item[][] = [];
  for (const it of sorted) {
    const last = groups[groups.length - 1];
    const ref = last?.[0];
    if (ref && Math.abs(across(it) - across(ref)) <= 0.3 * Math.min(it.size, ref.size)) last.push(it);
    else groups.push([it]);
  }
  const out: TextLine[] = [];
  for (const g of groups) {
    g.sort((p, q) => along(p) - along(q));
    let text = '';
    let end = -Infinity;
    for (const it of g) {
      const gap = along(it) - end;
      const prev = text.at(-1) ?? '';
      const next = it.str[0];
      // Between CJK characters only a column's gap is a word break; between Latin words a small one.
      const breakAt = CJK.test(prev) && CJK.test(next) ? 1.0 : 0.25;
      if (text && gap > breakAt * it.size && prev !== ' ' && next !== ' ') text += ' ';
      text += it.str;
      end = Math.max(end, along(it) + it.width);
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const size = Math.max(...g.map((i) => i.size));
    const base = Math.max(...g.map(across));
    const start = Math.min(...g.map(along));
    // Back from the frame to the page: a·(ux, uy) + b·(−uy, ux).
    const corner = (a: number, b: number): Point => pt(a * ux - b * uy, a * uy + b * ux);
    const top = base - ASCENT * size;
    const bottom = base + DESCENT * size;
    out.push({ text, box: [corner(start, top), corner(end, top), corner(end, bottom), corner(start, bottom)], score: 1 });
  }
  return out;
}

/**
 * Single characters at angles of their own: neighbours (closer than two characters) chained into
 * one line, read along the way they run together (a seal's name: left to right over its top),
 * boxed upright.
 */
function chained(items: Item[]): TextLine[] {
  const boxes = items.map((it) => {
    // Up is the text direction turned a quarter counterclockwise on screen (y down).
    const [vx, vy] = [it.uy, -it.ux];
    const corner = (a: number, up: number): [number, number] => [it.x + it.ux * a + vx * up, it.y + it.uy * a + vy * up];
    const c = [corner(0, ASCENT * it.size), corner(it.width, ASCENT * it.size), corner(it.width, -DESCENT * it.size), corner(0, -DESCENT * it.size)];
    const xs = c.map((p) => p[0]);
    const ys = c.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    return { it, text: it.str.trim(), x0, x1, y0, y1, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
  });
  // Connected groups of near neighbours (a handful of characters: pairs are cheap).
  const group = boxes.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (Math.hypot(a.cx - b.cx, a.cy - b.cy) < 2 * Math.max(a.it.size, b.it.size)) group[root(i)] = root(j);
    }
  }
  const chains = new Map<number, typeof boxes>();
  boxes.forEach((b, i) => chains.set(root(i), [...(chains.get(root(i)) ?? []), b]));
  return [...chains.values()].map((c) => {
    const dx = c.reduce((s, b) => s + b.it.ux, 0);
    const dy = c.reduce((s, b) => s + b.it.uy, 0);
    c.sort((a, b) => a.cx * dx + a.cy * dy - (b.cx * dx + b.cy * dy));
    const x0 = Math.min(...c.map((b) => b.x0));
    const x1 = Math.max(...c.map((b) => b.x1));
    const y0 = Math.min(...c.map((b) => b.y0));
    const y1 = Math.max(...c.map((b) => b.y1));
    return { text: c.map((b) => b.text).join(''), box: [pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1)], score: 1 };
  });
}

/** Of the font size, above and below the baseline: the ideographic em box of CJK faces. */
const ASCENT = 0.88;
const DESCENT = 0.12;

function pt(x: number, y: number): Point {
  return [round(x), round(y)];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

// ---------------------------------------------------------------------------------------------
// Pictures on a page

interface Placed {
  /** The image object's id, or its data when inline. */
  ref: string | RawImage;
  /** Unit square → page space (points, y down). */
  m: Matrix;
  area: number;
}

/** The images a page paints, each with where it lies; a form's images included. */
function placedImages(raw: RawPage, OPS: Record<string, number>): Placed[] {
  let ctm: Matrix = raw.vt;
  const stack: Matrix[] = [];
  const out: Placed[] = [];
  const place = (ref: Placed['ref'], m: Matrix) => {
    const corners = [apply(m, 0, 0), apply(m, 1, 0), apply(m, 0, 1), apply(m, 1, 1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    out.push({ ref, m, area: (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)) });
  };
  for (const [fn, args] of raw.ops ?? []) {
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args[0] as Matrix | null;
      if (Array.isArray(m) && m.length === 6) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject) place(args[0] as string, ctm);
    else if (fn === OPS.paintInlineImageXObject) place(args[0] as RawImage, ctm);
    else if (fn === OPS.paintImageXObjectRepeat) {
      // [objId, scaleX, scaleY, positions]: the same image drawn at several places.
      const [id, sx, sy, pos] = args as [string, number, number, number[]];
      for (let k = 0; k + 1 < pos.length; k += 2) place(id, multiply(ctm, [sx, 0, 0, sy, pos[k], pos[k + 1]]));
    }
  }
  return out;
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * The largest image painted on a page (a scan), as PNG upright as the page shows it, and where it
 * lies on the page; null when the page paints no image. Encrypted or damaged files are refused
 * as readPdfText refuses them.
 */
export async function pdfPageImage(input: string | Uint8Array, pageNumber: number, opts: { signal?: AbortSignal } = {}): Promise<PdfPageImage | null> {
  const source = sourceOf(input);
  let found: RawPage | null = null;
  let codes: Record<string, number> = {};
  await run(
    source,
    pageNumber,
    true,
    (raw, ops) => {
      found = raw;
      codes = ops;
    },
    opts.signal,
  );
  const raw = found as RawPage | null;
  if (!raw || raw.failed) return null;
  const placed = placedImages(raw, codes).sort((a, b) => b.area - a.area);
  for (const p of placed) {
    const img = typeof p.ref === 'string' ? raw.images?.[p.ref] : p.ref;
    const png = img ? await toPng(img, p.m) : null;
    if (!png) continue;
    const corners = [apply(p.m, 0, 0), apply(p.m, 1, 0), apply(p.m, 0, 1), apply(p.m, 1, 1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { ...png, x: round(x), y: round(y), w: round(Math.max(...xs) - x), h: round(Math.max(...ys) - y) };
  }
  return null;
}

/** pdfjs's decoded pixels (1-bit gray, RGB or RGBA) as a PNG turned the way the page shows them. */
async function toPng(img: RawImage, m: Matrix): Promise<{ image: Buffer; width: number; height: number } | null> {
  const { width, height, kind, data } = img;
  if (!data || !(width > 0 && height > 0)) return null;
  let pixels: Buffer;
  let channels: 1 | 3 | 4;
  if (kind === 1) {
    // Packed bits, rows padded to a byte, a set bit white (pdfjs's GRAYSCALE_1BPP).
    const stride = (width + 7) >> 3;
    pixels = Buffer.alloc(width * height);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) pixels[r * width + c] = data[r * stride + (c >> 3)] & (0x80 >> (c & 7)) ? 255 : 0;
    }
    channels = 1;
  } else if (kind === 2) {
    pixels = Buffer.from(data.buffer, data.byteOffset, width * height * 3);
    channels = 3;
  } else {
    pixels = Buffer.from(data.buffer, data.byteOffset, width * height * 4);
    channels = 4;
  }
  // The image's own x (a row) and its rows' direction (top row first) on the page, y down.
  const along: [number, number] = [m[0], m[1]];
  const down: [number, number] = [-m[2], -m[3]];
  let img2 = sharp(pixels, { raw: { width, height, channels } });
  const horizontal = Math.abs(along[0]) >= Math.abs(along[1]);
  let turned = false;
  if (horizontal) {
    if (along[0] < 0 && down[1] < 0) img2 = img2.rotate(180);
    else if (along[0] < 0) img2 = img2.flop();
    else if (down[1] < 0) img2 = img2.flip();
  } else {
    turned = true;
    // Rows run down the page: a quarter turn clockwise; up the page: counterclockwise; then a mirror if the columns run the wrong way.
    const quarter = along[1] > 0 ? 90 : 270;
    const mirrored = quarter === 90 ? down[0] > 0 : down[0] < 0;
    img2 = sharp(await img2.rotate(quarter).png().toBuffer());
    if (mirrored) img2 = img2.flop();
  }
  const image = await img2.png({ compressionLevel: 3 }).toBuffer();
  return { image, width: turned ? height : width, height: turned ? width : height };
}
