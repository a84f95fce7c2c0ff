// The indicator tree in the database: listing it, and merging a (re-)imported table into it
// without ever dropping evidence.
import { sql, sqlJoin, sqlList, trustedSql, type Queryable, type SqlValue } from './db';
import { nameKey } from '../../shared/names';
import type { Indicator, Target } from '../../shared/domain';
import type { IndicatorDraft, IndicatorMergeReport } from '../../shared/indicator-types';

interface IndicatorRow {
  id: number;
  parent_id: number | null;
  code: string;
  title: string;
  requirement: string;
  score: number | null;
  basis: string;
  department: string;
  target_count: number | null;
  target_unit: string | null;
  level: number;
  position: number;
  removed: number;
}

function toIndicator(r: IndicatorRow): Indicator {
  return {
    id: r.id,
    parentId: r.parent_id,
    code: r.code,
    title: r.title,
    requirement: r.requirement,
    score: r.score,
    basis: r.basis,
    department: r.department,
    target: r.target_count != null && r.target_unit != null ? { count: r.target_count, unit: r.target_unit } : null,
    level: r.level,
    position: r.position,
    removed: r.removed === 1,
  };
}

/** All indicators in tree order (depth first, by position). */
export async function listIndicators(db: Queryable): Promise<Indicator[]> {
  const rows = (await db.all<IndicatorRow>(sql`SELECT * FROM indicators`)).map(toIndicator);
  return treeOrder(rows);
}

export function treeOrder<T extends { id: number; parentId: number | null; position: number }>(rows: T[]): T[] {
  const byParent = new Map<number | null, T[]>();
  for (const r of rows) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const out: T[] = [];
  const visit = (parent: number | null) => {
    for (const r of (byParent.get(parent) ?? []).sort((a, b) => a.position - b.position || a.id - b.id)) {
      out.push(r);
      visit(r.id);
    }
  };
  visit(null);
  return out;
}

export async function findIndicator(db: Queryable, code: string): Promise<Indicator | undefined> {
  const r = await db.get<IndicatorRow>(sql`SELECT * FROM indicators WHERE code = ${code}`);
  return r && toIndicator(r);
}

function sameContent(r: IndicatorRow, d: IndicatorDraft, parentId: number | null, position: number): boolean {
  return (
    r.code === d.code &&
    r.title === d.title &&
    r.requirement === d.requirement &&
    r.score === d.score &&
    r.basis === d.basis &&
    r.department === d.department &&
    (r.target_count ?? null) === (d.target?.count ?? null) &&
    (r.target_unit ?? null) === (d.target?.unit ?? null) &&
    r.level === d.level &&
    r.parent_id === parentId &&
    r.position === position &&
    r.removed === 0
  );
}

/**
 * Stores drafts (in tree order) as the archive's indicator system. Existing indicators are matched
 * by code, then by title, and updated in place so their links survive; indicators no longer in the
 * table are deleted when nothing is linked to them and kept (flagged removed) when evidence is.
 * Run inside a transaction.
 */
export async function mergeIndicators(tx: Queryable, drafts: IndicatorDraft[]): Promise<IndicatorMergeReport> {
  const existing = await tx.all<IndicatorRow>(sql`SELECT * FROM indicators`);
  const matched = new Map<IndicatorDraft, IndicatorRow>();
  const used = new Set<number>();
  const take = (d: IndicatorDraft, r: IndicatorRow | undefined) => {
    if (!r || used.has(r.id) || matched.has(d)) return;
    matched.set(d, r);
    used.add(r.id);
  };
  // Codes made by position shift when a row is inserted, so an unchanged title is the surer
  // sign of the same indicator: same code and title first, then the title, then the code alone
  // (a renamed indicator in its old place).
  const byCode = new Map(existing.map((r) => [r.code, r]));
  for (const d of drafts) {
    const r = byCode.get(d.code);
    if (r && nameKey(r.title) === nameKey(d.title)) take(d, r);
  }
  for (const d of drafts) {
    if (matched.has(d)) continue;
    const key = nameKey(d.title);
    const candidates = existing.filter((r) => !used.has(r.id) && nameKey(r.title) === key);
    take(d, candidates.find((c) => c.level === d.level) ?? candidates[0]);
  }
  for (const d of drafts) {
    const r = byCode.get(d.code);
    if (!matched.has(d) && r && !used.has(r.id)) take(d, r);
  }
  // Renamed and renumbered by the clerk (main/indicators/edit.ts): neither is the table's any
  // more, but the change log remembers the codes and titles the indicator had.
  if (drafts.some((d) => !matched.has(d))) {
    const history = await editHistory(tx);
    for (const d of drafts) {
      if (matched.has(d)) continue;
      const key = nameKey(d.title);
      const had = (r: IndicatorRow) => history.get(r.id) ?? { codes: new Set<string>(), titles: new Set<string>() };
      const candidates = existing.filter((r) => !used.has(r.id) && (had(r).codes.has(d.code) || had(r).titles.has(key)));
      take(d, candidates.find((r) => had(r).codes.has(d.code) && had(r).titles.has(key)) ?? candidates[0]);
    }
  }

  // Codes move between rows (an inserted row shifts them), and code is UNIQUE: park every
  // existing row on a temporary code first; each gets its final one below.
  for (const r of existing) await tx.run(sql`UPDATE indicators SET code = ${`~${r.id}`} WHERE id = ${r.id}`);

  const report: IndicatorMergeReport = { added: 0, updated: 0, unchanged: 0, renamed: [], keptWithEvidence: [], deleted: 0, deletedIndicators: [] };
  const idByCode = new Map<string, number>();
  const siblingCount = new Map<string | null, number>();
  for (const d of drafts) {
    const parentId = d.parentCode == null ? null : (idByCode.get(d.parentCode) ?? null);
    const position = siblingCount.get(d.parentCode) ?? 0;
    siblingCount.set(d.parentCode, position + 1);
    const r = matched.get(d);
    const t = d.target;
    if (r) {
      if (sameContent(r, d, parentId, position)) {
        await tx.run(sql`UPDATE indicators SET code = ${d.code} WHERE id = ${r.id}`);
        report.unchanged++;
      } else {
        await tx.run(sql`UPDATE indicators SET parent_id = ${parentId}, code = ${d.code}, title = ${d.title},
          requirement = ${d.requirement}, score = ${d.score}, basis = ${d.basis}, department = ${d.department},
          target_count = ${t?.count ?? null}, target_unit = ${t?.unit ?? null}, level = ${d.level},
          position = ${position}, removed = 0 WHERE id = ${r.id}`);
        report.updated++;
        if (nameKey(r.title) !== nameKey(d.title)) report.renamed.push({ code: d.code, from: r.title, to: d.title });
      }
      idByCode.set(d.code, r.id);
    } else {
      const res = await tx.run(sql`INSERT INTO indicators (parent_id, code, title, requirement, score, basis, department,
          target_count, target_unit, level, position)
        VALUES (${parentId}, ${d.code}, ${d.title}, ${d.requirement}, ${d.score}, ${d.basis}, ${d.department},
          ${t?.count ?? null}, ${t?.unit ?? null}, ${d.level}, ${position})`);
      idByCode.set(d.code, res.lastID);
      report.added++;
    }
  }

  // What is left: keep whatever has evidence (and its ancestors, so the tree stays whole).
  const leftover = existing.filter((r) => !used.has(r.id));
  if (leftover.length === 0) return report;
  const linkCounts = new Map(
    (await tx.all<{ indicator_id: number; n: number }>(sql`SELECT indicator_id, count(*) AS n FROM links GROUP BY indicator_id`)).map(
      (r) => [r.indicator_id, r.n],
    ),
  );
  const rowById = new Map(existing.map((r) => [r.id, r]));
  const keep = new Set<number>();
  for (const r of leftover) {
    if (!linkCounts.get(r.id)) continue;
    for (let cur: IndicatorRow | undefined = r; cur && !used.has(cur.id); cur = rowById.get(cur.parent_id ?? -1)) keep.add(cur.id);
  }
  for (const r of leftover) {
    if (keep.has(r.id)) {
      // Its old code may now belong to a new indicator; then it is marked in its code.
      let code = r.code;
      for (let n = 1; idByCode.has(code); n++) code = `${r.code}（已删除${n > 1 ? n : ''}）`;
      idByCode.set(code, r.id);
      await tx.run(sql`UPDATE indicators SET removed = 1, code = ${code} WHERE id = ${r.id}`);
      if (linkCounts.get(r.id)) report.keptWithEvidence.push({ code, title: r.title, items: linkCounts.get(r.id)! });
    }
  }
  // Deepest first, so no parent is deleted while a child still points at it.
  for (const r of leftover.filter((r) => !keep.has(r.id)).sort((a, b) => b.level - a.level)) {
    await tx.run(sql`UPDATE indicators SET parent_id = NULL WHERE parent_id = ${r.id} AND removed = 1`);
    await tx.run(sql`DELETE FROM indicators WHERE id = ${r.id}`);
    report.deleted++;
    report.deletedIndicators.push({ code: r.code, title: r.title });
  }
  return report;
}

/**
 * The highest indicator id the change log mentions: a new indicator takes an id above it, so the
 * history of a deleted indicator never becomes the history of a new one (see editHistory).
 */
export async function highestLoggedIndicatorId(q: Queryable): Promise<number> {
  let max = 0;
  const rows = await q.all<{ detail: string }>(sql`SELECT detail FROM change_log WHERE substr(action, 1, 10) = 'indicator.'`);
  const see = (v: unknown) => {
    const id = (v as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && id > max) max = id;
  };
  for (const r of rows) {
    try {
      const d = JSON.parse(r.detail) as { before?: unknown; after?: unknown; others?: { before?: unknown; after?: unknown }[] };
      for (const v of [d.before, d.after].flat()) see(v);
      for (const o of Array.isArray(d.others) ? d.others : []) [o?.before, o?.after].forEach(see);
    } catch {
      // Not JSON: no ids in it.
    }
  }
  return max;
}

/** Codes and titles (as nameKey) each indicator had before the clerk's edits, by id, from the change log. */
async function editHistory(tx: Queryable): Promise<Map<number, { codes: Set<string>; titles: Set<string> }>> {
  const out = new Map<number, { codes: Set<string>; titles: Set<string> }>();
  const rows = await tx.all<{ detail: string }>(sql`SELECT detail FROM change_log WHERE action IN ('indicator.update', 'indicator.move')`);
  const note = (v: unknown) => {
    const b = v as { id?: unknown; code?: unknown; title?: unknown } | null;
    if (!b || typeof b.id !== 'number') return;
    const h = out.get(b.id) ?? { codes: new Set<string>(), titles: new Set<string>() };
    if (typeof b.code === 'string') h.codes.add(b.code);
    if (typeof b.title === 'string') h.titles.add(nameKey(b.title));
    out.set(b.id, h);
  };
  for (const r of rows) {
    try {
      const d = JSON.parse(r.detail) as { before?: unknown; others?: { before?: unknown }[] };
      note(d.before);
      for (const o of Array.isArray(d.others) ? d.others : []) note(o?.before);
    } catch {
      // A row that is not JSON says nothing about codes.
    }
  }
  return out;
}

// ---- rows as stored, for the clerk's own edits (main/indicators/edit.ts) and their undo ----------

/**
 * One indicators row with every column, including any a later migration adds: an undo puts back
 * exactly what was there, so it must not know the columns by name.
 */
export type StoredIndicatorRow = Record<string, SqlValue> & {
  id: number;
  parent_id: number | null;
  code: string;
  title: string;
  level: number;
  position: number;
  removed: number;
};
export type IndicatorRows = Map<number, StoredIndicatorRow>;

export async function indicatorRows(q: Queryable): Promise<IndicatorRows> {
  const rows = await q.all<StoredIndicatorRow>(sql`SELECT * FROM indicators`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The Indicator of a stored row. */
export function rowIndicator(r: StoredIndicatorRow): Indicator {
  return toIndicator(r as unknown as IndicatorRow);
}

/** The columns a target is stored in; the one place that knows it. */
export function targetColumns(t: Target | null): Record<string, SqlValue> {
  return { target_count: t?.count ?? null, target_unit: t?.unit ?? null };
}

/** Items linked to these indicators (each counted once), and how many of them are in the trash. */
export async function linkedItemCount(q: Queryable, indicatorIds: number[]): Promise<{ items: number; trashed: number }> {
  const r = await q.get<{ items: number; trashed: number }>(sql`SELECT count(DISTINCT l.item_id) AS items,
    count(DISTINCT CASE WHEN i.deleted_at IS NOT NULL THEN l.item_id END) AS trashed
    FROM links l JOIN items i ON i.id = l.item_id WHERE l.indicator_id IN (${sqlList(indicatorIds)})`);
  return { items: r?.items ?? 0, trashed: r?.trashed ?? 0 };
}

const COLUMN = /^[a-z_][a-z0-9_]*$/;
const column = (name: string) => {
  // Names come from the rows SQLite returned, never from the clerk; checked all the same.
  if (!COLUMN.test(name)) throw new Error(`bad column name ${name}`);
  return trustedSql(name);
};

export function sameRow(a: StoredIndicatorRow | undefined, b: StoredIndicatorRow | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? null) !== (b[k] ?? null)) return false;
  return true;
}

/** Depth of each row from its parent chain (not the level column, which an edit may be changing). */
function depths(rows: IndicatorRows): Map<number, number> {
  const out = new Map<number, number>();
  const depth = (id: number, seen = 0): number => {
    const known = out.get(id);
    if (known != null) return known;
    const parent = rows.get(id)?.parent_id;
    const d = parent == null || seen > 64 || !rows.has(parent) ? 1 : depth(parent, seen + 1) + 1;
    out.set(id, d);
    return d;
  };
  for (const id of rows.keys()) depth(id);
  return out;
}

/**
 * Makes the table go from `before` (what it holds now) to `after`: inserts rows with their own
 * ids (an undone delete comes back as it was), updates changed rows, deletes missing ones.
 * Codes are UNIQUE and may be swapping between rows, so changed codes are parked first. Parents
 * are inserted before children and children deleted before parents (parent_id is RESTRICT).
 * Run inside a transaction.
 */
export async function writeIndicatorRows(tx: Queryable, before: IndicatorRows, after: IndicatorRows): Promise<void> {
  const added = [...after.values()].filter((r) => !before.has(r.id));
  const gone = [...before.values()].filter((r) => !after.has(r.id));
  const changed = [...after.values()].filter((r) => before.has(r.id) && !sameRow(before.get(r.id), r));
  for (const r of [...changed, ...gone]) {
    if (before.get(r.id)!.code !== after.get(r.id)?.code) await tx.run(sql`UPDATE indicators SET code = ${`~edit~${r.id}`} WHERE id = ${r.id}`);
  }
  const afterDepth = depths(after);
  for (const r of added.sort((a, b) => afterDepth.get(a.id)! - afterDepth.get(b.id)!)) {
    const cols = Object.keys(r);
    await tx.run(sql`INSERT INTO indicators (${sqlJoin(cols.map(column), ', ')}) VALUES (${sqlList(cols.map((c) => r[c] ?? null))})`);
  }
  for (const r of changed) {
    const old = before.get(r.id)!;
    const sets = Object.keys(r).filter((c) => c !== 'id' && (r[c] ?? null) !== (old[c] ?? null)).map((c) => sql`${column(c)} = ${r[c] ?? null}`);
    if (sets.length) await tx.run(sql`UPDATE indicators SET ${sqlJoin(sets, ', ')} WHERE id = ${r.id}`);
  }
  const beforeDepth = depths(before);
  for (const r of gone.sort((a, b) => beforeDepth.get(b.id)! - beforeDepth.get(a.id)!)) {
    await tx.run(sql`DELETE FROM indicators WHERE id = ${r.id}`);
  }
}
