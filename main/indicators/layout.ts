// Which column is which level, requirement, score …: from the header words, then from the
// table's own evidence (a column whose rows carry their own scores is a level), or as the clerk
// set them. Every role comes with why, and the columns the table did not decide are named.
import { normalizeWidth } from '../../shared/names';
import type { ColumnRole } from '../../shared/indicator-types';
import { at, columnLetter, type GridCell } from './grid';
import { IndicatorTableError } from './table-file';
import type { HeaderCol, Role } from './table-header';
import { NOTE_RE, TOTAL_RE, parseScore, parseTitle } from './table-text';

export type FieldRole = 'requirement' | 'basis' | 'department' | 'score';


export interface Layout {
  titleCols: { col: number; alsoRequirement: boolean }[];
  fields: { col: number; role: FieldRole }[];
  codeCol: number | null;
  columns: Record<string, string>;
  /** Per column: why it got its role, in the clerk's words. */
  why: Map<number, string>;
  /** Columns whose role the table did not decide: the preview asks the clerk. */
  unsure: Set<number>;
  labels: Map<number, string>;
}

/** Whether a 测评内容 column (with no 评分标准 beside it) is a level of its own or the requirement of the row's indicator. */
export function contentIsLevel(grid: GridCell[][], from: number, titleCols: number[], contentCol: number): boolean {
  const seen = new Map<string, Set<string>>();
  let prevKey = '';
  for (let r = from; r < grid.length; r++) {
    const content = at(grid, r, contentCol).text;
    const parts = titleCols.map((c) => {
      const cell = at(grid, r, c);
      return cell.text ? (cell.merged ? cell.master : cell.text) : '';
    });
    const key = parts.some(Boolean) ? parts.join('|') : prevKey;
    prevKey = key;
    if (!content) continue;
    const set = seen.get(key) ?? new Set<string>();
    set.add(content);
    seen.set(key, set);
  }
  return [...seen.values()].some((s) => s.size >= 2);
}

export interface ScoreEvidence {
  /** Cells of the column with text, and how many of them have a score cell of exactly their rows. */
  cells: number;
  scored: number;
  /** Parents (cells of the deepest title column) holding two or more of its cells. */
  splitParents: number;
  /** Of those, how many are one merged cell over the rows. */
  mergedParents: number;
  /** Parents whose own score (in their title) equals the sum of the column's scores below. */
  sumsChecked: number;
  sumsMatch: number;
}

/**
 * The table's own evidence that a text column is a level: each of its cells carries its own 分值
 * (a score cell of exactly its rows), and the deepest title column above holds several of them
 * (merged over them, or with a score their scores add up to).
 */
export function scoreEvidence(grid: GridCell[][], from: number, parentCol: number, col: number, scoreCol: number): ScoreEvidence {
  const ev: ScoreEvidence = { cells: 0, scored: 0, splitParents: 0, mergedParents: 0, sumsChecked: 0, sumsMatch: 0 };
  const groups = new Map<string, { parent: GridCell; masters: Set<string>; sum: number }>();
  const seen = new Set<string>();
  let prevParent: GridCell | null = null;
  for (let r = from; r < grid.length; r++) {
    const first = normalizeWidth(grid[r]?.find((c) => c && c.text)?.text ?? '').replace(/\s+/g, '');
    if (TOTAL_RE.test(first) || NOTE_RE.test(first)) continue;
    const p = at(grid, r, parentCol);
    const parent = p.text ? p : prevParent;
    if (p.text) prevParent = p;
    const cell = at(grid, r, col);
    if (!cell.text || seen.has(cell.master) || !parent || cell.master === parent.master) continue;
    seen.add(cell.master);
    ev.cells++;
    const s = at(grid, r, scoreCol);
    const value = parseScore(s.text);
    const own = value !== null && s.top === cell.top && s.bottom === cell.bottom;
    if (own) ev.scored++;
    const g = groups.get(parent.master) ?? { parent, masters: new Set<string>(), sum: 0 };
    g.masters.add(cell.master);
    if (own) g.sum += value;
    groups.set(parent.master, g);
  }
  for (const g of groups.values()) {
    if (g.masters.size < 2) continue;
    ev.splitParents++;
    if (g.parent.merged && g.parent.bottom > g.parent.top) ev.mergedParents++;
    const own = parseTitle(g.parent.text).score;
    if (own !== null) {
      ev.sumsChecked++;
      if (Math.abs(own - g.sum) < 1e-6) ev.sumsMatch++;
    }
  }
  return ev;
}

export const LEVEL_WORDS = ['一级指标', '二级指标', '三级指标', '四级指标', '五级指标'];

/**
 * Header words only hint; the first requirement-like column whose rows carry their own scores
 * below a coarser title column becomes the next level (评价内容 beside 评价标准 in a 评分细则).
 */
export function promoteScoredColumn(grid: GridCell[][], headerRow: number, layout: Layout, requirement: number[]): number[] {
  const scoreCol = layout.fields.find((f) => f.role === 'score')?.col;
  const deepest = layout.titleCols[layout.titleCols.length - 1];
  if (scoreCol === undefined || !deepest || layout.titleCols.length >= 4) return requirement;
  for (const col of requirement) {
    if (col < deepest.col) continue;
    const ev = scoreEvidence(grid, headerRow + 1, deepest.col, col, scoreCol);
    if (ev.cells < 2 || ev.splitParents === 0 || ev.scored < 0.9 * ev.cells) continue;
    const label = layout.labels.get(col) ?? `第${col}列`;
    const parentLabel = layout.labels.get(deepest.col) ?? `第${deepest.col}列`;
    const sums = ev.sumsChecked > 0 ? `，${ev.sumsMatch}/${ev.sumsChecked} 个“${parentLabel}”的分值等于其下各行分值之和` : '';
    if (ev.mergedParents === 0 && ev.sumsMatch === 0) {
      // Scored lines under a title written once could be its scoring rules as well as its sub-indicators.
      layout.unsure.add(col);
      layout.why.set(col, `每行有自己的分值，但“${parentLabel}”未合并单元格、也没有可核对的分值，不能确定是下一级指标还是评分要求；按要求读取，请核对`);
      continue;
    }
    const level = layout.titleCols.length + 1;
    const rest = requirement.filter((c) => c !== col);
    layout.titleCols.push({ col, alsoRequirement: rest.length === 0 });
    layout.why.set(
      col,
      `${ev.scored} 行各有自己的分值，“${parentLabel}”的每格包含其中几行${sums}，所以是${LEVEL_WORDS[level - 1]}（表头“${label}”只作参考）`,
    );
    if (ev.sumsChecked > ev.sumsMatch) layout.unsure.add(col);
    return rest;
  }
  return requirement;
}

export function labelsOf(hc: HeaderCol[]): Map<number, string> {
  const label = new Map<number, string>();
  const used = new Set<string>();
  for (const h of hc) {
    let key = h.label;
    for (let k = 2; used.has(key); k++) key = `${h.label}（${k}）`;
    used.add(key);
    label.set(h.col, key);
  }
  return label;
}

export function planLayout(grid: GridCell[][], headerRow: number, hc: HeaderCol[], sheet: string): Layout {
  const label = labelsOf(hc);
  const why = new Map<number, string>();
  const unsure = new Set<number>();
  const cols = (role: Role) => hc.filter((h) => h.role === role).map((h) => h.col);
  let title = [...cols('level'), ...cols('group'), ...cols('name')].sort((a, b) => a - b);
  for (const c of title) why.set(c, `表头“${label.get(c)}”是指标名称列`);
  const content = cols('content');
  const standard = cols('standard');
  const alsoReq = new Set<number>();
  let requirement = standard;
  if (content.length > 0 && (standard.length > 0 || title.length === 0)) {
    title = [...title, ...content].sort((a, b) => a - b);
    for (const c of content) why.set(c, standard.length ? `表头“${label.get(c)}”是指标内容，旁边另有评分标准列` : `表头“${label.get(c)}”是唯一的指标内容列`);
    if (standard.length === 0) content.forEach((c) => alsoReq.add(c));
  } else if (content.length > 0) {
    if (contentIsLevel(grid, headerRow + 1, title, content[0])) {
      title = [...title, content[0]].sort((a, b) => a - b);
      alsoReq.add(content[0]);
      why.set(content[0], `同一上级指标下有多行不同的“${label.get(content[0])}”，所以是下一级指标（兼作要求）`);
      requirement = content.slice(1);
    } else {
      requirement = content;
      for (const c of content) why.set(c, `每个上级指标只有一条“${label.get(c)}”，所以是要求`);
    }
  } else if (title.length === 0 && standard.length > 0) {
    // Only a 标准 column carries text: it names the indicators and is their requirement.
    title = [standard[0]];
    alsoReq.add(standard[0]);
    why.set(standard[0], `表中只有“${label.get(standard[0])}”一列文字，用作指标名称（兼作要求）`);
    unsure.add(standard[0]);
    requirement = standard.slice(1);
  }
  if (title.length === 0) {
    const found = hc.map((h) => h.label).join('、');
    throw new IndicatorTableError(
      `工作表“${sheet}”的表头（第 ${headerRow} 行：${found}）中没有指标名称列，应有“一级指标/指标名称/测评项目/测评内容/考核内容”等列之一。`,
    );
  }
  const first = (role: Role) => cols(role).slice(0, 1);
  const layout: Layout = {
    titleCols: title.map((col) => ({ col, alsoRequirement: alsoReq.has(col) })),
    fields: [],
    codeCol: first('code')[0] ?? null,
    columns: {},
    why,
    unsure,
    labels: label,
  };
  for (const c of first('score')) layout.fields.push({ col: c, role: 'score' });
  requirement = promoteScoredColumn(grid, headerRow, layout, requirement);
  for (const c of requirement) {
    layout.fields.push({ col: c, role: 'requirement' });
    if (!why.has(c)) why.set(c, `表头“${label.get(c)}”是评分标准或要求，本列没有自己的分值`);
  }
  for (const c of cols('basis')) layout.fields.push({ col: c, role: 'basis' });
  for (const c of first('department')) layout.fields.push({ col: c, role: 'department' });
  for (const f of layout.fields) if (!why.has(f.col)) why.set(f.col, `表头“${label.get(f.col)}”`);
  if (layout.codeCol !== null) why.set(layout.codeCol, `表头“${label.get(layout.codeCol)}”是编号`);
  describeColumns(layout, hc.map((h) => h.col));
  return layout;
}

/** The report's header → role map, in column order (the shape the report has always had). */
export function describeColumns(layout: Layout, allCols: number[]): void {
  const role = new Map<number, string>();
  layout.titleCols.forEach((t, i) => role.set(t.col, `level${i + 1}${t.alsoRequirement ? '+requirement' : ''}`));
  for (const f of layout.fields) role.set(f.col, f.role);
  if (layout.codeCol !== null) role.set(layout.codeCol, 'code');
  const cols = [...new Set([...allCols, ...role.keys()])].sort((a, b) => a - b);
  layout.columns = {};
  for (const c of cols) layout.columns[layout.labels.get(c) ?? `${columnLetter(c)}列`] = role.get(c) ?? 'ignored';
}

/** The role of each column as the clerk's drop-down shows it (level2+requirement reads level2). */
export function rolesOf(layout: Layout): Map<number, ColumnRole> {
  const out = new Map<number, ColumnRole>();
  layout.titleCols.forEach((t, i) => out.set(t.col, `level${Math.min(i + 1, 4)}` as ColumnRole));
  for (const f of layout.fields) if (!out.has(f.col)) out.set(f.col, f.role);
  if (layout.codeCol !== null && !out.has(layout.codeCol)) out.set(layout.codeCol, 'code');
  return out;
}

/** A layout from roles the clerk set (and the guesses for the columns they left alone): trusted as given. */
export function layoutFromRoles(base: Layout, roles: Map<number, ColumnRole>, given: Set<number>, sheet: string): Layout {
  const layout: Layout = { titleCols: [], fields: [], codeCol: null, columns: {}, why: new Map(base.why), unsure: new Set(), labels: base.labels };
  for (const c of given) {
    layout.why.set(c, '按您设置的列用途');
    if (!layout.labels.has(c)) layout.labels.set(c, `${columnLetter(c)}列`);
  }
  for (const c of base.unsure) if (!given.has(c)) layout.unsure.add(c);
  const sorted = [...roles].sort((a, b) => a[0] - b[0]);
  const levels = sorted.filter(([, r]) => /^level\d$/.test(r)).sort((a, b) => a[1].localeCompare(b[1]) || a[0] - b[0]);
  if (levels.length === 0) throw new IndicatorTableError(`工作表“${sheet}”中没有设为“一级指标”的列，无法读取指标。`);
  const requirement = sorted.filter(([, r]) => r === 'requirement').map(([c]) => c);
  layout.titleCols = levels.map(([col], i) => ({ col, alsoRequirement: requirement.length === 0 && i === levels.length - 1 }));
  for (const c of requirement) layout.fields.push({ col: c, role: 'requirement' });
  for (const [c, r] of sorted) if (r === 'basis') layout.fields.push({ col: c, role: 'basis' });
  const firstOf = (role: ColumnRole) => sorted.find(([, r]) => r === role)?.[0];
  const dept = firstOf('department');
  if (dept !== undefined) layout.fields.push({ col: dept, role: 'department' });
  const score = firstOf('score');
  if (score !== undefined) layout.fields.push({ col: score, role: 'score' });
  layout.codeCol = firstOf('code') ?? null;
  describeColumns(layout, [...base.labels.keys()]);
  return layout;
}
