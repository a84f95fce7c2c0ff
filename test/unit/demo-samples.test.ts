// The demo's sample documents: a 红头 notice with every font embedded and no English, sign-in
// sheets that carry the meeting day in EXIF and never pass for copies of one another, dates that
// agree with their events.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import exifr from 'exifr';
import { makeEventPhoto, makeNoticePdf, makeSignInJpeg } from '../../main/demo/sample-files';
import { SIGNERS, planSamples } from '../../main/demo/sample-content';
import { dHash, hammingDistance } from '../../main/check/photo-hash';
import { NEAR_COPY_BITS } from '../../main/check/reuse';
import type { Indicator } from '../../shared/domain';
import { tmpDir } from '../helpers/tmp';

const dir = { path: tmpDir('tz-demo-samples-') };

test('a 红头 notice is one A4 page in Chinese, every font embedded, none of them Helvetica', async () => {
  const file = path.join(dir.path, '会议通知.pdf');
  await makeNoticePdf(file, {
    office: '某县科学技术协会',
    docNumber: '某科协发〔2022〕12号',
    title: '关于召开全国科普示范县创建工作第一次推进会的通知',
    addressee: '各乡镇（街道）科协，县直各有关单位：',
    body: ['为深入贯彻落实全国科普示范县创建工作部署，经研究，决定召开推进会。现将有关事项通知如下：', '一、会议时间：2022年6月8日（星期三）上午9:00。'],
    date: '2022-06-03',
  });
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) {
    expect(line).not.toMatch(/Helvetica/);
    expect(line.split(/\s+/).at(-5)).toBe('yes'); // emb
  }
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(text).toContain('某县科学技术协会文件');
  expect(text).toContain('某科协发〔2022〕12号');
  expect(text).toContain('2022年6月3日');
  expect(text).not.toMatch(/Notice|Page \d+ of/);
});

test('sign-in sheets carry the meeting day in EXIF and are not near copies of one another', async () => {
  const hashes: string[] = [];
  for (let seed = 1; seed <= 4; seed++) {
    const file = path.join(dir.path, `签到表-${seed}.jpg`);
    await makeSignInJpeg(file, {
      title: '全国科普示范县创建工作第一次推进会', date: '2022年6月8日', place: '县科协三楼会议室',
      signers: SIGNERS.slice(0, 8 + seed), exifTime: '2022:06:08 08:52:10', seed,
    });
    hashes.push(await dHash(file));
    if (seed === 1) {
      const tags = await exifr.parse(file, { reviveValues: false });
      expect(tags.DateTimeOriginal).toBe('2022:06:08 08:52:10');
    }
  }
  for (let i = 0; i < hashes.length; i++) {
    for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i], hashes[j])).toBeGreaterThan(NEAR_COPY_BITS);
  }
});

test('an event photo turned by EXIF orientation 6 is stored as the sensor saw it', async () => {
  const file = path.join(dir.path, 'IMG_20220608_091500.jpg');
  await makeEventPhoto(file, { banner: '全国科普示范县创建工作第一次推进会', width: 800, height: 600, seed: 3, orientation: 6, exifTime: '2022:06:08 09:15:00' });
  const meta = await (await import('sharp')).default(file).metadata();
  expect([meta.width, meta.height, meta.orientation]).toEqual([800, 600, 6]);
});

test('notices come days before their occasions, numbered in date order, occasions inside the window on working days', () => {
  const ind = (id: number, title: string, count: number): Indicator =>
    ({ id, parentId: null, code: String(id), title, requirement: '', score: null, department: '', basis: '', target: { count, unit: '次' }, level: 3, position: id, removed: false });
  const { occasions, documents } = planSamples([ind(1, '成立创建工作领导小组', 1), ind(2, '召开工作推进会', 10), ind(3, '举办党员干部科技知识培训', 10), ind(4, '召开创建工作动员大会', 1)]);
  expect(documents).toHaveLength(1);
  expect(occasions.map((o) => o.folderTitle)).toEqual(expect.arrayContaining(['第一次推进会', '第二次推进会', '第一期党员干部科技知识培训', '创建工作动员大会']));
  for (const o of occasions) {
    expect(o.noticeDate < o.date).toBe(true);
    expect(o.date >= '2022-04-01' && o.date <= '2023-03-31').toBe(true);
    expect([0, 6]).not.toContain(new Date(`${o.date}T00:00:00Z`).getUTCDay());
  }
  const numbered = [...occasions.map((o) => [o.noticeDate, o.docNumber]), ...documents.flatMap((d) => d.files.map((f) => [f.date, f.docNumber ?? '']))]
    .filter(([, n]) => n)
    .sort(([a], [b]) => a.localeCompare(b));
  const nums = numbered.map(([, n]) => Number(/〔2022〕(\d+)号/.exec(n)![1]));
  expect(nums).toEqual([...nums].sort((a, b) => a - b));
  expect(new Set(nums).size).toBe(nums.length);
});
