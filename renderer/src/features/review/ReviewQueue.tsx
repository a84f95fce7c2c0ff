// The review queue (审核): the top bar's 审核 button with how many items wait, the list's head in
// the queue (which decision, which department) and what the selection bar and the right-click
// menu offer on submitted items: 通过, 退回…, and 改回待审核 for a decision taken by mistake.
import { useEffect, useState } from 'react';
import { REVIEW_LABELS, REVIEW_STATES } from '../../../../shared/domain';
import type { ItemSummary } from '../../../../shared/api';
import { call } from '../../api/client';
import { Button, EmptyState, type MenuEntry } from '../../components';
import { app, showView, type View } from '../../state/app-state';
import { onArchiveChanged, RELOAD_DELAY } from '../../state/changes';
import { abilities, useAbilities } from '../accounts/abilities';
import { acceptItems, askReturn, unreviewItems } from './review-actions';
import './review.css';

type ReviewView = Extract<View, { kind: 'review' }>;

/** What the button knows: items waiting, and whether any department submitted anything at all. */
async function queueCounts(): Promise<{ pending: number; any: boolean }> {
  const pending = (await call('items.list', { review: 'pending' })).length;
  if (pending > 0) return { pending, any: true };
  const [accepted, returned] = await Promise.all([call('items.list', { review: 'accepted' }), call('items.list', { review: 'returned' })]);
  return { pending, any: accepted.length + returned.length > 0 };
}

/**
 * 审核 in the top bar, with how many submitted items wait for a decision. An archive no department
 * has sent anything to does not show it (the one clerk who files everything herself never needs it).
 */
export function ReviewButton() {
  const view = app.use((s) => s.view);
  const can = useAbilities();
  const [counts, setCounts] = useState<{ pending: number; any: boolean }>({ pending: 0, any: false });

  useEffect(() => {
    if (!can.reviewQueue) return;
    let live = true;
    const load = () => void queueCounts().then((c) => live && setCounts(c), () => {});
    load();
    const stop = onArchiveChanged(load, RELOAD_DELAY);
    window.addEventListener('tz-items-changed', load);
    return () => {
      live = false;
      stop();
      window.removeEventListener('tz-items-changed', load);
    };
  }, [can.reviewQueue]);

  const here = view?.kind === 'review';
  if (!can.reviewQueue || (!counts.any && !here)) return null;
  return (
    <Button
      onClick={() => showView({ kind: 'review', review: 'pending', department: '' })}
      aria-pressed={here}
      title={counts.pending ? `责任单位提交的材料中，${counts.pending} 件等待审核（通过或退回）` : '责任单位提交的材料：待审核、已通过、退回'}
      data-testid="open-review"
    >
      审核
      {counts.pending > 0 && (
        <span className="review-count" data-testid="review-count">
          {counts.pending}
        </span>
      )}
    </Button>
  );
}

/** The list's head in the queue. */
export function ReviewHeading({ view }: { view: ReviewView }) {
  return (
    <span className="col-title" data-testid="list-title" title="责任单位提交的材料：通过后计入自查和导出，退回的写明原因交回责任单位修改">
      {view.department ? `审核 · ${view.department}` : '审核'}
    </span>
  );
}

/** Under the list's head in the queue: which decision, which department. */
export function ReviewFilters({ view }: { view: ReviewView }) {
  const tree = app.use((s) => s.tree);
  const items = app.use((s) => s.items);
  // The departments the indicators name, and any that submitted without being named (added by the clerk).
  const names = [...new Set([...(tree?.departments ?? []), ...(items ?? []).map((i) => i.submission?.department ?? ''), view.department].filter(Boolean))];
  return (
    <div className="review-filters" data-testid="review-filters">
      <div className="seg" role="group" aria-label="审核状态">
        {REVIEW_STATES.map((r) => (
          <button key={r} type="button" aria-pressed={view.review === r} onClick={() => showView({ ...view, review: r })} data-testid={`review-state-${r}`}>
            {REVIEW_LABELS[r]}
          </button>
        ))}
      </div>
      <span className="tz-spacer" />
      <label className="muted small" htmlFor="review-department">
        提交单位
      </label>
      <select
        id="review-department"
        className="tz-input"
        value={view.department}
        onChange={(e) => showView({ ...view, department: e.target.value })}
        data-testid="review-department"
      >
        <option value="">全部单位</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

export function reviewEmpty(view: ReviewView) {
  const who = view.department || '责任单位';
  if (view.review === 'pending') return <EmptyState title="没有待审核的材料" hint={`${who}提交的材料都已审核。收到新的回传包（或局域网上有新提交）后，会列在这里。`} />;
  if (view.review === 'accepted') return <EmptyState title="还没有通过的材料" hint={`${who}提交的材料审核通过后列在这里，计入自查和导出。`} />;
  return <EmptyState title="没有退回的材料" hint={`退回给${who}修改、还没有重新提交的材料列在这里。`} />;
}

/** Of `ids`, the items a department submitted (in the list shown): what 通过 and 退回 apply to. */
export function submittedOf(ids: number[], rows: ItemSummary[] | null = app.get().items): number[] {
  const byId = new Map((rows ?? []).map((r) => [r.id, r]));
  return ids.filter((id) => byId.get(id)?.submission);
}

/** 通过 and 退回… in the selection bar, when the selection holds submitted items and the account may decide. */
export function ReviewSelectionButtons({ ids, readOnly }: { ids: number[]; readOnly: boolean }) {
  const items = app.use((s) => s.items);
  const can = useAbilities();
  const subs = submittedOf(ids, items);
  if (!can.review || subs.length === 0) return null;
  const no = readOnly ? '档案是只读的，不能审核' : undefined;
  const part = subs.length < ids.length ? `其中责任单位提交的 ${subs.length} 件` : `这 ${subs.length} 件`;
  return (
    <>
      <Button small variant="primary" disabled={readOnly} title={no ?? `${part}审核通过，计入自查和导出`} onClick={() => void acceptItems(subs)} data-testid="sel-review-accept">
        通过
      </Button>
      <Button small disabled={readOnly} title={no ?? `${part}退回责任单位修改（写明原因）`} onClick={() => askReturn(subs)} data-testid="sel-review-return">
        退回…
      </Button>
    </>
  );
}

/** The right-click menu's review entries (none when nothing chosen was submitted or the account may not decide). */
export function reviewMenuEntries(ids: number[], readOnly: boolean): (MenuEntry | null)[] {
  const subs = submittedOf(ids);
  if (!abilities().review || subs.length === 0) return [];
  const many = subs.length > 1 ? ` ${subs.length} 件` : '';
  const rows = app.get().items ?? [];
  const decided = rows.some((r) => subs.includes(r.id) && r.submission && r.submission.review !== 'pending');
  return [
    { label: `通过${many}`, run: () => void acceptItems(subs), disabled: readOnly, testId: 'menu-review-accept' },
    { label: `退回${many}…`, run: () => askReturn(subs), disabled: readOnly, testId: 'menu-review-return' },
    ...(decided ? [{ label: `改回待审核${many}`, run: () => void unreviewItems(subs), disabled: readOnly, testId: 'menu-review-pending' }] : []),
    null,
  ];
}
