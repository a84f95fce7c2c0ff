// A later 任务包 opened into the department's existing 填报 archive (issue 15): the department
// fills and returns; the 创建办 returns two items with reasons, accepts one, adds an indicator,
// moves a deadline and gives one indicator to another department; the new 任务包 opened into the
// same archive keeps all the department's work, shows the reasons, restores a returned item the
// department had deleted, and its next 回传包 answers the new 任务包 (the correction merged as
// version 2). The same packet twice changes nothing; an older one, another department's and another
// 创建办 archive's are refused (exit 2).
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { makeJpeg, makePdf } from '../../main/demo/sample-files';
import { exportTaskPacket } from '../../main/collect/packet/export';
import type { FillingSettings } from '../../main/collect/packet/filling';
import type { ItemSummary, JobInfo, SessionState } from '../../shared/api';
import { packetImportText, type PacketImportReport, type PacketOpenReport } from '../../shared/collect-types';
import type { Item } from '../../shared/domain';
import { chineseDateTime } from '../../shared/names';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { jobEnded, value } from '../helpers/api-calls';
import { tz, tzJson } from '../helpers/cli';

jest.setTimeout(180_000);

const root = tmpDir('tz-packets-update-');
const out = path.join(root, '交换');
let office: Api;
let officeDir: string;
let dept: Api;
const deptDir = path.join(root, '填报-县科协');

const caller = (api: Api) => async <T>(method: string, args: unknown = {}) => value<T>(await api.call(method, args));
const call = <T>(method: string, args: unknown = {}) => caller(office)<T>(method, args);
const d = <T>(method: string, args: unknown = {}) => caller(dept)<T>(method, args);

async function job(api: Api, spec: object): Promise<JobInfo> {
  const started = await caller(api)<JobInfo>('jobs.start', spec);
  const done = await jobEnded(api, started.id);
  if (done.state !== 'done') throw new Error(`${done.state}: ${done.error?.message}`);
  return done;
}

async function photos(folder: string, n: number, seed: number): Promise<string> {
  for (let i = 0; i < n; i++) await makeJpeg(path.join(folder, `IMG_${seed}_${i}.jpg`), { width: 64, height: 48, seed: seed * 31 + i, exifTime: `2023:05:1${i} 09:30:00` });
  return folder;
}

const officeItems = async (): Promise<(Item & { submission: NonNullable<Item['submission']> })[]> => (await tzJson('items list', officeDir)).items;
const deptItems = async (): Promise<Item[]> => Promise.all((await d<ItemSummary[]>('items.list', {})).map((s) => d<Item>('items.get', { id: s.id })));
const byTitle = <T extends { title: string }>(list: T[], title: string): T => {
  const found = list.find((i) => i.title === title);
  if (!found) throw new Error(`no item ${title} among ${list.map((i) => i.title).join(', ')}`);
  return found;
};

/** The department archive's settings row and change log, read as a second reader would. */
async function deptState(): Promise<{ filling: FillingSettings; log: number; items: number }> {
  const a = await Archive.open(deptDir, { readOnly: true });
  try {
    const filling = JSON.parse((await a.db.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'filling'`))!.value) as FillingSettings;
    const log = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log`))!.n;
    const items = (await a.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items WHERE deleted_at IS NULL`))!.n;
    return { filling, log, items };
  } finally {
    await a.close();
  }
}

beforeAll(async () => {
  fs.mkdirSync(out, { recursive: true });
  const a = await makeArchive(root, '创建办', ['2023-01-01', '2023-12-31']);
  officeDir = a.dir;
  await a.close();
  office = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await office.open(officeDir);
  await call('indicators.update', { code: '1.1', patch: { department: '县科协' } });
  await call('indicators.update', { code: '2.2', patch: { department: '县科协' } });
  await call('indicators.update', { code: '2.1', patch: { department: '县教育局' } });
  dept = createApi({ stateDir: path.join(root, 'state-dept'), desktop: null, version: 'test' });
});
afterAll(async () => {
  await dept.close();
  await office.close();
});

const task: Record<string, string> = {};
const back: Record<string, string> = {};

test('the department fills its first 任务包 and returns it; the 创建办 merges it', async () => {
  task[1] = (await tzJson('packet export', officeDir, '--department', '县科协', path.join(out, '科协-1.zip'), '--deadline', '2023-06-30')).out;
  const r = await caller(dept)<SessionState & { packet: PacketOpenReport }>('archive.openPacket', { file: task[1], dir: deptDir });
  expect(r.packet).toMatchObject({ indicators: 2, returned: 0, deadline: '2023-06-30' });
  expect(r.packet.update).toBeUndefined();

  await job(dept, { kind: 'import', paths: [await photos(path.join(root, '科协', '领导小组会议'), 2, 1)], indicator: '1.1' });
  const pdf = path.join(root, '科协', '成立文件', '成立文件.pdf');
  await makePdf(pdf, { pages: 1, title: '成立文件' });
  await job(dept, { kind: 'import', paths: [path.dirname(pdf)], indicator: '1.1' });
  await job(dept, { kind: 'import', paths: [await photos(path.join(root, '科协', '第二次会议'), 1, 2)], indicator: '1.1' });
  await job(dept, { kind: 'import', paths: [await photos(path.join(root, '科协', '志愿服务'), 1, 3)], indicator: '2.2' });
  await d('indicators.state', { code: '1.1', statement: { conclusion: '已成立领导小组。' } });
  expect((await deptItems()).map((i) => i.title).sort()).toEqual(['志愿服务', '成立文件', '第二次会议', '领导小组会议'].sort());

  back[1] = (await job(dept, { kind: 'export-return', out: path.join(out, '回传-1.zip') })).output!;
  const merged = (await tzJson('packet import', officeDir, back[1])) as PacketImportReport;
  expect(merged).toMatchObject({ department: '县科协', added: 4, again: false });

  // Received twice: the time it was received, as the clerk reads it.
  const again = await tz('packet import', officeDir, back[1]);
  expect(again.code).toBe(0);
  expect(again.out).toContain(`此前已经接收过（${chineseDateTime(merged.receivedAt)}）`);
  expect(again.out).toMatch(/（\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d）/);
  expect(again.out).not.toMatch(/\d{4}-\d\d-\d\dT/);
  const viaJob = await job(office, { kind: 'import-packet', paths: [back[1]] });
  expect(viaJob.summary).toBe(`这份回传包（县科协）此前已经接收过（${chineseDateTime(merged.receivedAt)}），档案没有任何改动。`);
});

test('the 创建办 returns items, adds an indicator, moves a deadline, gives one indicator away; the department works on meanwhile', async () => {
  const items = await officeItems();
  const meeting = byTitle(items, '领导小组会议');
  const second = byTitle(items, '第二次会议');
  await call('items.review', { ids: [meeting.id], decision: 'return', reason: '照片说明缺少人物，请补充' });
  await call('items.review', { ids: [second.id], decision: 'return', reason: '请写明会议日期' });
  await call('items.review', { ids: [byTitle(items, '成立文件').id], decision: 'accept' });
  await call('indicators.update', { code: '1.2', patch: { department: '县科协' } });
  await call('indicators.update', { code: '2.2', patch: { department: '县教育局' } });
  await call('assignments.set', { department: '县科协', codes: ['1.1'], deadline: '2023-09-30' });
  await call('assignments.set', { department: '县科协', codes: ['1.2'], deadline: '2023-10-31', note: '推进会纪要请附签到表' });

  // A second return made from the first 任务包, never sent: it must not count once the new one is answered.
  back['1b'] = (await tzJson('packet return', deptDir, path.join(out, '回传-1b.zip'))).out;
  // The department's own later work: a new item, an edit, and the second meeting deleted.
  await job(dept, { kind: 'import', paths: [await photos(path.join(root, '科协', '第三次会议'), 1, 4)], indicator: '1.1' });
  const mine = await deptItems();
  await d('items.update', { id: byTitle(mine, '领导小组会议').id, patch: { description: '县科协主持召开' } });
  await d('items.trash', { ids: [byTitle(mine, '第二次会议').id] });
  await d('indicators.state', { code: '1.1', statement: { conclusion: '已成立领导小组，召开会议 3 次。' } });

  task[2] = (await tzJson('packet export', officeDir, '--department', '县科协', path.join(out, '科协-2.zip'))).out;
});

test('the new 任务包 opened into the same archive (open in the app) keeps the department\'s work and shows the reasons', async () => {
  const before = await deptState();
  const r = await caller(dept)<SessionState & { packet: PacketOpenReport }>('archive.openPacket', { file: task[2], dir: deptDir });
  expect(r.packet).toMatchObject({ dir: deptDir, department: '县科协', indicators: 2, returned: 2, deadline: '2023-09-30' });
  expect(r.packet.update).toEqual({ again: false, added: ['1.2'], dropped: ['2.2'], returnedNew: 0, returnedKnown: 1, restored: 1, reviewed: 2 });
  expect(r.archive?.filling).toMatchObject({ department: '县科协', deadline: '2023-09-30', returns: 2 });
  expect(r.archive?.filling?.packetId).not.toBe(before.filling.packetId);

  const items = await deptItems();
  expect(items.map((i) => i.title).sort()).toEqual(['志愿服务', '成立文件', '第三次会议', '领导小组会议', '第二次会议'].sort());
  const meeting = byTitle(items, '领导小组会议');
  expect(meeting.description).toBe('县科协主持召开');
  expect(meeting.submission).toMatchObject({ review: 'returned', reason: '照片说明缺少人物，请补充' });
  // Deleted here, returned by the 创建办: back from the trash as the 创建办 has it.
  expect(byTitle(items, '第二次会议')).toMatchObject({ deletedAt: null, indicators: ['1.1'], submission: { review: 'returned', reason: '请写明会议日期' } });
  expect(byTitle(items, '第二次会议').files).toHaveLength(1);
  expect(byTitle(items, '志愿服务').indicators).toEqual(['2.2']);
  // What the 创建办 accepted shows 已通过, what waits there 待审核; what it has not seen yet has no state.
  expect(byTitle(items, '成立文件').submission).toMatchObject({ review: 'accepted', version: 1 });
  expect(byTitle(items, '志愿服务').submission).toMatchObject({ review: 'pending', version: 1 });
  expect(byTitle(items, '第三次会议').submission).toBeNull();
  // In the department's own archive a returned item is its evidence still, with the 创建办's reason as the thing to do.
  const report = await d<{ problems: { kind: string; item: number | null; message: string }[] }>('check.run');
  const returned = report.problems.filter((p) => p.kind === 'returned');
  expect(returned.map((p) => p.item).sort()).toEqual([meeting.id, byTitle(items, '第二次会议').id].sort());
  expect(returned.find((p) => p.item === meeting.id)!.message).toContain('创建办退回了《领导小组会议》');
  expect(report.problems.some((p) => p.kind === 'unreviewed')).toBe(false);
  expect(JSON.stringify(report)).not.toContain('已退回责任单位修改');

  const tree = await d<{ nodes: { code: string; title: string; statement: { conclusion: string } }[] }>('indicators.tree');
  expect(tree.nodes.map((n) => n.code)).toEqual(expect.arrayContaining(['1', '1.1', '1.2', '2', '2.2']));
  expect(tree.nodes.find((n) => n.code === '1.1')?.statement.conclusion).toBe('已成立领导小组，召开会议 3 次。');
  // Deadlines moved and added, the 创建办's note with the new indicator.
  const mine = await d<{ assignments: { code: string; deadline: string | null; note: string }[] }>('departments.get', { name: '县科协' });
  expect(mine.assignments.map((x) => [x.code, x.deadline, x.note])).toEqual([
    ['1.1', '2023-09-30', ''],
    ['1.2', '2023-10-31', '推进会纪要请附签到表'],
  ]);
  const after = await deptState();
  expect(after.filling).toMatchObject({ codes: ['1.1', '1.2'], dropped: ['2.2'], returns: 2, taskSequence: 2, key: before.filling.key, officeUid: before.filling.officeUid });
  expect(after.log).toBe(before.log + 1);
});

test('the same 任务包 opened twice changes nothing; an older one is refused (exit 0 / 2)', async () => {
  const before = await deptState();
  const same = await tz('packet open', task[2], deptDir);
  expect(same).toMatchObject({ code: 0, err: '' });
  expect(same.out).toContain('没有任何改动');
  const json = (await tzJson('packet open', task[2], deptDir)) as PacketOpenReport;
  expect(json.update).toMatchObject({ again: true });
  expect(await deptState()).toEqual(before);

  const older = await tz('packet open', task[1], deptDir);
  expect(older.code).toBe(2);
  expect(older.err).toMatch(/^错误：这个任务包（\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 发出，第 1 份）比本填报档案正在填报的任务包（第 2 份）早，未打开/);
  expect(await deptState()).toEqual(before);
});

test('another department\'s 任务包, another 创建办 archive\'s, and the 创建办 archive itself are refused, naming what differs', async () => {
  const before = await deptState();
  const edu = (await tzJson('packet export', officeDir, '--department', '县教育局', path.join(out, '教育局.zip'))).out as string;
  const wrongDept = await tz('packet open', edu, deptDir);
  expect(wrongDept.code).toBe(2);
  expect(wrongDept.err).toContain('这个任务包是发给“县教育局”的，本填报档案是“县科协”的，未打开');
  expect(wrongDept.err).not.toMatch(/\n\s+at /);

  const other = await makeArchive(root, '另一个创建办');
  await other.db.transaction((tx) => tx.run(sql`UPDATE indicators SET department = '县科协' WHERE code = '1.1'`));
  await other.db.transaction((tx) => tx.run(sql`UPDATE campaign SET name = '另一个县创建' WHERE id = 1`));
  const otherTask = await exportTaskPacket(other, '县科协', path.join(out, '另一个-科协.zip'), {});
  await other.close();
  const wrongOffice = await tz('packet open', otherTask.out, deptDir);
  expect(wrongOffice.code).toBe(2);
  expect(wrongOffice.err).toContain('这个任务包来自创建办档案“另一个县创建”，本填报档案是为创建办档案“全国科普示范县创建”填报的');

  // Through the app: the same refusal, and the archive it had open stays open.
  const viaApi = await dept.call('archive.openPacket', { file: edu, dir: deptDir });
  expect(viaApi).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('发给“县教育局”') } });
  expect((await d<SessionState>('session.state')).archive).toMatchObject({ dir: deptDir, filling: { department: '县科协' } });

  const intoOffice = await tz('packet open', task[2], officeDir);
  expect(intoOffice.code).toBe(2);
  expect(intoOffice.err).toContain('是创建办的档案，不是填报档案');
  const notEmpty = path.join(root, '杂物');
  fs.mkdirSync(notEmpty);
  fs.writeFileSync(path.join(notEmpty, '说明.txt'), '别的东西');
  const r = await tz('packet open', task[2], notEmpty);
  expect(r.code).toBe(2);
  expect(r.err).toContain('不是空的，也不是填报档案');
  expect(await deptState()).toEqual(before);
});

test('the next 回传包 answers the new 任务包: the correction merged as version 2, the dropped indicator left out; the older return refused after it', async () => {
  const items = await deptItems();
  const meeting = byTitle(items, '领导小组会议');
  const withCaption = meeting.files[0];
  await d('items.caption', { fileId: withCaption.id, caption: { title: '领导小组会议', people: '李四、王五' } });

  const ret = await tz('packet return', deptDir, path.join(out, '回传-2.zip'), '--json');
  expect(ret.code).toBe(0);
  const r = JSON.parse(ret.out) as { sequence: number; items: number; corrected: number; unassigned: string[]; out: string };
  expect(r).toMatchObject({ sequence: 3, items: 4, corrected: 1, unassigned: ['志愿服务'] });
  const text = await tz('packet return', deptDir, path.join(out, '回传-2-再.zip'));
  expect(text.out).toContain('《志愿服务》归在已不由本单位负责的指标下，没有放进回传包');

  const merged = (await tzJson('packet import', officeDir, r.out)) as PacketImportReport;
  expect(merged).toMatchObject({ department: '县科协', added: 1, replaced: 1, unchanged: 2, again: false });
  const office1 = await officeItems();
  const now = await call<Item>('items.get', { id: byTitle(office1, '领导小组会议').id });
  expect(now).toMatchObject({ description: '县科协主持召开', submission: { version: 2, review: 'pending', reason: '' } });
  expect(now.files.find((f) => f.caption.people)?.caption.people).toBe('李四、王五');
  const versions = await call<{ version: number; item: Item }[]>('items.versions', { id: now.id });
  expect(versions).toEqual([expect.objectContaining({ version: 1, item: expect.objectContaining({ submission: expect.objectContaining({ review: 'returned', reason: '照片说明缺少人物，请补充' }) }) })]);
  // Unchanged since it was returned: still 退回, version 1; the accepted one stays accepted.
  expect(byTitle(office1, '第二次会议').submission).toMatchObject({ review: 'returned', version: 1 });
  expect(byTitle(office1, '成立文件').submission).toMatchObject({ review: 'accepted', version: 1 });
  expect(byTitle(office1, '第三次会议').submission).toMatchObject({ review: 'pending', version: 1, department: '县科协' });

  const stale = await tz('packet import', officeDir, back['1b']);
  expect(stale.code).toBe(2);
  expect(stale.err).toContain('较早的任务包');
  expect((await officeItems()).length).toBe(office1.length);

  expect(await tzJson('verify', officeDir)).toMatchObject({ ok: true, problems: [] });
  expect(await tzJson('verify', deptDir)).toMatchObject({ ok: true, problems: [] });
});

test('renamed by the 创建办 since: its next 任务包 is still this department\'s, and its 回传包 merges', async () => {
  await call('departments.update', { name: '县科协', patch: { name: '县科学技术协会' } });
  task[3] = (await tzJson('packet export', officeDir, '--department', '县科学技术协会', path.join(out, '科协-3.zip'))).out;
  const opened = (await tzJson('packet open', task[3], deptDir)) as PacketOpenReport;
  expect(opened).toMatchObject({ department: '县科学技术协会', update: { again: false, added: [], dropped: [] } });
  const { filling } = await deptState();
  expect(filling).toMatchObject({ department: '县科学技术协会', taskSequence: 3, returns: 4 });
  await dept.open(deptDir);
  const mine = await d<{ name: string; assignments: { code: string }[] }>('departments.get', { name: '县科学技术协会' });
  expect(mine.assignments.map((x) => x.code)).toEqual(['1.1', '1.2']);
  await job(dept, { kind: 'import', paths: [await photos(path.join(root, '科协', '第四次会议'), 1, 5)], indicator: '1.2' });
  const ret = (await tzJson('packet return', deptDir, path.join(out, '回传-3.zip'))).out as string;
  expect(await tzJson('packet import', officeDir, ret)).toMatchObject({ department: '县科学技术协会', added: 1, replaced: 0 });
});

test('a returned item the department no longer has at all comes back whole, its files checked and stored', async () => {
  const fourth = byTitle(await officeItems(), '第四次会议');
  await call('items.review', { ids: [fourth.id], decision: 'return', reason: '请补拍会场全景' });
  // Deleted and the trash emptied: gone from the department's archive, files and all.
  const gone = byTitle(await deptItems(), '第四次会议');
  await d('items.trash', { ids: [gone.id] });
  await d('trash.purge', { ids: [gone.id] });
  await dept.close();
  task[4] = (await tzJson('packet export', officeDir, '--department', '县科学技术协会', path.join(out, '科协-4.zip'))).out;
  const r = (await tzJson('packet open', task[4], deptDir)) as PacketOpenReport;
  expect(r.update).toMatchObject({ again: false, returnedNew: 1, restored: 0 });
  const a = await Archive.open(deptDir, { readOnly: true });
  try {
    const row = await a.db.get<{ review: string; review_reason: string; n: number }>(
      sql`SELECT review, review_reason, (SELECT count(*) FROM files f WHERE f.item_id = i.id) AS n FROM items i WHERE uid = ${fourth.uid} AND deleted_at IS NULL`,
    );
    expect(row).toEqual({ review: 'returned', review_reason: '请补拍会场全景', n: 1 });
  } finally {
    await a.close();
  }
  expect(await tzJson('verify', deptDir)).toMatchObject({ ok: true, problems: [] });
});

test('an item the 创建办 had accepted, changed by the department, comes back to be reviewed again — and the 创建办 is told so', async () => {
  await dept.open(deptDir);
  const mine = byTitle(await deptItems(), '成立文件');
  expect(mine.submission).toMatchObject({ review: 'accepted' });
  await d('items.update', { id: mine.id, patch: { title: '成立文件（修订）' } });
  await dept.close();
  const ret = (await tzJson('packet return', deptDir, path.join(out, '回传-5.zip'))).out as string;
  const merged = (await tzJson('packet import', officeDir, ret)) as PacketImportReport;
  expect(merged).toMatchObject({ replaced: 1, reopened: 1 });
  expect(byTitle(await officeItems(), '成立文件（修订）').submission).toMatchObject({ review: 'pending', version: 2 });
  const words = await tz('packet import', officeDir, ret);
  expect(words.out).toContain('此前已经接收过');
  expect(packetImportText(merged, chineseDateTime)).toContain('其中 1 件是已通过审核、又被该单位改动的材料，需要重新审核');
});
