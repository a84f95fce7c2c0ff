// What each actor may see and do (DESIGN: every call knows who makes it; the HTTP door only
// authenticates). 本机 and 创建办 accounts may do everything the door allows; a department's
// account works on its own indicators and the items it submitted (填报); a reviewer reads.
//
// A department that names another's item, file or indicator is told it does not exist
// (NOT_FOUND, as for an id nobody has): FORBIDDEN would confirm that it does.
import type { Archive } from '../archive/archive';
import { sql, sqlList } from '../archive/db';
import { listIndicators } from '../archive/indicators-repo';
import { assignmentsOf } from '../collect/departments';
import { markSubmitted } from '../collect/submitted';
import type { ApiEvent, ApiMethod, IndicatorTree, ItemSummary, JobInfo, SearchResult } from '../../shared/api';
import type { CheckReport, IndicatorCheck, Problem } from '../../shared/check-types';
import type { Actor, DepartmentsOverview } from '../../shared/collect-types';
import type { Item, StoredFile } from '../../shared/domain';
import { TaizhangError } from '../../shared/errors';

export type Door = 'desktop' | 'web' | 'lan';

/** Methods that change nothing: everything else is a write (audited; refused to reviewers). */
export function isWrite(method: ApiMethod): boolean {
  return !/^(session\.state|indicators\.(tree|log|preview)|items\.(list|get|search|suggestions|versions)|files\.text|text\.status|check\.|dashboard\.|departments\.(list|get)|audit\.list|users\.list|jobs\.list)/.test(method);
}

/** What only the machine the archive is on may do: open, make or close archives, hand files to its desktop. */
const MACHINE_ONLY = /^(archive\.(open|create|close|restore|openPacket)|desktop\.)/;

/** What a department's account may call at all; the arguments are checked further below. */
const DEPARTMENT_METHODS = new Set<ApiMethod>([
  'session.state', 'indicators.tree', 'indicators.state',
  'items.list', 'items.get', 'items.search', 'items.suggestions', 'items.versions', 'files.text',
  'items.update', 'items.caption', 'items.link', 'items.unlink', 'items.trash', 'items.restore', 'items.acceptSuggestions',
  'items.move', 'items.linkMany', 'items.unlinkMany', 'items.updateMany', 'items.merge', 'items.split',
  'files.move', 'files.remove', 'files.reorder', 'files.captionMany', 'files.update', 'files.add',
  'check.run', 'check.indicator', 'departments.list', 'departments.get', 'text.status',
  'jobs.start', 'jobs.cancel', 'jobs.list',
]);

const refuse = (message: string) => new TaizhangError('FORBIDDEN', message);
const noItem = (id: number) => new TaizhangError('NOT_FOUND', `找不到第 ${id} 号材料，它可能已被彻底删除。`);
const noFile = (id: number) => new TaizhangError('NOT_FOUND', `找不到第 ${id} 号文件。`);
const noIndicator = (code: string) => new TaizhangError('NOT_FOUND', `找不到编号为 ${code} 的指标。`);

/** Who started each job (by account), so that only they and the 创建办 follow it and fetch what it made. */
const jobOwners = new Map<string, string>();

/** Refuses (TaizhangError FORBIDDEN) what the actor may not do, before the service runs. */
export async function authorize(archive: Archive | null, actor: Actor, method: ApiMethod, args: unknown, door: Door): Promise<void> {
  if (door === 'lan' && MACHINE_ONLY.test(method)) {
    throw refuse('局域网上的账号不能打开、新建或关闭档案，也不能使用本机文件夹；这些操作请在运行服务的电脑上进行。');
  }
  if (actor.role === 'office') return;
  if (actor.role === 'reviewer') {
    if (isWrite(method) || method === 'users.list') throw refuse(`“${actor.user}”是只读审阅账号，只能查看，不能修改。`);
    return;
  }
  if (!DEPARTMENT_METHODS.has(method)) throw refuse(`“${actor.user}”是${actor.department}的账号，只能填报本单位的指标和材料，不能进行这项操作。`);
  if (!archive) return;
  await checkDepartmentArgs(archive, actor, method, (args ?? {}) as Record<string, unknown>);
}

/** A department's own: its indicators (with their ancestors, to show the tree), its items. */
interface Scope {
  departmentId: number | null;
  /** Lowest-level indicators assigned to it: where it files and states. */
  codes: Set<string>;
  /** Its codes and every indicator above them: what its tree shows. */
  visible: Set<string>;
}

async function scopeOf(archive: Archive, actor: Actor): Promise<Scope> {
  const name = actor.department ?? '';
  const row = await archive.db.get<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${name}`);
  // A department no longer named anywhere (its indicators renamed) owns nothing.
  const assigned = await assignmentsOf(archive, name).catch((e: unknown) => {
    if (e instanceof TaizhangError && e.code === 'NOT_FOUND') return [];
    throw e;
  });
  const codes = new Set(assigned.map((a) => a.code));
  const all = await listIndicators(archive.db);
  const byId = new Map(all.map((i) => [i.id, i]));
  const visible = new Set<string>();
  for (const i of all) {
    if (!codes.has(i.code)) continue;
    for (let n: (typeof all)[number] | undefined = i; n && !visible.has(n.code); n = n.parentId != null ? byId.get(n.parentId) : undefined) visible.add(n.code);
  }
  return { departmentId: row?.id ?? null, codes, visible };
}

/** Each item's submitter and review, for the ids that exist. */
async function itemRows(archive: Archive, ids: number[]): Promise<Map<number, { submitted_by: number | null; review: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await archive.db.all<{ id: number; submitted_by: number | null; review: string | null }>(
    sql`SELECT id, submitted_by, review FROM items WHERE id IN (${sqlList(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

async function checkDepartmentArgs(archive: Archive, actor: Actor, method: ApiMethod, a: Record<string, unknown>): Promise<void> {
  const scope = await scopeOf(archive, actor);
  const write = isWrite(method);
  const num = (v: unknown): number[] => (typeof v === 'number' ? [v] : Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
  const ownItems = async (ids: number[], missing: (id: number) => TaizhangError) => {
    const rows = await itemRows(archive, ids);
    for (const id of ids) {
      const r = rows.get(id);
      if (!r || scope.departmentId == null || r.submitted_by !== scope.departmentId) throw missing(id);
      if (write && r.review === 'accepted') throw refuse(`第 ${id} 号材料已通过审核，不能再修改；如需更正，请联系创建办退回。`);
    }
  };
  // Items named directly; files by the item that holds them; `to` is an item for files.move, a code for items.move.
  const itemIds = [...num(a.id), ...num(a.ids), ...(method === 'files.move' ? num(a.to) : [])];
  await ownItems(itemIds, noItem);
  const fileIds = [...num(a.fileId), ...num(a.fileIds)];
  if (fileIds.length) {
    const rows = await archive.db.all<{ id: number; item_id: number }>(sql`SELECT id, item_id FROM files WHERE id IN (${sqlList(fileIds)})`);
    const holder = new Map(rows.map((r) => [r.id, r.item_id]));
    const holders = await itemRows(archive, [...new Set(holder.values())]);
    // Told by the file's own number, never its holder's: the holder may be another department's.
    for (const id of fileIds) if (!holder.has(id) || holders.get(holder.get(id)!)?.submitted_by !== scope.departmentId) throw noFile(id);
    await ownItems([...holders.keys()], noItem);
  }
  const codes = [a.indicator, a.code, method === 'items.move' ? a.to : undefined].filter((c): c is string => typeof c === 'string');
  for (const code of codes) {
    // Reads may name the indicators above its own (the tree shows them); writes only its own.
    if (!(write ? scope.codes : scope.visible).has(code)) throw noIndicator(code);
  }
  if (method === 'departments.get' && a.name !== actor.department) throw new TaizhangError('NOT_FOUND', `找不到责任单位“${String(a.name)}”。`);
  if (method === 'jobs.start') {
    if (a.kind !== 'import') throw refuse(`“${actor.user}”是${actor.department}的账号，不能导出；导出和任务包由创建办制作。`);
    if (typeof a.indicator !== 'string') throw refuse('请把材料拖到本单位的某个指标上再上传。');
  }
  if (method === 'jobs.cancel' && jobOwners.get(String(a.id)) !== actor.user) throw new TaizhangError('NOT_FOUND', '找不到这个任务。');
}

/**
 * What of the service's answer the actor may see (a department: only its indicators and items).
 * A department's write also makes what it touched its submission again (待审核): see markSubmitted.
 */
export async function limitResult(archive: Archive | null, actor: Actor, method: ApiMethod, value: unknown): Promise<unknown> {
  if (method === 'jobs.start') jobOwners.set((value as JobInfo).id, actor.user);
  if (method === 'session.state' && actor.role !== 'office') return { ...(value as object), recent: [] };
  if (actor.role !== 'department' || !archive) return value;
  if (isWrite(method)) {
    const touched = touchedItems(method, value);
    if (touched.length) await markSubmitted(archive, touched, actor);
  }
  const scope = await scopeOf(archive, actor);
  const own = (s: ItemSummary | Item) => s.submission?.department === actor.department;
  switch (method) {
    case 'items.list':
      return (value as ItemSummary[]).filter(own);
    case 'items.search':
      return (value as SearchResult[]).filter((h) => own(h.item));
    case 'indicators.tree':
      return limitTree(archive, actor, scope, value as IndicatorTree);
    case 'indicators.state':
      return { ...(value as object), tree: await limitTree(archive, actor, scope, (value as { tree: IndicatorTree }).tree) };
    case 'check.run': {
      const r = value as CheckReport;
      const mine = await ownItemIds(archive, scope);
      return {
        ...r,
        indicators: r.indicators.filter((i) => scope.visible.has(i.code)).map((i) => limitCheck(i, mine)),
        problems: r.problems.flatMap((p) => limitProblem(p, mine, scope)),
      };
    }
    case 'check.indicator':
      return limitCheck(value as IndicatorCheck, await ownItemIds(archive, scope));
    case 'departments.list': {
      const o = value as DepartmentsOverview;
      const row = o.departments.find((d) => d.name === actor.department);
      return { ...o, departments: row ? [row] : [], totals: row ? row.states : o.totals, unassigned: 0 };
    }
    case 'jobs.list':
      return (value as JobInfo[]).filter((j) => jobOwners.get(j.id) === actor.user);
    default:
      return value;
  }
}

/** The items a write answered with (made or changed), whatever the shape of its answer. */
function touchedItems(method: ApiMethod, value: unknown): number[] {
  if (method === 'items.trash' || method === 'items.restore' || value == null || typeof value !== 'object') return [];
  const v = value as Partial<{ ids: number[]; item: Item | null; id: number; itemId: number; files: StoredFile[] }>;
  if (Array.isArray(v.ids)) return [...v.ids, ...(v.item ? [v.item.id] : [])];
  if (typeof v.itemId === 'number') return [v.itemId];
  if (typeof v.id === 'number' && Array.isArray(v.files)) return [v.id];
  return [];
}

async function ownItemIds(archive: Archive, scope: Scope): Promise<Set<number>> {
  if (scope.departmentId == null) return new Set();
  const rows = await archive.db.all<{ id: number }>(sql`SELECT id FROM items WHERE submitted_by = ${scope.departmentId}`);
  return new Set(rows.map((r) => r.id));
}

/** A problem as a department sees it: its own items' and indicators'; a photo shared with another's item named without the other. */
function limitProblem(p: Problem, mine: Set<number>, scope: Scope): Problem[] {
  if (p.kind === 'reused_photo' && p.copies) {
    const own = p.copies.filter((c) => mine.has(c.item));
    if (!own.length) return [];
    if (own.length === p.copies.length) return [p];
    return [{
      ...p,
      item: own[0].item,
      file: own[0].file,
      copies: own,
      message: `${own.map((c) => c.label).join('、')}与其他单位或创建办材料中的照片相同。检查组会把一图多用视为造假，请联系创建办确认保留在哪一件材料中。`,
    }];
  }
  return (p.item != null ? mine.has(p.item) : p.indicator != null && scope.codes.has(p.indicator)) ? [p] : [];
}

function limitCheck(c: IndicatorCheck, mine: Set<number>): IndicatorCheck {
  return { ...c, counted: c.counted.filter((id) => mine.has(id)), notCounted: c.notCounted.filter((n) => mine.has(n.item)) };
}

async function limitTree(archive: Archive, actor: Actor, scope: Scope, tree: IndicatorTree): Promise<IndicatorTree> {
  const id = scope.departmentId ?? -1;
  const counts = await archive.db.get<{ inbox: number; trash: number }>(sql`SELECT
      sum(deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM links l WHERE l.item_id = items.id)) AS inbox,
      sum(deleted_at IS NOT NULL) AS trash
    FROM items WHERE submitted_by = ${id}`);
  // The counts its list agrees with: its own live items, here and below (an indicator it shares
  // with another department also holds the other's).
  const links = await archive.db.all<{ item_id: number; indicator_id: number }>(sql`SELECT l.item_id, l.indicator_id FROM links l
    JOIN items i ON i.id = l.item_id WHERE i.submitted_by = ${id} AND i.deleted_at IS NULL`);
  const parent = new Map(tree.nodes.map((n) => [n.id, n.parentId]));
  const below = new Map<number, Set<number>>();
  const here = new Map<number, number>();
  for (const l of links) {
    here.set(l.indicator_id, (here.get(l.indicator_id) ?? 0) + 1);
    for (let n: number | null | undefined = l.indicator_id; n != null; n = parent.get(n)) {
      if (!below.has(n)) below.set(n, new Set());
      below.get(n)!.add(l.item_id);
    }
  }
  return {
    nodes: tree.nodes.filter((n) => scope.visible.has(n.code)).map((n) => ({ ...n, items: below.get(n.id)?.size ?? 0, ownItems: here.get(n.id) ?? 0 })),
    departments: actor.department ? [actor.department] : [],
    inbox: counts?.inbox ?? 0,
    trash: counts?.trash ?? 0,
  };
}

/** Whether the actor may fetch a stored file or thumbnail (files/ab/<sha>, thumbs/ab/<sha>.jpg). */
export async function mayReadStored(archive: Archive, actor: Actor, rel: string): Promise<boolean> {
  if (actor.role !== 'department') return true;
  const sha = (rel.split('/').pop() ?? '').replace(/\.jpg$/, '');
  const row = await archive.db.get(sql`SELECT 1 FROM files f JOIN items i ON i.id = f.item_id
    JOIN departments d ON d.id = i.submitted_by WHERE f.sha256 = ${sha} AND d.name = ${actor.department ?? ''} LIMIT 1`);
  return row != null;
}

/** Whether the actor may upload files (to import them, or to add them to an item): not a reviewer, who writes nothing. */
export function mayUpload(actor: Actor): boolean {
  return actor.role !== 'reviewer';
}

/** Whether the actor may download what a job made: the 创建办, or whoever started it. */
export function mayDownload(actor: Actor, jobId: string): boolean {
  return actor.role === 'office' || jobOwners.get(jobId) === actor.user;
}

/**
 * Whether an event goes to a viewer: what changed goes to everyone (each asks again, and is
 * answered within its rights); a job's progress to the 创建办 and whoever started it (`origin`,
 * the caller the event was emitted for); the reader's progress and menus to the 创建办.
 */
export function mayReceive(viewer: Actor, event: ApiEvent, origin: Actor): boolean {
  if (event.type === 'changed' || viewer.role === 'office') return true;
  if (event.type === 'job') return jobOwners.get(event.job.id) === viewer.user || origin.user === viewer.user;
  return false;
}
