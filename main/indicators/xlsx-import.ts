// Reads an indicator system (测评体系) as issued in an .xlsx table into IndicatorDrafts.
//
// Issued tables differ by campaign and province (STANDARDS.md §5): title rows above the header,
// two to four levels in vertically merged cells, codes inside cells ("Ⅱ—1 …") or in a 序号
// column, scores as numbers, as "5分" or inside titles, a 合计 row and a 注 row below. So we never
// rely on positions: we find the header by its words, give each column a role, and read the
// levels from the merge structure. What we understood is reported, so the clerk can check it
// before anything is stored.

import { basename } from 'node:path';
import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import type { IndicatorDraft, IndicatorTableReport, ParsedIndicatorTable } from '../../shared/indicator-types';
import { normalizeWidth, splitScoreNote, stripListMarker } from '../../shared/names';
import { TaizhangError } from '../../shared/errors';
import { chineseNumber, parseTarget } from '../../shared/targets';
import { XLSX_LIMITS, zipLimitProblem } from '../intake/zip-limits';
import { readTableFile } from './table-file';
import { columnIndex, columnLetter, type GridCell, type SheetGrid } from './grid';
import type { ColumnRole } from '../../shared/indicator-types';

/** A table we cannot understand: the clerk's input, so the CLI exits 2 and the UI shows the message. */
export class IndicatorTableError extends TaizhangError {
  constructor(message: string, code: 'BAD_TABLE' | 'TOO_LARGE' = 'BAD_TABLE') {
    super(code, message);
    this.name = 'IndicatorTableError';
  }
}

const HEADER_SCAN_ROWS = 15;
export const MAX_COLS = 60;
// A sheet past this is not an indicator system (they run to a few hundred rows): it is refused,
// never cut, so no indicator is silently lost.
export const MAX_ROWS = 20000;
const LOOKED_FOR = '“一级指标/指标名称/测评项目/测评内容/考核内容/评分标准/分值…”';

// ---------------------------------------------------------------------------------------------
// Cells

function valueText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? '' : valueText(v.result as CellValue);
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : valueText(v.text as CellValue);
  return ''; // error values (#N/A …) carry no indicator text
}

/** The last row holding a value; rows that only carry formatting (often to row 1048576) do not count. */
function lastRowWithValues(ws: Worksheet): number {
  let last = 0;
  ws.eachRow((_row, n) => (last = n));
  return last;
}

/** The sheet as a grid of visual cells: a merged area reads as its master's text everywhere. */
export function sheetOfWorksheet(ws: Worksheet): SheetGrid {
  const grid = readGrid(ws);
  return { name: ws.name, grid, cols: Math.min(ws.columnCount, MAX_COLS), hidden: ws.state !== 'visible' };
}

function readGrid(ws: Worksheet): GridCell[][] {
  const rows = lastRowWithValues(ws);
  checkRowCount(rows);
  const cols = Math.min(ws.columnCount, MAX_COLS);
  const grid: GridCell[][] = [[]];
  const boxes = new Map<string, GridCell[]>();
  for (let r = 1; r <= rows; r++) {
    const line: GridCell[] = [];
    for (let c = 1; c <= cols; c++) {
      const cell = ws.getCell(r, c);
      const m = cell.isMerged ? cell.master : cell;
      const g: GridCell = { text: valueText(m.value).trim(), master: m.address, merged: cell.isMerged, top: r, bottom: r, left: c, right: c };
      line[c] = g;
      const group = boxes.get(g.master);
      if (group) group.push(g);
      else boxes.set(g.master, [g]);
    }
    grid[r] = line;
  }
  // Every cell of a merged area knows the whole area: scores and departments are placed by it.
  for (const group of boxes.values()) {
    if (group.length < 2) continue;
    const box = {
      top: Math.min(...group.map((g) => g.top)),
      bottom: Math.max(...group.map((g) => g.bottom)),
      left: Math.min(...group.map((g) => g.left)),
      right: Math.max(...group.map((g) => g.right)),
    };
    for (const g of group) Object.assign(g, box);
  }
  return grid;
}

export function checkRowCount(rows: number): void {
  if (rows > MAX_ROWS) {
    throw new IndicatorTableError(
      `指标表有 ${rows} 行，超过了 ${MAX_ROWS} 行的上限；指标体系一般不超过几百行，请检查是否选错了文件或工作表。`,
      'TOO_LARGE',
    );
  }
}

const EMPTY_CELL: GridCell = { text: '', master: '', merged: false, top: 0, bottom: 0, left: 0, right: 0 };
const at = (grid: GridCell[][], r: number, c: number): GridCell => grid[r]?.[c] ?? EMPTY_CELL;

// ---------------------------------------------------------------------------------------------
// Text

/** Multi-line text kept as lines (scoring rules are often numbered lines), spaces collapsed. */
function cleanMultiline(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\s\u3000\u00A0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** One line; a break inside Chinese text ("组织\n领导") is a wrap, not a space. */
function oneLine(s: string): string {
  return cleanMultiline(s)
    .split('\n')
    .reduce((a, b) => (a === '' ? b : a + (/[\x21-\x7E]$/.test(a) && /^[\x21-\x7E]/.test(b) ? ' ' : '') + b), '');
}

// names.ts compares in half width; stored titles keep the clerk's full-width punctuation (，（）).
// normalizeWidth maps one char to one char once whitespace is collapsed, so positions carry over.
function keepSuffix(flat: string, normalized: string): string {
  const cand = flat.slice(flat.length - normalized.length);
  return normalizeWidth(cand) === normalized ? cand.trim() : normalized;
}
function keepPrefix(flat: string, normalized: string): string {
  const cand = flat.slice(0, normalized.length);
  return normalizeWidth(cand) === normalized ? cand.trim() : normalized;
}

const ROMAN_CODE_RE = /^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+(?:\s*[-—–－‐―]\s*\d+)*)\s*[、.．:：)]?\s*(?=\S)/;
const ASCII_ROMAN_CODE_RE = /^([IVX]+(?:\s*[-—–－‐―]\s*\d+)+)\s*[、.．:：)]?\s*(?=\S)/;
const LETTER_CODE_RE = /^([A-Z]\d+(?:[.\-]\d+)*)\s*[、.．:：)]?\s*(?=\S)/;

export function normalizeCode(raw: string): string | null {
  let s = normalizeWidth(raw)
    .replace(/[—–‐―]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^[(\[]|[)\]]$/g, '')
    .replace(/[、.,:：]+$/, '');
  if (!s) return null;
  const cn = chineseNumber(s);
  if (cn !== null) s = String(cn);
  // A 序号 cell holding words is not a code.
  if (s.length > 16 || /[\u4e00-\u9fff]/.test(s)) return null;
  return s;
}

interface TitleParts {
  title: string;
  code: string | null;
  score: number | null;
}

/** "Ⅱ—1 组织领导（20分）" → code Ⅱ-1, title 组织领导, score 20; "一、" markers dropped. */
function parseTitle(raw: string): TitleParts {
  let flat = oneLine(raw);
  let code: string | null = null;
  const norm = normalizeWidth(flat);
  const m = ROMAN_CODE_RE.exec(norm) ?? ASCII_ROMAN_CODE_RE.exec(norm) ?? LETTER_CODE_RE.exec(norm);
  if (m) {
    code = normalizeCode(m[1]);
    flat = keepSuffix(flat, normalizeWidth(norm.slice(m[0].length)));
  }
  const stripped = stripListMarker(flat);
  if (!code && stripped.numericCode) code = stripped.numericCode;
  const text = keepSuffix(flat, stripped.text);
  const split = splitScoreNote(text);
  const title = keepPrefix(text, split.title) || oneLine(raw);
  return { title, code, score: split.score };
}

function parseScore(raw: string): number | null {
  const s = normalizeWidth(raw).replace(/\s+/g, '');
  const m = /^(\d+(?:\.\d+)?)分?(?:\(.*\))?$/.exec(s);
  return m ? Number(m[1]) : null;
}

// ---------------------------------------------------------------------------------------------
// Header

type Role = 'level' | 'group' | 'name' | 'content' | 'standard' | 'basis' | 'score' | 'department' | 'code' | 'ignored';
const TEXT_ROLES: Role[] = ['level', 'group', 'name', 'content', 'standard'];

// Order matters: 得分 before 分值, 配合单位 before 单位, 评分标准 before 评分.
const EXACT_RULES: [RegExp, Role][] = [
  [/^(评分|扣分|完成情况|自查情况|自评情况|落实情况|进展情况|工作开展情况|佐证材料目录)$/, 'ignored'],
  [/得分$/, 'ignored'],
  [/配合|协办|协助/, 'ignored'],
  [/^[一二三四五1-5]级(指标|项目|目录|分类)?(名称|内容)?$/, 'level'],
  [/^(序号|编号|代码|代号|指标编号|指标代码|指标序号|序|no\.?)$/i, 'code'],
  [/^(分值|标准分|标准分值|分数|满分|赋分|基本分|基础分|权重|分|指标分值|总分值|计分|应得分|分值分)$/, 'score'],
  [/^(备注|说明|注|附注)$/, 'ignored'],
  [/^(指标名称|指标|名称|测评指标|考核指标|评价指标|指标项目|项目名称|子项目|细项|具体指标|指标项|考核事项|指标体系)$/, 'name'],
  [/^(测评项目|考核项目|评价项目|项目|分类|类别|类型|大类|板块|领域|测评类别|指标类别|项目类别|工作类别|考评项目|门类|模块|维度)$/, 'group'],
];
// Longer or compound headers ("评分标准及细则", "牵头责任单位"); only for short cells, so a title row
// such as "创建全国科普示范县测评标准" is not taken for a header.
const CONTAINS_RULES: [RegExp, Role][] = [
  [/分值/, 'score'],
  [/(单位|部门|科室|股室|责任人)$/, 'department'],
  [/(依据|方法|方式|佐证|资料|材料|途径|来源)/, 'basis'],
  [/(标准|细则|要求|办法|评分|评价)/, 'standard'],
  [/(内容|任务|事项|要点)/, 'content'],
];

function headerKey(raw: string): string {
  return normalizeWidth(raw)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .replace(/[\s:：*]/g, '');
}

function roleOf(raw: string): Role | null {
  const key = headerKey(raw);
  if (!key || key.length > 20) return null;
  for (const [re, role] of EXACT_RULES) if (re.test(key)) return role;
  if (key.length > 12) return null;
  for (const [re, role] of CONTAINS_RULES) if (re.test(key)) return role;
  return null;
}

interface HeaderCol {
  col: number;
  label: string;
  role: Role;
}

/** Recognised columns of one row; a header merged across k columns is k title columns ("考核指标" over 一二三级). */
function headerCols(grid: GridCell[][], r: number, cols: number): HeaderCol[] {
  const out: HeaderCol[] = [];
  const seen = new Set<string>();
  for (let c = 1; c <= cols; c++) {
    const cell = at(grid, r, c);
    if (!cell.text) continue;
    const role = roleOf(cell.text);
    if (!role) continue;
    const again = seen.has(cell.master);
    seen.add(cell.master);
    if (again && !['level', 'group', 'name', 'content'].includes(role)) continue;
    // "标 准 分" is padding, not words: the label loses spaces between Chinese characters.
    const label = oneLine(cell.text).replace(/(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/g, '');
    out.push({ col: c, label, role });
  }
  return out;
}

function findHeader(grid: GridCell[][], cols: number): { row: number; cols: HeaderCol[] } | null {
  let best: { row: number; cols: HeaderCol[]; score: number } | null = null;
  const last = Math.min(HEADER_SCAN_ROWS, grid.length - 1);
  for (let r = 1; r <= last; r++) {
    const hc = headerCols(grid, r, cols);
    const distinct = new Set(hc.map((h) => (h.role === 'level' ? `level${h.col}` : h.role))).size;
    if (distinct < 2) continue;
    // Prefer rows with a text column; among those the one with most recognised columns.
    const score = distinct + (hc.some((h) => TEXT_ROLES.includes(h.role)) ? 100 : 0);
    if (!best || score > best.score) best = { row: r, cols: hc, score };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Indicator tree

interface Node {
  parent: Node | null;
  children: Node[];
  level: number;
  master: string;
  raw: string;
  title: string;
  tableCode: string | null;
  titleScore: number | null;
  colScore: number | null;
  firstRow: number;
  lastRow: number;
  requirement: string[];
  basis: string[];
  department: string[];
  seen: Set<string>;
  code: string;
}

function newNode(parent: Node | null, cell: GridCell, row: number, level: number): Node {
  const t = parseTitle(cell.text);
  const node: Node = {
    parent, children: [], level, master: cell.master, raw: cell.text, title: t.title, tableCode: t.code,
    titleScore: t.score, colScore: null, firstRow: row, lastRow: row, requirement: [], basis: [], department: [],
    seen: new Set(), code: '',
  };
  return node;
}

type FieldRole = 'requirement' | 'basis' | 'department' | 'score';
interface Pending {
  path: Node[];
  role: FieldRole;
  cell: GridCell;
}

function addText(node: Node, role: 'requirement' | 'basis' | 'department', cell: GridCell): void {
  const key = `${role}@${cell.master}`;
  if (node.seen.has(key)) return; // one merged cell read on several rows counts once
  node.seen.add(key);
  node[role].push(role === 'department' ? oneLine(cell.text) : cleanMultiline(cell.text));
}

const TOTAL_RE = /^(合计|总计|总分|小计|共计|总分值|分值合计)/;
const NOTE_RE = /^(注|说明|备注|附注|填表说明)\s*(?:[:：]|\d|[一二三四五六七八九]、|$)/;

/** A child's code from its parent's and its own number: 1 + 2 → 1.2; Roman codes read Ⅱ-1-2 (STANDARDS §4). */
export function childCode(parentCode: string | null, local: string): string {
  if (!parentCode) return local;
  const sep = /[-ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]/.test(parentCode) && !parentCode.includes('.') ? '-' : '.';
  return `${parentCode}${sep}${local}`;
}
const joinCode = (parent: Node | null, local: string): string => childCode(parent ? parent.code : null, local);

/** Codes by the table where it gives them, else by position; a plain number is local to its parent. */
function assignCodes(roots: Node[]): void {
  const used = new Set<string>();
  const walk = (nodes: Node[]): void => {
    nodes.forEach((n, i) => {
      const own = n.tableCode;
      // A code the table repeats (Ⅲ-1 restarting under each parent) falls back to position.
      const tries: string[] = [];
      if (own) tries.push(/^\d+$/.test(own) ? joinCode(n.parent, own) : own);
      tries.push(joinCode(n.parent, String(i + 1)));
      let code = tries.find((t) => !used.has(t)) ?? tries[tries.length - 1];
      for (let k = 2; used.has(code); k++) code = `${tries[tries.length - 1]}_${k}`;
      n.code = code;
      used.add(code);
      walk(n.children);
    });
  };
  walk(roots);
}

/** The level a 序号 column numbers: the deepest level whose nodes each show one value, distinct among siblings. */
function codeColumnLevel(rows: { path: Node[]; text: string }[], depth: number): number | null {
  for (let L = depth; L >= 1; L--) {
    const byNode = new Map<Node, Set<string>>();
    for (const { path, text } of rows) {
      if (path.length < L || !text) continue;
      const set = byNode.get(path[L - 1]) ?? new Set<string>();
      set.add(text);
      byNode.set(path[L - 1], set);
    }
    if (byNode.size === 0) continue;
    if ([...byNode.values()].some((s) => s.size > 1)) continue;
    const siblingCodes = new Map<Node | null, Set<string>>();
    let clash = false;
    for (const [node, s] of byNode) {
      const codes = siblingCodes.get(node.parent) ?? new Set<string>();
      const v = [...s][0];
      if (codes.has(v)) clash = true;
      codes.add(v);
      siblingCodes.set(node.parent, codes);
    }
    if (!clash) return L;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Score sums

const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Per level: the sum of its scores, and each scored parent compared with its children. A child
 * without a score of its own counts with the sum of its descendants (a 二级指标 left blank whose
 * 三级指标 carry the points). `tableTotal` is the table's own 合计, compared with the top level.
 */
export function computeScoreSums(drafts: IndicatorDraft[], tableTotal: number | null = null): IndicatorTableReport['scoreSums'] {
  const children = new Map<string | null, IndicatorDraft[]>();
  for (const d of drafts) children.set(d.parentCode, [...(children.get(d.parentCode) ?? []), d]);
  const effective = (d: IndicatorDraft): number | null => {
    if (d.score !== null) return d.score;
    const kids = (children.get(d.code) ?? []).map(effective).filter((x): x is number => x !== null);
    return kids.length ? kids.reduce((a, b) => a + b, 0) : null;
  };
  const compare = (label: string, expected: number, kids: IndicatorDraft[], out: string[]): void => {
    const scores = kids.map(effective);
    if (!scores.some((x) => x !== null)) return; // nothing to compare with
    const sum = scores.reduce<number>((a, x) => a + (x ?? 0), 0);
    if (Math.abs(sum - expected) > 1e-6) out.push(`${label}: ${fmt(expected)} ≠ ${fmt(sum)}`);
  };
  const levels = Math.max(0, ...drafts.map((d) => d.level));
  const out: IndicatorTableReport['scoreSums'] = [];
  for (let level = 1; level <= levels; level++) {
    const nodes = drafts.filter((d) => d.level === level);
    const mismatches: string[] = [];
    if (level === 1 && tableTotal !== null) compare('合计', tableTotal, nodes, mismatches);
    for (const n of nodes) if (n.score !== null) compare(`${n.code} ${n.title}`, n.score, children.get(n.code) ?? [], mismatches);
    const sum = Number(fmt(nodes.reduce((a, d) => a + (d.score ?? 0), 0)));
    out.push({ level, sum, consistent: mismatches.length === 0, mismatches });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One sheet

interface Layout {
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
function contentIsLevel(grid: GridCell[][], from: number, titleCols: number[], contentCol: number): boolean {
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

interface ScoreEvidence {
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
function scoreEvidence(grid: GridCell[][], from: number, parentCol: number, col: number, scoreCol: number): ScoreEvidence {
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

const LEVEL_WORDS = ['一级指标', '二级指标', '三级指标', '四级指标', '五级指标'];

/**
 * Header words only hint; the first requirement-like column whose rows carry their own scores
 * below a coarser title column becomes the next level (评价内容 beside 评价标准 in a 评分细则).
 */
function promoteScoredColumn(grid: GridCell[][], headerRow: number, layout: Layout, requirement: number[]): number[] {
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

function labelsOf(hc: HeaderCol[]): Map<number, string> {
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

function planLayout(grid: GridCell[][], headerRow: number, hc: HeaderCol[], sheet: string): Layout {
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
function describeColumns(layout: Layout, allCols: number[]): void {
  const role = new Map<number, string>();
  layout.titleCols.forEach((t, i) => role.set(t.col, `level${i + 1}${t.alsoRequirement ? '+requirement' : ''}`));
  for (const f of layout.fields) role.set(f.col, f.role);
  if (layout.codeCol !== null) role.set(layout.codeCol, 'code');
  const cols = [...new Set([...allCols, ...role.keys()])].sort((a, b) => a - b);
  layout.columns = {};
  for (const c of cols) layout.columns[layout.labels.get(c) ?? `${columnLetter(c)}列`] = role.get(c) ?? 'ignored';
}

/** The role of each column as the clerk's drop-down shows it (level2+requirement reads level2). */
function rolesOf(layout: Layout): Map<number, ColumnRole> {
  const out = new Map<number, ColumnRole>();
  layout.titleCols.forEach((t, i) => out.set(t.col, `level${Math.min(i + 1, 4)}` as ColumnRole));
  for (const f of layout.fields) if (!out.has(f.col)) out.set(f.col, f.role);
  if (layout.codeCol !== null && !out.has(layout.codeCol)) out.set(layout.codeCol, 'code');
  return out;
}

/** A layout from roles the clerk set (and the guesses for the columns they left alone): trusted as given. */
function layoutFromRoles(base: Layout, roles: Map<number, ColumnRole>, given: Set<number>, sheet: string): Layout {
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

function rowSummary(grid: GridCell[][], r: number, cols: number): { cells: GridCell[]; text: string } {
  const cells: GridCell[] = [];
  const seen = new Set<string>();
  for (let c = 1; c <= cols; c++) {
    const cell = at(grid, r, c);
    if (!cell.text || seen.has(cell.master)) continue;
    seen.add(cell.master);
    cells.push(cell);
  }
  const text = cells.map((c) => oneLine(c.text)).join(' | ');
  return { cells, text: text.length > 80 ? `${text.slice(0, 79)}…` : text };
}

const REASON_TOTAL = '合计行，不是指标';
const REASON_NOTE = '注释或说明行，不是指标';

/** Why a non-empty row below the header is not an indicator row; null when it is one. */
function skipReason(firstText: string, cellCount: number, inNotes: boolean, repeatsHeader: boolean): string | null {
  if (TOTAL_RE.test(firstText)) return REASON_TOTAL;
  if (NOTE_RE.test(firstText)) return REASON_NOTE;
  // Notes run on over several rows ("2.各单位…"), each one cell wide.
  if (inNotes && cellCount === 1) return '注释或说明行（续），不是指标';
  // Tables printed over several pages repeat the header.
  if (repeatsHeader) return '重复的表头行';
  return null;
}

/**
 * Fields go where their merged area says: a score merged over a block of rows belongs to the
 * indicator spanning that block (once); a department or basis merged over a block applies to each
 * row in it and to the indicators it covers whole; a requirement belongs to the row's indicator.
 */
function placeFields(pending: Pending[]): void {
  for (const { path, role, cell } of pending) {
    const leaf = path[path.length - 1];
    if (role === 'score') {
      const owner = [...path].reverse().find((n) => n.firstRow <= cell.top && n.lastRow >= cell.bottom) ?? leaf;
      const key = `score@${cell.master}`;
      const value = parseScore(cell.text);
      if (owner.seen.has(key) || value === null) continue;
      owner.seen.add(key);
      // Several scoring lines of one indicator, each with its points, add up.
      owner.colScore = (owner.colScore ?? 0) + value;
      continue;
    }
    const owners = new Set([leaf]);
    if (role !== 'requirement') for (const n of path) if (n.firstRow >= cell.top && n.lastRow <= cell.bottom) owners.add(n);
    for (const n of owners) addText(n, role, cell);
  }
}

/** Gives the 序号 values to the level they number; codes found inside title cells win. */
function applyCodeColumn(codeRows: { path: Node[]; text: string }[]): void {
  const depth = Math.max(0, ...codeRows.map((c) => c.path.length));
  const level = codeColumnLevel(codeRows, depth);
  if (level === null) return;
  for (const { path, text } of codeRows) {
    const n = path[level - 1];
    if (n && text && !n.tableCode) n.tableCode = text;
  }
}

function toDrafts(roots: Node[]): IndicatorDraft[] {
  const out: IndicatorDraft[] = [];
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      const requirement = n.requirement.join('\n');
      out.push({
        code: n.code,
        title: n.title,
        requirement,
        score: n.colScore ?? n.titleScore,
        basis: n.basis.join('\n'),
        department: [...new Set(n.department)].join('、'),
        target: parseTarget(requirement),
        level: n.level,
        parentCode: n.parent ? n.parent.code : null,
      });
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** What the preview shows of one column. */
export interface ColumnInfo {
  index: number;
  letter: string;
  header: string;
  role: ColumnRole;
  why: string;
  unsure: boolean;
}

export interface SheetAnalysis extends ParsedIndicatorTable {
  grid: SheetGrid;
  headerRow: number;
  columnInfo: ColumnInfo[];
  /** Sentences naming the columns whose role the table did not decide. */
  unsure: string[];
}

export interface ParseOptions {
  sheet?: string;
  /** Roles the clerk set, by column letter: trusted over the guesses. */
  columns?: Record<string, ColumnRole>;
  /** The preview: a header without a column naming indicators gives a best guess instead of an error. */
  lenient?: boolean;
}

/** A best guess when no header names the indicators: the first column of text that is not otherwise used. */
function guessTitleColumn(grid: GridCell[][], headerRow: number, ncols: number, used: Set<number>): number | null {
  let best: { col: number; len: number } | null = null;
  for (let c = 1; c <= ncols; c++) {
    if (used.has(c)) continue;
    let len = 0;
    for (let r = headerRow + 1; r < Math.min(grid.length, headerRow + 60); r++) {
      const t = at(grid, r, c).text;
      if (t && parseScore(t) === null) len += t.length;
    }
    if (len > 0 && (!best || len > best.len * 1.5)) best = { col: c, len };
  }
  return best?.col ?? null;
}

export function parseSheet(sheet: SheetGrid, opts: ParseOptions = {}): SheetAnalysis {
  const { grid, name } = sheet;
  const ncols = Math.min(sheet.cols, MAX_COLS);
  if (grid.length <= 1 || ncols === 0) throw new IndicatorTableError(`工作表“${name}”是空的。`);
  const header = findHeader(grid, ncols);
  if (!header) {
    throw new IndicatorTableError(`工作表“${name}”中未找到表头：在前 ${HEADER_SCAN_ROWS} 行中没有找到${LOOKED_FOR}等列名。`);
  }
  const given = new Map<number, ColumnRole>();
  for (const [letter, role] of Object.entries(opts.columns ?? {})) {
    const c = columnIndex(letter);
    if (c === null || c > ncols) throw new IndicatorTableError(`工作表“${name}”中没有第 ${letter} 列（共 ${ncols} 列）。`);
    given.set(c, role);
  }
  let layout: Layout;
  try {
    layout = planLayout(grid, header.row, header.cols, name);
  } catch (e) {
    if (!(e instanceof IndicatorTableError) || (!opts.lenient && given.size === 0)) throw e;
    const labels = labelsOf(header.cols);
    layout = { titleCols: [], fields: [], codeCol: null, columns: {}, why: new Map(), unsure: new Set(), labels };
    const guess = given.size > 0 ? null : guessTitleColumn(grid, header.row, ncols, new Set(header.cols.map((h) => h.col)));
    if (guess !== null) {
      layout.titleCols.push({ col: guess, alsoRequirement: true });
      layout.why.set(guess, '表头中没有指标名称列，这一列文字最多，暂作一级指标');
      layout.unsure.add(guess);
    }
    for (const h of header.cols) {
      if (h.role === 'score') layout.fields.push({ col: h.col, role: 'score' });
      else if (h.role === 'basis') layout.fields.push({ col: h.col, role: 'basis' });
      else if (h.role === 'department') layout.fields.push({ col: h.col, role: 'department' });
      else if (h.role === 'code') layout.codeCol = h.col;
    }
    if (layout.titleCols.length === 0 && given.size === 0) throw e;
  }
  // Headers we did not recognise are known by their text too, so the clerk sees what was left out.
  for (const cell of rowSummary(grid, header.row, ncols).cells) {
    if (![...layout.labels.keys()].some((c) => at(grid, header.row, c).master === cell.master)) {
      let label = oneLine(cell.text);
      for (let k = 2; [...layout.labels.values()].includes(label); k++) label = `${oneLine(cell.text)}（${k}）`;
      layout.labels.set(cell.left, label);
    }
  }
  if (given.size > 0) {
    const roles = rolesOf(layout);
    for (const [c, r] of given) roles.set(c, r);
    layout = layoutFromRoles(layout, roles, new Set(given.keys()), name);
  } else describeColumns(layout, [...layout.labels.keys()]);
  const headerKeys = new Map(header.cols.map((h) => [h.col, headerKey(at(grid, header.row, h.col).text)]));
  const mapped = [...layout.titleCols.map((t) => t.col), ...layout.fields.map((f) => f.col)];
  const firstMapped = Math.min(...mapped);
  const lastMapped = Math.max(...mapped);
  const scoreCol = layout.fields.find((f) => f.role === 'score')?.col ?? null;

  const roots: Node[] = [];
  const skipped: IndicatorTableReport['skipped'] = [];
  const pending: Pending[] = [];
  const codeRows: { path: Node[]; text: string }[] = [];
  let prevPath: Node[] = [];
  let prevFull: Node[] = [];
  let section: Node | null = null;
  let inNotes = false;
  let rows = 0;
  let tableTotal: number | null = null;
  const attach = (parent: Node | null, node: Node) => (parent ? parent.children : roots).push(node);

  for (let r = header.row + 1; r < grid.length; r++) {
    const { cells, text } = rowSummary(grid, r, ncols);
    if (cells.length === 0) continue;
    rows++;
    const firstText = normalizeWidth(cells[0].text).replace(/\s+/g, '');
    const repeats = [...headerKeys].filter(([c, k]) => k && headerKey(at(grid, r, c).text) === k).length;
    const reason = skipReason(firstText, cells.length, inNotes, repeats >= Math.max(2, Math.ceil(headerKeys.size / 2)));
    if (reason) {
      skipped.push({ row: r, reason, text });
      if (reason === REASON_NOTE) inNotes = true;
      if (reason === REASON_TOTAL && scoreCol !== null && !firstText.startsWith('小计')) {
        tableTotal = parseScore(at(grid, r, scoreCol).text) ?? tableTotal;
      }
      continue;
    }
    // One merged cell across the whole table inside the data: a section heading above the levels.
    if (cells.length === 1 && cells[0].merged && cells[0].left <= firstMapped && cells[0].right >= lastMapped) {
      section = newNode(null, cells[0], r, 1);
      roots.push(section);
      prevPath = [];
      prevFull = [section];
      continue;
    }

    const base = section ? 1 : 0;
    const rowPath: Node[] = [];
    const titleMasters = new Set<string>();
    for (let i = 0; i < layout.titleCols.length; i++) {
      const { col, alsoRequirement } = layout.titleCols[i];
      const cell = at(grid, r, col);
      // Merged sideways into the previous level's column: this row stops one level higher.
      if (i > 0 && cell.text && cell.master === at(grid, r, layout.titleCols[i - 1].col).master) break;
      const parent = rowPath[i - 1] ?? section;
      if (!cell.text) {
        // Written once and left blank below (not merged): fill down when a deeper level follows.
        const deeper = layout.titleCols.slice(i + 1).some((t) => at(grid, r, t.col).text);
        const prev = prevPath[i];
        if (deeper && prev && prev.parent === parent) {
          rowPath.push(prev);
          continue;
        }
        break;
      }
      titleMasters.add(cell.master);
      const prev = prevPath[i];
      if (prev && prev.parent === parent && (prev.master === cell.master || (!cell.merged && prev.raw === cell.text))) {
        rowPath.push(prev);
        continue;
      }
      const node = newNode(parent, cell, r, base + i + 1);
      if (alsoRequirement) addText(node, 'requirement', cell);
      attach(parent, node);
      rowPath.push(node);
    }
    let full = section ? [section, ...rowPath] : rowPath;
    if (rowPath.length === 0) {
      // No title on this row: more scoring lines of the indicator above.
      if (prevFull.length === 0 || prevFull[prevFull.length - 1] === section) {
        skipped.push({ row: r, reason: '没有指标名称，无法归到任何指标', text });
        continue;
      }
      full = prevFull;
    } else {
      prevPath = rowPath;
      prevFull = full;
    }
    for (const n of full) n.lastRow = Math.max(n.lastRow, r);
    for (const f of layout.fields) {
      const cell = at(grid, r, f.col);
      if (cell.text && !titleMasters.has(cell.master)) pending.push({ path: full, role: f.role, cell });
    }
    if (layout.codeCol !== null && rowPath.length > 0) {
      const cell = at(grid, r, layout.codeCol);
      if (!titleMasters.has(cell.master)) codeRows.push({ path: rowPath, text: normalizeCode(cell.text) ?? '' });
    }
  }

  placeFields(pending);
  applyCodeColumn(codeRows);
  assignCodes(roots);
  const indicators = toDrafts(roots);
  if (indicators.length === 0) {
    throw new IndicatorTableError(`工作表“${name}”的表头（第 ${header.row} 行）下面没有指标行。`);
  }

  const scoreSums = computeScoreSums(indicators, tableTotal);
  const finalRoles = rolesOf(layout);
  const columnInfo: ColumnInfo[] = [];
  for (let c = 1; c <= ncols; c++) {
    const headerText = layout.labels.get(c) ?? oneLine(at(grid, header.row, c).master === `${columnLetter(c)}${header.row}` ? at(grid, header.row, c).text : '');
    const role = finalRoles.get(c) ?? 'ignored';
    const why = layout.why.get(c) ?? (headerText ? `表头“${headerText}”未识别为指标表的列，未使用` : '没有表头，未使用');
    columnInfo.push({ index: c, letter: columnLetter(c), header: headerText, role, why, unsure: layout.unsure.has(c) });
  }
  const unsure = columnInfo
    .filter((c) => c.unsure)
    .map((c) => `${c.letter} 列“${c.header}”：${c.why}`);
  return {
    grid: sheet,
    headerRow: header.row,
    columnInfo,
    unsure,
    indicators,
    report: {
      sheet: name,
      headerRow: header.row,
      columns: layout.columns,
      levels: Math.max(...indicators.map((d) => d.level)),
      rows,
      indicators: indicators.length,
      skipped,
      scoreSums,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The file

const SAVE_AS = '请在 Excel 或 WPS 中打开并另存为 .xlsx（Excel 工作簿）后再导入';

/** Refuses what is not an xlsx by its content, whatever its extension says. */
function sniff(buf: Buffer, name: string): void {
  if (buf.length === 0) throw new IndicatorTableError(`“${name}”是空文件，不是 xlsx 工作簿。`);
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return;
  if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new IndicatorTableError(`“${name}”是旧版 Excel（.xls）或 WPS（.et）格式，也可能设置了打开密码，无法直接读取；${SAVE_AS}。`);
  }
  const head = buf.subarray(0, 4096);
  const isText = !head.includes(0) || (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (isText) throw new IndicatorTableError(`“${name}”是文本或 CSV 文件，不是 xlsx 工作簿；${SAVE_AS}。`);
  throw new IndicatorTableError(`“${name}”不是 xlsx 工作簿（无法识别的文件内容）；${SAVE_AS}。`);
}

export async function loadWorkbook(file: string): Promise<Workbook> {
  return workbookOf(await readTableFile(file, (m) => new IndicatorTableError(m)), basename(file));
}

async function workbookOf(buf: Buffer, name: string): Promise<Workbook> {
  sniff(buf, name);
  const refused = await zipLimitProblem(buf, XLSX_LIMITS);
  if (refused?.tooLarge) throw new IndicatorTableError(`“${name}”：${refused.message}。`, 'TOO_LARGE');
  if (refused) throw new IndicatorTableError(`“${name}”是压缩包或已损坏的文件，不是可读取的 xlsx 工作簿；${SAVE_AS}。`);
  const wb = new Workbook();
  try {
    // exceljs types want Buffer<ArrayBuffer>; @types/node 20 reads files as Buffer<ArrayBufferLike>.
    await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw new IndicatorTableError(`“${name}”是压缩包或已损坏的文件，不是可读取的 xlsx 工作簿；${SAVE_AS}。`);
  }
  if (wb.worksheets.length === 0) throw new IndicatorTableError(`“${name}”中没有工作表，不是可读取的 xlsx 工作簿；${SAVE_AS}。`);
  return wb;
}

/** A sheet by name, read only when it is analysed: a huge hidden sheet must not stop the first one. */
export interface SheetSource {
  name: string;
  hidden: boolean;
  read(): SheetGrid;
}

export function worksheetSources(wb: Workbook): SheetSource[] {
  return wb.worksheets.map((ws) => ({ name: ws.name, hidden: ws.state !== 'visible', read: () => sheetOfWorksheet(ws) }));
}

export async function readIndicatorWorkbook(file: string, opts: ParseOptions = {}): Promise<SheetAnalysis> {
  return parseSheets(worksheetSources(await loadWorkbook(file)), opts);
}

/** The same for a file already read (readIndicatorFile reads it once to tell JSON from xlsx). */
export async function readIndicatorWorkbookBytes(buf: Buffer, name: string, opts: ParseOptions = {}): Promise<SheetAnalysis> {
  return parseSheets(worksheetSources(await workbookOf(buf, name)), opts);
}

export async function workbookSources(buf: Buffer, name: string): Promise<SheetSource[]> {
  return worksheetSources(await workbookOf(buf, name));
}

export function parseSheets(sheets: SheetSource[], opts: ParseOptions): SheetAnalysis {
  if (opts.sheet !== undefined) {
    const want = normalizeWidth(opts.sheet);
    const ws = sheets.find((w) => w.name === opts.sheet) ?? sheets.find((w) => normalizeWidth(w.name) === want);
    if (!ws) {
      const names = sheets.map((w) => `“${w.name}”`).join('、');
      throw new IndicatorTableError(`工作簿中没有名为“${opts.sheet}”的工作表，现有工作表：${names}。`);
    }
    return parseSheet(ws.read(), opts);
  }
  // The first sheet that parses: workbooks often open with a cover or 说明 sheet. Hidden sheets last.
  const order = [...sheets.filter((w) => !w.hidden), ...sheets.filter((w) => w.hidden)];
  const errors: IndicatorTableError[] = [];
  // Roles the clerk set belong to one sheet; only the lenient guess is tried sheet by sheet first.
  for (const ws of order) {
    try {
      return parseSheet(ws.read(), { ...opts, lenient: false });
    } catch (e) {
      if (!(e instanceof IndicatorTableError)) throw e;
      errors.push(e);
    }
  }
  if (opts.lenient || opts.columns) {
    for (const ws of order) {
      try {
        return parseSheet(ws.read(), opts);
      } catch (e) {
        if (!(e instanceof IndicatorTableError)) throw e;
      }
    }
  }
  // A sheet refused for its size says more than the cover sheets that are not tables at all.
  const tooLarge = errors.find((e) => e.code === 'TOO_LARGE');
  if (errors.length === 1 || tooLarge) throw tooLarge ?? errors[0];
  throw new IndicatorTableError(`没有一个工作表能识别为指标表：${errors.map((e) => e.message.replace(/。$/, '')).join('；')}。`);
}
