// One action of the clerk on items or files (a move of 300 items, a merge, captions for 20
// photos): one transaction, one change-log row with a Chinese summary, and the rows it touched as
// they were before and after, for undo (undo.ts). The app and `taizhang` run the same actions.
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { sql, type Queryable } from '../archive/db';
import { allIn } from './chunks';
import { findIndicator } from '../archive/indicators-repo';
import type { Archive } from '../archive/archive';
import { TaizhangError } from '../../shared/errors';
import { captureState, type ItemsInverse, type ItemsState } from './undo';

export interface ItemsOutcome {
  /** The items the action changed, made or merged into, in the order given. */
  ids: number[];
  /** The item to show after it. */
  itemId: number | null;
  message: string;
  /** Null when nothing changed (nothing logged, nothing to undo). */
  inverse: ItemsInverse | null;
}

/** What an action's body tells the runner. */
export interface ActionScope {
  /** Records these items as they are now; call before changing them. */
  touch(ids: number[]): Promise<void>;
  /** An item the action made: undo removes it. */
  created(id: number): void;
}

export interface ActionResult {
  ids: number[];
  itemId: number | null;
  message: string;
  /** Undo's words for it: 归到指标“1.2 …”（300 件）. */
  label: string;
  /** What the change log keeps beside the message. */
  detail?: Record<string, unknown>;
  /** False when the action found nothing to change. */
  changed?: boolean;
}

export async function runAction(
  archive: Archive,
  actor: string,
  action: string,
  body: (tx: Queryable, scope: ActionScope) => Promise<ActionResult>,
): Promise<ItemsOutcome> {
  archive.assertWritable();
  return archive.db.transaction(async (tx) => {
    const touched: number[] = [];
    const seen = new Set<number>();
    const before: ItemsState = { items: [], links: [], files: [] };
    const created: number[] = [];
    const scope: ActionScope = {
      async touch(ids) {
        const fresh = [...new Set(ids)].filter((id) => !seen.has(id) && !created.includes(id));
        if (!fresh.length) return;
        for (const id of fresh) seen.add(id);
        touched.push(...fresh);
        const s = await captureState(tx, fresh);
        before.items.push(...s.items);
        before.links.push(...s.links);
        before.files.push(...s.files);
      },
      created(id) {
        created.push(id);
      },
    };
    const r = await body(tx, scope);
    if (r.changed === false) return { ids: r.ids, itemId: r.itemId, message: r.message, inverse: null };
    const after = await captureState(tx, [...touched, ...created]);
    const logId = await logChange(tx, {
      actor: actor || DEFAULT_ACTOR,
      action,
      subject: r.label,
      detail: { message: r.message, items: r.ids, ...r.detail },
    });
    return { ids: r.ids, itemId: r.itemId, message: r.message, inverse: { logId, label: r.label, touched, created, before, after } };
  });
}

/** The ids once each, in the order first given. */
export function distinct(ids: number[]): number[] {
  return [...new Set(ids)];
}

/** Which of these items are in the trash and which not; refuses an id that is no item, naming it. */
export async function byTrash(tx: Queryable, ids: number[]): Promise<{ live: number[]; trashed: number[] }> {
  const rows = await allIn<{ id: number; deleted_at: string | null }>(tx, ids, (l) => sql`SELECT id, deleted_at FROM items WHERE id IN (${l})`);
  const by = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !by.has(id));
  if (missing != null) throw new TaizhangError('NOT_FOUND', `找不到第 ${missing} 号材料，它可能已被彻底删除。请刷新列表后再试。`);
  return { live: ids.filter((id) => by.get(id)!.deleted_at == null), trashed: ids.filter((id) => by.get(id)!.deleted_at != null) };
}

/** Refuses unless every id is an item not in the trash; names the first that is not. */
export async function needLive(tx: Queryable, ids: number[]): Promise<void> {
  const { trashed } = await byTrash(tx, ids);
  if (trashed.length) throw new TaizhangError('BAD_INPUT', `第 ${trashed[0]} 号材料在回收站中，请先还原它再操作。`);
}

/**
 * An indicator by its code, with the words a message names it by (“1.2 召开工作推进会”). To file
 * evidence under (toFile), one dropped from the system by a re-import (kept only for what is
 * already linked to it) is refused; taking evidence out of it is not.
 */
export async function indicatorByCode(tx: Queryable, code: string, opts: { toFile?: boolean } = {}): Promise<{ id: number; name: string }> {
  const ind = await findIndicator(tx, code);
  if (!ind) throw new TaizhangError('NOT_FOUND', `找不到编号为 ${code} 的指标，它可能已随指标体系的更新被删除。请刷新后重新选择。`);
  const name = `“${ind.code} ${ind.title}”`;
  if (opts.toFile && ind.removed) throw new TaizhangError('BAD_INPUT', `指标${name}已不在现行的指标体系中（只为已挂的材料保留），不能再把材料归到它下面。请选择现行的指标。`);
  return { id: ind.id, name };
}

/** 《题名》 of an item, for messages. */
export async function itemTitle(tx: Queryable, id: number): Promise<string> {
  const r = await tx.get<{ title: string }>(sql`SELECT title FROM items WHERE id = ${id}`);
  return `《${r?.title ?? id}》`;
}

/** Where files are, by file id; refuses an unknown file, names it. */
export async function filesByIds(tx: Queryable, fileIds: number[]): Promise<Map<number, { id: number; item_id: number; name: string; position: number; deleted: boolean }>> {
  const out = new Map<number, { id: number; item_id: number; name: string; position: number; deleted: boolean }>();
  const rows = await allIn<{ id: number; item_id: number; name: string; position: number; deleted_at: string | null }>(
    tx,
    fileIds,
    (l) => sql`SELECT f.id, f.item_id, f.name, f.position, i.deleted_at FROM files f JOIN items i ON i.id = f.item_id WHERE f.id IN (${l})`,
  );
  for (const r of rows) out.set(r.id, { id: r.id, item_id: r.item_id, name: r.name, position: r.position, deleted: r.deleted_at != null });
  const missing = fileIds.find((id) => !out.has(id));
  if (missing != null) throw new TaizhangError('NOT_FOUND', `找不到第 ${missing} 号文件，它可能已被移除。请刷新后再试。`);
  const trashed = fileIds.find((id) => out.get(id)!.deleted);
  if (trashed != null) throw new TaizhangError('BAD_INPUT', `第 ${trashed} 号文件所在的材料在回收站中，请先还原它再操作。`);
  return out;
}

/** Numbers an item's files 0…n-1 in the order given (the order they print in). */
export async function renumberFiles(tx: Queryable, itemId: number, order?: number[]): Promise<void> {
  const ids = order ?? (await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${itemId} ORDER BY position, id`)).map((r) => r.id);
  for (const [i, id] of ids.entries()) await tx.run(sql`UPDATE files SET position = ${i} WHERE id = ${id} AND position <> ${i}`);
}
