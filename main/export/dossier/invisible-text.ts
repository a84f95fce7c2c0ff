// The words read by OCR from a scan or photo, laid over it in the dossier as invisible text
// (render mode 3) at the boxes they were read from, so that the inspector's PDF search — and
// pdftotext — finds a name on a photographed sign-in sheet. Each line is one text object
// stretched to its box's width and turned with it; the glyphs come from the dossier's own CJK
// faces (subset, with a ToUnicode map, as pdfkit embeds them), so copy and search give the
// characters back. Nothing is painted: the page looks exactly as it does without the layer.
import type { FontSet } from '../pdf/fonts';
import type { PageText } from '../../../shared/text-types';

/** page space → the current user space: [a b c d e f] as in a `cm`. */
export type Matrix = [number, number, number, number, number, number];

/** What pdfkit has of a registered font, beyond its typings. */
interface KitFont {
  id: string;
  ref(): unknown;
  encode(text: string): [string[], { advanceWidth: number }[]];
}

interface KitDoc {
  _font: KitFont | null;
  _fontSource: unknown;
  _fontFamily: unknown;
  page: { fonts: Record<string, unknown> };
}

/** The invisible text of an OCR'd page; `m` maps its boxes (PageText width × height) to where the image lies. */
export function drawInvisibleText(doc: PDFKit.PDFDocument, fonts: FontSet, page: PageText, m: Matrix): void {
  const kit = doc as unknown as KitDoc;
  const lines = page.lines.filter((l) => l.text.trim() && l.box?.length === 4);
  if (lines.length === 0 || !m.every(Number.isFinite)) return;
  // Whatever writes next sets its own font; the current one is put back all the same.
  const saved = { font: kit._font, source: kit._fontSource, family: kit._fontFamily };
  doc.save();
  doc.transform(...m);
  const ops: string[] = [];
  for (const line of lines) {
    const [tl, tr, br, bl] = line.box;
    // Along the baseline (top edge's direction) and up (bottom edge to top edge), in page space, y down.
    const along = [(tr[0] - tl[0] + br[0] - bl[0]) / 2, (tr[1] - tl[1] + br[1] - bl[1]) / 2];
    const length = Math.hypot(along[0], along[1]);
    if (!(length > 0)) continue;
    const dir = [along[0] / length, along[1] / length];
    // The box's height across the baseline, whatever its slant.
    const height = Math.abs((bl[0] - tl[0]) * -dir[1] + (bl[1] - tl[1]) * dir[0]);
    if (!(height > 0)) continue;
    const up = [dir[1], -dir[0]];
    const text = line.text.replace(/\s+/g, ' ').trim();
    const runs: { id: string; hex: string; units: number }[] = [];
    let units = 0;
    for (const run of fonts.runs(text, 'song')) {
      doc.font(run.font);
      const font = kit._font;
      if (!font) continue;
      const [encoded, positions] = font.encode(run.text);
      const w = positions.reduce((s, p) => s + p.advanceWidth, 0);
      kit.page.fonts[font.id] ??= font.ref();
      runs.push({ id: font.id, hex: encoded.join(''), units: w });
      units += w;
    }
    if (!(units > 0)) continue;
    // Font size 1; the matrix gives the glyphs the box's height and stretches the line to its width.
    const size = height * GLYPH_HEIGHT;
    const sx = length / (units / 1000);
    const ox = bl[0] + up[0] * height * BASELINE;
    const oy = bl[1] + up[1] * height * BASELINE;
    ops.push(`BT 3 Tr ${[dir[0] * sx, dir[1] * sx, up[0] * size, up[1] * size, ox, oy].map(num).join(' ')} Tm`);
    for (const r of runs) ops.push(`/${r.id} 1 Tf <${r.hex}> Tj`);
    ops.push('ET');
  }
  doc.addContent(ops.join('\n'));
  doc.restore();
  kit._font = saved.font;
  kit._fontSource = saved.source;
  kit._fontFamily = saved.family;
}

/** Of the box's height: the em of the invisible glyphs, and the baseline above its bottom edge. */
const GLYPH_HEIGHT = 0.9;
const BASELINE = 0.14;

function num(n: number): string {
  return String(Math.round(n * 1e4) / 1e4);
}

/**
 * The matrix for an image drawn by pdfkit at (x, y) with `width` × `height` points, whose
 * PageText boxes are in a space of `page.width` × `page.height` (its pixels, shown upright).
 */
export function imageMatrix(page: PageText, x: number, y: number, width: number, height: number): Matrix {
  return [width / page.width, 0, 0, height / page.height, x, y];
}

/**
 * The matrix for a PDF page drawn by drawEmbeddedPage (`drawn`: its size as embedded; `at`: where
 * and at what scale), turned or not. Its PageText boxes are in the page's points as displayed
 * (top-left origin), `page.width` × `page.height`: the same page, taken to the embedded size
 * should the two differ by rounding.
 */
export function embeddedPageMatrix(page: PageText, drawn: { width: number; height: number }, at: { x: number; y: number; scale: number }, turn?: 'left' | 'right'): Matrix {
  const { x, y, scale: s } = at;
  const place: Matrix =
    turn === 'left' ? [0, -s, s, 0, x, y + s * drawn.width]
    : turn === 'right' ? [0, s, -s, 0, x + s * drawn.height, y]
    : [s, 0, 0, s, x, y];
  return multiply(place, [drawn.width / page.width, 0, 0, drawn.height / page.height, 0, 0]);
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}
