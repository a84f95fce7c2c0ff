// What a department makes or changes on the LAN is its submission: attributed to it (提交单位,
// 提交时间) and waiting for the 创建办's review again (待审核), as a merged 回传包 would be.
import type { Archive } from '../archive/archive';
import { sql, sqlList } from '../archive/db';
import type { Actor } from '../../shared/collect-types';
import { currentActor } from '../api/actor';

/**
 * Marks the items as submitted now by the actor's department (by default the caller of the call
 * being served, also inside a job it started); nothing for 本机, the 创建办 or a reviewer.
 * Items another department submitted are left as they are.
 */
export async function markSubmitted(archive: Archive, ids: number[], actor: Actor = currentActor()): Promise<void> {
  if (actor.role !== 'department' || !actor.department || !ids.length || archive.readOnly) return;
  const dept = await archive.db.get<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${actor.department}`);
  if (!dept) return;
  await archive.db.run(sql`UPDATE items SET submitted_by = ${dept.id}, submitted_at = ${new Date().toISOString()}, review = 'pending', review_reason = ''
    WHERE id IN (${sqlList([...new Set(ids)])}) AND (submitted_by IS NULL OR submitted_by = ${dept.id})`);
}
