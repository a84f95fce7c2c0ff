// The mark on an item a department submitted, in the list and the grid: the department and the
// 创建办's decision (待审核 amber, 已通过 green, 退回 red), 第2版 once a corrected version replaced
// the returned one. The tooltip tells the rest (when received, who decided, why it was returned).
import { REVIEW_LABELS, type Submission } from '../../../../shared/domain';
import { app } from '../../state/app-state';
import './review.css';

/** An ISO time as the clerk reads it, in the computer's own time zone: 2026-12-07 09:15. */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function versionText(version: number): string {
  return `第${version}版`;
}

export function submissionTitle(s: Submission): string {
  return [
    `提交单位：${s.department}`,
    `提交时间：${timeText(s.at)}`,
    s.version > 1 ? `${versionText(s.version)}（改正后重新提交）` : '',
    `审核：${REVIEW_LABELS[s.review]}${s.reviewedBy && s.review !== 'pending' ? `（${s.reviewedBy}，${timeText(s.reviewedAt)}）` : ''}`,
    s.review === 'returned' && s.reason ? `退回原因：${s.reason}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `short`: without the department (the list shows one department's only; a department's own account). */
export function SubmissionChip({ s, short }: { s: Submission; short?: boolean }) {
  const own = app.use((st) => st.session?.actor?.role === 'department');
  short ||= own;
  return (
    <span className={`sub-chip sub-${s.review}`} title={submissionTitle(s)} data-testid="submission-chip" data-review={s.review}>
      {!short && <span className="sub-dept">{s.department}</span>}
      {!short && <span className="sub-sep">·</span>}
      <span className="sub-state">{REVIEW_LABELS[s.review]}</span>
      {s.version > 1 && <span className="sub-sep">·</span>}
      {s.version > 1 && <span className="sub-version">{versionText(s.version)}</span>}
    </span>
  );
}
