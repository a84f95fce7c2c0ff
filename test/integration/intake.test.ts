import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { listItems, updateItem } from '../../main/archive/items-repo';
import { searchItems } from '../../main/archive/search';
import { verifyArchive } from '../../main/archive/verify';
import { importPaths, type ImportReport } from '../../main/intake/import';
import { drafts, makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { tmpDir } from '../helpers/tmp';
import type { Item } from '../../shared/domain';

const root = tmpDir('tz-intake-');
let archive: Archive;
let source: string;
let report: ImportReport;
let items: Item[];

beforeAll(async () => {
  source = await writeClerkFolder(root);
  archive = await makeArchive(root, 'archive');
  report = await importPaths(archive, [source]);
  items = await listItems(archive.db);
});
afterAll(() => archive.close());

const byTitle = (t: string) => items.find((i) => i.title === t);

test('each meeting subfolder becomes one item under the indicator its parent folder names', () => {
  const meetings = items.filter((i) => i.indicators.includes('1.2'));
  expect(meetings.map((m) => [m.title, m.date])).toEqual([
    ['第一次推进会', '2023-03-08'],
    ['第二次推进会', '2023-04-15'],
    ['第三次推进会', '2023-05-06'],
  ]);
  const first = byTitle('第一次推进会')!;
  expect(first.kind).toBe('meeting');
  // Written from the folder name, so printed as [第一次推进会] in the catalogue.
  expect(first.titleSupplied).toBe(true);
  expect(byTitle('关于成立创建工作领导小组的通知')!.titleSupplied).toBe(false);
  expect(first.files.map((f) => [f.name, f.role])).toEqual([
    ['会议通知.pdf', 'notice'],
    ['签到表.jpg', 'signin'],
    ['会议记录.docx', 'minutes'],
    ['IMG_0001.jpg', 'photo'],
    ['IMG_0002.jpg', 'photo'],
  ]);
});

test('loose files become one item each, under the indicator of their folder', () => {
  const notice = byTitle('关于成立创建工作领导小组的通知')!;
  expect(notice.indicators).toEqual(['1.1']);
  expect(notice.files[0]).toMatchObject({ pages: 3, type: 'pdf', role: 'body', warning: null });
  expect(byTitle('领导讲话')!.indicators).toEqual(['1']);
  expect(items.filter((i) => i.indicators.includes('2.1')).map((i) => i.title).sort()).toEqual(['加密通知', '培训照片', '培训课件', '损坏的照片']);
});

test('a folder that maps to no indicator goes to the inbox and is reported', () => {
  // 杂项 is no occasion (no date, no meeting word): each file is its own inbox item.
  expect(byTitle('随手拍')!.indicators).toEqual([]);
  expect(report.inbox).toEqual(['创建材料/杂项/随手拍.jpg']);
});

test('the same bytes are stored once, listed in each item that holds them, and reported', async () => {
  expect(report.duplicates).toBe(1);
  expect(report.duplicateFiles).toEqual([
    { path: '创建材料/一、加强组织领导（20分）/（二） 召开工作推进会/2023年5月6日 第三次推进会/复制的照片.jpg', itemId: byTitle('第一次推进会')!.id, itemTitle: '第一次推进会' },
  ]);
  const third = byTitle('第三次推进会')!.files;
  expect(third.map((f) => f.name)).toEqual(['会议纪要.docx', '复制的照片.jpg']);
  expect(third[1].sha256).toBe(byTitle('第一次推进会')!.files.find((f) => f.name === 'IMG_0001.jpg')!.sha256);
  const sourceFiles = fs.readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(source, f)).isFile() && !f.endsWith('Thumbs.db'));
  expect((await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM files`))!.n).toBe(sourceFiles.length);
  expect((await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM blobs`))!.n).toBe(sourceFiles.length - 1);
  expect((await archive.store.list()).length).toBe(sourceFiles.length - 1);
  expect(report.files).toBe(sourceFiles.length);
  expect(report.skipped.map((s) => s.path)).toEqual(['创建材料/一、加强组织领导（20分）/Thumbs.db']);
});

test('files the app cannot read are kept, each with a warning naming it and the reason', async () => {
  const warned = Object.fromEntries(report.warnings.map((w) => [path.basename(w.path), w.reason]));
  expect(Object.keys(warned).sort()).toEqual(['加密通知.pdf', '培训照片.HEIC', '培训课件.wps', '损坏的照片.jpg']);
  expect(warned['加密通知.pdf']).toContain('加密');
  expect(warned['培训课件.wps']).toContain('WPS');
  expect(warned['培训照片.HEIC']).toContain('HEIC');
  const encrypted = byTitle('加密通知')!.files[0];
  expect(encrypted.encrypted).toBe(true);
  // Kept byte for byte.
  const original = fs.readFileSync(path.join(source, '二、突出工作重点', '2.1 党员干部科技培训', '加密通知.pdf'));
  expect(fs.readFileSync(archive.store.abs(encrypted.storePath)).equals(original)).toBe(true);
});

test('photos keep their EXIF wall-clock time and get an upright thumbnail', async () => {
  const photo = byTitle('第一次推进会')!.files.find((f) => f.name === 'IMG_0001.jpg')!;
  expect(photo.exifTime).toBe('2023-03-08 09:30:00');
  expect(photo.orientation).toBe(6);
  expect(photo.thumbPath).not.toBeNull();
  const meta = await sharp(archive.store.abs(photo.thumbPath!)).metadata();
  expect(meta.height!).toBeGreaterThan(meta.width!);
});

test('the store holds content-addressed, read-only files and verify passes', async () => {
  const photo = byTitle('第二次推进会')!.files[0];
  expect(photo.storePath).toBe(`files/${photo.sha256.slice(0, 2)}/${photo.sha256}`);
  expect(fs.statSync(archive.store.abs(photo.storePath)).mode & 0o222).toBe(0);
  const v = await verifyArchive(archive);
  expect(v).toMatchObject({ ok: true, problems: [] });
  expect(v.files).toBeGreaterThan(10);
});

test('importing the same folder again adds nothing', async () => {
  const before = await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`);
  const again = await importPaths(archive, [source]);
  expect(again.items).toBe(0);
  expect(again.stored).toBe(0);
  expect(again.duplicates).toBe(again.files);
  expect(await archive.db.get(sql`SELECT count(*) AS n FROM items`)).toEqual(before);
});

test('files dropped onto an indicator land under it; the same files under another indicator link the existing item', async () => {
  const drop = path.join(root, 'drop');
  fs.mkdirSync(drop);
  fs.copyFileSync(path.join(source, '杂项', '随手拍.jpg'), path.join(drop, '志愿服务.jpg'));
  const r = await importPaths(archive, [path.join(drop, '志愿服务.jpg')], { indicatorCode: '2.2' });
  // The bytes are those of the inbox item, which now is filed under 2.2 as well.
  expect(r).toMatchObject({ items: 0, duplicates: 1, linkedExisting: 1 });
  const inboxItem = (await listItems(archive.db)).find((i) => i.title === '随手拍')!;
  expect(inboxItem.indicators).toEqual(['2.2']);
  await expect(importPaths(archive, [drop], { indicatorCode: '9.9' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
});

test('search finds items by metadata, by DOCX text and by two-character queries', async () => {
  const hits = async (q: string) => {
    const h = await searchItems(archive.db, q);
    const all = await listItems(archive.db, { ids: h.map((x) => x.itemId) });
    return all.map((i) => i.title).sort();
  };
  expect(await hits('推进会')).toEqual(['第一次推进会', '第三次推进会', '第二次推进会']);
  expect(await hits('科普示范县创建分工')).toEqual(['第一次推进会']);
  expect(await hits('纪要')).toEqual(['第三次推进会']);
  expect(await hits('讲话')).toEqual(['领导讲话']);
  expect(await hits('第一次 分工')).toEqual(['第一次推进会']);
  expect(await hits('不存在的内容')).toEqual([]);
  expect(await hits('"; DROP')).toEqual([]);
  // A snippet cut out of longer text says so at both ends; a whole short text is shown as it is.
  const [text] = await searchItems(archive.db, '科普示范县创建分工');
  expect(text.snippet).toBe('第一次推进会会议记录 研究科普示范县创建分工');
  const speech = items.find((i) => i.title === '领导讲话')!;
  await archive.db.transaction((tx) => updateItem(tx, speech.id, { description: `${'前文'.repeat(30)}独一无二的说法${'后文'.repeat(40)}` }));
  const [cut] = await searchItems(archive.db, '独一无二的说法');
  expect(cut.snippet).toMatch(/^…(前文)+独一无二的说法(后文)+后?…$/);
  const ind = await findIndicator(archive.db, '1.2');
  expect(ind?.title).toBe('召开工作推进会');
});

test('one photo copied out of a meeting into another indicator is filed there on its own', async () => {
  const meeting = (await listItems(archive.db)).find((i) => i.title === '第一次推进会')!;
  const photo = meeting.files.find((f) => f.name === 'IMG_0002.jpg')!;
  const dir = path.join(root, '成立领导小组');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(source, '一、加强组织领导（20分）', '（二） 召开工作推进会', '2023-03-08 第一次推进会', 'IMG_0002.jpg'), path.join(dir, '领导小组会议.jpg'));
  // A whole one-file item copied is the same item: it is linked, not filed twice.
  fs.copyFileSync(path.join(source, '二、突出工作重点', '2.1 党员干部科技培训', '培训课件.wps'), path.join(dir, '课件副本.wps'));
  const r = await importPaths(archive, [dir]);
  expect(r).toMatchObject({ items: 1, stored: 0, duplicates: 2, linkedExisting: 1 });
  const after = await listItems(archive.db);
  expect(after.find((i) => i.id === meeting.id)!.indicators).toEqual(['1.2']);
  const single = after.find((i) => i.title === '领导小组会议')!;
  expect(single.indicators).toEqual(['1.1']);
  expect(single.files.map((f) => f.sha256)).toEqual([photo.sha256]);
  expect(after.find((i) => i.title === '培训课件')!.indicators).toEqual(['2.1', '1.1']);
});

test('the archive folder itself, or any archive inside a folder, is never imported as evidence', async () => {
  const outer = path.join(root, 'outer');
  fs.mkdirSync(outer);
  fs.copyFileSync(path.join(source, '杂项', '随手拍.jpg'), path.join(outer, '2023-06-01 新照片.jpg'));
  fs.symlinkSync(archive.dir, path.join(outer, 'link-to-archive'));
  const r = await importPaths(archive, [outer, archive.dir]);
  expect(r.skipped.map((s) => s.reason)).toEqual(['这是一个台账档案文件夹，不作为材料导入', '这是一个台账档案文件夹，不作为材料导入']);
  expect(r.files).toBe(1);
  await expect(importPaths(archive, [path.join(root, 'no-such-folder')])).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('no-such-folder') });
});

test('material in a folder of an indicator with a single sub-indicator is filed on that sub-indicator', async () => {
  const a = await Archive.create(path.join(root, 'sole'), { name: '单一下级' });
  await a.db.transaction((tx) => mergeIndicators(tx, drafts([
    { code: '1', title: '组织领导' },
    { code: '1.1', title: '工作推进' },
    { code: '1.1.1', title: '召开推进会', target: { count: 2, unit: '次' } },
  ])));
  const dir = path.join(root, 'sole-src', '（一）工作推进');
  fs.mkdirSync(path.join(dir, '2023-03-08 推进会'), { recursive: true });
  fs.copyFileSync(path.join(source, '杂项', '随手拍.jpg'), path.join(dir, '2023-03-08 推进会', '现场.jpg'));
  await importPaths(a, [dir]);
  expect((await listItems(a.db)).map((i) => i.indicators)).toEqual([['1.1.1']]);
  await a.close();
});
