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
import type { ColumnRole, IndicatorDraft, IndicatorTableReport, ParsedIndicatorTable } from '../../shared/indicator-types';
import { decimalText, normalizeWidth } from '../../shared/names';
import { parseTarget } from '../../shared/targets';
import { XLSX_LIMITS, zipLimitProblem } from '../intake/zip-limits';
import { at, columnIndex, columnLetter, type GridCell, type SheetGrid } from './grid';
import { type FieldRole, type Layout, describeColumns, labelsOf, layoutFromRoles, planLayout, rolesOf } from './layout';
import { HEADER_SCAN_ROWS, findHeader, headerKey } from './table-header';
import { IndicatorTableError, readTableFile } from './table-file';
import { NOTE_RE, TOTAL_RE, cleanMultiline, normalizeCode, oneLine, parseScore, parseTitle } from './table-text';

export { IndicatorTableError } from './table-file';
export { normalizeCode } from './table-text';

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
    if (Math.abs(sum - expected) > 1e-6) out.push(`${label}: ${decimalText(expected)} ≠ ${decimalText(sum)}`);
  };
  const levels = Math.max(0, ...drafts.map((d) => d.level));
  const out: IndicatorTableReport['scoreSums'] = [];
  for (let level = 1; level <= levels; level++) {
    const nodes = drafts.filter((d) => d.level === level);
    const mismatches: string[] = [];
    if (level === 1 && tableTotal !== null) compare('合计', tableTotal, nodes, mismatches);
    for (const n of nodes) if (n.score !== null) compare(`${n.code} ${n.title}`, n.score, children.get(n.code) ?? [], mismatches);
    const sum = Number(decimalText(nodes.reduce((a, d) => a + (d.score ?? 0), 0)));
    out.push({ level, sum, consistent: mismatches.length === 0, mismatches });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One sheet

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
