// 任务包 out and 回传包 back (issue 15): packets for three departments, two of them filled in
// archives of their own (opened from the packet, as the department's app does: real photos and
// PDFs, captions, 结论性说明), returned and merged; a changed byte, another archive's packet, an
// older return, a packet cut short, a missing file and a bomb refused whole; the same packet merged
// twice changing nothing; a returned item corrected and merged as version 2; verify passing after.
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { makeJpeg, makePdf } from '../../main/demo/sample-files';
import { ZipReader } from '../../main/export/package/zip-reader';
import { exportTaskPacket } from '../../main/collect/packet/export';
import type { Manifest, TaskBody } from '../../main/collect/packet/format';
import type { ItemSummary, JobInfo, SessionState } from '../../shared/api';
import type { DepartmentsOverview, PacketExportReport, PacketImportReport, PacketOpenReport } from '../../shared/collect-types';
import type { Item } from '../../shared/domain';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { jobEnded, value } from '../helpers/api-calls';
import { spawnCli, tz, tzJson } from '../helpers/cli';
import { bombZip } from '../helpers/zip-bombs';
import { expectCancelledAtEveryPhase } from '../helpers/jobs';

jest.setTimeout(180_000);

const root = tmpDir('tz-packets-');
const out = path.join(root, '交换');
let office: Api;
let officeDir: string;

const caller = (api: Api) => async <T>(method: string, args: unknown = {}) => value<T>(await api.call(method, args));
const call = <T>(method: string, args: unknown = {}) => caller(office)<T>(method, args);

/** Starts a job through the API and waits for its end; it must succeed. */
async function job(api: Api, spec: object): Promise<JobInfo> {
  const started = await caller(api)<JobInfo>('jobs.start', spec);
  const done = await jobEnded(api, started.id);
  if (done.state !== 'done') throw new Error(`${done.state}: ${done.error?.message}`);
  return done;
}

/** A department's app: its own archive opened from the packet, in 填报模式. */
async function departmentApp(packet: string, name: string): Promise<{ api: Api; dir: string; opened: PacketOpenReport; state: SessionState }> {
  const api = createApi({ stateDir: path.join(root, `state-${name}`), desktop: null, version: 'test' });
  const dir = path.join(root, `填报-${name}`);
  const r = await caller(api)<SessionState & { packet: PacketOpenReport }>('archive.openPacket', { file: packet, dir });
  return { api, dir, opened: r.packet, state: r };
}

async function photos(folder: string, n: number, seed: number, day = '2023:05:10'): Promise<string> {
  for (let i = 0; i < n; i++) await makeJpeg(path.join(folder, `IMG_${seed}_${i}.jpg`), { width: 64, height: 48, seed: seed * 31 + i, exifTime: `${day} 09:${String(10 + i).padStart(2, '0')}:00` });
  return folder;
}

/** The bytes of a zip with its entries rewritten (null drops one), as a careless or malicious copy would. */
async function rewriteZip(src: string, dest: string, change: (name: string, bytes: Buffer) => Buffer | null): Promise<void> {
  const reader = await ZipReader.open(src);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yazl = require('yazl') as { ZipFile: new () => { addBuffer(b: Buffer, n: string): void; end(): void; outputStream: NodeJS.ReadableStream } };
  const zip = new yazl.ZipFile();
  for (const e of reader.entries) {
    const chunks: Buffer[] = [];
    for await (const c of await reader.openStream(e)) chunks.push(c as Buffer);
    const bytes = change(e.name, Buffer.concat(chunks));
    if (bytes) zip.addBuffer(bytes, e.name);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(dest)).on('close', resolve).on('error', reject));
}

async function manifestOf(zip: string): Promise<Manifest> {
  let m: Manifest | null = null;
  await rewriteZip(zip, path.join(root, 'scratch.zip'), (name, bytes) => {
    if (name === 'manifest.json') m = JSON.parse(bytes.toString('utf8')) as Manifest;
    return bytes;
  });
  return m!;
}

async function bodyOf<T>(zip: string): Promise<T> {
  let b: T | null = null;
  await rewriteZip(zip, path.join(root, 'scratch.zip'), (name, bytes) => {
    if (name === 'packet.json') b = JSON.parse(bytes.toString('utf8')) as T;
    return bytes;
  });
  return b!;
}

const officeItems = async (): Promise<{ items: (Item & { submission: NonNullable<Item['submission']> })[] }> => tzJson('items list', officeDir);

beforeAll(async () => {
  fs.mkdirSync(out, { recursive: true });
  const a = await makeArchive(root, '创建办', ['2023-01-01', '2023-12-31']);
  officeDir = a.dir;
  await a.close();
  office = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await office.open(officeDir);
  // Three departments named by the 责任单位 column; 1.2 is owed by two of them.
  await call('indicators.update', { code: '1.1', patch: { department: '县科协' } });
  await call('indicators.update', { code: '1.2', patch: { department: '县科协、县委办' } });
  await call('indicators.update', { code: '2.1', patch: { department: '县教育局' } });
});
afterAll(() => office.close());

let kexie: PacketExportReport;
const packets: Record<string, string> = {};

test('任务包 for three departments: one by the CLI with a deadline, all of them by the interface into a folder', async () => {
  kexie = await tzJson('packet export', officeDir, '--department', '县科协', path.join(out, '科协.zip'), '--deadline', '2023-06-30');
  expect(kexie).toMatchObject({ department: '县科协', indicators: 2, returned: 0, files: 0 });
  const m = await manifestOf(kexie.out);
  expect(m).toMatchObject({ format: 'taizhang-packet', formatVersion: 1, kind: 'task', department: '县科协', archive: { name: '全国科普示范县创建' } });
  expect(m.files.map((f) => f.path)).toEqual(['packet.json']);
  expect(m.signature).toMatch(/^[0-9a-f]{64}$/);
  const body = await bodyOf<TaskBody>(kexie.out);
  expect(body.assignments.map((x) => [x.code, x.deadline, x.requirement])).toEqual([
    ['1.1', '2023-06-30', ''],
    ['1.2', '2023-06-30', '全年召开推进会不少于3次'],
  ]);
  // Its indicators and their ancestors: the department's own tree.
  expect(body.indicators.map((r) => r.code)).toEqual(['1', '1.1', '1.2']);
  // A deadline already set is kept by the next --deadline.
  await tzJson('packet export', officeDir, '--department', '县科协', path.join(out, '科协-again.zip'), '--deadline', '2023-09-30');
  expect((await bodyOf<TaskBody>(path.join(out, '科协-again.zip'))).assignments.map((x) => x.deadline)).toEqual(['2023-06-30', '2023-06-30']);
  // An existing file is not replaced unless asked.
  const again = await tz('packet export', officeDir, '--department', '县科协', kexie.out);
  expect(again.code).toBe(2);
  expect(again.err).toContain('已存在');

  const all = await job(office, { kind: 'export-packet', out: path.join(out, '全部') });
  const r = all.result as { dir: string; packets: PacketExportReport[] };
  expect(r.packets.map((p) => p.department).sort()).toEqual(['县委办', '县教育局', '县科协'].sort());
  expect(fs.readdirSync(r.dir).sort()).toEqual(['任务包-县委办.zip', '任务包-县教育局.zip', '任务包-县科协.zip'].sort());
  for (const p of r.packets) packets[p.department] = p.out;
  expect(all.summary).toContain('3 个责任单位');
  // The departments view lists what went out.
  const detail = await call<{ packets: { direction: string; summary: string }[] }>('departments.get', { name: '县教育局' });
  expect(detail.packets).toEqual([expect.objectContaining({ direction: 'out', summary: '任务包：1 个指标' })]);
});

let kexieDept: Awaited<ReturnType<typeof departmentApp>>;
let eduDept: Awaited<ReturnType<typeof departmentApp>>;
const returns: Record<string, string> = {};

test('two departments fill their packets in archives of their own: photos, a PDF, captions, 结论性说明', async () => {
  kexieDept = await departmentApp(packets['县科协'], '县科协');
  expect(kexieDept.opened).toMatchObject({ department: '县科协', indicators: 2, returned: 0, deadline: '2023-06-30' });
  expect(kexieDept.state.archive?.filling).toMatchObject({ department: '县科协', office: '全国科普示范县创建', returns: 0 });
  const d = caller(kexieDept.api);
  // Only its indicators (and their parents).
  const tree = await d<{ nodes: { code: string }[] }>('indicators.tree');
  expect(tree.nodes.map((n) => n.code)).toEqual(['1', '1.1', '1.2']);

  await job(kexieDept.api, { kind: 'import', paths: [await photos(path.join(root, '科协', '领导小组会议'), 2, 1)], indicator: '1.1' });
  const pdf = path.join(root, '科协', '推进会', '推进会纪要.pdf');
  await makePdf(pdf, { pages: 2, title: '推进会纪要' });
  await job(kexieDept.api, { kind: 'import', paths: [path.dirname(pdf)], indicator: '1.2' });
  const items = await d<ItemSummary[]>('items.list', {});
  expect(items).toHaveLength(2);
  const meeting = await d<Item>('items.get', { id: items.find((i) => i.indicators.includes('1.1'))!.id });
  await d('items.caption', { fileId: meeting.files[0].id, caption: { title: '领导小组会议', place: '县科协会议室', photographer: '张三' } });
  await d('indicators.state', { code: '1.1', statement: { conclusion: '已成立领导小组，召开会议 1 次。' } });
  // 填报模式 makes only the 回传包.
  const refused = await kexieDept.api.call('jobs.start', { kind: 'export-pdf', out: path.join(root, 'x.pdf') });
  expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('回传包') } });
  const ret = await job(kexieDept.api, { kind: 'export-return', out: path.join(out, '回传-科协-1.zip') });
  returns['县科协'] = ret.output!;
  expect(ret.result).toMatchObject({ department: '县科协', sequence: 1, items: 2, statements: 1, files: 3 });

  eduDept = await departmentApp(packets['县教育局'], '县教育局');
  await job(eduDept.api, { kind: 'import', paths: [await photos(path.join(root, '教育局', '党员干部培训'), 3, 2)], indicator: '2.1' });
  // The same photo as the 科协's: stored once in the 创建办's archive.
  fs.copyFileSync(path.join(root, '科协', '领导小组会议', 'IMG_1_0.jpg'), path.join(root, '教育局', 'IMG_shared.jpg'));
  await job(eduDept.api, { kind: 'import', paths: [path.join(root, '教育局', 'IMG_shared.jpg')], indicator: '2.1' });
  await caller(eduDept.api)('indicators.state', { code: '2.1', statement: { conclusion: '举办培训 2 次。' } });
  returns['县教育局-1'] = (await job(eduDept.api, { kind: 'export-return', out: path.join(out, '回传-教育局-1.zip') })).output!;
  // Later, one more training: a second return from the same 任务包.
  await job(eduDept.api, { kind: 'import', paths: [await photos(path.join(root, '教育局', '第二次培训'), 1, 3, '2023:06:01')], indicator: '2.1' });
  const second = await tzJson('packet return', eduDept.dir, path.join(out, '回传-教育局-2.zip'));
  expect(second).toMatchObject({ sequence: 2, items: 3 });
  returns['县教育局-2'] = second.out;
});

test('the 回传包 merged: new items under the indicators, attributed to the department with the time received', async () => {
  const before = (await fs.promises.readdir(path.join(officeDir, 'files'), { recursive: true })).length;
  const r = await tz('packet import', officeDir, returns['县科协'], '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  const merged = JSON.parse(r.out) as PacketImportReport;
  expect(merged).toMatchObject({ department: '县科协', added: 2, replaced: 0, unchanged: 0, statements: 1, again: false });

  const j = await job(office, { kind: 'import-packet', paths: [returns['县教育局-2']] });
  expect(j.result).toMatchObject({ department: '县教育局', added: 3, replaced: 0, unchanged: 0 });
  expect(j.summary).toContain('新增材料 3 件');

  const { items } = await officeItems();
  expect(items).toHaveLength(5);
  for (const i of items) expect(i.submission).toMatchObject({ review: 'pending', version: 1, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(items.filter((i) => i.submission.department === '县科协').map((i) => i.indicators).sort()).toEqual([['1.1'], ['1.2']]);
  expect(items.filter((i) => i.submission.department === '县教育局').every((i) => i.indicators.join() === '2.1')).toBe(true);
  expect(items.find((i) => i.submission.department === '县科协' && i.indicators[0] === '1.1')!.submission.at).toBe(merged.receivedAt);
  // The caption came along; the shared photo is stored once.
  const meeting = await call<Item>('items.get', { id: items.find((i) => i.indicators[0] === '1.1')!.id });
  expect(meeting.files.find((f) => f.caption.title)?.caption).toMatchObject({ title: '领导小组会议', place: '县科协会议室', photographer: '张三' });
  const stored = (await fs.promises.readdir(path.join(officeDir, 'files'), { recursive: true })).filter((n) => /[0-9a-f]{64}$/.test(n));
  expect(before).toBe(0);
  expect(stored).toHaveLength(7);
  // Each original received is named in the import journal, as filed ones are.
  const journal = fs.readFileSync(path.join(officeDir, 'imports.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; source: string });
  expect(journal.filter((l) => l.source.startsWith('县科协回传包')).map((l) => l.name).sort()).toEqual(['IMG_1_0.jpg', 'IMG_1_1.jpg', '推进会纪要.pdf']);

  // The dashboard counts what came in; the 结论性说明 is kept with the assignment.
  const o = await call<DepartmentsOverview>('departments.list');
  const row = (n: string) => o.departments.find((d) => d.name === n)!;
  expect(row('县科协')).toMatchObject({ items: 2, pending: 2 });
  expect(row('县教育局')).toMatchObject({ items: 3, pending: 3 });
  expect(row('县委办')).toMatchObject({ items: 0 });
  expect(row('县委办').states.open + row('县委办').states.overdue).toBe(1);
  const kx = await call<{ assignments: { code: string; conclusion: string; state: string }[] }>('departments.get', { name: '县科协' });
  expect(kx.assignments.find((x) => x.code === '1.1')).toMatchObject({ conclusion: '已成立领导小组，召开会议 1 次。', state: 'submitted' });
});

test('the same packet merged twice changes nothing; an older return after a newer one is refused', async () => {
  const log = async () => (await call<unknown[]>('indicators.log', { limit: 1000 })).length;
  const n = await log();
  const again = await tzJson('packet import', officeDir, returns['县科协']);
  expect(again).toMatchObject({ again: true, added: 0, replaced: 0, unchanged: 2 });
  expect((await officeItems()).items).toHaveLength(5);
  expect(await log()).toBe(n);

  const older = await tz('packet import', officeDir, returns['县教育局-1']);
  expect(older.code).toBe(2);
  expect(older.err).toMatch(/^错误：.*较早的第 1 份回传包.*第 2 份/);
  expect((await officeItems()).items).toHaveLength(5);
});

test('one changed byte inside a file: the whole packet refused, naming the file (exit 2)', async () => {
  // A fresh return holding the 教育局's new photo, changed by one byte inside the zip.
  await job(eduDept.api, { kind: 'import', paths: [await photos(path.join(root, '教育局', '第三次培训'), 1, 4, '2023:07:01')], indicator: '2.1' });
  const good = (await tzJson('packet return', eduDept.dir, path.join(out, '回传-教育局-3.zip'))).out as string;
  const m = await manifestOf(good);
  const body = await bodyOf<{ items: { title: string; files: { sha256: string; name: string }[] }[] }>(good);
  const target = body.items.flatMap((i) => i.files).find((f) => f.name === 'IMG_4_0.jpg')!;
  const entry = (await ZipReader.open(good)).entries.find((e) => e.name === `files/${target.sha256}`)!;
  const bytes = fs.readFileSync(good);
  const dataAt = entry.localHeaderOffset + 30 + bytes.readUInt16LE(entry.localHeaderOffset + 26) + bytes.readUInt16LE(entry.localHeaderOffset + 28);
  bytes[dataAt + Math.floor(entry.compressedSize / 2)] ^= 0x01;
  const tampered = path.join(out, '回传-教育局-3-改.zip');
  fs.writeFileSync(tampered, bytes);
  expect(m.files.some((f) => f.path === `files/${target.sha256}`)).toBe(true);

  const r = await tz('packet import', officeDir, tampered);
  expect(r.code).toBe(2);
  expect(r.err).toContain('IMG_4_0.jpg');
  expect(r.err).toContain('整个回传包未接收');
  expect(r.err).not.toMatch(/\n\s+at /);
  expect((await officeItems()).items).toHaveLength(5);
  // Through the interface, the same refusal.
  const started = await call<JobInfo>('jobs.start', { kind: 'import-packet', paths: [tampered] });
  const ended = await jobEnded(office, started.id);
  expect(ended).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', message: expect.stringContaining('IMG_4_0.jpg') } });

  // Meanwhile the 创建办 corrected a title and accepted the item; the department resends it as it had it.
  const training = (await officeItems()).items.find((i) => i.submission.department === '县教育局' && i.files.length === 3)!;
  await call('items.update', { id: training.id, patch: { title: '党员干部科技培训（第一期）' } });
  await call('items.review', { ids: [training.id], decision: 'accept' });

  // The untouched copy goes in: one new item; what the 创建办 changed since stays as it is.
  expect(await tzJson('packet import', officeDir, good)).toMatchObject({ added: 1, replaced: 0, unchanged: 3 });
  expect(await call<Item>('items.get', { id: training.id })).toMatchObject({ title: '党员干部科技培训（第一期）', submission: { review: 'accepted', version: 1 } });
});

test('a returned item goes out in the next 任务包 with its reason, is corrected, and comes back as version 2', async () => {
  const { items } = await officeItems();
  const meeting = items.find((i) => i.submission.department === '县科协' && i.indicators[0] === '1.1')!;
  const pdf = items.find((i) => i.submission.department === '县科协' && i.indicators[0] === '1.2')!;
  await call('items.review', { ids: [meeting.id], decision: 'return', reason: '照片说明缺少人物，请补充' });
  await call('items.review', { ids: [pdf.id], decision: 'accept' });

  const next = await tzJson('packet export', officeDir, '--department', '县科协', path.join(out, '科协-2.zip'));
  expect(next).toMatchObject({ returned: 1, files: 2 });
  const dept = await departmentApp(next.out, '县科协-2');
  expect(dept.opened).toMatchObject({ returned: 1 });
  const d = caller(dept.api);
  const [back] = await d<ItemSummary[]>('items.list', {});
  const got = await d<Item>('items.get', { id: back.id });
  expect(got.uid).toBe(meeting.uid);
  expect(got.submission).toMatchObject({ review: 'returned', reason: '照片说明缺少人物，请补充' });
  expect(got.files.map((f) => f.sha256).sort()).toEqual(meeting.files.map((f) => f.sha256).sort());
  // The 结论性说明 sent before is there to be revised.
  const tree = await d<{ nodes: { code: string; statement: { conclusion: string } }[] }>('indicators.tree');
  expect(tree.nodes.find((n) => n.code === '1.1')?.statement.conclusion).toBe('已成立领导小组，召开会议 1 次。');

  // Sent back unchanged first: nothing to replace, still 退回 on both sides.
  const unchangedReturn = await job(dept.api, { kind: 'export-return', out: path.join(out, '回传-科协-2-未改.zip') });
  expect(unchangedReturn.result).toMatchObject({ corrected: 0 });
  expect(await tzJson('packet import', officeDir, unchangedReturn.output!)).toMatchObject({ added: 0, replaced: 0, unchanged: 1 });
  expect((await call<Item>('items.get', { id: meeting.id })).submission).toMatchObject({ review: 'returned', version: 1 });

  const withCaption = got.files.find((f) => f.caption.title)!;
  await d('items.caption', { fileId: withCaption.id, caption: { people: '李四、王五' } });
  await d('items.update', { id: got.id, patch: { title: '领导小组第一次会议' } });
  const ret = await job(dept.api, { kind: 'export-return', out: path.join(out, '回传-科协-2.zip') });
  expect(ret.result).toMatchObject({ sequence: 2, corrected: 1 });
  // The department sees its correction sent, waiting for review.
  expect((await d<Item>('items.get', { id: got.id })).submission).toMatchObject({ review: 'pending', reason: '' });
  const merged = await tzJson('packet import', officeDir, ret.output!);
  expect(merged).toMatchObject({ added: 0, replaced: 1, unchanged: 0 });

  const now = await call<Item>('items.get', { id: meeting.id });
  expect(now).toMatchObject({ title: '领导小组第一次会议', uid: meeting.uid, submission: { version: 2, review: 'pending', reason: '' } });
  expect(now.files.find((f) => f.caption.title)?.caption.people).toBe('李四、王五');
  const versions = await call<{ version: number; item: Item }[]>('items.versions', { id: meeting.id });
  expect(versions).toHaveLength(1);
  expect(versions[0]).toMatchObject({ version: 1, item: { title: meeting.title, submission: { review: 'returned', reason: '照片说明缺少人物，请补充' } } });
  // The accepted PDF stays as it was.
  expect((await call<Item>('items.get', { id: pdf.id })).submission).toMatchObject({ review: 'accepted', version: 1 });
  await dept.api.close();

  // The archive opened from the first 任务包 still holds the old version: its return is refused.
  const stale = await job(kexieDept.api, { kind: 'export-return', out: path.join(out, '回传-科协-旧.zip') });
  const r = await tz('packet import', officeDir, stale.output!);
  expect(r.code).toBe(2);
  expect(r.err).toContain('较早的任务包');
  expect((await call<Item>('items.get', { id: meeting.id })).title).toBe('领导小组第一次会议');

  // A 任务包 with a changed byte does not open, and leaves the folder as it was.
  const bytes = fs.readFileSync(next.out);
  const entry = (await ZipReader.open(next.out)).entries.find((e) => e.name.startsWith('files/'))!;
  const at = entry.localHeaderOffset + 30 + bytes.readUInt16LE(entry.localHeaderOffset + 26) + bytes.readUInt16LE(entry.localHeaderOffset + 28) + 40;
  bytes[at] ^= 0xff;
  fs.writeFileSync(path.join(out, '科协-2-改.zip'), bytes);
  const opened = await tz('packet open', path.join(out, '科协-2-改.zip'), path.join(root, '填报-改'));
  expect(opened.code).toBe(2);
  expect(opened.err).toMatch(/任务包中的文件“IMG_1_\d\.jpg”.*与清单不符/);
  expect(fs.readdirSync(path.join(root, '填报-改'))).toEqual([]);
});

test('faults: a zip cut short, another archive\'s packet, a missing file, a bomb — each refused whole, nothing merged', async () => {
  const count = async () => (await officeItems()).items.length;
  const n = await count();
  const good = returns['县科协'];

  const cut = path.join(out, '截断.zip');
  fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, Math.floor(fs.statSync(good).size / 2)));
  const r1 = await tz('packet import', officeDir, cut);
  expect(r1.code).toBe(2);
  expect(r1.err).toContain('不完整');

  const missing = path.join(out, '缺文件.zip');
  const body = await bodyOf<{ items: { files: { sha256: string; name: string }[] }[] }>(good);
  const dropped = body.items.flatMap((i) => i.files)[0];
  await rewriteZip(good, missing, (name, bytes) => (name === `files/${dropped.sha256}` ? null : bytes));
  const r2 = await tz('packet import', officeDir, missing);
  expect(r2.code).toBe(2);
  expect(r2.err).toContain(`缺少文件“${dropped.name}”`);

  // A second 创建办 archive with a 县科协 of its own: its return is not ours.
  const other = await makeArchive(root, '另一个创建办');
  await other.db.transaction((tx) => tx.run(sql`UPDATE indicators SET department = '县科协' WHERE code = '1.1'`));
  const otherTask = await exportTaskPacket(other, '县科协', path.join(out, '另一个-科协.zip'), {});
  await other.close();
  const o = await tzJson('packet open', otherTask.out, path.join(root, '填报-另一个'));
  await makeJpeg(path.join(root, '另一个', 'a.jpg'), { width: 32, height: 32, seed: 99 });
  await tzJson('import', o.dir, path.join(root, '另一个'), '--indicator', '1.1');
  const otherReturn = (await tzJson('packet return', o.dir, path.join(out, '另一个-回传.zip'))).out as string;
  const r3 = await tz('packet import', officeDir, otherReturn);
  expect(r3.code).toBe(2);
  expect(r3.err).toContain('另一个档案');

  // manifest.json as it is, packet.json inflating to 200 MB while its header says 1 KB.
  const manifest = JSON.stringify(await manifestOf(good));
  const bomb = path.join(out, '炸弹.zip');
  fs.writeFileSync(bomb, bombZip([{ name: 'manifest.json', head: manifest }, { name: 'packet.json', head: '{"kind":"return","items":[', unit: '{"a":1},', times: 25_000_000, tail: '{}]}', declaredSize: 1024 }]));
  const r4 = await tz('packet import', officeDir, bomb);
  expect(r4.code).toBe(2);
  expect(r4.err).toMatch(/回传包解压后超过/);

  // packet.json changed and its hash in the manifest too: the signature, made with the department's key, no longer holds.
  const forged = path.join(out, '伪造.zip');
  let newBody = Buffer.alloc(0);
  await rewriteZip(good, path.join(root, 'forged-step.zip'), (name, bytes) => {
    if (name !== 'packet.json') return bytes;
    newBody = Buffer.from(bytes.toString('utf8').replace('领导小组会议', '另一次会议'));
    return newBody;
  });
  const { createHash } = await import('node:crypto');
  await rewriteZip(path.join(root, 'forged-step.zip'), forged, (name, bytes) => {
    if (name !== 'manifest.json') return bytes;
    const fm = JSON.parse(bytes.toString('utf8')) as Manifest;
    fm.files = fm.files.map((f) => (f.path === 'packet.json' ? { ...f, sha256: createHash('sha256').update(newBody).digest('hex'), size: newBody.length } : f));
    return Buffer.from(JSON.stringify(fm));
  });
  const r7 = await tz('packet import', officeDir, forged);
  expect(r7.code).toBe(2);
  expect(r7.err).toContain('签名');

  // A 任务包 is not a 回传包, and a 回传包 does not open as a 任务包.
  const r5 = await tz('packet import', officeDir, packets['县委办']);
  expect(r5.code).toBe(2);
  expect(r5.err).toContain('是任务包，不是回传包');
  const r6 = await tz('packet open', good, path.join(root, '填报-错'));
  expect(r6.code).toBe(2);
  expect(r6.err).toContain('是回传包，不是任务包');
  expect(await count()).toBe(n);
});

test('an export cancelled or killed half way leaves no OUT.zip', async () => {
  const a = await Archive.open(officeDir);
  try {
    const dir = path.join(root, '取消');
    fs.mkdirSync(dir);
    await expectCancelledAtEveryPhase(dir, 'zip', ['打包文件'], (file, j) => exportTaskPacket(a, '县科协', file, {}, j));
  } finally {
    await a.close();
  }
  // A returned item with a large file makes the packet take a moment to write; killed then.
  const big = path.join(root, '大文件', '录像.bin');
  fs.mkdirSync(path.dirname(big), { recursive: true });
  fs.writeFileSync(big, Buffer.alloc(100 * 1024 * 1024, 7));
  const { items } = await officeItems();
  const edu = items.find((i) => i.submission.department === '县教育局')!;
  await job(office, { kind: 'import', paths: [big], indicator: '2.1' });
  const bigItem = (await officeItems()).items.find((i) => i.files.some((f) => f.name === '录像.bin'))!;
  const db = await Archive.open(officeDir);
  await db.db.transaction((tx) => tx.run(sql`UPDATE items SET submitted_by = (SELECT submitted_by FROM items WHERE id = ${edu.id}), review = 'returned', review_reason = '请剪辑' WHERE id = ${bigItem.id}`));
  await db.close();
  const killedDir = path.join(root, '中断');
  fs.mkdirSync(killedDir);
  const target = path.join(killedDir, '教育局.zip');
  const child = spawnCli(['packet', 'export', officeDir, '--department', '县教育局', target]);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (let i = 0; i < 6000 && !fs.readdirSync(killedDir).some((n) => n.endsWith('.part')); i++) await new Promise((r) => setTimeout(r, 5));
  expect(fs.readdirSync(killedDir).some((n) => n.endsWith('.part'))).toBe(true);
  child.kill('SIGKILL');
  await exited;
  expect(fs.existsSync(target)).toBe(false);
  // The next export into the folder goes through (the dead one's part is cleared away once stale).
  expect(await tzJson('packet export', officeDir, '--department', '县教育局', path.join(killedDir, '教育局-2.zip'))).toMatchObject({ returned: 1 });
});

test('a department renamed after its 任务包 went out: its 回传包 is still its own', async () => {
  await call('departments.update', { name: '县教育局', patch: { name: '县教育体育局' } });
  await job(eduDept.api, { kind: 'import', paths: [await photos(path.join(root, '教育局', '第四次培训'), 1, 5, '2023:08:01')], indicator: '2.1' });
  const ret = (await tzJson('packet return', eduDept.dir, path.join(out, '回传-教育局-4.zip'))).out as string;
  expect(await tzJson('packet import', officeDir, ret)).toMatchObject({ department: '县教育体育局', added: 1 });
  const { items } = await officeItems();
  expect(items.filter((i) => i.submission?.department === '县教育体育局')).toHaveLength(6);
});

test('the merged archive passes verify', async () => {
  const r = await tzJson('verify', officeDir);
  expect(r).toMatchObject({ ok: true, problems: [] });
  await kexieDept.api.close();
  await eduDept.api.close();
});
