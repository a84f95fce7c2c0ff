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
  await importPaths(archive, [path.join(src, '1.1 成立领导小组'), path.join(src, '1.2 召开工作推进会')]);
  items = await listItems(archive.db);

  let t = Date.now();
  plain = await exportDossier(archive, path.join(root, 'plain.pdf'), { date: '2023-06-01' });
  plainMs = Date.now() - t;

  const sha = (file: string) => items.flatMap((i) => i.files).find((f) => f.name === path.basename(file))!.sha256;
  await archive.db.transaction(async (tx) => {
    await savePages(tx, sha(signInFile), 'done', [signInOcr()], { signed: NAMES.length });
    // The scan's OCR lines where the notice has them: the page was scanned at its full size.
    await savePages(tx, sha(scanFile), 'done', [{ ...noticeText, source: 'ocr', engine: 'paddle' }]);
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
