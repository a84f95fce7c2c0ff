// What an item's text suggests: its fields (日期, 文号, 责任者, 题名, 参与人数) and where to file it.
// Suggestions are offered, never written on their own: one click takes one (items.update), and
// 接受建议 on a selection fills only the fields that are still empty — what the clerk typed stays.
import { sql, type Queryable } from '../archive/db';
import { allIn } from '../archive/chunks';
import { listIndicators } from '../archive/indicators-repo';
import { listItems, updateItem, type ItemPatch } from '../archive/items-repo';
import type { Archive } from '../archive/archive';
import { runAction, type ItemsOutcome } from '../items/action';
import type { Item, ItemKind } from '../../shared/domain';
import { TaizhangError } from '../../shared/errors';
import { STOPGAP_KINDS, SUGGESTION_LABELS, isFillable, type FieldSuggestion, type FilingSuggestion, type ItemSuggestions, type SuggestionField } from '../../shared/text-types';
import { READABLE, pageTextsOf } from './page-store';
import { suggestFields } from './suggest-fields';
import { FilingIndex } from './filing';

/** How much of an item's text the filing ranking reads: the first pages say what a document is. */
const FILING_TEXT_CHARS = 3000;

function currentOf(item: Item, field: SuggestionField): string | number | null {
  switch (field) {
    case 'date':
      return item.date;
    case 'docNumber':
      return item.docNumber;
    case 'responsible':
      return item.responsible;
    case 'title':
      return item.title;
    case 'participants':
      return item.participants;
    case 'kind':
      return item.kind;
  }
}

/** Which of these items still have a file waiting to be read (marked, or readable and not yet looked at by the reader). */
export async function itemsReading(db: Queryable, ids: number[]): Promise<Set<number>> {
  const rows = await allIn<{ item_id: number }>(db, ids, (l) => sql`SELECT DISTINCT f.item_id FROM files f JOIN blobs b ON b.sha256 = f.sha256
    WHERE f.item_id IN (${l}) AND (b.text_state = 'pending'
      OR (b.text_state IS NULL AND b.sha256 IN (SELECT sha256 FROM blobs WHERE ${READABLE})))`);
  return new Set(rows.map((r) => r.item_id));
}

/** Whether the clerk (or the document) has already set this field: bulk acceptance leaves it. */
function isFilled(item: Item, field: SuggestionField): boolean {
  return !isFillable(item, field, currentOf(item, field));
}

async function signedOf(db: Queryable, itemId: number): Promise<number | null> {
  const r = await db.get<{ signed: number | null }>(sql`SELECT sum(b.signed_rows) AS signed FROM files f JOIN blobs b ON b.sha256 = f.sha256
    WHERE f.item_id = ${itemId} AND b.signed_rows IS NOT NULL`);
  return r?.signed ?? null;
}

/** The fields the item's read text suggests, with what the item has now. */
export async function fieldSuggestions(db: Queryable, item: Item): Promise<{ fields: FieldSuggestion[]; signed: number | null }> {
  const pages = await pageTextsOf(db, [...new Set(item.files.map((f) => f.sha256))]);
  const sources = item.files.filter((f) => pages.has(f.sha256)).map((f) => ({ name: f.name, role: f.role, pages: pages.get(f.sha256)! }));
  const found = sources.length ? suggestFields(sources, item.kind).filter((s) => s.field !== 'participants') : [];
  const signed = await signedOf(db, item.id);
  if (signed != null && signed > 0) {
    const sheet = item.files.find((f) => f.role === 'signin') ?? item.files[0];
    found.push({ field: 'participants', value: signed, from: sheet ? `${sheet.name}（签到表）` : '签到表', evidence: `签到表上 ${signed} 人签名` });
  }
  // A document read from a file the app filed as a photo or 其他 (a notice photographed with a
  // phone): 文件, so it is not counted as an occasion of a meeting or training.
  const issued = found.find((s) => s.field === 'docNumber');
  if (issued && STOPGAP_KINDS.includes(item.kind)) found.push({ field: 'kind', value: 'document', from: issued.from, evidence: `文号 ${issued.evidence}` });
  return { fields: found.map((s) => ({ ...s, current: currentOf(item, s.field) })), signed };
}

/**
 * Ranks the lowest-level indicators for items by their title and text; built once per call
 * (the indicators change rarely, a few milliseconds for 150 of them).
 */
export class FilingRanker {
  private constructor(private readonly index: FilingIndex) {}

  static async of(db: Queryable): Promise<FilingRanker> {
    return new FilingRanker(FilingIndex.ofTree(await listIndicators(db)));
  }

  /** Suggestions for each item: its title, and the text of its files (the first few pages). */
  async rank(db: Queryable, items: { id: number; title: string }[], limit = 3): Promise<Map<number, FilingSuggestion[]>> {
    const texts = new Map<number, string>();
    const rows = await allIn<{ item_id: number; text: string }>(db, items.map((i) => i.id), (l) => sql`
      SELECT f.item_id, substr(b.text, 1, ${FILING_TEXT_CHARS}) AS text FROM files f JOIN blobs b ON b.sha256 = f.sha256
      WHERE f.item_id IN (${l}) AND b.text IS NOT NULL ORDER BY f.item_id, f.position`);
    for (const r of rows) {
      const had = texts.get(r.item_id) ?? '';
      if (had.length < FILING_TEXT_CHARS) texts.set(r.item_id, `${had}\n${r.text}`.slice(0, FILING_TEXT_CHARS));
    }
    const out = new Map<number, FilingSuggestion[]>();
    for (const i of items) out.set(i.id, this.index.rank(i.title, texts.get(i.id) ?? '', limit));
    return out;
  }
}

/** Filing suggestions for the items not filed yet (no indicator, not in the trash), by item id. */
export async function filingForUnfiled(
  db: Queryable,
  items: { id: number; title: string; indicators: string[]; deletedAt: string | null }[],
): Promise<Map<number, FilingSuggestion[]>> {
  const open = items.filter((i) => i.indicators.length === 0 && i.deletedAt == null);
  return (await FilingRanker.of(db)).rank(db, open);
}

export async function itemSuggestions(db: Queryable, item: Item): Promise<ItemSuggestions> {
  const { fields, signed } = await fieldSuggestions(db, item);
  const ranker = await FilingRanker.of(db);
  const filing = (await ranker.rank(db, [item])).get(item.id) ?? [];
  return { itemId: item.id, fields, filing, signed };
}

function patchOf(s: FieldSuggestion): ItemPatch {
  switch (s.field) {
    case 'date':
      return { date: String(s.value) };
    case 'docNumber':
      return { docNumber: String(s.value) };
    case 'responsible':
      return { responsible: String(s.value) };
    case 'title':
      return { title: String(s.value), titleSupplied: false };
    case 'participants':
      return { participants: Number(s.value) };
    case 'kind':
      return { kind: s.value as ItemKind };
  }
}

/**
 * 接受建议 for a selection: each item's suggestions written into its empty fields (only `fields`
 * when given). One action: one change-log entry, one undo.
 */
export async function acceptSuggestions(
  archive: Archive,
  ids: number[],
  fields: SuggestionField[] | undefined,
  actor: string,
): Promise<ItemsOutcome & { filled: number; kept: number }> {
  const items = await listItems(archive.db, { ids });
  const missing = ids.filter((id) => !items.some((i) => i.id === id));
  if (missing.length) throw new TaizhangError('NOT_FOUND', `找不到第 ${missing.join('、')} 号材料（可能已删除），请刷新后重试。`);
  const plans: { id: number; patch: ItemPatch; n: number }[] = [];
  let kept = 0;
  for (const item of items) {
    const { fields: found } = await fieldSuggestions(archive.db, item);
    let patch: ItemPatch = {};
    let n = 0;
    for (const s of found) {
      if (fields && !fields.includes(s.field)) continue;
      if (s.current === s.value) continue;
      if (isFilled(item, s.field)) {
        kept++;
        continue;
      }
      patch = { ...patch, ...patchOf(s) };
      n++;
    }
    if (n) plans.push({ id: item.id, patch, n });
  }
  const filled = plans.reduce((a, p) => a + p.n, 0);
  const waiting = filled || kept ? 0 : (await itemsReading(archive.db, ids)).size;
  const what = fields ? fields.map((f) => SUGGESTION_LABELS[f]).join('、') : '识别建议';
  const outcome = await runAction(archive, actor, 'items.acceptSuggestions', async (tx, scope) => {
    await scope.touch(plans.map((p) => p.id));
    for (const p of plans) await updateItem(tx, p.id, p.patch);
    const message = filled
      ? `已为 ${plans.length} 件材料填入 ${filled} 项${what}${kept ? `；另有 ${kept} 项已填写，保留原内容` : ''}。`
      : kept
        ? `没有可填入的建议：${kept} 项已填写，保留原内容。`
        : waiting
          ? `这些材料没有可用的识别建议：其中 ${waiting} 件的文件还在等待文字识别。`
          : '这些材料的文字中没有读到日期、文号、责任者或题名。';
    return { ids: plans.map((p) => p.id), itemId: plans.length === 1 ? plans[0].id : null, message, label: `接受建议（${plans.length} 件）`, changed: plans.length > 0 };
  });
  return { ...outcome, filled, kept };
}
