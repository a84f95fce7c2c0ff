// Text in the GB/T 9704 body style: 3号 仿宋 at a fixed pitch of 22 lines per text area,
// paragraphs indented two characters; headings 一、黑体, （一）楷体, 1. 仿宋; titles 2号.
import type { FaceRole, TextSpan } from '../pdf/fonts';
import { textHeight, textWidth, writeText } from '../pdf/fonts';
import { BODY_PITCH, PT } from '../pdf/geometry';
import type { Flow } from './pager';
import { titleLines } from './title-break';

export interface ParaStyle {
  role: FaceRole;
  size: number;
  /** First-line indent in characters. */
  indentChars?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Line pitch in points; the body pitch by default. */
  pitch?: number;
  /** Extra space after the paragraph, in points. */
  after?: number;
  color?: string;
  /**
   * Set on a character grid (GB/T 9704: 28 characters a line): the characters per line are the
   * width divided by the size, rounded, and the spacing between characters is set so that that
   * many full-width characters fill the line exactly (16 pt on 156 mm: 28, spacing −0.21 pt).
   */
  grid?: boolean;
}

export const BODY: ParaStyle = { role: 'fang', size: PT.san, indentChars: 2, align: 'justify', grid: true };
export const TITLE: ParaStyle = { role: 'title', size: PT.er, align: 'center', pitch: PT.er * 1.6, after: PT.san };
export const HEADING: Record<1 | 2 | 3, ParaStyle> = {
  1: { role: 'hei', size: PT.san, indentChars: 2, align: 'justify', grid: true },
  2: { role: 'kai', size: PT.san, indentChars: 2, align: 'justify', grid: true },
  3: { role: 'fang', size: PT.san, indentChars: 2, align: 'justify', grid: true },
};
export const SMALL: ParaStyle = { role: 'song', size: PT.si, align: 'left', pitch: PT.si * 1.5 };

/** pdfkit's line height is font height + lineGap; the gap that gives the wanted pitch. */
function lineGap(pager: Flow, style: ParaStyle): number {
  const pitch = style.pitch ?? BODY_PITCH;
  const font = pager.fonts.runs('国', style.role)[0]?.font;
  if (font) pager.doc.font(font);
  pager.doc.fontSize(style.size);
  return Math.max(0, pitch - pager.doc.currentLineHeight(true));
}

/** Characters per line on the grid at this width and size (28 for 3号 in the 156 mm 版心). */
export function gridChars(width: number, size: number): number {
  return Math.max(1, Math.round(width / size));
}

/** The spacing added after every character so that gridChars(width, size) characters fill the width. */
export function gridSpacing(width: number, size: number): number {
  // A hair under the exact value, so that rounding never pushes the last character to the next line.
  return width / gridChars(width, size) - size - 1e-3;
}

function options(pager: Flow, style: ParaStyle, width: number) {
  const characterSpacing = style.grid ? gridSpacing(width, style.size) : 0;
  return {
    role: style.role,
    size: style.size,
    width,
    align: style.align ?? 'left',
    lineGap: lineGap(pager, style),
    indent: (style.indentChars ?? 0) * (style.size + characterSpacing),
    characterSpacing,
  };
}

/**
 * A title (小标宋, centred) too long for one line is broken here between words, into a trapezoid
 * or a diamond (title-break.ts); every other paragraph wraps where the line is full.
 */
function broken(pager: Flow, text: string, style: ParaStyle, width: number): string {
  if (style.role !== 'title' || style.align !== 'center') return text;
  const measure = (s: string) => textWidth(pager.doc, pager.fonts, s, style.role, style.size);
  return text
    .split('\n')
    .map((t) => titleLines(t, width, measure).join('\n'))
    .join('\n');
}

/** Height the paragraph will take at the current width (to keep blocks together). */
export function paraHeight(pager: Flow, text: string, style: ParaStyle, width = pager.width): number {
  const o = options(pager, style, width);
  return textHeight(pager.doc, pager.fonts, broken(pager, text, style, width) || ' ', style.role, style.size, {
    width,
    lineGap: o.lineGap,
    indent: o.indent,
    characterSpacing: o.characterSpacing,
  });
}

/**
 * Writes a paragraph in the flow at the left of the text area; long paragraphs run on to new
 * pages by themselves. `keep` keeps a short paragraph whole (headings with their first lines).
 */
export function para(pager: Flow, text: string, style: ParaStyle, keep = false): void {
  const clean = broken(pager, text.replace(/\r\n?/g, '\n'), style, pager.width);
  flow(pager, clean, clean, style, keep);
}

/** `content` (one text, or spans in their faces) written in the flow; `text` is its characters, to measure. */
function flow(pager: Flow, content: string | TextSpan[], text: string, style: ParaStyle, keep: boolean): void {
  const { doc } = pager;
  if (!text.trim()) return;
  if (keep) pager.ensureSpace(Math.min(paraHeight(pager, text, style), pager.bottom - pager.top));
  else pager.ensureSpace(style.pitch ?? BODY_PITCH);
  if (style.color) doc.fillColor(style.color);
  writeText(doc, pager.fonts, content, { ...options(pager, style, pager.width), x: pager.left, y: doc.y });
  if (style.color) doc.fillColor('black');
  if (style.after) doc.y += style.after;
}

/**
 * A paragraph whose parts are set in different faces (a 楷体 「（一）……。」 heading sentence running
 * into 仿宋 body text), on the paragraph style's grid, pitch and indent.
 */
export function paraSpans(pager: Flow, spans: readonly TextSpan[], style: ParaStyle, keep = false): void {
  const clean = spans.map((s) => ({ ...s, text: s.text.replace(/\r\n?/g, '\n') })).filter((s) => s.text !== '');
  flow(pager, clean, clean.map((s) => s.text).join(''), style, keep);
}

/** Text at a fixed place, outside the flow (labels, table cells); returns the height used. */
export function textAt(
  pager: Flow,
  text: string,
  style: ParaStyle,
  box: { x: number; y: number; width: number },
): number {
  const { doc } = pager;
  const keepY = doc.y;
  const o = options(pager, style, box.width);
  if (style.color) doc.fillColor(style.color);
  writeText(doc, pager.fonts, text || ' ', { ...o, x: box.x, y: box.y });
  if (style.color) doc.fillColor('black');
  const used = doc.y - box.y;
  doc.y = keepY;
  return used;
}
