// Items as packets carry them, in both directions: from an archive's Item to a PacketItem, what
// makes two of them the same content, and a received one written into an archive (its files
// stored once, probed as the intake probes them).
import { createHash } from 'node:crypto';
import type { Archive } from '../../archive/archive';
import { sql, type Queryable } from '../../archive/db';
import { insertItem, linkItem, removeFileRows, unlinkItem, updateItem, upsertBlob, type BlobInfo, type NewFile } from '../../archive/items-repo';
import { blobRel } from '../../archive/store';
import { probeBlob } from '../../intake/import';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { CAPTION_LABELS, FILE_ROLES, ITEM_KINDS, RETENTIONS, type Item } from '../../../shared/domain';
import { canonicalJson, type PacketItem } from './format';

export function toPacketItem(item: Item, codes?: Set<string>): PacketItem {
  return {
    uid: item.uid,
    kind: item.kind,
    title: item.title,
    titleSupplied: item.titleSupplied,
    date: item.date,
    location: item.location,
    responsible: item.responsible,
    docNumber: item.docNumber,
    participants: item.participants,
    description: item.description,
    department: item.department,
    secrecy: item.secrecy,
    retention: item.retention,
    indicators: codes ? item.indicators.filter((c) => codes.has(c)) : item.indicators,
    files: item.files.map((f) => ({ sha256: f.sha256, name: f.name, role: f.role, caption: f.caption })),
  };
}

/**
 * Why the items a packet carries cannot be written as they are, or null: the packet's signature
 * says who made them, not that the app that made them was sound. Every file must travel in it.
 */
export function itemsProblem(items: unknown[], shipped: Set<string>): string | null {
  const str = (v: unknown) => typeof v === 'string';
  const uids = new Set<string>();
  for (const raw of items) {
    const p = raw as PacketItem;
    const what = `材料“${str(p?.title) ? p.title : '?'}”`;
    if (!p || !str(p.uid) || !/^[0-9a-f]{8,64}$/i.test(p.uid) || uids.has(p.uid)) return `${what}的编号不合规或重复`;
    uids.add(p.uid);
    const fieldsOk =
      (ITEM_KINDS as readonly string[]).includes(p.kind) && str(p.title) && typeof p.titleSupplied === 'boolean' &&
      (p.date === null || (str(p.date) && /^\d{4}-\d{2}-\d{2}$/.test(p.date))) &&
      [p.location, p.responsible, p.docNumber, p.description, p.department, p.secrecy].every(str) &&
      (p.participants === null || Number.isInteger(p.participants)) &&
      (p.retention === null || (RETENTIONS as readonly string[]).includes(p.retention as string)) &&
      Array.isArray(p.indicators) && p.indicators.every(str) && Array.isArray(p.files);
    if (!fieldsOk) return `${what}的内容不合规`;
    for (const f of p.files) {
      if (!f || !str(f.name) || !(FILE_ROLES as readonly string[]).includes(f.role) || !f.caption || !Object.keys(CAPTION_LABELS).every((k) => str((f.caption as unknown as Record<string, unknown>)[k]))) {
        return `${what}中的文件记录不合规`;
      }
      if (!shipped.has(f.sha256)) return `${what}中的文件“${f.name}”不在包中`;
    }
  }
  return null;
}

/** What the department made of the item: equal keys, nothing to merge. */
export function contentKey(p: PacketItem): string {
  return canonicalJson({ ...p, indicators: [...p.indicators].sort() });
}

/** The content key, short: what a packet's record keeps of each item it carried. */
export function contentHash(p: PacketItem): string {
  return createHash('sha256').update(contentKey(p)).digest('hex').slice(0, 32);
}

/**
 * Stores the received files that are new to the archive and probes them; returns the facts of
 * each new content, to be recorded with the items in the merge's transaction.
 */
export async function storeReceived(archive: Archive, extracted: Map<string, string>, names: Map<string, string>, job: JobOptions): Promise<BlobInfo[]> {
  const known = new Set((await archive.db.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs`)).map((r) => r.sha256));
  const out: BlobInfo[] = [];
  let done = 0;
  for (const [sha, file] of extracted) {
    throwIfCancelled(job.signal);
    // The copy in the store is put back when damaged; known facts are not probed again.
    const put = await archive.store.put(file, { signal: job.signal });
    if (!known.has(sha)) out.push(await probeBlob(archive, put.sha256, put.size, blobRel(put.sha256), names.get(sha) ?? sha));
    job.onProgress?.({ phase: '存储文件', done: ++done, total: extracted.size, detail: names.get(sha) });
  }
  return out;
}

export async function recordBlobs(tx: Queryable, blobs: BlobInfo[]): Promise<void> {
  for (const b of blobs) await upsertBlob(tx, b);
}

const filesOf = (p: PacketItem): NewFile[] => p.files.map((f) => ({ sha256: f.sha256, name: f.name, role: f.role, caption: f.caption }));

/** A new item with the uid it travels under; links to the indicators given (ids). */
export async function insertReceived(tx: Queryable, p: PacketItem, indicatorIds: number[]): Promise<number> {
  const id = await insertItem(
    tx,
    {
      kind: p.kind, title: p.title, titleSupplied: p.titleSupplied, date: p.date, location: p.location, responsible: p.responsible,
      docNumber: p.docNumber, participants: p.participants, description: p.description, department: p.department,
      secrecy: p.secrecy, retention: p.retention,
    },
    filesOf(p),
    indicatorIds,
  );
  await tx.run(sql`UPDATE items SET uid = ${p.uid} WHERE id = ${id}`);
  return id;
}

/** Makes an existing item hold what was received: fields, files (in order) and links. */
export async function replaceWithReceived(tx: Queryable, itemId: number, p: PacketItem, indicatorIds: number[]): Promise<void> {
  await updateItem(tx, itemId, {
    kind: p.kind, title: p.title, titleSupplied: p.titleSupplied, date: p.date, location: p.location, responsible: p.responsible,
    docNumber: p.docNumber, participants: p.participants, description: p.description, department: p.department,
    secrecy: p.secrecy, retention: p.retention,
  });
  const old = await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${itemId}`);
  await removeFileRows(tx, old.map((r) => r.id));
  let position = 0;
  for (const f of filesOf(p)) {
    const c = f.caption ?? {};
    await tx.run(sql`INSERT INTO files (item_id, sha256, name, role, position, source, caption_title, caption_time,
        caption_place, caption_people, caption_subject, caption_photographer)
      VALUES (${itemId}, ${f.sha256}, ${f.name}, ${f.role}, ${position++}, '', ${c.title ?? ''},
        ${c.time ?? ''}, ${c.place ?? ''}, ${c.people ?? ''}, ${c.subject ?? ''}, ${c.photographer ?? ''})`);
  }
  // Links that stay keep their place in the indicator's list.
  const linked = new Set((await tx.all<{ indicator_id: number }>(sql`SELECT indicator_id FROM links WHERE item_id = ${itemId}`)).map((r) => r.indicator_id));
  for (const id of linked) if (!indicatorIds.includes(id)) await unlinkItem(tx, itemId, id);
  for (const id of indicatorIds) if (!linked.has(id)) await linkItem(tx, itemId, id);
  // The search index follows the new fields and files (updateItem indexed the old files).
  await updateItem(tx, itemId, {});
}
