// The archive-box paperwork (档案盒) as one PDF: the filed items split into boxes by a page
// capacity, and for each box its cover, 卷内目录 and 备考表; then the spine labels of all boxes,
// several to an A4 sheet with cut marks. The spine sheets come last, together, so they can be
// printed on card in one go (the result says on which pages), while each box's A4 sheets stay
// together in the order they go into the box: cover, catalogue in front, 备考表 behind the items.
//
// 件号, 档号 and 页数 are the dossier's own (dossierPages with the same print settings), so the
// boxes agree with the bound dossier and the Excel ledger. Written to a temporary file beside the
// target and renamed at the end; the archive is only read.
import path from 'node:path';
import fs from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { Archive } from '../../archive/archive';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { catalogueEntry, filing, type CatalogueEntry } from '../catalogue';
import { dossierPages, leftOutWarning, type DossierOptions } from '../dossier/dossier';
import { excludedWarning } from '../dossier/plan';
import { checkOutputPath, writeAtomically } from '../output-path';
import { loadFonts } from '../pdf/fonts';
import { A4 } from '../pdf/geometry';
import { SheetFlow, cataloguePages, coverPage, notesPage, type SheetBox } from './box-sheets';
import { DEFAULT_SPINE, SPINE_WIDTHS, spineSheets, type SpineLabel, type SpineWidth } from './spine';
import { DEFAULT_CAPACITY, splitIntoBoxes, type Box, type BoxItem } from './split';
import { itemNumber } from '../../../shared/archival-code';
import { TaizhangError } from '../../../shared/errors';
import { RETENTION_LABELS, type Campaign, type Item, type Retention } from '../../../shared/domain';

export interface BoxOptions {
  /** Pages per box (default 200). */
  capacity?: number;
  /** Spine width in mm: 20, 30, 40 or 50 (default 30). */
  spine?: number;
  /** 整理人 and 检查人; blank lines to sign by hand when not given. */
  arranger?: string;
  checker?: string;
  /** The 整理日期 / 检查日期 printed with a name (YYYY-MM-DD); today by default. */
  date?: string;
  /** How the dossier is printed (duplex, photos per page …), so 页数 match it. */
  dossier?: Omit<DossierOptions, 'indicators'>;
}

export interface BoxSummary {
  /** 盒号 */
  number: number;
  year: number | null;
  retention: Retention;
  /** 起止件号 */
  first: number;
  last: number;
  items: number;
  pages: number;
}

export interface BoxesResult {
  file: string;
  pages: number;
  bytes: number;
  boxes: BoxSummary[];
  /** PDF pages of the spine-label sheets, to print on card. */
  spineSheets: { first: number; last: number };
  warnings: { path: string; reason: string }[];
}

interface Boxed extends BoxItem {
  item: Item;
  entry: CatalogueEntry;
  /** No date: the year is the campaign's. */
  undated: boolean;
}

/** Items as a clerk reads them: 第 0003、0007 件; the first ten of a long list. */
function which(list: Boxed[]): string {
  const shown = list.slice(0, 10).map((b) => itemNumber(b.number)).join('、');
  return list.length > 10 ? `第 ${shown} 等 ${list.length} 件` : `第 ${shown} 件`;
}

/** 盒内文件情况说明: what the app knows about the box, one sentence each. */
function boxFacts(box: Box<Boxed>, capacity: number, campaign: Campaign): string[] {
  const items = box.items;
  const first = items[0].number;
  const last = items[items.length - 1].number;
  const year = box.year == null ? '' : `${box.year} 年度、`;
  const facts = [`本盒装 ${year}保管期限为${RETENTION_LABELS[box.retention]}的文件 ${items.length} 件，共 ${box.pages} 页，起止件号 ${itemNumber(first)}—${itemNumber(last)}。`];
  if (last - first + 1 !== items.length) facts.push('件号不连续：其间的件号属于其他年度或保管期限，装在其他盒内；本盒所装以卷内目录为准。');
  if (box.oversize) facts.push(`第 ${itemNumber(first)} 件共 ${box.pages} 页，超过每盒 ${capacity} 页，单独装为一盒。`);
  const placeholders = items.filter((b) => b.entry.unprintable > 0);
  if (placeholders.length) {
    const files = placeholders.reduce((n, b) => n + b.entry.unprintable, 0);
    facts.push(`${which(placeholders)}中有 ${files} 个文件（视频、加密、损坏或无法排版的文件）未能打印，以占位页代替，原件保存在电子档案中。`);
  }
  const unpaged = items.filter((b) => b.entry.pages == null);
  if (unpaged.length) facts.push(`${which(unpaged)}未能得出页数，按 0 页计，请核对。`);
  const undated = items.filter((b) => b.undated && b.year != null);
  if (undated.length) facts.push(`${which(undated)}未注明日期，按 ${box.year} 年度装盒。`);
  return facts;
}

function checkOptions(options: BoxOptions): { capacity: number; spine: SpineWidth } {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) throw new TaizhangError('BAD_INPUT', `每盒容量（--capacity）应为正整数页数，例如 ${DEFAULT_CAPACITY}。`);
  const spine = (options.spine ?? DEFAULT_SPINE) as SpineWidth;
  if (!SPINE_WIDTHS.includes(spine)) throw new TaizhangError('BAD_INPUT', `盒脊宽度（--spine）只能是 ${SPINE_WIDTHS.slice(0, -1).join('、')} 或 ${SPINE_WIDTHS[SPINE_WIDTHS.length - 1]} 毫米。`);
  return { capacity, spine };
}

const yearOf = (iso: string | null) => (iso && /^\d{4}-/.test(iso) ? Number(iso.slice(0, 4)) : null);

export async function exportBoxes(archive: Archive, outFile: string, options: BoxOptions = {}, job: JobOptions = {}): Promise<BoxesResult> {
  const { capacity, spine } = checkOptions(options);
  const out = await checkOutputPath(archive, outFile);
  throwIfCancelled(job.signal);
  const { plan, items: pages } = await dossierPages(archive, { ...options.dossier, indicators: [] }, job);
  const c = plan.campaign;
  const where = filing(plan.roots);
  const warnings: { path: string; reason: string }[] = [];
  const boxed: Boxed[] = plan.items.map((p) => {
    const entry = catalogueEntry(p, 0, pages, where);
    if (entry.pages == null) warnings.push({ path: p.item.title, reason: '排版时未得到此件的页码，按 0 页装盒' });
    const dated = yearOf(p.item.date);
    return {
      number: p.number,
      year: dated ?? c.year,
      retention: p.item.retention ?? c.retention,
      org: c.orgCode,
      pages: entry.pages ?? 0,
      item: p.item,
      entry,
      undated: dated == null,
    };
  });
  const boxes = splitIntoBoxes(boxed, capacity);
  for (const b of boxes.filter((x) => x.oversize)) {
    warnings.push({ path: b.items[0].item.title, reason: `共 ${b.pages} 页，超过每盒 ${capacity} 页的容量，单独装为第 ${b.number} 盒` });
  }
  if (plan.left.length) warnings.push({ path: '', reason: leftOutWarning(plan.left.length, false, '档案盒') });
  if (plan.excluded.length) warnings.push({ path: '', reason: excludedWarning(plan.excluded, '档案盒') });
  if (boxes.length === 0 && plan.excluded.length) throw new TaizhangError('BAD_INPUT', `档案中没有计入的材料可以装盒：${excludedWarning(plan.excluded, '档案盒')}。`);
  if (boxes.length === 0) throw new TaizhangError('BAD_INPUT', '档案中还没有已归档的材料，无法装盒。请先导入材料并归到指标下。');

  const sheets: SheetBox[] = boxes.map((b) => ({
    number: b.number,
    fonds: c.fonds,
    year: b.year,
    retention: RETENTION_LABELS[b.retention],
    org: c.orgCode || null,
    first: b.items[0].number,
    last: b.items[b.items.length - 1].number,
    pages: b.pages,
    entries: b.items.map((x, i) => ({ ...x.entry, seq: i + 1 })),
    facts: boxFacts(b, capacity, c),
  }));
  const today = options.date ?? new Date().toISOString().slice(0, 10);
  const who = {
    arranger: options.arranger?.trim() ?? '',
    checker: options.checker?.trim() ?? '',
    arrangedOn: options.arranger?.trim() ? today : '',
    checkedOn: options.checker?.trim() ? today : '',
  };

  const fonts = await loadFonts();
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [A4.width, A4.height],
    lang: 'zh-CN',
    info: { Title: `${c.name} 档案盒封面、卷内目录、备考表与盒脊`, Author: c.unit || c.name, Subject: c.name, Creator: '创建台账', Producer: '创建台账' },
  });
  // The spine labels are only the right size printed at 100 %: ask viewers not to fit the page.
  (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.ViewerPreferences = doc.ref({ DisplayDocTitle: true, PrintScaling: 'None' });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  ended.catch(() => undefined);
  fonts.register(doc);
  const flow = new SheetFlow(doc, fonts);
  let physical = 0;
  doc.on('pageAdded', () => physical++);
  const fondsName = c.unit || c.name;
  for (const sb of sheets) {
    throwIfCancelled(job.signal);
    // Each sheet on its own page, its bookmark on that page: cover, catalogue, 备考表.
    flow.page('portrait');
    const entry = doc.outline.addItem(`第 ${sb.number} 盒　${sb.year ?? ''} ${sb.retention} ${itemNumber(sb.first)}—${itemNumber(sb.last)}`);
    coverPage(flow, fondsName, c.name, sb);
    flow.page('landscape');
    entry.addItem('卷内目录');
    cataloguePages(flow, sb);
    flow.page('portrait');
    entry.addItem('备考表');
    notesPage(flow, sb, who);
    job.onProgress?.({ phase: '生成档案盒', done: sb.number, total: sheets.length + 1, detail: `第 ${sb.number} 盒` });
  }
  throwIfCancelled(job.signal);
  const spineFirst = physical + 1;
  const labels: SpineLabel[] = sheets.map((sb) => ({
    fonds: sb.fonds,
    year: sb.year == null ? '' : String(sb.year),
    retention: sb.retention,
    org: sb.org,
    first: itemNumber(sb.first),
    last: itemNumber(sb.last),
    box: String(sb.number),
  }));
  spineSheets(doc, fonts, labels, spine, (a, b) => doc.outline.addItem(`盒脊标签（第 ${a === b ? a : `${a}—${b}`} 盒）`));
  job.onProgress?.({ phase: '生成档案盒', done: sheets.length + 1, total: sheets.length + 1, detail: '盒脊标签' });
  doc.end();
  const data = await ended;
  throwIfCancelled(job.signal);
  job.onProgress?.({ phase: '写入文件', done: 1, total: 1, detail: path.basename(out) });
  await writeAtomically(out, data, job.signal);
  const { size } = await fs.stat(out);
  return {
    file: out,
    pages: physical,
    bytes: size,
    boxes: boxes.map((b, i) => ({ number: b.number, year: b.year, retention: b.retention, first: sheets[i].first, last: sheets[i].last, items: b.items.length, pages: b.pages })),
    spineSheets: { first: spineFirst, last: physical },
    warnings,
  };
}
