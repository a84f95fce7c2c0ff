// 彻底删除 (issue 13): the rows of trashed items go, with every stored original and thumbnail no
// item refers to any more — checked on disk — while an original another item still uses stays;
// verify passes after it; a read-only archive refuses; a snapshot from before the purge, restored,
// says what is missing and why. And the trash and item commands of `taizhang`, as a script runs them.
import fs from 'node:fs';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { listItems } from '../../main/archive/items-repo';
import { verifyArchive } from '../../main/archive/verify';
import { restoreArchive } from '../../main/archive/backup';
import { takeSnapshot } from '../../main/archive/snapshots';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { linkItems, moveItems, trashItems } from '../../main/items/selection';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { removeFiles } from '../../main/items/file-actions';
import { purgeTrash } from '../../main/items/trash';
import { purgedOf } from '../../main/archive/purge-journal';
import type { Item } from '../../shared/domain';
import { makeArchive, SAMPLE_INDICATORS } from '../helpers/archive';
import { runCli, tz, tzJson } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';

jest.setTimeout(180_000);

const root = tmpDir('tz-purge-');

const onDisk = (a: Archive, rel: string | null) => rel != null && fs.existsSync(a.store.abs(rel));

/** The item whose files have these names, in this order. */
async function holding(a: Archive, ...names: string[]): Promise<Item> {
  const found = (await listItems(a.db, { includeDeleted: true })).find((i) => i.files.map((f) => f.name).join('/') === names.join('/'));
  if (!found) throw new Error(`no item holding ${names.join('、')}`);
  return found;
}

/**
 * Three items: 单张 holds shared.jpg alone; 培训 holds shared.jpg (the same stored original) and
 * own.jpg; 独有 holds only.jpg. Photos given one by one are items titled by their file name.
 */
async function threeItems(name: string): Promise<Archive> {
  const a = await makeArchive(root, name);
  const src = path.join(root, `${name}-src`);
  await makeJpeg(path.join(src, '单张.jpg'), { width: 64, height: 48, seed: 11, exifTime: '2023:03:22 09:00:00' });
  await makeJpeg(path.join(src, '独有.jpg'), { width: 64, height: 48, seed: 12, exifTime: '2023:03:22 09:10:00' });
  await importPaths(a, [path.join(src, '单张.jpg'), path.join(src, '独有.jpg')]);
  const folder = path.join(src, '培训');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(src, '单张.jpg'), path.join(folder, '单张.jpg'));
  await makeJpeg(path.join(folder, '讲课.jpg'), { width: 64, height: 48, seed: 13, exifTime: '2023:03:22 10:00:00' });
  await importPaths(a, [folder], { indicatorCode: '2.1' });
  return a;
}

test('purge deletes the unreferenced originals and thumbnails, keeps a shared one, and verify passes', async () => {
  const a = await threeItems('共用');
  const single = await holding(a, '单张.jpg');
  const only = await holding(a, '独有.jpg');
  const training = await holding(a, '单张.jpg', '讲课.jpg');
  const shared = single.files[0];
  expect(training.files.map((f) => f.sha256)).toContain(shared.sha256);
  const lonely = only.files[0];
  expect(onDisk(a, lonely.storePath)).toBe(true);
  expect(onDisk(a, lonely.thumbPath)).toBe(true);

  await trashItems(a, [single.id, only.id]);
  // Trashed is not gone: nothing on disk moves until the clerk purges.
  expect(onDisk(a, lonely.storePath)).toBe(true);
  // The confirmation's figures: the very purge, rolled back.
  const dry = await purgeTrash(a, undefined, undefined, true);
  expect(dry).toMatchObject({ items: 2, files: 2, originals: 1, bytes: lonely.size });
  expect(dry.message).toContain('将彻底删除 2 件材料');
  expect(onDisk(a, lonely.storePath)).toBe(true);
  expect((await listItems(a.db, { includeDeleted: true })).length).toBe(3);
  const r = await purgeTrash(a);
  expect(r).toMatchObject({ items: 2, files: 2, originals: 1, bytes: lonely.size });
  expect(r.message).toContain('已彻底删除 2 件材料');
  expect(r.message).toContain('1 个原件仍被其他材料使用');
  expect(onDisk(a, lonely.storePath)).toBe(false);
  expect(onDisk(a, lonely.thumbPath)).toBe(false);
  expect(onDisk(a, shared.storePath)).toBe(true);
  expect(onDisk(a, shared.thumbPath)).toBe(true);
  expect((await listItems(a.db, { includeDeleted: true })).map((i) => i.id)).toEqual([training.id]);
  const v = await verifyArchive(a);
  expect(v.problems).toEqual([]);
  expect(v).toMatchObject({ ok: true, unreferenced: [], notices: [] });
  await a.close();
});

test('a file taken out of its item is purged with the whole trash, and only then', async () => {
  const a = await threeItems('移除');
  const training = await holding(a, '单张.jpg', '讲课.jpg');
  const lecture = training.files.find((f) => f.name === '讲课.jpg')!;
  await removeFiles(a, [lecture.id]);
  expect(onDisk(a, lecture.storePath)).toBe(true);
  // Purging named items leaves originals other actions left behind.
  const only = await holding(a, '独有.jpg');
  await trashItems(a, [only.id]);
  expect(await purgeTrash(a, [only.id])).toMatchObject({ items: 1, originals: 1 });
  expect(onDisk(a, lecture.storePath)).toBe(true);
  const all = await purgeTrash(a);
  expect(all).toMatchObject({ items: 0, files: 0, originals: 1, bytes: lecture.size });
  expect(onDisk(a, lecture.storePath)).toBe(false);
  expect(onDisk(a, lecture.thumbPath)).toBe(false);
  expect((await verifyArchive(a)).ok).toBe(true);
  // purged.log names what went, the removed file by the name the import journal gave it.
  const purged = await purgedOf(a.dir, [lecture.sha256, only.files[0].sha256]);
  expect(purged.get(lecture.sha256)?.names.join()).toContain('讲课.jpg');
  expect(purged.get(only.files[0].sha256)?.names.join()).toContain('独有.jpg');
  expect(await purgeTrash(a)).toMatchObject({ items: 0, originals: 0, message: expect.stringContaining('回收站是空的') });
  // Only what is in the trash can be purged.
  await expect(purgeTrash(a, [training.id])).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('不在回收站中') });
  await a.close();
});

test('a read-only archive refuses to purge and keeps every file', async () => {
  const a = await threeItems('只读');
  const only = await holding(a, '独有.jpg');
  await trashItems(a, [only.id]);
  await a.close();
  const ro = await Archive.open(a.dir, { readOnly: true });
  await expect(purgeTrash(ro)).rejects.toMatchObject({ code: 'READ_ONLY' });
  await expect(trashItems(ro, [only.id])).rejects.toMatchObject({ code: 'READ_ONLY' });
  expect(onDisk(ro, only.files[0].storePath)).toBe(true);
  await ro.close();
});

test('a snapshot from before the purge, restored, names what was purged instead of failing silently', async () => {
  const a = await threeItems('快照');
  const only = await holding(a, '独有.jpg');
  const snap = await takeSnapshot(a.db, a.dir, 'manual');
  await trashItems(a, [only.id]);
  await purgeTrash(a);
  await a.close();
  const r = await restoreArchive(a.dir, snap.name);
  expect(r.missing).toEqual([{ file: only.files[0].storePath, names: ['独有.jpg'], purged: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
  const back = await Archive.open(a.dir);
  const v = await verifyArchive(back);
  expect(v.ok).toBe(false);
  const missing = v.problems.filter((p) => p.kind === 'missing_file');
  expect(missing).toHaveLength(1);
  expect(missing[0].message).toContain('在回收站中彻底删除');
  await back.close();
});

test('evidence is not filed under an indicator a re-import dropped, but can be taken out of it', async () => {
  const a = await threeItems('旧指标');
  const training = await holding(a, '单张.jpg', '讲课.jpg');
  const only = await holding(a, '独有.jpg');
  // The revised table has no 2.1: it stays, marked removed, for the item filed under it.
  await a.db.transaction((tx) => mergeIndicators(tx, SAMPLE_INDICATORS.filter((d) => d.code !== '2.1')));
  expect((await findIndicator(a.db, '2.1'))?.removed).toBe(true);
  await expect(moveItems(a, [only.id], '2.1')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('已不在现行的指标体系中') });
  await expect(linkItems(a, [only.id], '2.1')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  const moved = await moveItems(a, [training.id], '2.2');
  expect(moved.message).toContain('“2.2 科技志愿服务活动”');
  expect((await holding(a, '单张.jpg', '讲课.jpg')).indicators).toEqual(['2.2']);
  await a.close();
});

describe('the commands, as a script runs them', () => {
  let dir: string;
  const json = tzJson;

  beforeAll(async () => {
    const a = await threeItems('命令');
    dir = a.dir;
    await a.close();
  });

  test('items move, link, unlink, merge, split, trash; files move and remove; photos caption', async () => {
    const { items } = await json('items', 'list', dir);
    type Listed = { id: number; files: { name: string }[] };
    const by = (...names: string[]) => items.find((i: Listed) => i.files.map((f) => f.name).join('/') === names.join('/'));
    const single = by('单张.jpg');
    const only = by('独有.jpg');
    const training = by('单张.jpg', '讲课.jpg');
    expect([single, only, training].every(Boolean)).toBe(true);

    const moved = await json('items', 'move', dir, String(single.id), String(only.id), '--to', '1.2');
    expect(moved.message).toBe('已将 2 件材料归到“1.2 召开工作推进会”。');
    expect(moved.ids).toEqual([single.id, only.id]);
    const linked = await json('items', 'link', dir, String(single.id), '--to', '2.2');
    expect(linked.item.indicators).toEqual(['1.2', '2.2']);
    const unlinked = await json('items', 'unlink', dir, String(single.id), '--from', '1.2');
    expect(unlinked.item.indicators).toEqual(['2.2']);

    const merged = await json('items', 'merge', dir, String(training.id), String(only.id));
    expect(merged.item.id).toBe(training.id);
    expect(merged.item.files.map((f: { name: string }) => f.name)).toEqual([...training.files.map((f: { name: string }) => f.name), '独有.jpg']);
    expect(merged.item.indicators).toEqual(['2.1', '1.2']);

    const lecture = merged.item.files.find((f: { name: string }) => f.name === '讲课.jpg');
    const split = await json('items', 'split', dir, String(training.id), String(lecture.id), '--title', '讲课');
    expect(split.item).toMatchObject({ title: '讲课', indicators: ['2.1', '1.2'] });
    expect(split.item.files.map((f: { id: number }) => f.id)).toEqual([lecture.id]);

    const fm = await json('files', 'move', dir, String(lecture.id), '--to', String(single.id));
    expect(fm.item.files.map((f: { id: number }) => f.id)).toContain(lecture.id);

    const cap = await json('photos', 'caption', dir, String(lecture.id), '--location', '县会议中心', '--people', '全体职工', '--background', '健康讲座', '--exif-time');
    expect(cap).toMatchObject({ filled: 1, kept: 0 });
    expect(cap.item.files.find((f: { id: number }) => f.id === lecture.id).caption).toMatchObject({ place: '县会议中心', people: '全体职工', subject: '健康讲座', time: '2023-03-22 10:00' });
    const again = await json('photos', 'caption', dir, String(lecture.id), '--location', '别处');
    expect(again).toMatchObject({ filled: 0, kept: 1 });

    const upd = await json('items', 'update', dir, String(single.id), String(training.id), '--kind', '培训', '--department', '县卫健局', '--retention', 'D10');
    expect(upd.message).toContain('2 件材料');
    const listed = (await json('items', 'list', dir)).items.filter((i: { id: number }) => [single.id, training.id].includes(i.id));
    expect(listed.map((i: { kind: string }) => i.kind)).toEqual(['training', 'training']);
    expect(await tz('items', 'update', dir, String(single.id), '--retention', 'D20')).toMatchObject({ code: 2, err: expect.stringContaining('--retention') });
    expect(await tz('items', 'update', dir, String(single.id), '--date', '2023-02-30x')).toMatchObject({ code: 2, err: expect.stringContaining('--date') });

    const order = (await json('items', 'list', dir)).items.find((i: { id: number }) => i.id === single.id).files.map((f: { id: number }) => f.id);
    const reordered = await json('files', 'reorder', dir, String(single.id), ...[...order].reverse().map(String));
    expect(reordered.item.files.map((f: { id: number }) => f.id)).toEqual([...order].reverse());

    const rm = await json('files', 'remove', dir, String(lecture.id));
    expect(rm.message).toContain('原件仍在档案中');

    const human = await tz('items', 'trash', dir, String(split.item.id));
    expect(human).toMatchObject({ code: 0, out: expect.stringContaining('已将 1 件材料移到回收站') });
  });

  test('trash list, restore and purge; bad input exits 2 with one line', async () => {
    const list = await json('trash', 'list', dir);
    // The merged-away item and the emptied split item.
    expect(list.items.length).toBe(2);
    const [first, second] = list.items.map((i: { id: number }) => i.id);
    const restored = await json('trash', 'restore', dir, String(first));
    expect(restored.message).toBe('已还原 1 件材料。');
    const human = await tz('trash', 'list', dir);
    expect(human.out).toContain('回收站中有 1 件材料');

    const bad = await tz('items', 'move', dir, 'abc', '--to', '1.2');
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('材料编号应为正整数') });
    expect((await tz('items', 'move', dir, String(first))).code).toBe(2);
    expect(await tz('items', 'move', dir, String(first), '--to', '9.9')).toMatchObject({ code: 2, err: expect.stringContaining('找不到编号为 9.9 的指标') });
    expect(await tz('trash', 'purge', dir, String(first))).toMatchObject({ code: 2, err: expect.stringContaining('不在回收站中') });
    expect(await tz('photos', 'caption', dir, '1', '--location', '地'.repeat(600))).toMatchObject({ code: 2, err: expect.stringContaining('--location') });
    expect(await tz('photos', 'caption', dir, '1')).toMatchObject({ code: 2, err: expect.stringContaining('请至少填写一项说明') });
    expect(await tz('items', 'merge', dir, String(first))).toMatchObject({ code: 2, err: expect.stringContaining('参数不足') });

    // The real process: purge everything that is left, then verify.
    const purge = runCli(['trash', 'purge', dir, '--json']);
    expect(purge.stderr).toBe('');
    expect(purge.code).toBe(0);
    // The removed lecture photo's original goes with the whole trash.
    expect(JSON.parse(purge.stdout)).toMatchObject({ items: 1, originals: 1 });
    expect((await json('trash', 'list', dir)).items).toEqual([]);
    const left = (await json('items', 'list', dir)).items.map((i: { id: number }) => i.id);
    expect(left).toContain(first);
    expect(left).not.toContain(second);
    const verify = runCli(['verify', dir]);
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringContaining('校验通过') });
  });
});
