// Undo of the clerk's actions on items and files. Every action (items/action.ts) records the rows
// of the items it touched — the items, their links, their files — as they were before and after
// it; undo writes the "before" rows back in one transaction and drops the items the action made.
// One mechanism for every action (move, merge, split, captions …), so no action needs its own
// inverse that could drift from what the action really did.
//
// An undo is refused when those rows are no longer as the action left them (edited since in
// another window, by `taizhang`, or purged from the trash): writing the old rows back would undo
// someone else's work too. The rows are read with SELECT *, so a column a later migration adds is
// captured and restored without touching this file.
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { sql, sqlJoin, sqlList, trustedSql, type Queryable, type Row } from '../archive/db';
import { allIn, reindexItems, runIn } from '../archive/chunks';
import { dropSearchRows } from '../archive/search';
import type { Archive } from '../archive/archive';
import { TaizhangError } from '../../shared/errors';

/** The rows of some items as they stood at one moment. */
export interface ItemsState {
  items: Row[];
  links: Row[];
  files: Row[];
}

/** What undoes one action. */
export interface ItemsInverse {
  /** The change-log row of the action. */
  logId: number;
  /** The action in words, e.g. 归到指标“1.2 召开工作推进会”（300 件）. */
  label: string;
  /** Items that existed before the action and were touched by it. */
  touched: number[];
  /** Items the action made (a split's new item): undo removes them. */
  created: number[];
  before: ItemsState;
  after: ItemsState;
}

/** An undo that no longer fits the archive: older ones will not fit either. */
export class StaleItemsUndoError extends TaizhangError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

export async function captureState(tx: Queryable, itemIds: number[]): Promise<ItemsState> {
  return {
    items: await allIn<Row>(tx, itemIds, (l) => sql`SELECT * FROM items WHERE id IN (${l}) ORDER BY id`),
    links: await allIn<Row>(tx, itemIds, (l) => sql`SELECT * FROM links WHERE item_id IN (${l}) ORDER BY item_id, indicator_id`),
    files: await allIn<Row>(tx, itemIds, (l) => sql`SELECT * FROM files WHERE item_id IN (${l}) ORDER BY id`),
  };
}

/**
 * The rows compared for staleness. A link's position is left out: another item split beside it
 * shifts it without changing what the action did, and undo writes the old position back anyway.
 */
function fingerprint(s: ItemsState): string {
  const key = (r: Row, skip: string[] = []) =>
    JSON.stringify(Object.keys(r).sort().filter((k) => !skip.includes(k)).map((k) => [k, r[k]]));
  return JSON.stringify({
    items: s.items.map((r) => key(r)).sort(),
    links: s.links.map((r) => key(r, ['position'])).sort(),
    files: s.files.map((r) => key(r)).sort(),
  });
}

/** Rows that differ between two states, by key: what each was before and after (undefined: absent). */
function changedRows(before: Row[], after: Row[], key: (r: Row) => string): { key: string; before?: Row; after?: Row }[] {
  const b = new Map(before.map((r) => [key(r), r]));
  const a = new Map(after.map((r) => [key(r), r]));
  const same = (x: Row, y: Row) => JSON.stringify(Object.entries(x).sort()) === JSON.stringify(Object.entries(y).sort());
  return [...new Set([...b.keys(), ...a.keys()])]
    .filter((k) => !b.has(k) || !a.has(k) || !same(b.get(k)!, a.get(k)!))
    .map((k) => ({ key: k, before: b.get(k), after: a.get(k) }));
}

/** Column names come from SQLite (SELECT *), never from the clerk; checked anyway before use as SQL text. */
function columns(r: Row): string[] {
  const cols = Object.keys(r);
  for (const c of cols) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`unexpected column name ${c}`);
  return cols;
}

async function insertRow(tx: Queryable, table: 'items' | 'links' | 'files', r: Row): Promise<void> {
  const cols = columns(r);
  await tx.run(sql`INSERT INTO ${trustedSql(table)} (${trustedSql(cols.join(', '))}) VALUES (${sqlList(cols.map((c) => r[c]))})`);
}

async function updateItemRow(tx: Queryable, r: Row): Promise<void> {
  const sets = columns(r)
    .filter((c) => c !== 'id')
    .map((c) => sql`${trustedSql(c)} = ${r[c]}`);
  await tx.run(sql`UPDATE items SET ${sqlJoin(sets, ', ')} WHERE id = ${r.id}`);
}

/** Reverts one action; throws StaleItemsUndoError when the rows changed since. */
export async function undoItemsAction(archive: Archive, inv: ItemsInverse, actor = DEFAULT_ACTOR): Promise<{ message: string; ids: number[] }> {
  archive.assertWritable();
  const all = [...inv.touched, ...inv.created];
  return archive.db.transaction(async (tx) => {
    const now = await captureState(tx, all);
    const stale = `材料在“${inv.label}”之后又被修改过（可能是另一个窗口、命令行，或已在回收站中彻底删除），不能撤销这一步。`;
    if (fingerprint(now) !== fingerprint(inv.after)) throw new StaleItemsUndoError(stale);
    // A file taken out of every item may have been purged since: its row cannot come back.
    const shas = [...new Set(inv.before.files.map((f) => String(f.sha256)))];
    const present = await allIn(tx, shas, (l) => sql`SELECT sha256 FROM blobs WHERE sha256 IN (${l})`);
    if (present.length !== shas.length) throw new StaleItemsUndoError(stale);
    // Nor can a link to an indicator deleted since.
    const indicatorIds = [...new Set(inv.before.links.map((l) => Number(l.indicator_id)))];
    const indicators = await allIn(tx, indicatorIds, (l) => sql`SELECT id FROM indicators WHERE id IN (${l})`);
    if (indicators.length !== indicatorIds.length) {
      throw new StaleItemsUndoError(`“${inv.label}”之前所在的指标已被删除，不能撤销这一步。`);
    }

    // Only rows that differ are written back (a move of 10,000 items changed their links, nothing else).
    const files = changedRows(inv.before.files, inv.after.files, (r) => String(r.id));
    // SQLite may give a removed file's id to the next file filed elsewhere: that row is not ours to replace.
    const mine = new Set(all);
    const fileIds = files.map((c) => Number(c.key));
    const holders = await allIn<{ item_id: number }>(tx, fileIds, (l) => sql`SELECT item_id FROM files WHERE id IN (${l})`);
    if (holders.some((h) => !mine.has(h.item_id))) throw new StaleItemsUndoError(stale);
    const links = changedRows(inv.before.links, inv.after.links, (r) => `${r.item_id}/${r.indicator_id}`);
    const items = changedRows(inv.before.items, inv.after.items, (r) => String(r.id));

    await runIn(tx, fileIds, (l) => sql`DELETE FROM files WHERE id IN (${l})`);
    for (const c of links.filter((x) => x.after)) await tx.run(sql`DELETE FROM links WHERE item_id = ${c.after!.item_id} AND indicator_id = ${c.after!.indicator_id}`);
    await dropSearchRows(tx, inv.created);
    await runIn(tx, inv.created, (l) => sql`DELETE FROM items WHERE id IN (${l})`);
    for (const c of items) if (c.before) await updateItemRow(tx, c.before);
    for (const c of files) if (c.before) await insertRow(tx, 'files', c.before);
    for (const c of links) if (c.before) await insertRow(tx, 'links', c.before);
    // Search rows hold the item's fields and its files' names, captions and text.
    const reindex = new Set<number>([...items.map((c) => Number(c.key)), ...files.flatMap((c) => [c.before, c.after]).filter((r): r is Row => !!r).map((r) => Number(r.item_id))]);
    await reindexItems(tx, inv.touched.filter((id) => reindex.has(id)));
    const message = `已撤销：${inv.label}。`;
    await logChange(tx, { actor: actor || DEFAULT_ACTOR, action: 'item.undo', subject: inv.label, detail: { message, undoes: inv.logId, items: inv.touched, removed: inv.created } });
    return { message, ids: inv.touched };
  });
}

const MAX_STEPS = 50;

/** This session's undo steps, newest last; the door clears it when the archive closes. */
export class ItemsUndoStack {
  private readonly steps: ItemsInverse[] = [];

  push(inv: ItemsInverse | null): void {
    if (!inv) return;
    this.steps.push(inv);
    // Each step holds the rows it touched (a move of 10,000 items is a few MB): the oldest go.
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
  }

  /** What 撤销 would revert next. */
  get label(): string | null {
    return this.steps[this.steps.length - 1]?.label ?? null;
  }

  clear(): void {
    this.steps.length = 0;
  }

  async undo(archive: Archive, actor: string): Promise<{ message: string; ids: number[] }> {
    const last = this.steps[this.steps.length - 1];
    if (!last) throw new TaizhangError('BAD_INPUT', '没有可以撤销的材料操作（只能撤销本次打开档案以来的操作）。');
    const r = await undoItemsAction(archive, last, actor).catch((e: unknown) => {
      // Changed since: this and every older step would write over that change.
      if (e instanceof StaleItemsUndoError) this.clear();
      throw e;
    });
    this.steps.pop();
    return r;
  }
}
