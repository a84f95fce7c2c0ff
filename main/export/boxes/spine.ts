// Spine labels (盒脊) of the archive boxes, at true size, several side by side on an A4 sheet with
// cut marks. The box is 310 × 220 mm and stands on its 220 mm side, so the spine is the box's
// thickness (20, 30, 40 or 50 mm) wide and 310 mm tall; the label is 260 mm tall, which leaves
// room on A4 for the cut marks and for the margin every printer keeps. Fields from the top, as
// DA/T 22-2015 has them: 全宗号, 年度, 保管期限, 机构（问题） (when the archive has one), 起止件号
// (first over last) and 盒号. Chinese values are set one character under the other as on a
// printed spine; numbers and codes stay horizontal, shrunk when the spine is too narrow for them.
// An inspection binder's spine names its indicator instead (code and title, the indicators inside,
// the dossier pages, 盒号): inspectors look an indicator up, never a 件号.
import { baselineOffset, textWidth, writeText, type FaceRole, type FontSet } from '../pdf/fonts';
import { A4, MM } from '../pdf/geometry';

export const SPINE_WIDTHS = [20, 30, 40, 50] as const;
export type SpineWidth = (typeof SPINE_WIDTHS)[number];
export const DEFAULT_SPINE: SpineWidth = 30;

export const SPINE_HEIGHT_MM = 260;
/** Between two labels, so each has its own cut lines and a slightly crooked cut spares the next. */
const GAP_MM = 3;
/** Sheet edge to the outermost label, room for the horizontal cut marks. */
const SIDE_MM = 10;
const MARK_GAP = 2 * MM;
const MARK_LENGTH = 5 * MM;
const PAD = 2 * MM;

export type SpineLabel = ArchiveSpineLabel | BinderSpineLabel;

export interface BinderSpineLabel {
  kind: 'inspection';
  /** The top-level indicator's code and title. */
  code: string;
  title: string;
  /** The first and last indicator whose material the binder holds. */
  firstCode: string;
  lastCode: string;
  /** The dossier pages it holds, as printed. */
  firstPage: string;
  lastPage: string;
  box: string;
}

export interface ArchiveSpineLabel {
  kind?: 'archive';
  fonds: string;
  year: string;
  retention: string;
  /** null: the archive keeps no 机构（问题）, the field is left out. */
  org: string | null;
  first: string;
  last: string;
  box: string;
}

/** Where the labels of one sheet go, in points. */
export interface SpineSlots {
  perSheet: number;
  xs: number[];
  y: number;
  width: number;
  height: number;
}

export function spineSlots(widthMm: SpineWidth): SpineSlots {
  const perSheet = Math.floor((210 - 2 * SIDE_MM + GAP_MM) / (widthMm + GAP_MM));
  const total = perSheet * widthMm + (perSheet - 1) * GAP_MM;
  const x0 = (210 - total) / 2;
  return {
    perSheet,
    xs: Array.from({ length: perSheet }, (_, i) => (x0 + i * (widthMm + GAP_MM)) * MM),
    y: ((297 - SPINE_HEIGHT_MM) / 2) * MM,
    width: widthMm * MM,
    height: SPINE_HEIGHT_MM * MM,
  };
}

const RULE = null;
type ValueLine = string | typeof RULE;

interface Field {
  label: string[];
  lines: ValueLine[];
}

/** A title set one character a line: long ones cut, so the spine keeps a readable size. */
const SPINE_TITLE = 16;

function fieldsOf(l: SpineLabel): Field[] {
  if (l.kind === 'inspection') {
    const chars = [...l.title.trim()];
    const title = chars.length > SPINE_TITLE ? `${chars.slice(0, SPINE_TITLE - 1).join('')}…` : chars.join('');
    const span = (a: string, b: string): ValueLine[] => (a === b ? [a] : [a, RULE, b]);
    return [
      { label: ['指标'], lines: [l.code, ...stacked(title)] },
      { label: ['所含指标'], lines: span(l.firstCode, l.lastCode) },
      { label: ['台账页码'], lines: span(l.firstPage, l.lastPage) },
      { label: ['盒号'], lines: stacked(l.box) },
    ];
  }
  const fields: Field[] = [
    { label: ['全宗号'], lines: stacked(l.fonds) },
    { label: ['年度'], lines: stacked(l.year) },
    { label: ['保管期限'], lines: stacked(l.retention) },
  ];
  if (l.org != null) fields.push({ label: ['机构', '（问题）'], lines: stacked(l.org) });
  fields.push({ label: ['起止件号'], lines: [l.first, RULE, l.last] }, { label: ['盒号'], lines: stacked(l.box) });
  return fields;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|[\u{20000}-\u{3ffff}]/u;

/** 定期30年 → 定 / 期 / 30 / 年; codes and numbers stay on one line. */
export function stacked(text: string): string[] {
  const t = text.trim();
  if (!CJK.test(t)) return t ? [t] : [];
  const out: string[] = [];
  let run = '';
  for (const ch of t) {
    if (CJK.test(ch)) {
      if (run.trim()) out.push(run.trim());
      run = '';
      out.push(ch);
    } else run += ch;
  }
  if (run.trim()) out.push(run.trim());
  return out;
}

interface Sizes {
  label: number;
  labelPitch: number;
  value: number;
}

/** Type sizes for this spine width: labels fitted to the width, values as large as the label allows. */
function sizesFor(doc: PDFKit.PDFDocument, fonts: FontSet, inner: number, value: number): Sizes {
  let label = 10.5;
  const longest = ['保管期限', '起止件号', '（问题）', '所含指标', '台账页码'];
  while (label > 6 && longest.some((t) => textWidth(doc, fonts, t, 'hei', label) > inner)) label -= 0.5;
  return { label, labelPitch: label * 1.35, value };
}

/** The size a value line is set at: the value size, smaller when the line is wider than the label. */
function lineSize(doc: PDFKit.PDFDocument, fonts: FontSet, text: string, inner: number, size: number): number {
  const w = textWidth(doc, fonts, text, 'fang', size);
  return w > inner ? Math.max(4, Math.floor(((size * inner) / w) * 10) / 10) : size;
}

const RULE_PITCH = 3 * MM;
const valuePitch = (size: number) => size * 1.25;

function valueHeight(doc: PDFKit.PDFDocument, fonts: FontSet, f: Field, inner: number, s: Sizes): number {
  return f.lines.reduce<number>((h, l) => h + (l === RULE ? RULE_PITCH : valuePitch(lineSize(doc, fonts, l, inner, s.value))), 0);
}

const labelHeight = (f: Field, s: Sizes) => f.label.length * s.labelPitch + 3 * MM;

/** One line of text centred on (cx, cy) by its em box, whatever the face's ascender. */
function centred(doc: PDFKit.PDFDocument, fonts: FontSet, text: string, role: FaceRole, size: number, x: number, width: number, cy: number): void {
  const y = cy + 0.37 * size - baselineOffset(fonts, role, size);
  writeText(doc, fonts, text, { role, size, x, y, width, align: 'center', lineBreak: false });
}

/** The fields' heights, one set for all labels so that every field sits at the same height on each. */
interface SpineLayout {
  sizes: Sizes;
  heights: { label: number; value: number }[];
}

function spineLayout(doc: PDFKit.PDFDocument, fonts: FontSet, labels: SpineLabel[], widthMm: SpineWidth): SpineLayout {
  const inner = widthMm * MM - 2 * PAD;
  const all = labels.map(fieldsOf);
  const heightsAt = (sz: Sizes) =>
    all[0].map((f, i) => ({ label: labelHeight(f, sz), value: Math.max(...all.map((fs) => valueHeight(doc, fonts, fs[i], inner, sz))) + 6 * MM }));
  const total = (hs: { label: number; value: number }[]) => hs.reduce((t, h) => t + h.label + h.value, 0);
  // The largest value size at which every field fits the label's height.
  let sizes = sizesFor(doc, fonts, inner, Math.round(14 + (widthMm - 20) * 0.3));
  while (sizes.value > 8 && total(heightsAt(sizes)) > SPINE_HEIGHT_MM * MM) sizes = { ...sizes, value: sizes.value - 1 };
  const heights = heightsAt(sizes);
  const spare = Math.max(0, SPINE_HEIGHT_MM * MM - total(heights)) / heights.length;
  return { sizes, heights: heights.map((h) => ({ label: h.label, value: h.value + spare })) };
}

function drawSpineLabel(doc: PDFKit.PDFDocument, fonts: FontSet, label: SpineLabel, layout: SpineLayout, widthMm: SpineWidth, x: number, y: number): void {
  const width = widthMm * MM;
  const inner = width - 2 * PAD;
  const s = layout.sizes;
  const fields = fieldsOf(label);
  doc.save();
  doc.lineWidth(0.75).strokeColor('black').rect(x, y, width, SPINE_HEIGHT_MM * MM).stroke();
  let top = y;
  fields.forEach((f, i) => {
    const { label: lh, value: vh } = layout.heights[i];
    // Label: the field's name, centred in its strip, a hairline under it.
    const firstLabel = top + (lh - f.label.length * s.labelPitch) / 2 + s.labelPitch / 2;
    f.label.forEach((t, k) => centred(doc, fonts, t, 'hei', s.label, x + PAD, inner, firstLabel + k * s.labelPitch));
    doc.lineWidth(0.4).moveTo(x, top + lh).lineTo(x + width, top + lh).stroke();
    // Value: the lines as one block, centred in what is left of the field.
    let cy = top + lh + (vh - valueHeight(doc, fonts, f, inner, s)) / 2;
    for (const l of f.lines) {
      if (l === RULE) {
        doc.lineWidth(0.5).moveTo(x + width * 0.25, cy + RULE_PITCH / 2).lineTo(x + width * 0.75, cy + RULE_PITCH / 2).stroke();
        cy += RULE_PITCH;
        continue;
      }
      const size = lineSize(doc, fonts, l, inner, s.value);
      centred(doc, fonts, l, 'fang', size, x + PAD, inner, cy + valuePitch(size) / 2);
      cy += valuePitch(size);
    }
    top += lh + vh;
    if (i < fields.length - 1) doc.lineWidth(0.75).moveTo(x, top).lineTo(x + width, top).stroke();
  });
  doc.restore();
}

/**
 * Cut marks just outside a label's corners: its left and right edges continued above and below;
 * its top and bottom edges continued to the sides only at the ends of the row (all labels of a
 * sheet share those two cuts).
 */
function cutMarks(doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, ends: { left: boolean; right: boolean }): void {
  doc.save().lineWidth(0.3).strokeColor('black');
  for (const ex of [x, x + w]) {
    doc.moveTo(ex, y - MARK_GAP).lineTo(ex, y - MARK_GAP - MARK_LENGTH).stroke();
    doc.moveTo(ex, y + h + MARK_GAP).lineTo(ex, y + h + MARK_GAP + MARK_LENGTH).stroke();
  }
  for (const ey of [y, y + h]) {
    if (ends.left) doc.moveTo(x - MARK_GAP, ey).lineTo(x - MARK_GAP - MARK_LENGTH, ey).stroke();
    if (ends.right) doc.moveTo(x + w + MARK_GAP, ey).lineTo(x + w + MARK_GAP + MARK_LENGTH, ey).stroke();
  }
  doc.restore();
}

/**
 * The sheets of spine labels; `onSheet` is told each sheet's first and last box as it starts.
 * Every sheet carries a line saying which boxes it holds and that it must print at 100 %.
 */
export function spineSheets(
  doc: PDFKit.PDFDocument,
  fonts: FontSet,
  labels: SpineLabel[],
  widthMm: SpineWidth,
  onSheet?: (first: string, last: string) => void,
): void {
  const slots = spineSlots(widthMm);
  const layout = spineLayout(doc, fonts, labels, widthMm);
  for (let i = 0; i < labels.length; i += slots.perSheet) {
    const sheet = labels.slice(i, i + slots.perSheet);
    doc.addPage({ size: [A4.width, A4.height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    const first = sheet[0].box;
    const last = sheet[sheet.length - 1].box;
    onSheet?.(first, last);
    const caption = `盒脊标签　盒脊宽 ${widthMm} 毫米　第 ${first === last ? first : `${first}—${last}`} 盒　沿裁切线裁下，贴在档案盒盒脊上；打印时选“实际大小”（100%）`;
    writeText(doc, fonts, caption, { role: 'song', size: 8, x: slots.xs[0], y: 7 * MM, lineBreak: false });
    sheet.forEach((label, k) => {
      const x = slots.xs[k];
      drawSpineLabel(doc, fonts, label, layout, widthMm, x, slots.y);
      cutMarks(doc, x, slots.y, slots.width, slots.height, { left: k === 0, right: k === sheet.length - 1 });
    });
  }
}
