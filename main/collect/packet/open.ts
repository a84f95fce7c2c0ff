// A department opens its 任务包: the packet is checked whole, then becomes a small archive of the
// department's own in an empty folder (填报模式): the campaign, its indicators and their ancestors,
// its deadlines and the 创建办's notes, its last 结论性说明, and the items returned to it with
// their reasons. Everything the app does works there, except the exports (only the 回传包).
// A later 任务包 opened into the folder of that archive updates it instead (update.ts).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Archive, DB_NAME } from '../../archive/archive';
import { sql, trustedSql } from '../../archive/db';
import { writeIndicatorRows, type StoredIndicatorRow } from '../../archive/indicators-repo';
import { writeStatement } from '../../archive/statements-repo';
import type { JobOptions } from '../../jobs/cancel';
import type { PacketOpenReport } from '../../../shared/collect-types';
import { TaizhangError } from '../../../shared/errors';
import { ensureDepartment } from '../departments';
import { contentHash, insertReceived, recordBlobs, storeReceived } from './items';
import { writeFillingSettings } from './filling';
import { blobNames, OFFICE_ACTOR, readTaskPacket } from './task-read';
import { updateFromPacket } from './update';

/**
 * Verifies the packet and makes the department's own archive (填报模式) in the empty folder dir,
 * or, when dir holds the department's 填报 archive already, brings it up to this 任务包.
 */
export async function openPacket(zip: string, dir: string, job: JobOptions = {}): Promise<PacketOpenReport> {
  const abs = path.resolve(dir);
  if (await fs.stat(path.join(abs, DB_NAME)).then((s) => s.isFile(), () => false)) return updateFromPacket(zip, abs, job);
  // Said before the packet is read through, not after.
  const before = await fs.readdir(abs).catch(() => [] as string[]);
  if (before.some((n) => !n.startsWith('.'))) {
    throw new TaizhangError('BAD_INPUT', `文件夹 ${abs} 不是空的，也不是填报档案。请为填报档案新建一个空文件夹，或选择本单位已有的填报档案文件夹。`);
  }
  const { pz, body, names, shown, deadline } = await readTaskPacket(zip);

  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-packet-'));
  try {
    const extracted = await pz.extractBlobs(work, shown, job);
    const a = await Archive.create(abs, body.campaign);
    let made = false;
    try {
      const blobs = await storeReceived(a, extracted, blobNames(names), job);
      const codes = body.assignments.map((x) => x.code);
      await a.db.transaction(async (tx) => {
        // In the one transaction that fills it: an archive in 填报模式 is always a whole one.
        await tx.run(sql`UPDATE campaign SET mode = 'department' WHERE id = 1`);
        await recordBlobs(tx, blobs);
        // Columns a newer 创建办 app may store and this one does not know are left out.
        const known = new Set((await tx.all<{ name: string }>(trustedSql('PRAGMA table_info(indicators)'))).map((c) => c.name));
        const rows = body.indicators.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => known.has(k))) as StoredIndicatorRow);
        await writeIndicatorRows(tx, new Map(), new Map(rows.map((r) => [r.id, r])));
        const ids = new Map((await tx.all<{ id: number; code: string }>(sql`SELECT id, code FROM indicators`)).map((r) => [r.code, r.id]));
        const depId = await ensureDepartment(tx, body.department.name);
        await tx.run(sql`UPDATE departments SET contact = ${body.department.contact}, phone = ${body.department.phone}, note = ${body.department.note},
          packet_key = ${body.key} WHERE id = ${depId}`);
        for (const x of body.assignments) {
          const ind = ids.get(x.code);
          if (ind == null) continue;
          const returned = x.state === 'returned' && x.reason ? { reason: x.reason, at: pz.manifest.createdAt } : { reason: '', at: null };
          await tx.run(sql`INSERT INTO assignments (department_id, indicator_id, assigned, deadline, note, conclusion, submitted_at, returned_reason, returned_at)
            VALUES (${depId}, ${ind}, 1, ${x.deadline}, ${x.note}, ${x.conclusion}, ${x.submittedAt}, ${returned.reason}, ${returned.at})`);
          // What it wrote last time, to be revised rather than written again.
          if (x.conclusion) await writeStatement(tx, ind, { conclusion: x.conclusion, selfScore: null, actual: null, actualReason: '' }, OFFICE_ACTOR);
        }
        for (const item of body.returned) {
          const id = await insertReceived(tx, item, item.indicators.map((c) => ids.get(c)).filter((x): x is number => x != null));
          // Shown as 退回 with the 创建办's reason until the department corrects it.
          await tx.run(sql`UPDATE items SET submitted_by = ${depId}, submitted_at = ${pz.manifest.createdAt}, version = ${item.version},
            review = 'returned', review_reason = ${item.reason} WHERE id = ${id}`);
        }
        await writeFillingSettings(tx, {
          department: body.department.name,
          office: pz.manifest.archive.name,
          officeUid: pz.manifest.archive.uid,
          packetId: pz.manifest.packetId,
          deadline,
          returns: 0,
          taskSequence: pz.manifest.sequence,
          note: body.department.note,
          key: body.key,
          codes,
          returnedAs: Object.fromEntries(body.returned.map(({ version: _v, reason: _r, ...p }) => [p.uid, contentHash(p)])),
        });
      });
      made = true;
      return { dir: abs, department: body.department.name, indicators: codes.length, returned: body.returned.length, deadline };
    } finally {
      await a.close();
      // A half-made archive would only be in the way of opening the packet again: what this
      // call put into the folder (empty before) goes.
      if (!made) {
        for (const n of await fs.readdir(abs).catch(() => [] as string[])) {
          if (!before.includes(n)) await fs.rm(path.join(abs, n), { recursive: true, force: true }).catch(() => undefined);
        }
      }
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}
