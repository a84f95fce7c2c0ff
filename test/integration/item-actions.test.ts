// The clerk's hands on a selection (issue 13): move, link, unlink, update, merge, split, files moved
// and removed, captions in batches, and one undo per action — through the door the app calls, on
// a real archive of real JPEGs.
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { importPaths } from '../../main/intake/import';
import { Archive } from '../../main/archive/archive';
import { findIndicator } from '../../main/archive/indicators-repo';
import { listItems } from '../../main/archive/items-repo';
import { makeJpeg, makePdf } from '../../main/demo/sample-files';
import type { ItemsActionResult, ItemSummary, IndicatorEditResult, JobInfo } from '../../shared/api';
import type { Item } from '../../shared/domain';

import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { value, jobEnded } from '../helpers/api-calls';

jest.setTimeout(180_000);

const root = tmpDir('tz-items-');
let api: Api;
let dir: string;

const call = async <T>(method: string, args: unknown = {}) => value<T>(await api.call(method, args));
const list = (args: object) => call<ItemSummary[]>('items.list', args);
const get = (id: number) => call<Item>('items.get', { id });

const finished = (id: string): Promise<JobInfo> => jobEnded(api, id);

beforeAll(async () => {
  const a = await makeArchive(root, '档案');
  dir = a.dir;
  const src = path.join(root, '活动照片');
  const paths: string[] = [];
  for (let i = 0; i < 300; i++) {
    const p = path.join(src, `IMG_${String(i).padStart(4, '0')}.jpg`);
    const minute = String(i % 60).padStart(2, '0');
    await makeJpeg(p, { width: 48, height: 32, seed: i + 1, exifTime: `2023:03:22 15:${minute}:00` });
    paths.push(p);
  }
  // Given one by one, each photo is its own inbox item: the 300 items of the issue.
  const r = await importPaths(a, paths);
  expect(r.items).toBe(300);
  // A document filed under an indicator: no photo, so no caption.
  await makePdf(path.join(root, '通知', '会议通知.pdf'), { pages: 1 });
  await importPaths(a, [path.join(root, '通知', '会议通知.pdf')], { indicatorCode: '1.1' });
  await a.close();
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(dir);
});
afterAll(() => api.close());

test('300 inbox items filed to an indicator in one call, and one undo brings them all back', async () => {
  const inbox = await list({ inbox: true });
  expect(inbox).toHaveLength(300);
  const ids = inbox.map((i) => i.id);
  const r = await call<ItemsActionResult>('items.move', { ids, to: '1.2' });
  expect(r.message).toBe('已将 300 件材料归到“1.2 召开工作推进会”。');
  expect(r.undo).toBe('归到指标“1.2 召开工作推进会”（300 件材料）');
  expect(await list({ inbox: true })).toHaveLength(0);
  expect((await list({ indicator: '1.2' })).map((i) => i.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

  const u = await call<ItemsActionResult>('items.undo');
  expect(u.message).toBe('已撤销：归到指标“1.2 召开工作推进会”（300 件材料）。');
  expect(u.undo).toBeNull();
  expect(await list({ inbox: true })).toHaveLength(300);
  expect(await list({ indicator: '1.2' })).toHaveLength(0);
  const log = await call<{ action: string; summary: string }[]>('indicators.log', { limit: 2 });
  expect(log.map((l) => l.action)).toEqual(['item.undo', 'item.move']);
  expect(log[1].summary).toContain('300 件材料');
  // Nothing left to undo in this session.
  expect(await api.call('items.undo', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('没有可以撤销') } });
});

test('move replaces the links; link adds one; unlink sends an item with no link back to the inbox', async () => {
  const [a, b] = (await list({ inbox: true })).map((i) => i.id);
  await call('items.move', { ids: [a, b], to: '1.1' });
  await call('items.linkMany', { ids: [a], indicator: '2.1' });
  expect((await get(a)).indicators).toEqual(['1.1', '2.1']);
  const moved = await call<ItemsActionResult>('items.move', { ids: [a, b], to: '2.2' });
  expect(moved.message).toContain('2 件材料');
  expect((await get(a)).indicators).toEqual(['2.2']);
  const un = await call<ItemsActionResult>('items.unlinkMany', { ids: [a, b], indicator: '2.2' });
  expect(un.message).toContain('转入“未归类”');
  expect((await list({ inbox: true })).map((i) => i.id)).toEqual(expect.arrayContaining([a, b]));
  // Three undos: the unlink, the move, the link; the state after the first move is back.
  await call('items.undo');
  await call('items.undo');
  await call('items.undo');
  expect((await get(a)).indicators).toEqual(['1.1']);
  expect((await get(b)).indicators).toEqual(['1.1']);
  await call('items.undo');
  expect((await get(a)).indicators).toEqual([]);
});

test('the same fields on every item of a selection', async () => {
  const ids = (await list({ inbox: true })).slice(0, 5).map((i) => i.id);
  const titleBefore = (await get(ids[0])).title;
  const r = await call<ItemsActionResult>('items.updateMany', { ids, patch: { department: '县卫健局', secrecy: '内部', kind: 'activity', retention: 'D10' } });
  expect(r.message).toContain('5 件材料');
  for (const id of ids) expect(await get(id)).toMatchObject({ department: '县卫健局', secrecy: '内部', kind: 'activity', retention: 'D10' });
  // The item's own fields not in the patch stay.
  expect((await get(ids[0])).title).toBe(titleBefore);
  await call('items.undo');
  expect((await get(ids[0])).department).toBe('');
  expect(await api.call('items.updateMany', { ids, patch: {} })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
});

test('merge keeps the files in the order given, the first item\'s metadata, and unites the links', async () => {
  const [a, b, c] = (await list({ inbox: true })).slice(0, 3).map((i) => i.id);
  await call('items.move', { ids: [a], to: '1.1' });
  await call('items.move', { ids: [b], to: '2.1' });
  await call('items.updateMany', { ids: [a], patch: { department: '办公室' } });
  const [fa, fb, fc] = await Promise.all([a, b, c].map(async (id) => (await get(id)).files[0].id));
  const r = await call<ItemsActionResult>('items.merge', { ids: [a, c, b] });
  expect(r.ids).toEqual([a]);
  expect(r.item!.id).toBe(a);
  expect(r.item!.files.map((f) => f.id)).toEqual([fa, fc, fb]);
  expect(r.item!.files.map((f) => f.position)).toEqual([0, 1, 2]);
  expect(r.item!.indicators).toEqual(['1.1', '2.1']);
  expect(r.item!.department).toBe('办公室');
  expect(r.message).toContain('3 件材料合并');
  const trash = (await list({ trash: true })).map((i) => i.id);
  expect(trash).toEqual(expect.arrayContaining([b, c]));
  expect((await get(b)).files).toHaveLength(0);

  // One undo: b and c are back with their own files, out of the trash.
  await call('items.undo');
  expect((await get(a)).files.map((f) => f.id)).toEqual([fa]);
  expect((await get(b)).files.map((f) => f.id)).toEqual([fb]);
  expect((await get(c)).files.map((f) => f.id)).toEqual([fc]);
  expect((await get(b)).deletedAt).toBeNull();
  expect((await get(a)).indicators).toEqual(['1.1']);

  expect(await api.call('items.merge', { ids: [a, a] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('两件不同') } });
});

test('split takes files out into a new item with the same links and metadata', async () => {
  const [a, b, c, d] = (await list({ inbox: true })).slice(0, 4).map((i) => i.id);
  await call('items.merge', { ids: [a, b, c] });
  await call('items.move', { ids: [a], to: '2.2' });
  await call('items.move', { ids: [d], to: '2.2' });
  await call('items.updateMany', { ids: [a], patch: { responsible: '张三' } });
  const files = (await get(a)).files.map((f) => f.id);
  const r = await call<ItemsActionResult>('items.split', { id: a, fileIds: [files[2], files[1]], title: '第二场讲座' });
  const made = r.item!;
  expect(made.id).not.toBe(a);
  expect(made.title).toBe('第二场讲座');
  // In the order they had in the old item.
  expect(made.files.map((f) => f.id)).toEqual([files[1], files[2]]);
  expect(made).toMatchObject({ indicators: ['2.2'], responsible: '张三', kind: (await get(a)).kind });
  expect((await get(a)).files.map((f) => f.id)).toEqual([files[0]]);
  // Placed right after the old item in the indicator's list.
  const reader = await Archive.open(dir, { readOnly: true });
  const ind = await findIndicator(reader.db, '2.2');
  const under = (await listItems(reader.db, { indicatorId: ind!.id })).map((i) => i.id);
  await reader.close();
  expect(under).toEqual([a, made.id, d]);
  expect(await api.call('items.split', { id: a, fileIds: [files[0]] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('全部文件') } });
  expect(await api.call('items.split', { id: a, fileIds: [files[1]] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('不在第') } });

  await call('items.undo');
  expect((await get(a)).files.map((f) => f.id)).toEqual(files);
  expect((await get(a)).indicators).toEqual(['2.2']);
  expect(await api.call('items.get', { id: made.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('a file moved to another item is appended; a removed file leaves its item but stays stored', async () => {
  const [p, q] = (await list({ inbox: true })).slice(0, 2).map((i) => i.id);
  const fp = (await get(p)).files[0];
  const fq = (await get(q)).files[0];
  const r = await call<ItemsActionResult>('files.move', { fileIds: [fp.id], to: q });
  expect(r.item!.files.map((f) => f.id)).toEqual([fq.id, fp.id]);
  expect(r.message).toContain('1 件材料已没有文件');
  expect((await get(p)).files).toHaveLength(0);

  const rm = await call<ItemsActionResult>('files.remove', { fileIds: [fq.id] });
  expect(rm.message).toContain('原件仍在档案中');
  expect((await get(q)).files.map((f) => f.id)).toEqual([fp.id]);
  expect((await get(q)).files[0].position).toBe(0);
  expect(fs.existsSync(path.join(dir, fq.storePath))).toBe(true);
  expect(await api.call('files.move', { fileIds: [fq.id], to: p })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  await call('items.undo');
  await call('items.undo');
  expect((await get(p)).files.map((f) => f.id)).toEqual([fp.id]);
  expect((await get(q)).files.map((f) => f.id)).toEqual([fq.id]);
});

test('reorder puts an item\'s files in the order given, and only a full list', async () => {
  const ids = (await list({ inbox: true })).slice(0, 3).map((i) => i.id);
  const merged = (await call<ItemsActionResult>('items.merge', { ids })).item!;
  const order = merged.files.map((f) => f.id).reverse();
  const item = await call<Item>('files.reorder', { id: merged.id, fileIds: order });
  expect(item.files.map((f) => f.id)).toEqual(order);
  expect(await api.call('files.reorder', { id: merged.id, fileIds: order.slice(1) })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
});

test('captions in batches keep what is filled unless overwrite; time from EXIF', async () => {
  const items = (await list({ inbox: true })).slice(0, 3);
  const files = await Promise.all(items.map(async (i) => (await get(i.id)).files[0]));
  value(await api.call('items.caption', { fileId: files[0].id, caption: { place: '县人民医院', people: '' } }));
  const r = await call<ItemsActionResult & { filled: number; kept: number }>('files.captionMany', {
    fileIds: files.map((f) => f.id),
    caption: { place: '县会议中心', people: '全体职工', photographer: '李四' },
    timeFromExif: true,
  });
  expect(r).toMatchObject({ filled: 3, kept: 1 });
  expect(r.message).toContain('1 张照片原有的内容已保留');
  const after = await Promise.all(items.map(async (i) => (await get(i.id)).files[0]));
  expect(after[0].caption).toMatchObject({ place: '县人民医院', people: '全体职工', photographer: '李四' });
  expect(after[1].caption).toMatchObject({ place: '县会议中心', people: '全体职工', photographer: '李四' });
  // To the minute, as the form's 用拍摄时间 and intake write it.
  expect(after[1].caption.time).toBe(after[1].exifTime!.slice(0, 16));
  expect(after[1].caption.time).toMatch(/^2023-03-22 15:\d\d$/);
  // Found by search under the caption just given.
  const hits = await call<{ item: ItemSummary }[]>('items.search', { query: '县会议中心' });
  expect(hits.map((h) => h.item.id)).toEqual(expect.arrayContaining([items[1].id, items[2].id]));

  const o = await call<ItemsActionResult & { filled: number; kept: number }>('files.captionMany', {
    fileIds: [files[0].id],
    caption: { place: '县会议中心', people: '', photographer: '' },
    overwrite: true,
  });
  expect(o).toMatchObject({ filled: 1, kept: 0 });
  // Overwritten where a value was given; blank fields of the form wipe nothing.
  expect((await get(items[0].id)).files[0].caption).toMatchObject({ place: '县会议中心', people: '全体职工', photographer: '李四' });
  await call('items.undo');
  expect((await get(items[0].id)).files[0].caption.place).toBe('县人民医院');
  expect(await api.call('files.captionMany', { fileIds: [files[0].id], caption: {} })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

  // A document among the files is left alone, and said so.
  const notice = (await list({ indicator: '1.1' })).find((i) => i.photos === 0)!;
  const pdf = (await get(notice.id)).files[0];
  const mixed = await call<ItemsActionResult & { filled: number }>('files.captionMany', { fileIds: [pdf.id, files[1].id], caption: { subject: '健康讲座' } });
  expect(mixed.filled).toBe(1);
  expect(mixed.message).toContain('1 个文件不是照片，未填写');
  expect((await get(notice.id)).files[0].caption.subject).toBe('');
});

test('trash and restore of a selection are undone as one action', async () => {
  const ids = (await list({ inbox: true })).slice(0, 4).map((i) => i.id);
  expect(await call('items.trash', { ids })).toEqual({ ids });
  expect((await list({ trash: true })).map((i) => i.id)).toEqual(expect.arrayContaining(ids));
  const u = await call<ItemsActionResult>('items.undo');
  expect(u.message).toBe('已撤销：删除 4 件材料。');
  expect((await list({ inbox: true })).map((i) => i.id)).toEqual(expect.arrayContaining(ids));
});

test('an undo never replaces a file filed since under the id of the file it would bring back', async () => {
  // The newest file: SQLite gives its id to the next file filed once it is removed.
  const notice = (await list({ indicator: '1.1' })).find((i) => i.photos === 0)!;
  const pdf = (await get(notice.id)).files[0];
  await call('files.remove', { fileIds: [pdf.id] });
  await makeJpeg(path.join(root, '后来', '新照片.jpg'), { width: 48, height: 32, seed: 999 });
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'import', paths: [path.join(root, '后来', '新照片.jpg')], indicator: '2.2' }));
  await finished(started.id);
  const under = await Promise.all((await list({ indicator: '2.2' })).map((i) => get(i.id)));
  const newcomer = under.find((i) => i.files.some((f) => f.name === '新照片.jpg'))!;
  const newFile = newcomer.files.find((f) => f.name === '新照片.jpg')!;
  expect(newFile.id).toBe(pdf.id);
  expect(await api.call('items.undo', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('不能撤销') } });
  expect((await get(newcomer.id)).files.map((f) => f.name)).toContain('新照片.jpg');
  expect((await get(notice.id)).files).toEqual([]);
});

test('an undo refused when the items were changed since, and forgotten when the archive closes', async () => {
  const [a] = (await list({ inbox: true })).map((i) => i.id);
  await call('items.move', { ids: [a], to: '1.1' });
  await call('items.update', { id: a, patch: { title: '后来改的题名' } });
  const r = await api.call('items.undo', {});
  expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('又被修改过') } });
  expect((await get(a)).indicators).toEqual(['1.1']);
  expect((await get(a)).title).toBe('后来改的题名');

  const m = await call<ItemsActionResult>('items.move', { ids: [a], to: '1.2' });
  expect(m.undo).not.toBeNull();
  await api.close();
  await api.open(dir);
  expect(await api.call('items.undo', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('没有可以撤销') } });
  // The indicator edits keep their own undo.
  const ind = await call<IndicatorEditResult>('indicators.update', { code: '2.2', patch: { title: '科技志愿服务' } });
  expect(ind.undo).toContain('科技志愿服务');
});

test('彻底删除 through the door: refused while a job runs, then purges and leaves nothing to undo', async () => {
  const [a] = (await list({ inbox: true })).map((i) => i.id);
  await call('items.trash', { ids: [a] });
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'export-xlsx' }));
  const done = finished(started.id);
  const refused = await api.call('trash.purge', {});
  expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('请等它完成或取消后再彻底删除') } });
  await done;
  expect((await list({ trash: true })).map((i) => i.id)).toContain(a);
  const r = await call<{ items: number; originals: number; message: string }>('trash.purge', { ids: [a] });
  expect(r).toMatchObject({ items: 1, originals: 1 });
  expect(await api.call('items.get', { id: a })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await api.call('items.undo', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('没有可以撤销') } });
});
