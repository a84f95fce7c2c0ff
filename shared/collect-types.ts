// Collecting evidence from the departments (责任单位): assignments, packets, review, accounts and
// the audit log, as the interface, the CLI and the LAN server see them.
export { REVIEW_STATES, REVIEW_LABELS, type ReviewState, type Submission } from './domain';

/**
 * Where a department × indicator assignment stands:
 * open 未提交 (nothing received yet), submitted 已提交 (received, nothing reviewed yet),
 * reviewing 待审核 (some reviewed, some not), accepted 已通过 (every item accepted),
 * returned 退回 (an item or the whole assignment returned, not yet resubmitted),
 * overdue 逾期 (open or returned past its deadline).
 */
export const ASSIGNMENT_STATES = ['open', 'submitted', 'reviewing', 'accepted', 'returned', 'overdue'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
export const ASSIGNMENT_LABELS: Record<AssignmentState, string> = {
  open: '未提交',
  submitted: '已提交',
  reviewing: '待审核',
  accepted: '已通过',
  returned: '退回',
  overdue: '逾期',
};

export interface Department {
  name: string;
  contact: string;
  phone: string;
  /** What the 创建办 tells this department, printed in its packet and on the 催报单. */
  note: string;
  /** Named by at least one indicator's 责任单位 (else only added by the clerk). */
  named: boolean;
}

export interface Assignment {
  department: string;
  code: string;
  title: string;
  requirement: string;
  deadline: string | null;
  /** The 创建办's note on this indicator for this department. */
  note: string;
  state: AssignmentState;
  /** Why it was returned, when the whole assignment or one of its items was (the items' reasons joined). */
  reason: string;
  /** Items the department submitted for this indicator, by review state. */
  pending: number;
  accepted: number;
  returned: number;
  /** The department's 结论性说明, as last received. */
  conclusion: string;
  /** When the department's last packet (or LAN upload) for it arrived. */
  submittedAt: string | null;
  /** Named by the indicator's 责任单位 (false: added by the clerk). */
  named: boolean;
}

export interface DepartmentRow extends Department {
  assignments: number;
  /** Assignments by state. */
  states: Record<AssignmentState, number>;
  /** Earliest deadline still open, or null. */
  nextDeadline: string | null;
  /** Last packet received (ISO) or null. */
  lastReceived: string | null;
  /** Items received in all, and waiting for review. */
  items: number;
  pending: number;
  /** LAN accounts of this department. */
  users: number;
}

export interface DepartmentsOverview {
  /** The day the states were judged against (逾期), YYYY-MM-DD. */
  today: string;
  departments: DepartmentRow[];
  totals: Record<AssignmentState, number>;
  /** Lowest-level indicators no department is responsible for. */
  unassigned: number;
}

export interface DepartmentDetail {
  department: DepartmentRow;
  assignments: Assignment[];
  /** Packets sent and received, newest first. */
  packets: PacketRecord[];
}

export interface PacketRecord {
  id: string;
  direction: 'out' | 'back';
  at: string;
  sequence: number;
  /** One line: 8 个指标，退回 2 件 / 新增 5 件，更正 1 件. */
  summary: string;
}

/** What `packet export` wrote. */
export interface PacketExportReport {
  department: string;
  out: string;
  packetId: string;
  indicators: number;
  /** Items returned for correction that travel with it, and all files it carries. */
  returned: number;
  files: number;
  bytes: number;
}

/** What `packet import` merged. */
export interface PacketImportReport {
  department: string;
  packetId: string;
  /** New items, corrected items that replaced their returned version, items already here unchanged. */
  added: number;
  replaced: number;
  unchanged: number;
  /** 结论性说明 received. */
  statements: number;
  /** When the 创建办 received it (ISO). */
  receivedAt: string;
  /** true: this very packet was merged before; nothing changed. */
  again: boolean;
  /** Of the replaced, items the 创建办 had accepted (已通过) that the department changed: to review again. */
  reopened: number;
  /** Titles of items filed under none of the department's indicators: not taken in. */
  left: string[];
}

/** 接收回传包's answer in the clerk's words (the job's summary, the dialog, the CLI). */
export function packetImportText(r: PacketImportReport, when: (iso: string) => string): string {
  if (r.again) return `这份回传包（${r.department}）此前已经接收过（${when(r.receivedAt)}），档案没有任何改动。`;
  const parts: string[] = [];
  if (r.added) parts.push(`新增材料 ${r.added} 件`);
  if (r.replaced) parts.push(`更正 ${r.replaced} 件（替换了原来的版本，旧版本保留在历史中）`);
  if (r.unchanged) parts.push(`${r.unchanged} 件与已收到的相同，未重复保存`);
  if (r.statements) parts.push(`结论性说明 ${r.statements} 条`);
  if (!parts.length) parts.push('回传包中没有材料');
  const reopened = r.reopened ? `其中 ${r.reopened} 件是已通过审核、又被该单位改动的材料，需要重新审核。` : '';
  const left = r.left.length ? `${r.left.map((t) => `《${t}》`).join('、')}没有归到“${r.department}”负责的指标下，未接收。` : '';
  return `已接收“${r.department}”的回传包：${parts.join('，')}。${reopened}${r.added || r.replaced ? '新收到的材料在“审核”中等待通过或退回。' : ''}${left}`;
}

/** What `packet open` made: the department's own archive in 填报模式. */
export interface PacketOpenReport {
  dir: string;
  department: string;
  indicators: number;
  returned: number;
  deadline: string | null;
  /** Opened into the department's existing 填报 archive (a later 任务包): what changed there. */
  update?: PacketUpdateReport;
}

/** A later 任务包 opened into the department's existing 填报 archive. */
export interface PacketUpdateReport {
  /** The 任务包 the archive already follows: nothing written. */
  again: boolean;
  /** Indicator codes newly assigned, and those no longer assigned (kept with what is filed there, left out of the 回传包). */
  added: string[];
  dropped: string[];
  /** Returned items new to the archive; already here (state and reason set, the department's own edits kept); restored from the trash. */
  returnedNew: number;
  returnedKnown: number;
  restored: number;
  /** Items the department sent whose 审核 state there changed (已通过, or 待审核 again). */
  reviewed: number;
}

/** A packet opened by a department (填报模式): what its archive is for. */
export interface FillingInfo {
  department: string;
  /** The 创建办's archive (its campaign name) and the task packet this archive came from. */
  office: string;
  packetId: string;
  /** Earliest deadline of its assignments. */
  deadline: string | null;
  /** 回传包 written so far. */
  returns: number;
  /** What the 创建办 wrote to the department. */
  note: string;
}

export const ROLES = ['office', 'department', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { office: '创建办', department: '责任单位', reviewer: '只读审阅' };

/**
 * Who makes a call. The desktop app, the CLI and the one-clerk web mode act as 本机 with the
 * 创建办's rights; the LAN server names the signed-in account.
 */
export interface Actor {
  user: string;
  role: Role;
  /** role department: the department it acts for. */
  department: string | null;
}
export const LOCAL_ACTOR: Actor = { user: '本机', role: 'office', department: null };

export interface UserInfo {
  id: number;
  name: string;
  role: Role;
  department: string | null;
  createdAt: string;
  disabled: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  role: Role;
  department: string;
  /** The API method (items.update), or login, logout, upload. */
  action: string;
  /** What it was about: an item id, an indicator code, a file name. */
  subject: string;
  ok: boolean;
  /** One line: what changed, or why it was refused. */
  detail: string;
  /** The client's address (LAN), '' for 本机. */
  address: string;
}

/**
 * The departments an indicator's 责任单位 names: "县科协、县教育局，县卫健委" → three. Split on the
 * separators tables use (、，,;；/ and line breaks), trimmed, each named once, in order.
 */
export function splitDepartments(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[、，,;；/／\n\r\t]+|\s{2,}|(?<=[局委办院会部室所处站队司厅中心）)])\s+(?=\S)/)) {
    const name = part.trim().replace(/^[（(]?牵头[）)]?[:：]?|[（(](牵头|配合|主责|责任)[）)]$/g, '').trim();
    if (name && name !== '无' && name !== '—' && name !== '-') seen.add(name);
  }
  return [...seen];
}
