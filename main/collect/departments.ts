// Departments (责任单位) and what each owes: named by the indicators' 责任单位 column (split and
// de-duplicated by splitDepartments), edited by the clerk (contact, phone, note, deadlines,
// indicators the column does not name), with the state of every department × indicator
// assignment judged from the items it submitted (assignment-state.ts).
import { randomBytes } from 'node:crypto';
import type { Archive } from '../archive/archive';
import { sql, type Queryable } from '../archive/db';
import { listIndicators } from '../archive/indicators-repo';
import { logChange } from '../archive/change-log';
import { ASSIGNMENT_STATES, splitDepartments, type Assignment, type AssignmentState, type DepartmentDetail, type DepartmentRow, type DepartmentsOverview, type PacketRecord } from '../../shared/collect-types';
import type { Indicator, ReviewState } from '../../shared/domain';
import { TaizhangError } from '../../shared/errors';
import { assignmentState, localDay } from './assignment-state';

/** The department's row id, made (with the key that signs its packets) when first needed. */
export async function ensureDepartment(tx: Queryable, name: string): Promise<number> {
  const found = await tx.get<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${name}`);
  if (found) return found.id;
  const r = await tx.run(sql`INSERT INTO departments (name, packet_key, created_at) VALUES (${name}, ${randomBytes(32).toString('hex')}, ${new Date().toISOString()})`);
  return r.lastID;
}

interface DepartmentTableRow {
  id: number;
  name: string;
  contact: string;
  phone: string;
  note: string;
}
interface AssignmentTableRow {
  department_id: number;
  indicator_id: number;
  assigned: number;
  deadline: string | null;
  note: string;
  conclusion: string;
  submitted_at: string | null;
  returned_reason: string;
  returned_at: string | null;
}

/** Everything the views need, read once: departments, their assignments with state, counts. */
interface Collection {
  today: string;
  rows: DepartmentRow[];
  assignments: Map<string, Assignment[]>;
  unassigned: number;
  ids: Map<string, number>;
}

const emptyStates = (): Record<AssignmentState, number> => Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;

/** The lowest-level live indicators, in tree order (what is assigned and scored). */
export function leafIndicators(all: Indicator[]): Indicator[] {
  const live = all.filter((i) => !i.removed);
  const parents = new Set(live.map((i) => i.parentId).filter((p): p is number => p != null));
  return live.filter((i) => !parents.has(i.id));
}

async function readCollection(db: Queryable, today: string): Promise<Collection> {
  const [all, deps, rows, items, packets, users] = await Promise.all([
    listIndicators(db),
    db.all<DepartmentTableRow>(sql`SELECT id, name, contact, phone, note FROM departments ORDER BY id`),
    db.all<AssignmentTableRow>(sql`SELECT * FROM assignments`),
    db.all<{ submitted_by: number; indicator_id: number; review: ReviewState | null; submitted_at: string | null; review_reason: string }>(
      sql`SELECT i.submitted_by, l.indicator_id, i.review, i.submitted_at, i.review_reason FROM items i JOIN links l ON l.item_id = i.id
        WHERE i.submitted_by IS NOT NULL AND i.deleted_at IS NULL`,
    ),
    db.all<{ department_id: number; at: string }>(sql`SELECT department_id, max(at) AS at FROM packets WHERE direction = 'back' GROUP BY department_id`),
    db.all<{ department_id: number; n: number }>(sql`SELECT department_id, count(*) AS n FROM users WHERE department_id IS NOT NULL AND disabled = 0 GROUP BY department_id`),
  ]);
  const leaves = leafIndicators(all);
  const table = new Map(deps.map((d) => [d.name, d]));

  // Departments in the order the indicator system names them, then those the clerk added.
  const names: string[] = [];
  const named = new Map<string, Set<number>>();
  for (const ind of leaves) {
    for (const name of splitDepartments(ind.department)) {
      if (!named.has(name)) {
        named.set(name, new Set());
        names.push(name);
      }
      named.get(name)!.add(ind.id);
    }
  }
  for (const d of deps) if (!named.has(d.name)) names.push(d.name);
  const rowOf = new Map(rows.map((r) => [`${r.department_id}:${r.indicator_id}`, r]));
  const itemsOf = new Map<string, { review: ReviewState; submittedAt: string | null; reason: string }[]>();
  for (const i of items) {
    const key = `${i.submitted_by}:${i.indicator_id}`;
    if (!itemsOf.has(key)) itemsOf.set(key, []);
    itemsOf.get(key)!.push({ review: i.review ?? 'pending', submittedAt: i.submitted_at, reason: i.review_reason });
  }
  const leafIds = new Set(leaves.map((l) => l.id));
  const covered = new Set<number>();
  const assignments = new Map<string, Assignment[]>();
  const out: DepartmentRow[] = [];
  const ids = new Map<string, number>();
  for (const name of names) {
    const dep = table.get(name);
    if (dep) ids.set(name, dep.id);
    const mine = named.get(name) ?? new Set<number>();
    const added = new Set(rows.filter((r) => dep && r.department_id === dep.id && r.assigned === 1 && leafIds.has(r.indicator_id)).map((r) => r.indicator_id));
    const list: Assignment[] = [];
    for (const ind of leaves) {
      if (!mine.has(ind.id) && !added.has(ind.id)) continue;
      covered.add(ind.id);
      const row = dep ? rowOf.get(`${dep.id}:${ind.id}`) : undefined;
      const got = dep ? (itemsOf.get(`${dep.id}:${ind.id}`) ?? []) : [];
      const returnedAt = row?.returned_at ?? null;
      const state = assignmentState({ deadline: row?.deadline ?? null, returnedAt, items: got }, today);
      const wholeReturned = returnedAt != null && !got.some((g) => (g.submittedAt ?? '') > returnedAt);
      const reasons = [...new Set([...(wholeReturned && row?.returned_reason ? [row.returned_reason] : []), ...got.filter((g) => g.review === 'returned' && g.reason).map((g) => g.reason)])];
      list.push({
        department: name,
        code: ind.code,
        title: ind.title,
        requirement: ind.requirement,
        deadline: row?.deadline ?? null,
        note: row?.note ?? '',
        state,
        reason: reasons.join('；'),
        pending: got.filter((g) => g.review === 'pending').length,
        accepted: got.filter((g) => g.review === 'accepted').length,
        returned: got.filter((g) => g.review === 'returned').length,
        conclusion: row?.conclusion ?? '',
        submittedAt: [row?.submitted_at ?? null, ...got.map((g) => g.submittedAt)].filter((x): x is string => !!x).sort().pop() ?? null,
        named: mine.has(ind.id),
      });
    }
    assignments.set(name, list);
    const states = emptyStates();
    for (const x of list) states[x.state]++;
    const open = list.filter((x) => x.deadline && (x.state === 'open' || x.state === 'returned' || x.state === 'overdue')).map((x) => x.deadline!);
    out.push({
      name,
      contact: dep?.contact ?? '',
      phone: dep?.phone ?? '',
      note: dep?.note ?? '',
      named: named.has(name),
      assignments: list.length,
      states,
      nextDeadline: open.sort()[0] ?? null,
      lastReceived: dep ? (packets.find((p) => p.department_id === dep.id)?.at ?? null) : null,
      items: list.reduce((n, x) => n + x.pending + x.accepted + x.returned, 0),
      pending: list.reduce((n, x) => n + x.pending, 0),
      users: dep ? (users.find((u) => u.department_id === dep.id)?.n ?? 0) : 0,
    });
  }
  return { today, rows: out, assignments, unassigned: leaves.filter((l) => !covered.has(l.id)).length, ids };
}

export async function departmentsOverview(a: Archive, today = localDay()): Promise<DepartmentsOverview> {
  const c = await readCollection(a.db, today);
  const totals = emptyStates();
  for (const d of c.rows) for (const s of ASSIGNMENT_STATES) totals[s] += d.states[s];
  return { today, departments: c.rows, totals, unassigned: c.unassigned };
}

function notFound(name: string): TaizhangError {
  return new TaizhangError('NOT_FOUND', `找不到责任单位“${name}”：指标的责任单位一栏里没有它，也没有手工添加过。请检查名称（可用 departments list 查看全部）。`);
}

export async function departmentDetail(a: Archive, name: string, today = localDay()): Promise<DepartmentDetail> {
  const c = await readCollection(a.db, today);
  const department = c.rows.find((d) => d.name === name);
  if (!department) throw notFound(name);
  const id = c.ids.get(name);
  const packets = id == null ? [] : await a.db.all<{ id: string; direction: 'out' | 'back'; at: string; sequence: number; summary: string }>(
    sql`SELECT id, direction, at, sequence, summary FROM packets WHERE department_id = ${id} ORDER BY at DESC`,
  );
  return { department, assignments: c.assignments.get(name) ?? [], packets: packets.map(packetRecord) };
}

/** One line for a packet sent or received, from the report its writer kept. */
function packetRecord(p: { id: string; direction: 'out' | 'back'; at: string; sequence: number; summary: string }): PacketRecord {
  let s: Record<string, unknown> = {};
  try {
    s = JSON.parse(p.summary) as Record<string, unknown>;
  } catch {
    // An unreadable summary still lists the packet.
  }
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
  const summary =
    p.direction === 'out'
      ? `任务包：${n('indicators')} 个指标${n('returned') ? `，退回修改 ${n('returned')} 件` : ''}`
      : `回传包：新增 ${n('added')} 件，更正 ${n('replaced')} 件，未变 ${n('unchanged')} 件`;
  return { id: p.id, direction: p.direction, at: p.at, sequence: p.sequence, summary };
}

/** The lowest-level indicators assigned to the department, with their state (what its packet carries). */
export async function assignmentsOf(a: Archive, name: string, today = localDay()): Promise<Assignment[]> {
  const c = await readCollection(a.db, today);
  if (!c.assignments.has(name)) throw notFound(name);
  return c.assignments.get(name)!;
}

export async function addDepartment(a: Archive, d: { name: string; contact?: string; phone?: string; note?: string }, actor: string): Promise<DepartmentDetail> {
  a.assertWritable();
  const name = d.name.trim();
  if (!name) throw new TaizhangError('BAD_INPUT', '请填写责任单位名称。');
  const c = await readCollection(a.db, localDay());
  if (c.assignments.has(name)) throw new TaizhangError('BAD_INPUT', `已有责任单位“${name}”。`);
  await a.db.transaction(async (tx) => {
    const id = await ensureDepartment(tx, name);
    await tx.run(sql`UPDATE departments SET contact = ${d.contact ?? ''}, phone = ${d.phone ?? ''}, note = ${d.note ?? ''} WHERE id = ${id}`);
    await logChange(tx, { actor, action: 'department.add', subject: name, detail: { message: `新增责任单位“${name}”` } });
  });
  return departmentDetail(a, name);
}

export async function updateDepartment(
  a: Archive,
  name: string,
  patch: { name?: string; contact?: string; phone?: string; note?: string },
  actor: string,
): Promise<DepartmentDetail> {
  a.assertWritable();
  const c = await readCollection(a.db, localDay());
  if (!c.assignments.has(name)) throw notFound(name);
  const to = patch.name?.trim() || name;
  if (to !== name && c.assignments.has(to)) throw new TaizhangError('BAD_INPUT', `已有责任单位“${to}”，不能改成这个名称。`);
  await a.db.transaction(async (tx) => {
    const id = await ensureDepartment(tx, name);
    const before = await tx.get<DepartmentTableRow>(sql`SELECT id, name, contact, phone, note FROM departments WHERE id = ${id}`);
    const next = { contact: patch.contact ?? before!.contact, phone: patch.phone ?? before!.phone, note: patch.note ?? before!.note };
    await tx.run(sql`UPDATE departments SET name = ${to}, contact = ${next.contact}, phone = ${next.phone}, note = ${next.note} WHERE id = ${id}`);
    let renamed = 0;
    if (to !== name) {
      // The 责任单位 cells name it: the new name goes where the old one stood, the others stay.
      const rows = await tx.all<{ id: number; department: string }>(sql`SELECT id, department FROM indicators WHERE instr(department, ${name}) > 0`);
      for (const r of rows) {
        const parts = splitDepartments(r.department);
        if (!parts.includes(name)) continue;
        await tx.run(sql`UPDATE indicators SET department = ${parts.map((p) => (p === name ? to : p)).join('、')} WHERE id = ${r.id}`);
        renamed++;
      }
      await tx.run(sql`UPDATE items SET department = ${to} WHERE department = ${name}`);
    }
    await logChange(tx, {
      actor,
      action: 'department.update',
      subject: to,
      detail: { message: to !== name ? `责任单位“${name}”改名为“${to}”（${renamed} 个指标）` : `修改责任单位“${name}”的联系人、电话或说明`, before, after: { name: to, ...next } },
    });
  });
  return departmentDetail(a, to);
}

export async function setAssignments(
  a: Archive,
  args: { department: string; codes?: string[]; deadline?: string | null; note?: string; assigned?: boolean },
  actor: string,
): Promise<DepartmentDetail> {
  a.assertWritable();
  const c = await readCollection(a.db, localDay());
  const current = c.assignments.get(args.department);
  if (!current) throw notFound(args.department);
  const all = await listIndicators(a.db);
  const leaves = leafIndicators(all);
  let targets: Indicator[];
  if (args.codes) {
    targets = [];
    for (const code of args.codes) {
      const ind = all.find((i) => i.code === code && !i.removed);
      if (!ind) throw new TaizhangError('NOT_FOUND', `找不到编号为 ${code} 的指标。`);
      // An upper-level code stands for the indicators under it.
      const under = new Set([ind.id]);
      for (const i of all) if (i.parentId != null && under.has(i.parentId)) under.add(i.id);
      targets.push(...leaves.filter((l) => under.has(l.id)));
    }
  } else targets = leaves.filter((l) => current.some((x) => x.code === l.code));
  if (args.assigned == null) {
    const stranger = targets.find((t) => !current.some((x) => x.code === t.code));
    if (stranger) throw new TaizhangError('BAD_INPUT', `指标 ${stranger.code} 不是“${args.department}”负责的；要把它交给该单位，请选“添加指标”。`);
  }
  if (args.assigned === false) {
    const fixed = targets.find((t) => current.find((x) => x.code === t.code)?.named);
    if (fixed) throw new TaizhangError('BAD_INPUT', `指标 ${fixed.code} 的责任单位一栏写着“${args.department}”；要取消，请修改该指标的责任单位。`);
  }
  await a.db.transaction(async (tx) => {
    const id = await ensureDepartment(tx, args.department);
    for (const t of targets) {
      await tx.run(sql`INSERT INTO assignments (department_id, indicator_id) VALUES (${id}, ${t.id}) ON CONFLICT DO NOTHING`);
      if (args.deadline !== undefined) await tx.run(sql`UPDATE assignments SET deadline = ${args.deadline} WHERE department_id = ${id} AND indicator_id = ${t.id}`);
      if (args.note !== undefined) await tx.run(sql`UPDATE assignments SET note = ${args.note} WHERE department_id = ${id} AND indicator_id = ${t.id}`);
      if (args.assigned !== undefined) await tx.run(sql`UPDATE assignments SET assigned = ${args.assigned} WHERE department_id = ${id} AND indicator_id = ${t.id}`);
    }
    const what = [
      args.deadline !== undefined && (args.deadline ? `截止日期 ${args.deadline}` : '清除截止日期'),
      args.note !== undefined && '说明',
      args.assigned === true && '添加指标',
      args.assigned === false && '移除指标',
    ].filter(Boolean);
    await logChange(tx, {
      actor,
      action: 'assignment.set',
      subject: args.department,
      detail: { message: `“${args.department}”的 ${targets.length} 个指标：${what.join('、') || '无改动'}`, codes: targets.map((t) => t.code), ...args },
    });
  });
  return departmentDetail(a, args.department);
}

export async function returnAssignment(a: Archive, department: string, code: string, reason: string, actor: string): Promise<DepartmentDetail> {
  a.assertWritable();
  const current = (await readCollection(a.db, localDay())).assignments.get(department);
  if (!current) throw notFound(department);
  if (!current.some((x) => x.code === code)) throw new TaizhangError('BAD_INPUT', `指标 ${code} 不是“${department}”负责的。`);
  const ind = (await listIndicators(a.db)).find((i) => i.code === code)!;
  const why = reason.trim();
  if (!why) throw new TaizhangError('BAD_INPUT', '退回时请写明原因，责任单位会在任务包里看到它。');
  await a.db.transaction(async (tx) => {
    const id = await ensureDepartment(tx, department);
    await tx.run(sql`INSERT INTO assignments (department_id, indicator_id) VALUES (${id}, ${ind.id}) ON CONFLICT DO NOTHING`);
    await tx.run(sql`UPDATE assignments SET returned_reason = ${why}, returned_at = ${new Date().toISOString()} WHERE department_id = ${id} AND indicator_id = ${ind.id}`);
    await logChange(tx, { actor, action: 'assignment.return', subject: `${department} ${code}`, detail: { message: `退回“${department}”的指标 ${code}：${why}` } });
  });
  return departmentDetail(a, department);
}
