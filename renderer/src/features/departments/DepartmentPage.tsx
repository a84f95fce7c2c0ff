// One department's page: contact person, phone and the note its packet carries (editable), its
// assignments — deadline, state, the reason of a return, the items received and the 结论性说明 —
// with deadlines set for a selection or all, indicators added or taken away, a whole assignment
// returned with a reason; and the packets sent and received.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ASSIGNMENT_LABELS, ASSIGNMENT_STATES, type Assignment, type DepartmentDetail } from '../../../../shared/collect-types';
import { call, errorText } from '../../api/client';
import { Button, Dialog, Field, Loading, toast } from '../../components';
import { failed, mayEdit, useReadOnly } from '../../state/app-state';
import { onArchiveChanged } from '../../state/changes';
import { IndicatorPicker } from '../items/IndicatorPicker';
import { when, whenShort } from './cells';

type Sub = null | { kind: 'return'; a: Assignment } | { kind: 'assign' } | { kind: 'note'; codes: string[] };

export function DepartmentPage(props: {
  name: string;
  onBack(): void;
  onRenamed(name: string): void;
  onSend(): void;
  onReminder(): void;
  /** To the indicator's items in the main list. */
  onGoto(code: string): void;
  /** To the 审核 queue of this department's items waiting for a decision. */
  onReview(): void;
  onClose(): void;
}) {
  const [detail, setDetail] = useState<DepartmentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [deadline, setDeadline] = useState('');
  const [sub, setSub] = useState<Sub>(null);
  const readOnly = useReadOnly();

  const load = useCallback(async () => {
    try {
      setDetail(await call('departments.get', { name: props.name }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [props.name]);

  useEffect(() => {
    void load();
    return onArchiveChanged(() => void load(), 500);
  }, [load]);

  const codes = useMemo(() => detail?.assignments.map((a) => a.code) ?? [], [detail]);
  const chosen = codes.filter((c) => checked.has(c));

  /** A write on this department: the answer is the page as it is now. */
  const write = async (run: () => Promise<DepartmentDetail>, said: string) => {
    if (!mayEdit()) return false;
    try {
      setDetail(await run());
      toast(said, { kind: 'success' });
      return true;
    } catch (e) {
      failed(e);
      return false;
    }
  };

  const setDeadlines = async (clear = false) => {
    if (!clear && !deadline) return toast('请先选择截止日期。', { kind: 'info' });
    const target = chosen.length ? chosen : undefined;
    const count = target?.length ?? codes.length;
    const ok = await write(
      () => call('assignments.set', { department: props.name, ...(target && { codes: target }), deadline: clear ? null : deadline }),
      clear ? `已清除 ${count} 个指标的截止日期。` : `已将 ${count} 个指标的截止日期设为 ${deadline}。`,
    );
    if (ok) setChecked(new Set());
  };

  if (sub?.kind === 'return')
    return (
      <ReturnAssignment
        department={props.name}
        a={sub.a}
        onClose={() => setSub(null)}
        onDone={(d) => {
          setDetail(d);
          setSub(null);
        }}
      />
    );
  if (sub?.kind === 'note')
    return (
      <AssignmentNote
        department={props.name}
        codes={sub.codes}
        all={sub.codes.length === codes.length}
        current={detail?.assignments.find((a) => a.code === sub.codes[0])?.note ?? ''}
        onClose={() => setSub(null)}
        onDone={(d) => {
          setDetail(d);
          setSub(null);
          setChecked(new Set());
        }}
      />
    );
  if (sub?.kind === 'assign')
    return (
      <IndicatorPicker
        title={`给${props.name}增加指标`}
        hint="选一个末级指标，它会出现在这个单位的任务包中（指标体系中的责任单位一栏不变）。"
        confirm="增加"
        onClose={() => setSub(null)}
        onPick={(code) =>
          void write(() => call('assignments.set', { department: props.name, codes: [code], assigned: true }), `已把指标 ${code} 交给${props.name}。`)
        }
      />
    );

  const d = detail?.department;
  return (
    <Dialog title={`责任单位：${props.name}`} onClose={props.onClose} width={1320} testId="department-page">
      <div className="dept-body">
        <div className="dept-toolbar">
          <Button variant="link" onClick={props.onBack} data-testid="department-back">
            ← 全部责任单位
          </Button>
          <div className="dept-lead">
            {d && (
              <span className="dept-states" data-testid="department-states">
                {ASSIGNMENT_STATES.filter((s) => d.states[s] > 0).map((s) => (
                  <span key={s} className={`dept-chip dept-chip-${s}`}>
                    {ASSIGNMENT_LABELS[s]} {d.states[s]}
                  </span>
                ))}
                {d.pending > 0 && (
                  <button type="button" className="dept-chip dept-chip-submitted dept-chip-link" onClick={props.onReview} title="到“审核”中逐件通过或退回" data-testid="department-review-chip">
                    待审材料 {d.pending} 件 →
                  </button>
                )}
              </span>
            )}
          </div>
          <Button onClick={props.onReminder} disabled={!d} data-testid="department-reminder">
            打印催报单
          </Button>
          <Button
            variant="primary"
            onClick={props.onSend}
            disabled={!d || detail?.assignments.length === 0}
            title={detail?.assignments.length === 0 ? '这个单位还没有负责的指标，先点“增加指标…”' : undefined}
            data-testid="department-send-one"
          >
            导出任务包…
          </Button>
        </div>
        {error && (
          <p className="tz-alert-error" role="alert">
            {error}
          </p>
        )}
        {!detail && !error && <Loading />}
        {detail && d && (
          <div className="dept-page">
            <Contact key={`${d.name}|${d.contact}|${d.phone}|${d.note}`} d={detail} readOnly={!!readOnly} onSaved={(x) => (setDetail(x), x.department.name !== props.name && props.onRenamed(x.department.name))} />
            <section className="dept-assignments">
              <div className="dept-section-head">
                <h3>负责的指标（{detail.assignments.length}）</h3>
                <span className="dept-setbar" data-testid="deadline-bar">
                  <span className="dept-muted">{chosen.length ? `选中 ${chosen.length} 个指标：` : '全部指标：'}</span>
                  <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} aria-label="截止日期" data-testid="deadline-input" />
                  <Button small onClick={() => void setDeadlines()} disabled={!!readOnly || !codes.length} data-testid="deadline-set">
                    设为截止日期
                  </Button>
                  <Button small variant="link" onClick={() => void setDeadlines(true)} disabled={!!readOnly || !codes.length}>
                    清除
                  </Button>
                  <Button small onClick={() => setSub({ kind: 'note', codes: chosen.length ? chosen : codes })} disabled={!!readOnly || !codes.length} title="写给该单位的、关于这些指标的要求，印在任务包中" data-testid="assign-note">
                    写说明…
                  </Button>
                  <Button small onClick={() => setSub({ kind: 'assign' })} disabled={!!readOnly} data-testid="assign-add">
                    增加指标…
                  </Button>
                </span>
              </div>
              {detail.assignments.length === 0 ? (
                <p className="dept-empty">这个单位还没有负责的指标。点“增加指标…”把末级指标交给它，或在指标体系的“责任单位”中写上它的名称。</p>
              ) : (
                <div className="dept-table-wrap">
                  <table className="dept-table dept-table-assign" data-testid="assignments-table">
                    <thead>
                      <tr>
                        <th className="dept-col-check">
                          <input
                            type="checkbox"
                            aria-label="全选"
                            checked={chosen.length === codes.length && codes.length > 0}
                            onChange={(e) => setChecked(new Set(e.target.checked ? codes : []))}
                          />
                        </th>
                        <th>编号</th>
                        <th>指标</th>
                        <th>截止日期</th>
                        <th>状态</th>
                        <th className="num" title="收到的材料：待审核 / 已通过 / 退回">材料</th>
                        <th>结论性说明</th>
                        <th>收到</th>
                        <th className="dept-col-actions" aria-label="操作" />
                      </tr>
                    </thead>
                    <tbody>
                      {detail.assignments.map((a) => (
                        <AssignmentRow
                          key={a.code}
                          a={a}
                          checked={checked.has(a.code)}
                          readOnly={!!readOnly}
                          onCheck={(on) =>
                            setChecked((s) => {
                              const n = new Set(s);
                              if (on) n.add(a.code);
                              else n.delete(a.code);
                              return n;
                            })
                          }
                          onReturn={() => setSub({ kind: 'return', a })}
                          onGoto={() => props.onGoto(a.code)}
                          onRemove={() =>
                            void write(
                              () => call('assignments.set', { department: props.name, codes: [a.code], assigned: false }),
                              `已把指标 ${a.code} 从${props.name}的任务中移除。`,
                            )
                          }
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="dept-packets">
              <h3>任务包与回传记录</h3>
              {detail.packets.length === 0 ? (
                <p className="dept-muted" data-testid="packets-none">
                  还没有发出任务包，也没有收到回传包。
                </p>
              ) : (
                <ul className="dept-packet-list" data-testid="packets">
                  {detail.packets.map((p) => (
                    <li key={p.id} data-direction={p.direction}>
                      <span className={p.direction === 'out' ? 'dept-dir dept-dir-out' : 'dept-dir dept-dir-back'}>{p.direction === 'out' ? '发出' : '收回'}</span>
                      <span className="dept-muted">{when(p.at)}</span>
                      {p.sequence > 0 && <span className="dept-muted">第 {p.sequence} 份</span>}
                      <span>{p.summary}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        )}
      </div>
    </Dialog>
  );
}

function AssignmentRow(props: { a: Assignment; checked: boolean; readOnly: boolean; onCheck(on: boolean): void; onReturn(): void; onRemove(): void; onGoto(): void }) {
  const { a } = props;
  const received = a.pending + a.accepted + a.returned;
  return (
    <tr data-testid="assignment-row" data-code={a.code} data-state={a.state} className={props.checked ? 'dept-row-checked' : undefined}>
      <td className="dept-col-check">
        <input type="checkbox" checked={props.checked} onChange={(e) => props.onCheck(e.target.checked)} aria-label={`选择 ${a.code}`} />
      </td>
      <td className="dept-code">{a.code}</td>
      <td className="dept-col-title">
        <button
          type="button"
          className="dept-goto ellipsis"
          onClick={props.onGoto}
          title={`${a.requirement ? `${a.title}\n${a.requirement}\n` : ''}点击查看这个指标下的材料`}
          data-testid="assignment-goto"
        >
          {a.title}
        </button>
        {a.state === 'returned' || (a.reason && a.state === 'overdue') ? (
          <div className="dept-reason" data-testid="assignment-reason">
            退回原因：{a.reason || '（未写）'}
          </div>
        ) : null}
        {a.note && (
          <div className="dept-note ellipsis" title={a.note} data-testid="assignment-note">
            说明：{a.note}
          </div>
        )}
        {!a.named && <span className="dept-tag">手动增加</span>}
      </td>
      <td className={a.state === 'overdue' ? 'dept-late' : undefined}>{a.deadline ?? <span className="dept-muted">未设</span>}</td>
      <td>
        <span className={`dept-chip dept-chip-${a.state}`} data-testid="assignment-state">
          {ASSIGNMENT_LABELS[a.state]}
        </span>
      </td>
      <td className="num" title={`待审核 ${a.pending} 件，已通过 ${a.accepted} 件，退回 ${a.returned} 件`}>
        {received ? (
          <span className="dept-counts">
            {[
              a.pending > 0 && <span key="p" className="dept-n-submitted">待审 {a.pending}</span>,
              a.accepted > 0 && <span key="a" className="dept-n-accepted">通过 {a.accepted}</span>,
              a.returned > 0 && <span key="r" className="dept-n-returned">退回 {a.returned}</span>,
            ].filter(Boolean)}
          </span>
        ) : (
          <span className="dept-muted">—</span>
        )}
      </td>
      <td className="dept-col-conclusion">
        {a.conclusion ? (
          <div className="ellipsis" title={a.conclusion}>
            {a.conclusion}
          </div>
        ) : (
          <span className="dept-muted">未收到</span>
        )}
      </td>
      {/* A 回传包 that brought nothing for this indicator is no receipt of it. */}
      <td title={a.submittedAt ? when(a.submittedAt) : undefined}>{a.submittedAt && (received || a.conclusion) ? whenShort(a.submittedAt) : <span className="dept-muted">—</span>}</td>
      <td className="dept-col-actions">
        <Button small onClick={props.onReturn} disabled={props.readOnly || a.state === 'open'} title={a.state === 'open' ? '还没有收到这个指标的材料' : '整项退回，请责任单位重新提交'} data-testid="assignment-return">
          退回…
        </Button>
        {!a.named && (
          <Button small variant="link" onClick={props.onRemove} disabled={props.readOnly} title="这个指标是手动交给该单位的，可以移除">
            移除
          </Button>
        )}
      </td>
    </tr>
  );
}

/** Contact person, phone, name and the note its packet and 催报单 carry. */
function Contact(props: { d: DepartmentDetail; readOnly: boolean; onSaved(d: DepartmentDetail): void }) {
  const dep = props.d.department;
  const [name, setName] = useState(dep.name);
  const [contact, setContact] = useState(dep.contact);
  const [phone, setPhone] = useState(dep.phone);
  const [note, setNote] = useState(dep.note);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = name !== dep.name || contact !== dep.contact || phone !== dep.phone || note !== dep.note;
  const save = async () => {
    if (!name.trim()) return setProblem('名称不能为空。');
    if (!mayEdit()) return;
    setBusy(true);
    try {
      const patch = {
        ...(name.trim() !== dep.name && { name: name.trim() }),
        ...(contact !== dep.contact && { contact: contact.trim() }),
        ...(phone !== dep.phone && { phone: phone.trim() }),
        ...(note !== dep.note && { note }),
      };
      const d = await call('departments.update', { name: dep.name, patch });
      toast(patch.name ? `已改名为“${d.department.name}”，指标体系中的责任单位和它提交的材料一并改过。` : '已保存。', { kind: 'success' });
      setProblem(null);
      props.onSaved(d);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="dept-contact"
      data-testid="department-contact"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Field label="名称">
        <input className="tz-input" value={name} onChange={(e) => setName(e.target.value)} readOnly={props.readOnly} maxLength={100} data-testid="department-name" />
      </Field>
      <Field label="联系人">
        <input className="tz-input" value={contact} onChange={(e) => setContact(e.target.value)} readOnly={props.readOnly} maxLength={500} data-testid="department-contact-person" />
      </Field>
      <Field label="电话">
        <input className="tz-input" value={phone} onChange={(e) => setPhone(e.target.value)} readOnly={props.readOnly} maxLength={40} data-testid="department-phone" />
      </Field>
      <Field label="给该单位的说明" hint="印在任务包和催报单上，例如报送要求、联系方式。" wide>
        <textarea className="tz-input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} readOnly={props.readOnly} maxLength={20000} data-testid="department-note" />
      </Field>
      {problem && (
        <p className="tz-field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="dept-contact-foot">
        <span className="dept-muted">{props.d.department.users ? `局域网账号 ${props.d.department.users} 个` : ''}</span>
        <Button type="submit" variant="primary" small disabled={!dirty || busy || props.readOnly} data-testid="department-save">
          保存
        </Button>
      </div>
    </form>
  );
}

/** 退回 a whole assignment: the reason goes to the department in its next packet. */
function ReturnAssignment(props: { department: string; a: Assignment; onClose(): void; onDone(d: DepartmentDetail): void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!reason.trim()) return setProblem('请写明退回原因，责任单位会在下一个任务包中看到它。');
    if (!mayEdit()) return;
    setBusy(true);
    try {
      const d = await call('assignments.return', { department: props.department, code: props.a.code, reason: reason.trim() });
      toast(`已退回 ${props.a.code}。下次为${props.department}导出任务包时会带上退回原因。`, { kind: 'success' });
      props.onDone(d);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`退回：${props.a.code} ${props.a.title}`}
      onClose={props.onClose}
      width={560}
      testId="assignment-return-dialog"
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="danger" onClick={() => void send()} disabled={busy} data-testid="assignment-return-confirm">
            退回
          </Button>
        </>
      }
    >
      <p>
        整项退回<b>{props.department}</b>的这个指标（例如材料不能证明达标、结论性说明不充分）。只退回其中几件材料，请在材料列表中审核。
      </p>
      <Field label="退回原因" error={problem} wide>
        <textarea className="tz-input" rows={4} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="例如：缺少会议签到表；结论性说明未写明完成次数" data-testid="assignment-return-reason" />
      </Field>
    </Dialog>
  );
}

/** 写说明: what the 创建办 asks of the department on these indicators, carried in its 任务包. */
function AssignmentNote(props: { department: string; codes: string[]; all: boolean; current: string; onClose(): void; onDone(d: DepartmentDetail): void }) {
  const [note, setNote] = useState(props.codes.length === 1 ? props.current : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!mayEdit()) return;
    setBusy(true);
    try {
      const d = await call('assignments.set', { department: props.department, ...(!props.all && { codes: props.codes }), note: note.trim() });
      toast(note.trim() ? `已为 ${props.codes.length} 个指标写好说明，下次导出任务包时带上。` : `已清除 ${props.codes.length} 个指标的说明。`, { kind: 'success' });
      props.onDone(d);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={props.all ? `给${props.department}全部指标的说明` : `给${props.department}的说明（${props.codes.length} 个指标）`}
      onClose={props.onClose}
      width={560}
      testId="assignment-note-dialog"
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()} disabled={busy} data-testid="assignment-note-save">
            保存
          </Button>
        </>
      }
    >
      <p className="dept-muted">{props.codes.join('、')}</p>
      <Field label="说明" error={problem} hint="例如：请附会议通知、签到表和现场照片。留空即清除。" wide>
        <textarea className="tz-input" rows={4} value={note} onChange={(e) => setNote(e.target.value)} maxLength={20000} data-testid="assignment-note-text" />
      </Field>
    </Dialog>
  );
}
