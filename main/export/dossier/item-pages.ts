// An item in the dossier: each of its files — PDF pages merged in and scanned sheets at their
// own size, photos with their captions, DOCX text in the body style, and a placeholder page for
// anything that cannot be printed. No header page: the 归档章 is stamped on the item's first
// page whatever it is (DA/T 22), and the item's heading (件号, 题名, date) runs at the top of its
// first page the dossier lays out itself.
import fs from 'node:fs/promises';
import { drawEmbeddedPage, embedPdfPages } from '../pdf/embed-pdf';
import { A4, MM, PT } from '../pdf/geometry';
import { docxBlocks, type Block } from './docx-blocks';
import { effectiveCaption } from '../../check/self-check';
import { PARSE_LIMIT, openPdf } from '../../intake/probe';
import { CELL, CELL_LABEL, table, tableHeight, type Cell } from './table';
import { BODY, SMALL, TITLE, para, paraSpans, textAt } from './text';
import { printedPara } from './docx-style';
import { imageRequest, type ImageQueue } from './print-images';
import { drawInvisibleText, embeddedPageMatrix, imageMatrix } from './invisible-text';
import { pageTextsOf } from '../../text/page-store';
import type { PageText } from '../../../shared/text-types';
import type { Pager } from './pager';
import type { PrintItem } from './plan';
import type { Archive } from '../../archive/archive';
import { exclusionMark } from '../../check/evidence';
import { chineseDate, limitText } from '../../../shared/names';
import { CAPTION_LABELS, FILE_ROLE_LABELS, RETENTION_LABELS, type Caption, type Campaign, type StoredFile } from '../../../shared/domain';

/** Read whole into memory to be printed, a file past the parse limit would take the export down with it. */
const TOO_LARGE_TO_PRINT = `文件超过 ${limitText(PARSE_LIMIT)}，未合并打印；请压缩或拆分后重新添加`;

export interface ItemContext {
  pager: Pager;
  archive: Archive;
  campaign: Campaign;
  /** Layout pass: images and PDFs are not read, only their space is taken. */
  dry: boolean;
  photosPerPage: 1 | 2;
  dpi: number;
  stamp: boolean;
  /** 页数 of each item, known after the layout pass (for the stamp): its own pages, not placeholders. */
  itemPages: Map<number, number>;
  /** The item being laid out: whether its first page, its heading and its mark are out yet. */
  current?: ItemState;
  /**
   * The dossier's images: the layout pass plans each one it places, in print order; the write
   * pass takes them, made ahead on the other cores.
   */
  images: ImageQueue;
  /** DOCX blocks, parsed once and reused by the second pass. */
  docx: Map<string, Block[] | Error>;
  warnings: { path: string; reason: string }[];
  signal?: AbortSignal;
  /**
   * Write pass: the pages OCR read from the originals, by sha256, laid over the scans and photos
   * as invisible text so the dossier can be searched. Not read for the layout pass: the text
   * takes no room.
   */
  ocrPages?: Map<string, PageText[]>;
}

interface ItemState {
  print: PrintItem;
  started: boolean;
  headed: boolean;
  marked: boolean;
  /** Placeholder pages so far: not the item's own. */
  placeholders: number;
}

const STILLS = new Set(['jpeg', 'png', 'gif', 'tiff', 'webp']);
const TEXT_PRINT_LIMIT = 512 * 1024;

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Lays an item out from a new page; returns its 页数: the pages of its own (PDF pages, scans,
 * photo pages, DOCX and text pages), not the placeholder pages standing in for files that
 * cannot be printed.
 */
export async function renderItem(ctx: ItemContext, print: PrintItem): Promise<number> {
  const { pager } = ctx;
  const { item } = print;
  const state: ItemState = { print, started: false, headed: false, marked: false, placeholders: 0 };
  ctx.current = state;
  const before = pager.physical;
  const files = item.files;
  // An item with no file at all still needs its page: the heading and what is known of it.
  if (files.length === 0) {
    generatedPage(ctx);
    const rows: [string, string][] = [
      ['档号', print.code],
      ['地点', item.location],
      ['责任者', item.responsible],
      ['文号', item.docNumber],
      ['参与人数', item.participants != null ? `${item.participants} 人` : ''],
      ['说明', item.description || '（无文件）'],
    ];
    const w = pager.width;
    table(pager, [w * 0.18, w * 0.82], rows.filter(([, v]) => v).map(([k, v]) => [{ text: k, style: CELL_LABEL }, { text: v }]));
  }
  // Checked in both passes (a few lstat calls), so that a damaged file takes the same placeholder
  // page in the layout pass as in the real one, and the page numbers stay true.
  const damaged = new Map<StoredFile, string>();
  for (const f of files) {
    await ctx.archive.store.checkedAbs(f.storePath).catch((e: Error) => damaged.set(f, e.message));
  }
  const photo = (f: StoredFile | undefined) => !!f && !f.warning && !damaged.has(f) && STILLS.has(f.type) && f.role === 'photo';
  for (let i = 0; i < files.length; i++) {
    if (ctx.signal?.aborted) break;
    const f = files[i];
    if (photo(f)) {
      // Two photos to a page when asked, and when the next file is a photo too.
      const next = files[i + 1];
      const pair = ctx.photosPerPage === 2 && photo(next) ? next : null;
      await photoPage(ctx, print, pair ? [f, pair] : [f]);
      if (pair) i++;
    } else if (damaged.has(f)) {
      await placeholder(ctx, f, damaged.get(f)!, 1, LOST);
    } else await renderFile(ctx, print, f);
  }
  ctx.current = undefined;
  return Math.max(0, pager.physical - before - state.placeholders);
}

/**
 * The OCR'd pages of the files that print as pictures or PDF pages, read once for the write pass
 * (one query: per item, it would wait behind the image threads each time). A PDF's own text
 * layer is not kept: it is searchable already where the page is merged.
 */
export async function ocrPagesOf(archive: Archive, files: StoredFile[]): Promise<Map<string, PageText[]>> {
  const shas = [...new Set(files.filter((f) => !f.warning && (STILLS.has(f.type) || f.type === 'pdf')).map((f) => f.sha256))];
  const out = new Map<string, PageText[]>();
  if (shas.length === 0) return out;
  for (const [sha, pages] of await pageTextsOf(archive.db, shas)) {
    const ocr = pages.filter((p) => p.source === 'ocr' && p.lines.length > 0 && p.width > 0 && p.height > 0);
    if (ocr.length) out.set(sha, ocr);
  }
  return out;
}

/** The OCR text of page `n` of a file, or undefined. */
function ocrPage(ctx: ItemContext, f: StoredFile, n: number): PageText | undefined {
  return ctx.ocrPages?.get(f.sha256)?.find((p) => p.page === n);
}

/** The item's first page, whatever it is: its anchor, and the 归档章 when asked for. */
function startItem(ctx: ItemContext, backing: boolean): void {
  const state = ctx.current;
  if (!state || state.started) return;
  state.started = true;
  ctx.pager.mark(`item:${state.print.item.id}`);
  if (ctx.stamp) drawStamp(ctx, state.print, backing);
}

/**
 * A page the dossier lays out itself (photos, text, a placeholder): the item's heading at its
 * top if the item has had none yet, under the 归档章 if it is the item's first page.
 */
function generatedPage(ctx: ItemContext): void {
  const { pager } = ctx;
  pager.addPage('body');
  startItem(ctx, false);
  const state = ctx.current;
  if (!state || state.headed) return;
  state.headed = true;
  const { item } = state.print;
  const date = chineseDate(item.date);
  para(pager, `${state.print.code.slice(-4)}　${item.title}${date ? `　${date}` : ''}`, HEADING_LINE, true);
  if (state.print.excluded && !state.marked) {
    state.marked = true;
    excludedMark(pager, exclusionMark(state.print.excluded));
  }
}

/** The item's heading: one line of 黑体 3号 where the title allows, centred. */
const HEADING_LINE = { role: 'hei' as const, size: PT.san, align: 'center' as const, pitch: PT.san * 1.6, after: PT.si / 2 };

/** Where an original lies on its sheet: the whole A4 sheet, in the page's own (possibly shifted) frame. */
function sheet(ctx: ItemContext): { x: number; y: number; width: number; height: number } {
  return { x: ctx.pager.sheetX, y: 0, width: A4.width, height: A4.height };
}

/** After an original is drawn: its page number and, on the item's first page, the 归档章, each on white. */
function finishOriginal(ctx: ItemContext): void {
  const { pager } = ctx;
  pager.numberOriginal();
  startItem(ctx, true);
  const state = ctx.current;
  if (state?.print.excluded && !state.marked) {
    state.marked = true;
    excludedMarkAt(pager, exclusionMark(state.print.excluded), pager.left, STAMP_TOP, true);
  }
}

/**
 * Whether the dossier lays a file out itself; anything else prints as a placeholder page. The
 * ledger counts placeholders with it. A plain-text note prints in the body style; a huge log
 * file would not be evidence anyway.
 */
export function printsInDossier(f: StoredFile): boolean {
  if (f.warning) return false;
  return STILLS.has(f.type) || f.type === 'pdf' || f.type === 'docx' || (f.type === 'text' && f.size <= TEXT_PRINT_LIMIT);
}

async function renderFile(ctx: ItemContext, print: PrintItem, f: StoredFile): Promise<void> {
  if (!printsInDossier(f)) {
    const reason = f.warning ?? (f.type === 'text' ? '文本文件过大，未排入台账' : '此类文件无法排入台账，原件已存档');
    return placeholder(ctx, f, reason);
  }
  if (STILLS.has(f.type)) return scanPage(ctx, f);
  if (f.type === 'pdf') return pdfPages(ctx, f);
  if (f.type === 'docx') return docxText(ctx, f);
  const text = await ctx.archive.store.checkedAbs(f.storePath).then((abs) => fs.readFile(abs, 'utf8')).catch(() => '');
  generatedPage(ctx);
  for (const line of text.split(/\n+/)) para(ctx.pager, line.trim(), BODY);
}

/** The largest box of the image's aspect that fits in w × h. */
function fit(f: StoredFile, w: number, h: number): { width: number; height: number } {
  const iw = f.width ?? 4;
  const ih = f.height ?? 3;
  const s = Math.min(w / iw, h / ih);
  return { width: iw * s, height: ih * s };
}

async function placeImage(ctx: ItemContext, f: StoredFile, x: number, y: number, w: number, h: number): Promise<void> {
  const size = fit(f, w, h);
  await drawImage(ctx, f, x + (w - size.width) / 2, y, size);
}

/**
 * The image at print size; in the layout pass (which records what the write pass will ask for),
 * or when it will not decode, a ruled box of its size.
 */
async function drawImage(ctx: ItemContext, f: StoredFile, x: number, y: number, size: { width: number; height: number }): Promise<void> {
  const { doc } = ctx.pager;
  const request = imageRequest(f.storePath, size.width, size.height, ctx.dpi);
  if (ctx.dry) ctx.images.plan(request);
  else {
    try {
      const jpeg = await ctx.images.take(request);
      doc.image(jpeg, x, y, { width: size.width, height: size.height });
      const text = ocrPage(ctx, f, 1);
      if (text) drawInvisibleText(doc, ctx.pager.fonts, text, imageMatrix(text, x, y, size.width, size.height));
      return;
    } catch {
      ctx.warnings.push({ path: f.name, reason: '照片无法解码，已以方框代替' });
    }
  }
  doc.rect(x, y, size.width, size.height).stroke();
}

/** Two photos to a page: captions in 5号 so that the photos keep most of their half page. */
const COMPACT_CELL = { ...CELL, size: PT.wu, pitch: PT.wu * 1.4 };
const COMPACT_LABEL = { ...CELL_LABEL, size: PT.wu, pitch: PT.wu * 1.4 };

function captionRows(caption: Caption, compact: boolean): Cell[][] {
  const keys = Object.keys(CAPTION_LABELS) as (keyof Caption)[];
  const label = (k: keyof Caption) => ({ text: CAPTION_LABELS[k], style: compact ? COMPACT_LABEL : CELL_LABEL });
  const value = (k: keyof Caption) => ({ text: k === 'time' ? captionTime(caption.time) : caption[k], style: compact ? COMPACT_CELL : CELL });
  if (!compact) return keys.map((k) => [label(k), value(k)]);
  const rows: Cell[][] = [];
  for (let i = 0; i < keys.length; i += 2) rows.push([label(keys[i]), value(keys[i]), label(keys[i + 1]), value(keys[i + 1])]);
  return rows;
}

/** EXIF "2023-03-08 09:30:00" prints as 2023年3月8日 09:30. */
function captionTime(t: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(t);
  return m ? `${chineseDate(m[1])}${m[2] ? ` ${m[2]}` : ''}` : t;
}

async function photoPage(ctx: ItemContext, print: PrintItem, photos: StoredFile[]): Promise<void> {
  const { pager } = ctx;
  const { doc } = pager;
  generatedPage(ctx);
  // Below the item's heading, when this page carries it.
  const top0 = doc.y;
  const compact = photos.length === 2;
  const w = pager.width;
  const widths = compact ? [w * 0.13, w * 0.37, w * 0.13, w * 0.37] : [w * 0.18, w * 0.82];
  const slot = (pager.bottom - top0) / photos.length;
  for (const [i, f] of photos.entries()) {
    const caption = effectiveCaption(f, print.item);
    // The caption's height decides how tall the photo may be; photo and caption then sit
    // together, centred in their half or whole page.
    const capHeight = tableHeight(pager, widths, captionRows(caption, compact));
    const gap = PT.si / 2;
    const maxImage = slot - capHeight - gap - PT.si;
    const shown = fit(f, w, maxImage).height;
    const top = top0 + i * slot + (slot - PT.si - (shown + gap + capHeight)) / 2;
    await placeImage(ctx, f, pager.left, top, w, shown);
    doc.y = top + shown + gap;
    table(pager, widths, captionRows(caption, compact));
  }
}

/**
 * A scanned sheet (sign-in sheet, notice): taken as a sheet of A4 and printed at its own size,
 * on its side when it is landscape, no caption; page number and stamp over its margins, on white.
 */
async function scanPage(ctx: ItemContext, f: StoredFile): Promise<void> {
  const { pager } = ctx;
  const { doc } = pager;
  pager.addOriginalPage();
  const box = sheet(ctx);
  const landscape = (f.width ?? 3) > (f.height ?? 4);
  // On its side: laid out in the image's own orientation in a box as tall as the sheet is wide.
  const w = landscape ? box.height : box.width;
  const h = landscape ? box.width : box.height;
  const size = fit(f, w, h);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  doc.save();
  // Top of the sheet to the binding side (GB/T 9704 for tables turned on their side).
  if (landscape) doc.rotate(pager.bindsRight ? 90 : -90, { origin: [cx, cy] });
  const x = cx - size.width / 2;
  const y = cy - size.height / 2;
  await drawImage(ctx, f, x, y, size);
  doc.restore();
  finishOriginal(ctx);
}

/**
 * A PDF's pages at their own size: A4 at 100 %, larger pages scaled down to the sheet, smaller
 * ones centred unscaled, landscape ones turned to fit; page number and stamp over the margin the
 * page leaves, on white.
 */
async function pdfPages(ctx: ItemContext, f: StoredFile): Promise<void> {
  const { pager } = ctx;
  // Decided in both passes, so that the 页数 the layout pass counts leaves these placeholders out.
  if (f.size > PARSE_LIMIT) return placeholder(ctx, f, TOO_LARGE_TO_PRINT, f.pages ?? 1);
  if (ctx.dry) {
    for (let p = 0; p < (f.pages ?? 1); p++) {
      pager.addOriginalPage();
      finishOriginal(ctx);
    }
    return;
  }
  let pages;
  try {
    const bytes = await fs.readFile(await ctx.archive.store.checkedAbs(f.storePath));
    pages = await embedPdfPages(pager.doc, bytes);
  } catch (e) {
    // The layout pass reserved f.pages pages; keep the count so the contents stay true.
    return placeholder(ctx, f, `PDF 无法读取，未能合并（${(e as Error).message}）`, f.pages ?? 1);
  }
  for (const [i, page] of pages.entries()) {
    pager.addOriginalPage();
    const turn = page.width > page.height ? (pager.bindsRight ? 'right' : 'left') : undefined;
    const at = drawEmbeddedPage(pager.doc, page, sheet(ctx), { turn });
    const text = ocrPage(ctx, f, i + 1);
    if (text) drawInvisibleText(pager.doc, pager.fonts, text, embeddedPageMatrix(text, page, at, turn));
    finishOriginal(ctx);
  }
}

async function docxText(ctx: ItemContext, f: StoredFile): Promise<void> {
  const { pager } = ctx;
  if (f.size > PARSE_LIMIT) return placeholder(ctx, f, TOO_LARGE_TO_PRINT);
  let blocks = ctx.docx.get(f.sha256);
  if (!blocks) {
    try {
      const parsed = await docxBlocks(await fs.readFile(await ctx.archive.store.checkedAbs(f.storePath)));
      blocks = parsed.blocks;
      if (ctx.dry) for (const w of parsed.warnings) ctx.warnings.push({ path: f.name, reason: w });
    } catch (e) {
      blocks = e as Error;
    }
    ctx.docx.set(f.sha256, blocks);
  }
  if (blocks instanceof Error) return placeholder(ctx, f, (blocks as Error & { reason?: string }).reason ?? 'Word 文档无法读取');
  // The document begins at the top of the text area, as it does in Word: no file name above it
  // (on an item's first page, under the item's heading).
  generatedPage(ctx);
  for (const b of blocks) layoutBlock(pager, b);
}

function layoutBlock(pager: Pager, b: Block): void {
  switch (b.kind) {
    case 'heading':
    case 'paragraph': {
      // As in Word (alignment, size, bold, indent), headings in their GB/T 9704 faces.
      const p = printedPara(b);
      if (p.spans.length === 1 && !p.spans[0].role) para(pager, p.spans[0].text, p.style, p.keep);
      else paraSpans(pager, p.spans, p.style, p.keep);
      return;
    }
    case 'list': {
      // Numbers restart at each depth, as Word's do.
      const counters: number[] = [];
      for (const it of b.items) {
        counters.length = it.depth + 1;
        counters[it.depth] = (counters[it.depth] ?? 0) + 1;
        para(pager, `${b.ordered ? `${counters[it.depth]}. ` : '· '}${it.text}`, { ...BODY, indentChars: 2 + it.depth * 2 });
      }
      return;
    }
    case 'table': {
      for (const row of gridRows(b.rows)) {
        const cols = row.reduce((n, c) => n + c.colspan, 0);
        const unit = pager.width / Math.max(1, gridWidth(b.rows));
        const widths = row.map((c) => unit * c.colspan);
        if (cols < gridWidth(b.rows)) widths[widths.length - 1] += unit * (gridWidth(b.rows) - cols);
        table(pager, widths, [row.map((c) => ({ text: c.text, style: c.header ? CELL_LABEL : CELL }))]);
      }
      pager.doc.y += PT.si;
      return;
    }
    case 'image':
      para(pager, `［图片${b.alt ? `：${b.alt}` : ''}，见原件］`, { ...SMALL, align: 'center' });
      return;
  }
}

type TableCell = Extract<Block, { kind: 'table' }>['rows'][number][number];

function gridWidth(rows: TableCell[][]): number {
  return Math.max(1, ...gridRows(rows).map((r) => r.reduce((n, c) => n + c.colspan, 0)));
}

/**
 * Rows with an empty cell standing in where a cell from a row above spans down (rowspan), so
 * the columns below a merged cell stay in their places.
 */
function gridRows(rows: TableCell[][]): TableCell[][] {
  const carry: number[] = []; // per column: rows still covered from above
  return rows.map((row) => {
    const out: TableCell[] = [];
    let col = 0;
    const queue = [...row];
    while (queue.length || carry.slice(col).some((n) => n > 0)) {
      if (carry[col] > 0) {
        carry[col]--;
        out.push({ text: '', colspan: 1, rowspan: 1, header: false });
        col++;
        continue;
      }
      const c = queue.shift();
      if (!c) break;
      out.push(c);
      for (let k = 0; k < c.colspan; k++) carry[col + k] = c.rowspan - 1;
      col += c.colspan;
    }
    return out;
  });
}

/** So the gap shows in print: what the file is, and why it is not here. */
const KEPT = '原件已完整保存在电子档案中，可在“迎检材料包”中查看。';
/** On the page of a stored file that is gone or not itself: the paper must not promise it is kept. */
const LOST = '档案中的这份原件已损坏或丢失，请运行 taizhang verify 检查，从原件恢复后重新导出。';

async function placeholder(ctx: ItemContext, f: StoredFile, reason: string, pages = 1, note = KEPT): Promise<void> {
  const { pager } = ctx;
  if (!ctx.dry) ctx.warnings.push({ path: f.name, reason: `以占位页代替：${reason}` });
  for (let p = 0; p < pages; p++) {
    generatedPage(ctx);
    if (ctx.current) ctx.current.placeholders++;
    const { doc } = pager;
    const y = Math.max(doc.y, pager.top + 40 * MM);
    doc.save().lineWidth(1).dash(6, { space: 4 }).rect(pager.left, y, pager.width, 90 * MM).stroke().undash().restore();
    doc.y = y + 10 * MM;
    para(pager, '此处文件无法打印', { ...TITLE, size: PT.xiaoEr });
    const rows: [string, string][] = [
      ['文件名', f.name],
      ['大小', humanSize(f.size)],
      ['SHA-256', f.sha256],
      ['原因', reason],
    ];
    doc.y += PT.si;
    for (const [k, v] of rows) {
      textAt(pager, k, { ...CELL_LABEL, align: 'right' }, { x: pager.left + 8 * MM, y: doc.y, width: 24 * MM });
      const h = textAt(pager, v, CELL, { x: pager.left + 36 * MM, y: doc.y, width: pager.width - 44 * MM });
      doc.y += Math.max(h, PT.si * 1.5) + 4;
    }
    para(pager, note, { ...SMALL, align: 'center' });
  }
}

/**
 * “不计入：创建时段外” under the item's title, in a red frame: an item the export was asked to
 * include although it does not count must say so on paper, not pass for evidence.
 */
function excludedMark(pager: Pager, mark: string): void {
  const { doc } = pager;
  const { width: w, height: h } = markSize(mark);
  pager.ensureSpace(h + PT.si);
  const y = doc.y;
  excludedMarkAt(pager, mark, pager.left + (pager.width - w) / 2, y, false);
  doc.y = y + h + PT.si * 0.6;
}

const MARK_SIZE = PT.san;
const MARK_PAD = 3 * MM;

function markSize(mark: string): { width: number; height: number } {
  // Full-width characters: the frame is as wide as the text, whatever the face.
  return { width: mark.length * MARK_SIZE + 2 * MARK_PAD, height: MARK_SIZE * 1.5 + MARK_PAD };
}

/** The mark in its red frame at (x, y); on white over an original. */
function excludedMarkAt(pager: Pager, mark: string, x: number, y: number, backing: boolean): void {
  const { doc } = pager;
  const size = MARK_SIZE;
  const pad = MARK_PAD;
  const { width: w, height: h } = markSize(mark);
  const red = '#c00000';
  if (backing) doc.save().rect(x, y, w, h).fill('white').restore();
  doc.save().lineWidth(1.5).strokeColor(red).rect(x, y, w, h).stroke().restore();
  textAt(pager, mark, { role: 'hei', size, align: 'center', pitch: size * 1.5, color: red }, { x, y: y + pad / 2 + size * 0.1, width: w });
  doc.fillColor('black');
}

/** Top of the 归档章 (and of a 不计入 mark on an original), from the top of the sheet. */
const STAMP_TOP = 8 * MM;

/**
 * 归档章: red, 45 × 16 mm, six cells, at the top right of the item's first page (DA/T 22: the
 * blank space at its top), over the 天头 of a page we lay out, over the top margin of an
 * original on a white backing in case that is not blank. 页数 is the item's own pages.
 */
function drawStamp(ctx: ItemContext, print: PrintItem, backing: boolean): void {
  const { pager, campaign } = ctx;
  const { doc } = pager;
  const w = 45 * MM;
  const h = 16 * MM;
  const x = pager.left + pager.width - w;
  const y = STAMP_TOP;
  if (backing) doc.save().rect(x - 1.5 * MM, y - 1.5 * MM, w + 3 * MM, h + 3 * MM).fill('white').restore();
  const retention = print.item.retention ?? campaign.retention;
  const cells = [
    [campaign.fonds, String(print.year ?? ''), print.code.slice(-4)],
    [campaign.orgCode, RETENTION_LABELS[retention], String(ctx.itemPages.get(print.item.id) ?? '')],
  ];
  const red = '#c00000';
  doc.save().lineWidth(1).strokeColor(red);
  doc.rect(x, y, w, h).stroke();
  doc.moveTo(x, y + h / 2).lineTo(x + w, y + h / 2).stroke();
  doc.moveTo(x + w / 3, y).lineTo(x + w / 3, y + h).stroke();
  doc.moveTo(x + (2 * w) / 3, y).lineTo(x + (2 * w) / 3, y + h).stroke();
  doc.restore();
  cells.forEach((row, r) =>
    row.forEach((text, c) => {
      textAt(pager, text, { role: 'song', size: 8, align: 'center', pitch: 10, color: red }, { x: x + (c * w) / 3, y: y + (r * h) / 2 + (h / 2 - 9) / 2, width: w / 3 });
    }),
  );
  doc.fillColor('black');
}

