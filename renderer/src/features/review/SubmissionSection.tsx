// In the item editor, on an item a department submitted: who sent it and when, which version it
// is, what the 创建办 decided (by whom, why it was returned), 通过 / 退回… / 改回待审核, and the
// earlier versions a corrected submission replaced (kept, read-only).
import { useEffect, useState } from 'react';
import { REVIEW_LABELS, type Item } from '../../../../shared/domain';
import { bridge, call, errorText } from '../../api/client';
import { Button } from '../../components';
import type { SessionState } from '../../../../shared/api';
import { ACCEPTED_LOCK, app, useReadOnly } from '../../state/app-state';
import { useAbilities } from '../accounts/abilities';
import { acceptItems, askReturn, unreviewItems } from './review-actions';
import { timeText, versionText } from './SubmissionChip';
import './review.css';

type Version = { version: number; replacedAt: string; item: Item };

/** Why the account may not change this item though the archive is writable: a department's item the 创建办 accepted. */
export function itemLock(item: Item | null, session: SessionState | null): string | null {
  return item?.submission?.review === 'accepted' && session?.actor?.role === 'department' ? ACCEPTED_LOCK : null;
}

export function SubmissionSection({ item }: { item: Item }) {
  const s = item.submission;
  const readOnly = useReadOnly();
  const can = useAbilities();
  // The department's side (its LAN account, or its archive opened from a 任务包): what to do next.
  const departmentSide = app.use((st) => st.session?.actor?.role === 'department' || st.session?.archive?.filling != null);
  if (!s) return null;
  const name = item.titleSupplied ? `[${item.title}]` : item.title;
  const decidedBy = s.review !== 'pending' && (s.reviewedBy || s.reviewedAt) ? [s.reviewedBy, timeText(s.reviewedAt)].filter(Boolean).join('，') : '';
  return (
    <div className={`editor-sec sec-submission sub-${s.review}-sec`} data-testid="submission">
      <h3>
        {can.review ? '责任单位提交' : '提交与审核'}
        <span className="tz-spacer" />
        {can.review && !readOnly && (
          <span className="sub-actions">
            {s.review !== 'accepted' && (
              <Button small variant="primary" onClick={() => void acceptItems([item.id])} title="审核通过，计入自查和导出" data-testid="review-accept">
                通过
              </Button>
            )}
            {s.review !== 'returned' && (
              <Button small onClick={() => askReturn([item.id], name)} title="退回责任单位修改（写明原因）" data-testid="review-return">
                退回…
              </Button>
            )}
            {s.review !== 'pending' && (
              <Button small variant="link" onClick={() => void unreviewItems([item.id])} title="撤回审核决定，重新放回待审核" data-testid="review-pending">
                改回待审核
              </Button>
            )}
          </span>
        )}
      </h3>
      <dl className="sub-facts">
        <dt>提交单位</dt>
        <dd data-testid="submission-department">{s.department}</dd>
        <dt>提交时间</dt>
        <dd>{timeText(s.at)}</dd>
        <dt>版本</dt>
        <dd>{s.version > 1 ? `${versionText(s.version)}（退回后改正、重新提交）` : versionText(1)}</dd>
        <dt>审核状态</dt>
        <dd className={`sub-state-text sub-${s.review}-text`} data-testid="submission-review">
          {REVIEW_LABELS[s.review]}
          {s.review === 'pending' ? '（审核通过后计入自查和导出）' : s.review === 'returned' ? '（不计入自查和导出，等责任单位改正）' : ''}
        </dd>
        {s.review === 'returned' && (
          <>
            <dt>退回原因</dt>
            <dd className="sub-reason" data-testid="submission-reason">
              {s.reason || '（没有写原因）'}
            </dd>
          </>
        )}
        {decidedBy && (
          <>
            <dt>审核人</dt>
            <dd data-testid="submission-reviewer">{decidedBy}</dd>
          </>
        )}
      </dl>
      {departmentSide && s.review === 'accepted' && <div className="small muted">已审核通过，不能再修改；需要改动请联系创建办。</div>}
      {departmentSide && s.review === 'returned' && (
        <div className="small sub-reason">{can.signedIn ? '请按退回原因修改；改好后会重新提交给创建办审核。' : '请按退回原因修改，改好后生成回传包交回创建办。'}</div>
      )}
      {s.version > 1 && <EarlierVersions key={`${item.id}:${s.version}`} id={item.id} />}
    </div>
  );
}

/** The versions a corrected submission replaced, newest first, each with why it was returned. */
function EarlierVersions({ id }: { id: number }) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    call('items.versions', { id }).then(
      (v) => live && setVersions(v),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (error) return <div className="small muted">以前的版本没有载入：{error}</div>;
  if (!versions || versions.length === 0) return null;
  return (
    <div data-testid="submission-versions">
      <Button small variant="link" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="versions-toggle">
        {open ? '收起以前的版本' : `以前的版本（${versions.length}）`}
      </Button>
      {open && (
        <ol className="sub-versions">
          {versions.map((v) => {
            const it = v.item;
            const files = it.files ?? [];
            return (
              <li key={v.version} data-testid="submission-version">
                <div>
                  <b>{versionText(v.version)}</b>
                  <span className="muted small">
                    {' '}
                    · {it.submission?.at ? `${timeText(it.submission.at)} 收到` : ''} · {timeText(v.replacedAt)} 被新版替换
                  </span>
                </div>
                <div>
                  {it.titleSupplied ? `[${it.title}]` : it.title}
                  <span className="muted small">
                    {' '}
                    · {it.date ?? '无日期'} · {files.length} 个文件
                  </span>
                </div>
                {files.length > 0 && <div className="small muted">{files.map((f) => f.name).join('、')}</div>}
                {files.some((f) => f.thumbPath) && (
                  <div className="sub-thumbs">
                    {files
                      .filter((f) => f.thumbPath)
                      .slice(0, 8)
                      .map((f) => (
                        // The earlier version's pictures: kept in the archive with it.
                        <img key={f.id} src={bridge.fileUrl(f.thumbPath!)} alt={f.name} title={f.name} onError={(e) => (e.currentTarget.style.display = 'none')} />
                      ))}
                  </div>
                )}
                {it.submission?.reason && <div className="small sub-reason">退回原因：{it.submission.reason}</div>}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
