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

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
    readonly opts: PagerOptions,
  ) {
    // Every page, whether we add it or pdfkit does when text runs over, starts here.
    doc.on('pageAdded', () => {
      const kind = this.nextKind;
      this.nextKind = 'body';
      this.kinds.push(kind);
      if (kind === 'body' && this.bodyStart === 0) this.bodyStart = this.kinds.length;
      // Content is laid out for a front page (binding on the left); a back page in duplex binds
      // on the right, so its whole content moves left by the difference of the two margins.
      if (this.opts.duplex && this.kinds.length % 2 === 0) doc.translate(OUTER_MARGIN - BINDING_MARGIN, 0);
      if (kind === 'body') this.drawPageNumber();
    });
  }

  get physical(): number {
    return this.kinds.length;
  }

  /** The printed number of a physical page (body pages count from 1; blank pages count, unprinted). */
  printed(physical: number): number {
    return physical - this.bodyStart + 1;
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
  private drawPageNumber(): void {
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
    doc.fillColor('black').text(text, x, this.bottom + 7 * MM, { lineBreak: false });
    doc.x = keepX;
    doc.y = keepY;
  }
}

/**
 * What text and tables need of a page flow: the document, the faces, the text area, and a new
 * page when something does not fit. The dossier's Pager is one; the box sheets have their own.
 */
export type Flow = Pick<Pager, 'doc' | 'fonts' | 'left' | 'top' | 'bottom' | 'width' | 'ensureSpace'>;

export function pageOptions(): PDFKit.PDFDocumentOptions {
  return {
    size: [A4.width, A4.height],
    margins: { top: TOP_MARGIN, left: BINDING_MARGIN, right: OUTER_MARGIN, bottom: A4.height - TOP_MARGIN - TEXT_AREA.height },
  };
}
