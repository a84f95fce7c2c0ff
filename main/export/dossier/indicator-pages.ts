// Indicator pages: a section page for each upper-level indicator, and for each lowest-level one
// its 测评材料提交表 — what is asked, what is filed with the pages it is on, a box for the
// 结论性说明 and the 自评分.
import { MM, PT } from '../pdf/geometry';
import { CELL, CELL_LABEL, table, tableHeight, type Cell } from './table';
import { BODY, SMALL, TITLE, para } from './text';
import type { Pager } from './pager';
import type { PrintIndicator } from './plan';
import { chineseDate, departmentsOf } from '../../../shared/names';
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

const num = (n: number) => String(Math.round(n * 100) / 100);

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
  const entries = node.entries;
  if (!entries.length) return;
  const w = pager.width;
  pager.doc.y += PT.wu;
  para(pager, '本级佐证材料', { role: 'hei', size: PT.si, align: 'center', pitch: PT.si * 1.8 }, true);
  const label = (text: string): Cell => ({ text, style: CELL_LABEL });
  const cols = [w * 0.1, w * 0.44, w * 0.24, w * 0.22];
  table(pager, cols, [[label('序号'), label('佐证材料题名'), label('日期'), label('页码')]]);
  entries.forEach((e, i) => {
    // As in the 提交表: the layout pass measures the widest numbers, so both passes agree.
    const range = pagesOf(e.print.item.id) ?? { first: 8888, last: 8889 };
    const pages = e.full ? (range.first === range.last ? `${range.first}` : `${range.first}—${range.last}`) : `见第${range.first}页`;
    table(pager, cols, [[
      { text: String(i + 1), style: { ...CELL, align: 'center' } },
      { text: e.print.item.title },
      { text: chineseDate(e.print.item.date), style: { ...CELL, align: 'center' } },
      { text: pages, style: { ...CELL, align: 'center' } },
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
  table(pager, [w * 0.2, w * 0.8], [
    [label('指标编号'), { text: ind.code }],
    [label('指标名称'), { text: ind.title }],
    [label('测评要求'), { text: ind.requirement || '—' }],
    [label('分值'), { text: ind.score != null ? `${ind.score}分` : '—' }],
    [label('考核依据'), { text: ind.basis || '—' }],
    [label('责任单位'), { text: departmentText(ind.department) || '—' }],
    ...(check ? [[label('完成情况'), { text: [progressLine(check), ...completionNotes(check), leftOutNote(node, check)].filter(Boolean).join('\n') }]] : []),
  ]);
  const cols = [w * 0.1, w * 0.44, w * 0.24, w * 0.22];
  table(pager, cols, [[label('序号'), label('佐证材料题名'), label('日期'), label('页码')]]);
  if (node.entries.length === 0) table(pager, [w], [[{ text: '（暂无佐证材料）', style: { ...CELL, align: 'center' } }]]);
  node.entries.forEach((e, i) => {
    // The layout pass does not know the numbers yet; it measures the widest they can be, so
    // that both passes give the row the same height.
    const range = pagesOf(e.print.item.id) ?? { first: 8888, last: 8889 };
    const pages = e.full ? (range.first === range.last ? `${range.first}` : `${range.first}—${range.last}`) : `见第${range.first}页`;
    table(pager, cols, [[
      { text: String(i + 1), style: { ...CELL, align: 'center' } },
      { text: `${e.print.item.title}${notCountedNote(e, check)}` },
      { text: chineseDate(e.print.item.date), style: { ...CELL, align: 'center' } },
      { text: pages, style: { ...CELL, align: 'center' } },
    ]]);
  });
  // A box to write in by hand when the clerk has stated nothing: 45 mm where the page has room,
  // else what is left of it down to 25 mm, rather than a page of its own for two empty rows; the
  // statement's own height (at least a few lines) when it is typed. The two rows stay together.
  const conclusion = statement?.conclusion ?? '';
  const cols2 = [w * 0.2, w * 0.8];
  const score: Cell[] = [label('自评分'), { text: statement?.selfScore != null ? `${num(statement.selfScore)}分` : '', minHeight: 12 * MM }];
  const room = pager.bottom - pager.doc.y - tableHeight(pager, cols2, [score]);
  const box = conclusion ? 25 * MM : room >= 25 * MM ? Math.min(45 * MM, room) : 45 * MM;
  const closing: Cell[][] = [[label('结论性说明'), { text: conclusion, minHeight: box }], score];
  pager.ensureSpace(tableHeight(pager, [w * 0.2, w * 0.8], closing));
  table(pager, [w * 0.2, w * 0.8], closing);
}
