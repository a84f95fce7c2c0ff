// A later 任务包 opened into the department's existing 填报 archive: a department works in its
// archive for months, and the 创建办 sends a new packet when it returns an item, adds an indicator
// or moves a deadline. The packet must be for this archive (the same 创建办 archive, the same
// department — its key, or its name) and newer than the one the archive follows; then, in one
// transaction: the indicators and deadlines as the 创建办 has them now, the items it returned marked
// 退回 with its reasons (the department's own later edits kept; one deleted here comes back as
// the 创建办 has it), and the archive following the new 任务包, its 回传包 numbered on.
//
// An indicator no longer assigned keeps what is filed under it here (nothing the department made is
// thrown away), but its 责任单位 no longer names the department and the 回传包 leaves it out.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../archive/archive';
import { sql, trustedSql, type Queryable } from '../../archive/db';
import { logChange } from '../../archive/change-log';
import { indicatorRows, writeIndicatorRows, type StoredIndicatorRow } from '../../archive/indicators-repo';
import { setTrashed } from '../../archive/items-repo';
import { getStatement, writeStatement } from '../../archive/statements-repo';
import type { JobOptions } from '../../jobs/cancel';
import { splitDepartments, type PacketOpenReport, type PacketUpdateReport } from '../../../shared/collect-types';
import { TaizhangError } from '../../../shared/errors';
import { REVIEW_STATES } from '../../../shared/domain';
import { chineseDateTime } from '../../../shared/names';
import { ensureDepartment } from '../departments';
import { archiveMode } from '../mode';
import { fillingSettings, writeFillingSettings, type FillingSettings } from './filling';
import { contentHash, insertReceived, recordBlobs, replaceWithReceived, storeReceived } from './items';
import { blobNames, OFFICE_ACTOR, readTaskPacket, type TaskPacket } from './task-read';

const AGAIN: PacketUpdateReport = { again: true, added: [], dropped: [], returnedNew: 0, returnedKnown: 0, restored: 0, reviewed: 0 };

/** Brings the 填报 archive in dir (absolute) up to the 任务包 zip; refuses one that is not for it or older. */
export async function updateFromPacket(zip: string, dir: string, job: JobOptions = {}): Promise<PacketOpenReport> {
  const t = await readTaskPacket(zip);
  const { pz, body } = t;
  const a = await Archive.open(dir);
  try {
    if ((await archiveMode(a)) !== 'department') {
      throw new TaizhangError('BAD_INPUT', `文件夹 ${dir} 是创建办的档案，不是填报档案，任务包不能打开到这里。请为填报档案新建一个空文件夹。`);
    }
    a.assertWritable();
    const filling = await fillingSettings(a.db);
    if (!filling) throw new TaizhangError('BAD_INPUT', `${dir} 中的填报档案缺少任务包的信息，不能用新的任务包更新。请把任务包打开到一个新的空文件夹。`);
    const report: PacketOpenReport = { dir, department: body.department.name, indicators: body.assignments.length, returned: body.returned.length, deadline: t.deadline };
    if (!admissible(t, filling)) return { ...report, update: AGAIN };

    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-packet-'));
    try {
      const extracted = await pz.extractBlobs(work, t.shown, job);
      const update = await a.writing(
        async () => {
          const blobs = await storeReceived(a, extracted, blobNames(t.names), job);
          return a.db.transaction(async (tx) => {
            // Checked again as the one writer: this packet or a newer one may have just been opened by another window.
            const now = (await fillingSettings(tx)) ?? filling;
            if (!admissible(t, now)) return AGAIN;
            await recordBlobs(tx, blobs);
            return apply(tx, t, now);
          });
        },
        { what: '打开任务包', waitMs: 3000 },
      );
      return { ...report, update };
    } finally {
      await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  } finally {
    await a.close();
  }
}

/**
 * Whether the packet updates the archive: false for the one it follows already; refused when it is
 * another 创建办 archive's, another department's, or older than the one it follows.
 */
function admissible(t: TaskPacket, filling: FillingSettings): boolean {
  refuseForeign(t, filling);
  const m = t.pz.manifest;
  if (m.packetId === filling.packetId) return false;
  // Archives opened before the number was kept take any later packet of theirs.
  if (filling.taskSequence != null && (!Number.isInteger(m.sequence) || m.sequence! <= filling.taskSequence)) {
    throw new TaizhangError(
      'BAD_INPUT',
      `这个任务包（${chineseDateTime(m.createdAt)} 发出，第 ${m.sequence ?? '?'} 份）比本填报档案正在填报的任务包（第 ${filling.taskSequence} 份）早，未打开（以免旧的要求和退回意见覆盖新的）。`,
    );
  }
  return true;
}

/** Another 创建办 archive's packet, or another department's: refused, naming what differs. */
function refuseForeign({ pz, body }: TaskPacket, filling: FillingSettings): void {
  const m = pz.manifest;
  const fresh = '请把它打开到一个新的空文件夹。';
  if (m.archive.uid !== filling.officeUid) {
    const names = m.archive.name === filling.office ? `另一个同名的创建办档案“${m.archive.name}”` : `创建办档案“${m.archive.name}”`;
    throw new TaizhangError('BAD_INPUT', `这个任务包来自${names}，本填报档案是为创建办档案“${filling.office}”填报的，不是同一个档案，未打开。${fresh}`);
  }
  // The key is the department's in the 创建办's archive: it stays when the department is renamed there.
  if (body.key !== filling.key && body.department.name !== filling.department) {
    throw new TaizhangError('BAD_INPUT', `这个任务包是发给“${body.department.name}”的，本填报档案是“${filling.department}”的，未打开。${fresh}`);
  }
}

async function apply(tx: Queryable, { pz, body, deadline }: TaskPacket, filling: FillingSettings): Promise<PacketUpdateReport> {
  const m = pz.manifest;
  const name = body.department.name;
  const ids = await writeIndicators(tx, body.indicators);
  const dep = await tx.get<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${filling.department}`);
  const depId = dep?.id ?? (await ensureDepartment(tx, name));
  await tx.run(sql`UPDATE departments SET name = ${name}, contact = ${body.department.contact}, phone = ${body.department.phone},
    note = ${body.department.note}, packet_key = ${body.key} WHERE id = ${depId}`);

  const codes = body.assignments.map((x) => x.code);
  const added = codes.filter((c) => !filling.codes.includes(c));
  const dropped = filling.codes.filter((c) => !codes.includes(c));
  for (const x of body.assignments) {
    const ind = ids.get(x.code);
    if (ind == null) continue;
    const returned = x.state === 'returned' && x.reason ? { reason: x.reason, at: m.createdAt } : { reason: '', at: null };
    await tx.run(sql`INSERT INTO assignments (department_id, indicator_id, assigned, deadline, note, conclusion, submitted_at, returned_reason, returned_at)
      VALUES (${depId}, ${ind}, 1, ${x.deadline}, ${x.note}, ${x.conclusion}, ${x.submittedAt}, ${returned.reason}, ${returned.at})
      ON CONFLICT (department_id, indicator_id) DO UPDATE SET assigned = 1, deadline = excluded.deadline, note = excluded.note,
        conclusion = excluded.conclusion, submitted_at = excluded.submitted_at, returned_reason = excluded.returned_reason, returned_at = excluded.returned_at`);
    // The department's own 结论性说明 is its latest word; the one the 创建办 holds fills only a blank.
    if (x.conclusion && !(await getStatement(tx, ind)).conclusion) {
      await writeStatement(tx, ind, { conclusion: x.conclusion, selfScore: null, actual: null, actualReason: '' }, OFFICE_ACTOR);
    }
  }
  for (const code of dropped) {
    const ind = ids.get(code);
    if (ind == null) continue;
    await tx.run(sql`UPDATE assignments SET assigned = 0 WHERE department_id = ${depId} AND indicator_id = ${ind}`);
    const row = await tx.get<{ department: string }>(sql`SELECT department FROM indicators WHERE id = ${ind}`);
    const others = splitDepartments(row?.department ?? '').filter((n) => n !== name && n !== filling.department);
    await tx.run(sql`UPDATE indicators SET department = ${others.join('、')} WHERE id = ${ind}`);
  }

  let returnedNew = 0;
  let returnedKnown = 0;
  let restored = 0;
  const returnedAs = { ...filling.returnedAs };
  for (const item of body.returned) {
    const { version, reason, ...p } = item;
    const linked = p.indicators.map((c) => ids.get(c)).filter((x): x is number => x != null);
    const known = await tx.get<{ id: number; deleted_at: string | null }>(sql`SELECT id, deleted_at FROM items WHERE uid = ${p.uid}`);
    let id: number;
    if (!known) {
      id = await insertReceived(tx, p, linked);
      returnedNew++;
    } else if (known.deleted_at) {
      // Deleted here since: back as the 创建办 has it, to be corrected.
      id = known.id;
      await replaceWithReceived(tx, id, p, linked);
      await setTrashed(tx, [id], false);
      restored++;
    } else {
      id = known.id;
      returnedKnown++;
    }
    // Made here, it was the department's own until now: from here on it is a submission the 创建办 returned.
    const at = !known || known.deleted_at ? m.createdAt : null;
    await tx.run(sql`UPDATE items SET submitted_by = ${depId}, submitted_at = coalesce(${at}, submitted_at, ${m.createdAt}), version = ${version},
      review = 'returned', review_reason = ${reason} WHERE id = ${id}`);
    // As the 创建办 has it: the 回传包 counts the item corrected once the department's copy differs.
    returnedAs[p.uid] = contentHash(p);
  }

  // The 创建办's word on the rest of what the department sent (已通过, or 待审核 again): a 退回
  // lifted there is lifted here.
  const returnedUids = new Set(body.returned.map((x) => x.uid));
  let reviewed = 0;
  for (const x of Array.isArray(body.reviewed) ? body.reviewed : []) {
    if (returnedUids.has(x?.uid) || !(REVIEW_STATES as readonly string[]).includes(x?.review) || !Number.isInteger(x.version)) continue;
    const r = await tx.run(sql`UPDATE items SET review = ${x.review}, review_reason = '', version = ${x.version}, submitted_by = ${depId}
      WHERE uid = ${x.uid} AND deleted_at IS NULL AND (review IS NOT ${x.review} OR version IS NOT ${x.version})`);
    reviewed += r.changes ?? 0;
  }

  await writeFillingSettings(tx, {
    ...filling,
    department: name,
    office: m.archive.name,
    packetId: m.packetId,
    taskSequence: m.sequence,
    deadline,
    note: body.department.note,
    key: body.key,
    codes,
    dropped: [...new Set([...(filling.dropped ?? []), ...dropped])].filter((c) => !codes.includes(c)),
    returnedAs,
  });
  const parts = [`${codes.length} 个指标`];
  if (added.length) parts.push(`新增指标 ${added.join('、')}`);
  if (dropped.length) parts.push(`不再负责 ${dropped.join('、')}`);
  if (body.returned.length) parts.push(`退回修改的材料 ${body.returned.length} 件`);
  if (reviewed) parts.push(`审核结果更新 ${reviewed} 件`);
  await logChange(tx, {
    actor: OFFICE_ACTOR,
    action: 'packet.open',
    subject: name,
    detail: { message: `打开新的任务包：${parts.join('，')}`, packetId: m.packetId, sequence: m.sequence, added, dropped, returnedNew, returnedKnown, restored, reviewed },
  });
  return { again: false, added, dropped, returnedNew, returnedKnown, restored, reviewed };
}

/**
 * The packet's indicator rows written over this archive's: matched by id (the archive was made
 * with the 创建办's ids), else by code; rows the packet no longer carries stay. Returns code → id.
 */
async function writeIndicators(tx: Queryable, rows: StoredIndicatorRow[]): Promise<Map<string, number>> {
  // Columns a newer 创建办 app may store and this one does not know are left out.
  const known = new Set((await tx.all<{ name: string }>(trustedSql('PRAGMA table_info(indicators)'))).map((c) => c.name));
  const before = await indicatorRows(tx);
  const byCode = new Map([...before.values()].map((r) => [r.code, r.id]));
  let next = Math.max(0, ...before.keys(), ...rows.map((r) => r.id)) + 1;
  const local = new Map<number, number>();
  for (const r of rows) {
    const same = before.get(r.id);
    const id = same && (same.code === r.code || !byCode.has(r.code)) ? r.id : (byCode.get(r.code) ?? (same ? next++ : r.id));
    local.set(r.id, id);
  }
  const after = new Map(before);
  for (const r of rows) {
    const id = local.get(r.id)!;
    const kept = Object.fromEntries(Object.entries(r).filter(([k]) => known.has(k)));
    after.set(id, { ...before.get(id), ...kept, id, parent_id: r.parent_id == null ? null : (local.get(r.parent_id) ?? null) } as StoredIndicatorRow);
  }
  await writeIndicatorRows(tx, before, after);
  return new Map((await tx.all<{ id: number; code: string }>(sql`SELECT id, code FROM indicators`)).map((r) => [r.code, r.id]));
}
