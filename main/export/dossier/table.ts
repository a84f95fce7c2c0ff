// Ruled tables for the 提交表, item header blocks and photo captions (cell text 4号 宋体, the
// local practice for dossier tables). Rows never split across pages; a row that does not fit
// starts a new page.
import type { Flow } from './pager';
import { paraHeight, textAt, type ParaStyle } from './text';
import { PT } from '../pdf/geometry';
import { baselineOffset } from '../pdf/fonts';
import { linkTo } from './nav';

export const CELL: ParaStyle = { role: 'song', size: PT.si, align: 'left', pitch: PT.si * 1.45 };
export const CELL_LABEL: ParaStyle = { ...CELL, role: 'hei', align: 'center' };
export const PAD = 4;

export interface Cell {
  text: string;
  style?: ParaStyle;
  /** Minimum height of the row this cell is in, in points (a box to write in by hand). */
  minHeight?: number;
  /** Centred between the top and the bottom of a taller row, instead of at its top. */
  middle?: boolean;
  /** The whole cell links to the page where this anchor is marked (“item:12”). */
  link?: string;
}

function rowHeight(pager: Flow, widths: number[], row: Cell[]): number {
  const spans = spanWidths(widths, row.length);
  return Math.max(...row.map((c, i) => Math.max(c.minHeight ?? 0, cellHeight(pager, c, spans[i]))));
}

const cellHeight = (pager: Flow, c: Cell, width: number) => paraHeight(pager, c.text, c.style ?? CELL, width - 2 * PAD) + 2 * PAD;

/** The height `table` will take for these rows (when they fit on one page). */
export function tableHeight(pager: Flow, widths: number[], rows: Cell[][]): number {
  return rows.reduce((h, row) => h + rowHeight(pager, widths, row), 0);
}

/** Draws rows of cells with the given column widths (points, summing to the table width). */
export function table(pager: Flow, widths: number[], rows: Cell[][], x = pager.left): void {
  const { doc } = pager;
  for (const row of rows) {
    const spans = spanWidths(widths, row.length);
    const height = rowHeight(pager, widths, row);
    pager.ensureSpace(height);
    const y = doc.y;
    let cx = x;
    // The first lines of a row share a baseline: a label in 黑体 stands level with its value in
    // 宋体 (the faces' ascenders differ), a smaller text sits on the line of the larger.
    const base = row.map((c) => baselineOffset(pager.fonts, (c.style ?? CELL).role, (c.style ?? CELL).size));
    const line = Math.max(...base);
    row.forEach((c, i) => {
      doc.lineWidth(0.75).strokeColor('black').rect(cx, y, spans[i], height).stroke();
      const dy = c.middle ? (height - cellHeight(pager, c, spans[i])) / 2 : line - base[i];
      textAt(pager, c.text, c.style ?? CELL, { x: cx + PAD, y: y + PAD + dy, width: spans[i] - 2 * PAD });
      if (c.link) linkTo(doc, { x: cx, y, width: spans[i], height }, c.link);
      cx += spans[i];
    });
    doc.x = x;
    doc.y = y + height;
  }
}

/** A row with fewer cells than columns lets its last cell span the rest. */
function spanWidths(widths: number[], cells: number): number[] {
  if (cells >= widths.length) return widths.slice(0, cells);
  const head = widths.slice(0, cells - 1);
  const rest = widths.slice(cells - 1).reduce((a, b) => a + b, 0);
  return [...head, rest];
}
