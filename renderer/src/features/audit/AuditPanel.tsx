// 审计日志: every write to the archive — who (the account, its role and department), when, what
// (the action in words and what it was about), whether it was done or refused and why, and from
// which address on the LAN. The 创建办 reads it; a filter shows one account's.
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, type AuditEntry, type UserInfo } from '../../../../shared/collect-types';
import { call, errorText } from '../../api/client';
import { Button, Dialog, EmptyState, Loading } from '../../components';
import { onArchiveChanged } from '../../state/changes';
import { timeText } from '../review/SubmissionChip';
import { actionText, detailText, parseDetail, subjectText } from '../../../../shared/audit-words';
import './audit.css';

const LIMIT = 500;

/** The actions in the clerk's words; an action not named here shows as the service calls it. */

/** The titles of the items (live and in the trash) by id; none when they cannot be read (the log still shows). */
async function itemTitles(): Promise<Map<number, string>> {
  try {
    const lists = await Promise.all([call('items.list', {}), call('items.list', { trash: true })]);
    return new Map(lists.flat().map((i) => [i.id, i.titleSupplied ? `[${i.title}]` : i.title]));
  } catch {
    return new Map();
  }
}

export function AuditPanel({ onClose }: { onClose(): void }) {
  const [user, setUser] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [users, setUsers] = useState<UserInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  // Items are named by their titles (those in the trash too): the rows come with them, not before.
  const [titles, setTitles] = useState<Map<number, string>>(new Map());
  const load = useCallback(async () => {
    try {
      const [list, named] = await Promise.all([call('audit.list', { limit: LIMIT, user: user || undefined }), itemTitles()]);
      setTitles(named);
      setEntries(list);
      setError(null);
    } catch (e) {
      setError(errorText(e));
      setEntries([]);
    }
  }, [user]);

  useEffect(() => {
    void load();
    return onArchiveChanged(() => void load(), 800);
  }, [load]);

  useEffect(() => {
    call('users.list', {}).then(setUsers, () => setUsers([]));
  }, []);

  // The accounts to filter by: the LAN accounts and whoever the log names (本机, accounts since removed).
  const names = [...new Set([...users.map((u) => u.name), ...(entries ?? []).map((e) => e.user), user].filter(Boolean))];

  return (
    <Dialog
      title="审计日志"
      onClose={onClose}
      width={1100}
      testId="audit-panel"
      footer={
        <>
          <span className="small muted" style={{ marginRight: 'auto' }}>
            每一次修改都记在这里：谁、什么时候、做了什么、从哪台电脑。{entries && entries.length >= LIMIT ? `只显示最近 ${LIMIT} 条。` : ''}
          </span>
          <Button onClick={onClose}>关闭</Button>
        </>
      }
    >
      <div className="audit-body">
        <div className="audit-filter">
          <label htmlFor="audit-user" className="muted">
            账号
          </label>
          <select id="audit-user" className="tz-input" style={{ width: 180 }} value={user} onChange={(e) => setUser(e.target.value)} data-testid="audit-user">
            <option value="">全部账号</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <Button small onClick={() => void load()} data-testid="audit-reload">
            刷新
          </Button>
        </div>
        {error && (
          <p className="tz-alert-error" role="alert">
            {error}
          </p>
        )}
        {entries == null ? (
          <Loading />
        ) : entries.length === 0 && !error ? (
          <EmptyState title="还没有记录" hint={user ? `账号“${user}”没有做过修改。` : '有人修改档案（导入、填写、审核、登录……）后，这里会记下来。'} />
        ) : (
          <div className="audit-scroll">
            <table className="report-table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th style={{ width: 128 }}>时间</th>
                  <th style={{ width: 150 }}>账号</th>
                  <th style={{ width: 130 }}>操作</th>
                  <th style={{ width: 150 }}>对象</th>
                  <th style={{ width: 56 }}>结果</th>
                  <th>说明</th>
                  <th style={{ width: 110 }}>地址</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <AuditRow key={e.id} e={e} titles={titles} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Dialog>
  );
}

function AuditRow({ e, titles }: { e: AuditEntry; titles: Map<number, string> }) {
  const { args, reason } = parseDetail(e.detail);
  return (
    <tr className={e.ok ? '' : 'audit-refused'} data-testid="audit-row" data-action={e.action} data-ok={e.ok ? '1' : '0'}>
      <td className="nowrap">{timeText(e.at)}</td>
      <td>
        {e.user}
        <div className="small muted">{e.role === 'department' && e.department ? e.department : (ROLE_LABELS[e.role] ?? e.role)}</div>
      </td>
      <td title={e.action}>{actionText(e.action)}</td>
      <td className="audit-subject">{subjectText(e, args, titles)}</td>
      <td className={e.ok ? 'audit-ok' : 'audit-no'}>{e.ok ? '完成' : '被拒绝'}</td>
      <td className="audit-detail" title={e.detail}>
        {detailText(e, args, reason)}
      </td>
      <td className="nowrap">{e.address || '本机'}</td>
    </tr>
  );
}
