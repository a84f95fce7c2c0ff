// Accounts of the LAN server, passwords hashed with argon2id (OWNED BY the LAN helper, issue 15).
// An account is a 创建办 clerk (everything), a department (its own indicators and items) or a
// reviewer (reads only); the LAN door signs in through here and asks, on every request, what the
// account is now — a disabled account or a changed password ends its sessions at once.
import type { Archive } from '../archive/archive';
import { sql } from '../archive/db';
import { assignmentsOf, ensureDepartment } from './departments';
import { LOCAL_ACTOR, ROLE_LABELS, type Actor, type Role, type UserInfo } from '../../shared/collect-types';
import { TaizhangError } from '../../shared/errors';
import { recordAudit } from './audit';
import type { Caller } from '../api/actor';

interface UserRow {
  id: number;
  name: string;
  role: Role;
  department: string | null;
  password_hash: string;
  created_at: string;
  disabled: number;
}

const SELECT = sql`SELECT u.*, d.name AS department FROM users u LEFT JOIN departments d ON d.id = u.department_id`;

const info = (r: UserRow): UserInfo => ({ id: r.id, name: r.name, role: r.role, department: r.department, createdAt: r.created_at, disabled: r.disabled === 1 });

async function row(a: Archive, name: string): Promise<UserRow | undefined> {
  return a.db.get<UserRow>(sql`${SELECT} WHERE u.name = ${name}`);
}

// Memory and time costs of the OWASP minimum for argon2id; a sign-in takes a few dozen milliseconds.
const COSTS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Loaded when an account is first used: its native part is no business of the desktop app's start.
// @node-rs/argon2, not `argon2`: the latter's prebuilt linux-x64 binary crashed the process
// (SIGSEGV on the first hash) on our Debian machines unless compiled from source at install.
// Its default algorithm is argon2id.
const hashPassword = async (password: string) => (await import('@node-rs/argon2')).hash(password, COSTS);
const verifyPassword = async (hash: string, password: string) => (await import('@node-rs/argon2')).verify(hash, password).catch(() => false);

export async function listUsers(a: Archive): Promise<UserInfo[]> {
  return (await a.db.all<UserRow>(sql`${SELECT} ORDER BY u.role, d.name, u.name`)).map(info);
}

/** A department named by an indicator's 责任单位 or added by the clerk (the departments' own rule). */
async function knownDepartment(a: Archive, name: string): Promise<boolean> {
  return assignmentsOf(a, name).then(
    () => true,
    (e: unknown) => {
      if (e instanceof TaizhangError && e.code === 'NOT_FOUND') return false;
      throw e;
    },
  );
}

export async function addUser(a: Archive, u: { name: string; role: Role; department?: string; password: string }): Promise<UserInfo> {
  a.assertWritable();
  // 本机 names the computer's own clerk (the desktop app, the CLI) in the logs: no account may pass for it.
  if (u.name === LOCAL_ACTOR.user) throw new TaizhangError('BAD_INPUT', `“${LOCAL_ACTOR.user}”是本机操作在日志中的名称，不能用作账号名，请换一个。`);
  if (await row(a, u.name)) throw new TaizhangError('BAD_INPUT', `账号“${u.name}”已经存在；要改密码或停用，请修改这个账号。`);
  const department = u.department?.trim();
  if (u.role === 'department') {
    if (!department) throw new TaizhangError('BAD_INPUT', '责任单位的账号要指明是哪个责任单位（--department 单位名称）。');
    if (!(await knownDepartment(a, department))) {
      throw new TaizhangError('NOT_FOUND', `没有名为“${department}”的责任单位。请用指标“责任单位”一栏里的名称，或先在“责任单位”中新增这个单位（命令行：departments add）。`);
    }
  } else if (department) {
    throw new TaizhangError('BAD_INPUT', `${ROLE_LABELS[u.role]}的账号不属于某个责任单位，请去掉责任单位。`);
  }
  const hash = await hashPassword(u.password);
  await a.db.transaction(async (tx) => {
    const departmentId = u.role === 'department' ? await ensureDepartment(tx, department!) : null;
    await tx.run(sql`INSERT INTO users (name, role, department_id, password_hash, created_at)
      VALUES (${u.name}, ${u.role}, ${departmentId}, ${hash}, ${new Date().toISOString()})`);
  });
  return info((await row(a, u.name))!);
}

export async function updateUser(a: Archive, name: string, patch: { password?: string; disabled?: boolean }): Promise<UserInfo> {
  a.assertWritable();
  const cur = await row(a, name);
  if (!cur) throw new TaizhangError('NOT_FOUND', `没有账号“${name}”。`);
  const hash = patch.password != null ? await hashPassword(patch.password) : cur.password_hash;
  const disabled = patch.disabled ?? cur.disabled === 1;
  await a.db.run(sql`UPDATE users SET password_hash = ${hash}, disabled = ${disabled} WHERE id = ${cur.id}`);
  return info((await row(a, name))!);
}

/**
 * A signed-in account: its actor, and a stamp that changes when its password does (a session
 * made before the change is no longer good).
 */
export interface Account {
  actor: Actor;
  stamp: string;
}

const account = (r: UserRow): Account => ({
  actor: { user: r.name, role: r.role, department: r.department },
  stamp: r.password_hash.slice(-16),
});

// Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
let decoy: Promise<string> | null = null;

/** The account, when the name and password match an enabled one; null otherwise (which, not said). */
export async function checkPassword(a: Archive, name: string, password: string): Promise<Account | null> {
  const r = await row(a, name);
  if (!r) {
    decoy ??= hashPassword('没有这个账号');
    await verifyPassword(await decoy, password);
    return null;
  }
  const ok = await verifyPassword(r.password_hash, password);
  return ok && r.disabled === 0 ? account(r) : null;
}

/** The account as it is now; null once removed, disabled, or its password changed since `stamp`. */
export async function currentAccount(a: Archive, name: string, stamp: string): Promise<Account | null> {
  const r = await row(a, name);
  if (!r || r.disabled === 1) return null;
  const now = account(r);
  return now.stamp === stamp ? now : null;
}

/** The LAN door's way to the accounts of the open archive; sign-ins and sign-outs go into the audit log. */
export interface LanAccounts {
  signIn(name: string, password: string, address: string): Promise<Account | null>;
  /** The account as it is now (see currentAccount). */
  current(name: string, stamp: string): Promise<Account | null>;
  /** A session ended: signed out, or expired. */
  signedOut(caller: Caller, why: string): Promise<void>;
  /** A sign-in refused without checking the password (too many failures): logged all the same. */
  refused(name: string, address: string, why: string): Promise<void>;
  /** A signed-in account's request refused by the door (not from our page: no or a wrong CSRF token). */
  forbidden(caller: Caller, action: string, why: string): Promise<void>;
}

export function lanAccounts(archive: () => Archive | null): LanAccounts {
  const need = (): Archive => {
    const a = archive();
    if (!a) throw new TaizhangError('NOT_AN_ARCHIVE', '服务没有打开档案，请重新启动 taizhang serve。');
    return a;
  };
  // A name no account has is logged under that name, with the least of the roles.
  const stranger = (name: string): Actor => ({ user: name.slice(0, 50), role: 'reviewer', department: null });
  const named = async (a: Archive, name: string): Promise<Actor> => {
    const r = await row(a, name);
    return r ? account(r).actor : stranger(name);
  };
  return {
    async signIn(name, password, address) {
      const a = need();
      const got = await checkPassword(a, name, password);
      const actor = got?.actor ?? (await named(a, name));
      await recordAudit(a, { caller: { actor, address }, action: 'login', subject: actor.user, ok: got != null, detail: got ? '登录' : '账号或密码不对，或账号已停用' });
      return got;
    },
    current: (name, stamp) => currentAccount(need(), name, stamp),
    async signedOut(caller, why) {
      await recordAudit(need(), { caller, action: 'logout', subject: caller.actor.user, ok: true, detail: why });
    },
    async refused(name, address, why) {
      const a = need();
      await recordAudit(a, { caller: { actor: await named(a, name), address }, action: 'login', subject: name.slice(0, 50), ok: false, detail: why });
    },
    async forbidden(caller, action, why) {
      await recordAudit(need(), { caller, action: action.slice(0, 80), subject: '', ok: false, detail: why });
    },
  };
}
