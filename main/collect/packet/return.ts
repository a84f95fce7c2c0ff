// The 回传包: what the department filed under its indicators (new items, and the returned ones as
// corrected) and its 结论性说明, signed with the key its 任务包 gave it, numbered so that the
// 创建办 can tell a later return from an earlier one.
import { randomUUID } from 'node:crypto';
import type { Archive } from '../../archive/archive';
import { sql, sqlList } from '../../archive/db';
import { listItems } from '../../archive/items-repo';
import { getStatement } from '../../archive/statements-repo';
import type { JobOptions } from '../../jobs/cancel';
import { assertMode } from '../mode';
import { packetOutput } from './export';
import { requireFilling, writeFillingSettings } from './filling';
import { PACKET_FORMAT, PACKET_FORMAT_VERSION, type ReturnBody } from './format';
import { contentHash, toPacketItem } from './items';
import { writePacketZip, type BlobSource } from './zip-write';

export interface PacketReturnReport {
  department: string;
  out: string;
  packetId: string;
  /** Its number among the returns made from this 任务包 (1, 2, …). */
  sequence: number;
  items: number;
  statements: number;
  /** Items returned for correction that go back corrected (shown 待审核 from now on). */
  corrected: number;
  files: number;
  bytes: number;
  /** Items not filed under any of the department's indicators (未归类), left out: their titles. */
  left: string[];
  /** Items filed only under indicators the department is no longer assigned (a later 任务包), left out: their titles. */
  unassigned: string[];
}

/** An item left out of the 回传包 because its indicators are no longer the department's. */
export const unassignedWarning = (title: string): string => `《${title}》归在已不由本单位负责的指标下，没有放进回传包（仍保留在本档案中）。`;

export async function exportReturnPacket(a: Archive, out: string, opts: { overwrite?: boolean } = {}, job: JobOptions = {}): Promise<PacketReturnReport> {
  await assertMode(a, 'department', '生成回传包');
  a.assertWritable();
  const target = await packetOutput(a, out, opts.overwrite);
  const filling = await requireFilling(a);
  const codes = new Set(filling.codes);
  const dropped = new Set(filling.dropped ?? []);
  const items = [];
  const blobs: BlobSource[] = [];
  const left: string[] = [];
  const unassigned: string[] = [];
  const corrected: number[] = [];
  for (const item of await listItems(a.db)) {
    const p = toPacketItem(item, codes);
    if (!p.indicators.length) {
      (item.indicators.some((c) => dropped.has(c)) ? unassigned : left).push(item.title);
      continue;
    }
    items.push(p);
    if (item.submission?.review === 'returned' && filling.returnedAs?.[item.uid] !== contentHash(p)) corrected.push(item.id);
    for (const f of item.files) blobs.push({ sha256: f.sha256, size: f.size, abs: await a.store.checkedAbs(f.storePath), name: f.name });
  }
  const ids = new Map((await a.db.all<{ id: number; code: string }>(sql`SELECT id, code FROM indicators`)).map((r) => [r.code, r.id]));
  const statements: ReturnBody['statements'] = [];
  for (const code of filling.codes) {
    const id = ids.get(code);
    if (id != null) statements.push({ code, conclusion: (await getStatement(a.db, id)).conclusion });
  }
  const sequence = filling.returns + 1;
  const packetId = randomUUID();
  const body: ReturnBody = { kind: 'return', items, statements };
  const written = await writePacketZip(
    target,
    {
      format: PACKET_FORMAT, formatVersion: PACKET_FORMAT_VERSION, kind: 'return', packetId,
      archive: { uid: filling.officeUid, name: filling.office }, department: filling.department,
      createdAt: new Date().toISOString(), taskId: filling.packetId, sequence,
    },
    filling.key,
    body,
    blobs,
    job,
  );
  await a.db.transaction(async (tx) => {
    await writeFillingSettings(tx, { ...filling, returns: sequence });
    // Corrected and sent: no longer 退回 here, but waiting for the 创建办 again (待审核).
    if (corrected.length) await tx.run(sql`UPDATE items SET review = 'pending', review_reason = '' WHERE id IN (${sqlList(corrected)})`);
  });
  return {
    department: filling.department, out: target, packetId, sequence, items: items.length,
    statements: statements.filter((s) => s.conclusion).length, corrected: corrected.length, files: written.files, bytes: written.bytes, left, unassigned,
  };
}
