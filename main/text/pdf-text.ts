// The text a PDF carries (a notice from an office's word processor), page by page, with line
// boxes, and the pages that carry none but a picture (a scan) for OCR. pdfjs-dist parses; it is
// ESM, loaded on first use by a dynamic import, which Node (and jest, through require of ESM)
// resolves; the app's bundle keeps it external. pdfjs runs in this thread (no worker: one page
// at a time is quick, and a worker would have to be bundled); it fetches nothing, its CMaps and
// standard font metrics are read from its own package.
import path from 'node:path';
import fs from 'node:fs/promises';
import sharp from 'sharp';
import type { PageText, TextLine, Point } from '../../shared/text-types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDoc['getPage']>>;
type Matrix = [number, number, number, number, number, number];

export interface PdfText {
  pageCount: number;
  /** Pages with a text layer, in page order (source 'pdf', engine 'pdfjs'); boxes in points, top left origin. */
  pages: PageText[];
  /** 1-based pages with no usable text but a picture: a scan, for OCR. */
  scanPages: number[];
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
/** A file that pdfjs takes longer than this to open, or a page to read, is given up (never hang). */
const OPEN_TIMEOUT = 60_000;
const PAGE_TIMEOUT = 30_000;

const ENCRYPTED = 'PDF 已加密，无法读取文字；请用原密码打开后另存为不加密的 PDF 再添加。';
const DAMAGED = 'PDF 已损坏，无法读取文字；请从原件重新导出或扫描后再添加。';

let loading: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // The "fake worker" runs in this thread when the worker's handler is already loaded; otherwise
    // pdfjs would import pdf.worker.mjs by URL, which neither the bundle nor jest can follow.
    const g = globalThis as { pdfjsWorker?: unknown };
    const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    g.pdfjsWorker ??= (await import(worker)) as unknown;
    return lib;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

function packageDir(): string {
  return path.dirname(require.resolve('pdfjs-dist/package.json'));
}

async function open(input: string | Uint8Array, signal?: AbortSignal): Promise<PdfDoc> {
  signal?.throwIfAborted();
  const lib = await pdfjs();
  // pdfjs takes the buffer over (detaches it): a copy, so the caller's bytes stay theirs.
  const data = typeof input === 'string' ? new Uint8Array(await fs.readFile(input)) : new Uint8Array(input);
  const dir = packageDir();
  const task = lib.getDocument({
    data,
    cMapUrl: path.join(dir, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep,
    wasmUrl: path.join(dir, 'wasm') + path.sep,
    iccUrl: path.join(dir, 'iccs') + path.sep,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await guard(task.promise, OPEN_TIMEOUT, signal, () => void task.destroy());
  } catch (e) {
    void task.destroy();
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('已取消');
    const name = (e as { name?: string }).name;
    throw new Error(name === 'PasswordException' ? ENCRYPTED : DAMAGED, { cause: e });
  }
}

/** `p`, or a rejection when it takes longer than `ms` or the signal fires. */
function guard<T>(p: Promise<T>, ms: number, signal: AbortSignal | undefined, onGiveUp: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onGiveUp();
      reject(new Error('timeout'));
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      onGiveUp();
      reject(signal!.reason instanceof Error ? signal!.reason : new Error('已取消'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

/**
 * The text of every page that has a text layer, and the pages that are only a picture. A PDF that
 * needs a password or cannot be parsed is refused with one Chinese line (加密 / 已损坏); a page
 * whose content cannot be read is left out, the rest are read.
 */
export async function readPdfText(input: string | Uint8Array, opts: { signal?: AbortSignal } = {}): Promise<PdfText> {
  const doc = await open(input, opts.signal);
  try {
    const pages: PageText[] = [];
    const scanPages: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      opts.signal?.throwIfAborted();
      let read: { text: PageText; chars: number; page: PdfPage } | null = null;
      try {
        read = await guard(readPage(doc, n), PAGE_TIMEOUT, opts.signal, () => undefined);
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        // A page pdfjs cannot read: the others still are.
        continue;
      }
      if (read.chars < SCAN_TEXT_MIN && (await guard(hasImage(read.page), PAGE_TIMEOUT, opts.signal, () => undefined).catch(() => false))) scanPages.push(n);
      else if (read.chars > 0) pages.push(read.text);
      read.page.cleanup();
    }
    return { pageCount: doc.numPages, pages, scanPages };
  } finally {
    void doc.destroy();
  }
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

async function readPage(doc: PdfDoc, n: number): Promise<{ text: PageText; chars: number; page: PdfPage }> {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
  const vt = viewport.transform as Matrix;
  const items: Item[] = [];
  for (const raw of content.items) {
    if (!('str' in raw) || !raw.str || !raw.str.trim()) continue;
    const m = multiply(vt, raw.transform as Matrix);
    const size = Math.hypot(m[2], m[3]);
    const scaleX = Math.hypot(m[0], m[1]);
    if (!(size > 0) || !(scaleX > 0)) continue;
    // item.width is in page units along the text; the viewport may scale it (UserUnit).
    const width = raw.width * Math.hypot(vt[0], vt[1]);
    items.push({ str: raw.str, x: m[4], y: m[5], ux: m[0] / scaleX, uy: m[1] / scaleX, size, width });
  }
  const lines = toLines(items);
  const text = lines.map((l) => l.text).join('\n');
  const chars = text.replace(/\s/g, '').length;
  return { text: { page: n, width: round(viewport.width), height: round(viewport.height), source: 'pdf', engine: 'pdfjs', text, lines }, chars, page };
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u{20000}-\u{3ffff}]/u;

/** Items on one baseline become a line; horizontal lines top to bottom, then text set at an angle (a seal's ring). */
function toLines(items: Item[]): TextLine[] {
  const flat = items.filter((i) => Math.abs(i.uy) < 0.02 && i.ux > 0);
  const angled = items.filter((i) => !flat.includes(i));
  flat.sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: Item[][] = [];
  for (const it of flat) {
    const last = groups[groups.length - 1];
    const ref = last?.[0];
    if (ref && Math.abs(it.y - ref.y) <= 0.3 * Math.min(it.size, ref.size)) last.push(it);
    else groups.push([it]);
  }
  const out: TextLine[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const it of g) {
      const gap = it.x - end;
      const prev = text.at(-1) ?? '';
      const next = it.str[0];
      // Between CJK characters only a column's gap is a word break; between Latin words a small one.
      const breakAt = CJK.test(prev) && CJK.test(next) ? 1.0 : 0.25;
      if (text && gap > breakAt * it.size && prev !== ' ' && next !== ' ') text += ' ';
      text += it.str;
      end = Math.max(end, it.x + it.width);
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const size = Math.max(...g.map((i) => i.size));
    const y = Math.max(...g.map((i) => i.y));
    const x0 = Math.min(...g.map((i) => i.x));
    const top = y - ASCENT * size;
    const bottom = y + DESCENT * size;
    out.push({ text, box: [pt(x0, top), pt(end, top), pt(end, bottom), pt(x0, bottom)], score: 1 });
  }
  // Characters set at an angle (a seal's name round its ring): neighbours chained into one line,
  // left to right, boxed upright.
  const boxes = angled
    .map((it) => {
      // Up is the text direction turned a quarter counterclockwise on screen (y down).
      const [vx, vy] = [it.uy, -it.ux];
      const corner = (along: number, up: number): Point => [it.x + it.ux * along + vx * up, it.y + it.uy * along + vy * up];
      const c = [corner(0, ASCENT * it.size), corner(it.width, ASCENT * it.size), corner(it.width, -DESCENT * it.size), corner(0, -DESCENT * it.size)];
      const xs = c.map((p) => p[0]);
      const ys = c.map((p) => p[1]);
      return { text: it.str.trim(), size: it.size, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    })
    .filter((b) => b.text)
    .sort((a, b) => a.x0 - b.x0);
  const chains: (typeof boxes)[] = [];
  for (const b of boxes) {
    const chain = chains.find((c) => {
      const last = c[c.length - 1];
      return Math.hypot((b.x0 + b.x1 - last.x0 - last.x1) / 2, (b.y0 + b.y1 - last.y0 - last.y1) / 2) < 2 * Math.max(b.size, last.size);
    });
    if (chain) chain.push(b);
    else chains.push([b]);
  }
  for (const c of chains) {
    const x0 = Math.min(...c.map((b) => b.x0));
    const x1 = Math.max(...c.map((b) => b.x1));
    const y0 = Math.min(...c.map((b) => b.y0));
    const y1 = Math.max(...c.map((b) => b.y1));
    out.push({ text: c.map((b) => b.text).join(''), box: [pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1)], score: 1 });
  }
  return out;
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
  ref: string | ImageData;
  /** Unit square → page space (points, y down). */
  m: Matrix;
  area: number;
}

interface ImageData {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** The images a page paints, each with where it lies; a form's images included. */
async function placedImages(page: PdfPage): Promise<Placed[]> {
  const lib = await pdfjs();
  const { OPS } = lib;
  const ops = await page.getOperatorList();
  const viewport = page.getViewport({ scale: 1 });
  let ctm: Matrix = viewport.transform as Matrix;
  const stack: Matrix[] = [];
  const out: Placed[] = [];
  const place = (ref: Placed['ref'], m: Matrix) => {
    const corners = [apply(m, 0, 0), apply(m, 1, 0), apply(m, 0, 1), apply(m, 1, 1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    out.push({ ref, m, area: (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)) });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args[0] as Matrix | null;
      if (Array.isArray(m) && m.length === 6) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject) place(args[0] as string, ctm);
    else if (fn === OPS.paintInlineImageXObject) place(args[0] as ImageData, ctm);
    else if (fn === OPS.paintImageXObjectRepeat) {
      // [objId, scaleX, scaleY, positions]: the same image drawn at several places.
      const [id, sx, sy, pos] = args as [string, number, number, number[]];
      for (let k = 0; k + 1 < pos.length; k += 2) place(id, multiply(ctm, [sx, 0, 0, sy, pos[k], pos[k + 1]]));
    }
  }
  return out;
}

async function hasImage(page: PdfPage): Promise<boolean> {
  return (await placedImages(page)).some((p) => p.area > 1);
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * The largest image painted on a page (a scan), as PNG upright as the page shows it, and where it
 * lies on the page; null when the page paints no image. Encrypted or damaged files are refused
 * as readPdfText refuses them.
 */
export async function pdfPageImage(input: string | Uint8Array, pageNumber: number): Promise<PdfPageImage | null> {
  const doc = await open(input);
  try {
    if (!(pageNumber >= 1 && pageNumber <= doc.numPages)) return null;
    const page = await guard(doc.getPage(pageNumber), PAGE_TIMEOUT, undefined, () => undefined);
    const placed = await guard(placedImages(page), PAGE_TIMEOUT, undefined, () => undefined);
    placed.sort((a, b) => b.area - a.area);
    for (const p of placed) {
      const data = typeof p.ref === 'string' ? await objectOf(page, p.ref) : p.ref;
      const png = data ? await toPng(data, p.m) : null;
      if (!png) continue;
      const corners = [apply(p.m, 0, 0), apply(p.m, 1, 0), apply(p.m, 0, 1), apply(p.m, 1, 1)];
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return { ...png, x: round(x), y: round(y), w: round(Math.max(...xs) - x), h: round(Math.max(...ys) - y) };
    }
    return null;
  } catch (e) {
    if (e instanceof Error && (e.message === ENCRYPTED || e.message === DAMAGED)) throw e;
    throw new Error(DAMAGED, { cause: e });
  } finally {
    void doc.destroy();
  }
}

/** An image object of the page (resolved once its operator list is), or null. */
function objectOf(page: PdfPage, id: string): Promise<ImageData | null> {
  const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as { get(id: string, cb: (d: unknown) => void): unknown };
  return guard(
    new Promise<ImageData | null>((resolve) => objs.get(id, (d) => resolve((d as ImageData | null) ?? null))),
    PAGE_TIMEOUT,
    undefined,
    () => undefined,
  ).catch(() => null);
}

/** pdfjs's decoded pixels (1-bit gray, RGB or RGBA) as a PNG turned the way the page shows them. */
async function toPng(img: ImageData, m: Matrix): Promise<{ image: Buffer; width: number; height: number } | null> {
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
