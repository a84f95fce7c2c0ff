// Paragraph layout over several faces. pdfkit's own `continued: true` chaining was tried first and
// does not hold up for mixed faces: each fragment is placed by its own font's ascender (a fallback
// character with taller metrics sits lower than its neighbours), the line advance follows the
// last fragment's font, `center` centres each fragment on its own, and `justify` only stretches
// spaces, which Chinese text has none of. So lines are broken here (Unicode line breaking from
// pdfkit's own `linebreak`, which keeps ，。、）》 off the start of a line and （《 off its end), measured
// with the same fontkit layout pdfkit draws with, and every piece of a line is drawn on one
// shared baseline with `lineBreak: false`. Metrics follow pdfkit's: a line is the paragraph
// face's height (ascender − descender + the font's line gap) plus `lineGap`, and the text's top
// is at `y`, so callers that computed pitches with `currentLineHeight(true)` keep working.
import type { FkFont } from './font-kit';
import { LineBreaker } from './font-kit';
import type { FaceRole } from './font-files';

/** A face as the layout sees it. */
export interface LayoutFace {
  readonly name: string;
  readonly font: FkFont;
  /** Natural width in points, and glyph count, of text set in this face (pdfkit's measure). */
  measure(text: string, size: number, features?: unknown): { width: number; glyphs: number };
  /** pdfkit's `ascender`, `descender`, `lineGap` in 1/1000 em. */
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
}

export interface LayoutFonts {
  runs(text: string, role: FaceRole): { font: string; text: string }[];
  face(name: string): LayoutFace;
  roleFace(role: FaceRole): LayoutFace;
}

/** How a piece of text is drawn (per span, so a continued paragraph can change colour or underline). */
export interface DrawStyle {
  fillColor?: unknown;
  fill?: boolean;
  stroke?: boolean;
  underline?: boolean;
  strike?: boolean;
  link?: string | null;
  oblique?: boolean | number;
  features?: unknown;
}

export interface SpanIn {
  text: string;
  role: FaceRole;
  size: number;
  style: DrawStyle;
}

export interface ParaOptions {
  /** The paragraph's face and size set the line metrics. */
  role: FaceRole;
  size: number;
  /** Width to wrap (and align) in; required when wrapping. */
  width?: number;
  wrap: boolean;
  align: 'left' | 'center' | 'right' | 'justify';
  indent: number;
  indentAllLines: boolean;
  /** Added to pdfkit's line height; ignored when `lineHeight` is given. */
  lineGap: number;
  /** Fixed line pitch (top of one line to the top of the next). */
  lineHeight?: number;
  paragraphGap: number;
  characterSpacing: number;
}

interface Piece {
  face: LayoutFace;
  size: number;
  text: string;
  start: number;
  end: number;
  style: DrawStyle;
}

interface Word {
  start: number;
  end: number;
  /** End without trailing white space. */
  visEnd: number;
  width: number;
  visWidth: number;
}

export interface Segment {
  piece: Piece;
  text: string;
  width: number;
  glyphs: number;
}

export interface Line {
  segments: Segment[];
  /** Natural width including the paragraph's characterSpacing, trailing white space excluded. */
  width: number;
  glyphs: number;
  indent: number;
  first: boolean;
  last: boolean;
}

export interface Paragraph {
  lines: Line[];
}

const EPS = 0.01;

/** Marks, variation selectors and joiners belong with the character before them. */
export function isAttached(cp: number): boolean {
  if (cp < 0x300 || (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0x20000 && cp < 0xe0000)) return false; // incl. all ideographs
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || cp === 0x200d || cp === 0x200c) return true;
  return /\p{M}/u.test(String.fromCodePoint(cp));
}

export function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** Splits spans into paragraphs at line feeds; tabs become spaces and other control characters go. */
export function paragraphsOf(spans: readonly SpanIn[]): SpanIn[][] {
  const paras: SpanIn[][] = [[]];
  for (const s of spans) {
    const parts = s.text
      .replace(/\r\n?|[\u2028\u2029\v\f]/g, '\n')
      .replace(/\t/g, ' ')
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
      .split('\n');
    parts.forEach((text, i) => {
      if (i > 0) paras.push([]);
      if (text) paras[paras.length - 1].push({ ...s, text });
    });
  }
  // As in pdfkit, a final line feed ends the last paragraph rather than starting an empty one.
  if (paras.length > 1 && paras[paras.length - 1].length === 0) paras.pop();
  return paras;
}

function piecesOf(fonts: LayoutFonts, spans: readonly SpanIn[]): { text: string; pieces: Piece[] } {
  let text = '';
  const pieces: Piece[] = [];
  for (const s of spans) {
    for (const r of fonts.runs(s.text, s.role)) {
      const start = text.length;
      text += r.text;
      pieces.push({ face: fonts.face(r.font), size: s.size, text: r.text, start, end: text.length, style: s.style });
    }
  }
  return { text, pieces };
}

/** The pieces' parts inside [start, end), measured. */
function segmentsOf(pieces: readonly Piece[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  for (const p of pieces) {
    if (p.end <= start) continue;
    if (p.start >= end) break;
    const text = p.text.slice(Math.max(start, p.start) - p.start, Math.min(end, p.end) - p.start);
    if (!text) continue;
    const m = p.face.measure(text, p.size, p.style.features);
    out.push({ piece: p, text, width: m.width, glyphs: m.glyphs });
  }
  return out;
}

function widthOf(segs: readonly Segment[], cs: number): { width: number; glyphs: number } {
  let width = 0;
  let glyphs = 0;
  for (const s of segs) {
    width += s.width + cs * s.glyphs;
    glyphs += s.glyphs;
  }
  return { width, glyphs };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** Break opportunities (UAX #14) as words; without wrapping the whole paragraph is one word. */
function wordsOf(text: string, pieces: readonly Piece[], wrap: boolean, cs: number): Word[] {
  const ranges: [number, number][] = [];
  if (!wrap) ranges.push([0, text.length]);
  else {
    const breaker = new LineBreaker(text);
    let last = 0;
    for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
      if (bk.position > last) ranges.push([last, bk.position]);
      last = bk.position;
    }
    if (last < text.length) ranges.push([last, text.length]);
  }
  return ranges.map(([start, end]) => word(text, pieces, start, end, cs));
}

function word(text: string, pieces: readonly Piece[], start: number, end: number, cs: number): Word {
  const visEnd = trimEnd(text, start, end);
  const visWidth = widthOf(segmentsOf(pieces, start, visEnd), cs).width;
  const width = visEnd === end ? visWidth : widthOf(segmentsOf(pieces, start, end), cs).width;
  return { start, end, visEnd, width, visWidth };
}

/** A word too wide for any line, cut between characters (marks stay with their base). */
function explode(text: string, pieces: readonly Piece[], w: Word, cs: number): Word[] {
  const bounds: number[] = [];
  let i = w.start;
  while (i < w.end) {
    bounds.push(i);
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    while (i < w.end && isAttached(text.codePointAt(i)!)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  bounds.push(w.end);
  const out: Word[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) out.push(word(text, pieces, bounds[k], bounds[k + 1], cs));
  return out;
}

/** Lays out the paragraphs of the spans into lines (nothing is drawn). */
export function layout(fonts: LayoutFonts, spans: readonly SpanIn[], o: ParaOptions): Paragraph[] {
  const out: Paragraph[] = [];
  const width = o.width ?? Infinity;
  const availFirst = width - o.indent;
  const availRest = o.indentAllLines ? availFirst : width;
  for (const para of paragraphsOf(spans)) {
    const { text, pieces } = piecesOf(fonts, para);
    if (!text) {
      out.push({ lines: [{ segments: [], width: 0, glyphs: 0, indent: o.indent, first: true, last: true }] });
      continue;
    }
    let words = wordsOf(text, pieces, o.wrap, o.characterSpacing);
    if (o.wrap) {
      const narrowest = Math.max(0, Math.min(availFirst, availRest));
      words = words.flatMap((w) => (w.visWidth > narrowest + EPS ? explode(text, pieces, w, o.characterSpacing) : [w]));
    }
    const ranges: { start: number; visEnd: number }[] = [];
    let cur: { start: number; visEnd: number; width: number } | null = null;
    for (const w of words) {
      const avail = ranges.length === 0 ? availFirst : availRest;
      if (cur && (!o.wrap || cur.width + w.visWidth <= avail + EPS)) {
        cur.width += w.width;
        if (w.visEnd > w.start) cur.visEnd = w.visEnd;
        continue;
      }
      if (cur) ranges.push(cur);
      cur = { start: w.start, visEnd: w.visEnd, width: w.width };
    }
    if (cur) ranges.push(cur);
    const lines = ranges.map((r, i): Line => {
      const segments = segmentsOf(pieces, r.start, r.visEnd);
      const m = widthOf(segments, o.characterSpacing);
      const first = i === 0;
      return { segments, width: m.width, glyphs: m.glyphs, indent: first || o.indentAllLines ? o.indent : 0, first, last: i === ranges.length - 1 };
    });
    out.push({ lines });
  }
  return out;
}

/** Line pitch and the baseline's distance below a line's top, from the paragraph's face. */
export function lineMetrics(
  fonts: LayoutFonts,
  o: ParaOptions,
): { pitch: number; ascent: number; textHeight: number; emHeight: number } {
  const f = fonts.roleFace(o.role);
  const k = o.size / 1000;
  // pdfkit's currentLineHeight(true) and currentLineHeight().
  const textHeight = (f.ascender + f.lineGap - f.descender) * k;
  const emHeight = (f.ascender - f.descender) * k;
  return { pitch: o.lineHeight ?? textHeight + o.lineGap, ascent: f.ascender * k, textHeight, emHeight };
}

/** Height the paragraphs take: lines × pitch plus the paragraph gaps (pdfkit's heightOfString). */
export function heightOf(fonts: LayoutFonts, paras: readonly Paragraph[], o: ParaOptions): number {
  const { pitch } = lineMetrics(fonts, o);
  let h = 0;
  for (const p of paras) h += p.lines.length * pitch + o.paragraphGap;
  return h;
}

type Doc = PDFKit.PDFDocument & {
  _fillColor?: unknown;
  continueOnNewPage?: (options?: unknown) => PDFKit.PDFDocument;
};

/**
 * Draws laid-out paragraphs from (x, y); returns where the text ended: the next line's top when
 * wrapping, else the last line's top and the end of its text (as pdfkit leaves doc.x / doc.y).
 */
export function draw(
  doc: PDFKit.PDFDocument,
  fonts: LayoutFonts,
  paras: readonly Paragraph[],
  o: ParaOptions,
  at: { x: number; y: number },
): { x: number; y: number } {
  const d = doc as Doc;
  const { pitch, ascent, textHeight, emHeight } = lineMetrics(fonts, o);
  const finalFill = d._fillColor;
  let fill = finalFill;
  let y = at.y;
  let endX = at.x;
  let lastTop = y;
  for (const p of paras) {
    for (const line of p.lines) {
      // Like pdfkit's wrapper: a line that would pass the bottom margin goes to a new page
      // (not when the line is already at the top: it could never fit).
      if (o.wrap) {
        const page = doc.page;
        if (y + textHeight > page.maxY() + EPS && y > page.margins.top + EPS) {
          if (d.continueOnNewPage) d.continueOnNewPage();
          else doc.addPage();
          y = doc.page.margins.top;
        }
      }
      const avail = (o.width ?? line.width + line.indent) - line.indent;
      let dx = 0;
      let cs = o.characterSpacing;
      if (o.width != null) {
        if (o.align === 'center') dx = (avail - line.width) / 2;
        else if (o.align === 'right') dx = avail - line.width;
        else if (o.align === 'justify' && o.wrap && !line.last && line.glyphs > 1) {
          const extra = avail - line.width;
          if (extra > EPS) cs += Math.min(extra / (line.glyphs - 1), o.size);
        }
      }
      let x = at.x + line.indent + dx;
      const baseline = y + ascent;
      for (const s of line.segments) {
        const st = s.piece.style;
        if (st.fillColor !== undefined && st.fillColor !== fill && Array.isArray(st.fillColor)) {
          doc.fillColor(...(st.fillColor as [PDFKit.Mixins.ColorValue, number?]));
          fill = st.fillColor;
        }
        doc.font(s.piece.face.name).fontSize(s.piece.size);
        doc.text(s.text, x, baseline, {
          lineBreak: false,
          baseline: 'alphabetic',
          characterSpacing: cs || undefined,
          fill: st.fill,
          stroke: st.stroke,
          oblique: st.oblique,
          features: st.features as PDFKit.Mixins.TextOptions['features'],
        });
        const advance = s.width + cs * s.glyphs;
        decorate(doc, st, x, y, advance - cs, s.piece.size, emHeight);
        x += advance;
      }
      endX = x;
      lastTop = y;
      y += pitch;
    }
    y += o.paragraphGap;
  }
  if (fill !== finalFill && Array.isArray(finalFill)) doc.fillColor(...(finalFill as [PDFKit.Mixins.ColorValue, number?]));
  return o.wrap ? { x: at.x, y } : { x: endX, y: lastTop };
}

/** Underline, strike-through and link over one drawn piece, placed as pdfkit places them. */
function decorate(doc: PDFKit.PDFDocument, st: DrawStyle, x: number, top: number, width: number, size: number, emHeight: number): void {
  if (width <= 0) return;
  if (st.underline || st.strike) {
    const lw = size < 10 ? 0.5 : Math.floor(size / 10);
    const d = doc as Doc;
    doc.save();
    if (!st.stroke && Array.isArray(d._fillColor)) doc.strokeColor(...(d._fillColor as [PDFKit.Mixins.ColorValue, number?]));
    doc.lineWidth(lw);
    if (st.underline) doc.moveTo(x, top + emHeight - lw).lineTo(x + width, top + emHeight - lw).stroke();
    if (st.strike) doc.moveTo(x, top + emHeight / 2).lineTo(x + width, top + emHeight / 2).stroke();
    doc.restore();
  }
  if (st.link) doc.link(x, top, width, emHeight, st.link);
}
