// Departments and review (issue 15): the 责任单位 column read into departments, assignments with
// deadlines and states, 审核 with reasons, and what counts — through the door the interface calls,
// and the CLI, on a real archive with real files.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { ensureDepartment } from '../../main/collect/departments';
import { assignmentState } from '../../main/collect/assignment-state';
import { makeJpeg } from '../../main/demo/sample-files';
import type { ItemsActionResult, ItemSummary } from '../../shared/api';
import type { DepartmentDetail, DepartmentsOverview } from '../../shared/collect-types';
import type { IndicatorCheck } from '../../shared/check-types';
import type { Item } from '../../shared/domain';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { value } from '../helpers/api-calls';
import { tz, tzJson } from '../helpers/cli';

jest.setTimeout(180_000);

const root = tmpDir('tz-departments-');
let api: Api;
let dir: string;
const call = async <T>(method: string, args: unknown = {}) => value<T>(await api.call(method, args));
const overview = () => call<DepartmentsOverview>('departments.list');
const detail = (name: string) => call<DepartmentDetail>('departments.get', { name });

/** Items of photos filed under the code and marked as the department's submission, as a merged packet leaves them. */
async function submitted(code: string, department: string, n: number, day: string): Promise<number[]> {
  const src = path.join(root, `${department}-${code}-${day}`);
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = path.join(src, `活动${i + 1}`, `IMG_${i}.jpg`);
    await makeJpeg(p, { width: 64, height: 48, seed: paths.length + code.length * 100 + day.length + i * 7 + department.length * 13, exifTime: `${day.replace(/-/g, ':')} 09:00:00` });
    paths.push(path.dirname(p));
  }
  const before = new Set((await call<ItemSummary[]>('items.list', {})).map((i) => i.id));
  const job = await call<{ id: string }>('jobs.start', { kind: 'import', paths, indicator: code });
  await new Promise<void>((resolve) => {
    const stop = api.onEvent((e) => {
      if (e.type === 'job' && e.job.id === job.id && e.job.state !== 'running') {
        stop();
        resolve();
      }
    });
  });
  const ids = (await call<ItemSummary[]>('items.list', {})).map((i) => i.id).filter((id) => !before.has(id));
  expect(ids).toHaveLength(n);
  return ids;
}

beforeAll(async () => {
  const a = await makeArchive(root, '档案', ['2023-01-01', '2023-12-31']);
  dir = a.dir;
  await a.close();
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(dir);
  // The 责任单位 column as tables write it: two names in one cell, a lead unit marked (牵头).
  await call('indicators.update', { code: '1.1', patch: { department: '县科协、县委办' } });
  await call('indicators.update', { code: '1.2', patch: { department: '县科协' } });
  await call('indicators.update', { code: '2.1', patch: { department: '县教育局（牵头） 县科协' } });
});
afterAll(() => api.close());

/** The department's submission, written as the packet merge writes it (the packet tests cover the merge itself). */
async function markSubmitted(ids: number[], department: string, at: string): Promise<void> {
  expect(api.archiveDir()).toBe(dir);
  // Through a second connection, as another process merging a packet would.
  const other = await Archive.open(dir);
  try {
    await other.db.transaction(async (tx) => {
      const dep = await ensureDepartment(tx, department);
      for (const id of ids) await tx.run(sql`UPDATE items SET submitted_by = ${dep}, submitted_at = ${at}, review = 'pending' WHERE id = ${id}`);
    });
  } finally {
    await other.close();
  }
}

test('departments come from the 责任单位 column: split, de-duplicated, in the order the system names them', async () => {
  const o = await overview();
  expect(o.departments.map((d) => d.name)).toEqual(['县科协', '县委办', '县教育局']);
  const kx = o.departments[0];
  expect(kx.assignments).toBe(3);
  expect(kx.states.open).toBe(3);
  // 2.2 names nobody.
  expect(o.unassigned).toBe(1);
  expect((await detail('县教育局')).assignments.map((x) => x.code)).toEqual(['2.1']);
  expect((await api.call('departments.get', { name: '县财政局' })).ok).toBe(false);
});

test('deadlines, a department added by hand with an indicator, a rename written into the indicators', async () => {
  await call('assignments.set', { department: '县科协', deadline: '2023-03-31' });
  let d = await detail('县科协');
  expect(d.assignments.every((x) => x.deadline === '2023-03-31')).toBe(true);
  // The deadline is past by now: everything not received is 逾期.
  expect(d.department.states.overdue).toBe(3);

  await call('departments.add', { name: '县卫健委', contact: '李四', phone: '13800000000' });
  // An indicator its 责任单位 does not name must be added on purpose.
  expect(await api.call('assignments.set', { department: '县卫健委', codes: ['2.2'], deadline: '2099-12-31' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  d = await call<DepartmentDetail>('assignments.set', { department: '县卫健委', codes: ['2'], assigned: true, deadline: '2099-12-31' });
  // An upper-level code stands for its indicators.
  expect(d.assignments.map((x) => [x.code, x.named, x.state])).toEqual([['2.1', false, 'open'], ['2.2', false, 'open']]);
  expect((await overview()).unassigned).toBe(0);
  // Named by the column: not removable here.
  expect(await api.call('assignments.set', { department: '县教育局', codes: ['2.1'], assigned: false })).toMatchObject({ ok: false });
  await call('assignments.set', { department: '县卫健委', codes: ['2.1'], assigned: false });
  expect((await detail('县卫健委')).assignments.map((x) => x.code)).toEqual(['2.2']);

  await call('departments.update', { name: '县委办', patch: { name: '县委办公室', contact: '王五' } });
  const tree = await call<{ nodes: { code: string; department: string }[] }>('indicators.tree');
  expect(tree.nodes.find((n) => n.code === '1.1')!.department).toBe('县科协、县委办公室');
  expect((await overview()).departments.map((d) => d.name)).toEqual(['县科协', '县委办公室', '县教育局', '县卫健委']);
  expect(await api.call('departments.update', { name: '县教育局', patch: { name: '县科协' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
});

test('review: submitted items count once accepted; a returned item shows its reason; one undo; the option counts all submitted', async () => {
  const ids = await submitted('1.2', '县科协', 3, '2023-05-10');
  await markSubmitted(ids, '县科协', '2023-05-11T02:00:00.000Z');
  const listed = await call<ItemSummary[]>('items.list', { review: 'pending' });
  expect(listed.map((i) => i.id).sort()).toEqual([...ids].sort());
  expect(listed[0].submission).toMatchObject({ department: '县科协', version: 1, review: 'pending' });
  expect((await detail('县科协')).assignments.find((x) => x.code === '1.2')!.state).toBe('submitted');

  const check = () => call<IndicatorCheck>('check.indicator', { code: '1.2' });
  // Not counted until reviewed, and the reason says so.
  expect((await check()).countText).toContain('3 件责任单位提交、尚未审核');
  const problems = (await call<{ problems: { kind: string; item: number | null; message: string }[] }>('check.run')).problems;
  expect(problems.filter((p) => p.kind === 'unreviewed').map((p) => p.item).sort()).toEqual([...ids].sort());
  expect(problems.find((p) => p.kind === 'unreviewed')!.message).toContain('由县科协提交，尚未审核');

  await call<ItemsActionResult>('items.review', { ids: ids.slice(0, 2), decision: 'accept' });
  expect(await api.call('items.review', { ids: [ids[2]], decision: 'return' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('原因') } });
  const r = await call<ItemsActionResult>('items.review', { ids: [ids[2]], decision: 'return', reason: '缺少签到表' });
  expect(r.message).toContain('已退回 1 件');
  const item = await call<Item>('items.get', { id: ids[2] });
  expect(item.submission).toMatchObject({ review: 'returned', reason: '缺少签到表', reviewedBy: '创建台账' });
  const a12 = (await detail('县科协')).assignments.find((x) => x.code === '1.2')!;
  // Returned and past the deadline of 2023-03-31: 逾期, with the reason kept.
  expect(a12).toMatchObject({ state: 'overdue', accepted: 2, returned: 1, reason: '缺少签到表' });
  const text = (await check()).countText;
  expect(text).toContain('1 件已退回责任单位修改');
  expect(text).not.toContain('尚未审核');

  expect((await call<{ problems: { kind: string; message: string }[] }>('check.run')).problems.find((p) => p.kind === 'returned')!.message).toContain('已退回县科协修改（缺少签到表）');
  // Undo puts the item back to 待审核.
  await call('items.undo');
  expect((await call<Item>('items.get', { id: ids[2] })).submission!.review).toBe('pending');
  // The 创建办's own items need no review.
  const own = await submitted('1.1', '创建办', 1, '2023-06-01');
  expect(await api.call('items.review', { ids: own, decision: 'accept' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('创建办自己的材料') } });

  // Counting everything submitted: the pending one counts too.
  await call('campaign.update', { countSubmitted: true });
  expect((await check()).countText).not.toContain('尚未审核');
  await call('campaign.update', { countSubmitted: false });
  expect((await check()).countText).toContain('1 件责任单位提交、尚未审核');
});

test('a whole assignment returned stands until something arrives after it', async () => {
  const d = await call<DepartmentDetail>('assignments.return', { department: '县教育局', code: '2.1', reason: '请补充培训签到表' });
  expect(d.assignments[0]).toMatchObject({ state: 'returned', reason: '请补充培训签到表' });
  expect(assignmentState({ deadline: null, returnedAt: '2023-06-01T00:00:00Z', items: [{ review: 'pending', submittedAt: '2023-06-02T00:00:00Z' }] }, '2023-06-03')).toBe('submitted');
  expect(assignmentState({ deadline: null, returnedAt: '2023-06-01T00:00:00Z', items: [{ review: 'accepted', submittedAt: '2023-05-02T00:00:00Z' }] }, '2023-06-03')).toBe('returned');
  expect(assignmentState({ deadline: '2023-06-02', returnedAt: null, items: [] }, '2023-06-03')).toBe('overdue');
  expect(assignmentState({ deadline: '2023-06-03', returnedAt: null, items: [] }, '2023-06-03')).toBe('open');
  expect(assignmentState({ deadline: null, returnedAt: null, items: [{ review: 'accepted', submittedAt: null }, { review: 'pending', submittedAt: null }] }, '2023-06-03')).toBe('reviewing');
});

test('the 催报单 lists what each department owes, as a PDF of its own pages', async () => {
  const job = await call<{ id: string }>('jobs.start', { kind: 'export-reminder', out: path.join(root, '催报单.pdf') });
  const done = await new Promise<{ state: string; summary: string | null; output: string | null }>((resolve) => {
    const stop = api.onEvent((e) => {
      if (e.type === 'job' && e.job.id === job.id && e.job.state !== 'running') {
        stop();
        resolve(e.job);
      }
    });
  });
  expect(done).toMatchObject({ state: 'done', summary: expect.stringContaining('个责任单位') });
  const text = execFileSync('pdftotext', ['-layout', done.output!, '-'], { encoding: 'utf8' });
  expect(text).toContain('创建材料催报单');
  expect(text).toContain('致：县教育局');
  expect(text).toContain('请补充培训签到表');
  expect(text).toContain('县卫健委');
  // One department per sheet at least.
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [done.output!], { encoding: 'utf8' }))![1]);
  expect(pages).toBeGreaterThanOrEqual(4);
});

test('彻底删除 keeps an original that only an earlier version of an item still shows', async () => {
  const [id] = await submitted('2.1', '县教育局', 2, '2023-07-01').then((ids) => ids.slice(0, 1));
  const item = await call<Item>('items.get', { id });
  const old = item.files[0];
  // A corrected submission replaced the photo; the history keeps the item as it was.
  await call('files.remove', { fileIds: [old.id] });
  const other = await Archive.open(dir);
  try {
    await other.db.transaction((tx) =>
      tx.run(sql`INSERT INTO item_versions (item_id, version, replaced_at, snapshot) VALUES (${id}, 1, ${new Date().toISOString()}, ${JSON.stringify(item)})`),
    );
  } finally {
    await other.close();
  }
  const dry = await call<{ originals: number }>('trash.purge', { dryRun: true });
  expect(dry.originals).toBe(0);
  const versions = await call<{ version: number; item: Item }[]>('items.versions', { id });
  expect(versions[0]).toMatchObject({ version: 1, item: { files: [{ sha256: old.sha256 }] } });
});

describe('the command line', () => {
  beforeAll(() => api.close());

  test('departments list, show, set and review with --json and exit codes', async () => {
    const o = (await tzJson('departments', 'list', dir)) as DepartmentsOverview;
    expect(o.departments.map((d) => d.name)).toContain('县卫健委');
    const plain = await tz('departments', 'list', dir);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('逾期');

    const set = (await tzJson('departments', 'set', dir, '县教育局', '--contact', '赵六', '--deadline', '2099-01-31')) as DepartmentDetail;
    expect(set.department.contact).toBe('赵六');
    expect(set.assignments[0].deadline).toBe('2099-01-31');
    expect((await tz('departments', 'set', dir, '县教育局', '--deadline', '2099-02-30')).code).toBe(2);
    expect((await tz('departments', 'show', dir, '县不存在局')).code).toBe(2);

    const items = (await tzJson('items', 'list', dir, '--review', 'pending')) as { items: { id: number; submission: { department: string; at: string } }[] };
    expect(items.items.length).toBe(1);
    expect(items.items[0].submission).toMatchObject({ department: '县科协', at: '2023-05-11T02:00:00.000Z' });
    const id = String(items.items[0].id);
    expect((await tz('review', dir, id)).code).toBe(2);
    const r = (await tzJson('review', dir, id, '--return', '照片不清晰')) as { message: string; item: Item };
    expect(r.item.submission).toMatchObject({ review: 'returned', reason: '照片不清晰', reviewedBy: 'taizhang CLI' });
    expect((await tz('review', dir, '99999', '--accept')).code).toBe(2);

    // Every write through the service is in the audit log, in words, for the CLI as for the panel.
    const audit = (await tzJson('audit', 'list', dir, '--limit', '200')) as { action: string; user: string; ok: boolean }[];
    expect(audit.some((e) => e.action === 'items.review' && e.user === '本机' && e.ok)).toBe(true);
    expect(audit.some((e) => e.action === 'items.review' && !e.ok)).toBe(true);
    const words = await tz('audit', 'list', dir);
    expect(words.out).toContain('退回：缺少签到表');
    expect(words.out).toContain('被拒绝');
    expect((await tz('audit', 'list', dir, '--limit', 'x')).code).toBe(2);

    const out = path.join(root, '催报单-教育局.pdf');
    const rem = (await tzJson('departments', 'remind', dir, out, '--department', '县教育局')) as { departments: number };
    expect(rem.departments).toBe(1);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });
});
