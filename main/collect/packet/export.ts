// 任务包 out: what one department owes (its lowest-level indicators with their requirements,
// targets and deadlines, the 创建办's notes) and the items returned to it for correction with
// the reasons, signed with the department's key, which travels with it for the 回传包.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../../archive/archive';
import { sql } from '../../archive/db';
import { indicatorRows, treeOrder, type StoredIndicatorRow } from '../../archive/indicators-repo';
import { listItems } from '../../archive/items-repo';
import { checkOutputPath } from '../../export/output-path';
import { throwIfCancelled, type JobOptions } from '../../jobs/cancel';
import { TaizhangError } from '../../../shared/errors';
import type { ReviewState } from '../../../shared/domain';
import { packetFileName } from '../../../shared/api';
import type { Assignment, PacketExportReport } from '../../../shared/collect-types';
import { assignmentsOf, departmentsOverview, ensureDepartment } from '../departments';
import { assertMode } from '../mode';
import { PACKET_FORMAT, PACKET_FORMAT_VERSION, type TaskBody } from './format';
import { contentHash, toPacketItem } from './items';
import { writePacketZip, type BlobSource } from './zip-write';

export interface TaskPacketOptions {
  /** Set on the department's assignments that have no deadline (YYYY-MM-DD). */
  deadline?: string;
  /** Replace an existing file at out; without it an existing file is refused (EXISTS). */
  overwrite?: boolean;
}

/** The archive's identity as a packet names it. */
export async function archiveUid(a: Archive): Promise<{ uid: string; name: string }> {
  const r = await a.db.get<{ archive_uid: string; name: string }>(sql`SELECT archive_uid, name FROM campaign WHERE id = 1`);
  return { uid: r?.archive_uid ?? '', name: r?.name ?? '' };
}

/** Where a packet goes: outside the archive, into an existing folder, over no file unless asked. */
export async function packetOutput(a: Archive, out: string, overwrite: boolean | undefined): Promise<string> {
  const abs = await checkOutputPath(a, out);
  if (!overwrite && (await fs.stat(abs).catch(() => null))) {
    throw new TaizhangError('EXISTS', `${abs} 已存在。请换一个文件名，或确认覆盖后再导出。`);
  }
  return abs;
}

export async function exportTaskPacket(a: Archive, department: string, out: string, opts: TaskPacketOptions, job: JobOptions = {}): Promise<PacketExportReport> {
  await assertMode(a, 'office', '导出任务包');
  a.assertWritable();
  const target = await packetOutput(a, out, opts.overwrite);
  let assignments = await assignmentsOf(a, department);
  if (!assignments.length) {
    throw new TaizhangError('BAD_INPUT', `责任单位“${department}”没有分配任何指标（指标的“责任单位”一栏没有写它，也没有手动分配），不能导出任务包。`);
  }
  const undated = opts.deadline ? await indicatorIds(a, assignments.filter((x) => !x.deadline).map((x) => x.code)) : new Map<string, number>();
  const depId = await a.db.transaction(async (tx) => {
    const id = await ensureDepartment(tx, department);
    if (opts.deadline) {
      for (const ind of undated.values()) {
        await tx.run(sql`INSERT INTO assignments (department_id, indicator_id, deadline) VALUES (${id}, ${ind}, ${opts.deadline})
          ON CONFLICT (department_id, indicator_id) DO UPDATE SET deadline = coalesce(deadline, excluded.deadline)`);
      }
    }
    return id;
  });
  if (opts.deadline) assignments = await assignmentsOf(a, department);
  throwIfCancelled(job.signal);
  const dep = (await a.db.get<{ name: string; contact: string; phone: string; note: string; packet_key: string }>(
    sql`SELECT name, contact, phone, note, packet_key FROM departments WHERE id = ${depId}`,
  ))!;
  const returnedIds = (await a.db.all<{ id: number }>(
    sql`SELECT id FROM items WHERE submitted_by = ${depId} AND review = 'returned' AND deleted_at IS NULL ORDER BY id`,
  )).map((r) => r.id);
  const returned = returnedIds.length ? await listItems(a.db, { ids: returnedIds }) : [];
  const reviewed = await a.db.all<{ uid: string; review: ReviewState; version: number }>(
    sql`SELECT uid, review, version FROM items WHERE submitted_by = ${depId} AND review IS NOT NULL AND deleted_at IS NULL ORDER BY id`,
  );
  const blobs: BlobSource[] = [];
  for (const item of returned) {
    for (const f of item.files) blobs.push({ sha256: f.sha256, size: f.size, abs: await a.store.checkedAbs(f.storePath), name: f.name });
  }
  const body: TaskBody = {
    kind: 'task',
    key: dep.packet_key,
    department: { name: dep.name, contact: dep.contact, phone: dep.phone, note: dep.note },
    campaign: await a.campaign(),
    indicators: await indicatorsFor(a, assignments),
    assignments,
    // Under its own indicators only: the department's archive knows no others.
    returned: returned.map((item) => ({ ...toPacketItem(item, new Set(assignments.map((x) => x.code))), version: item.submission?.version ?? 1, reason: item.submission?.reason ?? '' })),
    reviewed,
  };
  const sequence = ((await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM packets WHERE department_id = ${depId} AND direction = 'out'`))?.n ?? 0) + 1;
  const packetId = randomUUID();
  const at = new Date().toISOString();
  const written = await writePacketZip(
    target,
    { format: PACKET_FORMAT, formatVersion: PACKET_FORMAT_VERSION, kind: 'task', packetId, archive: await archiveUid(a), department: dep.name, createdAt: at, sequence },
    dep.packet_key,
    body,
    blobs,
    job,
  );
  const summary = `${assignments.length} 个指标${returned.length ? `，退回 ${returned.length} 件` : ''}`;
  await a.db.transaction((tx) =>
    tx.run(sql`INSERT INTO packets (id, department_id, direction, task_id, sequence, at, sha256, summary)
      VALUES (${packetId}, ${depId}, 'out', NULL, ${sequence}, ${at}, ${written.sha256},
        ${JSON.stringify({ text: summary, indicators: assignments.length, returned: returned.length, files: written.files, sent: Object.fromEntries(body.returned.map((p) => [p.uid, contentHash(p)])) })})`),
  );
  return { department: dep.name, out: target, packetId, indicators: assignments.length, returned: returned.length, files: written.files, bytes: written.bytes };
}

/** One 任务包-<责任单位>.zip per department with assignments, into the folder dir. */
export async function exportAllTaskPackets(a: Archive, dir: string, opts: TaskPacketOptions, job: JobOptions = {}): Promise<{ dir: string; packets: PacketExportReport[] }> {
  await assertMode(a, 'office', '导出任务包');
  const overview = await departmentsOverview(a);
  const names = overview.departments.filter((d) => d.assignments > 0).map((d) => d.name);
  if (!names.length) throw new TaizhangError('BAD_INPUT', '还没有任何责任单位分配到指标（请在指标的“责任单位”一栏写明，或在“部门”中分配），没有任务包可导出。');
  const abs = path.resolve(dir);
  await fs.mkdir(abs, { recursive: true });
  const packets: PacketExportReport[] = [];
  for (const [i, name] of names.entries()) {
    throwIfCancelled(job.signal);
    packets.push(
      await exportTaskPacket(a, name, path.join(abs, packetFileName(name)), opts, {
        signal: job.signal,
        onProgress: (p) => job.onProgress?.({ phase: '导出任务包', done: i, total: names.length, detail: `${name}：${p.detail ?? p.phase}` }),
      }),
    );
  }
  job.onProgress?.({ phase: '导出任务包', done: names.length, total: names.length });
  return { dir: abs, packets };
}

async function indicatorIds(a: Archive, codes: string[]): Promise<Map<string, number>> {
  const rows = await a.db.all<{ id: number; code: string }>(sql`SELECT id, code FROM indicators`);
  const want = new Set(codes);
  return new Map(rows.filter((r) => want.has(r.code)).map((r) => [r.code, r.id]));
}

/** The assigned indicators and their ancestors, as stored rows in tree order (the department's tree). */
async function indicatorsFor(a: Archive, assignments: Assignment[]): Promise<StoredIndicatorRow[]> {
  const rows = await indicatorRows(a.db);
  const byCode = new Map([...rows.values()].map((r) => [r.code, r]));
  const keep = new Set<number>();
  for (const x of assignments) {
    for (let r = byCode.get(x.code); r && !keep.has(r.id); r = r.parent_id != null ? rows.get(r.parent_id) : undefined) keep.add(r.id);
  }
  const kept = [...keep].map((id) => rows.get(id)!);
  const order = treeOrder(kept.map((r) => ({ id: r.id, parentId: r.parent_id, position: r.position })));
  return order.map((o) => rows.get(o.id)!);
}
