// What the clerk does to a selection of items at once: 归到指标 (move), 链接到指标, 移出指标, the
// same fields on all of them, 删除 (to the trash) and 还原. Each is one action (action.ts).
import { sql, type Queryable } from '../archive/db';
import { allIn, runIn } from './chunks';
import { linkItem, restoreItem, trashItem, unlinkItem, updateItem, type ItemPatch } from '../archive/items-repo';
import type { Archive } from '../archive/archive';
import { DEFAULT_ACTOR } from '../archive/change-log';
import { TaizhangError } from '../../shared/errors';
import { ITEM_KIND_LABELS, RETENTION_LABELS, type ItemKind, type Retention } from '../../shared/domain';
import { byTrash, distinct, indicatorByCode, needLive, runAction, type ItemsOutcome } from './action';

/** The fields a selection may share (shared/api.ts BULK_PATCH). */
export interface BulkPatch {
  kind?: ItemKind;
  date?: string | null;
  department?: string;
  responsible?: string;
  secrecy?: string;
  retention?: Retention | null;
}

const count = (n: number) => `${n} 件材料`;

async function codesOf(tx: Queryable, ids: number[]): Promise<Record<number, string[]>> {
  const out: Record<number, string[]> = {};
  const rows = await allIn<{ item_id: number; code: string }>(tx, ids, (l) => sql`SELECT l.item_id, n.code FROM links l
    JOIN indicators n ON n.id = l.indicator_id WHERE l.item_id IN (${l}) ORDER BY l.item_id, l.rowid`);
  for (const r of rows) (out[r.item_id] ??= []).push(r.code);
  return out;
}

/** 归到指标: each item's links replaced by this one; an item already there keeps its place in the list. */
export function moveItems(archive: Archive, idsIn: number[], code: string, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  return runAction(archive, actor, 'item.move', async (tx, scope) => {
    await needLive(tx, ids);
    const ind = await indicatorByCode(tx, code, { toFile: true });
    const before = await codesOf(tx, ids);
    const moved = ids.filter((id) => (before[id] ?? []).join() !== code);
    const message = moved.length
      ? `已将 ${count(moved.length)}归到${ind.name}。${moved.length < ids.length ? `另 ${ids.length - moved.length} 件原本就只在该指标下。` : ''}`
      : `所选材料原本就只在${ind.name}下，没有改动。`;
    if (!moved.length) return { ids, itemId: null, message, label: '', changed: false };
    await scope.touch(moved);
    await runIn(tx, moved, (l) => sql`DELETE FROM links WHERE item_id IN (${l}) AND indicator_id <> ${ind.id}`);
    for (const id of moved) await linkItem(tx, id, ind.id);
    return {
      ids,
      itemId: ids.length === 1 ? ids[0] : null,
      message,
      label: `归到指标${ind.name}（${count(moved.length)}）`,
      detail: { to: code, before: Object.fromEntries(moved.map((id) => [id, before[id] ?? []])) },
    };
  });
}

/** 链接到指标: a link added, the others kept (one item counted under several indicators). */
export function linkItems(archive: Archive, idsIn: number[], code: string, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  return runAction(archive, actor, 'item.link', async (tx, scope) => {
    await needLive(tx, ids);
    const ind = await indicatorByCode(tx, code, { toFile: true });
    const before = await codesOf(tx, ids);
    const adding = ids.filter((id) => !(before[id] ?? []).includes(code));
    if (!adding.length) return { ids, itemId: null, message: `所选材料已在${ind.name}下，没有改动。`, label: '', changed: false };
    await scope.touch(adding);
    for (const id of adding) await linkItem(tx, id, ind.id);
    const already = ids.length - adding.length;
    return {
      ids,
      itemId: ids.length === 1 ? ids[0] : null,
      message: `已将 ${count(adding.length)}同时链接到${ind.name}，原有的指标保留。${already ? `另 ${already} 件原本就在该指标下。` : ''}`,
      label: `链接到指标${ind.name}（${count(adding.length)}）`,
      detail: { indicator: code, added: adding },
    };
  });
}

/** 移出指标: the link removed; an item left with no link goes to 未归类. */
export function unlinkItems(archive: Archive, idsIn: number[], code: string, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  return runAction(archive, actor, 'item.unlink', async (tx, scope) => {
    await needLive(tx, ids);
    const ind = await indicatorByCode(tx, code);
    const before = await codesOf(tx, ids);
    const removing = ids.filter((id) => (before[id] ?? []).includes(code));
    if (!removing.length) return { ids, itemId: null, message: `所选材料不在${ind.name}下，没有改动。`, label: '', changed: false };
    await scope.touch(removing);
    for (const id of removing) await unlinkItem(tx, id, ind.id);
    const inbox = removing.filter((id) => (before[id] ?? []).length === 1).length;
    return {
      ids,
      itemId: ids.length === 1 ? ids[0] : null,
      message: `已将 ${count(removing.length)}移出${ind.name}。${inbox ? `其中 ${inbox} 件已不在任何指标下，转入“未归类”。` : ''}`,
      label: `移出指标${ind.name}（${count(removing.length)}）`,
      detail: { indicator: code, removed: removing },
    };
  });
}

const FIELD_WORDS: Record<keyof BulkPatch, string> = { kind: '类别', date: '日期', department: '责任部门', responsible: '责任者', secrecy: '密级', retention: '保管期限' };

function patchWords(p: BulkPatch): string {
  const shown = (k: keyof BulkPatch): string => {
    const v = p[k];
    if (v == null || v === '') return '（空）';
    if (k === 'kind') return ITEM_KIND_LABELS[v as ItemKind];
    if (k === 'retention') return RETENTION_LABELS[v as Retention];
    return String(v);
  };
  return (Object.keys(FIELD_WORDS) as (keyof BulkPatch)[])
    .filter((k) => p[k] !== undefined)
    .map((k) => `${FIELD_WORDS[k]}为“${shown(k)}”`)
    .join('、');
}

/** The same fields set on every item of the selection; fields left out keep each item's own value. */
export function updateItems(archive: Archive, idsIn: number[], patchIn: BulkPatch, actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  const patch = Object.fromEntries(Object.entries(patchIn).filter(([, v]) => v !== undefined)) as BulkPatch;
  if (!Object.keys(patch).length) throw new TaizhangError('BAD_INPUT', '请至少选择一项要修改的内容（类别、日期、责任部门、责任者、密级或保管期限）。');
  return runAction(archive, actor, 'item.update', async (tx, scope) => {
    await needLive(tx, ids);
    await scope.touch(ids);
    for (const id of ids) await updateItem(tx, id, patch as ItemPatch);
    const words = patchWords(patch);
    return {
      ids,
      itemId: ids.length === 1 ? ids[0] : null,
      message: `已将 ${count(ids.length)}的${words}。`,
      label: `修改 ${count(ids.length)}的${Object.keys(patch).map((k) => FIELD_WORDS[k as keyof BulkPatch]).join('、')}`,
      detail: { patch },
    };
  });
}

/** 删除: into the trash (回收站), where they can be restored until 彻底删除. */
export function trashItems(archive: Archive, idsIn: number[], actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  return runAction(archive, actor, 'item.trash', async (tx, scope) => {
    const { live } = await byTrash(tx, ids);
    if (!live.length) return { ids, itemId: null, message: '所选材料已在回收站中，没有改动。', label: '', changed: false };
    await scope.touch(live);
    for (const id of live) await trashItem(tx, id);
    return {
      ids,
      itemId: null,
      message: `已将 ${count(live.length)}移到回收站，可在回收站中还原。`,
      label: `删除 ${count(live.length)}`,
    };
  });
}

/** 还原: out of the trash, with the links they had. */
export function restoreItems(archive: Archive, idsIn: number[], actor = DEFAULT_ACTOR): Promise<ItemsOutcome> {
  const ids = distinct(idsIn);
  return runAction(archive, actor, 'item.restore', async (tx, scope) => {
    const { trashed } = await byTrash(tx, ids);
    if (!trashed.length) return { ids, itemId: null, message: '所选材料不在回收站中，没有改动。', label: '', changed: false };
    await scope.touch(trashed);
    for (const id of trashed) await restoreItem(tx, id);
    return {
      ids,
      itemId: ids.length === 1 ? ids[0] : null,
      message: `已还原 ${count(trashed.length)}。`,
      label: `还原 ${count(trashed.length)}`,
    };
  });
}
