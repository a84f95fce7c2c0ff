// A job's report in the clerk's words: one headline that never contradicts itself ("没有导入新的
// 材料；50 个文件此前已存档，未重复保存", not "已导入 0 件材料、50 个文件"), and the groups of files behind
// it (未归类, 系统文件, 无法读取 …). The notice at the end of an import and the 任务记录 both use it.
import { JOB_LABELS, type JobInfo } from '../../../../shared/api';

export const JOB_TITLES = JOB_LABELS;

/** The import's result as far as the report reads it (main/intake ImportReport; unknown fields ignored). */
interface ImportResult {
  items?: number;
  files?: number;
  stored?: number;
  duplicates?: number;
  repaired?: number;
  linkedExisting?: number;
  duplicateFiles?: { path: string; itemTitle?: string }[];
  inbox?: string[];
  warnings?: { path: string; reason: string }[];
  skipped?: { path: string; reason: string }[];
}

export interface ReportGroup {
  /** data-testid suffix and key. */
  key: string;
  title: string;
  lines: string[];
  tone?: 'warn' | 'muted';
}

const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function asImport(job: JobInfo): ImportResult | null {
  return job.result && typeof job.result === 'object' ? (job.result as ImportResult) : null;
}

/** System files (Thumbs.db, .DS_Store, ~$ lock files) are not evidence: told apart from real refusals. */
const isSystem = (s: { reason: string }) => /系统文件|临时文件/.test(s.reason);

/** One sentence: what the job did. */
export function headline(job: JobInfo): string {
  if (job.state === 'running') {
    const p = job.progress;
    return p && p.total ? `正在${JOB_TITLES[job.kind]}…（${p.done}/${p.total}）` : `正在${JOB_TITLES[job.kind]}…`;
  }
  // A 回传包 is merged in one transaction: stopped or refused, the archive is as it was.
  if (job.state === 'cancelled') return job.kind === 'import' ? '导入已取消；已经存入的文件保留在档案中。' : job.kind === 'import-packet' ? '接收已取消，档案没有改动。' : '导出已取消，没有生成文件。';
  if (job.state === 'failed') return `${job.kind === 'import' ? '导入没有完成' : job.kind === 'import-packet' ? '回传包没有接收' : '导出没有完成'}：${job.error?.message ?? '请重试。'}`;
  if (job.kind !== 'import') return job.summary ?? '导出完成。';
  const r = asImport(job);
  if (!r) return job.summary ?? '导入完成。';
  const items = num(r.items);
  const duplicates = num(r.duplicates);
  const linked = num(r.linkedExisting);
  const fresh = Math.max(0, num(r.files) - duplicates);
  const parts: string[] = [];
  if (items > 0) parts.push(`已导入 ${items} 件材料（${fresh} 个新文件）`);
  else if (fresh > 0) parts.push(`已导入 ${fresh} 个新文件`);
  else parts.push(linked > 0 ? '没有新的文件' : '没有导入新的材料');
  if (linked > 0) parts.push(`${linked} 件已有材料加挂到这次的指标下`);
  if (duplicates > 0) parts.push(`${duplicates} 个文件此前已存档，未重复保存`);
  if (num(r.repaired) > 0) parts.push(`已用原件修复 ${num(r.repaired)} 个损坏的文件`);
  const inbox = r.inbox?.length ?? 0;
  if (inbox > 0) parts.push(`${inbox} 个文件未能对应到指标，放在“未归类”中`);
  return `${parts.join('；')}。`;
}

/** The groups of files behind the headline, each with its lines (file names and reasons). */
export function reportGroups(job: JobInfo, notes: string[] = []): ReportGroup[] {
  const groups: ReportGroup[] = [];
  const add = (g: ReportGroup) => g.lines.length > 0 && groups.push(g);
  if (job.kind === 'import') {
    const r = asImport(job) ?? {};
    add({ key: 'inbox', title: '放在“未归类”中（对不上指标，请手动归类）', lines: (r.inbox ?? []).map(base), tone: 'warn' });
    add({
      key: 'warnings',
      title: '无法读取或打印（原样保存，请检查）',
      lines: (r.warnings ?? []).map((w) => `${base(w.path)}：${w.reason}`),
      tone: 'warn',
    });
    const skipped = r.skipped ?? [];
    add({ key: 'not-imported', title: '没有导入', lines: skipped.filter((s) => !isSystem(s)).map((s) => `${base(s.path)}：${s.reason}`), tone: 'warn' });
    add({ key: 'uploads', title: '没有上传', lines: notes.map((n) => n.replace(/^没有上传：/, '')), tone: 'warn' });
    add({
      key: 'duplicates',
      title: '此前已存档（未重复保存）',
      lines: (r.duplicateFiles ?? []).map((d) => (d.itemTitle ? `${base(d.path)}（在“${d.itemTitle}”中）` : base(d.path))),
      tone: 'muted',
    });
    add({ key: 'system', title: '跳过的系统文件（不是佐证材料）', lines: skipped.filter(isSystem).map((s) => base(s.path)), tone: 'muted' });
    // Warnings the result does not carry in its own shape (an older service): as they came.
    if (!asImport(job) && job.warnings.length) add({ key: 'job-warnings', title: '提醒', lines: job.warnings, tone: 'warn' });
  } else {
    if (job.output) add({ key: 'output', title: '保存在', lines: [job.output] });
    add({ key: 'warnings', title: '提醒', lines: job.warnings, tone: 'warn' });
  }
  return groups;
}

/** What a finished import's notice lists under 详情: the same groups, flattened. */
export function detailLines(job: JobInfo, notes: string[] = []): string[] {
  return reportGroups(job, notes)
    .filter((g) => g.key !== 'duplicates' && g.key !== 'system')
    .flatMap((g) => g.lines.map((l) => `${g.title.replace(/（.*$/, '')}：${l}`));
}
