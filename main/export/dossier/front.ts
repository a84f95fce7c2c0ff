// The front of the dossier: the cover (封面) and the contents (目录) with true page numbers.
import { baselineOffset, textWidth, writeText } from '../pdf/fonts';
import { MM, PT } from '../pdf/geometry';
import { para, SMALL, TITLE } from './text';
import type { Pager } from './pager';
import { linkTo } from './nav';
import type { DossierPlan } from './plan';
import { walk } from './plan';
import { chineseDate } from '../../../shared/names';
import { RETENTION_LABELS } from '../../../shared/domain';

export function cover(pager: Pager, plan: DossierPlan, today: string): void {
  const { doc } = pager;
  const c = plan.campaign;
  pager.addPage('front');
  pager.mark('cover');
  doc.y = pager.top + 50 * MM;
  para(pager, c.name, { ...TITLE, size: 26, pitch: 40 });
  para(pager, '迎检材料台账', { ...TITLE, size: PT.er, pitch: 36 });
  doc.y = pager.top + 130 * MM;
  const rows: [string, string][] = [
    ['单　　位', c.unit],
    ['年　　度', c.year ? String(c.year) : ''],
    ['保管期限', RETENTION_LABELS[c.retention]],
    ['全 宗 号', c.fonds],
    ['机　　构', c.orgCode],
    ['创建时段', c.windowStart || c.windowEnd ? `${chineseDate(c.windowStart)}至${chineseDate(c.windowEnd)}` : ''],
    ['编制日期', chineseDate(today)],
  ];
  const labelX = pager.left + 30 * MM;
  const valueX = labelX + 34 * MM;
  // Label in 黑体 and value in 仿宋 on one baseline (the faces' ascenders differ).
  const hei = baselineOffset(pager.fonts, 'hei', PT.san);
  const fang = baselineOffset(pager.fonts, 'fang', PT.san);
  const line = Math.max(hei, fang);
  for (const [k, v] of rows) {
    const y = doc.y;
    writeText(doc, pager.fonts, k, { role: 'hei', size: PT.san, x: labelX, y: y + line - hei, lineBreak: false });
    writeText(doc, pager.fonts, v || ' ', { role: 'fang', size: PT.san, x: valueX, y: y + line - fang, width: pager.width - (valueX - pager.left) - 10 * MM });
    doc.moveTo(valueX, y + line + 6).lineTo(pager.left + pager.width - 10 * MM, y + line + 6).lineWidth(0.5).stroke();
    doc.y = Math.max(doc.y, y + PT.san) + 14;
  }
}

export interface ContentsLine {
  level: number;
  text: string;
  anchor: string;
}

export function contentsLines(plan: DossierPlan): ContentsLine[] {
  const lines: ContentsLine[] = [];
  for (const node of walk(plan.roots)) {
    const ind = node.indicator;
    lines.push({ level: ind.level, text: `${ind.code}　${ind.title}`, anchor: `ind:${ind.code}` });
    for (const e of node.entries) {
      if (!e.full) continue;
      const it = e.print.item;
      lines.push({ level: ind.level + 1, text: `${e.print.code.slice(-4)}　${it.title}${it.date ? `（${chineseDate(it.date)}）` : ''}`, anchor: `item:${it.id}` });
    }
  }
  return lines;
}

/** The longest start of `chars` that fits in width (with `suffix` after it). */
function fitting(pager: Pager, chars: string[], role: 'fang' | 'hei', size: number, width: number, suffix = ''): number {
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(pager.doc, pager.fonts, chars.slice(0, mid).join('') + suffix, role, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * An entry on one line, or two when it is long: the first line full width, the second ending in
 * dot leaders and the page number; what still does not fit is cut with an ellipsis.
 */
function entryLines(pager: Pager, text: string, role: 'fang' | 'hei', size: number, full: number, last: number): string[] {
  if (textWidth(pager.doc, pager.fonts, text, role, size) <= last) return [text];
  const second = last - size; // the wrapped line is indented one character more
  // Break before the date in brackets when that works: "…工作领导小组（第1次）" / "（2022年6月8日）".
  const cut = text.lastIndexOf('（');
  if (cut > 0) {
    const [a, b] = [text.slice(0, cut), text.slice(cut)];
    if (textWidth(pager.doc, pager.fonts, a, role, size) <= full && textWidth(pager.doc, pager.fonts, b, role, size) <= second) return [a, b];
  }
  const chars = [...text];
  // Leave a few characters for the second line, so the page number never stands alone.
  const first = Math.min(fitting(pager, chars, role, size, full), chars.length - 4);
  const rest = chars.slice(first);
  if (textWidth(pager.doc, pager.fonts, rest.join(''), role, size) <= second) return [chars.slice(0, first).join(''), rest.join('')];
  return [chars.slice(0, first).join(''), rest.slice(0, fitting(pager, rest, role, size, second, '…')).join('') + '…'];
}

/** The contents; `pageOf` gives the printed page of an anchor (from the layout pass). */
export function contents(pager: Pager, lines: ContentsLine[], pageOf: (anchor: string) => number | null, note = ''): void {
  const { doc, fonts } = pager;
  pager.sectionPage('front');
  pager.mark('contents');
  para(pager, '目　　录', { ...TITLE, pitch: 40 });
  // Which arrangement the 件号 and 档号 in this dossier belong to (迎检 by indicator, or 归档 by class).
  if (note) para(pager, note, { ...SMALL, size: PT.xiaoSi, pitch: PT.xiaoSi * 1.6, align: 'center' });
  const size = PT.si;
  const pitch = size * 1.75;
  for (const line of lines) {
    const role = line.level === 1 ? 'hei' : 'fang';
    const indent = (line.level - 1) * size * 1.5;
    const page = pageOf(line.anchor);
    const num = page == null ? '' : String(page);
    const numW = textWidth(doc, fonts, '0000', 'song', size);
    const lines = entryLines(pager, line.text, role, size, pager.width - indent, pager.width - indent - numW - size * 2);
    pager.ensureSpace(pitch * lines.length, 'front');
    const x = pager.left + indent;
    // The whole entry, its page number included, is a link to the page it names.
    if (page != null) linkTo(doc, { x, y: doc.y, width: pager.left + pager.width - x, height: pitch * lines.length }, line.anchor);
    lines.slice(0, -1).forEach((l, i) => writeText(doc, fonts, l, { role, size, x: i === 0 ? x : x + size, y: doc.y + i * pitch, lineBreak: false }));
    const y = doc.y + (lines.length - 1) * pitch;
    const text = lines[lines.length - 1];
    // Wrapped lines are indented one more character, as in printed contents.
    const lx = lines.length > 1 ? x + size : x;
    writeText(doc, fonts, text, { role, size, x: lx, y, lineBreak: false });
    const textEnd = lx + textWidth(doc, fonts, text, role, size);
    const numX = pager.left + pager.width - textWidth(doc, fonts, num, 'song', size);
    // Dot leaders between the entry and its page number.
    const dotW = textWidth(doc, fonts, '·', 'song', size);
    const dots = Math.max(0, Math.floor((numX - textEnd - size) / dotW));
    // Leaders and number in 宋体 on the entry's baseline (黑体 and 仿宋 stand higher in their line).
    const ny = y + baselineOffset(fonts, role, size) - baselineOffset(fonts, 'song', size);
    if (dots > 0) writeText(doc, fonts, '·'.repeat(dots), { role: 'song', size, x: numX - size / 2 - dots * dotW, y: ny, lineBreak: false });
    writeText(doc, fonts, num, { role: 'song', size, x: numX, y: ny, lineBreak: false });
    doc.x = pager.left;
    doc.y = y + pitch;
  }
}

