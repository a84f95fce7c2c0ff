// What counts, without an archive: exclusions, occasion records, occasions from records filed
// apart, the counting line, and the perceptual hash that finds recompressed copies.
import sharp from 'sharp';
import { countEvidence, exclusionOf, isOccasionRecord, leftOutOfExports, occasionsOf } from '../../main/check/evidence';
import { dHash, hammingDistance } from '../../main/check/photo-hash';
import { NEAR_COPY_BITS, findReuse } from '../../main/check/reuse';
import { makeJpeg } from '../../main/demo/sample-files';
import type { Campaign, Item, ItemKind, StoredFile } from '../../shared/domain';
import { tmpDir } from '../helpers/tmp';
import path from 'node:path';

const CAMPAIGN = { windowStart: '2023-01-01', windowEnd: '2023-12-31' } as Campaign;
let nextId = 1;
const file = (f: Partial<StoredFile> = {}): StoredFile =>
  ({ id: nextId++, name: 'a.jpg', type: 'jpeg', role: 'photo', warning: null, exifTime: null, sha256: `${nextId}`.padStart(64, '0'), ...f }) as StoredFile;
const item = (i: Partial<Item> & { files?: StoredFile[] } = {}): Item =>
  ({ id: nextId++, kind: 'activity' as ItemKind, title: '活动', date: '2023-03-08', participants: null, source: '', indicators: [], files: [file()], ...i }) as Item;

test('an item counts only with a readable, printable file, a date and a day inside the window', () => {
  expect(exclusionOf(item(), CAMPAIGN)).toBeNull();
  expect(exclusionOf(item({ files: [file({ warning: '金山 WPS 格式' })] }), CAMPAIGN)).toBe('unusable');
  expect(exclusionOf(item({ files: [] }), CAMPAIGN)).toBe('unusable');
  // One readable file is enough.
  expect(exclusionOf(item({ files: [file({ warning: 'x' }), file()] }), CAMPAIGN)).toBeNull();
  expect(exclusionOf(item({ date: null }), CAMPAIGN)).toBe('no_date');
  expect(exclusionOf(item({ date: null }), CAMPAIGN, false)).toBeNull();
  expect(exclusionOf(item({ date: '2022-12-31' }), CAMPAIGN)).toBe('outside_window');
  expect(exclusionOf(item({ date: '2024-01-01' }), CAMPAIGN)).toBe('outside_window');
  expect(exclusionOf(item({ date: '2023-12-31' }), CAMPAIGN)).toBeNull();
  // Exports leave out the unreadable and the out-of-window, not the undated (the clerk fills it in).
  expect(leftOutOfExports(item({ date: null }), CAMPAIGN)).toBeNull();
  expect(leftOutOfExports(item({ date: '2021-06-05' }), CAMPAIGN)).toBe('outside_window');
});

test('occasion records: occasion kinds, or photos, sign-in sheets and minutes; never documents or spreadsheets', () => {
  expect(isOccasionRecord(item({ kind: 'meeting', files: [file({ type: 'pdf', role: 'body', name: 'x.pdf' })] }))).toBe(true);
  expect(isOccasionRecord(item({ kind: 'plan' }))).toBe(false);
  expect(isOccasionRecord(item({ kind: 'report' }))).toBe(false);
  expect(isOccasionRecord(item({ kind: 'other', files: [file({ type: 'jpeg', role: 'signin' })] }))).toBe(true);
  expect(isOccasionRecord(item({ kind: 'other', files: [file({ type: 'pdf', role: 'attachment' })] }))).toBe(false);
  expect(isOccasionRecord(item({ kind: 'activity', files: [file({ type: 'xlsx', role: 'attachment', name: '志愿者名册.xlsx' })] }))).toBe(false);
  expect(isOccasionRecord(item({ kind: 'activity', files: [file({ type: 'text', role: 'attachment', name: '签到.csv' })] }))).toBe(false);
});

test('records of one day are one occasion; a folder dated by its name is one however its photos were dated', () => {
  const w = { start: CAMPAIGN.windowStart, end: CAMPAIGN.windowEnd };
  const signin = item({ date: '2023-03-08', files: [file({ role: 'signin' })] });
  const photos = item({ date: '2023-03-08' });
  const other = item({ date: '2023-03-09' });
  expect(occasionsOf([signin, photos, other], w).map((o) => [o.day, o.items.length])).toEqual([['2023-03-08', 2], ['2023-03-09', 1]]);
  // An undated folder's photos a month apart: one occasion per run of days (two days apart are one).
  const cleanups = item({
    date: '2023-03-05', source: '/x/环境卫生大扫除',
    files: ['2023:03:05', '2023:03:06', '2023:04:05', '2023:05:05', '2021:05:05'].map((d) => file({ exifTime: `${d.replace(/:/g, '-')} 09:00:00` })),
  });
  expect(occasionsOf([cleanups], w).map((o) => o.day)).toEqual(['2023-03-05', '2023-04-05', '2023-05-05']);
  const named = { ...cleanups, source: '/x/2023-03-05 大扫除' };
  expect(occasionsOf([named], w)).toHaveLength(1);
});

test('two folders of one day with different titles are two occasions; a loose part of that day joins the first', () => {
  const w = { start: CAMPAIGN.windowStart, end: CAMPAIGN.windowEnd };
  const town = item({ title: '城关镇科普讲座', date: '2023-10-10', files: [file(), file()] });
  const street = item({ title: '东街社区科普讲座', date: '2023-10-10', files: [file(), file()] });
  const loose = item({ title: '讲座照片', date: '2023-10-10' });
  const again = item({ title: '城关镇 科普讲座', date: '2023-10-10', files: [file(), file()] });
  const occasions = occasionsOf([town, street, loose, again], w);
  expect(occasions.map((o) => o.items.map((i) => i.title))).toEqual([['城关镇科普讲座', '讲座照片', '城关镇 科普讲座'], ['东街社区科普讲座']]);
});

test('a staff count needs no date: an undated 任命通知 still shows the staff', () => {
  const notice = item({ kind: 'document', date: null, files: [file({ type: 'pdf', role: 'body' })] });
  expect(countEvidence([notice], CAMPAIGN, { count: 2, unit: '名', kind: 'staffing' }, false).counted).toHaveLength(1);
  expect(countEvidence([notice], CAMPAIGN, { count: 2, unit: '次' }, true).notCounted.map((n) => n.exclusion)).toEqual(['no_date']);
});

test('the counting line names what does not count, most frequent first', () => {
  const items = [
    item(), item({ files: [file({ warning: 'x' })] }), item({ files: [file({ warning: 'y' })] }), item({ date: '2020-01-01' }),
    item({ kind: 'plan', files: [file({ type: 'docx', role: 'body' })] }),
  ];
  const c = countEvidence(items, CAMPAIGN, { count: 3, unit: '次' }, true);
  expect(c.counted).toHaveLength(1);
  expect(c.text).toBe('5 件中 1 件计入：2 件文件无法读取或打印，1 件创建时段外，1 件是通知、方案、总结等佐证文件，不计次数');
  // Without a target an undated 制度 still supports the indicator.
  expect(countEvidence([item({ date: null, kind: 'plan' })], CAMPAIGN, null, false).counted).toHaveLength(1);
});

const dir = tmpDir('tz-phash-');

test('a recompressed, resized copy hashes within a few bits; a different photo does not', async () => {
  const a = path.join(dir, 'a.jpg');
  await makeJpeg(a, { width: 1600, height: 1200, seed: 5 });
  await makeJpeg(path.join(dir, 'b.jpg'), { width: 1600, height: 1200, seed: 6 });
  const copy = await sharp(a).resize(800).jpeg({ quality: 50 }).toBuffer();
  const [ha, hb, hc] = await Promise.all([dHash(a), dHash(path.join(dir, 'b.jpg')), dHash(copy)]);
  expect(ha).toMatch(/^[0-9a-f]{16}$/);
  expect(hammingDistance(ha, hc)).toBeLessThanOrEqual(NEAR_COPY_BITS);
  expect(hammingDistance(ha, hb)).toBeGreaterThan(2 * NEAR_COPY_BITS);
});

test('reuse: same bytes in two items, near copies across occasions; not within one item, nor burst shots of one day', () => {
  const shared = file({ sha256: 'a'.repeat(64), name: '合影.jpg' });
  const a = item({ title: '进社区', date: '2023-03-10', files: [shared] });
  const b = item({ title: '进校园', date: '2023-06-10', files: [{ ...shared, id: nextId++ }] });
  const c = item({ title: '进农村', date: '2023-08-18', files: [file({ sha256: 'c'.repeat(64) })] });
  const d = item({ title: '进农村', date: '2023-08-18', files: [file({ sha256: 'd'.repeat(64) })] });
  const hashes = new Map([['a'.repeat(64), '0f0f0f0f0f0f0f0f'], ['c'.repeat(64), '0f0f0f0f0f0f0f0e'], ['d'.repeat(64), '0f0f0f0f0f0f0f0c']]);
  const groups = findReuse([a, b, c, d], hashes);
  expect(groups.map((g) => [g.how, g.copies.map((x) => x.item.id)])).toEqual([
    ['exact', [a.id, b.id]],
    // c and d are one occasion (same day, same title): each is a near copy of a's photo, not of each other's.
    ['near', [a.id, c.id, d.id]],
  ]);
  // Scans of one printed form (sign-in sheets) look alike to the hash: only photos are compared.
  const sheets = [item({ title: '签到表', date: '2023-03-08', files: [file({ role: 'signin', sha256: '1'.repeat(64) })] }), item({ title: '签到表', date: '2023-04-08', files: [file({ role: 'signin', sha256: '2'.repeat(64) })] })];
  expect(findReuse(sheets, new Map([['1'.repeat(64), '0000000000000000'], ['2'.repeat(64), '0000000000000000']]))).toEqual([]);
  const loose = [item({ title: '科普讲座照片', date: '2023-03-08', files: [file({ sha256: 'e'.repeat(64) })] }), item({ title: '科普讲座照片', date: '2023-03-08', files: [file({ sha256: 'f'.repeat(64) })] })];
  expect(findReuse(loose, new Map([['e'.repeat(64), '0000000000000000'], ['f'.repeat(64), '0000000000000001']]))).toEqual([]);
});
