// The bound dossier (台账) as one print-ready PDF. Laid out twice: the first pass finds where
// every indicator and item falls and which images go where (images and PDFs are not read), the
// second writes the real thing with those page numbers in the contents, the 提交表 and the
// 归档章. Its images are made on the other cores from the moment the first pass places them
// (print-images.ts), so the writer mostly finds them ready. The second pass
// streams to a temporary file beside the target, renamed at the end: a cancelled or failed
// export leaves nothing half-written, and the archive is only read.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { Archive } from '../../archive/archive';
import { loadFonts, type FontSet } from '../pdf/fonts';
import { A4 } from '../pdf/geometry';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { checkOutputPath, exportWriteError } from '../output-path';
import { tempBeside } from '../leftovers';
import { contents, contentsLines, cover } from './front';
import { ownMaterial, sectionPage, submissionForm, type PageRange } from './indicator-pages';
import { ocrPagesOf, renderItem, type ItemContext } from './item-pages';
import { Pager } from './pager';
import { ImageQueue, printImage } from './print-images';
import { finishNavigation } from './nav';
import { excludedWarning, planDossier, walk, type DossierPlan, type PrintIndicator } from './plan';
import { DEFAULT_ARRANGEMENT, numberingNote, type Arrangement } from '../../../shared/archival-code';
import type { Block } from './docx-blocks';
import type { PageText } from '../../../shared/text-types';
import { TaizhangError } from '../../../shared/errors';
import { selfCheck } from '../../check/self-check';

export interface DossierOptions {
  /** Each indicator starts on an odd page; blank pages inserted unnumbered; binding side alternates. */
  duplex?: boolean;
  /** Codes of the indicators to print, with everything below them; all when empty. */
  indicators?: string[];
  photosPerPage?: 1 | 2;
  /** Image resolution at print size. */
  dpi?: number;
  jpegQuality?: number;
  cover?: boolean;
  contents?: boolean;
  submissionForms?: boolean;
  stamp?: boolean;
  /** Print an item in full under every indicator it is linked to, instead of a cross-reference. */
  fullCopies?: boolean;
  /**
   * Print items that do not count (创建时段外, 文件无法读取), marked “不计入：…”; left out by
   * default. The ledger, the package and the boxes take it from here, so they list what the paper holds.
   */
  includeExcluded?: boolean;
  /** The date on the cover (YYYY-MM-DD); today by default. */
  date?: string;
  /**
   * Whose 件号 the 归档章 and 目录 carry: inspection (迎检, in indicator order; the default) or
   * archive (归档, from 0001 within each 年度-保管期限-机构 class, as the archive boxes number them).
   */
  arrangement?: Arrangement;
}

export interface DossierResult {
  file: string;
  pages: number;
  /** Pages that are not the items' own (cover, 目录, section pages, 提交表, placeholders, blanks). */
  generated: number;
  bytes: number;
  warnings: { path: string; reason: string }[];
}

interface Layout {
  anchors: Map<string, number>;
  bodyStart: number;
  /** Physical pages of each item printed in full, and its 页数 (own pages, placeholders not counted). */
  itemRanges: Map<number, { first: number; last: number; own: number }>;
  pages: number;
}

type Resolved = Required<Omit<DossierOptions, 'indicators' | 'date'>> & Pick<DossierOptions, 'indicators' | 'date'>;

const DEFAULTS: Resolved = { duplex: false, photosPerPage: 1, dpi: 200, jpegQuality: 80, cover: true, contents: true, submissionForms: true, stamp: true, fullCopies: false, includeExcluded: false, arrangement: DEFAULT_ARRANGEMENT };

/** Where each item falls in the dossier, by printed page numbers. */
export interface DossierPages {
  plan: DossierPlan;
  /**
   * Printed page range of every item printed in full, and its 页数 (`count`): the item's own
   * pages as printed (PDF pages, scans, photo and DOCX pages), not placeholder pages.
   */
  items: Map<number, { first: number; last: number; count: number }>;
  pages: number;
  /** Pages that are not the items' own. */
  generated: number;
  /**
   * The layout pass itself: an export with the same options writes from it instead of laying the
   * dossier out again (a package writes the dossier and the ledger it laid out for its index).
   */
  laidOut: DossierLayout;
}

/** A finished layout pass, opaque outside this module. */
export type DossierLayout = Prepared;

interface Prepared {
  opts: Resolved;
  plan: DossierPlan;
  fonts: FontSet;
  docx: Map<string, Block[] | Error>;
  warnings: { path: string; reason: string }[];
  layout: Layout;
  /** The images the layout placed, made ahead for the write pass once it begins. */
  images: ImageQueue;
}

/**
 * Checks the options, plans the dossier and runs the layout pass (no image or PDF is read).
 * `writing`: the dossier will be written from it, so its images start being made on the other
 * cores as the layout pass places them.
 */
async function prepare(archive: Archive, options: DossierOptions, job: JobOptions, writing: boolean): Promise<Prepared> {
  const opts: Resolved = { ...DEFAULTS, ...options };
  if (![1, 2].includes(opts.photosPerPage)) throw new TaizhangError('BAD_INPUT', '每页照片数只能是 1 或 2。');
  if (!(opts.dpi >= 72 && opts.dpi <= 600)) throw new TaizhangError('BAD_INPUT', `图片分辨率 ${opts.dpi} 不合适，请在 72 到 600 之间选择（默认 200）。`);
  // Read while the plan and the self-check ask the database.
  const fontsLoaded = loadFonts();
  fontsLoaded.catch(() => undefined);
  const plan = await planDossier(archive, { indicators: opts.indicators, fullCopies: opts.fullCopies, includeExcluded: opts.includeExcluded, arrangement: opts.arrangement });
  const unknown = (opts.indicators ?? []).filter((c) => !walk(plan.roots).some((n) => n.indicator.code === c));
  if (unknown.length) throw new TaizhangError('BAD_INPUT', `找不到编号为 ${unknown.join('、')} 的指标，请用 indicators list 查看指标编号。`);
  if (plan.roots.length === 0) throw new TaizhangError('BAD_INPUT', '档案中还没有指标体系，请先导入指标（indicators import）。');
  // Once, before both passes: the 提交表 prints the same 要求 · 实际 · 状态 line in each.
  plan.checks = new Map((await selfCheck(archive)).indicators.map((c) => [c.code, c]));
  const fonts = await fontsLoaded;
  const docx = new Map<string, Block[] | Error>();
  // Shared by both passes: the layout pass reports what only it sees (DOCX parsing), the second the rest.
  const warnings: { path: string; reason: string }[] = [];
  const images = new ImageQueue((r) => printImage(archive, r, opts.jpegQuality));
  // One core left to the layout pass, which is all main thread; the write pass mostly waits for
  // images and gives them every core.
  if (writing) images.begin(Math.max(1, os.availableParallelism() - 1));
  try {
    const layout = await render(archive, plan, opts, fonts, docx, warnings, images, null, new Writable({ write: (_c, _e, cb) => cb() }), job);
    return { opts, plan, fonts, docx, warnings, layout, images };
  } catch (e) {
    images.stop();
    throw e;
  }
}

/**
 * The dossier's page numbers without writing it: what the ledger's 页数 and the package's
 * catalogue print, so that they agree with the paper.
 */
export async function dossierPages(archive: Archive, options: DossierOptions = {}, job: JobOptions = {}): Promise<DossierPages> {
  const prepared = await prepare(archive, options, job, false);
  const { plan, layout } = prepared;
  const printed = (physical: number) => physical - layout.bodyStart + 1;
  const items = new Map([...layout.itemRanges].map(([id, r]) => [id, { first: printed(r.first), last: printed(r.last), count: r.own }]));
  return { plan, items, pages: layout.pages, generated: generatedPages(layout), laidOut: prepared };
}

/**
 * `laidOut`: the layout pass of dossierPages with these same options, written from instead of
 * laying the dossier out (and parsing every DOCX) a second time.
 */
export async function exportDossier(archive: Archive, outFile: string, options: DossierOptions = {}, job: JobOptions = {}, laidOut?: DossierLayout): Promise<DossierResult> {
  const out = await checkOutputPath(archive, outFile);
  const { opts, plan, fonts, docx, warnings: laidWarnings, layout, images } = laidOut ?? (await prepare(archive, options, job, true));
  // One more than the cores: the main thread mostly waits for images, and when it does write a
  // page, the extra image keeps a core from idling meanwhile (measured at 2,000 photos: the
  // cores stay ~95 % busy either way; one more lane is 1–4 % quicker).
  images.begin(os.availableParallelism() + 1);
  // The layout pass's own warnings (DOCX parsing) once, whoever asks again with the same layout.
  const warnings = [...laidWarnings];
  const ocr = await ocrPagesOf(archive, plan.items.flatMap((p) => p.item.files)).catch((e: unknown) => {
    images.stop();
    throw e;
  });
  const tmp = tempBeside(out, 'part');
  // Opened before the write pass, so a folder that cannot be written fails here, loudly.
  const handle = await fs.open(tmp, 'wx').catch((e: unknown) => {
    images.stop();
    throw exportWriteError(e, out);
  });
  const stream = handle.createWriteStream();
  // The first write error (a full disk) stops the layout at the next item, instead of laying the
  // rest of the dossier out into memory for a file that can no longer be written.
  let writeError: unknown = null;
  const failed = new AbortController();
  stream.once('error', (e) => {
    writeError = e;
    failed.abort();
  });
  const signal = job.signal ? AbortSignal.any([job.signal, failed.signal]) : failed.signal;
  try {
    const result = await render(archive, plan, opts, fonts, docx, warnings, images, layout, stream, { ...job, signal }, ocr);
    // An error can still come when the file is closed (a network share reports it there).
    await closed(stream);
    if (writeError) throw writeError;
    if (result.pages !== layout.pages || [...layout.anchors].some(([k, v]) => result.anchors.get(k) !== v)) {
      throw new TaizhangError('INTERNAL', '排版前后两遍的页码不一致，台账未生成。');
    }
    await fs.rename(tmp, out);
    const { size } = await fs.stat(out);
    if (plan.left.length) warnings.push({ path: '', reason: leftOutWarning(plan.left.length, !!opts.indicators?.length, '台账') });
    if (plan.excluded.length) warnings.push({ path: '', reason: excludedWarning(plan.excluded, '台账') });
    return { file: out, pages: result.pages, generated: generatedPages(layout), bytes: size, warnings };
  } catch (e) {
    // The part is closed before it is removed (Windows cannot remove an open file); a stream that
    // failed is already closed, and waiting for it to finish would wait forever.
    stream.destroy();
    await closed(stream);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (job.signal?.aborted) throw e;
    throw exportWriteError(writeError ?? e, out);
  }
}

/** Pages that are not the items' own: what the dossier adds around the evidence. */
function generatedPages(layout: Layout): number {
  let own = 0;
  for (const r of layout.itemRanges.values()) own += r.own;
  return layout.pages - own;
}

/** Resolves once the stream has closed its file, however it ended. */
function closed(stream: Writable & { closed?: boolean }): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

async function render(
  archive: Archive,
  plan: DossierPlan,
  opts: Resolved,
  fonts: FontSet,
  docx: Map<string, Block[] | Error>,
  warnings: { path: string; reason: string }[],
  images: ImageQueue,
  layout: Layout | null,
  sink: Writable,
  job: JobOptions,
  ocrPages?: Map<string, PageText[]>,
): Promise<Layout> {
  const dry = layout === null;
  const c = plan.campaign;
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [A4.width, A4.height],
    lang: 'zh-CN',
    displayTitle: true,
    // The layout pass's output is thrown away: compressing it would be work for nothing.
    compress: !dry,
    info: { Title: `${c.name} 迎检材料台账`, Author: c.unit || c.name, Subject: c.name, Creator: '创建台账', Producer: '创建台账' },
  });
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
    doc.on('error', reject);
  });
  // When the layout throws, the caller handles the error; this promise is then never awaited.
  done.catch(() => undefined);
  doc.pipe(sink);
  fonts.register(doc);
  const pager = new Pager(doc, fonts, { duplex: opts.duplex });
  if (!dry) pager.onMark = outlineBuilder(doc, plan);
  const itemRanges: Layout['itemRanges'] = new Map();
  const ctx: ItemContext = {
    pager,
    archive,
    campaign: c,
    dry,
    photosPerPage: opts.photosPerPage,
    dpi: opts.dpi,
    images,
    stamp: opts.stamp,
    itemPages: new Map([...(layout?.itemRanges ?? [])].map(([id, r]) => [id, r.own])),
    docx,
    warnings,
    signal: job.signal,
    ocrPages,
  };

  try {
    await layOut(ctx, plan, opts, layout, itemRanges, job);
  } catch (e) {
    // pdfkit would go on writing into a stream the caller is about to destroy.
    doc.unpipe(sink);
    throw e;
  } finally {
    if (!dry) images.stop();
  }
  const pages = pager.physical;
  // Page labels matching the printed numbers, and the targets of the 目录's and 提交表's links.
  finishNavigation(pager);
  doc.end();
  await done;
  return { anchors: pager.anchors, bodyStart: pager.bodyStart, itemRanges, pages };
}

/** Cover, contents, then each indicator in tree order with its items; numbers and outline last. */
async function layOut(
  ctx: ItemContext,
  plan: DossierPlan,
  opts: Resolved,
  layout: Layout | null,
  itemRanges: Layout['itemRanges'],
  job: JobOptions,
): Promise<void> {
  const { pager, dry } = ctx;
  const printedOf = (physical: number | undefined) => (physical == null || !layout ? null : physical - layout.bodyStart + 1);
  if (opts.cover) cover(pager, plan, opts.date ?? new Date().toISOString().slice(0, 10));
  if (opts.contents) contents(pager, contentsLines(plan), (a) => printedOf(layout?.anchors.get(a)), numberingNote(plan.arrangement));

  const pagesOf = (itemId: number): PageRange | null => {
    const r = layout?.itemRanges.get(itemId);
    return r ? { first: printedOf(r.first)!, last: printedOf(r.last)! } : null;
  };
  const total = plan.items.length;
  let itemsDone = 0;
  // On a top-level section page with nothing after it yet: the first 提交表 may go beneath.
  let onSection = false;
  const items = async (node: PrintIndicator) => {
    for (const e of node.entries) {
      if (!e.full) continue;
      throwIfCancelled(job.signal);
      onSection = false;
      const own = await renderItem(ctx, e.print);
      const first = pager.anchors.get(`item:${e.print.item.id}`)!;
      itemRanges.set(e.print.item.id, { first, last: pager.physical, own });
      job.onProgress?.({ phase: dry ? '排版' : '生成台账', done: ++itemsDone, total, detail: e.print.item.title });
    }
  };
  // A section page only for a top-level indicator; lower ones with 提交表 start with it, the
  // rest where their first page begins (their contents entry and bookmark point there).
  const visit = async (node: PrintIndicator, top: boolean) => {
    if (node.children.length === 0 && opts.submissionForms) {
      submissionForm(pager, node, pagesOf, plan.checks?.get(node.indicator.code), onSection);
      onSection = false;
    } else if (top) {
      sectionPage(pager, node, opts.submissionForms && formFollows(node));
      // Items of its own come first: listed beneath the heading, as a 提交表 lists a leaf's.
      ownMaterial(pager, node, pagesOf);
      onSection = true;
    } else pager.markNext(`ind:${node.indicator.code}`);
    await items(node);
    for (const child of node.children) await visit(child, false);
  };
  for (const root of plan.roots) await visit(root, true);
  throwIfCancelled(job.signal);
}

/** Whether a 提交表 comes right after the node's own page: no item of its own before its first leaf. */
function formFollows(node: PrintIndicator): boolean {
  let cur = node;
  while (cur.children.length > 0) {
    if (cur.entries.some((e) => e.full)) return false;
    cur = cur.children[0];
  }
  return cur !== node;
}

/**
 * Bookmarks mirroring the indicator tree and the items under it, each added when its page is
 * marked (a parent is always marked before what is under it).
 */
function outlineBuilder(doc: PDFKit.PDFDocument, plan: DossierPlan): (anchor: string) => void {
  const entries = new Map<string, { title: string; parent: string | null; expanded: boolean }>();
  entries.set('contents', { title: '目录', parent: null, expanded: false });
  const visit = (node: PrintIndicator, parent: string | null) => {
    const anchor = `ind:${node.indicator.code}`;
    entries.set(anchor, { title: `${node.indicator.code} ${node.indicator.title}`, parent, expanded: node.indicator.level === 1 });
    for (const e of node.entries) {
      if (e.full) entries.set(`item:${e.print.item.id}`, { title: `${e.print.code.slice(-4)} ${e.print.item.title}`, parent: anchor, expanded: false });
    }
    for (const child of node.children) visit(child, anchor);
  };
  for (const root of plan.roots) visit(root, null);
  const made = new Map<string, PDFKit.PDFOutline>();
  return (anchor) => {
    const e = entries.get(anchor);
    if (!e) return;
    const parent = e.parent == null ? doc.outline : made.get(e.parent);
    if (parent) made.set(anchor, parent.addItem(e.title, { expanded: e.expanded }));
  };
}

/** What a dossier or ledger leaves out, said the way the clerk chose it. */
export function leftOutWarning(count: number, chosen: boolean, what: string): string {
  return chosen ? `${count} 件材料不在所选指标下（含未归类），未编入${what}` : `${count} 件未归类材料未编入${what}，请先在“未归类”中归档`;
}
