// 审核: the 创建办 accepts or returns (退回, with a reason) the items a department submitted. One
// action on a selection, one change-log line, one undo, like every other action on items.
import type { Archive } from '../archive/archive';
import { runAction, type ItemsOutcome } from '../items/action';
import { allIn, runIn } from '../archive/chunks';
import { sql } from '../archive/db';
import { TaizhangError } from '../../shared/errors';
import { REVIEW_LABELS, type ReviewState } from '../../shared/domain';

export type ReviewDecision = 'accept' | 'return' | 'pending';
const STATE: Record<ReviewDecision, ReviewState> = { accept: 'accepted', return: 'returned', pending: 'pending' };

export async function reviewItems(a: Archive, ids: number[], decision: ReviewDecision, reason: string, actor: string): Promise<ItemsOutcome> {
  const why = reason.trim();
  if (decision === 'return' && !why) throw new TaizhangError('BAD_INPUT', '退回时请写明原因（例如：缺少签到表、照片不清晰），责任单位会在任务包里看到它。');
  const state = STATE[decision];
  return runAction(a, actor, 'items.review', async (tx, scope) => {
    const unique = [...new Set(ids)];
    const rows = await allIn<{ id: number; title: string; submitted_by: number | null; review: ReviewState | null; review_reason: string; deleted_at: string | null }>(
      tx,
      unique,
      (l) => sql`SELECT id, title, submitted_by, review, review_reason, deleted_at FROM items WHERE id IN (${l})`,
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = unique.find((id) => !found.has(id));
    if (missing != null) throw new TaizhangError('NOT_FOUND', `找不到第 ${missing} 号材料，它可能已被彻底删除。`);
    const own = rows.filter((r) => r.submitted_by == null);
    if (own.length) {
      throw new TaizhangError('BAD_INPUT', `“${own[0].title}”${own.length > 1 ? `等 ${own.length} 件` : ''}是创建办自己的材料，不是责任单位提交的，无需审核。`);
    }
    const change = rows.filter((r) => (r.review ?? 'pending') !== state || (decision === 'return' && r.review_reason !== why));
    const label = `${decision === 'return' ? '退回' : decision === 'accept' ? '审核通过' : '改回待审核'}（${unique.length} 件）`;
    if (!change.length) return { ids: unique, itemId: unique[0], message: `这 ${unique.length} 件材料已是“${REVIEW_LABELS[state]}”，没有改动。`, label, changed: false };
    await scope.touch(change.map((r) => r.id));
    const at = new Date().toISOString();
    await runIn(tx, change.map((r) => r.id), (l) =>
      sql`UPDATE items SET review = ${state}, review_reason = ${decision === 'return' ? why : ''},
        reviewed_at = ${decision === 'pending' ? null : at}, reviewed_by = ${decision === 'pending' ? '' : actor} WHERE id IN (${l})`,
    );
    const message =
      decision === 'accept'
        ? `已审核通过 ${change.length} 件材料，它们计入自评。`
        : decision === 'return'
          ? `已退回 ${change.length} 件材料（${why}），下次导出提交它们的责任单位的任务包时，会一并发回修改。`
          : `已将 ${change.length} 件材料改回待审核。`;
    return { ids: unique, itemId: unique[0], message, label, detail: { decision, reason: why } };
  });
}
