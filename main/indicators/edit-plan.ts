// What each edit of the indicator tree should leave in the table, worked out on a copy of the
// rows without touching the database (edit.ts writes the difference). Ids never change here:
// evidence is linked by id.
import { targetColumns, type IndicatorRows, type StoredIndicatorRow } from '../archive/indicators-repo';
import { TaizhangError } from '../../shared/errors';
import { parseTarget } from '../../shared/targets';
import type { Target } from '../../shared/domain';
import type { TemplateIndicator } from '../../shared/indicator-types';

/** The fields of one indicator, as the template has them. `target` omitted: read from the requirement text; null: no target. */
export type IndicatorFields = Omit<TemplateIndicator, 'code' | 'children'>;

export type IndicatorPatch = Partial<IndicatorFields> & { code?: string };

export interface Plan {
  action: string;
  /** The edit in words, for messages and the undo button: 新增指标“3.1 宣传阵地”. */
  label: string;
  message: string;
  subjectId: number;
  /** The subject's code after the edit (null after a delete). */
  code: string | null;
  after: IndicatorRows;
}

const FIELD_LABELS: Record<keyof IndicatorPatch, string> = {
  title: '名称',
  code: '编号',
  requirement: '要求',
  score: '分值',
  basis: '方法/依据',
  department: '责任单位',
  target: '目标',
};

export const label = (verb: string, r: { code: string; title: string }) => `${verb}指标“${r.code} ${r.title}”`;

const bad = (message: string) => new TaizhangError('BAD_INPUT', message);

function copy(rows: IndicatorRows): IndicatorRows {
  return new Map([...rows].map(([id, r]) => [id, { ...r }]));
}

function byCode(rows: IndicatorRows, code: string): StoredIndicatorRow {
  const c = code.trim();
  for (const r of rows.values()) if (r.code === c) return r;
  throw new TaizhangError('NOT_FOUND', `找不到编号为 ${c} 的指标，请刷新后重新选择（命令行可用 indicators list 查看编号）。`);
}

function children(rows: IndicatorRows, parentId: number | null, except?: number): StoredIndicatorRow[] {
  return [...rows.values()]
    .filter((r) => r.parent_id === parentId && r.id !== except)
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

/** The row and everything below it. */
function subtree(rows: IndicatorRows, id: number): StoredIndicatorRow[] {
  const out = [rows.get(id)!];
  for (let i = 0; i < out.length; i++) out.push(...children(rows, out[i].id));
  return out;
}

/** Puts `row` at `position` (0-based; past the end: last) among its new siblings, numbering them 0…n-1. */
function place(rows: IndicatorRows, row: StoredIndicatorRow, parentId: number | null, position: number | undefined): void {
  const list = children(rows, parentId, row.id);
  const at = position == null ? list.length : Math.max(0, Math.min(position, list.length));
  list.splice(at, 0, row);
  row.parent_id = parentId;
  list.forEach((r, i) => (r.position = i));
}

function renumberSiblings(rows: IndicatorRows, parentId: number | null): void {
  children(rows, parentId).forEach((r, i) => (r.position = i));
}

function checkCode(rows: IndicatorRows, code: string, exceptIds: Set<number> = new Set()): string {
  const c = code.trim();
  // ~ starts the temporary codes of a merge or an edit in progress.
  if (!c || c.startsWith('~') || c.length > 64) throw bad(`编号“${c}”不能使用：编号不能为空、不能以 ~ 开头、不超过 64 个字。`);
  for (const r of rows.values()) {
    if (r.code === c && !exceptIds.has(r.id)) throw bad(`编号 ${c} 已被指标“${r.title}”使用，请换一个编号。`);
  }
  return c;
}

function checkTitle(title: string): string {
  const t = title.trim();
  if (!t) throw bad('指标名称不能为空。');
  return t;
}

/** The separator a derived child code uses after its parent's (1.2 → 1.2.1, Ⅱ → Ⅱ-1), as xlsx-import's childCode. */
const SEPARATORS = ['.', '-'];

/** The first free code under a parent: 1.2 → 1.2.4 when it has three children. */
function nextChildCode(rows: IndicatorRows, parent: StoredIndicatorRow | null): string {
  const sep = parent && /[-ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]/.test(parent.code) && !parent.code.includes('.') ? '-' : '.';
  const taken = new Set([...rows.values()].map((r) => r.code));
  for (let n = children(rows, parent?.id ?? null).length + 1; ; n++) {
    const code = parent ? `${parent.code}${sep}${n}` : String(n);
    if (!taken.has(code)) return code;
  }
}

// Only count and unit are stored; cadence and the like are read again from the text (effectiveTarget).
const sameTarget = (a: Target | null | undefined, b: Target | null | undefined) => (a?.count ?? null) === (b?.count ?? null) && (a?.unit ?? null) === (b?.unit ?? null);

function currentTarget(r: StoredIndicatorRow): Target | null {
  return r.target_count != null && r.target_unit != null ? { count: Number(r.target_count), unit: String(r.target_unit) } : null;
}

/** `minId`: the new row's id is above it (ids the change log still speaks of are not reused). */
export function planAdd(rows: IndicatorRows, f: IndicatorFields & { parent?: string | null; position?: number; code?: string }, minId = 0): Plan {
  const after = copy(rows);
  const parent = f.parent == null || f.parent === '' ? null : byCode(after, f.parent);
  const code = f.code != null && f.code.trim() ? checkCode(after, f.code) : nextChildCode(after, parent);
  const requirement = (f.requirement ?? '').trim();
  const row: StoredIndicatorRow = {
    // The next id, as SQLite would give it; chosen here so that undo and the log can name it.
    id: Math.max(minId, ...rows.keys()) + 1,
    parent_id: parent?.id ?? null,
    code,
    title: checkTitle(f.title),
    requirement,
    score: f.score ?? null,
    basis: (f.basis ?? '').trim(),
    department: (f.department ?? '').trim(),
    ...targetColumns(f.target !== undefined ? f.target : parseTarget(requirement)),
    level: parent ? parent.level + 1 : 1,
    position: 0,
    removed: 0,
  };
  after.set(row.id, row);
  place(after, row, row.parent_id, f.position);
  const l = label('新增', row);
  return { action: 'indicator.add', label: l, message: `已${l}。`, subjectId: row.id, code, after };
}

export function planUpdate(rows: IndicatorRows, code: string, patch: IndicatorPatch): Plan {
  const after = copy(rows);
  const row = byCode(after, code);
  const old = rows.get(row.id)!;
  const changed: string[] = [];
  let note = '';
  if (patch.title !== undefined) row.title = checkTitle(patch.title);
  if (patch.requirement !== undefined) row.requirement = patch.requirement.trim();
  if (patch.score !== undefined) row.score = patch.score;
  if (patch.basis !== undefined) row.basis = patch.basis.trim();
  if (patch.department !== undefined) row.department = patch.department.trim();
  if (patch.target !== undefined) Object.assign(row, targetColumns(patch.target));
  else if (patch.requirement !== undefined) {
    // A target read from the old text follows the new text; one the clerk set by hand stays.
    const was = currentTarget(old);
    if (sameTarget(was, parseTarget(String(old.requirement ?? '')))) Object.assign(row, targetColumns(parseTarget(row.requirement as string)));
  }
  if (patch.code !== undefined && patch.code.trim() !== old.code) {
    const to = patch.code.trim();
    // Children whose codes were made from this one (1.2.3 under 1.2) follow: 1.5.3 under 1.5.
    const below = subtree(after, row.id).slice(1).filter((r) => SEPARATORS.some((s) => r.code.startsWith(old.code + s)));
    const moving = new Set([row.id, ...below.map((r) => r.id)]);
    row.code = checkCode(after, to, moving);
    for (const r of below) r.code = checkCode(after, to + r.code.slice(old.code.length), moving);
    // Each new code also against the other new ones (1.2 → 1.2.1 would meet its own child 1.2.1).
    const codes = [row, ...below].map((r) => r.code);
    const clash = codes.find((c, i) => codes.indexOf(c) !== i);
    if (clash) throw bad(`改为 ${to} 后，编号 ${clash} 会重复，请换一个编号。`);
    if (below.length) note = `（${below.length} 个下级指标的编号随之改变）`;
  }
  for (const k of Object.keys(FIELD_LABELS) as (keyof IndicatorPatch)[]) {
    const cols = k === 'target' ? ['target_count', 'target_unit'] : [k];
    if (cols.some((c) => (old[c] ?? null) !== (row[c] ?? null))) changed.push(FIELD_LABELS[k]);
  }
  const l = label('修改', { code: old.code, title: old.title });
  const what = changed.length ? `：${changed.join('、')}` : '';
  const renumbered = old.code !== row.code ? `，编号 ${old.code} → ${row.code}${note}` : '';
  return { action: 'indicator.update', label: l, message: `已${l}${what}${renumbered}。`, subjectId: row.id, code: row.code, after };
}

export function planMove(rows: IndicatorRows, code: string, parentCode: string | null, position: number | undefined): Plan {
  const after = copy(rows);
  const row = byCode(after, code);
  const old = rows.get(row.id)!;
  const parent = parentCode == null || parentCode === '' ? null : byCode(after, parentCode);
  const tree = subtree(after, row.id);
  if (parent && tree.some((r) => r.id === parent.id)) {
    throw bad(parent.id === row.id ? `不能把指标“${row.code} ${row.title}”移到它自己之下。` : `不能把指标“${row.code} ${row.title}”移到它自己的下级指标“${parent.code} ${parent.title}”之下。`);
  }
  const shift = (parent ? parent.level + 1 : 1) - row.level;
  for (const r of tree) r.level += shift;
  place(after, row, parent?.id ?? null, position);
  if (old.parent_id !== row.parent_id) renumberSiblings(after, old.parent_id);
  const l = label('移动', row);
  const where = parent ? `“${parent.code} ${parent.title}”下第 ${row.position + 1} 位` : `第一级第 ${row.position + 1} 位`;
  return { action: 'indicator.move', label: l, message: `已把指标“${row.code} ${row.title}”移到${where}。`, subjectId: row.id, code: row.code, after };
}

/** The subtree goes; whether evidence is linked is checked by the caller, which can read links. */
export function planDelete(rows: IndicatorRows, code: string): Plan {
  const after = copy(rows);
  const row = byCode(after, code);
  const tree = subtree(after, row.id);
  for (const r of tree) after.delete(r.id);
  renumberSiblings(after, row.parent_id);
  const l = label('删除', row);
  const below = tree.length > 1 ? `及其下 ${tree.length - 1} 个下级指标` : '';
  return { action: 'indicator.delete', label: l, message: `已${l}${below}。`, subjectId: row.id, code: null, after };
}
