// Long titles break between words (jieba), shaped as a trapezoid or a diamond, as even as can be.
import PDFDocument from 'pdfkit';
import { loadFonts, textWidth, type FontSet } from '../../main/export/pdf/fonts';
import { TEXT_AREA } from '../../main/export/pdf/geometry';
import { titleLines, titleWords } from '../../main/export/dossier/title-break';

let fonts: FontSet;
let measure22: (s: string) => number;
beforeAll(async () => {
  fonts = await loadFonts({ useSystem: false });
  const doc = new PDFDocument({ autoFirstPage: false });
  measure22 = (s) => textWidth(doc, fonts, s, 'title', 22);
});

/** Every line starts and ends on a word boundary of the title. */
function onWordBoundaries(title: string, lines: string[]): boolean {
  const bounds = new Set<number>();
  let at = 0;
  for (const w of titleWords(title)) bounds.add((at += w.length));
  let pos = 0;
  return lines.every((l) => {
    pos += l.length;
    return bounds.has(pos);
  });
}

const W = TEXT_AREA.width;

test('科技创新 and 青少年 stay whole; the upper line is as long as the lower or longer, and close to it', () => {
  const title = '关于举办2023年全县科技创新竞赛暨青少年科普知识大赛的通知';
  const lines = titleLines(title, W, measure22);
  expect(lines.join('')).toBe(title);
  expect(lines).toHaveLength(2);
  expect(onWordBoundaries(title, lines)).toBe(true);
  for (const bad of ['科技创', '青少', '科普知']) expect(lines.some((l) => l.endsWith(bad))).toBe(false);
  expect(lines.some((l) => l.endsWith('2023') || l.startsWith('年'))).toBe(false);
  const [a, b] = lines.map(measure22);
  expect(a).toBeGreaterThanOrEqual(b);
  expect(a - b).toBeLessThanOrEqual(22 * 4); // within a word or two of even
});

test('real notice titles: whole words, trapezoid or diamond, every line inside the text area', () => {
  const titles = [
    '关于印发《某某县创建全国科普示范县工作实施方案（2022—2025年）》的通知',
    '中共某某县委办公室某某县人民政府办公室关于成立某某县创建全国科普示范县工作领导小组的通知',
    '关于开展2023年全国科技活动周暨第三届青少年科技创新大赛系列活动的通知',
    '某某县科学技术协会关于表彰2022年度科普工作先进集体和先进个人的决定',
  ];
  for (const title of titles) {
    const lines = titleLines(title, W, measure22);
    expect(lines.join('')).toBe(title);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(onWordBoundaries(title, lines)).toBe(true);
    const ws = lines.map(measure22);
    for (const w of ws) expect(w).toBeLessThanOrEqual(W + 0.01);
    const trapezoid = ws.every((w, i) => i === 0 || w <= ws[i - 1] + 0.01);
    const top = ws.indexOf(Math.max(...ws));
    const diamond = ws.length >= 3 && top > 0 && top < ws.length - 1;
    expect(trapezoid || diamond).toBe(true);
    // Not a rectangle with a stub: the last line is at least a third of the longest.
    expect(ws[ws.length - 1]).toBeGreaterThan(Math.max(...ws) / 3);
    expect(lines.some((l) => /^[，。、）》]/.test(l) || /[（《]$/.test(l))).toBe(false);
  }
});

test('a title that fits is one line; without jieba the break still balances', () => {
  expect(titleLines('关于成立创建工作领导小组的通知', W, measure22)).toEqual(['关于成立创建工作领导小组的通知']);
  const lines = titleLines('关于举办2023年全县科技创新竞赛暨青少年科普知识大赛的通知', W, measure22, null);
  expect(lines).toHaveLength(2);
  expect(measure22(lines[0])).toBeGreaterThanOrEqual(measure22(lines[1]));
});
