// How intake groups a clerk's folders into items: dated event folders stay whole wherever they lie,
// month folders are items of the event above them, a folder whose photos were all taken on one day
// is one item, and phone, WeChat and screenshot names date their files. Real folders, real JPEGs.
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { listItems } from '../../main/archive/items-repo';
import { importPaths, type ImportReport } from '../../main/intake/import';
import { makeDocx, makeJpeg } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import type { Item } from '../../shared/domain';

jest.setTimeout(180_000);

const root = tmpDir('tz-grouping-');
let seed = 100;
/** A small photo with its own pixels (so its own hash), with EXIF time when given ('YYYY:MM:DD HH:MM:SS'). */
const photo = (file: string, exifTime?: string) => makeJpeg(file, { width: 64, height: 48, seed: seed++, ...(exifTime && { exifTime }) });

let archive: Archive;
let report: ImportReport;
let items: Item[];
const src = path.join(root, 'src');

beforeAll(async () => {
  // An unmapped parent: 二、健康教育 names no indicator of SAMPLE_INDICATORS.
  const edu = path.join(src, '二、健康教育');
  const lectures = path.join(edu, '健康讲座');
  const l1 = path.join(lectures, '2023-03-22高血压防治知识讲座');
  await photo(path.join(l1, 'IMG_20230322_151022.jpg'), '2023:03:22 15:10:22');
  await photo(path.join(l1, 'IMG_20230322_152010.jpg'), '2023:03:22 15:20:10');
  await photo(path.join(l1, '签到表.jpg'));
  // A dated folder keeps its inner folders: still one item.
  const l2 = path.join(lectures, '20230415 糖尿病讲座');
  await photo(path.join(l2, '照片', 'DSC_0001.jpg'), '2023:04:15 09:00:00');
  await makeDocx(path.join(l2, '材料', '讲稿.docx'), { paragraphs: ['糖尿病的预防'] });
  const l3 = path.join(lectures, '5.20科普讲座');
  await photo(path.join(l3, 'a.jpg'), '2023:05:20 10:00:00');
  await photo(path.join(l3, 'b.jpg'), '2023:05:20 10:05:00');

  // Month folders under one event title, one of them in a year folder.
  const boards = path.join(edu, '健康教育宣传栏');
  await photo(path.join(boards, '1月', 'p1.jpg'), '2023:01:10 08:00:00');
  await photo(path.join(boards, '1月', 'p2.jpg'), '2023:01:28 08:00:00');
  await photo(path.join(boards, '02月', 'p3.jpg'), '2023:02:10 08:00:00');
  await photo(path.join(boards, '三月', 'p4.jpg'), '2023:03:10 08:00:00');
  await photo(path.join(boards, '三月', 'p5.jpg'), '2023:03:30 08:00:00');
  await photo(path.join(edu, '义诊', '2024年', '4月', 'p6.jpg'), '2024:04:02 08:00:00');
  await photo(path.join(edu, '义诊', '2024年', '5月', 'p7.jpg'), '2024:05:06 08:00:00');

  // Undated, no event word, but every photo taken on one day (one by WeChat, which strips EXIF).
  const flag = path.join(edu, '升旗仪式');
  await photo(path.join(flag, 'x1.jpg'), '2023:05:04 07:30:00');
  await photo(path.join(flag, 'x2.jpg'), '2023:05:04 07:31:00');
  await photo(path.join(flag, '微信图片_20230504073512.jpg'));

  // A heap: phone names with no EXIF, taken on different days: one inbox item each, dated by name.
  const heap = path.join(edu, '手机里的图');
  await photo(path.join(heap, '微信图片_20230210093512.jpg'));
  await photo(path.join(heap, 'mmexport1675996512345.jpg'));
  await photo(path.join(heap, 'Screenshot_2023-02-11-09-35-12-123_com.tencent.mm.jpg'));
  await photo(path.join(heap, '2023-03-22 15.10.22.jpg'));
  await photo(path.join(heap, '随手拍.jpg'));

  // Undated sub-folders, each of its own day: each an occasion.
  await photo(path.join(edu, '义务植树', '第一批', 'y1.jpg'), '2023:03:12 09:00:00');
  await photo(path.join(edu, '义务植树', '第一批', 'y2.jpg'), '2023:03:12 09:10:00');
  await photo(path.join(edu, '义务植树', '第二批', 'y3.jpg'), '2023:03:19 09:00:00');

  // Under an indicator: a lectures folder of dated sub-folders is three items, not one.
  const training = path.join(src, '2.1 党员干部科技培训', '专题培训');
  await photo(path.join(training, '2023-06-01 第一期', 't1.jpg'), '2023:06:01 09:00:00');
  await photo(path.join(training, '2023-07-01 第二期', 't2.jpg'), '2023:07:01 09:00:00');
  await photo(path.join(training, '2023-08-01 第三期', 't3.jpg'), '2023:08:01 09:00:00');
  // A meeting folder without a date: its sub-folders are its parts, not occasions.
  const meeting = path.join(src, '1.2 召开工作推进会', '第四次推进会');
  await photo(path.join(meeting, '会议照片', 'm1.jpg'), '2023:09:01 09:00:00');
  await photo(path.join(meeting, '会议签到', 'm2.jpg'), '2023:09:02 09:00:00');

  archive = await makeArchive(root, 'archive');
  report = await importPaths(archive, [src]);
  items = await listItems(archive.db);
});
afterAll(() => archive.close());

const byTitle = (t: string) => {
  const found = items.filter((i) => i.title === t);
  if (found.length !== 1) throw new Error(`${found.length} items titled ${t}: ${items.map((i) => i.title).join(', ')}`);
  return found[0];
};
const names = (i: Item) => i.files.map((f) => f.name).sort();

test('dated event folders under an unmatched parent stay one item each, their inner folders included', () => {
  const l1 = byTitle('高血压防治知识讲座');
  expect([l1.date, l1.kind, l1.indicators]).toEqual(['2023-03-22', 'training', []]);
  expect(names(l1)).toEqual(['IMG_20230322_151022.jpg', 'IMG_20230322_152010.jpg', '签到表.jpg']);
  const l2 = byTitle('糖尿病讲座');
  expect(l2.date).toBe('2023-04-15');
  expect(names(l2)).toEqual(['DSC_0001.jpg', '讲稿.docx']);
  // 5.20: a month and day, which the date says; the year comes from the photos.
  const l3 = byTitle('科普讲座');
  expect([l3.date, names(l3)]).toEqual(['2023-05-20', ['a.jpg', 'b.jpg']]);
});

test('month folders under one event title become one item each, named after the event and the month', () => {
  const months = items.filter((i) => i.title.startsWith('健康教育宣传栏'));
  expect(months.map((m) => [m.title, m.date, m.files.length])).toEqual([
    ['健康教育宣传栏（1月）', '2023-01-10', 2],
    ['健康教育宣传栏（2月）', '2023-02-10', 1],
    ['健康教育宣传栏（3月）', '2023-03-10', 2],
  ]);
  // A year folder between the event and its months gives the year.
  expect(byTitle('义诊（2024年4月）').files.map((f) => f.name)).toEqual(['p6.jpg']);
  expect(byTitle('义诊（2024年5月）').date).toBe('2024-05-06');
});

test('a folder whose photos were all taken on one day is one item, a WeChat photo dated by its name included', () => {
  const flag = byTitle('升旗仪式');
  expect([flag.date, names(flag)]).toEqual(['2023-05-04', ['x1.jpg', 'x2.jpg', '微信图片_20230504073512.jpg']]);
  const planting = items.filter((i) => i.source.includes('义务植树'));
  expect(planting.map((i) => [i.title, i.date, i.files.length])).toEqual([
    ['第一批', '2023-03-12', 2],
    ['第二批', '2023-03-19', 1],
  ]);
});

test('phone, WeChat and screenshot names date their files; without EXIF the name gives the caption time', () => {
  const heap = items.filter((i) => i.source.includes('手机里的图'));
  const seen = Object.fromEntries(heap.map((i) => [i.files[0].name, [i.title, i.date, i.files[0].caption.time]]));
  expect(seen).toEqual({
    '微信图片_20230210093512.jpg': ['手机里的图照片', '2023-02-10', '2023-02-10 09:35'],
    // 1675996512345 ms is 02:35:12 UTC, 10:35:12 in Beijing, where the phone was.
    'mmexport1675996512345.jpg': ['手机里的图照片', '2023-02-10', '2023-02-10 10:35'],
    'Screenshot_2023-02-11-09-35-12-123_com.tencent.mm.jpg': ['手机里的图照片', '2023-02-11', '2023-02-11 09:35'],
    '2023-03-22 15.10.22.jpg': ['手机里的图照片', '2023-03-22', '2023-03-22 15:10'],
    '随手拍.jpg': ['随手拍', null, ''],
  });
  expect(heap.every((i) => i.indicators.length === 0)).toBe(true);
  // EXIF wins over the name: the photo's own clock, not the name, and the caption is left to EXIF.
  const l1 = byTitle('高血压防治知识讲座').files.find((f) => f.name === 'IMG_20230322_151022.jpg')!;
  expect([l1.exifTime, l1.caption.time]).toEqual(['2023-03-22 15:10:22', '']);
});

test('under an indicator, a folder of dated occasions gives one item per occasion; a meeting keeps its parts', () => {
  const training = items.filter((i) => i.indicators.includes('2.1'));
  expect(training.map((i) => [i.title, i.date])).toEqual([
    ['第一期', '2023-06-01'],
    ['第二期', '2023-07-01'],
    ['第三期', '2023-08-01'],
  ]);
  const meeting = byTitle('第四次推进会');
  expect([meeting.indicators, names(meeting)]).toEqual([['1.2'], ['m1.jpg', 'm2.jpg']]);
});

test('everything is filed once, and what is not under an indicator is reported as inbox', async () => {
  const all = items.reduce((n, i) => n + i.files.length, 0);
  expect(report.files).toBe(all);
  expect(report.duplicates).toBe(0);
  expect(report.inbox.length).toBe(items.filter((i) => !i.indicators.length).reduce((n, i) => n + i.files.length, 0));
  // Importing again adds nothing: the same grouping finds the same items.
  const again = await importPaths(archive, [src]);
  expect([again.items, again.duplicates]).toEqual([0, all]);
});

test('a dated folder dropped onto an indicator is one item, however it is arranged inside', async () => {
  const dir = path.join(root, 'drop', '2023-10-10 科普进社区');
  await photo(path.join(dir, '上午', 'd1.jpg'), '2023:10:10 09:00:00');
  await photo(path.join(dir, '下午', 'd2.jpg'), '2023:10:10 15:00:00');
  const r = await importPaths(archive, [dir], { indicatorCode: '2.2' });
  expect(r.items).toBe(1);
  const item = (await listItems(archive.db)).find((i) => i.title === '科普进社区')!;
  expect([item.indicators, item.date, names(item)]).toEqual([['2.2'], '2023-10-10', ['d1.jpg', 'd2.jpg']]);
});
