// The dossier as a document a viewer can move about in: page labels that say what the page
// says ("— 46 —" is page 46 in the viewer, the cover and the contents i, ii …), and links from
// the 目录 and the 提交表 to the pages they name. pdfkit has no API for page labels and writes
// pages out as soon as the next one starts, so links name an anchor (“item:12”) and the named
// destinations are added at the end, once every anchor's page is known, from the page objects
// pdfkit keeps in the catalogue's /Pages.
import { A4 } from '../pdf/geometry';
import type { Pager } from './pager';

interface PdfRef {
  data: Record<string, unknown>;
  end(): void;
}
interface Internals {
  _root: PdfRef & { data: { Pages: PdfRef & { data: { Kids: PdfRef[] } }; Names: PdfRef & { data: { Dests: { add(k: string, v: unknown): void } } } } };
  ref(data: Record<string, unknown>): PdfRef;
}

/** Link name of each anchor linked to, per document (the name is what the link annotation holds). */
const linked = new WeakMap<PDFKit.PDFDocument, Map<string, string>>();

/**
 * A link over the box (x, y from the top, in the page's current coordinates) to the page where
 * `anchor` is marked. Names are short, fixed-width and ASCII (“d00012”), so pdfkit's sort of the
 * name tree is also the byte order viewers search it in.
 */
export function linkTo(doc: PDFKit.PDFDocument, box: { x: number; y: number; width: number; height: number }, anchor: string): void {
  let names = linked.get(doc);
  if (!names) linked.set(doc, (names = new Map()));
  let name = names.get(anchor);
  if (!name) names.set(anchor, (name = `d${String(names.size + 1).padStart(5, '0')}`));
  doc.goTo(box.x, box.y, box.width, box.height, name);
}

/**
 * Page labels and named destinations, just before the document ends. Pages before the first
 * numbered one are front matter (i, ii …); from there each page is labelled with the number
 * `pager.printed` gives it, the unnumbered blank pages of duplex printing included, so the pages
 * after them still match their printed `— N —`.
 * Returns the anchors linked to that were never marked: their links lead nowhere (none in a
 * dossier, where only anchors with a page number are linked; the tests resolve every link).
 */
export function finishNavigation(pager: Pager): string[] {
  const doc = pager.doc as unknown as PDFKit.PDFDocument & Internals;
  const kids = doc._root.data.Pages.data.Kids;
  const missing: string[] = [];
  for (const [anchor, name] of linked.get(pager.doc) ?? []) {
    const physical = pager.anchors.get(anchor);
    if (physical == null || !kids[physical - 1]) missing.push(anchor);
    // The top of the page, at the zoom the reader has chosen.
    else doc._root.data.Names.data.Dests.add(name, [kids[physical - 1], 'XYZ', null, A4.height, null]);
  }
  linked.delete(pager.doc);
  const nums = pageLabelRanges(pager).flatMap((r) => [r.start, r.style === 'roman' ? { S: 'r', St: r.first } : { S: 'D', St: r.first }]);
  if (nums.length) {
    const labels = doc.ref({ Nums: nums });
    doc._root.data.PageLabels = labels;
    labels.end();
  }
  return missing;
}

export interface LabelRange {
  /** Physical page index, 0-based, where the range starts. */
  start: number;
  style: 'roman' | 'decimal';
  /** The number of its first page. */
  first: number;
}

/** The page label of every physical page, as ranges of consecutive numbers in one style. */
export function pageLabelRanges(pager: Pick<Pager, 'kinds' | 'bodyStart' | 'printed'>): LabelRange[] {
  const ranges: LabelRange[] = [];
  let prev: { style: LabelRange['style']; n: number } | null = null;
  pager.kinds.forEach((_kind, i) => {
    const physical = i + 1;
    const front = pager.bodyStart === 0 || physical < pager.bodyStart;
    const style = front ? 'roman' : 'decimal';
    const n = front ? physical : pager.printed(physical);
    // A decimal label starts at 1 or more; a page before printed 1 (none today) would be roman.
    if (!prev || prev.style !== style || prev.n + 1 !== n) ranges.push({ start: i, style, first: n });
    prev = { style, n };
  });
  return ranges;
}
