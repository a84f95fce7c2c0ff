// The audit log in the clerk's words. The service records what each write was given (its
// arguments, passwords masked) and, when refused, the reason before them; here that becomes
// "退回：照片缺少说明" and 《第二次推进会》 instead of {"ids":[2],"decision":"return",…}. The 审计日志 panel
// and `taizhang audit list` read it the same way.
import { JOB_LABELS, type JobKind } from './api';
import { CAPTION_LABELS, ITEM_KIND_LABELS, REVIEW_LABELS, type Caption, type ItemKind } from './domain';
import { ROLE_LABELS, type AuditEntry, type Role } from './collect-types';

/** Field names the arguments use, as the forms label them. */
const FIELDS: Record<string, string> = {
  ...(CAPTION_LABELS as Record<keyof Caption, string>),
  kind: '类别',
  title: '题名',
  titleSupplied: '自拟题名',
  date: '日期',
  location: '地点',
  responsible: '责任者',
  docNumber: '文号',
  participants: '参与人数',
  description: '说明',
  department: '部门',
  secrecy: '密级',
  retention: '保管期限',
  conclusion: '结论性说明',
  selfScore: '自评分',
  actual: '实际完成',
  actualReason: '实际完成的说明',
  requirement: '要求',
  score: '分值',
  basis: '评分依据',
  target: '目标',
  contact: '联系人',
  phone: '电话',
  note: '备注',
  deadline: '截止日期',
  name: '名称',
  unit: '单位',
  year: '年度',
  windowStart: '创建时段起',
  windowEnd: '创建时段止',
  countSubmitted: '统计口径',
  role: '角色',
  disabled: '停用',
  password: '密码',
};

type Args = Record<string, unknown>;

/** The arguments recorded with the entry and, for a refusal, the service's reason before them. */
export function parseDetail(detail: string): { args: Args | null; reason: string } {
  const tryParse = (t: string): Args | null => {
    try {
      const v = JSON.parse(t) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Args) : null;
    } catch {
      return null;
    }
  };
  const whole = tryParse(detail);
  if (whole) return { args: whole, reason: '' };
  const m = /^([\s\S]*?)（(\{[\s\S]*\})）$/.exec(detail);
  if (m) return { args: tryParse(m[2]), reason: m[1] };
  return { args: null, reason: detail };
}

const ids = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : typeof v === 'number' ? [v] : []);

/** What an entry was about, in words: items by their titles, an indicator by its code, an account by name. */
export function subjectText(e: AuditEntry, args: Args | null, titles: Map<number, string>): string {
  if (!args) return e.subject;
  const items = ids(args.ids ?? args.id);
  if (items.length && /^(items|files\.(reorder|add))\./.test(e.action)) {
    const named = items.slice(0, 3).map((id) => (titles.has(id) ? `《${titles.get(id)}》` : `第 ${id} 号材料`));
    return items.length > 3 ? `${named.join('、')}等 ${items.length} 件` : named.join('、');
  }
  const files = ids(args.fileIds ?? args.fileId);
  if (files.length) return `${files.length} 个文件`;
  if (typeof args.code === 'string') return `指标 ${args.code}`;
  if (typeof args.department === 'string' && /^(departments|assignments)\./.test(e.action)) return args.department;
  if (typeof args.name === 'string' && /^users\./.test(e.action)) return args.name;
  if (typeof args.kind === 'string' && e.action.startsWith('jobs.')) return JOB_LABELS[args.kind as JobKind] ?? args.kind;
  return e.subject;
}

function valueText(key: string, v: unknown): string {
  if (v == null || v === '') return '（清空）';
  if (typeof v === 'boolean') return key === 'countSubmitted' ? (v ? '提交即计入' : '通过后计入') : v ? '是' : '否';
  if (key === 'kind' && typeof v === 'string') return ITEM_KIND_LABELS[v as ItemKind] ?? v;
  if (key === 'role' && typeof v === 'string') return ROLE_LABELS[v as Role] ?? v;
  if (key === 'password') return '已修改';
  if (typeof v === 'object') return Array.isArray(v) ? `${v.length} 项` : '…';
  const s = String(v);
  return s.length > 60 ? `${s.slice(0, 58)}…` : s;
}

/** "题名：第一次推进会；日期：2023-03-08" from a patch of fields. */
function fieldsText(patch: unknown): string {
  if (!patch || typeof patch !== 'object') return '';
  return Object.entries(patch as Args)
    .filter(([k]) => k !== 'titleSupplied')
    .map(([k, v]) => `${FIELDS[k] ?? k}：${valueText(k, v)}`)
    .join('；');
}

/** What the entry did, in words (and, refused, why). */
export function detailText(e: AuditEntry, args: Args | null, reason: string): string {
  const did = (() => {
    if (!args) return '';
    switch (e.action) {
      case 'items.review': {
        const d = args.decision === 'accept' ? REVIEW_LABELS.accepted : args.decision === 'return' ? '退回' : '改回待审核';
        return args.decision === 'return' && typeof args.reason === 'string' ? `${d}：${args.reason}` : d;
      }
      case 'items.update':
      case 'items.updateMany':
        return fieldsText(args.patch);
      case 'items.caption':
      case 'files.captionMany':
        return fieldsText(args.caption);
      case 'indicators.state':
        return fieldsText(args.statement);
      case 'indicators.update':
      case 'departments.update':
        return fieldsText(args.patch);
      case 'items.undo':
        return '撤销上一步操作';
      case 'items.move':
        return `归到指标 ${String(args.to ?? '')}`;
      case 'items.link':
      case 'items.linkMany':
        return `链接到指标 ${String(args.indicator ?? '')}`;
      case 'items.unlink':
      case 'items.unlinkMany':
        return `移出指标 ${String(args.indicator ?? '')}`;
      case 'assignments.return':
        return `指标 ${String(args.code ?? '')} 整项退回：${String(args.reason ?? '')}`;
      case 'users.add':
        return [`角色：${valueText('role', args.role)}`, args.department ? `责任单位：${String(args.department)}` : ''].filter(Boolean).join('；');
      case 'users.update':
        return [args.password != null ? '重设密码' : '', args.disabled === true ? '停用' : args.disabled === false ? '启用' : ''].filter(Boolean).join('，');
      case 'jobs.start':
        return [args.department ? `责任单位：${String(args.department)}` : '', Array.isArray(args.paths) ? `${args.paths.length} 个文件或文件夹` : '', args.indicator ? `指标 ${String(args.indicator)}` : '']
          .filter(Boolean)
          .join('；');
      default: {
        // Anything else: its plain fields by their labels; ids and paths are said by the subject.
        const plain = Object.entries(args).filter(([k, v]) => !/^(ids?|fileIds?|paths?|file|dir|code|name)$/.test(k) && (typeof v !== 'object' || v == null));
        return plain.map(([k, v]) => `${FIELDS[k] ?? k}：${valueText(k, v)}`).join('；');
      }
    }
  })();
  if (e.ok) return did || (args ? '' : e.detail);
  return [reason.replace(/[。.]$/, ''), did].filter(Boolean).join('。');
}

/** The action (an API method, login, upload) in words. */
const ACTIONS: Record<string, string> = {
  login: '登录',
  logout: '退出登录',
  upload: '上传文件',
  'archive.create': '新建档案',
  'archive.restore': '从快照恢复档案',
  'campaign.update': '修改项目设置',
  'indicators.add': '新增指标',
  'indicators.update': '修改指标',
  'indicators.move': '移动指标',
  'indicators.delete': '删除指标',
  'indicators.undo': '撤销指标修改',
  'indicators.state': '填写结论性说明、自评',
  'indicators.import': '导入指标体系',
  'items.update': '修改材料',
  'items.caption': '填写照片说明',
  'items.link': '挂到指标',
  'items.unlink': '移出指标',
  'items.trash': '移到回收站',
  'items.restore': '从回收站恢复',
  'items.acceptSuggestions': '接受建议',
  'items.move': '归到指标',
  'items.linkMany': '链接到指标',
  'items.unlinkMany': '移出指标',
  'items.updateMany': '批量修改材料',
  'items.merge': '合并材料',
  'items.split': '拆分材料',
  'items.undo': '撤销',
  'items.review': '审核',
  'files.move': '移动文件',
  'files.remove': '移除文件',
  'files.reorder': '调整文件顺序',
  'files.captionMany': '批量填写照片说明',
  'files.keepOnly': '只保留一处',
  'files.update': '修改文件',
  'trash.purge': '彻底删除',
  'departments.add': '新增责任单位',
  'departments.update': '修改责任单位',
  'assignments.set': '设置任务和期限',
  'assignments.return': '退回任务',
  'users.add': '新增账号',
  'users.update': '修改账号',
  'jobs.start': '导入或导出',
  'jobs.cancel': '取消任务',
  'text.start': '文字识别',
  'text.pause': '暂停文字识别',
};

export const actionText = (action: string): string => ACTIONS[action] ?? action;
