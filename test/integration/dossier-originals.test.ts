// Originals in the dossier as an inspector holds them: merged A4 pages and scans at their own
// size (word boxes of the dossier page against the source's), the 归档章 on every item's first
// page with 页数 the item's own pages, no header pages, section pages only for top-level
// indicators with the first 提交表 beneath.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import { listItems } from '../../main/archive/items-repo';
import { dossierPages, exportDossier, type DossierPages, type DossierResult } from '../../main/export/dossier/dossier';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { drafts } from '../helpers/archive';
import { allText, images, outline, pageSizes, words, type Word } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import type { Item } from '../../shared/domain';

const root = tmpDir('tz-originals-');
const A4: [number, number] = [595.28, 841.89];
const A5: [number, number] = [419.53, 595.28];

/** A PDF with 14 pt Helvetica lines on each page, as a scanned-in notice would carry. */
async function textPdf(file: string, size: [number, number], pages: string[][]): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const doc = new PDFDocument({ size, autoFirstPage: false, margin: 0 });
  const out = createWriteStream(file);
  doc.pipe(out);
  for (const lines of pages) {
    doc.addPage({ size, margin: 0 });
    lines.forEach((l, i) => doc.font('Helvetica').fontSize(14).text(l, 90, 130 + i * 40, { lineBreak: false }));
    doc.rect(90, 130 + lines.length * 40, size[0] - 180, 60).stroke();
  }
  doc.end();
  await once(out, 'finish');
}

let archive: Archive;
let items: Item[];
let result: DossierResult;
let text: string[];
let pages: DossierPages;
const src = path.join(root, 'src');
const notice = path.join(src, '1.1.1 成立领导小组', '关于成立领导小组的通知.pdf');
const landscape = path.join(src, '2.1 科普宣讲', '宣讲安排表.pdf');
const small = path.join(src, '2.1 科普宣讲', '宣讲回执.pdf');

beforeAll(async () => {
  archive = await Archive.create(path.join(root, 'archive'), {
    name: '全国科普示范县创建',
    unit: '某县民政局',
    fonds: 'Z109',
    year: 2023,
    windowStart: '2022-01-01',
    windowEnd: '2023-12-31',
  });
  await archive.updateCampaign({ orgCode: 'BGS' });
  await archive.db.transaction((tx) =>
    mergeIndicators(tx, drafts([
      { code: '1', title: '加强组织领导', score: 20, requirement: '建立工作机制，明确责任分工。' },
      { code: '1.1', title: '健全工作机制', score: 20 },
      { code: '1.1.1', title: '成立领导小组', score: 10, requirement: '印发成立领导小组的文件。' },
      { code: '1.1.2', title: '召开推进会', score: 10, requirement: '全年召开推进会不少于2次。' },
      { code: '2', title: '突出工作重点', score: 30 },
      { code: '2.1', title: '科普宣讲', score: 30, requirement: '开展科普宣讲活动。' },
    ])),
  );
  await textPdf(notice, A4, [
    ['Notice Alpha Bravo Charlie', 'Delta Echo Foxtrot Golf', 'Hotel India Juliett Kilo'],
    ['Second Lima Mike November', 'Oscar Papa Quebec Romeo'],
  ]);
  await textPdf(landscape, [A4[1], A4[0]], [['Landscape Sierra Tango Uniform Victor']]);
  await textPdf(small, A5, [['Receipt Whiskey Xray Yankee']]);
  const meeting = path.join(src, '1.1.2 召开推进会', '2023-03-08 第一次推进会');
  await makeJpeg(path.join(meeting, 'IMG_0001.jpg'), { width: 1600, height: 1200, seed: 3, exifTime: '2023:03:08 09:30:00' });
  await makeJpeg(path.join(meeting, 'IMG_0002.jpg'), { width: 1600, height: 1200, seed: 4, exifTime: '2023:03:08 09:40:00' });
  const talk = path.join(src, '2.1 科普宣讲', '2023-04-15 科普宣讲进社区');
  await makeJpeg(path.join(talk, '签到表.jpg'), { width: 1654, height: 2339, seed: 5 });
  await makeJpeg(path.join(talk, '现场.jpg'), { width: 1600, height: 1200, seed: 6, exifTime: '2023:04:15 14:00:00' });
  await importPaths(archive, [path.join(src, '1.1.1 成立领导小组'), path.join(src, '1.1.2 召开推进会'), path.join(src, '2.1 科普宣讲')]);
  items = await listItems(archive.db);
  result = await exportDossier(archive, path.join(root, 'dossier.pdf'), { date: '2023-06-01' });
  text = allText(result.file);
  pages = await dossierPages(archive, { date: '2023-06-01' });
  // To look at it: KEEP_DOSSIER=/tmp/originals.pdf npx jest test/integration/dossier-originals
  if (process.env.KEEP_DOSSIER) await fs.copyFile(result.file, process.env.KEEP_DOSSIER);
});
afterAll(() => archive.close());

const printedNumber = (t: string) => {
  const m = /—\s*(\d+)\s*—\s*$/.exec(t.trimEnd());
  return m ? Number(m[1]) : null;
};
/** Physical page (1-based) of a printed page number. */
const physicalOf = (printed: number) => text.findIndex((t) => printedNumber(t) === printed) + 1;
const itemOf = (file: string) => items.find((i) => i.files.some((f) => f.name === path.basename(file)))!;
const pageWith = (word: string) => text.findIndex((t) => t.includes(word)) + 1;
const find = (ws: Word[], t: string) => ws.find((w) => w.text === t)!;
const height = (w: Word) => w.yMax - w.yMin;

test('the items are filed as planned', () => {
  expect(items.map((i) => i.files.length).sort()).toEqual([1, 1, 1, 2, 2]);
  expect(pageSizes(result.file).every((s) => Math.abs(s.width - A4[0]) < 1 && Math.abs(s.height - A4[1]) < 1)).toBe(true);
});

test('a merged A4 page prints at its own size: words keep their size and place', () => {
  for (const [page, probe] of [[1, 'Alpha'], [2, 'Lima']] as const) {
    const source = words(notice, page);
    const onPaper = words(result.file, pageWith(probe));
    const pairs = source.filter((w) => /^[A-Z][a-z]+$/.test(w.text)).map((w) => [w, find(onPaper, w.text)] as const);
    expect(pairs.length).toBeGreaterThanOrEqual(8);
    const [a0, b0] = pairs[0];
    for (const [a, b] of pairs) {
      const scale = height(b) / height(a);
      // At least 95 %: 14 pt stays at least 13.3 pt; positions scaled by the same factor.
      expect(scale).toBeGreaterThanOrEqual(0.95);
      expect(scale).toBeLessThanOrEqual(1.01);
      expect(14 * scale).toBeGreaterThanOrEqual(13.3);
      expect(Math.abs(b.xMin - b0.xMin - scale * (a.xMin - a0.xMin))).toBeLessThan(1.5);
      expect(Math.abs(b.yMin - b0.yMin - scale * (a.yMin - a0.yMin))).toBeLessThan(1.5);
    }
  }
});

test('a landscape page is turned to fit, a smaller one centred unscaled', () => {
  const turned = find(words(result.file, pageWith('Sierra')), 'Sierra');
  const flat = find(words(landscape, 1), 'Sierra');
  // On its side: the word runs down the page, as long as it was wide.
  expect(turned.yMax - turned.yMin).toBeGreaterThan(turned.xMax - turned.xMin);
  expect((turned.yMax - turned.yMin) / (flat.xMax - flat.xMin)).toBeGreaterThanOrEqual(0.95);
  const a = find(words(small, 1), 'Whiskey');
  const b = find(words(result.file, pageWith('Whiskey')), 'Whiskey');
  expect(height(b) / height(a)).toBeCloseTo(1, 2);
  expect(b.xMin - a.xMin).toBeCloseTo((A4[0] - A5[0]) / 2, 0);
  expect(b.yMin - a.yMin).toBeCloseTo((A4[1] - A5[1]) / 2, 0);
});

test('a scanned A4 sheet fills the sheet', () => {
  const scan = images(result.file).filter((i) => i.height > i.width);
  expect(scan).toHaveLength(1);
  // Printed at 200 dpi over the whole 210 × 297 mm sheet.
  expect(scan[0].width).toBeGreaterThan(1600);
});

test('页数 is the item’s own pages: a 2-page notice shows 2, on its stamp and in dossierPages', () => {
  const it = itemOf(notice);
  const range = pages.items.get(it.id)!;
  expect(range.count).toBe(2);
  expect(range.last - range.first + 1).toBe(2);
  const first = text[physicalOf(range.first) - 1];
  expect(first).toMatch(/BGS\s+定期30年\s+2\s/);
  // The photo meeting: two photo pages, 页数 2.
  const meeting = pages.items.get(items.find((i) => i.title === '第一次推进会')!.id)!;
  expect(meeting.count).toBe(2);
  let own = 0;
  for (const r of pages.items.values()) own += r.count;
  expect(result.generated).toBe(result.pages - own);
});

test('the 归档章 is on each item’s first page, and only there', () => {
  expect(pages.items.size).toBe(items.length);
  for (const [id, range] of pages.items) {
    const n = pages.plan.items.find((p) => p.item.id === id)!.code.slice(-4);
    // 全宗号 and 件号 in the top margin, above the 版心 of any page we lay out.
    const stamped = (p: number) => {
      const top = words(result.file, physicalOf(p)).filter((x) => x.yMax < 37 * (72 / 25.4));
      return top.some((x) => x.text === 'Z109') && top.some((x) => x.text === n);
    };
    for (let p = range.first; p <= range.last; p++) expect({ id, p, stamped: stamped(p) }).toEqual({ id, p, stamped: p === range.first });
  }
});

test('no header pages: an item opening with a merged original has no heading; one opening with photos has it above the first photo', () => {
  const noticeFirst = text[physicalOf(pages.items.get(itemOf(notice).id)!.first) - 1];
  expect(noticeFirst).toContain('Alpha');
  expect(noticeFirst).not.toContain('关于成立领导小组的通知');
  const meeting = items.find((i) => i.title === '第一次推进会')!;
  const r = pages.items.get(meeting.id)!;
  const first = text[physicalOf(r.first) - 1];
  expect(first).toMatch(/\d{4}\s+第一次推进会\s+2023年3月8日/);
  expect(first).toContain('摄影者');
  const second = text[physicalOf(r.last) - 1];
  expect(second).not.toMatch(/\d{4}\s+第一次推进会\s+2023年3月8日/);
});

test('no page whose only content is a heading', () => {
  const withImage = new Set(images(result.file).map((i) => i.page));
  text.forEach((t, i) => {
    const lines = t
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^—\s*\d+\s*—$/.test(l) && !/^Z109\s/.test(l) && !/^BGS\s/.test(l));
    // An item's heading ("0003　科普宣讲进社区　2023年4月15日") or an indicator's ("1.1　健全工作机制").
    const heading = lines.length === 1 && /^(\d{4}|\d+(\.\d+)*)\s+\S/.test(lines[0]);
    expect({ page: i + 1, headingOnly: (lines.length === 0 || heading) && !withImage.has(i + 1) }).toEqual({ page: i + 1, headingOnly: false });
  });
});

test('section pages only for top-level indicators, each carrying its first 提交表', () => {
  const o = outline(result.file);
  const at = (title: string) => o.find((x) => x.title === title)!.page;
  // 1 and its first leaf's form share a page; 1.1 (a middle level) starts there too.
  expect(at('1 加强组织领导')).toBe(at('1.1.1 成立领导小组'));
  expect(at('1.1 健全工作机制')).toBe(at('1.1.1 成立领导小组'));
  const page1 = text[at('1 加强组织领导') - 1];
  expect(page1).toContain('加强组织领导');
  expect(page1).toContain('测评材料提交表');
  expect(at('2 突出工作重点')).toBe(at('2.1 科普宣讲'));
  // The middle level has no page of its own: no page opens with its title.
  expect(text.filter((t) => /^\s*1\.1\s+健全工作机制/.test(t))).toHaveLength(0);
  // Only the cover, the contents and the two section pages with their forms (and the forms'
  // own pages) are generated.
  expect(result.generated).toBeLessThanOrEqual(2 + 3 + 2);
});
