// The archive-box paperwork (档案盒) as one PDF, in one of two arrangements:
// - inspection (迎检台账盒, the default): the dossier's material boxed by top-level indicator, split
//   by a page capacity; first the 指标索引 (指标 → 盒号 → 页码), then for each box its cover, 盒内目录
//   and 备考表; the spine labels name the indicators.
// - archive (归档, DA/T 22-2015): 件号 from 0001 within each 年度-保管期限-机构 class, each box a
//   continuous run of one class; for each box its cover, 归档文件目录 (nine columns) and 备考表; the
//   spine labels carry 全宗号, 年度, 保管期限, 机构, 起止件号 and 盒号.
// Then the spine labels of all boxes, several to an A4 sheet with cut marks. The spine sheets come
// last, together, so they can be printed on card in one go (the result says on which pages), while
// each box's A4 sheets stay together in the order they go into the box.
//
// 页数 and page numbers are the dossier's own (dossierPages with the same print settings), so the
// boxes agree with the bound dossier and the Excel ledger. Written to a temporary file beside the
// target and renamed at the end; the archive is only read.
import path from 'node:path';
import fs from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { pdfBytes } from '../pdf/pdf-bytes';
import { Archive } from '../../archive/archive';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { catalogueEntry, filing, pageRange, type CatalogueEntry } from '../catalogue';
import { dossierPages, leftOutWarning, type DossierOptions } from '../dossier/dossier';
import { excludedWarning, planDossier, type DossierPlan } from '../dossier/plan';
import { checkOutputPath, writeAtomically } from '../output-path';
import { loadFonts } from '../pdf/fonts';
import { A4 } from '../pdf/geometry';
import { SheetFlow, coverPage, listPages, notesPage, type ListColumn, type ListSpec } from './box-sheets';
import { DEFAULT_SPINE, SPINE_WIDTHS, spineSheets, type SpineLabel, type SpineWidth } from './spine';
import { DEFAULT_CAPACITY, splitIntoBoxes, type Box, type BoxItem } from './split';
import { boxesText, indicatorIndex, inspectionBinders, type Binder, type IndexRow } from './binders';
import { ARRANGEMENTS, ARRANGEMENT_LABELS, DEFAULT_ARRANGEMENT, itemNumber, type Arrangement } from '../../../shared/archival-code';
import { TaizhangError } from '../../../shared/errors';
import { RETENTION_LABELS, type Item, type Retention } from '../../../shared/domain';

export interface BoxOptions {
  /** inspection: binders by top-level indicator (default); archive: DA/T 22-2015 boxes by class. */
  arrangement?: Arrangement;
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
  /** archive: the box's class; null for an inspection binder. */
  year: number | null;
  retention: Retention | null;
  /** 起止件号 (in the arrangement's numbering). */
  first: number;
  last: number;
  items: number;
  pages: number;
  /** inspection: the top-level indicator, the indicators inside and the dossier pages; null for archive boxes. */
  indicator: string | null;
  codes: string[];
  dossierPages: { first: number; last: number } | null;
}

export interface BoxesResult {
  arrangement: Arrangement;
  file: string;
  pages: number;
  bytes: number;
  boxes: BoxSummary[];
  /** PDF pages of the spine-label sheets, to print on card. */
  spineSheets: { first: number; last: number };
  /** inspection: 指标 → 盒号 → 页码 for every indicator, and the PDF pages it is printed on; empty for archive. */
  index: IndexRow[];
  indexPages: { first: number; last: number } | null;
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
function boxFacts(box: Box<Boxed>, capacity: number): string[] {
  const items = box.items;
  const first = items[0].number;
  const last = items[items.length - 1].number;
  const year = box.year == null ? '' : `${box.year} 年度、`;
  const facts = [`本盒装 ${year}保管期限为${RETENTION_LABELS[box.retention]}的文件 ${items.length} 件，共 ${box.pages} 页，起止件号 ${itemNumber(first)}—${itemNumber(last)}。`];
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

function checkOptions(options: BoxOptions): { capacity: number; spine: SpineWidth; arrangement: Arrangement } {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) throw new TaizhangError('BAD_INPUT', `每盒容量（--capacity）应为正整数页数，例如 ${DEFAULT_CAPACITY}。`);
  const spine = (options.spine ?? DEFAULT_SPINE) as SpineWidth;
  if (!SPINE_WIDTHS.includes(spine)) throw new TaizhangError('BAD_INPUT', `盒脊宽度（--spine）只能是 ${SPINE_WIDTHS.slice(0, -1).join('、')} 或 ${SPINE_WIDTHS[SPINE_WIDTHS.length - 1]} 毫米。`);
  const arrangement = options.arrangement ?? DEFAULT_ARRANGEMENT;
  if (!ARRANGEMENTS.includes(arrangement)) throw new TaizhangError('BAD_INPUT', `排列方式（--arrangement）只能是 inspection（迎检，按指标装盒）或 archive（归档，按年度-保管期限-机构装盒）。`);
  return { capacity, spine, arrangement };
}

const yearOf = (iso: string | null) => (iso && /^\d{4}-/.test(iso) ? Number(iso.slice(0, 4)) : null);


/** What one box prints: its cover, its list, its 备考表, its spine label, and what the result says of it. */
interface BoxSheets {
  outline: string;
  /** The list's bookmark: 归档文件目录 or 盒内目录. */
  listName: string;
  cover: [string, string][];
  list: ListSpec;
  facts: string[];
  spine: SpineLabel;
  summary: BoxSummary;
}

/** DA/T 22-2015 归档文件目录: all nine columns. */
const ARCHIVE_COLUMNS: ListColumn[] = [
  { header: '序号', align: 'center', width: { max: 12 } },
  { header: '档号', align: 'left', width: { max: 62 } },
  { header: '文号', align: 'left', width: { max: 34 } },
  { header: '责任者', align: 'left', width: { mm: 26 } },
  { header: '题名', align: 'left', width: 'fill' },
  { header: '日期', align: 'center', width: { max: 22 } },
  { header: '密级', align: 'center', width: { max: 13 } },
  { header: '页数', align: 'center', width: { max: 12 } },
  { header: '备注', align: 'left', width: { mm: 38 } },
];

/** An inspection binder's list: what an inspector looks for, by indicator, with the dossier's pages. */
const BINDER_COLUMNS: ListColumn[] = [
  { header: '序号', align: 'center', width: { max: 12 } },
  { header: '指标', align: 'left', width: { max: 22 } },
  { header: '件号', align: 'center', width: { max: 14 } },
  { header: '题名', align: 'left', width: 'fill' },
  { header: '日期', align: 'center', width: { max: 22 } },
  { header: '页数', align: 'center', width: { max: 12 } },
  { header: '台账页码', align: 'center', width: { max: 26 } },
  { header: '备注', align: 'left', width: { mm: 40 } },
];

const INDEX_COLUMNS: ListColumn[] = [
  { header: '指标编号', align: 'left', width: { max: 30 } },
  { header: '指标', align: 'left', width: 'fill' },
  { header: '件数', align: 'center', width: { max: 14 } },
  { header: '盒号', align: 'center', width: { max: 24 } },
  { header: '台账页码', align: 'center', width: { max: 30 } },
  { header: '备注', align: 'left', width: { mm: 60 } },
];

function archiveBoxes(plan: DossierPlan, pages: Parameters<typeof catalogueEntry>[2], capacity: number, warnings: { path: string; reason: string }[]): BoxSheets[] {
  const c = plan.campaign;
  const where = filing(plan.roots);
  const boxed: Boxed[] = plan.items.map((p) => {
    const entry = catalogueEntry(p, 0, pages, where);
    const dated = yearOf(p.item.date);
    return { number: p.number, year: dated ?? c.year, retention: p.item.retention ?? c.retention, org: c.orgCode, pages: entry.pages ?? 0, item: p.item, entry, undated: dated == null };
  });
  const boxes = splitIntoBoxes(boxed, capacity);
  for (const b of boxes.filter((x) => x.oversize)) {
    warnings.push({ path: b.items[0].item.title, reason: `共 ${b.pages} 页，超过每盒 ${capacity} 页的容量，单独装为第 ${b.number} 盒` });
  }
  return boxes.map((b) => {
    const first = b.items[0].number;
    const last = b.items[b.items.length - 1].number;
    const span = `${itemNumber(first)}—${itemNumber(last)}`;
    const retention = RETENTION_LABELS[b.retention];
    const org = c.orgCode || null;
    const facts = [
      c.fonds && `全宗号：${c.fonds}`,
      b.year != null && `年度：${b.year}`,
      `保管期限：${retention}`,
      org && `机构（问题）：${org}`,
      `盒号：${b.number}`,
      `起止件号：${span}`,
      `共 ${b.items.length} 件 ${b.pages} 页`,
    ].filter(Boolean).join('　');
    return {
      outline: `第 ${b.number} 盒　${b.year ?? ''} ${retention} ${span}`,
      listName: '归档文件目录',
      cover: [
        ['全 宗 号', c.fonds],
        ['年　　度', b.year == null ? '' : String(b.year)],
        ['保管期限', retention],
        ...(org != null ? [['机构（问题）', org] as [string, string]] : []),
        ['起止件号', span],
        ['件　　数', `${b.items.length} 件`],
        ['页　　数', `${b.pages} 页`],
        ['盒　　号', String(b.number)],
      ],
      list: {
        title: '归档文件目录',
        facts,
        continued: `归档文件目录（续）　第 ${b.number} 盒　起止件号：${span}`,
        columns: ARCHIVE_COLUMNS,
        rows: b.items.map((x, i) => {
          const e = x.entry;
          return { cells: [String(i + 1), e.code, e.docNumber, e.responsible, e.title, e.date, e.secrecy, e.pages == null ? '' : String(e.pages), e.notes.join('\n')] };
        }),
      },
      facts: boxFacts(b, capacity),
      spine: { fonds: c.fonds, year: b.year == null ? '' : String(b.year), retention, org, first: itemNumber(first), last: itemNumber(last), box: String(b.number) },
      summary: { number: b.number, year: b.year, retention: b.retention, first, last, items: b.items.length, pages: b.pages, indicator: null, codes: [], dossierPages: null },
    };
  });
}

function binderSheets(plan: DossierPlan, pages: Parameters<typeof catalogueEntry>[2], binders: Binder[], capacity: number, warnings: { path: string; reason: string }[]): BoxSheets[] {
  const where = filing(plan.roots);
  for (const b of binders.filter((x) => x.oversize)) {
    warnings.push({ path: b.items[0].print.item.title, reason: `共 ${b.pages} 页，超过每盒 ${capacity} 页的容量，单独装为第 ${b.number} 盒` });
  }
  return binders.map((b) => {
    const ind = b.root;
    const name = `${ind.code} ${ind.title}`;
    const part = b.parts > 1 ? `（共 ${b.parts} 盒，第 ${b.part} 盒）` : '';
    const first = b.items[0].print.number;
    const last = b.items[b.items.length - 1].print.number;
    const codes = b.codes.length > 1 ? `${b.codes[0]}—${b.codes[b.codes.length - 1]}` : (b.codes[0] ?? ind.code);
    const pageText = b.span ? pageRange(b.span.first, b.span.last) : '';
    const entries: CatalogueEntry[] = b.items.map((x) => catalogueEntry(x.print, 0, pages, where));
    const placeholders = entries.filter((e) => e.unprintable > 0);
    const facts = [
      `本盒装指标 ${name}${part}的佐证材料 ${b.items.length} 件，共 ${b.pages} 页${pageText ? `，在装订本台账第 ${pageText} 页（连同其间的测评材料提交表）` : ''}；所含指标 ${b.codes.join('、')}。`,
      '材料按指标顺序排列，与装订本台账和指标索引一致；件号为迎检排列的件号。',
    ];
    if (b.oversize) facts.push(`第 ${itemNumber(first)} 件共 ${b.pages} 页，超过每盒 ${capacity} 页，单独装为一盒。`);
    if (placeholders.length) facts.push(`其中 ${placeholders.length} 件有文件（视频、加密、损坏或无法排版的文件）未能打印，以占位页代替，原件保存在电子档案中。`);
    return {
      outline: `第 ${b.number} 盒　${name}${part}`,
      listName: '盒内目录',
      cover: [
        ['指　　标', name],
        ...(b.parts > 1 ? [['分　　盒', `共 ${b.parts} 盒，第 ${b.part} 盒`] as [string, string]] : []),
        ['所含指标', codes],
        ['台账页码', pageText],
        ['件　　数', `${b.items.length} 件`],
        ['页　　数', `${b.pages} 页`],
        ['盒　　号', String(b.number)],
      ],
      list: {
        title: '盒内目录',
        facts: [`指标：${name}${part}`, `盒号：${b.number}`, pageText && `台账第 ${pageText} 页`, `共 ${b.items.length} 件 ${b.pages} 页`].filter(Boolean).join('　'),
        continued: `盒内目录（续）　第 ${b.number} 盒　${name}`,
        columns: BINDER_COLUMNS,
        rows: b.items.map((x, i) => {
          const e = entries[i];
          const pg = pages.get(x.print.item.id);
          const notes = e.notes.filter((n) => !n.startsWith('指标 ') && !n.startsWith('台账第 '));
          return { cells: [String(i + 1), x.under, itemNumber(x.print.number), e.title, e.date, e.pages == null ? '' : String(e.pages), pg ? pageRange(pg.first, pg.last) : '', notes.join('\n')] };
        }),
      },
      facts,
      spine: {
        kind: 'inspection',
        code: ind.code,
        title: ind.title,
        firstCode: b.codes[0] ?? ind.code,
        lastCode: b.codes[b.codes.length - 1] ?? ind.code,
        firstPage: b.span ? String(b.span.first) : '',
        lastPage: b.span ? String(b.span.last) : '',
        box: String(b.number),
      },
      summary: { number: b.number, year: null, retention: null, first, last, items: b.items.length, pages: b.pages, indicator: ind.code, codes: b.codes, dossierPages: b.span },
    };
  });
}

/** The 指标索引: every indicator, its boxes and dossier pages; upper levels in bold. */
function indexSpec(rows: IndexRow[], capacity: number, campaignName: string): ListSpec {
  const leaves = rows.filter((r) => r.leaf);
  return {
    title: '指标索引（指标 → 盒号 → 页码）',
    facts: `${campaignName}　末级指标 ${leaves.length} 个，其中有材料的 ${leaves.filter((r) => r.items > 0).length} 个　每盒不超过 ${capacity} 页　页码为装订本台账的页码`,
    continued: '指标索引（续）',
    columns: INDEX_COLUMNS,
    rows: rows.map((r) => ({
      cells: [r.code, `${'　'.repeat(Math.max(0, r.level - 1))}${r.title}`, r.items ? String(r.items) : '', boxesText(r.boxes), r.pages, r.note],
      bold: !r.leaf,
    })),
  };
}

export async function exportBoxes(archive: Archive, outFile: string, options: BoxOptions = {}, job: JobOptions = {}): Promise<BoxesResult> {
  const { capacity, spine, arrangement } = checkOptions(options);
  const out = await checkOutputPath(archive, outFile);
  throwIfCancelled(job.signal);
  const { plan: printed, items: pages } = await dossierPages(archive, { ...options.dossier, indicators: [] }, job);
  const c = printed.campaign;
  const warnings: { path: string; reason: string }[] = [];
  for (const p of printed.items) {
    if (!pages.has(p.item.id)) warnings.push({ path: p.item.title, reason: '排版时未得到此件的页码，按 0 页装盒' });
  }
  let boxes: BoxSheets[];
  let index: IndexRow[] = [];
  if (arrangement === 'archive') {
    // The same items, numbered within their class (DA/T 22-2015); their pages are the dossier's.
    const plan = await planDossier(archive, { fullCopies: options.dossier?.fullCopies, includeExcluded: options.dossier?.includeExcluded, arrangement });
    boxes = archiveBoxes(plan, pages, capacity, warnings);
  } else {
    const binders = inspectionBinders(printed, pages, capacity);
    index = indicatorIndex(printed, pages, binders);
    boxes = binderSheets(printed, pages, binders, capacity, warnings);
  }
  if (printed.left.length) warnings.push({ path: '', reason: leftOutWarning(printed.left.length, false, '档案盒') });
  if (printed.excluded.length) warnings.push({ path: '', reason: excludedWarning(printed.excluded, '档案盒') });
  if (boxes.length === 0 && printed.excluded.length) throw new TaizhangError('BAD_INPUT', `档案中没有计入的材料可以装盒：${excludedWarning(printed.excluded, '档案盒')}。`);
  if (boxes.length === 0) throw new TaizhangError('BAD_INPUT', '档案中还没有已归档的材料，无法装盒。请先导入材料并归到指标下。');

  const today = options.date ?? new Date().toISOString().slice(0, 10);
  const who = {
    arranger: options.arranger?.trim() ?? '',
    checker: options.checker?.trim() ?? '',
    arrangedOn: options.arranger?.trim() ? today : '',
    checkedOn: options.checker?.trim() ? today : '',
  };

  const fonts = await loadFonts();
  const what = arrangement === 'archive' ? '档案盒封面、归档文件目录、备考表与盒脊' : '迎检台账盒封面、指标索引、盒内目录、备考表与盒脊';
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [A4.width, A4.height],
    lang: 'zh-CN',
    info: { Title: `${c.name} ${what}`, Author: c.unit || c.name, Subject: `${c.name}（${ARRANGEMENT_LABELS[arrangement]}）`, Creator: '创建台账', Producer: '创建台账' },
  });
  // The spine labels are only the right size printed at 100 %: ask viewers not to fit the page.
  (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.ViewerPreferences = doc.ref({ DisplayDocTitle: true, PrintScaling: 'None' });
  const ended = pdfBytes(doc);
  fonts.register(doc);
  const flow = new SheetFlow(doc, fonts);
  let physical = 0;
  doc.on('pageAdded', () => physical++);
  const fondsName = c.unit || c.name;
  let indexPages: BoxesResult['indexPages'] = null;
  if (index.length) {
    // The index first: the binders' table of contents, kept at the front of box 1 or in a folder.
    flow.page('landscape');
    doc.outline.addItem('指标索引');
    const first = physical;
    listPages(flow, indexSpec(index, capacity, c.name));
    indexPages = { first, last: physical };
  }
  for (const [k, sb] of boxes.entries()) {
    throwIfCancelled(job.signal);
    // Each sheet on its own page, its bookmark on that page: cover, list, 备考表.
    flow.page('portrait');
    const entry = doc.outline.addItem(sb.outline);
    coverPage(flow, fondsName, c.name, sb.cover);
    flow.page('landscape');
    entry.addItem(sb.listName);
    listPages(flow, sb.list);
    flow.page('portrait');
    entry.addItem('备考表');
    notesPage(flow, sb.facts, who);
    job.onProgress?.({ phase: '生成档案盒', done: k + 1, total: boxes.length + 1, detail: `第 ${sb.summary.number} 盒` });
  }
  throwIfCancelled(job.signal);
  const spineFirst = physical + 1;
  spineSheets(doc, fonts, boxes.map((b) => b.spine), spine, (a, b) => doc.outline.addItem(`盒脊标签（第 ${a === b ? a : `${a}—${b}`} 盒）`));
  job.onProgress?.({ phase: '生成档案盒', done: boxes.length + 1, total: boxes.length + 1, detail: '盒脊标签' });
  doc.end();
  const data = await ended;
  throwIfCancelled(job.signal);
  job.onProgress?.({ phase: '写入文件', done: 1, total: 1, detail: path.basename(out) });
  await writeAtomically(out, data, job.signal);
  const { size } = await fs.stat(out);
  return {
    arrangement,
    file: out,
    pages: physical,
    bytes: size,
    boxes: boxes.map((b) => b.summary),
    spineSheets: { first: spineFirst, last: physical },
    index,
    indexPages,
    warnings,
  };
}
