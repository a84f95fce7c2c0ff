// One print-ready table sheet: a title row, a line of facts, the header (repeated on every printed
// page and frozen on screen), then the rows. A4 landscape, fit to one page wide, 第 N 页，共 M 页
// in the footer, 宋体 wrapped and centred vertically, thin borders, shaded header.
import type { Alignment, Borders, Cell, Font, Workbook, Worksheet } from 'exceljs';
import { cleanText, columnWidth, displayWidth, ROW_HEIGHT_MAX, wrappedLines } from './cell-text';

export interface Column {
  header: string;
  /** Width bounds in Excel character units; the content decides within them. */
  min: number;
  max: number;
  align?: 'left' | 'center';
  /** The column whose cells take a row's indent (tree levels). */
  indented?: boolean;
}

export type CellValue = string | number | null;

export interface RowSpec {
  cells: CellValue[];
  bold?: boolean;
  /** Indent steps for the indented column. */
  indent?: number;
  /** ARGB fill of the whole row. */
  fill?: string;
  /** ARGB font colour per column index. */
  colors?: Record<number, string>;
}

export interface SheetSpec {
  name: string;
  title: string;
  /** A line under the title (全宗号, 年度, 保管期限…); may be empty. */
  info: string;
  columns: Column[];
  rows: RowSpec[];
  /** Called for every text that had characters removed or was cut, with the row's index. */
  onCleaned?: (row: number, column: number, how: 'stripped' | 'truncated') => void;
}

const FONT: Partial<Font> = { name: '宋体', size: 11, charset: 134 };
const TITLE_FONT: Partial<Font> = { name: '宋体', size: 18, bold: true, charset: 134 };
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = 'FFD9D9D9';
/**
 * Line pitch of 11 pt 宋体 in a row, in points (Excel's own is 14.25), and the padding a wrapped
 * row wants; a little generous, since LibreOffice's substitute fonts set lines further apart.
 */
const LINE = 15.5;
const PAD = 6;
/** 宋体 at 11 pt is a little wider than the two units a CJK character counts for. */
const CJK_FACTOR = 1.1;
/** Rows above the table: title, facts, header. */
export const HEADER_ROW = 3;

function rowHeight(texts: string[], widths: number[]): number {
  const lines = Math.max(1, ...texts.map((t, i) => wrappedLines(t, widths[i] / CJK_FACTOR)));
  return Math.min(ROW_HEIGHT_MAX, lines * LINE + PAD);
}

export function addTableSheet(wb: Workbook, spec: SheetSpec): Worksheet {
  const n = spec.columns.length;
  const ws = wb.addWorksheet(spec.name, {
    // exceljs leaves out columns exactly 9 wide (its default); say 9 is the sheet's default then.
    properties: { defaultColWidth: 9 },
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.35 },
    },
    headerFooter: { differentFirst: false, differentOddEven: false, oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
  });

  // Clean every text once; widths and heights are measured on what is written.
  const rows = spec.rows.map((r, ri) => ({
    ...r,
    cells: r.cells.map((v, ci) => {
      if (typeof v !== 'string') return v;
      const c = cleanText(v, true);
      if (c.stripped) spec.onCleaned?.(ri, ci, 'stripped');
      if (c.truncated) spec.onCleaned?.(ri, ci, 'truncated');
      return c.text;
    }),
  }));
  const textOf = (v: CellValue) => (v == null ? '' : String(v));
  const widths = spec.columns.map((col, ci) => {
    const texts = rows.map((r) => textOf(r.cells[ci]));
    const indent = col.indented ? rows.reduce((m, r) => Math.max(m, (r.indent ?? 0) * 3), 0) : 0;
    const w = columnWidth(texts, 0, Infinity) * CJK_FACTOR + indent;
    return Math.round(Math.min(col.max, Math.max(col.min, displayWidth(col.header) + 3, w)) * 10) / 10;
  });
  ws.columns = widths.map((width) => ({ width }));

  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const banner = (rowNo: number, text: string, font: Partial<Font>, height: number, align: Partial<Alignment>) => {
    const row = ws.getRow(rowNo);
    row.getCell(1).value = cleanText(text).text;
    row.getCell(1).font = font;
    row.getCell(1).alignment = { vertical: 'middle', wrapText: true, ...align };
    row.height = height;
    if (n > 1) ws.mergeCells(rowNo, 1, rowNo, n);
  };
  banner(1, spec.title, TITLE_FONT, Math.min(ROW_HEIGHT_MAX, wrappedLines(spec.title, totalWidth / 1.8) * 26 + 8), { horizontal: 'center' });
  banner(2, spec.info, FONT, Math.min(ROW_HEIGHT_MAX, wrappedLines(spec.info, totalWidth / CJK_FACTOR) * LINE + PAD), { horizontal: 'left' });

  const header = ws.getRow(HEADER_ROW);
  spec.columns.forEach((col, ci) => {
    const cell = header.getCell(ci + 1);
    cell.value = col.header;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  header.height = rowHeight(spec.columns.map((c) => c.header), widths);

  rows.forEach((r, ri) => {
    const row = ws.getRow(HEADER_ROW + 1 + ri);
    spec.columns.forEach((col, ci) => {
      const cell: Cell = row.getCell(ci + 1);
      const v = r.cells[ci];
      // Empty cells still carry the border, so the printed table is closed.
      cell.value = v == null || v === '' ? null : v;
      const color = r.colors?.[ci];
      cell.font = { ...FONT, ...(r.bold ? { bold: true } : {}), ...(color ? { color: { argb: color } } : {}) };
      cell.alignment = {
        vertical: 'middle',
        horizontal: col.align ?? 'left',
        wrapText: true,
        ...(col.indented && r.indent ? { indent: r.indent } : {}),
      };
      cell.border = BORDER;
      if (r.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: r.fill } };
      // Text that looks like a number (日期 20230308, 文号) stays text when the clerk edits it.
      if (typeof v === 'string') cell.numFmt = '@';
    });
    const indentWidths = widths.map((w, ci) => (spec.columns[ci].indented && r.indent ? Math.max(4, w - r.indent * 3) : w));
    row.height = rowHeight(r.cells.map(textOf), indentWidths);
  });
  return ws;
}
