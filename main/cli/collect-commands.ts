// Collecting from the departments on the command line (issue 15): the 催报 overview, a
// department's contact and deadlines, 审核 of what it submitted, the 催报单.
import path from 'node:path';
import { str } from './args';
import { CLI_ACTOR, JSON_OPT, json, need, withArchive, type Command } from './command-kit';
import { act, idArgs } from './item-commands';
import { checked } from './indicator-edit-commands';
import { table, progressBar } from './output';
import { addDepartment, departmentDetail, departmentsOverview, returnAssignment, setAssignments, updateDepartment } from '../collect/departments';
import { reviewItems, type ReviewDecision } from '../collect/review';
import { exportReminder } from '../collect/reminder';
import { guardedExport } from '../export/output-path';
import { ASSIGNMENT_LABELS, ASSIGNMENT_STATES, ROLE_LABELS, type DepartmentDetail } from '../../shared/collect-types';
import { actionText, detailText, parseDetail, subjectText } from '../../shared/audit-words';
import { chineseDateTime } from '../../shared/names';
import { listAudit } from '../collect/audit';
import { sql, sqlList } from '../archive/db';
import { TaizhangError } from '../../shared/errors';

const codesOf = (text: string | undefined): string[] | undefined =>
  text == null ? undefined : text.split(/[,，、\s]+/).map((c) => c.trim()).filter(Boolean);

function printDetail(io: { out: (s: string) => void }, d: DepartmentDetail): void {
  const dep = d.department;
  io.out(`${dep.name}${dep.contact ? `　联系人：${dep.contact}` : ''}${dep.phone ? `　电话：${dep.phone}` : ''}`);
  if (dep.note) io.out(`说明：${dep.note}`);
  io.out(table(
    ['指标', '名称', '截止', '状态', '待审', '通过', '退回', '原因'],
    d.assignments.map((x) => [x.code, x.title, x.deadline ?? '', ASSIGNMENT_LABELS[x.state], x.pending, x.accepted, x.returned, x.reason]),
  ));
}

export const departmentsList: Command = {
  usage: 'departments list ARCHIVE [--json]',
  summary: '责任单位：各单位负责的指标、提交和审核情况、逾期项（催报）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const o = await withArchive(dir, (a) => departmentsOverview(a), { readOnly: true });
    if (p.options.json) {
      json(io, o);
      return 0;
    }
    if (!o.departments.length) {
      io.out('还没有责任单位：指标的“责任单位”一栏是空的。可在指标体系里填写，或用 departments add 添加。');
      return 0;
    }
    io.out(table(
      ['责任单位', '联系人', '电话', '指标', ...ASSIGNMENT_STATES.map((s) => ASSIGNMENT_LABELS[s]), '最近截止', '待审材料'],
      o.departments.map((d) => [d.name, d.contact, d.phone, d.assignments, ...ASSIGNMENT_STATES.map((s) => d.states[s] || ''), d.nextDeadline ?? '', d.pending || '']),
    ));
    const overdue = o.totals.overdue;
    io.out(`共 ${o.departments.length} 个责任单位；${overdue ? `${overdue} 项已逾期；` : ''}${o.unassigned ? `${o.unassigned} 个指标没有责任单位。` : '每个指标都有责任单位。'}（按 ${o.today} 判断逾期）`);
    return 0;
  },
};

export const departmentsShow: Command = {
  usage: 'departments show ARCHIVE NAME [--json]',
  summary: '一个责任单位负责的指标、截止日期、状态和往来的任务包',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, name] = need(p, 2, this.usage);
    const d = await withArchive(dir, (a) => departmentDetail(a, name), { readOnly: true });
    if (p.options.json) json(io, d);
    else printDetail(io, d);
    return 0;
  },
};

export const departmentsAdd: Command = {
  usage: 'departments add ARCHIVE NAME [--contact 姓名] [--phone 电话] [--note 说明] [--json]',
  summary: '添加一个指标表里没有写到的责任单位',
  options: { contact: { value: true }, phone: { value: true }, note: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, name] = need(p, 2, this.usage);
    const args = checked('departments.add', { name, contact: str(p, 'contact'), phone: str(p, 'phone'), note: str(p, 'note') }, (f) => `--${f}`);
    const d = await withArchive(dir, (a) => addDepartment(a, args, CLI_ACTOR));
    if (p.options.json) json(io, d);
    else io.out(`已添加责任单位“${d.department.name}”。用 departments set ${dir} ${name} --assign 编号 交给它指标。`);
    return 0;
  },
};

export const departmentsSet: Command = {
  usage:
    'departments set ARCHIVE NAME [--rename 新名称] [--contact 姓名] [--phone 电话] [--note 说明] [--deadline YYYY-MM-DD|none] [--codes 1.1,1.2] [--assign 编号,…] [--unassign 编号,…] [--json]',
  summary: '修改责任单位：联系人、电话、说明、名称；截止日期（--codes 指定指标，否则全部）；添加或移除指标',
  options: {
    rename: { value: true }, contact: { value: true }, phone: { value: true }, note: { value: true },
    deadline: { value: true }, codes: { value: true }, assign: { value: true }, unassign: { value: true }, ...JSON_OPT,
  },
  async run(p, io) {
    const [dir, name] = need(p, 2, this.usage);
    const deadlineText = str(p, 'deadline');
    const deadline = deadlineText == null ? undefined : deadlineText === 'none' ? null : deadlineText;
    const patch = { name: str(p, 'rename'), contact: str(p, 'contact'), phone: str(p, 'phone'), note: str(p, 'note') };
    const assign = codesOf(str(p, 'assign'));
    const unassign = codesOf(str(p, 'unassign'));
    if (assign && unassign) throw new TaizhangError('BAD_INPUT', '--assign 和 --unassign 一次只能用一个。');
    const d = await withArchive(dir, async (a) => {
      let name2 = name;
      if (Object.values(patch).some((v) => v != null)) {
        const args = checked('departments.update', { name, patch }, (f) => (f === 'patch.name' ? '--rename' : `--${f.replace('patch.', '')}`));
        name2 = (await updateDepartment(a, args.name, args.patch, CLI_ACTOR)).department.name;
      }
      const codes = assign ?? unassign ?? codesOf(str(p, 'codes'));
      if (deadline !== undefined || assign || unassign) {
        const args = checked(
          'assignments.set',
          { department: name2, codes, deadline, ...(assign && { assigned: true }), ...(unassign && { assigned: false }) },
          (f) => (f === 'deadline' ? '--deadline' : f.startsWith('codes') ? '--codes' : f),
        );
        return setAssignments(a, args, CLI_ACTOR);
      }
      return departmentDetail(a, name2);
    });
    if (p.options.json) json(io, d);
    else printDetail(io, d);
    return 0;
  },
};

export const departmentsReturn: Command = {
  usage: 'departments return ARCHIVE NAME CODE --reason 原因 [--json]',
  summary: '退回一个责任单位的整项指标（材料不全、结论性说明不足），原因随下一个任务包发给它',
  options: { reason: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, name, code] = need(p, 3, this.usage);
    const reason = str(p, 'reason');
    if (!reason?.trim()) throw new TaizhangError('BAD_INPUT', `请用 --reason 写明退回原因。用法：taizhang ${this.usage}`);
    const d = await withArchive(dir, (a) => returnAssignment(a, name, code, reason, CLI_ACTOR));
    if (p.options.json) json(io, d);
    else io.out(`已退回“${name}”的指标 ${code}：${reason.trim()}`);
    return 0;
  },
};

const REVIEW_USAGE = 'review ARCHIVE ITEM_ID... (--accept | --return 原因 | --pending) [--json]';
export const reviewCmd: Command = {
  usage: REVIEW_USAGE,
  summary: '审核责任单位提交的材料：通过，或退回（写明原因）',
  options: { accept: {}, return: { value: true }, pending: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, REVIEW_USAGE, Infinity);
    const given = [p.options.accept && 'accept', p.options.return != null && 'return', p.options.pending && 'pending'].filter(Boolean) as ReviewDecision[];
    if (given.length !== 1) throw new TaizhangError('BAD_INPUT', `请选择 --accept（通过）、--return 原因（退回）或 --pending（改回待审核）中的一个。用法：taizhang ${REVIEW_USAGE}`);
    const args = checked('items.review', { ids: idArgs(rest, '材料'), decision: given[0], reason: str(p, 'return') }, () => '--return');
    return act(p, io, dir, (a) => reviewItems(a, args.ids, args.decision, args.reason ?? '', CLI_ACTOR));
  },
};

export const reminderCmd: Command = {
  usage: 'departments remind ARCHIVE OUT.pdf [--department NAME] [--overwrite] [--json]',
  summary: '导出催报单（PDF）：各责任单位未提交、退回、逾期的指标和截止日期',
  options: { department: { value: true }, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, this.usage);
    const bar = progressBar();
    const r = await withArchive(dir, (a) =>
      guardedExport(a, out, 'pdf', p.options.overwrite ? 'any' : 'own', () =>
        exportReminder(a, path.resolve(out), { department: str(p, 'department') }, { onProgress: (x) => bar.update(x) }),
      ),
    ).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else io.out(`已导出催报单：${r.departments} 个责任单位，共 ${r.pages} 页：${r.file}`);
    return 0;
  },
};

export const auditList: Command = {
  usage: 'audit list ARCHIVE [--limit N] [--user ACCOUNT] [--json]',
  summary: '审计日志：每一次修改由谁（账号或本机）、何时、从哪里、做了什么，是否被拒绝',
  options: { limit: { value: true }, user: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const limitText = str(p, 'limit');
    const args = checked('audit.list', { limit: limitText == null ? undefined : Number(limitText), user: str(p, 'user') }, (f) => `--${f}`);
    const { entries, titles } = await withArchive(
      dir,
      async (a) => {
        const entries = await listAudit(a, args);
        // Items are named by their titles, as the 审计日志 panel names them.
        const ids = new Set<number>();
        for (const e of entries) {
          const x = parseDetail(e.detail).args;
          for (const v of [x?.ids ?? x?.id].flat()) if (typeof v === 'number') ids.add(v);
        }
        const rows = ids.size ? await a.db.all<{ id: number; title: string }>(sql`SELECT id, title FROM items WHERE id IN (${sqlList([...ids])})`) : [];
        return { entries, titles: new Map(rows.map((r) => [r.id, r.title])) };
      },
      { readOnly: true },
    );
    if (p.options.json) {
      json(io, entries);
      return 0;
    }
    if (!entries.length) {
      io.out('审计日志是空的：还没有人修改过这个档案。');
      return 0;
    }
    io.out(table(
      ['时间', '账号', '角色', '操作', '对象', '结果', '说明'],
      entries.map((e) => {
        const { args: a, reason } = parseDetail(e.detail);
        return [chineseDateTime(e.at), e.user, e.department || ROLE_LABELS[e.role], actionText(e.action), subjectText(e, a, titles), e.ok ? '完成' : '被拒绝', detailText(e, a, reason)];
      }),
    ));
    io.out(`共 ${entries.length} 条（最新的在前${args.limit ? `，最多 ${args.limit} 条` : ''}）。`);
    return 0;
  },
};
