// The bound dossier, read back with poppler and qpdf as an inspector's office would see it.
import fs from 'node:fs';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { listItems, setCaption, updateItem } from '../../main/archive/items-repo';
import { dossierPages, exportDossier, type DossierResult } from '../../main/export/dossier/dossier';
import { planDossier } from '../../main/export/dossier/plan';
import { filedArchive } from '../helpers/clerk-folder';
import { allText, fonts, images, links, outline, pageContent, pageLabels, pageSizes, qpdfCheck, words, type Link } from '../helpers/pdf-tools';
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

/** The viewer's page labels say what the pages print: i, ii … before — 1 —, then the printed numbers. */
function expectLabelsMatchPrinted(file: string, text: string[]) {
  const labels = pageLabels(file);
  expect(labels).toHaveLength(text.length);
  const numbered = text.map(printedNumber);
  const first = numbered.findIndex((n) => n != null);
  const roman = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
  for (let i = 0; i < first; i++) expect(labels[i]).toBe(roman[i]);
  labels.slice(first).forEach((l, k) => {
    // Blank pages carry no number but keep their place in the count.
    if (numbered[first + k] != null) expect(l).toBe(String(numbered[first + k]));
    expect(l).toBe(String(k + 1));
  });
}

/** The printed page numbers a link's box covers on its page ("34", "34—39" → 34, "见第12页" → 12). */
function numberUnder(file: string, link: Link): number | null {
  const height = 841.89;
  const [x1, y1, x2, y2] = link.rect;
  const inside = words(file, link.page).filter((w) => {
    const cx = (w.xMin + w.xMax) / 2;
    const cy = (w.yMin + w.yMax) / 2;
    return cx > x1 && cx < x2 && cy > height - y2 && cy < height - y1;
  });
  // The rightmost page number in the box: the contents' page number ends its entry (words come
  // in the order they were drawn, not as they stand).
  const nums = inside
    .sort((a, b) => a.xMax - b.xMax)
    .map((w) => /^(?:见第)?(\d+)(?:—\d+)?页?$/.exec(w.text)?.[1])
    .filter((n): n is string => n != null);
  return nums.length ? Number(nums[nums.length - 1]) : null;
}

test('page labels: the viewer shows i, ii … on the cover and contents, then the printed — N —', () => {
  expectLabelsMatchPrinted(simplex.file, simplexText);
});

/**
 * Every contents entry and every page a 提交表 names is a link, and each goes to the page whose
 * printed number the entry shows.
 */
function expectLinksResolve(file: string, text: string[]) {
  const all = links(file);
  const first = text.findIndex((t) => printedNumber(t) != null) + 1;
  const contents = all.filter((l) => l.page < first);
  // As many as the contents have entries (each ends in leaders and a page number).
  const entries = text.slice(0, first - 1).join('\n').match(/[·.]{2,}\s*\d+\s*$/gm) ?? [];
  expect(contents.length).toBe(entries.length);
  expect(contents.length).toBeGreaterThan(6);
  const formPages = new Set(text.flatMap((t, i) => (t.includes('测评材料提交表') ? [i + 1] : [])));
  const forms = all.filter((l) => formPages.has(l.page));
  // Every row of every form that names a page: its 序号 first, its page (range) last; an undated
  // item's row has no date before the page.
  const rows = [...formPages].flatMap((p) => [...text[p - 1].matchAll(/^\d+\s{2,}\S.*?\s(见第\s*\d+\s*页|\d+(?:—\d+)?)\s*$/gm)]);
  expect(forms.length).toBe(rows.length);
  expect(forms.length).toBeGreaterThan(0);
  for (const l of [...contents, ...forms]) {
    expect(l.target).toBeGreaterThan(0);
    const n = numberUnder(file, l);
    expect(n).not.toBeNull();
    expect(printedNumber(text[l.target - 1])).toBe(n);
  }
  expect(all.every((l) => l.target > 0)).toBe(true);
}

test('links: every contents entry and every page range of a 提交表 goes to the page it names', () => {
  expectLinksResolve(simplex.file, simplexText);
  // The contents pages (before the first numbered page): one link per indicator and per filed item.
  const body = simplexText.findIndex((t) => printedNumber(t) != null) + 1;
  expect(links(simplex.file).filter((l) => l.page < body)).toHaveLength(6 + items.filter((i) => i.indicators.length > 0).length);
});

test('the 提交表: dates on one line, labels level with their values', () => {
  const forms = simplexText.map((t, i) => ({ t, page: i + 1 })).filter(({ t }) => t.includes('测评材料提交表'));
  for (const { t, page } of forms) {
    // A date broken over two lines would leave "2023年3月" or "2023年3月8" at a line's end.
    expect(t).not.toMatch(/\d{4}年\d{1,2}月\d{0,2}\s*$/m);
    // Every line of text in the label column (and the 序号 column under it) stands on the
    // baseline of a line in the columns to its right: labels in 黑体 level with values in 宋体.
    const lines = [...pageContent(simplex.file, page).matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) Tm/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    // Labels are centred in the first 88 pt of the 442 pt table (from x = 79.4), 序号 in the
    // first 43 pt; the titles begin at 126.
    const inBody = lines.filter((l) => l.y > 110);
    const labels = inBody.filter((l) => l.x < 120);
    for (const l of labels) {
      // The lines beside it (an empty 结论性说明 has none) are on its baseline, none a point or two off.
      const beside = inBody.filter((v) => v.x > l.x + 20 && Math.abs(v.y - l.y) < 12);
      for (const v of beside) expect(v.y).toBeCloseTo(l.y, 2);
    }
    expect(labels.filter((l) => inBody.some((v) => v.x > l.x + 20 && v.y === l.y)).length).toBeGreaterThanOrEqual(6);
  }
  const dated = simplexText.filter((t) => t.includes('测评材料提交表')).join('\n');
  expect(dated).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
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
  expectLabelsMatchPrinted(r.file, text);
  // Back pages are drawn shifted for the binding side; their links are where their text is.
  expectLinksResolve(r.file, text);
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
