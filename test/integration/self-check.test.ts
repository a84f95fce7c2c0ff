import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { insertItem, listItems, setCaption, upsertBlob } from '../../main/archive/items-repo';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { selfCheck } from '../../main/check/self-check';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { drafts, makeArchive, pdfBlob } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-check-');
let archive: Archive;

beforeAll(async () => {
  archive = await makeArchive(root, 'archive', ['2022-04-01', '2023-03-31']);
  const src = path.join(root, 'src');
  // 1.2 推进会 (target 3 次): two meetings, one of them before the window.
  await makeJpeg(path.join(src, '召开工作推进会', '2022-05-10 推进会', 'IMG_1.jpg'), { width: 2000, height: 1500, seed: 1, exifTime: '2022:05:10 09:00:00' });
  await makeJpeg(path.join(src, '召开工作推进会', '2022-01-05 旧推进会', 'IMG_2.jpg'), { width: 2000, height: 1500, seed: 2 });
  // 2.1 培训: a low-resolution photo.
  await makeJpeg(path.join(src, '党员干部科技培训', '2022-06-01 培训', '小图.jpg'), { width: 800, height: 600, seed: 3 });
  // Inbox.
  await makeJpeg(path.join(src, '零散照片', 'x.jpg'), { width: 1600, height: 1200, seed: 4 });
  await importPaths(archive, [path.join(src, '召开工作推进会'), path.join(src, '党员干部科技培训'), path.join(src, '零散照片')]);
  // 2.2 志愿服务 (target 1000 人次): one activity with 400 participants, entered by hand.
  const ind = await findIndicator(archive.db, '2.2');
  await archive.db.transaction(async (tx) => {
    await upsertBlob(tx, pdfBlob('a'.repeat(64)));
    await insertItem(tx, { kind: 'activity', title: '科普志愿服务', date: '2022-09-15', participants: 400 }, [{ sha256: 'a'.repeat(64), name: '总结.pdf', role: 'body' }], [ind!.id]);
  });
});
afterAll(() => archive.close());

test('statuses: missing, below target (items or participants), met; parents derive from children', async () => {
  const r = await selfCheck(archive);
  const by = Object.fromEntries(r.indicators.map((i) => [i.code, i]));
  expect(by['1.1']).toMatchObject({ status: 'missing', items: 0 });
  // Two meetings filed, one of them before the window: it does not count.
  expect(by['1.2']).toMatchObject({ status: 'below', items: 2, actual: 1, target: { count: 3, unit: '次' } });
  expect(by['2.2']).toMatchObject({ status: 'below', items: 1, actual: 400, target: { count: 1000, unit: '人次' } });
  expect(by['1']).toMatchObject({ status: 'below', items: 2 });
  expect(r.summary).toMatchObject({ indicators: 4, met: 0, below: 3, missing: 1 });
});

test('problems name the item or indicator and what to do', async () => {
  const r = await selfCheck(archive);
  const kinds = (k: string) => r.problems.filter((p) => p.kind === k);
  expect(kinds('no_evidence').map((p) => p.indicator)).toEqual(['1.1']);
  expect(kinds('below_target').map((p) => p.indicator).sort()).toEqual(['1.2', '2.1', '2.2']);
  expect(kinds('below_target').find((p) => p.indicator === '2.2')!.message).toContain('参与人数合计 400');
  const outside = kinds('outside_window');
  expect(outside).toHaveLength(1);
  expect(outside[0].message).toContain('旧推进会');
  expect(outside[0].message).toContain('2022年1月5日');
  expect(kinds('low_resolution').map((p) => p.message)).toEqual([expect.stringContaining('800×600')]);
  expect(kinds('inbox').map((p) => p.message)).toEqual([expect.stringContaining('《x》')]);
  expect(kinds('caption_missing').length).toBe(4);
  // One per photo, pointing at that photo.
  expect(new Set(kinds('caption_missing').map((p) => p.file)).size).toBe(4);
});

test('what counts toward a target: occasions, not reports; participants only when entered; 份 needs a person', async () => {
  const a = await makeArchive(root, 'targets', ['2022-01-01', '2023-12-31']);
  await a.db.transaction((tx) => mergeIndicators(tx, drafts([
    { code: '1', title: '会议', target: { count: 2, unit: '次' } },
    { code: '2', title: '培训人次', target: { count: 50, unit: '人次' } },
    { code: '3', title: '发放资料', target: { count: 800, unit: '份' } },
    { code: '4', title: '宣传', score: 10 },
    { code: '4.1', title: '宣传栏' },
    { code: '5', title: '配备专人', requirement: '领导小组办公室配备专职工作人员不少于6名', target: { count: 6, unit: '名' } },
    { code: '6', title: '宣传阵地' },
    { code: '6.1', title: '宣传栏', target: { count: 1, unit: '个' } },
    { code: '6.2', title: '发放折页', target: { count: 500, unit: '份' } },
  ])));
  await a.db.transaction(async (tx) => {
    const id = async (code: string) => (await findIndicator(tx, code))!.id;
    await upsertBlob(tx, pdfBlob('c'.repeat(64)));
    const file = [{ sha256: 'c'.repeat(64), name: 'x.pdf', role: 'body' as const }];
    await insertItem(tx, { kind: 'meeting', title: '推进会', date: '2022-03-01' }, file, [await id('1')]);
    await insertItem(tx, { kind: 'report', title: '会议情况说明', date: '2022-03-02' }, file, [await id('1')]);
    await insertItem(tx, { kind: 'training', title: '培训', date: '2022-03-03' }, file, [await id('2')]);
    await insertItem(tx, { kind: 'activity', title: '发放', date: '2022-03-04' }, file, [await id('3')]);
    await insertItem(tx, { kind: 'photos', title: '宣传照片', date: '2022-03-05' }, file, [await id('4')]);
    // A big meeting's attendance says nothing about how many staff the office has.
    await insertItem(tx, { kind: 'meeting', title: '全体会议', date: '2022-03-06', participants: 98 }, file, [await id('5')]);
    await insertItem(tx, { kind: 'photos', title: '宣传栏照片', date: '2022-03-07' }, file, [await id('6.1')]);
    await insertItem(tx, { kind: 'activity', title: '发放折页', date: '2022-03-08' }, file, [await id('6.2')]);
  });
  const r = await selfCheck(a);
  const by = Object.fromEntries(r.indicators.map((i) => [i.code, i]));
  expect(by['1']).toMatchObject({ items: 2, actual: 1, status: 'below' });
  expect(by['2']).toMatchObject({ items: 1, actual: null, status: 'below' });
  expect(by['3']).toMatchObject({ items: 1, actual: null, status: 'unverified' });
  const unverified = r.problems.filter((p) => p.kind === 'unverified_target');
  expect(by['5']).toMatchObject({ items: 1, actual: null, status: 'unverified' });
  // Evidence there but uncounted is 待核对, not 已达标, and so is the indicator above it.
  expect([by['6.1'].status, by['6.2'].status, by['6'].status]).toEqual(['met', 'unverified', 'unverified']);
  expect(r.summary).toMatchObject({ unverified: 3 });
  expect(unverified.map((p) => p.indicator)).toEqual(['2', '3', '5', '6.2']);
  expect(unverified[0].message).toContain('没有填写参与人数');
  expect(unverified[1].message).toContain('无法从材料自动统计');
  expect(unverified[2].message).toContain('无法从材料自动统计');
  expect(r.problems.filter((p) => p.kind === 'upper_level').map((p) => p.indicator)).toEqual(['4']);
  await a.close();
});

test('filling a photo caption clears its caption problem', async () => {
  const item = (await listItems(archive.db)).find((i) => i.title === '推进会')!;
  const photo = item.files[0];
  const before = (await selfCheck(archive)).problems.filter((p) => p.kind === 'caption_missing' && p.item === item.id);
  expect(before).toHaveLength(1);
  expect(before[0]).toMatchObject({ file: photo.id, message: expect.stringMatching(/地点.*人物.*背景\/事由.*摄影者/) });
  await archive.db.transaction((tx) => setCaption(tx, photo.id, { place: '县政府三楼会议室', people: '张三、李四', subject: '部署创建工作', photographer: '王五' }));
  const after = (await selfCheck(archive)).problems.filter((p) => p.kind === 'caption_missing' && p.item === item.id);
  expect(after).toEqual([]);
});
