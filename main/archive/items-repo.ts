// Items (件), their files and their links to indicators.
import { sql, sqlList, type Queryable, type Sql } from './db';
import { blobRel, thumbRel } from './store';
import { reindexItem } from './search';
import { runIn } from './chunks';
import type { Caption, FileFacts, FileRole, FileType, Item, ItemKind, Retention, ReviewState, StoredFile, Submission } from '../../shared/domain';

export interface NewItem {
  kind: ItemKind;
  title: string;
  titleSupplied?: boolean;
  date: string | null;
  location?: string;
  responsible?: string;
  docNumber?: string;
  participants?: number | null;
  description?: string;
  department?: string;
  secrecy?: string;
  retention?: Retention | null;
  source?: string;
}

export interface NewFile {
  sha256: string;
  name: string;
  role: FileRole;
  source?: string;
  caption?: Partial<Caption>;
}

/** What is known of some stored bytes: probed facts, plus whether a thumbnail was cached. */
export interface BlobInfo extends FileFacts {
  sha256: string;
  size: number;
  hasThumb: boolean;
  /** Perceptual hash of an image (check/photo-hash.ts), when made at intake. */
  phash?: string | null;
}

/** Records what probing found of some bytes; the first probe of identical bytes wins. */
export async function upsertBlob(tx: Queryable, b: BlobInfo): Promise<void> {
  await tx.run(sql`INSERT INTO blobs (sha256, size, type, mime, pages, width, height, orientation, exif_time, encrypted,
      warning, has_thumb, text, stored_at, phash)
    VALUES (${b.sha256}, ${b.size}, ${b.type}, ${b.mime}, ${b.pages}, ${b.width}, ${b.height}, ${b.orientation},
      ${b.exifTime}, ${b.encrypted}, ${b.warning}, ${b.hasThumb}, ${b.text}, ${new Date().toISOString()}, ${b.phash ?? null})
    ON CONFLICT (sha256) DO NOTHING`);
}

export async function insertItem(tx: Queryable, item: NewItem, files: NewFile[], indicatorIds: number[]): Promise<number> {
  const res = await tx.run(sql`INSERT INTO items (kind, title, title_supplied, date, location, responsible, doc_number, participants,
      description, department, secrecy, retention, source, created_at)
    VALUES (${item.kind}, ${item.title}, ${item.titleSupplied ?? false}, ${item.date}, ${item.location ?? ''}, ${item.responsible ?? ''},
      ${item.docNumber ?? ''}, ${item.participants ?? null}, ${item.description ?? ''}, ${item.department ?? ''},
      ${item.secrecy ?? ''}, ${item.retention ?? null}, ${item.source ?? ''}, ${new Date().toISOString()})`);
  const itemId = res.lastID;
  let position = 0;
  for (const f of files) {
    const c = f.caption ?? {};
    await tx.run(sql`INSERT INTO files (item_id, sha256, name, role, position, source, caption_title, caption_time,
        caption_place, caption_people, caption_subject, caption_photographer)
      VALUES (${itemId}, ${f.sha256}, ${f.name}, ${f.role}, ${position++}, ${f.source ?? ''}, ${c.title ?? ''},
        ${c.time ?? ''}, ${c.place ?? ''}, ${c.people ?? ''}, ${c.subject ?? ''}, ${c.photographer ?? ''})`);
  }
  for (const indicatorId of indicatorIds) await linkItem(tx, itemId, indicatorId);
  await reindexItem(tx, itemId, { fresh: true });
  return itemId;
}

/** Appends the item to the indicator's list (the order gives the item number within it). */
export async function linkItem(tx: Queryable, itemId: number, indicatorId: number): Promise<void> {
  await tx.run(sql`INSERT INTO links (item_id, indicator_id, position)
    VALUES (${itemId}, ${indicatorId}, (SELECT coalesce(max(position), -1) + 1 FROM links WHERE indicator_id = ${indicatorId}))
    ON CONFLICT (item_id, indicator_id) DO NOTHING`);
}

export async function unlinkItem(tx: Queryable, itemId: number, indicatorId: number): Promise<void> {
  await tx.run(sql`DELETE FROM links WHERE item_id = ${itemId} AND indicator_id = ${indicatorId}`);
}

export async function setCaption(tx: Queryable, fileId: number, caption: Partial<Caption>): Promise<void> {
  const cur = await tx.get<FileRow>(sql`SELECT * FROM files WHERE id = ${fileId}`);
  if (!cur) return;
  const c = { ...captionOf(cur), ...caption };
  await tx.run(sql`UPDATE files SET caption_title = ${c.title}, caption_time = ${c.time}, caption_place = ${c.place},
    caption_people = ${c.people}, caption_subject = ${c.subject}, caption_photographer = ${c.photographer} WHERE id = ${fileId}`);
  await reindexItem(tx, cur.item_id);
}

export type ItemPatch = Partial<Omit<NewItem, 'source'>>;

/** Changes an item's metadata; fields left out keep their value. */
export async function updateItem(tx: Queryable, itemId: number, patch: ItemPatch): Promise<void> {
  const cur = await tx.get<ItemRow>(sql`SELECT * FROM items WHERE id = ${itemId}`);
  if (!cur) return;
  const v = {
    kind: patch.kind ?? cur.kind,
    title: patch.title ?? cur.title,
    titleSupplied: patch.titleSupplied ?? cur.title_supplied === 1,
    date: patch.date !== undefined ? patch.date : cur.date,
    location: patch.location ?? cur.location,
    responsible: patch.responsible ?? cur.responsible,
    docNumber: patch.docNumber ?? cur.doc_number,
    participants: patch.participants !== undefined ? patch.participants : cur.participants,
    description: patch.description ?? cur.description,
    department: patch.department ?? cur.department,
    secrecy: patch.secrecy ?? cur.secrecy,
    retention: patch.retention !== undefined ? patch.retention : cur.retention,
  };
  await tx.run(sql`UPDATE items SET kind = ${v.kind}, title = ${v.title}, title_supplied = ${v.titleSupplied}, date = ${v.date}, location = ${v.location},
    responsible = ${v.responsible}, doc_number = ${v.docNumber}, participants = ${v.participants},
    description = ${v.description}, department = ${v.department}, secrecy = ${v.secrecy}, retention = ${v.retention}
    WHERE id = ${itemId}`);
  await reindexItem(tx, itemId);
}

/** Moves items to the trash (回收站), or back out of it. */
export async function setTrashed(tx: Queryable, itemIds: number[], trashed: boolean): Promise<void> {
  const at = trashed ? new Date().toISOString() : null;
  await runIn(tx, itemIds, (l) => sql`UPDATE items SET deleted_at = ${at} WHERE id IN (${l})`);
}

interface ItemRow {
  id: number;
  kind: ItemKind;
  title: string;
  title_supplied: number;
  date: string | null;
  location: string;
  responsible: string;
  doc_number: string;
  participants: number | null;
  description: string;
  department: string;
  secrecy: string;
  retention: Retention | null;
  source: string;
  created_at: string;
  deleted_at: string | null;
  uid: string;
}

/** The columns of a submission, selected with SUBMISSION_COLUMNS. */
export interface SubmissionRow {
  submitted_name: string | null;
  submitted_at: string | null;
  version: number;
  review: ReviewState | null;
  review_reason: string;
  reviewed_at: string | null;
  reviewed_by: string;
}
/** What a query over `items i` selects for submissionOf. */
export const SUBMISSION_COLUMNS = sql`(SELECT d.name FROM departments d WHERE d.id = i.submitted_by) AS submitted_name,
  i.submitted_at, i.version, i.review, i.review_reason, i.reviewed_at, i.reviewed_by`;

/** Who submitted the item and what became of it; null for the 创建办's own. */
export function submissionOf(r: SubmissionRow): Submission | null {
  if (r.submitted_name == null) return null;
  return {
    department: r.submitted_name,
    at: r.submitted_at ?? '',
    version: r.version,
    review: r.review ?? 'pending',
    reason: r.review_reason,
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
  };
}

interface FileRow {
  id: number;
  item_id: number;
  sha256: string;
  name: string;
  role: FileRole;
  position: number;
  caption_title: string;
  caption_time: string;
  caption_place: string;
  caption_people: string;
  caption_subject: string;
  caption_photographer: string;
  size: number;
  type: FileType;
  pages: number | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  exif_time: string | null;
  encrypted: number;
  warning: string | null;
  has_thumb: number;
}

function captionOf(r: FileRow): Caption {
  return {
    title: r.caption_title,
    time: r.caption_time,
    place: r.caption_place,
    people: r.caption_people,
    subject: r.caption_subject,
    photographer: r.caption_photographer,
  };
}

function toFile(r: FileRow): StoredFile {
  return {
    id: r.id,
    itemId: r.item_id,
    name: r.name,
    sha256: r.sha256,
    size: r.size,
    type: r.type,
    role: r.role,
    position: r.position,
    pages: r.pages,
    width: r.width,
    height: r.height,
    orientation: r.orientation,
    exifTime: r.exif_time,
    encrypted: r.encrypted === 1,
    warning: r.warning,
    caption: captionOf(r),
    storePath: blobRel(r.sha256),
    thumbPath: r.has_thumb ? thumbRel(r.sha256) : null,
  };
}

export interface ItemQuery {
  /** Only items linked to this indicator, in link order. */
  indicatorId?: number;
  /** Only items linked to no indicator (未归类). */
  inbox?: boolean;
  ids?: number[];
  includeDeleted?: boolean;
  onlyDeleted?: boolean;
}

/** Which items a list holds: live, trashed or both; only the inbox; only these ids. */
export interface ItemFilter {
  deleted?: 'live' | 'only' | 'any';
  inbox?: boolean;
  ids?: number[];
  /** Only items this department submitted. */
  department?: string;
  /** Only submitted items in this review state. */
  review?: ReviewState;
}

/** The WHERE condition (over `items i`) of an ItemFilter; the item list and the full items share it. */
export function itemCondition(f: ItemFilter): Sql {
  const where: Sql[] = [];
  if (f.deleted === 'only') where.push(sql`i.deleted_at IS NOT NULL`);
  else if (f.deleted !== 'any') where.push(sql`i.deleted_at IS NULL`);
  if (f.inbox) where.push(sql`NOT EXISTS (SELECT 1 FROM links l WHERE l.item_id = i.id)`);
  if (f.ids) where.push(sql`i.id IN (${sqlList(f.ids)})`);
  if (f.department != null) where.push(sql`i.submitted_by = (SELECT id FROM departments WHERE name = ${f.department})`);
  if (f.review) where.push(sql`i.submitted_by IS NOT NULL AND coalesce(i.review, 'pending') = ${f.review}`);
  return where.length ? where.reduce((a, b) => sql`${a} AND ${b}`) : sql`1`;
}

export async function listItems(db: Queryable, q: ItemQuery = {}): Promise<Item[]> {
  const cond = itemCondition({ deleted: q.onlyDeleted ? 'only' : q.includeDeleted ? 'any' : 'live', inbox: q.inbox, ids: q.ids });
  const rows =
    q.indicatorId != null
      ? await db.all<ItemRow & SubmissionRow>(sql`SELECT i.*, ${SUBMISSION_COLUMNS} FROM items i JOIN links l ON l.item_id = i.id
          WHERE l.indicator_id = ${q.indicatorId} AND ${cond} ORDER BY l.position, i.id`)
      : await db.all<ItemRow & SubmissionRow>(sql`SELECT i.*, ${SUBMISSION_COLUMNS} FROM items i WHERE ${cond} ORDER BY coalesce(i.date, '9999'), i.id`);
  if (rows.length === 0) return [];
  // One query each for files and links, selected by the same condition as the items (a list of
  // 10,000 ids as parameters costs more than the subquery, and SQLite limits bound parameters).
  const itemIds =
    q.indicatorId != null
      ? sql`SELECT i.id FROM items i JOIN links l ON l.item_id = i.id WHERE l.indicator_id = ${q.indicatorId} AND ${cond}`
      : sql`SELECT i.id FROM items i WHERE ${cond}`;
  const [files, links] = await Promise.all([
    db.all<FileRow>(sql`SELECT f.*, b.size, b.type, b.pages, b.width, b.height, b.orientation, b.exif_time,
        b.encrypted, b.warning, b.has_thumb FROM files f JOIN blobs b ON b.sha256 = f.sha256
        WHERE f.item_id IN (${itemIds}) ORDER BY f.item_id, f.position`),
    db.all<{ item_id: number; code: string }>(sql`SELECT l.item_id, n.code FROM links l
        JOIN indicators n ON n.id = l.indicator_id WHERE l.item_id IN (${itemIds}) ORDER BY l.item_id, l.rowid`),
  ]);
  const filesBy = group(files, (f) => f.item_id);
  const linksBy = group(links, (l) => l.item_id);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    titleSupplied: r.title_supplied === 1,
    date: r.date,
    location: r.location,
    responsible: r.responsible,
    docNumber: r.doc_number,
    participants: r.participants,
    description: r.description,
    department: r.department,
    secrecy: r.secrecy,
    retention: r.retention,
    source: r.source,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
    indicators: (linksBy.get(r.id) ?? []).map((l) => l.code),
    files: (filesBy.get(r.id) ?? []).map(toFile),
    uid: r.uid,
    submission: submissionOf(r),
  }));
}

function group<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Takes files out of their items (the stored originals stay in files/ for anything else that
 * refers to them, and for verify to account for); renumbers what is left and reindexes search.
 * Returns the rows removed, for the change log.
 */
export async function removeFileRows(tx: Queryable, fileIds: number[]): Promise<{ id: number; itemId: number; sha256: string; name: string; role: FileRole; caption: Caption }[]> {
  if (!fileIds.length) return [];
  const rows = await tx.all<FileRow>(sql`SELECT f.*, 0 AS size FROM files f WHERE f.id IN (${sqlList(fileIds)})`);
  await tx.run(sql`DELETE FROM files WHERE id IN (${sqlList(fileIds)})`);
  for (const itemId of new Set(rows.map((r) => r.item_id))) {
    const left = await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${itemId} ORDER BY position, id`);
    for (const [i, r] of left.entries()) await tx.run(sql`UPDATE files SET position = ${i} WHERE id = ${r.id}`);
    await reindexItem(tx, itemId);
  }
  return rows.map((r) => ({ id: r.id, itemId: r.item_id, sha256: r.sha256, name: r.name, role: r.role, caption: captionOf(r) }));
}
