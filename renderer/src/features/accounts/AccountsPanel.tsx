// 账号: the accounts of the LAN server (taizhang serve ARCHIVE --lan) — the 创建办's own, one or
// more per department (each sees only its indicators and items), read-only reviewers. The 创建办
// adds them, sets a new password, and stops (停用) or lets in again an account; nothing is deleted,
// so the audit log keeps naming who did what.
import { useEffect, useState } from 'react';
import { ROLES, ROLE_LABELS, type Role, type UserInfo } from '../../../../shared/collect-types';
import { call, errorText } from '../../api/client';
import { Button, Choice, Dialog, EmptyState, Field, Loading, toast } from '../../components';
import { app, useReadOnly } from '../../state/app-state';
import { timeText } from '../review/SubmissionChip';
import './accounts.css';

const NAME_RULE = /^[^\s/\\:]+$/;
const MIN_PASSWORD = 8;

/** What is wrong with a password typed twice, or null. */
export function passwordProblem(a: string, b: string): string | null {
  if (a.length < MIN_PASSWORD) return `密码至少 ${MIN_PASSWORD} 位。`;
  if (a.length > 200) return '密码不能超过 200 位。';
  if (a !== b) return '两次输入的密码不一样，请重新输入。';
  return null;
}

export function AccountsPanel({ onClose }: { onClose(): void }) {
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState<UserInfo | null>(null);
  const readOnly = useReadOnly();
  const lan = app.use((s) => s.session?.door === 'lan');
  const me = app.use((s) => s.session?.actor.user);

  const load = () =>
    call('users.list', {}).then(
      (u) => (setUsers(u), setError(null)),
      (e) => (setError(errorText(e)), setUsers([])),
    );
  useEffect(() => void load(), []);

  const setDisabled = async (u: UserInfo, disabled: boolean) => {
    try {
      await call('users.update', { name: u.name, disabled });
      toast(disabled ? `账号“${u.name}”已停用，不能再登录。` : `账号“${u.name}”已启用。`, { kind: 'success' });
      void load();
    } catch (e) {
      toast(errorText(e), { kind: 'error' });
    }
  };

  return (
    <Dialog
      title="局域网账号"
      onClose={onClose}
      width={860}
      testId="accounts-panel"
      footer={<Button onClick={onClose}>关闭</Button>}
    >
      <div className="acc-body">
        {!lan && (
          <p className="acc-hint small muted">
            账号用于在单位局域网上共用这个档案：在命令行运行 <code>taizhang serve 档案文件夹 --lan</code>，各责任单位用浏览器打开它显示的地址，用这里的账号登录，只看到、只能填报自己的指标。
          </p>
        )}
        {error && (
          <p className="tz-alert-error" role="alert">
            {error}
          </p>
        )}
        {users == null ? (
          <Loading />
        ) : users.length === 0 ? (
          <EmptyState title="还没有账号" hint="在下面添加：创建办自己的账号、每个责任单位一个账号、只读的审阅账号。" />
        ) : (
          <div className="acc-scroll">
            <table className="report-table acc-table" data-testid="accounts-table">
              <thead>
                <tr>
                  <th>账号</th>
                  <th style={{ width: 90 }}>角色</th>
                  <th>责任单位</th>
                  <th style={{ width: 130 }}>创建时间</th>
                  <th style={{ width: 60 }}>状态</th>
                  <th style={{ width: 170 }} />
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.disabled ? 'acc-disabled' : ''} data-testid="account-row" data-name={u.name}>
                    <td>
                      {u.name}
                      {u.name === me ? <span className="small muted">（当前登录）</span> : null}
                    </td>
                    <td>{ROLE_LABELS[u.role]}</td>
                    <td>{u.department ?? ''}</td>
                    <td>{timeText(u.createdAt)}</td>
                    <td>{u.disabled ? '已停用' : '启用'}</td>
                    <td className="acc-actions">
                      <Button small disabled={!!readOnly} onClick={() => setPassword(u)} data-testid="account-password">
                        改密码…
                      </Button>
                      {u.disabled ? (
                        <Button small disabled={!!readOnly} onClick={() => void setDisabled(u, false)} data-testid="account-enable">
                          启用
                        </Button>
                      ) : (
                        <Button
                          small
                          variant="danger"
                          disabled={!!readOnly || u.name === me}
                          title={u.name === me ? '不能停用正在使用的账号' : '停用后不能再登录；记录保留'}
                          onClick={() => void setDisabled(u, true)}
                          data-testid="account-disable"
                        >
                          停用
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {!readOnly && <AddAccount onAdded={() => void load()} />}
      </div>
      {password && <PasswordDialog user={password} onClose={() => setPassword(null)} />}
    </Dialog>
  );
}

function AddAccount({ onAdded }: { onAdded(): void }) {
  const named = app.use((s) => s.tree?.departments);
  // Departments the clerk added (named by no indicator) have accounts too.
  const [added, setAdded] = useState<string[]>([]);
  useEffect(() => {
    call('departments.list', {}).then(
      (o) => setAdded(o.departments.map((d) => d.name)),
      () => setAdded([]),
    );
  }, []);
  const departments = [...new Set([...(named ?? []), ...added])];
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('department');
  const [department, setDepartment] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [problem, setProblem] = useState<{ field: 'name' | 'department' | 'password' | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const n = name.trim();
    if (!n || n.length > 50 || !NAME_RULE.test(n)) return setProblem({ field: 'name', text: '账号名不能为空，不含空格、斜杠、冒号，不超过 50 个字。' });
    if (role === 'department' && !department) return setProblem({ field: 'department', text: '责任单位的账号要选它属于哪个单位。' });
    const p = passwordProblem(pw, pw2);
    if (p) return setProblem({ field: 'password', text: p });
    setBusy(true);
    try {
      const u = await call('users.add', { name: n, role, department: role === 'department' ? department : undefined, password: pw });
      toast(`已添加账号“${u.name}”（${ROLE_LABELS[u.role]}${u.department ? `，${u.department}` : ''}）。`, { kind: 'success' });
      setName('');
      setPw('');
      setPw2('');
      setProblem(null);
      onAdded();
    } catch (e) {
      setProblem({ field: null, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const err = (f: 'name' | 'department' | 'password') => (problem?.field === f ? problem.text : null);

  return (
    <form
      className="acc-add"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
      data-testid="account-add"
    >
      <h3>添加账号</h3>
      <div className="acc-grid">
        <Field label="账号名" error={err('name')}>
          <input className="tz-input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" placeholder="如 kexie" data-testid="account-name" />
        </Field>
        <Field label="角色" hint={role === 'office' ? '可以做所有事' : role === 'reviewer' ? '只能查看，不能修改' : '只看到、只能填报本单位的指标'}>
          <Choice className="tz-input" options={ROLES} labels={ROLE_LABELS} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="account-role" />
        </Field>
        {role === 'department' && (
          <Field label="责任单位" error={err('department')}>
            <select className="tz-input" value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="account-department">
              <option value="">请选择</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </Field>
        )}
        {role === 'department' && <span aria-hidden="true" />}
        <Field label="密码" error={err('password')} hint={`至少 ${MIN_PASSWORD} 位`}>
          <input className="tz-input" type="password" value={pw} onChange={(e) => setPw(e.target.value)} autoComplete="new-password" data-testid="account-password1" />
        </Field>
        <Field label="再输一次">
          <input className="tz-input" type="password" value={pw2} onChange={(e) => setPw2(e.target.value)} autoComplete="new-password" data-testid="account-password2" />
        </Field>
      </div>
      {problem && !problem.field && (
        <div className="tz-field-error" role="alert">
          {problem.text}
        </div>
      )}
      <div>
        <Button type="submit" variant="primary" disabled={busy} data-testid="account-add-confirm">
          添加
        </Button>
      </div>
    </form>
  );
}

function PasswordDialog({ user, onClose }: { user: UserInfo; onClose(): void }) {
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const p = passwordProblem(pw, pw2);
    if (p) return setProblem(p);
    setBusy(true);
    try {
      await call('users.update', { name: user.name, password: pw });
      toast(`账号“${user.name}”的密码已修改。`, { kind: 'success' });
      onClose();
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`修改“${user.name}”的密码`}
      onClose={onClose}
      width={440}
      testId="password-dialog"
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()} disabled={busy} data-testid="password-save">
            保存
          </Button>
        </>
      }
    >
      <div className="form-grid">
        <Field label="新密码" hint={`至少 ${MIN_PASSWORD} 位`}>
          <input className="tz-input" type="password" value={pw} onChange={(e) => (setPw(e.target.value), setProblem(null))} autoComplete="new-password" data-testid="password-new1" />
        </Field>
        <Field label="再输一次" error={problem}>
          <input className="tz-input" type="password" value={pw2} onChange={(e) => (setPw2(e.target.value), setProblem(null))} autoComplete="new-password" data-testid="password-new2" />
        </Field>
      </div>
    </Dialog>
  );
}
