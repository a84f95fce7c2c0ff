// 回传包 back: the packet is verified whole before anything is written (ours, signed with the
// department's key, answering a 任务包 we sent it, every file as the manifest says), then merged in
// one transaction: new items under the department's indicators, attributed to it with the time
// received; corrected items replacing their earlier version (kept in item_versions); the same
// content left alone. The same packet merged again changes nothing; an older one than a return
// already merged is refused.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../../archive/archive';
import { sql, type Queryable } from '../../archive/db';
import { logChange } from '../../archive/change-log';
import { listItems } from '../../archive/items-repo';
import { hashFile } from '../../archive/store';
import { journalImports } from '../../archive/import-journal';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { TaizhangError } from '../../../shared/errors';
import type { PacketImportReport } from '../../../shared/collect-types';
import { assignmentsOf } from '../departments';
import { assertMode } from '../mode';
import { archiveUid } from './export';
import { blobPath, signatureHolds, type PacketItem, type ReturnBody } from './format';
import { contentHash, contentKey, insertReceived, itemsProblem, recordBlobs, replaceWithReceived, storeReceived, toPacketItem } from './items';
import { PacketZip } from './zip-read';

export interface PacketMergeReport extends PacketImportReport {
  /** Items filed under none of the department's indicators: not merged (their titles). */
  left: string[];
}

export async function importReturnPacket(a: Archive, file: string, actor: string, job: JobOptions = {}): Promise<PacketMergeReport> {
  await assertMode(a, 'office', '接收回传包');
  a.assertWritable();
  const pz = await PacketZip.open(file, 'return');
  const m = pz.manifest;
  const me = await archiveUid(a);
  if (m.archive.uid !== me.uid) {
    throw new TaizhangError('BAD_INPUT', `${path.basename(file)} 是交给另一个档案（${m.archive.name || '未知'}）的回传包，不是本档案（${me.name}）发出的任务包的回传，未接收。`);
  }
  // The department is the one its 任务包 went to (renamed since, it is still the same one).
  const dep = typeof m.taskId === 'string'
    ? await a.db.get<{ id: number; name: string; packet_key: string }>(sql`SELECT d.id, d.name, d.packet_key FROM packets p
        JOIN departments d ON d.id = p.department_id WHERE p.id = ${m.taskId} AND p.direction = 'out'`)
    : undefined;
  if (!dep) throw new TaizhangError('BAD_INPUT', `${path.basename(file)} 回应的任务包不是本档案发出的（${m.department || '未知单位'}），未接收。`);
  if (!signatureHolds(m, dep.packet_key)) {
    throw pz.refused(`签名与发给“${dep.name}”的任务包不符（不是用本档案的任务包生成的，或清单被改动过）`);
  }
  if (!Number.isInteger(m.sequence) || m.sequence! < 1) throw pz.refused('清单中的回传包序号不合规');
  // A return made from an older 任务包 once a return of a newer one is in: its items are older too.
  const newer = await a.db.get<{ sequence: number }>(sql`SELECT o.sequence FROM packets b JOIN packets o ON o.id = b.task_id
    WHERE b.department_id = ${dep.id} AND b.direction = 'back' AND o.sequence > (SELECT sequence FROM packets WHERE id = ${m.taskId})
    ORDER BY o.sequence DESC LIMIT 1`);
  const body = await pz.body<ReturnBody>();
  if (body?.kind !== 'return' || !Array.isArray(body.items) || !Array.isArray(body.statements)) throw pz.refused('packet.json 的内容不是回传包');
  const problem = itemsProblem(body.items, new Set(m.files.map((f) => f.sha256)));
  if (problem) throw pz.refused(problem);
  const names = new Map<string, string>();
  for (const item of body.items) for (const f of item.files) names.set(blobPath(f.sha256), f.name);
  const shown = (p: string) => names.get(p) ?? p;
  pz.checkListing(shown);

  const before = await a.db.get<{ at: string }>(sql`SELECT at FROM packets WHERE id = ${m.packetId} AND direction = 'back'`);
  const answered = async () => {
    const r = await a.db.get<{ sequence: number | null }>(sql`SELECT max(sequence) AS sequence FROM packets WHERE task_id = ${m.taskId} AND direction = 'back'`);
    return r?.sequence ?? 0;
  };
  if (!before && newer) {
    throw new TaizhangError('BAD_INPUT', `${path.basename(file)} 是根据发给“${dep.name}”的较早的任务包生成的，已经接收过根据更新的任务包（第 ${newer.sequence} 份）生成的回传包，未接收（以免旧材料覆盖新材料）。`);
  }
  if (!before && (await answered()) >= m.sequence!) {
    throw new TaizhangError('BAD_INPUT', `${path.basename(file)} 是“${dep.name}”较早的第 ${m.sequence} 份回传包，已经接收过更新的第 ${await answered()} 份，未接收（以免旧材料覆盖新材料）。`);
  }

  const work = path.join(a.dir, 'tmp', `packet-${m.packetId.replace(/[^0-9a-f-]/gi, '')}`);
  await fs.mkdir(work, { recursive: true });
  try {
    // Every file checked before the first is stored: a packet is taken whole or not at all.
    const extracted = await pz.extractBlobs(work, shown, job);
    if (before) return { department: dep.name, packetId: m.packetId, added: 0, replaced: 0, unchanged: body.items.length, statements: 0, receivedAt: before.at, again: true, reopened: 0, left: [] };
    throwIfCancelled(job.signal);
    const { sha256 } = await hashFile(file);
    return await a.writing(
      async () => {
        const blobs = await storeReceived(a, extracted, new Map([...names].map(([p, n]) => [p.slice('files/'.length), n])), job);
        const assigned = new Set((await assignmentsOf(a, dep.name)).map((x) => x.code));
        const receivedAt = new Date().toISOString();
        job.onProgress?.({ phase: '合并材料', done: 0, total: body.items.length });
        const stored = new Set(blobs.map((b) => b.sha256));
        const merged: PacketMergeReport = await a.db.transaction(async (tx) => {
          // Checked again as the one writer: another import of the same packet may have just finished.
          if (await tx.get(sql`SELECT 1 FROM packets WHERE id = ${m.packetId}`)) {
            return { department: dep.name, packetId: m.packetId, added: 0, replaced: 0, unchanged: body.items.length, statements: 0, receivedAt, again: true, reopened: 0, left: [] };
          }
          await recordBlobs(tx, blobs);
          const r = await merge(tx, dep, body, assigned, receivedAt);
          await tx.run(sql`INSERT INTO packets (id, department_id, direction, task_id, sequence, at, sha256, summary)
            VALUES (${m.packetId}, ${dep.id}, 'back', ${m.taskId}, ${m.sequence}, ${receivedAt}, ${sha256},
              ${JSON.stringify({ text: r.text, added: r.added, replaced: r.replaced, unchanged: r.unchanged, statements: r.statements, received: r.received })})`);
          await logChange(tx, {
            actor,
            action: 'packet.import',
            subject: dep.name,
            detail: { message: `接收“${dep.name}”的回传包：${r.text}`, packetId: m.packetId, taskId: m.taskId, sequence: m.sequence, added: r.added, replaced: r.replaced, unchanged: r.unchanged },
          });
          return { department: dep.name, packetId: m.packetId, added: r.added, replaced: r.replaced, unchanged: r.unchanged, statements: r.statements, receivedAt, again: false, reopened: r.reopened, left: r.left };
        });
        // The journal names every original received, for the day the database is lost.
        if (!merged.again) {
          const source = `${dep.name}回传包 ${path.basename(file)}`;
          await journalImports(a.dir, body.items.flatMap((i) => i.files.filter((f) => stored.has(f.sha256)).map((f) => ({ sha256: f.sha256, name: f.name, source, item: i.title }))));
        }
        return merged;
      },
      { what: '接收回传包', waitMs: 3000 },
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function merge(
  tx: Queryable,
  dep: { id: number; name: string },
  body: ReturnBody,
  assigned: Set<string>,
  receivedAt: string,
): Promise<{ added: number; replaced: number; reopened: number; unchanged: number; statements: number; left: string[]; received: Record<string, string>; text: string }> {
  const ids = new Map((await tx.all<{ id: number; code: string }>(sql`SELECT id, code FROM indicators`)).map((r) => [r.code, r.id]));
  const assignedIds = new Set([...assigned].map((c) => ids.get(c)).filter((x): x is number => x != null));
  const synced = await lastSynced(tx, dep.id);
  let added = 0;
  let replaced = 0;
  let reopened = 0;
  let unchanged = 0;
  const left: string[] = [];
  const received: Record<string, string> = {};
  const touched = new Set<number>();
  for (const raw of body.items) {
    // Only under the indicators it is assigned: a department files nowhere else.
    const p: PacketItem = { ...raw, indicators: raw.indicators.filter((c) => assigned.has(c)) };
    const hash = contentHash(p);
    const indicatorIds = p.indicators.map((c) => ids.get(c)!);
    if (!indicatorIds.length) {
      left.push(p.title);
      continue;
    }
    for (const id of indicatorIds) touched.add(id);
    received[p.uid] = hash;
    const known = await tx.get<{ id: number; submitted_by: number | null }>(sql`SELECT id, submitted_by FROM items WHERE uid = ${p.uid}`);
    if (!known) {
      const id = await insertReceived(tx, p, indicatorIds);
      await tx.run(sql`UPDATE items SET submitted_by = ${dep.id}, submitted_at = ${receivedAt}, version = 1, review = 'pending' WHERE id = ${id}`);
      added++;
      continue;
    }
    if (known.submitted_by !== dep.id) {
      throw new TaizhangError('BAD_INPUT', `回传包中的材料“${p.title}”在本档案中不是“${dep.name}”提交的，整个回传包未接收。`);
    }
    const [current] = await listItems(tx, { ids: [known.id], includeDeleted: true });
    // As the department last sent it (or was sent it): what the 创建办 changed since stays.
    if (synced.get(p.uid) === hash || contentKey(toPacketItem(current, assigned)) === contentKey(p)) {
      unchanged++;
      continue;
    }
    await tx.run(sql`INSERT INTO item_versions (item_id, version, replaced_at, snapshot)
      VALUES (${known.id}, ${current.submission?.version ?? 1}, ${receivedAt}, ${JSON.stringify(current)})`);
    // Links the 创建办 added outside the department's indicators stay.
    const kept = current.indicators.map((c) => ids.get(c)!).filter((id) => id != null && !assignedIds.has(id));
    await replaceWithReceived(tx, known.id, p, [...indicatorIds, ...kept]);
    await tx.run(sql`UPDATE items SET version = version + 1, review = 'pending', review_reason = '', reviewed_at = NULL, reviewed_by = '',
      submitted_at = ${receivedAt} WHERE id = ${known.id}`);
    replaced++;
    if (current.submission?.review === 'accepted') reopened++;
  }
  let statements = 0;
  for (const s of body.statements) {
    const id = ids.get(s.code);
    if (id == null || !assigned.has(s.code) || typeof s.conclusion !== 'string') continue;
    if (s.conclusion) statements++;
    touched.add(id);
    await tx.run(sql`INSERT INTO assignments (department_id, indicator_id, conclusion) VALUES (${dep.id}, ${id}, ${s.conclusion})
      ON CONFLICT (department_id, indicator_id) DO UPDATE SET conclusion = excluded.conclusion`);
  }
  for (const id of touched) {
    await tx.run(sql`INSERT INTO assignments (department_id, indicator_id, submitted_at) VALUES (${dep.id}, ${id}, ${receivedAt})
      ON CONFLICT (department_id, indicator_id) DO UPDATE SET submitted_at = excluded.submitted_at`);
  }
  const parts = [`新增 ${added} 件`];
  if (replaced) parts.push(`更正 ${replaced} 件`);
  if (unchanged) parts.push(`${unchanged} 件没有变化`);
  if (statements) parts.push(`结论性说明 ${statements} 条`);
  if (reopened) parts.push(`其中 ${reopened} 件已通过的材料被改动、需重新审核`);
  return { added, replaced, reopened, unchanged, statements, left, received, text: parts.join('，') };
}

/**
 * Each item's content as last exchanged with the department: carried back in its latest 回传包,
 * or sent out in a 任务包 (returned for correction), from the records the packets keep.
 */
async function lastSynced(tx: Queryable, departmentId: number): Promise<Map<string, string>> {
  const rows = await tx.all<{ summary: string }>(sql`SELECT summary FROM packets WHERE department_id = ${departmentId} ORDER BY at, rowid`);
  const out = new Map<string, string>();
  for (const r of rows) {
    try {
      const s = JSON.parse(r.summary) as { sent?: Record<string, string>; received?: Record<string, string> };
      for (const m of [s.sent, s.received]) if (m && typeof m === 'object') for (const [uid, h] of Object.entries(m)) if (typeof h === 'string') out.set(uid, h);
    } catch {
      // A record that cannot be read says nothing: the item is compared with what is here.
    }
  }
  return out;
}
