// Pages of the dossier: which physical page we are on, which pages carry a printed number,
// where each indicator and item begins. Each page gets its number as it is created, so no page
// needs revisiting and pdfkit can write every page out as soon as the next one starts: memory
// does not grow with the length of the dossier.
import type { FontSet } from '../pdf/fonts';
import { A4, BINDING_MARGIN, OUTER_MARGIN, MM, PT, TEXT_AREA, TOP_MARGIN, pageNumberText } from '../pdf/geometry';

export type PageKind = 'front' | 'body' | 'blank';

export interface PagerOptions {
  duplex: boolean;
}

export class Pager {
  /** Kind of each physical page, index 0 = page 1. */
  readonly kinds: PageKind[] = [];
  /** Anchor → physical page number (1-based). */
  readonly anchors = new Map<string, number>();
  /** Physical page of printed page 1. */
  bodyStart = 0;
  /** Called when an anchor is marked, on the page it marks (the outline is built from it). */
  onMark: ((anchor: string) => void) | null = null;
  private nextKind: PageKind = 'body';
  /** The next page is an original (merged PDF page, scan): its number is drawn after it, on a white backing. */
  private nextOriginal = false;
  /** Anchors waiting for the next page: an indicator with no page of its own starts where its first page does. */
  private pending: string[] = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
    readonly opts: PagerOptions,
  ) {
    // Every page, whether we add it or pdfkit does when text runs over, starts here.
    doc.on('pageAdded', () => {
      const kind = this.nextKind;
      const original = this.nextOriginal;
      this.nextKind = 'body';
      this.nextOriginal = false;
      this.kinds.push(kind);
      if (kind === 'body' && this.bodyStart === 0) this.bodyStart = this.kinds.length;
      // Content is laid out for a front page (binding on the left); a back page in duplex binds
      // on the right, so its whole content moves left by the difference of the two margins.
      if (this.opts.duplex && this.kinds.length % 2 === 0) doc.translate(OUTER_MARGIN - BINDING_MARGIN, 0);
      if (kind === 'body' && !original) this.drawPageNumber();
      if (kind !== 'blank') for (const a of this.pending.splice(0)) this.mark(a);
    });
  }

  get physical(): number {
    return this.kinds.length;
  }

  /** The printed number of a physical page (body pages count from 1; blank pages count, unprinted). */
  printed(physical: number): number {
    return physical - this.bodyStart + 1;
  }

  /** Whether the current page binds on the right (a back page in duplex). */
  get bindsRight(): boolean {
    return this.opts.duplex && this.physical % 2 === 0;
  }

  /** The left edge of the sheet in the current page's frame (a back page's content is shifted). */
  get sheetX(): number {
    return this.bindsRight ? BINDING_MARGIN - OUTER_MARGIN : 0;
  }

  get left(): number {
    return BINDING_MARGIN;
  }
  get top(): number {
    return TOP_MARGIN;
  }
  get bottom(): number {
    return TOP_MARGIN + TEXT_AREA.height;
  }
  get width(): number {
    return TEXT_AREA.width;
  }

  addPage(kind: PageKind = 'body'): void {
    this.nextKind = kind;
    this.doc.addPage(pageOptions());
  }

  /**
   * A page for an original (a merged PDF page, a scan), drawn edge to edge: the caller draws the
   * original first, then numberOriginal() puts the page number over it on a white backing.
   */
  addOriginalPage(): void {
    this.nextOriginal = true;
    this.addPage('body');
  }

  /** The page number of an original's page, low in the bottom margin, on a white backing. */
  numberOriginal(): void {
    this.drawPageNumber(true);
  }

  /** Marks `anchor` on the next page that is added (not a blank one), or at flushMarks(). */
  markNext(anchor: string): void {
    this.pending.push(anchor);
  }

  /** Marks what markNext left waiting on the current page (what follows goes on this page). */
  flushMarks(): void {
    for (const a of this.pending.splice(0)) this.mark(a);
  }

  /**
   * A new page for the start of a section. In duplex printing sections start on a front (odd)
   * page, so a blank back page is put in when needed; the blank page carries no number.
   */
  sectionPage(kind: PageKind = 'body'): void {
    if (this.opts.duplex && this.physical % 2 === 1) this.addPage('blank');
    this.addPage(kind);
  }

  /** Starts a new page unless `height` still fits below the current position. */
  ensureSpace(height: number, kind: PageKind = 'body'): void {
    if (this.doc.y + height > this.bottom + 0.5) this.addPage(kind);
  }

  mark(anchor: string): void {
    this.anchors.set(anchor, this.physical);
    this.onMark?.(anchor);
  }

  /**
   * "— N —" on the current page, 7 mm below the text area, one character in from the right on
   * odd and from the left on even pages. Plain pdfkit text with no line breaking: it may run in
   * the middle of a paragraph that just broke onto this page, so it leaves the position as it was.
   */
  private drawPageNumber(original = false): void {
    const { doc } = this;
    const n = this.printed(this.physical);
    const text = pageNumberText(n);
    const size = PT.si;
    const font = this.fonts.runs(text, 'song')[0]?.font;
    const { x: keepX, y: keepY } = doc;
    if (font) doc.font(font);
    doc.fontSize(size);
    const width = doc.widthOfString(text);
    const x = n % 2 === 1 ? this.left + this.width - size - width : this.left + size;
    // On an original: below where a GB/T 9704 document prints its own number, in the 8 mm a
    // printer leaves blank at the foot of the sheet, white behind it in case the original is not.
    const y = original ? A4.height - ORIGINAL_NUMBER_FOOT : this.bottom + 7 * MM;
    if (original) doc.save().rect(x - 2 * MM, y - 1.5 * MM, width + 4 * MM, size + 2.5 * MM).fill('white').restore();
    doc.fillColor('black').text(text, x, y, { lineBreak: false });
    doc.x = keepX;
    doc.y = keepY;
  }
}

/**
 * What text and tables need of a page flow: the document, the faces, the text area, and a new
 * page when something does not fit. The dossier's Pager is one; the box sheets have their own.
 */
/** Top of the page number on an original's page, from the foot of the sheet. */
export const ORIGINAL_NUMBER_FOOT = 12 * MM;

export type Flow = Pick<Pager, 'doc' | 'fonts' | 'left' | 'top' | 'bottom' | 'width' | 'ensureSpace'>;

export function pageOptions(): PDFKit.PDFDocumentOptions {
  return {
    size: [A4.width, A4.height],
    margins: { top: TOP_MARGIN, left: BINDING_MARGIN, right: OUTER_MARGIN, bottom: A4.height - TOP_MARGIN - TEXT_AREA.height },
  };
}
