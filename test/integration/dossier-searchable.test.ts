// The dossier's scans carry what OCR read of them as invisible text: the inspector's PDF search
// (here pdftotext) finds a name on a photographed sign-in sheet and the 文号 on a scan-only PDF,
// at the place it is printed, and the pages look exactly as they do without the layer. The OCR
// itself is not run here: the pages it would have read are written with savePages, at the boxes
// where the sheet and the notice really have those lines.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import { listItems } from '../../main/archive/items-repo';
import { exportDossier, type DossierResult } from '../../main/export/dossier/dossier';
import { importPaths } from '../../main/intake/import';
import { makeNoticePdf, makeSignInJpeg } from '../../main/demo/sample-files';
import { savePages } from '../../main/text/page-store';
import { readPdfText } from '../../main/text/pdf-text';
import { drafts } from '../helpers/archive';
import { allText, words, type Word } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import type { PageText, TextLine } from '../../shared/text-types';
import type { Item } from '../../shared/domain';

jest.setTimeout(180_000);

const root = tmpDir('tz-searchable-');
const src = path.join(root, 'src');
const meeting = path.join(src, '1.2 召开工作推进会', '2023-03-22 科普工作推进会');
const signInFile = path.join(meeting, '推进会签到表.jpg');
const noticeSrc = path.join(root, 'notice-text.pdf');
const scanFile = path.join(src, '1.1 成立领导小组', '关于成立领导小组的通知（扫描件）.pdf');

const turnedDir = path.join(src, '2.1 科普宣讲');
const landscapeText = path.join(root, 'landscape-text.pdf');
const landscapeJpeg = path.join(turnedDir, '宣讲安排通知.jpg');
const landscapeScan = path.join(turnedDir, '宣讲安排通知（扫描件）.pdf');
const photoFile = path.join(turnedDir, '现场照片.jpg');
/** Lines at the top left of a landscape page only: where a page turned the wrong way would have blank paper. */
const LANDSCAPE_LINES = ['Landscape Sierra Tango Uniform', 'Second Victor Whiskey Xray', 'Third Yankee Zulu'];

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴霞'];

/** The sheet's geometry as makeSignInJpeg draws it (1240 × 1754 pixels). */
const SHEET = { width: 1240, height: 1754, left: 110, right: 1130, tableTop: 330, rowH: 62 };

let archive: Archive;
let items: Item[];
let plain: DossierResult;
let searchable: DossierResult;
let noticeText: PageText;
let plainMs = 0;
let searchableMs = 0;

/** A box as four corners, from its left, top, right and bottom. */
function box(x0: number, y0: number, x1: number, y1: number): TextLine['box'] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** What OCR reads from the sheet: the title, the date line, the header, then one line a signed row. */
function signInOcr(): PageText {
  const { left, right, tableTop, rowH, width, height } = SHEET;
  const lines: TextLine[] = [
    { text: '科普工作推进会签到表', box: box(390, 132, 850, 190), score: 0.98 },
    { text: '时间：2023年3月22日 地点：县科协会议室', box: box(110, 240, 1000, 280), score: 0.95 },
    { text: '序号 单位 职务 签名 联系电话', box: box(left, tableTop + 8, right, tableTop + 54), score: 0.97 },
    ...NAMES.map((name, i) => {
      const top = tableTop + (i + 1) * rowH;
      return { text: `${i + 1} 县科协 干事 ${name} 13${i}****28${i}1`, box: box(left + 10, top + 8, right - 10, top + rowH - 8), score: 0.9 };
    }),
  ];
  return { page: 1, width, height, source: 'ocr', engine: 'paddle', text: lines.map((l) => l.text).join('\n'), lines };
}

/** A notice printed, then scanned at 100 dpi: its only content is the JPEG over the whole page. */
async function scanOnlyPdf(out: string): Promise<void> {
  const jpeg = path.join(root, 'scan');
  execFileSync('pdftoppm', ['-r', '100', '-jpeg', '-singlefile', noticeSrc, jpeg]);
  await fs.mkdir(path.dirname(out), { recursive: true });
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const stream = createWriteStream(out);
  doc.pipe(stream);
  doc.addPage({ size: 'A4', margin: 0 });
  doc.image(`${jpeg}.jpg`, 0, 0, { width: doc.page.width, height: doc.page.height });
  doc.end();
  await once(stream, 'finish');
}

/** A landscape A4 page with a few lines of 20 pt Helvetica at its top left. */
async function landscapePdf(out: string): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', autoFirstPage: false });
  const stream = createWriteStream(out);
  doc.pipe(stream);
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  LANDSCAPE_LINES.forEach((l, i) => doc.font('Helvetica').fontSize(20).text(l, 60, 60 + i * 40, { lineBreak: false }));
  doc.end();
  await once(stream, 'finish');
}

/** A JPEG as the only content of a page of its size in points. */
async function imagePdf(image: string, out: string, size: [number, number]): Promise<void> {
  await fs.mkdir(path.dirname(out), { recursive: true });
  const doc = new PDFDocument({ size, autoFirstPage: false });
  const stream = createWriteStream(out);
  doc.pipe(stream);
  doc.addPage({ size, margin: 0 });
  doc.image(image, 0, 0, { width: size[0], height: size[1] });
  doc.end();
  await once(stream, 'finish');
}

/** A PDF page's lines as OCR would give them for a picture of it at `scale` pixels a point, each word marked. */
function asOcr(page: PageText, scale: number, mark: string, size?: [number, number]): PageText {
  const lines = page.lines.map((l) => ({
    text: l.text.split(' ').map((w) => mark + w).join(' '),
    box: l.box.map(([x, y]) => [x * scale, y * scale]) as TextLine['box'],
    score: 0.95,
  }));
  const [width, height] = size ?? [page.width * scale, page.height * scale];
  return { page: 1, width, height, source: 'ocr', engine: 'paddle', text: lines.map((l) => l.text).join('\n'), lines };
}

async function render(file: string, dir: string): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  execFileSync('pdftoppm', ['-r', '50', '-png', file, path.join(dir, 'p')]);
  return (await fs.readdir(dir)).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(dir, f));
}

beforeAll(async () => {
  archive = await Archive.create(path.join(root, 'archive'), { name: '全国科普示范县创建', unit: '某县科协', fonds: 'Z109', year: 2023, windowStart: '2022-01-01', windowEnd: '2023-12-31' });
  await archive.db.transaction((tx) =>
    mergeIndicators(tx, drafts([
      { code: '1', title: '加强组织领导', score: 20 },
      { code: '1.1', title: '成立领导小组', score: 5 },
      { code: '1.2', title: '召开工作推进会', score: 15 },
      { code: '2', title: '突出工作重点', score: 30 },
      { code: '2.1', title: '科普宣讲', score: 30 },
    ])),
  );
  await makeSignInJpeg(signInFile, {
    title: '科普工作推进会',
    date: '2023年3月22日',
    place: '县科协会议室',
    signers: NAMES.map((name) => ({ name, unit: '县科协', post: '干事' })),
    exifTime: '2023:03:22 09:05:00',
    seed: 7,
  });
  await makeNoticePdf(noticeSrc, {
    office: '某县科学技术协会',
    docNumber: '某科协发〔2022〕12号',
    title: '关于成立创建全国科普示范县工作领导小组的通知',
    addressee: '各乡镇科协，县直各单位：',
    body: ['为加强对创建工作的组织领导，经研究，决定成立创建全国科普示范县工作领导小组。', '一、组成人员', '组长：张伟，副组长：王芳。'],
    date: '2022-03-15',
  });
  noticeText = (await readPdfText(noticeSrc)).pages[0];
  await scanOnlyPdf(scanFile);
  await landscapePdf(landscapeText);
  await fs.mkdir(turnedDir, { recursive: true });
  execFileSync('pdftoppm', ['-r', '100', '-jpeg', '-singlefile', landscapeText, landscapeJpeg.replace(/\.jpg$/, '')]);
  await imagePdf(landscapeJpeg, landscapeScan, [841.89, 595.28]);
  // The notice photographed (here: its 100 dpi rendering), printed as a photo with its caption.
  await fs.copyFile(path.join(root, 'scan.jpg'), photoFile);
  await importPaths(archive, [path.join(src, '1.1 成立领导小组'), path.join(src, '1.2 召开工作推进会'), turnedDir]);
  items = await listItems(archive.db);

  let t = Date.now();
  plain = await exportDossier(archive, path.join(root, 'plain.pdf'), { date: '2023-06-01' });
  plainMs = Date.now() - t;

  const sha = (file: string) => items.flatMap((i) => i.files).find((f) => f.name === path.basename(file))!.sha256;
  await archive.db.transaction(async (tx) => {
    await savePages(tx, sha(signInFile), 'done', [signInOcr()], { signed: NAMES.length });
    // The scan's OCR lines where the notice has them: the page was scanned at its full size.
    await savePages(tx, sha(scanFile), 'done', [{ ...noticeText, source: 'ocr', engine: 'paddle' }]);
    // The landscape sheet: read at 100 dpi from the JPEG (pixels), at its points from the scan-only PDF.
    const landscape = (await readPdfText(landscapeText)).pages[0];
    const jpegSize = await sharp(landscapeJpeg).metadata();
    await savePages(tx, sha(landscapeJpeg), 'done', [asOcr(landscape, jpegSize.width! / landscape.width, 'J', [jpegSize.width!, jpegSize.height!])]);
    await savePages(tx, sha(landscapeScan), 'done', [asOcr(landscape, 1, 'P')]);
    const photoSize = await sharp(photoFile).metadata();
    await savePages(tx, sha(photoFile), 'done', [asOcr(noticeText, photoSize.width! / noticeText.width, 'F', [photoSize.width!, photoSize.height!])]);
  });
  t = Date.now();
  searchable = await exportDossier(archive, path.join(root, 'searchable.pdf'), { date: '2023-06-01' });
  searchableMs = Date.now() - t;
  // To look at it: KEEP_DOSSIER=/tmp/searchable.pdf npx jest test/integration/dossier-searchable
  if (process.env.KEEP_DOSSIER) await fs.copyFile(searchable.file, process.env.KEEP_DOSSIER);
  console.log(`dossier: ${plain.bytes} → ${searchable.bytes} bytes; ${plainMs} → ${searchableMs} ms`);
});
afterAll(() => archive.close());

const pageWith = (file: string, word: string) => allText(file).findIndex((t) => t.includes(word)) + 1;
const centre = (w: Word) => [(w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2];

test('without OCR text the scans have no text; with it, every name on the sign-in sheet is found', () => {
  const plainText = allText(plain.file).join('\n');
  expect(plainText).not.toContain('张伟');
  expect(plainText).not.toContain('〔2022〕12号');
  const text = allText(searchable.file).join('\n');
  for (const name of NAMES) expect(text).toContain(name);
  expect(text).toContain('科普工作推进会签到表');
  expect(searchable.pages).toBe(plain.pages);
});

test('each name lies in its row of the sheet as printed (the sheet fills the A4 page)', () => {
  const page = pageWith(searchable.file, '吴霞');
  expect(page).toBeGreaterThan(0);
  // 1240 × 1754 pixels fill the 595.28 × 841.89 pt sheet.
  const s = 595.28 / SHEET.width;
  const ws = words(searchable.file, page);
  for (const [i, name] of NAMES.entries()) {
    const w = ws.find((x) => x.text === name);
    expect(w).toBeDefined();
    const [cx, cy] = centre(w!);
    const rowTop = (SHEET.tableTop + (i + 1) * SHEET.rowH) * s;
    expect({ name, inRow: cy > rowTop && cy < rowTop + SHEET.rowH * s }).toEqual({ name, inRow: true });
    expect(cx).toBeGreaterThan(SHEET.left * s);
    expect(cx).toBeLessThan(SHEET.right * s);
  }
  // Rows in order down the page.
  const ys = NAMES.map((n) => centre(ws.find((x) => x.text === n)!)[1]);
  expect([...ys].sort((a, b) => a - b)).toEqual(ys);
});

test('the scan-only PDF is searchable: its 文号 and title at the place the notice prints them', () => {
  const page = pageWith(searchable.file, '某科协发〔2022〕12号');
  expect(page).toBeGreaterThan(0);
  const onPaper = words(searchable.file, page);
  const original = words(noticeSrc, 1);
  for (const probe of ['某科协发〔2022〕12号', '2022年3月15日']) {
    const a = original.find((w) => w.text === probe)!;
    const b = onPaper.find((w) => w.text === probe)!;
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    // An A4 scan prints at 100 %: the words where the notice has them, within a few points.
    expect(Math.abs(centre(a)[0] - centre(b)[0])).toBeLessThan(3);
    expect(Math.abs(centre(a)[1] - centre(b)[1])).toBeLessThan(4);
    expect(Math.abs(b.xMax - b.xMin - (a.xMax - a.xMin))).toBeLessThan(3);
  }
  expect(allText(searchable.file)[page - 1]).toContain('领导小组的通知');
});

test('the invisible layer changes no pixel of any page', async () => {
  const a = await render(plain.file, path.join(root, 'png-plain'));
  const b = await render(searchable.file, path.join(root, 'png-searchable'));
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    const [x, y] = await Promise.all([sharp(a[i]).raw().toBuffer(), sharp(b[i]).raw().toBuffer()]);
    expect({ page: i + 1, same: x.equals(y) }).toEqual({ page: i + 1, same: true });
  }
  // And the pages are not blank: the scans are there.
  const stats = await sharp(b[pageWith(searchable.file, '吴霞') - 1]).stats();
  expect(stats.channels[0].min).toBeLessThan(100);
});

/** The box around the words of a page that start with `mark` and belong to `line` (its words, marked). */
function lineBox(file: string, page: number, line: string, mark = ''): Word {
  const wanted = new Set(line.split(' ').map((w) => mark + w));
  const ws = words(file, page).filter((w) => wanted.has(w.text));
  expect(ws.length).toBe(wanted.size);
  return { text: line, xMin: Math.min(...ws.map((w) => w.xMin)), yMin: Math.min(...ws.map((w) => w.yMin)), xMax: Math.max(...ws.map((w) => w.xMax)), yMax: Math.max(...ws.map((w) => w.yMax)) };
}

/** Share of dark pixels under a box (points) of a page rendered at 72 dpi. */
async function ink(file: string, page: number, b: Word): Promise<number> {
  const base = path.join(root, `ink-${path.basename(file)}-${page}`);
  execFileSync('pdftoppm', ['-r', '72', '-png', '-f', String(page), '-l', String(page), '-singlefile', file, base]);
  const { data, info } = await sharp(`${base}.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  let all = 0;
  for (let y = Math.max(0, Math.floor(b.yMin)); y < Math.min(info.height, Math.ceil(b.yMax)); y++) {
    for (let x = Math.max(0, Math.floor(b.xMin)); x < Math.min(info.width, Math.ceil(b.xMax)); x++) {
      all++;
      if (data[y * info.width + x] < 128) dark++;
    }
  }
  return all ? dark / all : 0;
}

/** The box turned half a turn about the sheet's centre: where the words would be on a page turned the wrong way. */
function opposite(b: Word): Word {
  return { text: b.text, xMin: 595.28 - b.xMax, xMax: 595.28 - b.xMin, yMin: 841.89 - b.yMax, yMax: 841.89 - b.yMin };
}

test('a landscape scan, turned onto the sheet, has its words over its lines: as a picture and as a scan-only PDF page', async () => {
  for (const mark of ['J', 'P']) {
    const page = pageWith(searchable.file, `${mark}Sierra`);
    expect(page).toBeGreaterThan(0);
    for (const line of LANDSCAPE_LINES) {
      const b = lineBox(searchable.file, page, line, mark);
      // On its side: the line runs down the sheet.
      expect(b.yMax - b.yMin).toBeGreaterThan(3 * (b.xMax - b.xMin));
      expect({ mark, line, inked: (await ink(searchable.file, page, b)) > 0.08 }).toEqual({ mark, line, inked: true });
      expect({ mark, line, blank: (await ink(searchable.file, page, opposite(b))) < 0.01 }).toEqual({ mark, line, blank: true });
    }
  }
});

test('duplex: a landscape scan on a back page is turned the other way, and its words go with it', async () => {
  const duplex = await exportDossier(archive, path.join(root, 'duplex.pdf'), { date: '2023-06-01', duplex: true });
  const sides = new Set<number>();
  for (const mark of ['J', 'P']) {
    const page = pageWith(duplex.file, `${mark}Sierra`);
    sides.add(page % 2);
    const b = lineBox(duplex.file, page, LANDSCAPE_LINES[0], mark);
    expect(b.yMax - b.yMin).toBeGreaterThan(3 * (b.xMax - b.xMin));
    expect({ mark, page, inked: (await ink(duplex.file, page, b)) > 0.08 }).toEqual({ mark, page, inked: true });
    expect({ mark, page, blank: (await ink(duplex.file, page, opposite(b))) < 0.01 }).toEqual({ mark, page, blank: true });
  }
  // One on a front page and one on a back page: both turns are tried.
  expect(sides.size).toBe(2);
});

test('a document photographed and printed as a photo: its words scaled into the photo with it', async () => {
  const page = pageWith(searchable.file, 'F某科协发〔2022〕12号');
  expect(page).toBeGreaterThan(0);
  const scanPage = pageWith(searchable.file, '某科协发〔2022〕12号');
  const at = (file: number, word: string) => centre(words(searchable.file, file).find((w) => w.text === word)!);
  const [a0, a1] = [at(scanPage, '某科协发〔2022〕12号'), at(scanPage, '2022年3月15日')];
  const [b0, b1] = [at(page, 'F某科协发〔2022〕12号'), at(page, 'F2022年3月15日')];
  // Smaller than the sheet (the caption takes room), the same shape.
  const kx = (b1[0] - b0[0]) / (a1[0] - a0[0]);
  const ky = (b1[1] - b0[1]) / (a1[1] - a0[1]);
  expect(ky).toBeLessThan(0.95);
  expect(ky).toBeGreaterThan(0.4);
  expect(Math.abs(kx / ky - 1)).toBeLessThan(0.05);
  // Over the printed 文号 (thin 仿宋, scaled down: little ink), not over the blank paper beside it.
  const b = lineBox(searchable.file, page, '某科协发〔2022〕12号', 'F');
  const w = b.xMax - b.xMin;
  expect(await ink(searchable.file, page, b)).toBeGreaterThan(0.02);
  expect(await ink(searchable.file, page, { ...b, xMin: b.xMax + w * 0.1, xMax: b.xMax + w * 0.6 })).toBeLessThan(0.005);
});
