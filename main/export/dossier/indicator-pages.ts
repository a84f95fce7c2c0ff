// Indicator pages: a section page for each upper-level indicator, and for each lowest-level one
// its 测评材料提交表 — what is asked, what is filed with the pages it is on, a box for the
// 结论性说明 and the 自评分.
import { MM, PT } from '../pdf/geometry';
import { textWidth } from '../pdf/fonts';
import { CELL, CELL_LABEL, PAD, table, tableHeight, type Cell } from './table';
import { BODY, SMALL, TITLE, para, type ParaStyle } from './text';
import type { Pager } from './pager';
import type { PrintIndicator } from './plan';
import { chineseDate, decimalText, departmentsOf } from '../../../shared/names';
import { STATUS_LABELS } from '../../../shared/domain';
import { statedActualText, type IndicatorCheck } from '../../../shared/check-types';
import { exclusionMark } from '../../check/evidence';
import type { PrintEntry } from './plan';

/** 责任单位 as one list, each department once (departmentsOf). */
const departmentText = (field: string) => departmentsOf(field).join('、');

/**
 * 要求 · 实际 · 状态 in the self-check's own words ("每月至少 1 次，共 12 个月 · 10/12 个月 · 未达标"),
 * so the paper says what the self-check says; without a target, the items filed.
 */
export function progressLine(check: IndicatorCheck): string {
  const parts = check.targetText ? [`要求 ${check.targetText}`, `实际 ${check.actualText || '—'}`] : [`材料 ${check.items} 件`];
  return [...parts, STATUS_LABELS[check.status]].join(' · ');
}


/**
 * What the 提交表 and the ledger print under the progress line: which items count and why the
 * others do not ("3 件中 1 件计入：2 件文件无法读取"), and the 实际完成 the clerk stated, with the
 * reason and the count from the files ("实际完成 14次（填报：另有 3 次在乡镇台账中；按材料计 8次）").
 */
export function completionNotes(check: IndicatorCheck): string[] {
  return [check.countText, statedActualText(check.statement, check.target?.unit ?? '', check.computed)].filter(Boolean);
}

/** The note after a 提交表 row's title when the item does not count here: "（不计入：创建时段外）". */
export function notCountedNote(entry: PrintEntry, check?: IndicatorCheck): string {
  const n = check?.notCounted.find((x) => x.item === entry.print.item.id);
  // A notice or a plan supports the indicator; said as such, not as evidence disowned.
  if (n?.exclusion === 'not_occasion') return '（佐证文件，不计次数）';
  if (n) return `（不计入：${n.reason}）`;
  return entry.print.excluded ? `（${exclusionMark(entry.print.excluded)}）` : '';
}

/**
 * The items the count names that this dossier does not print (left out as not counting), so the
 * form's list and its count agree: "另有 1 件未排入本台账（创建时段外）".
 */
export function leftOutNote(node: PrintIndicator, check: IndicatorCheck): string {
  const printed = new Set(node.entries.map((e) => e.print.item.id));
  const left = check.notCounted.filter((n) => !printed.has(n.item));
  if (!left.length) return '';
  const reasons = [...new Set(left.map((n) => n.reason))];
  return `另有 ${left.length} 件未排入本台账（${reasons.join('、')}）`;
}

/**
 * The page of a top-level indicator. `withForm`: the first 提交表 follows beneath it, so the
 * heading stands at the top of the page instead of a third of the way down.
 */
export function sectionPage(pager: Pager, node: PrintIndicator, withForm = false): void {
  const ind = node.indicator;
  pager.sectionPage('body');
  pager.mark(`ind:${ind.code}`);
  pager.doc.y = pager.top + (withForm ? 0 : 60 * MM);
  para(pager, `${ind.code}　${ind.title}`, { ...TITLE, pitch: 36 }, true);
  const facts = [ind.score != null ? `分值：${ind.score}分` : '', ind.department ? `责任单位：${departmentText(ind.department)}` : ''].filter(Boolean).join('　　');
  if (facts) para(pager, facts, { ...SMALL, align: 'center', after: PT.san });
  if (ind.requirement) para(pager, ind.requirement, BODY);
}

/** What a 提交表 needs below a section heading to start there: its title and the indicator's rows. */
const FORM_START = 110 * MM;

/**
 * Beneath a top-level indicator's heading, the items filed under it directly (before any of its
 * lower indicators), with their pages: what its section page lists when no 提交表 follows it.
 */
export function ownMaterial(pager: Pager, node: PrintIndicator, pagesOf: (itemId: number) => PageRange | null): void {
  if (!node.entries.length) return;
  pager.doc.y += PT.wu;
  para(pager, '本级佐证材料', { role: 'hei', size: PT.si, align: 'center', pitch: PT.si * 1.8 }, true);
  itemTable(pager, node, pagesOf);
}

/**
 * An indicator's items with their dates and page ranges (each a link to its item), as the 提交表
 * and a top-level indicator's own material list them: one layout for both.
 */
function itemTable(pager: Pager, node: PrintIndicator, pagesOf: (itemId: number) => PageRange | null, check?: IndicatorCheck): void {
  const label = (text: string): Cell => ({ text, style: CELL_LABEL });
  const cols = itemColumns(pager, node);
  table(pager, cols, [[label('序号'), label('佐证材料题名'), label('日期'), label('页码')]]);
  if (node.entries.length === 0) table(pager, [pager.width], [[{ text: '（暂无佐证材料）', style: { ...CELL, align: 'center' } }]]);
  node.entries.forEach((e, i) => {
    // The layout pass does not know the numbers yet: the page column is as wide as the widest
    // numbers can be (itemColumns), so that both passes give the row the same height.
    const known = pagesOf(e.print.item.id);
    const range = known ?? { first: 8888, last: 8889 };
    const pages = e.full ? (range.first === range.last ? `${range.first}` : `${range.first}—${range.last}`) : `见第${range.first}页`;
    const date = chineseDate(e.print.item.date);
    table(pager, cols, [[
      { text: String(i + 1), style: { ...CELL, align: 'center' } },
      { text: `${e.print.item.title}${notCountedNote(e, check)}` },
      { text: date, style: oneLine(pager, date, cols[2]) },
      { text: pages, style: { ...CELL, align: 'center' }, link: known ? `item:${e.print.item.id}` : undefined },
    ]]);
  });
}

export interface PageRange {
  first: number;
  last: number;
}

/**
 * `pagesOf` gives the printed page range of an item (from the layout pass); entries printed
 * under an earlier indicator show "见第 N 页" instead. `check` is the self-check's verdict on it.
 */
export function submissionForm(pager: Pager, node: PrintIndicator, pagesOf: (itemId: number) => PageRange | null, check?: IndicatorCheck, samePage = false): void {
  const ind = node.indicator;
  const statement = check?.statement;
  // Beneath its top-level indicator's heading when the form's start (its title and first rows) fits there.
  if (samePage && pager.bottom - pager.doc.y >= FORM_START) pager.doc.y += PT.san;
  else pager.sectionPage('body');
  pager.flushMarks();
  pager.mark(`ind:${ind.code}`);
  para(pager, '测评材料提交表', { role: 'hei', size: PT.xiaoEr, align: 'center', pitch: PT.xiaoEr * 1.8 });
  const w = pager.width;
  const label = (text: string): Cell => ({ text, style: CELL_LABEL });
  const progress = check ? progressLine(check) : '';
  table(pager, [w * 0.2, w * 0.8], [
    [label('指标编号'), { text: ind.code }],
    [label('指标名称'), { text: ind.title }],
    [label('测评要求'), { text: ind.requirement || '—' }],
    [label('分值'), { text: ind.score != null ? `${ind.score}分` : '—' }],
    [label('考核依据'), { text: ind.basis || '—' }],
    [label('责任单位'), { text: departmentText(ind.department) || '—' }],
    ...(check ? [[label('完成情况'), { text: [progress, ...completionNotes(check), leftOutNote(node, check)].filter(Boolean).join('\n'), style: progressStyle(pager, progress, w * 0.8) }]] : []),
  ]);
  itemTable(pager, node, pagesOf, check);
  // A box to write in by hand when the clerk has stated nothing: 45 mm where the page has room,
  // else what is left of it down to 25 mm, rather than a page of its own for two empty rows; the
  // statement's own height (at least a few lines) when it is typed. The two rows stay together.
  const conclusion = statement?.conclusion ?? '';
  const cols2 = [w * 0.2, w * 0.8];
  const score: Cell[] = [label('自评分'), { text: statement?.selfScore != null ? `${decimalText(statement.selfScore)}分` : '', minHeight: 12 * MM }];
  const room = pager.bottom - pager.doc.y - tableHeight(pager, cols2, [score]);
  const box = conclusion ? 25 * MM : room >= 25 * MM ? Math.min(45 * MM, room) : 45 * MM;
  const closing: Cell[][] = [[label('结论性说明'), { text: conclusion, minHeight: box }], score];
  pager.ensureSpace(tableHeight(pager, [w * 0.2, w * 0.8], closing));
  table(pager, [w * 0.2, w * 0.8], closing);
}

/** Room a cell's text needs to stay on one line, its padding and a point of slack included. */
const cellWidth = (pager: Pager, text: string, role: 'song' | 'hei') => textWidth(pager.doc, pager.fonts, text, role, CELL.size) + 2 * PAD + 1;

/**
 * Columns of the items table: 序号, 题名, 日期, 页码. The date column is as wide as the widest date
 * (“2022年10月20日” never wraps), the page column as the widest range or reference can be, the
 * title takes the rest. Both depend only on the plan, so both layout passes get the same columns.
 */
export function itemColumns(pager: Pager, node: PrintIndicator): number[] {
  const w = pager.width;
  // 序号 with room to breathe: half a character more than the label.
  const seq = Math.max(cellWidth(pager, '序号', 'hei') + CELL.size / 2, cellWidth(pager, String(node.entries.length), 'song'));
  const dates = node.entries.map((e) => cellWidth(pager, chineseDate(e.print.item.date), 'song'));
  // A date too long for a third of the table shrinks instead (oneLine), rather than squeezing the title.
  const date = Math.min(w * 0.3, Math.max(cellWidth(pager, '日期', 'hei'), cellWidth(pager, '2022年10月20日', 'song'), ...dates));
  const pages = Math.max(...['页码', '8888—8889', '见第8888页'].map((t) => cellWidth(pager, t, t === '页码' ? 'hei' : 'song')));
  return [seq, w - seq - date - pages, date, pages];
}

/**
 * 要求 · 实际 · 状态 on one line: the cell in 4号 when the line fits, else as much smaller as it
 * must be (not below 5号), its notes with it.
 */
function progressStyle(pager: Pager, line: string, width: number): ParaStyle {
  const need = cellWidth(pager, line, 'song') - 2 * PAD - 1;
  const room = width - 2 * PAD - 1;
  if (need <= room) return CELL;
  const size = Math.max(PT.wu, Math.floor(((CELL.size * room) / need) * 4) / 4);
  return { ...CELL, size, pitch: size * 1.45 };
}

/** The cell style that keeps `text` on one line in a column `width` wide: 4号, or smaller when it must. */
function oneLine(pager: Pager, text: string, width: number): ParaStyle {
  const need = cellWidth(pager, text, 'song');
  const style: ParaStyle = { ...CELL, align: 'center' };
  if (need <= width) return style;
  const size = Math.max(8, Math.floor(((CELL.size * (width - 2 * PAD - 1)) / (need - 2 * PAD - 1)) * 4) / 4);
  return { ...style, size, pitch: CELL.pitch };
}
