// 责任单位: the 创建办's overview of what each department owes — its assignments by state, what is
// overdue, the next deadline, the last 回传包 and what waits for review — and from it the
// department's own page, 导出任务包, 接收回传包 and the 催报单. The lists reload when the archive
// changes (a packet merged, a review, another window).
import { useCallback, useEffect, useState } from 'react';
import { ASSIGNMENT_LABELS, ASSIGNMENT_STATES, type DepartmentRow, type DepartmentsOverview } from '../../../../shared/collect-types';
import { call, errorText } from '../../api/client';
import { Button, Dialog, Field, Loading, toast } from '../../components';
import { showView, useReadOnly } from '../../state/app-state';
import { onArchiveChanged } from '../../state/changes';
import { StateCount, when } from './cells';
import { DepartmentPage } from './DepartmentPage';
import { ReceiveDialog, ReminderDialog, SendDialog } from './packet-dialogs';
import './departments.css';

type Open = null | { kind: 'send' | 'reminder'; department?: string } | { kind: 'receive' } | { kind: 'add' };

export function DepartmentsPanel(props: { onClose(): void }) {
  const [data, setData] = useState<DepartmentsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const readOnly = useReadOnly();

  const load = useCallback(async () => {
    try {
      setData(await call('departments.list', {}));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    void load();
    return onArchiveChanged(() => void load(), 500);
  }, [load]);

  // One dialog answers Esc at a time: the one opened from here stands in for the panel.
  if (open?.kind === 'send') return <SendDialog department={open.department} onClose={() => setOpen(null)} />;
  if (open?.kind === 'reminder') return <ReminderDialog department={open.department} onClose={() => setOpen(null)} />;
  if (open?.kind === 'receive') return <ReceiveDialog onClose={() => setOpen(null)} onEnd={() => void load()} />;
  if (open?.kind === 'add')
    return (
      <AddDepartment
        onClose={() => setOpen(null)}
        onAdded={(name) => {
          setOpen(null);
          setSelected(name);
          void load();
        }}
      />
    );

  if (selected)
    return (
      <DepartmentPage
        name={selected}
        onBack={() => {
          setSelected(null);
          void load();
        }}
        onRenamed={setSelected}
        onSend={() => setOpen({ kind: 'send', department: selected })}
        onReminder={() => setOpen({ kind: 'reminder', department: selected })}
        onReview={() => review(selected)}
        onGoto={(code) => {
          props.onClose();
          showView({ kind: 'indicator', code });
        }}
        onClose={props.onClose}
      />
    );

  // To the 审核 queue of one department's items waiting for a decision.
  const review = (department: string) => {
    props.onClose();
    showView({ kind: 'review', review: 'pending', department });
  };

  const t = data?.totals;
  const none = data && data.departments.length === 0;
  return (
    <Dialog title="责任单位" onClose={props.onClose} width={1320} testId="departments">
      <div className="dept-body">
        <div className="dept-toolbar">
          <div className="dept-lead">
            {data ? (
              <>
                <b>{data.departments.length}</b> 个责任单位，<b>{t ? ASSIGNMENT_STATES.reduce((n, s) => n + t[s], 0) : 0}</b> 项任务（责任单位 × 末级指标）。统计到 {data.today}。
                {data.unassigned > 0 && (
                  <span className="dept-warn" data-testid="departments-unassigned">
                    {' '}
                    另有 {data.unassigned} 个末级指标没有填写责任单位。
                  </span>
                )}
              </>
            ) : (
              '\u00a0'
            )}
          </div>
          <Button onClick={() => setOpen({ kind: 'add' })} disabled={!!readOnly} data-testid="departments-add">
            新增责任单位…
          </Button>
          <Button onClick={() => setOpen({ kind: 'reminder' })} disabled={!data || !!none} data-testid="departments-reminder">
            打印催报单
          </Button>
          <Button onClick={() => setOpen({ kind: 'receive' })} disabled={!!readOnly} data-testid="departments-receive">
            接收回传包…
          </Button>
          <Button variant="primary" onClick={() => setOpen({ kind: 'send' })} disabled={!data || !!none} data-testid="departments-send-all">
            导出全部任务包…
          </Button>
        </div>

        {error && (
          <p className="tz-alert-error" role="alert">
            {error}
          </p>
        )}
        {!data && !error && <Loading text="正在统计各责任单位…" />}
        {none && (
          <p className="dept-empty" data-testid="departments-empty">
            还没有责任单位。导入的指标体系中“责任单位”一列填写的单位会自动列在这里；也可以点“新增责任单位…”。
          </p>
        )}

        {data && !none && (
          <div className="dept-table-wrap">
            <table className="dept-table" data-testid="departments-table">
              <thead>
                <tr>
                  <th className="dept-col-name">责任单位</th>
                  <th>联系人</th>
                  <th>电话</th>
                  <th className="num">指标</th>
                  {ASSIGNMENT_STATES.map((s) => (
                    <th key={s} className={`num dept-th-${s}`}>
                      {ASSIGNMENT_LABELS[s]}
                    </th>
                  ))}
                  <th>最近截止</th>
                  <th>最近回传</th>
                  <th className="num" title="收到的材料中还没有审核的件数">待审材料</th>
                  <th className="dept-col-actions" aria-label="操作" />
                </tr>
              </thead>
              <tbody>
                {data.departments.map((d) => (
                  <Row key={d.name} d={d} onOpen={() => setSelected(d.name)} onSend={() => setOpen({ kind: 'send', department: d.name })} onReview={() => review(d.name)} />
                ))}
              </tbody>
              {t && (
                <tfoot>
                  <tr data-testid="departments-totals">
                    <th colSpan={3}>合计</th>
                    <td className="num">{data.departments.reduce((n, d) => n + d.assignments, 0)}</td>
                    {ASSIGNMENT_STATES.map((s) => (
                      <td key={s} className="num" data-state={s}>
                        <StateCount state={s} n={t[s]} />
                      </td>
                    ))}
                    <td />
                    <td />
                    <td className="num">{data.departments.reduce((n, d) => n + d.pending, 0) || '·'}</td>
                    <td />
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        )}
        <p className="dept-muted">
          点责任单位的名称查看它的指标、设置截止日期、退回或修改联系人。逾期：截止日期已过仍未提交，或退回后未重交。收到的材料在顶栏的“审核”中逐件通过或退回。
        </p>
      </div>
    </Dialog>
  );
}

function Row({ d, onOpen, onSend, onReview }: { d: DepartmentRow; onOpen(): void; onSend(): void; onReview(): void }) {
  const late = d.states.overdue > 0;
  return (
    <tr className={late ? 'dept-row dept-row-late' : 'dept-row'} data-testid="department-row" data-name={d.name} onDoubleClick={onOpen}>
      <td className="dept-col-name">
        <button type="button" className="dept-name" onClick={onOpen} title={`查看${d.name}的指标和回传记录`} data-testid="department-open">
          {d.name}
        </button>
        {!d.named && <span className="dept-tag" title="指标体系中没有这个单位，是手动新增的">新增</span>}
      </td>
      <td className="ellipsis" title={d.contact}>
        {d.contact || <span className="dept-muted">未填</span>}
      </td>
      <td className="ellipsis" title={d.phone}>
        {d.phone || <span className="dept-muted">未填</span>}
      </td>
      <td className="num">{d.assignments}</td>
      {ASSIGNMENT_STATES.map((s) => (
        <td key={s} className="num" data-state={s}>
          <StateCount state={s} n={d.states[s]} />
        </td>
      ))}
      <td className={late ? 'dept-late' : undefined}>{when(d.nextDeadline)}</td>
      <td>{d.lastReceived ? when(d.lastReceived) : <span className="dept-muted">未收到</span>}</td>
      <td className="num" data-testid="department-pending">
        {d.pending ? (
          <button type="button" className="dept-pending" onClick={onReview} title={`到“审核”中查看${d.name}交来、等待审核的 ${d.pending} 件材料`} data-testid="department-review">
            {d.pending}
          </button>
        ) : (
          '·'
        )}
      </td>
      <td className="dept-col-actions">
        <Button small onClick={onSend} disabled={d.assignments === 0} title={d.assignments ? `为${d.name}导出任务包` : '还没有负责的指标'} data-testid="department-send">
          任务包
        </Button>
      </td>
    </tr>
  );
}

/** 新增责任单位: one the indicator table does not name (its indicators are then added on its page). */
function AddDepartment(props: { onClose(): void; onAdded(name: string): void }) {
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!name.trim()) return setProblem('请填写责任单位的名称，例如“县教育局”。');
    setBusy(true);
    try {
      const d = await call('departments.add', { name: name.trim(), contact: contact.trim(), phone: phone.trim() });
      toast(`已新增责任单位“${d.department.name}”。请在它的页面中添加负责的指标。`, { kind: 'success' });
      props.onAdded(d.department.name);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="新增责任单位"
      onClose={props.onClose}
      width={520}
      testId="department-add"
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void add()} disabled={busy} data-testid="department-add-save">
            新增
          </Button>
        </>
      }
    >
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="名称" error={problem}>
          <input className="tz-input" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="department-add-name" />
        </Field>
        <Field label="联系人">
          <input className="tz-input" value={contact} onChange={(e) => setContact(e.target.value)} maxLength={500} />
        </Field>
        <Field label="电话">
          <input className="tz-input" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} />
        </Field>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
