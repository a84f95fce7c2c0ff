// Finding the header row by its words and giving each column a first role from them. Headers
// are only a hint: layout.ts corrects them by what the rows hold.
import { normalizeWidth } from '../../shared/names';
import { at, type GridCell } from './grid';
import { oneLine } from './table-text';

/** Header rows are near the top; below this it is data, not a header. */
export const HEADER_SCAN_ROWS = 15;


export type Role = 'level' | 'group' | 'name' | 'content' | 'standard' | 'basis' | 'score' | 'department' | 'code' | 'ignored';
export const TEXT_ROLES: Role[] = ['level', 'group', 'name', 'content', 'standard'];

// Order matters: 得分 before 分值, 配合单位 before 单位, 评分标准 before 评分.
export const EXACT_RULES: [RegExp, Role][] = [
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
export const CONTAINS_RULES: [RegExp, Role][] = [
  [/分值/, 'score'],
  [/(单位|部门|科室|股室|责任人)$/, 'department'],
  [/(依据|方法|方式|佐证|资料|材料|途径|来源)/, 'basis'],
  [/(标准|细则|要求|办法|评分|评价)/, 'standard'],
  [/(内容|任务|事项|要点)/, 'content'],
];

export function headerKey(raw: string): string {
  return normalizeWidth(raw)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .replace(/[\s:：*]/g, '');
}

export function roleOf(raw: string): Role | null {
  const key = headerKey(raw);
  if (!key || key.length > 20) return null;
  for (const [re, role] of EXACT_RULES) if (re.test(key)) return role;
  if (key.length > 12) return null;
  for (const [re, role] of CONTAINS_RULES) if (re.test(key)) return role;
  return null;
}

export interface HeaderCol {
  col: number;
  label: string;
  role: Role;
}

/** Recognised columns of one row; a header merged across k columns is k title columns ("考核指标" over 一二三级). */
export function headerCols(grid: GridCell[][], r: number, cols: number): HeaderCol[] {
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

export function findHeader(grid: GridCell[][], cols: number): { row: number; cols: HeaderCol[] } | null {
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
