// Body text and Word documents on the printed page, measured as an inspector would: GB/T 9704's
// 28 characters a line and 22 lines a page, a centred 2号 title, 一、 in 黑体 and （一） in 楷体,
// and no file name printed above the document.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { exportDossier, type DossierResult } from '../../main/export/dossier/dossier';
import { importPaths } from '../../main/intake/import';
import { BINDING_MARGIN, TEXT_AREA } from '../../main/export/pdf/geometry';
import { makeArchive } from '../helpers/archive';
import { allText, fonts, words, type Word } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import { writeDocxFile } from '../helpers/docx';

const root = tmpDir('tz-dossier-text-');
let archive: Archive;
let result: DossierResult;
let pages: string[];

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A paragraph with direct formatting: jc, size in points, bold, east-Asian font. */
function p(text: string, f: { jc?: string; pt?: number; bold?: boolean; font?: string; firstLineChars?: number } = {}): string {
  const ppr = [f.jc ? `<w:jc w:val="${f.jc}"/>` : '', f.firstLineChars != null ? `<w:ind w:firstLineChars="${f.firstLineChars * 100}"/>` : ''].join('');
  const rpr = [
    f.font ? `<w:rFonts w:ascii="${f.font}" w:eastAsia="${f.font}"/>` : '',
    f.bold ? '<w:b/>' : '',
    f.pt ? `<w:sz w:val="${f.pt * 2}"/><w:szCs w:val="${f.pt * 2}"/>` : '',
  ].join('');
  return `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

async function docx(file: string, body: string): Promise<void> {
  await writeDocxFile(file, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
}

// Plain running text: no punctuation, so every line is a full line of the grid.
const RUN = '为深入贯彻落实全民科学素质行动规划纲要进一步提升全县公民科学素质水平推动科普示范县创建工作取得实效';
const PLAIN = Array.from({ length: 14 }, (_, i) => `${RUN}${RUN}第${i + 1}段`);
const TITLE = '关于举办2023年全县科技创新竞赛暨青少年科普知识大赛的通知';

beforeAll(async () => {
  const src = path.join(root, 'src', '创建材料', '一、加强组织领导（20分）', '（一）成立领导小组');
  await docx(path.join(src, '正文排版样张.docx'), PLAIN.map((t) => p(t)).join(''));
  await docx(
    path.join(src, '竞赛通知.docx'),
    [
      p(TITLE, { jc: 'center', pt: 22, font: '方正小标宋简体' }),
      p('各乡镇人民政府，县直各单位：', { pt: 16 }),
      p('为激发青少年科学兴趣，县科协决定举办本次竞赛，现将有关事项通知如下。', { pt: 16, firstLineChars: 2 }),
      p('一、竞赛时间和地点', { pt: 16 }),
      p('2023年5月20日，县青少年活动中心。', { pt: 16 }),
      p('二、参赛对象', { pt: 16 }),
      p('（一）中小学组。全县在校中小学生均可报名。', { pt: 16 }),
      p('（二）社会组。年满十八周岁的县内居民。', { pt: 16 }),
      p('1.报名材料须于5月10日前报送。', { pt: 16 }),
      p('县科协', { pt: 16, jc: 'right' }),
      p('2023年4月1日', { pt: 16, jc: 'right' }),
    ].join(''),
  );
  archive = await makeArchive(root, 'archive', ['2022-04-01', '2023-12-31']);
  await importPaths(archive, [path.join(root, 'src', '创建材料')]);
  result = await exportDossier(archive, path.join(root, 'out.pdf'), { date: '2023-06-01' });
  pages = allText(result.file);
  if (process.env.KEEP_PDF) await fs.copyFile(result.file, process.env.KEEP_PDF);
}, 120_000);
afterAll(() => archive.close());

/** The page's words grouped into lines by their top, in order down the page. */
function lines(ws: Word[]): { y: number; x: number; xMax: number; text: string }[] {
  const out: { y: number; x: number; xMax: number; text: string }[] = [];
  for (const w of [...ws].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.y - w.yMin) < 3) {
      last.text += w.text;
      last.xMax = Math.max(last.xMax, w.xMax);
    } else out.push({ y: w.yMin, x: w.xMin, xMax: w.xMax, text: w.text });
  }
  return out;
}

/** Names of the fonts a page uses (pdffonts -f N -l N). */
function pageFonts(file: string, page: number): string[] {
  const out = execFileSync('pdffonts', ['-f', String(page), '-l', String(page), file], { encoding: 'utf8' });
  return out.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/)[0]);
}

const pageOf = (needle: string, from = 0) => pages.findIndex((t, i) => i >= from && t.replace(/\s+/g, '').includes(needle)) + 1;

test('body text: 28 characters on a full line, 22 lines on a full page (GB/T 9704)', () => {
  // The second page of the plain document is all running text.
  const first = pageOf('第1段');
  expect(first).toBeGreaterThan(0);
  const page = first + 1;
  const body = lines(words(result.file, page)).filter((l) => !/^—\d+—$/.test(l.text.replace(/\s/g, '')));
  const left = BINDING_MARGIN;
  const right = left + TEXT_AREA.width;
  // Lines that run from edge to edge: a paragraph's first line is indented two characters.
  const full = body.filter((l) => /^[\u4e00-\u9fff]+$/.test(l.text) && l.xMax > right - 2);
  const wrapped = full.filter((l) => Math.abs(l.x - left) < 1);
  const firsts = full.filter((l) => l.x > left + 1);
  if (process.env.SHOW_MEASURE) console.log(page, body.length, body.map((l) => `${l.text.length} ${l.x.toFixed(1)}-${l.xMax.toFixed(1)} ${l.y.toFixed(1)}`));
  expect(body.length).toBe(22);
  expect(wrapped.length).toBeGreaterThan(8);
  expect(firsts.length).toBeGreaterThan(3);
  for (const l of wrapped) expect([...l.text].length).toBe(28);
  for (const l of firsts) {
    expect([...l.text].length).toBe(26);
    expect(l.x - left).toBeCloseTo((2 * TEXT_AREA.width) / 28, 0);
  }
  for (const l of full) expect(l.xMax).toBeLessThan(right + 0.5);
  // A fixed pitch: 225 mm / 22.
  const pitches = body.slice(1).map((l, i) => l.y - body[i].y);
  for (const d of pitches) expect(d).toBeCloseTo(TEXT_AREA.height / 22, 0);
});

test('a Word notice looks like itself: the centred 22 pt title centred and broken between words, 一、 in 黑体, （一） in 楷体, 落款 at the right', () => {
  const page = pageOf('关于举办2023年全县科技创新竞赛');
  expect(page).toBeGreaterThan(0);
  const ls = lines(words(result.file, page));
  if (process.env.SHOW_MEASURE) console.log(page, ls.map((l) => `${l.text} ${l.x.toFixed(1)}-${l.xMax.toFixed(1)} ${l.y.toFixed(1)}`));
  const i = ls.findIndex((l) => l.text.startsWith('关于举办2023年全县科技创新竞赛'));
  const title = [ls[i], ls[i + 1]];
  // Two lines, broken between words, the upper one longer (a trapezoid), each centred.
  expect(title.map((l) => l.text).join('')).toBe(TITLE);
  expect(title[0].text.endsWith('科技创')).toBe(false);
  expect(title[0].xMax - title[0].x).toBeGreaterThanOrEqual(title[1].xMax - title[1].x - 0.5);
  const centre = BINDING_MARGIN + TEXT_AREA.width / 2;
  for (const l of title) expect((l.x + l.xMax) / 2).toBeCloseTo(centre, -0.5); // within ±1.6 pt
  // 22 pt: the glyphs are taller than the body's.
  const titleWord = words(result.file, page).find((w) => w.text.startsWith('关于举办'))!;
  expect(titleWord.yMax - titleWord.yMin).toBeGreaterThan(20);
  // The 主送机关 flush left; the indented paragraph and the headings two characters in.
  const left = BINDING_MARGIN;
  expect(ls.find((l) => l.text.startsWith('各乡镇人民政府'))!.x).toBeCloseTo(left, 0);
  for (const start of ['为激发', '一、', '（一）']) expect(ls.find((l) => l.text.startsWith(start))!.x - left).toBeCloseTo((2 * TEXT_AREA.width) / 28, 0);
  // The 落款 at the right edge of the text area.
  const sign = ls.find((l) => l.text === '县科协')!;
  expect(sign.xMax).toBeCloseTo(BINDING_MARGIN + TEXT_AREA.width, -0.5);
  // Headings in their faces: 黑体 and 楷体 subsets on this page, embedded.
  const used = pageFonts(result.file, page);
  expect(used.some((n) => /Hei/i.test(n))).toBe(true);
  expect(used.some((n) => /Kai|WenKai/i.test(n))).toBe(true);
  expect(fonts(result.file).filter((f) => /Hei|Kai/i.test(f.name)).every((f) => f.embedded && f.subset)).toBe(true);
});

test('no file name is printed above a Word document', () => {
  // An item's first page carries the item's heading (件号 and 题名, which may be the file's name)
  // and its 归档章; nothing else stands above the document, and never the file's name as a label.
  for (const [first, name] of [
    ['第1段', '正文排版样张'],
    ['关于举办2023年全县科技创新竞赛', '竞赛通知'],
  ]) {
    const page = pageOf(first);
    const ls = lines(words(result.file, page)).map((l) => l.text);
    const start = ls.findIndex((t) => t.startsWith(first.slice(0, 4)) || t.startsWith(RUN.slice(0, 4)));
    expect(start).toBeGreaterThanOrEqual(0);
    for (const t of ls.slice(0, start)) if (t.includes(name)) expect(t).toMatch(/^\d{4}/);
    for (const t of ls.slice(start)) expect(t).not.toContain(name);
  }
});
