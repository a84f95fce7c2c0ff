// The Excel ledger (台账.xlsx): the 归档文件目录 of DA/T 22-2015, the 指标完成情况 the self-check
// finds, the 指标索引 of the inspection binders (指标 → 盒号 → 页码, as `export boxes` boxes them),
// and optionally one catalogue per top-level indicator. Its 件号, 档号 and page numbers are
// the dossier's own (dossierPages), so the sheet and the bound paper agree. Written to a temporary
// file beside the target and renamed at the end; the archive is only read.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { Archive } from '../../archive/archive';
import { selfCheck } from '../../check/self-check';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { dossierPages, type DossierPages } from '../dossier/dossier';
import { walk, type PrintIndicator, type PrintItem } from '../dossier/plan';
import { cleanText, sheetName } from './cell-text';
import { addTableSheet, type Column, type RowSpec } from './sheet';
import { TaizhangError } from '../../../shared/errors';
import { checkOutputPath, writeAtomically } from '../output-path';
import { leftOutWarning, type DossierOptions } from '../dossier/dossier';
import { completionNotes, leftOutNote } from '../dossier/indicator-pages';
import { excludedWarning, planDossier } from '../dossier/plan';
import { catalogueEntry, filing, pageRange, type Filing, type ItemPages } from '../catalogue';
import { chineseDate, departmentsOf } from '../../../shared/names';
import { RETENTIONS, RETENTION_LABELS, STATUS_LABELS } from '../../../shared/domain';
import { ARRANGEMENTS, DEFAULT_ARRANGEMENT, numberingNote, type Arrangement } from '../../../shared/archival-code';
import { boxesText, indicatorIndex, inspectionBinders } from '../boxes/binders';
import { DEFAULT_CAPACITY } from '../boxes/split';
import type { CheckReport, IndicatorCheck } from '../../../shared/check-types';

export interface LedgerOptions {
  /** Codes of the indicators to list, with everything below them; all when empty. */
  indicators?: string[];
  /** One more sheet per top-level indicator with its items. */
  perIndicatorSheets?: boolean;
  /** The 指标完成情况 sheet with the self-check's findings (default true). */
  statusSheet?: boolean;
  /**
   * The 指标索引 sheet: every indicator with the inspection binder (盒号) and dossier pages its
   * material is in. Default: with the 指标完成情况 sheet, for the whole indicator system only
   * (a part would number the boxes differently from `export boxes`).
   */
  indexSheet?: boolean;
  /**
   * Which 件号 the catalogues carry: inspection (default, the dossier's, in print order) or archive
   * (DA/T 22-2015: from 0001 within each 年度-保管期限-机构 class, rows in class order), the 归档文件目录
   * handed to the 档案室 with the archive boxes.
   */
  arrangement?: Arrangement;
  /** Pages per binder for the 指标索引, as `export boxes --capacity` (default 200). */
  capacity?: number;
  /** How the dossier is printed (duplex, photos per page …), so 页数 and page ranges match it. */
  dossier?: Omit<DossierOptions, 'indicators'>;
  /** The dossier's pages when the caller laid it out already with these options (the package): not laid out again. */
  pages?: DossierPages;
}

export interface LedgerResult {
  file: string;
  /** Items in 归档文件目录. */
  items: number;
  sheets: string[];
  bytes: number;
  warnings: { path: string; reason: string }[];
}

export const CATALOGUE_SHEET = '归档文件目录';
export const STATUS_SHEET = '指标完成情况';
export const INDEX_SHEET = '指标索引';

export const INDEX_COLUMNS: Column[] = [
  { header: '编号', min: 6, max: 16, indented: true },
  { header: '指标', min: 20, max: 50, indented: true },
  { header: '材料件数', min: 10, max: 10, align: 'center' },
  { header: '盒号', min: 8, max: 16, align: 'center' },
  { header: '台账页码', min: 10, max: 20, align: 'center' },
  { header: '备注', min: 16, max: 40 },
];

/** DA/T 22-2015 归档文件目录 columns. */
export const CATALOGUE_COLUMNS: Column[] = [
  { header: '序号', min: 6, max: 7, align: 'center' },
  { header: '档号', min: 12, max: 32 },
  { header: '文号', min: 8, max: 22 },
  { header: '责任者', min: 8, max: 18 },
  { header: '题名', min: 24, max: 60 },
  { header: '日期', min: 10, max: 11, align: 'center' },
  { header: '密级', min: 6, max: 8, align: 'center' },
  { header: '页数', min: 6, max: 7, align: 'center' },
  { header: '备注', min: 14, max: 32 },
];

export const STATUS_COLUMNS: Column[] = [
  { header: '编号', min: 6, max: 16, indented: true },
  { header: '指标', min: 20, max: 50, indented: true },
  { header: '分值', min: 6, max: 7, align: 'center' },
  { header: '责任单位', min: 10, max: 20 },
  { header: '材料件数', min: 10, max: 10, align: 'center' },
  { header: '目标', min: 8, max: 24, align: 'center' },
  { header: '完成', min: 8, max: 24, align: 'center' },
  { header: '状态', min: 8, max: 8, align: 'center' },
  { header: '计入说明', min: 16, max: 36 },
  { header: '自评分', min: 8, max: 8, align: 'center' },
  { header: '结论性说明', min: 20, max: 50 },
  { header: '台账页码', min: 10, max: 20, align: 'center' },
  { header: '自查问题', min: 30, max: 60 },
];

/** The 状态 column, coloured by status. */
const STATUS_COLUMN = STATUS_COLUMNS.findIndex((c) => c.header === '状态');

const STATUS_COLORS = { missing: 'FFC00000', below: 'FFC65911', unverified: 'FF1F5FBF', met: '' } as const;
const UPPER_FILL = 'FFF2F2F2';

export async function exportLedger(archive: Archive, outFile: string, options: LedgerOptions = {}, job: JobOptions = {}): Promise<LedgerResult> {
  const out = await checkOutputPath(archive, outFile);
  if (!/\.xlsx$/i.test(out)) throw new TaizhangError('BAD_INPUT', `台账目录要保存为 .xlsx 文件，例如 台账.xlsx，而不是“${path.basename(out)}”。`);
  throwIfCancelled(job.signal);
  const check = await selfCheck(archive);
  // The layout pass of the dossier, with the settings it is printed with: the pages the bound copy has.
  const { plan, items: pages } = options.pages ?? (await dossierPages(archive, { ...options.dossier, indicators: options.indicators ?? [] }, job));
  const warnings: { path: string; reason: string }[] = [];
  const c = plan.campaign;
  const nodes = walk(plan.roots);

  const where = filing(plan.roots);
  for (const p of plan.items) {
    if (!pages.has(p.item.id)) warnings.push({ path: p.item.title, reason: '排版时未得到此件的页码，页数一栏为空' });
  }

  const wb = new Workbook();
  wb.creator = '创建台账';
  wb.lastModifiedBy = '创建台账';
  wb.title = `${c.name} 台账目录`;
  wb.created = new Date();
  wb.modified = wb.created;
  const taken = new Set([CATALOGUE_SHEET, STATUS_SHEET, INDEX_SHEET].map((s) => s.toLowerCase()));
  const sheets: string[] = [];
  const total = plan.items.length + nodes.length;
  let done = 0;
  const progress = (detail: string) => job.onProgress?.({ phase: '生成台账目录', done: ++done, total, detail });

  // 归档文件目录: in the dossier's numbering, or the archival filing's (the same items, numbered
  // within their class, listed class by class).
  const arrangement = options.arrangement ?? DEFAULT_ARRANGEMENT;
  if (!ARRANGEMENTS.includes(arrangement)) throw new TaizhangError('BAD_INPUT', '排列方式（--arrangement）只能是 inspection（迎检）或 archive（归档）。');
  let listed = plan.items;
  const renumbered = new Map<number, PrintItem>();
  if (arrangement === 'archive') {
    const filed = await planDossier(archive, { indicators: options.indicators ?? [], fullCopies: options.dossier?.fullCopies, includeExcluded: options.dossier?.includeExcluded, arrangement });
    const rank = (p: PrintItem) => [p.year ?? Infinity, RETENTIONS.indexOf(p.item.retention ?? c.retention), p.number];
    listed = [...filed.items].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    for (const p of listed) renumbered.set(p.item.id, p);
  }
  const catalogueRows: RowSpec[] = [];
  for (const p of listed) {
    throwIfCancelled(job.signal);
    catalogueRows.push({ cells: catalogueCells(p, p.number, pages, where) });
    progress(p.item.title);
  }
  const facts = [
    c.fonds && `全宗号：${c.fonds}`,
    c.unit && `全宗名称：${c.unit}`,
    yearsText(plan.items.map((p) => p.year)) && `年度：${yearsText(plan.items.map((p) => p.year))}`,
    `保管期限：${RETENTION_LABELS[c.retention]}`,
    c.orgCode && `机构（问题）：${c.orgCode}`,
    `共 ${plan.items.length} 件`,
    // Which arrangement the 件号 and 档号 belong to.
    numberingNote(arrangement),
  ].filter(Boolean).join('　　');
  addTableSheet(wb, {
    name: CATALOGUE_SHEET,
    title: `${c.name} 归档文件目录`,
    info: facts,
    columns: CATALOGUE_COLUMNS,
    rows: catalogueRows,
    onCleaned: (row, _col, how) => cleaned(warnings, listed[row].item.title, how),
  });
  sheets.push(CATALOGUE_SHEET);

  const checks = new Map(check.indicators.map((i) => [i.code, i]));
  // 指标完成情况: the office's own working sheet; a package handed to inspectors leaves it out.
  if (options.statusSheet !== false) {
    const statusRows: RowSpec[] = [];
    for (const node of nodes) {
      throwIfCancelled(job.signal);
      statusRows.push(statusRow(node, checks.get(node.indicator.code), check, pages));
      progress(`${node.indicator.code} ${node.indicator.title}`);
    }
    const leaves = nodes.filter((n) => n.children.length === 0).map((n) => checks.get(n.indicator.code)).filter((x): x is IndicatorCheck => !!x);
    const count = (s: IndicatorCheck['status']) => leaves.filter((l) => l.status === s).length;
    const window = c.windowStart || c.windowEnd ? `创建时段：${chineseDate(c.windowStart) || '…'}至${chineseDate(c.windowEnd) || '…'}　　` : '';
    addTableSheet(wb, {
      name: STATUS_SHEET,
      title: `${c.name} 指标完成情况`,
      info: `${window}末级指标 ${leaves.length} 个：${STATUS_LABELS.met} ${count('met')}，${STATUS_LABELS.unverified} ${count('unverified')}，${STATUS_LABELS.below} ${count('below')}，${STATUS_LABELS.missing} ${count('missing')}　　自查日期：${chineseDate(new Date().toISOString().slice(0, 10))}`,
      columns: STATUS_COLUMNS,
      rows: statusRows,
      onCleaned: (row, _col, how) => cleaned(warnings, `${nodes[row].indicator.code} ${nodes[row].indicator.title}`, how),
    });
    sheets.push(STATUS_SHEET);
  }

  // 指标索引: 指标 → 盒号 → 页码, the binders as `export boxes` (inspection) makes them.
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) throw new TaizhangError('BAD_INPUT', `每盒容量（--capacity）应为正整数页数，例如 ${DEFAULT_CAPACITY}。`);
  if ((options.indexSheet ?? options.statusSheet !== false) && !options.indicators?.length) {
    throwIfCancelled(job.signal);
    const index = indicatorIndex(plan, pages, inspectionBinders(plan, pages, capacity));
    const leaves = index.filter((r) => r.leaf);
    addTableSheet(wb, {
      name: INDEX_SHEET,
      title: `${c.name} 指标索引（指标 → 盒号 → 页码）`,
      info: `末级指标 ${leaves.length} 个，其中有材料的 ${leaves.filter((r) => r.items > 0).length} 个　　迎检台账盒按一级指标装盒，每盒不超过 ${capacity} 页　　页码为装订本台账的页码`,
      columns: INDEX_COLUMNS,
      rows: index.map((r) => ({
        cells: [r.code, r.title, r.items || null, boxesText(r.boxes), r.pages, r.note],
        bold: !r.leaf,
        indent: Math.max(0, r.level - 1),
        fill: r.level === 1 && !r.leaf ? UPPER_FILL : undefined,
      })),
      onCleaned: (row, _col, how) => cleaned(warnings, `${index[row].code} ${index[row].title}`, how),
    });
    sheets.push(INDEX_SHEET);
  }

  // One catalogue per top-level indicator: its items and those cross-referenced to it, in print order.
  if (options.perIndicatorSheets) {
    for (const root of plan.roots) {
      throwIfCancelled(job.signal);
      const seen = new Set<number>();
      const list: PrintItem[] = [];
      for (const node of walk([root])) {
        for (const e of node.entries) {
          if (seen.has(e.print.item.id)) continue;
          seen.add(e.print.item.id);
          list.push(renumbered.get(e.print.item.id) ?? e.print);
        }
      }
      const ind = root.indicator;
      const name = sheetName(`${ind.code} ${ind.title}`, taken);
      const st = checks.get(ind.code);
      addTableSheet(wb, {
        name,
        title: `${ind.code} ${ind.title} 材料目录`,
        info: [
          ind.score != null && `分值：${ind.score}`,
          ind.department && `责任单位：${departmentsOf(ind.department).join('、')}`,
          st && `状态：${STATUS_LABELS[st.status]}`,
          `共 ${list.length} 件`,
        ].filter(Boolean).join('　　'),
        columns: CATALOGUE_COLUMNS,
        rows: list.map((p, i) => ({ cells: catalogueCells(p, i + 1, pages, where) })),
        onCleaned: (row, _col, how) => cleaned(warnings, list[row].item.title, how),
      });
      sheets.push(name);
    }
  }
  if (plan.left.length) warnings.push({ path: '', reason: leftOutWarning(plan.left.length, !!options.indicators?.length, '目录') });
  if (plan.excluded.length) warnings.push({ path: '', reason: excludedWarning(plan.excluded, '目录') });

  throwIfCancelled(job.signal);
  job.onProgress?.({ phase: '写入文件', done: total, total, detail: path.basename(out) });
  const buffer = await wb.xlsx.writeBuffer();
  throwIfCancelled(job.signal);
  await writeAtomically(out, new Uint8Array(buffer as ArrayBuffer), job.signal);
  const { size } = await fs.stat(out);
  return { file: out, items: plan.items.length, sheets, bytes: size, warnings };
}

function cleaned(warnings: { path: string; reason: string }[], where: string, how: 'stripped' | 'truncated'): void {
  const reason = how === 'stripped' ? '含有表格无法保存的控制字符，已去除' : `超过 Excel 单元格上限（32767 字），已截断`;
  const pathText = cleanText(where).text;
  if (!warnings.some((w) => w.path === pathText && w.reason === reason)) warnings.push({ path: pathText, reason });
}

/** 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注 */
function catalogueCells(p: PrintItem, seq: number, pages: ItemPages, where: Filing): (string | number | null)[] {
  const e = catalogueEntry(p, seq, pages, where);
  return [e.seq, e.code, e.docNumber, e.responsible, e.title, e.date, e.secrecy, e.pages, e.notes.join('\n')];
}

/** 编号, 指标, 分值, 责任单位, 材料件数, 目标, 完成, 状态, 计入说明, 自评分, 结论性说明, 台账页码, 自查问题 */
function statusRow(node: PrintIndicator, st: IndicatorCheck | undefined, check: CheckReport, pages: ItemPages): RowSpec {
  const ind = node.indicator;
  const upper = node.children.length > 0;
  // The material of this indicator and those below it, as printed (contiguous in the dossier).
  const spans = walk([node]).flatMap((n) => n.entries.filter((e) => e.full).map((e) => pages.get(e.print.item.id))).filter((x) => !!x);
  const pageText: string[] = [];
  if (spans.length) pageText.push(pageRange(Math.min(...spans.map((s) => s.first)), Math.max(...spans.map((s) => s.last))));
  for (const e of node.entries) {
    const pg = pages.get(e.print.item.id);
    if (!e.full && pg) pageText.push(`另见第 ${pg.first} 页`);
  }
  const own = new Set(node.entries.map((e) => e.print.item.id));
  const problems = [...new Set(check.problems.filter((p) => p.indicator === ind.code || (p.item != null && own.has(p.item))).map((p) => p.message))];
  const status = st?.status;
  return {
    cells: [
      ind.code,
      ind.title,
      ind.score,
      departmentsOf(ind.department).join('、'),
      st?.items ?? node.entries.length,
      // The self-check's own words for target and progress ("每月至少 1 次，共 12 个月" / "10/12 个月"),
      // so the sheet never decides a second time what counts.
      st?.targetText ?? '',
      st?.actualText ?? '',
      status ? STATUS_LABELS[status] : '',
      // As the 提交表 prints them: which items count and why not, the 实际完成 the clerk stated.
      st ? [...completionNotes(st), node.children.length ? '' : leftOutNote(node, st)].filter(Boolean).join('\n') : '',
      st?.statement.selfScore ?? null,
      st?.statement.conclusion ?? '',
      [...new Set(pageText)].join('\n'),
      problems.join('\n'),
    ],
    bold: upper,
    indent: Math.max(0, ind.level - 1),
    fill: ind.level === 1 && upper ? UPPER_FILL : undefined,
    colors: status && STATUS_COLORS[status] ? { [STATUS_COLUMN]: STATUS_COLORS[status] } : undefined,
  };
}

/** 年度 of the listed items: one year, or the first and last (2022—2023). */
function yearsText(years: (number | null)[]): string {
  const known = years.filter((y): y is number => y != null);
  if (!known.length) return '';
  const [lo, hi] = [Math.min(...known), Math.max(...known)];
  return lo === hi ? String(lo) : `${lo}—${hi}`;
}
