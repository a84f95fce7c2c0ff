// The bound dossier, read back with poppler and qpdf as an inspector's office would see it.
import fs from 'node:fs';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { listItems, setCaption, updateItem } from '../../main/archive/items-repo';
import { dossierPages, exportDossier, type DossierResult } from '../../main/export/dossier/dossier';
import { planDossier } from '../../main/export/dossier/plan';
import { filedArchive } from '../helpers/clerk-folder';
import { allText, fonts, images, outline, pageSizes, qpdfCheck, words } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import type { Item } from '../../shared/domain';

const root = tmpDir('tz-dossier-');
let archive: Archive;
let items: Item[];
let simplex: DossierResult;
let simplexText: string[];

const item = (title: string) => items.find((i) => i.title === title)!;
/** Whether a page's text carries the 归档章 of item 件号 `n` (its top row: 全宗号 年度 件号). */
const stamped = (text: string, n: string) => new RegExp(`Z109\\s+\\d{4}\\s+${n}`).test(text);
/** 件号 of each item by title, from the dossier's plan. */
let numbers: Map<string, string>;
const numberOf = (title: string) => numbers.get(title)!;
/** Printed page number on a page's text, if any: "— 7 —". */
const printedNumber = (text: string) => {
  const m = /—\s*(\d+)\s*—\s*$/.exec(text.trimEnd());
  return m ? Number(m[1]) : null;
};

beforeAll(async () => {
  // The first meeting is evidence for 2.2 too: printed once, cross-referenced there.
  archive = await filedArchive(root);
  items = await listItems(archive.db);
  await archive.db.transaction(async (tx) => {
    await updateItem(tx, item('第一次推进会').id, { location: '县政府三楼会议室', participants: 45, responsible: '县科协' });
    const photo = item('第一次推进会').files.find((f) => f.name === 'IMG_0001.jpg')!;
    await setCaption(tx, photo.id, { people: '张堃、李喆、王昇、赵珺、𠮷田', photographer: '刘明', subject: '部署科普示范县创建工作' });
  });
  items = await listItems(archive.db);
  // The four files under 2.1 are items the app cannot read, left out by default
  // (exclusion-exports.test.ts); printed here, marked, for their placeholder pages.
  simplex = await exportDossier(archive, path.join(root, 'simplex.pdf'), { date: '2023-06-01', includeExcluded: true });
  simplexText = allText(simplex.file);
  numbers = new Map((await planDossier(archive, { includeExcluded: true })).items.map((p) => [p.item.title, p.code.slice(-4)]));
});
afterAll(() => archive.close());

test('the PDF is sound: qpdf clean, every page A4, fonts embedded as subsets', () => {
  expect(qpdfCheck(simplex.file)).toContain('No syntax or stream encoding errors found');
  const sizes = pageSizes(simplex.file);
  expect(sizes).toHaveLength(simplex.pages);
  for (const s of sizes) {
    expect(s.width).toBeCloseTo(595.28, 0);
    expect(s.height).toBeCloseTo(841.89, 0);
  }
  // Our own faces are embedded as subsets; merged PDFs keep the fonts they came with (the
  // generated samples use the standard Helvetica, which viewers always have).
  const f = fonts(simplex.file).filter((x) => !/^Helvetica/.test(x.name));
  expect(f.length).toBeGreaterThan(0);
  for (const font of f) expect(font).toMatchObject({ embedded: true, subset: true });
  expect(fs.statSync(simplex.file).size).toBe(simplex.bytes);
});

test('the contents list every indicator and item with the page it really starts on', () => {
  const contents = simplexText.slice(1, 4).join('\n');
  const entries = [...contents.matchAll(/^\s*(\S.*?)\s*[·.]{2,}\s*(\d+)\s*$/gm)].map((m) => ({ text: m[1].trim(), page: Number(m[2]) }));
  expect(entries.length).toBe(6 + items.filter((i) => i.indicators.length > 0).length);
  const byPrinted = new Map<number, string>();
  simplexText.forEach((t) => {
    const n = printedNumber(t);
    if (n != null) byPrinted.set(n, t);
  });
  for (const e of entries) {
    const page = byPrinted.get(e.page);
    expect(page).toBeDefined();
    // An item's first page carries its 归档章 (件号), whatever the page is (a merged original has
    // no heading); an indicator's page its title (without the code, and without an ellipsis).
    const it = items.find((i) => e.text.includes(i.title) || (e.text.length > 4 && i.title.includes(e.text.replace(/…$/, ''))));
    const n = /^(\d{4})\s/.exec(e.text)?.[1] ?? (it && numberOf(it.title));
    if (n) {
      expect(stamped(page!, n)).toBe(true);
      continue;
    }
    const title = e.text.replace(/^\S+\s+/, '').replace(/…$/, '');
    expect(page!.replace(/\s+/g, '')).toContain(title.replace(/\s+/g, ''));
  }
});

test('Chinese text, rare name characters included, extracts back exactly', () => {
  const all = simplexText.join('\n');
  expect(all).toContain('召开工作推进会');
  expect(all).toContain('关于成立创建工作领导小组的通知');
  expect(all).toContain('张堃、李喆、王昇、赵珺、𠮷田');
  expect(all).toContain('县政府三楼会议室');
  expect(all).toContain('第一次推进会会议记录'); // DOCX text laid out
});

test('page numbers: body pages carry — N —, odd at the right, even at the left; cover and contents none', () => {
  expect(printedNumber(simplexText[0])).toBeNull();
  const numbered = simplexText.map(printedNumber);
  const first = numbered.findIndex((n) => n != null);
  expect(numbered[first]).toBe(1);
  for (let i = first; i < numbered.length; i++) expect(numbered[i]).toBe(i - first + 1);
  for (const physical of [first + 1, first + 2]) {
    const n = numbered[physical - 1]!;
    const w = words(simplex.file, physical).filter((x) => x.text === String(n)).pop()!;
    if (n % 2 === 1) expect(w.xMin).toBeGreaterThan(400);
    else expect(w.xMax).toBeLessThan(200);
  }
});

test('merged PDFs keep their pages; unreadable files print as placeholder pages', () => {
  const all = simplexText.join('\f');
  for (let p = 1; p <= 3; p++) expect(all).toContain(`Page ${p} of 3`);
  const placeholders = simplexText.filter((t) => t.includes('此处文件无法打印'));
  const names = ['加密通知.pdf', '培训课件.wps', '培训照片.HEIC', '损坏的照片.jpg'];
  expect(placeholders).toHaveLength(names.length);
  for (const n of names) expect(placeholders.some((t) => t.includes(n))).toBe(true);
  expect(simplex.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(names));
});

test('photos stand upright with their captions', () => {
  // IMG_0001 is a 2000×1500 sensor image with EXIF orientation 6: printed portrait.
  const portrait = images(simplex.file).filter((i) => i.height > i.width);
  expect(portrait.length).toBeGreaterThanOrEqual(2); // the rotated photo and the sign-in sheet
  const captionPage = simplexText.find((t) => t.includes('𠮷田'))!;
  for (const label of ['题名', '时间', '地点', '人物', '背景/事由', '摄影者']) expect(captionPage).toContain(label);
  expect(captionPage).toContain('2023年3月8日 09:30');
  expect(captionPage).toContain('刘明');
});

test('an item under two indicators prints once, and as "见第 N 页" under the second', () => {
  const all = simplexText.join('\n');
  const forms = simplexText.filter((t) => t.includes('测评材料提交表'));
  expect(forms).toHaveLength(4);
  const form22 = forms.find((t) => t.includes('科技志愿服务活动'))!;
  const m = /见第(\d+)页/.exec(form22.replace(/\s+/g, ''));
  expect(m).not.toBeNull();
  const target = simplexText.find((t) => printedNumber(t) === Number(m![1]))!;
  // Its first page, with its 归档章: stamped once in the whole dossier, its heading printed once.
  const n = numberOf('第一次推进会');
  expect(stamped(target, n)).toBe(true);
  expect(simplexText.filter((t) => stamped(t, n))).toHaveLength(1);
  expect(simplexText.filter((t) => new RegExp(`${n}\\s+第一次推进会\\s+2023年3月8日`).test(t))).toHaveLength(1);
});

test('the outline mirrors indicators and items with the right pages', () => {
  const o = outline(simplex.file);
  const titles = o.map((x) => x.title);
  expect(titles).toEqual(expect.arrayContaining(['1 加强组织领导', '1.2 召开工作推进会', '2.2 科技志愿服务活动']));
  const meeting = o.find((x) => x.title.endsWith('第一次推进会'))!;
  expect(meeting.depth).toBe(2);
  expect(stamped(simplexText[meeting.page - 1], numberOf('第一次推进会'))).toBe(true);
  const ind = o.find((x) => x.title === '1.2 召开工作推进会')!;
  expect(simplexText[ind.page - 1]).toContain('召开工作推进会');
});

test('duplex: sections start on odd pages, inserted blanks carry no number, two photos to a page', async () => {
  const r = await exportDossier(archive, path.join(root, 'duplex.pdf'), { duplex: true, photosPerPage: 2, date: '2023-06-01' });
  const text = allText(r.file);
  const o = outline(r.file).filter((x) => /^\d{1,3}(\.\d+)* /.test(x.title));
  for (const x of o) expect(x.page % 2).toBe(1);
  const blanks = text.map((t, i) => ({ t, i })).filter(({ t }) => t.trim() === '');
  expect(blanks.length).toBeGreaterThan(0);
  // Printed numbers keep the parity of the sheet side: odd numbers on odd physical pages.
  text.forEach((t, i) => {
    const n = printedNumber(t);
    if (n != null) expect(Math.abs(n - (i + 1)) % 2).toBe(0);
  });
  const photoPages = text.filter((t) => (t.match(/摄影者/g) ?? []).length === 2);
  expect(photoPages.length).toBeGreaterThanOrEqual(1);
  expect(qpdfCheck(r.file)).toContain('No syntax or stream encoding errors found');
});

test('a subset of indicators, and options that leave parts out', async () => {
  const r = await exportDossier(archive, path.join(root, 'subset.pdf'), { indicators: ['1.2'], cover: false, contents: false, stamp: false, date: '2023-06-01' });
  const text = allText(r.file).join('\n');
  expect(text).toContain('召开工作推进会');
  expect(text).toContain('第一次推进会');
  expect(text).not.toContain('党员干部科技培训');
  expect(text).not.toContain('目　　录');
  await expect(exportDossier(archive, path.join(root, 'x.pdf'), { indicators: ['9.9'] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
});

test('a cancelled export leaves no file, half-written or otherwise', async () => {
  const ac = new AbortController();
  const out = path.join(root, 'cancelled.pdf');
  let seen = 0;
  const p = exportDossier(archive, out, {}, { signal: ac.signal, onProgress: (pr) => { if (pr.phase === '生成台账' && ++seen === 2) ac.abort(); } });
  await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  expect(fs.readdirSync(root).filter((n) => n.includes('cancelled'))).toEqual([]);
});

test('dossierPages gives the printed page ranges the PDF has, without writing it', async () => {
  const pages = await dossierPages(archive, { date: '2023-06-01', includeExcluded: true });
  expect(pages.pages).toBe(simplex.pages);
  expect(pages.generated).toBe(simplex.generated);
  const meeting = pages.items.get(item('第一次推进会').id)!;
  // No placeholder among its files: all its pages are its own.
  expect(meeting.count).toBe(meeting.last - meeting.first + 1);
  const first = simplexText.find((t) => printedNumber(t) === meeting.first)!;
  expect(stamped(first, numberOf('第一次推进会'))).toBe(true);
  // 页数 counts no placeholder page: the unreadable files' items have none of their own.
  for (const title of ['加密通知', '培训课件']) {
    const it = items.find((i) => i.files.some((f) => f.name.startsWith(title)));
    if (it) expect(pages.items.get(it.id)!.count).toBe(0);
  }
});

test('no header or heading-only pages: a top-level indicator with items of its own lists them beneath its heading', () => {
  const section = simplexText.find((t) => /^\s*1\s+加强组织领导/.test(t))!;
  expect(section).toContain('本级佐证材料');
  expect(section).toContain('领导讲话');
  // Lower levels have no page of their own; no page is an item header ("档号" table) any more.
  expect(simplexText.filter((t) => /^\s*1\.\d\s+\S/.test(t))).toHaveLength(0);
  expect(simplexText.filter((t) => t.includes('档号'))).toHaveLength(0);
});
