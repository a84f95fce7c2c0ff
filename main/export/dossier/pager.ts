// Pages of the dossier: which physical page we are on, which pages carry a printed number,
// where each indicator and item begins. Page numbers are drawn once every page exists (pdfkit
// keeps the pages' content streams buffered; images and embedded PDFs are already written out).
import type { FontSet } from '../pdf/fonts';
import { writeText } from '../pdf/fonts';
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
  }

  /** Draws "— N —" on every body page, 7 mm below the text area, right on odd and left on even pages. */
  drawPageNumbers(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    const size = PT.si;
    for (let i = range.start; i < range.start + range.count; i++) {
      const physical = i + 1;
      if (this.kinds[i] !== 'body') continue;
      doc.switchToPage(i);
      const n = this.printed(physical);
      const text = pageNumberText(n);
      const y = this.bottom + 7 * MM;
      const inset = size; // one character in from the edge of the text area
      const odd = n % 2 === 1;
      const x = odd ? this.left + this.width - inset - textWidthSong(this, text, size) : this.left + inset;
      writeText(doc, this.fonts, text, { role: 'song', size, x, y, lineBreak: false });
    }
  }
}

function textWidthSong(pager: Pager, text: string, size: number): number {
  const { doc } = pager;
  let w = 0;
  for (const run of pager.fonts.runs(text, 'song')) w += doc.font(run.font).fontSize(size).widthOfString(run.text);
  return w;
}

export function pageOptions(): PDFKit.PDFDocumentOptions {
  return {
    size: [A4.width, A4.height],
    margins: { top: TOP_MARGIN, left: BINDING_MARGIN, right: OUTER_MARGIN, bottom: A4.height - TOP_MARGIN - TEXT_AREA.height },
  };
}
