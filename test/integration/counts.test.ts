// Counts an inspector can trust (issue 11): a clerk's folder with the cases that made the
// self-check certify what an inspector disproves — a WPS-only item, an encrypted PDF, a photo
// from before the campaign, one photo in two activities, a recompressed copy, a roster, a 总结
// describing drills, three lectures filed loose, three monthly clean-ups in one folder — imported
// for real, and every count compared with what a careful clerk writes by hand.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { linkItem, listItems, updateItem } from '../../main/archive/items-repo';
import { selfCheck } from '../../main/check/self-check';
import { keepOnlyCopy } from '../../main/check/keep-photo';
import { stateIndicator } from '../../main/indicators/statement';
import { importPaths } from '../../main/intake/import';
import { makeCorruptJpeg, makeDocx, makeJpeg, makePdf, makeWps } from '../../main/demo/sample-files';
import { createApi } from '../../main/api/api';
import { drafts } from '../helpers/archive';
import { writeXlsx } from '../helpers/indicator-tables';
import { runCli } from '../helpers/cli';
import { allText } from '../helpers/pdf-tools';
import { exportDossier } from '../../main/export/dossier/dossier';
import { tmpDir } from '../helpers/tmp';
import { statedActualText, type CheckReport, type IndicatorCheck } from '../../shared/check-types';
import type { Item } from '../../shared/domain';

// A dozen real CLI runs (a Node start each): seconds apiece on a loaded machine.
jest.setTimeout(180_000);
const root = tmpDir('tz-counts-');
let archive: Archive;
let report: CheckReport;
const by = (code: string): IndicatorCheck => report.indicators.find((i) => i.code === code)!;
const problems = (kind: string) => report.problems.filter((p) => p.kind === kind);

const INDICATORS = drafts([
  { code: '1', title: '组织与活动', score: 50 },
  { code: '1.1', title: '成立领导小组', score: 5 },
  { code: '1.2', title: '科普讲座', score: 10, requirement: '全年举办科普讲座不少于3次，每次参加人数不少于50人', target: { count: 3, unit: '次' } },
  { code: '1.3', title: '科普进校园', score: 10, requirement: '覆盖学校不少于2所', target: { count: 2, unit: '所' } },
  { code: '1.4', title: '志愿服务活动', score: 15, requirement: '开展志愿服务活动不少于5次', target: { count: 5, unit: '次' } },
  { code: '1.5', title: '应急演练', score: 10, requirement: '全年开展应急演练不少于2次', target: { count: 2, unit: '次' } },
]);

const photo = (file: string, seed: number, day: string, time = '09:30:00') =>
  makeJpeg(file, { width: 1600, height: 1200, seed, exifTime: `${day.replace(/-/g, ':')} ${time}` });

beforeAll(async () => {
  const src = path.join(root, '创建材料');
  // 1.1: its only item is a WPS file the app cannot read ("此处文件无法打印" in the dossier).
  await makeWps(path.join(src, '成立领导小组', '领导小组名单.wps'));
  // 1.2: three lectures filed loose — each a notice, a photographed sign-in sheet, photos — plus
  // a WPS-only item, a corrupt photo and a photo taken in 2021, before the campaign.
  const lectures = path.join(src, '科普讲座');
  const days = ['2023-03-08', '2023-06-14', '2023-09-20'];
  for (const [n, day] of days.entries()) {
    await makePdf(path.join(lectures, `关于举办第${n + 1}期科普讲座的通知.pdf`), { pages: 1 });
    await photo(path.join(lectures, `签到表${n + 1}.jpg`), 100 + n, day, '08:50:00');
    await photo(path.join(lectures, `IMG_${day.replace(/-/g, '')}_0930${n}0.jpg`), 110 + n, day);
    await photo(path.join(lectures, `IMG_${day.replace(/-/g, '')}_1000${n}0.jpg`), 120 + n, day, '10:00:00');
  }
  // The same bytes as 1.1's WPS file: stored once, the item is linked to 1.2 as well.
  await makeWps(path.join(lectures, '第四期讲座课件.wps'));
  await makeCorruptJpeg(path.join(lectures, '第五期讲座照片.jpg'));
  await photo(path.join(lectures, 'IMG_20210605_100000.jpg'), 130, '2021-06-05');
  // 1.3: two schools, one of them only an encrypted PDF nobody can open.
  await makePdf(path.join(src, '科普进校园', '2023-04-12 实验小学科普课.pdf'), { pages: 2 });
  await makePdf(path.join(src, '科普进校园', '2023-05-16 第二中学科普课.pdf'), { pages: 2, encrypted: true });
  // 1.4: two dated activities sharing one photo file, a third with a recompressed copy of a
  // photo of the first, a roster, and three monthly clean-ups in one undated folder.
  const volunteer = path.join(src, '志愿服务活动');
  await photo(path.join(volunteer, '2023-03-10 志愿服务进社区', '现场1.jpg'), 200, '2023-03-10');
  await photo(path.join(volunteer, '2023-03-10 志愿服务进社区', '现场2.jpg'), 201, '2023-03-10', '10:10:00');
  await fs.mkdir(path.join(volunteer, '2023-06-10 志愿服务进校园'), { recursive: true });
  await fs.copyFile(path.join(volunteer, '2023-03-10 志愿服务进社区', '现场1.jpg'), path.join(volunteer, '2023-06-10 志愿服务进校园', '合影.jpg'));
  await photo(path.join(volunteer, '2023-06-10 志愿服务进校园', '讲解.jpg'), 202, '2023-06-10');
  const wechat = await sharp(path.join(volunteer, '2023-03-10 志愿服务进社区', '现场2.jpg')).resize(1080).jpeg({ quality: 60 }).toBuffer();
  await fs.mkdir(path.join(volunteer, '2023-08-18 志愿服务进农村'), { recursive: true });
  await fs.writeFile(path.join(volunteer, '2023-08-18 志愿服务进农村', '微信图片_20230818101010.jpg'), wechat);
  await photo(path.join(volunteer, '2023-08-18 志愿服务进农村', '义诊.jpg'), 203, '2023-08-18');
  await writeXlsx(path.join(volunteer, '志愿者名册.xlsx'), [{ name: '名册', rows: [['姓名', '单位'], ['张三', '县科协'], ['李四', '县卫健局']] }]);
  for (const [n, month] of ['03', '04', '05'].entries()) await photo(path.join(volunteer, '环境卫生大扫除', `大扫除${n + 1}.jpg`), 210 + n, `2023-${month}-05`);
  // 1.5: only a 总结 that describes two drills.
  await makeDocx(path.join(src, '应急演练', '2023年应急演练工作总结.docx'), { paragraphs: ['2023年应急演练工作总结', '4月和10月各开展一次消防应急演练。'] });

  archive = await Archive.create(path.join(root, 'archive'), { name: '全国科普示范县创建', unit: '某县科协', year: 2023, windowStart: '2022-01-01', windowEnd: '2023-12-31' });
  await archive.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  await importPaths(archive, [src]);
  // Participants entered on the sign-in sheets of two lectures: 60 and 40; the third left blank.
  const items = await listItems(archive.db);
  const signin = (n: number) => items.find((i) => i.files.some((f) => f.name === `签到表${n}.jpg`))!;
  await archive.db.transaction(async (tx) => {
    await updateItem(tx, signin(1).id, { participants: 60 });
    await updateItem(tx, signin(2).id, { participants: 40 });
  });
  unhashedAfterImport = (await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM blobs WHERE type = 'jpeg' AND warning IS NULL AND phash IS NULL`))!.n;
  report = await selfCheck(archive);
});
let unhashedAfterImport = -1;
afterAll(() => archive.close());

test('an indicator whose only item cannot be read has no evidence, and says why', () => {
  expect(by('1.1')).toMatchObject({ status: 'missing', items: 1, counted: [] });
  const p = report.problems.find((x) => x.indicator === '1.1' && x.kind === 'no_evidence')!;
  expect(p.message).toContain('都不能计入');
  expect(p.message).toContain('1 件文件无法读取');
});

test('three lectures filed loose count as three: notices are documents, a sign-in sheet and photos of one day are one lecture', () => {
  const c = by('1.2');
  // 3 notices + 3 sign-in sheets + 6 photos + a WPS file + a corrupt photo + a photo of 2021 = 15 items.
  expect(c.items).toBe(15);
  expect(c.computed).toBe(3);
  expect(c.counted).toHaveLength(9);
  const reasons = c.notCounted.map((n) => n.exclusion).sort();
  // The notices have no date of their own: 没有日期 comes before 不是活动记录.
  expect(reasons).toEqual(['no_date', 'no_date', 'no_date', 'outside_window', 'unusable', 'unusable']);
  expect(c.countText).toBe('15 件中 9 件计入：3 件没有日期，2 件文件无法读取或打印，1 件创建时段外；9 件材料计为 3 次（同一天零散归档的各组材料合为一次）');
  // Per occasion: 60 and 40 entered on the sign-in sheets, none for the third lecture.
  expect(c.actualText).toBe('3/3次，1 次不足 50人，1 次未填人数');
  expect(c.status).toBe('below');
});

test('an encrypted PDF is not a school', () => {
  expect(by('1.3')).toMatchObject({ computed: 1, actual: 1, actualText: '1/2所', status: 'below' });
  expect(by('1.3').countText).toBe('2 件中 1 件计入：1 件文件无法读取或打印');
});

test('a roster is not an occasion; monthly clean-ups in one folder are three', () => {
  const c = by('1.4');
  // 3 dated activities + 3 clean-ups; the roster is named apart.
  expect(c.computed).toBe(6);
  // An Excel roster prints only as a placeholder: it is not evidence of an occasion, nor printable.
  expect(c.notCounted).toEqual([expect.objectContaining({ exclusion: 'unusable', reason: '文件无法读取或打印' })]);
  expect(c.countText).toContain('5 件中 4 件计入：1 件文件无法读取或打印');
  expect(c.countText).toContain('4 件材料记录了 6 次活动');
  expect(c.status).toBe('met');
});

test('a 总结 describing drills counts as none until the clerk states 实际完成 with a reason', async () => {
  expect(by('1.5')).toMatchObject({ status: 'missing', computed: 0 });
  await expect(stateIndicator(archive, '1.5', { actual: 2 })).rejects.toThrow(/说明依据/);
  await expect(stateIndicator(archive, '1.5', { selfScore: 12 })).rejects.toThrow(/超过了指标 1.5 的分值 10 分/);
  await expect(stateIndicator(archive, '1', { conclusion: 'x' })).rejects.toThrow(/末级指标/);
  await stateIndicator(archive, '1.5', { actual: 2, actualReason: '4月、10月各一次，见演练总结', conclusion: '全年开展消防应急演练2次。', selfScore: 9 });
  const after = (await selfCheck(archive)).indicators.find((i) => i.code === '1.5')!;
  expect(after).toMatchObject({ status: 'met', actual: 2, computed: 0, actualText: '2/2次（填报）' });
  expect(after.statement).toMatchObject({ conclusion: '全年开展消防应急演练2次。', selfScore: 9, actual: 2, actualReason: '4月、10月各一次，见演练总结' });
  expect(statedActualText(after.statement, '次', after.computed)).toBe('实际完成 2次（填报：4月、10月各一次，见演练总结；按材料计 0次）');
});

test('a stated 实际完成 replaces the count, not the rule for each occasion; changing it asks for a new reason', async () => {
  await stateIndicator(archive, '1.2', { actual: 4, actualReason: '另有 1 次在乡镇台账中' });
  const c = (await selfCheck(archive)).indicators.find((i) => i.code === '1.2')!;
  expect(c).toMatchObject({ status: 'below', actual: 4, computed: 3, actualText: '4/3次（填报），1 次不足 50人，1 次未填人数' });
  await expect(stateIndicator(archive, '1.2', { actual: 5 })).rejects.toThrow(/请同时写明新的依据/);
  await expect(stateIndicator(archive, '1.2', { actual: 4.5, actualReason: 'x' })).rejects.toThrow(/应为整数/);
  await stateIndicator(archive, '1.2', { actual: null });
  expect((await selfCheck(archive)).indicators.find((i) => i.code === '1.2')).toMatchObject({ actual: 3, statement: { actual: null, actualReason: '' } });
});

test('every exclusion is named: unreadable items, a roster kept as a spreadsheet, the photo of 2021', () => {
  // Each item has one file: one problem each, on the file, saying the item does not count.
  const unusable = problems('unreadable').map((p) => p.message);
  for (const name of ['领导小组名单', '第五期讲座照片', '第二中学科普课', '志愿者名册']) {
    expect(unusable.filter((m) => m.includes(name))).toEqual([expect.stringContaining('这件材料因此不计入任何指标')]);
  }
  expect(problems('unusable_item')).toEqual([]);
  // Nor is an unreadable item asked for its date: the file comes first.
  expect(problems('no_date').filter((p) => /领导小组名单|第五期讲座照片/.test(p.message))).toEqual([]);
  expect(problems('outside_window').map((p) => p.message)).toEqual([expect.stringMatching(/《科普讲座照片》（2021年6月5日）.*不在创建时段.*不计入/)]);
});

test('one photo in two activities and a recompressed copy in a third are named with both items', () => {
  const reused = problems('reused_photo');
  expect(reused).toHaveLength(2);
  const exact = reused.find((p) => p.message.startsWith('同一张照片'))!;
  expect(exact.copies!.map((c) => c.label)).toEqual([expect.stringContaining('志愿服务进社区'), expect.stringContaining('志愿服务进校园')]);
  const near = reused.find((p) => p.message.startsWith('几乎相同的照片'))!;
  expect(near.copies!.map((c) => c.label).join(' ')).toMatch(/志愿服务进社区.*现场2\.jpg.*志愿服务进农村.*微信图片/);
  // Which copy is the camera's original: the most pixels, with the camera's time; the WeChat copy has neither.
  expect(near.copies!.map((c) => [c.width, c.camera, c.original, c.alone])).toEqual([[1600, true, true, false], [1080, false, false, false]]);
  // Burst shots of one lecture filed loose are not reuse, nor are different photos.
  expect(reused.every((p) => !p.message.includes('科普讲座'))).toBe(true);
});

test('intake hashes every readable photo as it files it, so the self-check decodes nothing again', () => {
  expect(unhashedAfterImport).toBe(0);
});

test('keeping the photo in one item removes it from the other; the original stays stored', async () => {
  const exact = problems('reused_photo').find((p) => p.message.startsWith('同一张照片'))!;
  const [keep, drop] = exact.copies!;
  const before: Item = (await listItems(archive.db, { ids: [drop.item] }))[0];
  const dropped = before.files.find((f) => f.id === drop.file)!;
  const r = await keepOnlyCopy(archive, keep.file);
  expect(r.removed).toEqual([{ item: drop.item, file: drop.file, name: '合影.jpg' }]);
  const after = (await listItems(archive.db, { ids: [drop.item] }))[0];
  expect(after.files.map((f) => f.name)).toEqual(before.files.filter((f) => f.id !== drop.file).map((f) => f.name));
  await expect(fs.stat(path.join(archive.dir, dropped.storePath))).resolves.toBeTruthy();
  const again = await selfCheck(archive);
  expect(again.problems.filter((p) => p.kind === 'reused_photo')).toHaveLength(1);
  await expect(keepOnlyCopy(archive, keep.file)).rejects.toThrow(/没有用在其他材料中/);
});

test('the self-check reminds where the 结论性说明 is empty on an indicator with evidence', async () => {
  const r = await selfCheck(archive);
  const codes = r.problems.filter((p) => p.kind === 'no_conclusion').map((p) => p.indicator);
  expect(codes).toEqual(['1.1', '1.2', '1.3', '1.4']);
});

test('the statement round-trips through the API and the CLI; the CLI refuses what the service refuses', async () => {
  const dir = archive.dir;
  await archive.close();
  const api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(dir);
  const r = await api.call('indicators.state', { code: '1.2', statement: { conclusion: '全年举办科普讲座3次。', selfScore: 8 } });
  expect(r.ok).toBe(true);
  const tree = await api.call('indicators.tree', {});
  const node = (tree as { ok: true; value: { nodes: { code: string; statement: { conclusion: string; selfScore: number | null } }[] } }).value.nodes.find((n) => n.code === '1.2')!;
  expect(node.statement).toMatchObject({ conclusion: '全年举办科普讲座3次。', selfScore: 8 });
  const refused = await api.call('indicators.state', { code: '1.2', statement: { selfScore: 11 } });
  expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  await api.close();

  const set = runCli(['indicators', 'set', dir, '1.3', '--conclusion', '覆盖实验小学等学校。', '--self-score', '6', '--actual', '2', '--reason', '第二中学的原件已另行报送', '--json']);
  expect(set.code).toBe(0);
  expect(JSON.parse(set.stdout)).toMatchObject({ code: '1.3', statement: { selfScore: 6, actual: 2 }, check: { status: 'met', actualText: '2/2所（填报）' } });
  const bad = runCli(['indicators', 'set', dir, '1.3', '--self-score', '12']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/自评分 12 超过了指标 1.3 的分值 10 分/);
  expect(runCli(['indicators', 'set', dir, '1.3', '--self-score', 'abc']).code).toBe(2);
  const cleared = runCli(['indicators', 'set', dir, '1.3', '--actual', '-', '--json']);
  expect(JSON.parse(cleared.stdout)).toMatchObject({ statement: { actual: null, actualReason: '' }, check: { actualText: '1/2所', status: 'below' } });
  const check = JSON.parse(runCli(['check', dir, '--json']).stdout) as CheckReport;
  expect(check.indicators.find((i) => i.code === '1.2')!.statement).toMatchObject({ conclusion: '全年举办科普讲座3次。', selfScore: 8 });
  const log = JSON.parse(runCli(['indicators', 'log', dir, '--json']).stdout) as { changes: { action: string; actor: string; subject: string }[] };
  expect(log.changes.filter((c) => c.action === 'indicator.state').map((c) => c.actor)).toContain('taizhang CLI');

  // items set: the participants of the third lecture, then the per-occasion line follows.
  const third = JSON.parse(runCli(['items', 'list', dir, '--indicator', '1.2', '--json']).stdout).items.find((i: { title: string }) => i.title === '签到表3');
  expect(runCli(['items', 'set', dir, String(third.id), '--participants', '80']).code).toBe(0);
  const again = JSON.parse(runCli(['check', dir, '--json']).stdout) as CheckReport;
  expect(again.indicators.find((i) => i.code === '1.2')!.actualText).toBe('3/3次，1 次不足 50人');
  expect(runCli(['items', 'set', dir, String(third.id), '--kind', '宴会']).code).toBe(2);
  archive = await Archive.open(dir);
});

test('photos keep from the CLI resolves the near copy', async () => {
  const dir = archive.dir;
  const near = (await selfCheck(archive)).problems.find((p) => p.kind === 'reused_photo')!;
  await archive.close();
  const keep = runCli(['photos', 'keep', dir, String(near.copies![0].file), '--json']);
  expect(keep.code).toBe(0);
  expect(JSON.parse(keep.stdout).removed).toHaveLength(1);
  const check = JSON.parse(runCli(['check', dir, '--json']).stdout) as CheckReport;
  expect(check.problems.filter((p) => p.kind === 'reused_photo')).toEqual([]);
  expect(runCli(['photos', 'keep', dir, 'x']).code).toBe(2);
  archive = await Archive.open(dir);
});

test('the dossier of this archive prints no excluded item unless asked, and prints the clerk\'s statement', async () => {
  const out = path.join(root, 'out');
  await fs.mkdir(out, { recursive: true });
  const flat = (t: string) => t.replace(/\s+/g, '');
  const plain = await exportDossier(archive, path.join(out, 'a.pdf'));
  const text = flat(allText(plain.file).join('\n'));
  for (const gone of ['第二中学科普课', '领导小组名单', '第五期讲座照片', '志愿者名册']) expect(text).not.toContain(gone);
  expect(plain.warnings.map((w) => w.reason).join()).toMatch(/件材料不计入（创建时段外 1 件，文件无法读取或打印 \d+ 件）/);
  // 1.5's 提交表: the 结论性说明, the 自评分 and the stated 实际完成 with its reason.
  expect(text).toContain(flat('全年开展消防应急演练2次。'));
  expect(text).toContain(flat('实际完成 2次（填报：4月、10月各一次，见演练总结；按材料计 0次）'));
  const all = await exportDossier(archive, path.join(out, 'b.pdf'), { includeExcluded: true });
  const withAll = flat(allText(all.file).join('\n'));
  expect(withAll).toContain('第二中学科普课');
  expect(withAll).toContain(flat('不计入：创建时段外'));
  expect(all.pages).toBeGreaterThan(plain.pages);
});

test('the indicator of a reused photo still counts each item once per indicator it is linked to', async () => {
  // The same item linked to two indicators is one item: no reuse problem for it.
  const item = (await listItems(archive.db)).find((i) => i.title === '志愿服务进社区')!;
  const other = await findIndicator(archive.db, '1.2');
  await archive.db.transaction(async (tx) => {
    await linkItem(tx, item.id, other!.id);
  });
  const r = await selfCheck(archive);
  expect(r.problems.filter((p) => p.kind === 'reused_photo')).toEqual([]);
});

test('keeping a photo away from an item whose only file it is says the item is left empty', async () => {
  const src = path.join(root, 'more', '志愿服务活动', '2023-09-09 志愿服务进机关');
  await fs.mkdir(src, { recursive: true });
  const original = (await listItems(archive.db)).find((i) => i.title === '志愿服务进社区')!.files.find((f) => f.name === '现场2.jpg')!;
  // A forwarded copy (the same bytes would not be filed twice): smaller, recompressed.
  await fs.writeFile(path.join(src, '现场.jpg'), await sharp(path.join(archive.dir, original.storePath)).resize(1200).jpeg({ quality: 70 }).toBuffer());
  await importPaths(archive, [path.join(root, 'more', '志愿服务活动')]);
  const g = (await selfCheck(archive)).problems.find((p) => p.kind === 'reused_photo' && p.message.includes('志愿服务进机关'))!;
  const lone = g.copies!.find((c) => c.label.includes('志愿服务进机关'))!;
  expect(lone.alone).toBe(true);
  const r = await keepOnlyCopy(archive, original.id);
  expect(r.emptied).toEqual([{ item: lone.item, title: '志愿服务进机关' }]);
  expect(r.message).toMatch(/《志愿服务进机关》（2023年9月9日）已没有文件，不再计入/);
});
