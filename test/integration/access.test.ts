// What each account may see and do, through api.call with callers (the LAN server's door does
// nothing more than name the caller): a department sees and changes only its own indicators and
// items — another's answers NOT_FOUND, as if it did not exist — a reviewer reads, every write is
// in the audit log, and what a department files is its submission, waiting for review.
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { mayReadStored } from '../../main/api/access';
import { addUser, checkPassword, currentAccount, updateUser } from '../../main/collect/users';
import { sql } from '../../main/archive/db';
import type { ApiMethod, ArgsOf, IndicatorTree, ItemSummary, JobInfo } from '../../shared/api';
import type { AuditEntry, DepartmentsOverview } from '../../shared/collect-types';
import type { CheckReport } from '../../shared/check-types';
import fs from 'node:fs';
import type { Item } from '../../shared/domain';
import type { Caller } from '../../main/api/actor';
import { ACTORS, PASSWORD, as, importAs, lanArchive, photos } from '../helpers/lan-archive';
import { tmpDir } from '../helpers/tmp';

jest.setTimeout(120_000);

const root = tmpDir('tz-access-');
let api: Api;
let dir: string;
const office = as(ACTORS.office);
const kexie = as(ACTORS.kexie);
const jiaoyu = as(ACTORS.jiaoyu);
const reviewer = as(ACTORS.reviewer);
let kexieItem: Item;
let jiaoyuItem: Item;
let officeItem: Item;

async function ok<M extends ApiMethod>(caller: Caller, method: M, args: ArgsOf<M>): Promise<unknown> {
  const r = await api.call(method, args, caller);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}
async function refused<M extends ApiMethod>(caller: Caller, method: M, args: ArgsOf<M>) {
  const r = await api.call(method, args, caller);
  if (r.ok) throw new Error(`${method} was allowed to ${caller.actor.user}`);
  return r.error;
}

beforeAll(async () => {
  dir = await lanArchive(root);
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test', door: 'lan' });
  await api.open(dir);
  // A dated folder of photos is one item (a meeting).
  const meeting = path.join(root, 'kexie', '2023-06-01 领导小组会议');
  await photos(meeting, 2, 41);
  const k = await importAs(api, kexie, [meeting], '1.1');
  const j = await importAs(api, jiaoyu, await photos(path.join(root, 'jiaoyu', '2023-06-02 科技培训'), 1, 51), '2.1');
  kexieItem = (await ok(office, 'items.get', { id: (k.result as { itemIds: number[] }).itemIds[0] })) as Item;
  jiaoyuItem = (await ok(office, 'items.get', { id: (j.result as { itemIds: number[] }).itemIds[0] })) as Item;
  const [own] = (await ok(office, 'items.list', { indicator: '2.2' })) as ItemSummary[];
  officeItem = (await ok(office, 'items.get', { id: own.id })) as Item;
});
afterAll(async () => {
  await api.close();
});

test('what a department files on the LAN is its submission, waiting for review', () => {
  expect(kexieItem.submission).toMatchObject({ department: '县科协', review: 'pending', version: 1 });
  expect(kexieItem.submission!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(jiaoyuItem.submission).toMatchObject({ department: '县教育局', review: 'pending' });
  expect(officeItem.submission).toBeNull();
});

test('a department sees only its indicators (and the levels above them) and its own items', async () => {
  const tree = (await ok(kexie, 'indicators.tree', {})) as IndicatorTree;
  expect(tree.nodes.map((n) => n.code)).toEqual(['1', '1.1', '1.2']);
  // Counted as its list shows them: its own items only, also under the indicator it shares with
  // 县教育局, where the 创建办 filed 县教育局's item as well.
  await ok(office, 'items.link', { id: jiaoyuItem.id, indicator: '1.2' });
  const counts = (t: IndicatorTree) => t.nodes.filter((n) => n.code.startsWith('1')).map((n) => [n.code, n.items, n.ownItems]);
  expect(counts((await ok(kexie, 'indicators.tree', {})) as IndicatorTree)).toEqual([['1', 1, 0], ['1.1', 1, 1], ['1.2', 0, 0]]);
  expect(counts((await ok(office, 'indicators.tree', {})) as IndicatorTree)).toEqual([['1', 2, 0], ['1.1', 1, 1], ['1.2', 1, 1]]);
  await ok(office, 'items.unlink', { id: jiaoyuItem.id, indicator: '1.2' });
  expect(tree.departments).toEqual(['县科协']);
  const all = (await ok(kexie, 'items.list', {})) as ItemSummary[];
  expect(all.map((i) => i.id)).toEqual([kexieItem.id]);
  // Under an indicator it shares with 县教育局, or above it, still only its own.
  expect(await ok(kexie, 'items.list', { indicator: '1' })).toEqual([expect.objectContaining({ id: kexieItem.id })]);
  const hits = (await ok(kexie, 'items.search', { query: '照片' })) as { item: ItemSummary }[];
  expect(hits.every((h) => h.item.id === kexieItem.id)).toBe(true);
  const overview = (await ok(kexie, 'departments.list', {})) as DepartmentsOverview;
  expect(overview.departments.map((d) => d.name)).toEqual(['县科协']);
  // The 创建办 sees everything.
  expect(((await ok(office, 'items.list', {})) as ItemSummary[]).length).toBe(3);
  expect(((await ok(office, 'indicators.tree', {})) as IndicatorTree).nodes.length).toBe(6);
});

test("another department's item, file or indicator answers NOT_FOUND, as if it did not exist", async () => {
  for (const id of [jiaoyuItem.id, officeItem.id]) {
    const e = await refused(kexie, 'items.get', { id });
    expect(e).toMatchObject({ code: 'NOT_FOUND', message: `找不到第 ${id} 号材料，它可能已被彻底删除。` });
    // The same answer as for an id nobody has.
    expect(await refused(kexie, 'items.get', { id: 99_999 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(kexie, 'items.update', { id, patch: { title: '改掉' } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(kexie, 'items.versions', { id })).toMatchObject({ code: 'NOT_FOUND' });
  }
  const theirFile = jiaoyuItem.files[0].id;
  expect(await refused(kexie, 'files.text', { fileId: theirFile })).toMatchObject({ code: 'NOT_FOUND', message: `找不到第 ${theirFile} 号文件。` });
  expect(await refused(kexie, 'items.caption', { fileId: theirFile, caption: { title: 'x' } })).toMatchObject({ code: 'NOT_FOUND' });
  // Nor may it move its own files into another's item, or file under another's indicator.
  expect(await refused(kexie, 'files.move', { fileIds: [kexieItem.files[0].id], to: jiaoyuItem.id })).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refused(kexie, 'items.link', { id: kexieItem.id, indicator: '2.1' })).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refused(kexie, 'indicators.state', { code: '2.1', statement: { conclusion: '已完成' } })).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refused(kexie, 'departments.get', { name: '县教育局' })).toMatchObject({ code: 'NOT_FOUND' });
  // The item is untouched.
  expect(((await ok(office, 'items.get', { id: jiaoyuItem.id })) as Item).title).toBe(jiaoyuItem.title);
});

test('a stored file or thumbnail is readable by a department only when one of its items holds it', async () => {
  const a = await Archive.open(dir, { readOnly: true });
  try {
    expect(await mayReadStored(a, ACTORS.kexie, kexieItem.files[0].storePath)).toBe(true);
    expect(await mayReadStored(a, ACTORS.kexie, jiaoyuItem.files[0].storePath)).toBe(false);
    expect(await mayReadStored(a, ACTORS.kexie, officeItem.files[0].thumbPath!)).toBe(false);
    expect(await mayReadStored(a, ACTORS.reviewer, officeItem.files[0].storePath)).toBe(true);
  } finally {
    await a.close();
  }
  expect(await api.mimeOf(jiaoyuItem.files[0].storePath, ACTORS.kexie)).toBeNull();
  expect(await api.mimeOf(kexieItem.files[0].storePath, ACTORS.kexie)).toBe('image/jpeg');
});

test("a department works on its own items and states its own indicators; what it changes waits for review again", async () => {
  const updated = (await ok(kexie, 'items.update', { id: kexieItem.id, patch: { location: '县科协三楼会议室' } })) as Item;
  expect(updated.location).toBe('县科协三楼会议室');
  await ok(kexie, 'indicators.state', { code: '1.1', statement: { conclusion: '已成立领导小组并召开会议。' } });
  // 退回 by the 创建办, corrected by the department: 待审核 again, the reason cleared.
  await ok(office, 'items.review', { ids: [kexieItem.id], decision: 'return', reason: '缺少会议记录' });
  expect(((await ok(kexie, 'items.get', { id: kexieItem.id })) as Item).submission).toMatchObject({ review: 'returned', reason: '缺少会议记录' });
  await ok(kexie, 'items.update', { id: kexieItem.id, patch: { description: '补充了会议记录' } });
  expect(((await ok(office, 'items.get', { id: kexieItem.id })) as Item).submission).toMatchObject({ review: 'pending', reason: '' });
});

test('a split made by a department stays its own', async () => {
  const item = (await ok(kexie, 'items.get', { id: kexieItem.id })) as Item;
  const r = (await ok(kexie, 'items.split', { id: item.id, fileIds: [item.files[1].id], title: '领导小组会议（二）' })) as { ids: number[] };
  const made = r.ids.filter((id) => id !== item.id);
  expect(made.length).toBe(1);
  const mine = ((await ok(kexie, 'items.list', {})) as ItemSummary[]).map((i) => i.id);
  expect(mine).toEqual(expect.arrayContaining([item.id, made[0]]));
  await ok(kexie, 'items.merge', { ids: [item.id, made[0]] });
});

test('an accepted item is no longer the department’s to change', async () => {
  await ok(office, 'items.review', { ids: [jiaoyuItem.id], decision: 'accept' });
  const e = await refused(jiaoyu, 'items.update', { id: jiaoyuItem.id, patch: { title: '再改一次' } });
  expect(e.code).toBe('FORBIDDEN');
  expect(e.message).toContain('已通过审核');
  // Reading it is still fine.
  expect(((await ok(jiaoyu, 'items.get', { id: jiaoyuItem.id })) as Item).submission?.review).toBe('accepted');
});

test('a department may not review, export, manage accounts, read the audit log or undo for everyone', async () => {
  for (const [method, args] of [
    ['items.review', { ids: [kexieItem.id], decision: 'accept' }],
    ['jobs.start', { kind: 'export-pdf' }],
    ['users.list', {}],
    ['users.add', { name: 'x', role: 'office', password: '12345678' }],
    ['audit.list', {}],
    ['dashboard.get', {}],
    ['departments.update', { name: '县科协', patch: { phone: '1' } }],
    ['items.undo', {}],
    ['indicators.undo', {}],
    ['indicators.add', { title: '新指标' }],
    ['trash.purge', {}],
    ['campaign.update', { name: '改名' }],
  ] as [ApiMethod, unknown][]) {
    const e = await refused(kexie, method, args as never);
    expect([method, e.code]).toEqual([method, 'FORBIDDEN']);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  }
  // An import needs one of its own indicators.
  expect(await refused(kexie, 'jobs.start', { kind: 'import', paths: [dir], indicator: '2.1' })).toMatchObject({ code: 'NOT_FOUND' });
  expect(await refused(kexie, 'jobs.start', { kind: 'import', paths: [dir] })).toMatchObject({ code: 'FORBIDDEN' });
});

test('a department follows only the jobs it started', async () => {
  const all = (await ok(office, 'jobs.list', {})) as JobInfo[];
  expect(all.length).toBe(2);
  const mine = (await ok(kexie, 'jobs.list', {})) as JobInfo[];
  expect(mine.map((j) => j.inputs[0])).toEqual([expect.stringContaining('领导小组会议')]);
  const theirs = all.find((j) => j.id !== mine[0].id)!;
  expect(await refused(kexie, 'jobs.cancel', { id: theirs.id })).toMatchObject({ code: 'NOT_FOUND' });
  expect(api.jobOutput(theirs.id, ACTORS.kexie)).toBeNull();
});

test("the self-check a department sees: its own items' problems; a photo also in another's item named without it", async () => {
  // 县科协's photo, also filed by the 创建办 in an item of its own.
  const own = (await ok(kexie, 'items.get', { id: kexieItem.id })) as Item;
  const copy = path.join(root, 'office-copy', '2023-06-03 转发的照片');
  await fs.promises.mkdir(copy, { recursive: true });
  await fs.promises.copyFile(path.join(dir, own.files[0].storePath), path.join(copy, '转发.jpg'));
  await importAs(api, office, [copy], '2.2');
  const report = (await ok(kexie, 'check.run', { fresh: true })) as CheckReport;
  const reused = report.problems.filter((p) => p.kind === 'reused_photo');
  expect(reused.length).toBe(1);
  expect(reused[0].copies!.every((c) => c.item === kexieItem.id)).toBe(true);
  expect(reused[0].message).toContain('其他单位或创建办');
  expect(reused[0].message).not.toContain('转发');
  const officeItems = new Set([officeItem.id, jiaoyuItem.id]);
  expect(report.problems.some((p) => p.item != null && officeItems.has(p.item))).toBe(false);
  expect(report.indicators.map((i) => i.code)).toEqual(['1', '1.1', '1.2']);
  // The 创建办 sees the whole group.
  const full = (await ok(office, 'check.run', { fresh: false })) as CheckReport;
  expect(full.problems.find((p) => p.kind === 'reused_photo')!.copies!.length).toBe(2);
});

test('a reviewer reads everything and changes nothing', async () => {
  expect(((await ok(reviewer, 'items.list', {})) as ItemSummary[]).length).toBeGreaterThanOrEqual(3);
  await ok(reviewer, 'check.run', { fresh: false });
  await ok(reviewer, 'audit.list', {});
  for (const [method, args] of [
    ['items.update', { id: officeItem.id, patch: { title: '审阅改的' } }],
    ['items.review', { ids: [kexieItem.id], decision: 'accept' }],
    ['jobs.start', { kind: 'export-xlsx' }],
    ['users.list', {}],
  ] as [ApiMethod, unknown][]) {
    expect([method, (await refused(reviewer, method, args as never)).code]).toEqual([method, 'FORBIDDEN']);
  }
  expect(((await ok(office, 'items.get', { id: officeItem.id })) as Item).title).toBe(officeItem.title);
});

test('on the LAN nobody opens, makes or closes archives, and session.state lists no recent archives', async () => {
  for (const caller of [office, kexie]) {
    expect(await refused(caller, 'archive.close', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(caller, 'archive.open', { dir })).toMatchObject({ code: 'FORBIDDEN' });
  }
  const s = (await ok(kexie, 'session.state', {})) as { actor: unknown; door: string; recent: unknown[] };
  expect(s).toMatchObject({ actor: ACTORS.kexie, door: 'lan', recent: [] });
});

test('files.add puts a phone’s photos into the department’s own item, once each', async () => {
  const [p1, p2] = await photos(path.join(root, 'phone'), 2, 61);
  const before = ((await ok(kexie, 'items.get', { id: kexieItem.id })) as Item).files.length;
  const r = (await ok(kexie, 'files.add', { id: kexieItem.id, paths: [p1, p2] })) as Item & { added: number; already: number };
  expect(r).toMatchObject({ added: 2, already: 0 });
  expect(r.files.length).toBe(before + 2);
  expect(r.files.slice(-2).map((f) => [f.role, f.width])).toEqual([['photo', 1000], ['photo', 1000]]);
  const again = (await ok(kexie, 'files.add', { id: kexieItem.id, paths: [p1] })) as { added: number; already: number };
  expect(again).toMatchObject({ added: 0, already: 1 });
  expect(await refused(kexie, 'files.add', { id: officeItem.id, paths: [p1] })).toMatchObject({ code: 'NOT_FOUND' });
});

test('every write is in the audit log: who, what, whether it went through', async () => {
  const log = (await ok(office, 'audit.list', { limit: 500 })) as AuditEntry[];
  const update = log.find((e) => e.user === 'kexie' && e.action === 'items.update' && e.ok && e.detail.includes('县科协三楼会议室'));
  expect(update).toMatchObject({ role: 'department', department: '县科协', subject: String(kexieItem.id), address: '127.0.0.1' });
  expect(log.some((e) => e.user === 'kexie' && e.action === 'jobs.start' && e.ok)).toBe(true);
  expect(log.some((e) => e.user === 'zhang' && e.action === 'items.review' && e.ok)).toBe(true);
  // Refusals too, with the reason.
  const refusedReview = log.find((e) => e.user === 'shen' && e.action === 'items.review');
  expect(refusedReview).toMatchObject({ ok: false });
  expect(refusedReview!.detail).toContain('只读');
  // Reads are not writes.
  expect(log.some((e) => e.action === 'items.list' || e.action === 'items.get')).toBe(false);
  // Newest first; one account's entries.
  expect(log[0].id).toBeGreaterThan(log[log.length - 1].id);
  const mine = (await ok(office, 'audit.list', { user: 'jiaoyu' })) as AuditEntry[];
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.every((e) => e.user === 'jiaoyu')).toBe(true);
});

test('accounts: argon2id hashes, a department must exist, a disabled account or a changed password ends its sessions', async () => {
  const a = await Archive.open(dir);
  try {
    const row = await a.db.get<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE name = 'kexie'`);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    await expect(addUser(a, { name: 'wsj', role: 'department', department: '县卫生局', password: PASSWORD })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addUser(a, { name: 'kexie', role: 'reviewer', password: PASSWORD })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(addUser(a, { name: '本机', role: 'office', password: PASSWORD })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const wjw = await addUser(a, { name: 'wjw', role: 'department', department: '县卫健委', password: PASSWORD });
    expect(wjw).toMatchObject({ role: 'department', department: '县卫健委', disabled: false });
    expect(await checkPassword(a, 'wjw', 'wrong-password')).toBeNull();
    expect(await checkPassword(a, 'nobody', PASSWORD)).toBeNull();
    const signed = await checkPassword(a, 'wjw', PASSWORD);
    expect(signed?.actor).toEqual({ user: 'wjw', role: 'department', department: '县卫健委' });
    expect(await currentAccount(a, 'wjw', signed!.stamp)).not.toBeNull();
    await updateUser(a, 'wjw', { password: 'another-password' });
    expect(await currentAccount(a, 'wjw', signed!.stamp)).toBeNull();
    const again = await checkPassword(a, 'wjw', 'another-password');
    await updateUser(a, 'wjw', { disabled: true });
    expect(await currentAccount(a, 'wjw', again!.stamp)).toBeNull();
    expect(await checkPassword(a, 'wjw', 'another-password')).toBeNull();
  } finally {
    await a.close();
  }
});

test('the 创建办 manages accounts through the API; passwords never reach the audit log', async () => {
  await ok(office, 'users.add', { name: 'kexie2', role: 'department', department: '县科协', password: 'secret-kexie-2' });
  const users = (await ok(office, 'users.list', {})) as { name: string }[];
  expect(users.map((u) => u.name)).toContain('kexie2');
  const log = (await ok(office, 'audit.list', { limit: 50 })) as AuditEntry[];
  const add = log.find((e) => e.action === 'users.add')!;
  expect(add.detail).not.toContain('secret-kexie-2');
  expect(add.detail).toContain('***');
});
