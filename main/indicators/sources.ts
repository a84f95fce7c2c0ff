// Every format an indicator system arrives in, read into the same sheets of GridCells: .xlsx
// (exceljs), old .xls and WPS .et (SheetJS reads BIFF), CSV (UTF-8 or the GB18030 Chinese Excel
// writes), and the first table inside a .docx that reads as an indicator table. Told apart by
// content, not by extension: a clerk's files are often misnamed.

import mammoth from 'mammoth';
import * as XLSX from '@e965/xlsx';
import { DOCX_LIMITS, zipLimitProblem } from '../intake/zip-limits';
import { buildGrid, type MergeBox } from './grid';
import { IndicatorTableError, MAX_COLS, checkRowCount, workbookSources, type SheetSource } from './xlsx-import';

export type TableFormat = 'xlsx' | 'xls' | 'csv' | 'docx';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Text counts as CSV only under a text name: a "表.xlsx" that is text was saved wrong, and is refused saying so. */
const TEXT_NAME = /\.(csv|tsv|txt)$/i;

export function tableFormat(buf: Buffer, name: string): TableFormat | null {
  if (buf.subarray(0, 4).equals(ZIP_MAGIC)) return buf.includes('word/document.xml') ? 'docx' : 'xlsx';
  if (buf.subarray(0, 8).equals(OLE_MAGIC)) return 'xls';
  const head = buf.subarray(0, 4096);
  if (buf.length > 0 && TEXT_NAME.test(name) && !head.includes(0)) return 'csv';
  return null;
}

export async function readSources(buf: Buffer, name: string): Promise<{ format: TableFormat; sheets: SheetSource[] }> {
  const format = tableFormat(buf, name);
  if (format === 'xls') return { format, sheets: xlsSources(buf, name) };
  if (format === 'csv') return { format, sheets: [csvSource(buf, name)] };
  if (format === 'docx') return { format, sheets: await docxSources(buf, name) };
  // exceljs's reader says what else it is (empty, UTF-16 text, unknown content).
  return { format: 'xlsx', sheets: await workbookSources(buf, name) };
}

// ---------------------------------------------------------------------------------------------
// .xls / .et

function xlsSources(buf: Buffer, name: string): SheetSource[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false });
  } catch {
    throw new IndicatorTableError(`“${name}”是旧版 Excel（.xls）或 WPS（.et）格式，但无法读取，可能已损坏或设置了打开密码；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。`);
  }
  return wb.SheetNames.map((sheetName, i) => ({
    name: sheetName,
    hidden: Boolean(wb.Workbook?.Sheets?.[i]?.Hidden),
    read: () => {
      const ws = wb.Sheets[sheetName];
      if (!ws?.['!ref']) return buildGrid(sheetName, [], [], MAX_COLS);
      const range = XLSX.utils.decode_range(ws['!ref']);
      // Rows are placed where Excel shows them, so the preview's row numbers match the clerk's.
      checkRowCount(range.e.r + 1);
      const rows: string[][] = [];
      for (let r = 0; r <= range.e.r; r++) {
        const line: string[] = [];
        for (let c = 0; c <= Math.min(range.e.c, MAX_COLS - 1); c++) {
          const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
          line.push(cell ? String(cell.w ?? cell.v ?? '') : '');
        }
        rows.push(line);
      }
      const merges: MergeBox[] = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 }));
      return buildGrid(sheetName, rows, merges, MAX_COLS);
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// CSV

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (what Excel and WPS save as "CSV" on Chinese Windows). */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** RFC 4180 fields: quoted fields may hold the separator, "" and line breaks. */
export function parseCsv(text: string): string[][] {
  const firstLines = text.split(/\r?\n/).slice(0, 20).join('\n');
  const sep = (firstLines.match(/\t/g)?.length ?? 0) > (firstLines.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      checkRowCount(rows.length);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvSource(buf: Buffer, name: string): SheetSource {
  const sheetName = name.replace(/\.[^.]+$/, '') || name;
  return { name: sheetName, hidden: false, read: () => buildGrid(sheetName, parseCsv(decodeText(buf)), [], MAX_COLS) };
}

// ---------------------------------------------------------------------------------------------
// .docx

async function docxSources(buf: Buffer, name: string): Promise<SheetSource[]> {
  const refused = await zipLimitProblem(buf, DOCX_LIMITS);
  if (refused?.tooLarge) throw new IndicatorTableError(`“${name}”：${refused.message}。`, 'TOO_LARGE');
  if (refused) throw new IndicatorTableError(`“${name}”：${refused.message}。`);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: buf })).value;
  } catch {
    throw new IndicatorTableError(`“${name}”是已损坏的 Word 文件，无法读取其中的表格；请用 Word 或 WPS 打开后重新保存。`);
  }
  const tables = htmlTables(html);
  if (tables.length === 0) throw new IndicatorTableError(`Word 文件“${name}”中没有表格；指标体系应是文档中的一张表格（一级指标、指标名称、分值等列）。`);
  return tables.map((t, i) => {
    const tableName = `表格${i + 1}`;
    return { name: tableName, hidden: false, read: () => buildGrid(tableName, t.rows, t.merges, MAX_COLS) };
  });
}

interface HtmlCell {
  text: string;
  colspan: number;
  rowspan: number;
}

const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

/** mammoth's HTML is regular: top-level tables with <tr>, <td colspan rowspan>, paragraphs inside cells. */
export function htmlTables(html: string): { rows: string[][]; merges: MergeBox[] }[] {
  const out: { rows: string[][]; merges: MergeBox[] }[] = [];
  const re = /<(\/?)(table|tr|td|th|p|br)\b([^>]*)>|<[^>]*>|([^<]+)/gi;
  let depth = 0;
  let rows: HtmlCell[][] = [];
  let cell: HtmlCell | null = null;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const [, close, tagRaw, attrs, text] = m;
    const tag = tagRaw?.toLowerCase();
    if (text !== undefined) {
      if (cell) cell.text += decodeEntities(text);
      continue;
    }
    if (tag === 'table') {
      if (!close) {
        depth++;
        if (depth === 1) rows = [];
      } else {
        depth--;
        if (depth === 0) out.push(placeCells(rows));
      }
    } else if (depth !== 1) {
      // A table inside a cell: its text belongs to the outer cell.
      if (cell && (tag === 'p' || tag === 'br' || tag === 'td') && !close) cell.text += ' ';
    } else if (tag === 'tr' && !close) rows.push([]);
    else if ((tag === 'td' || tag === 'th') && !close) {
      const span = (n: string) => Math.max(1, Math.min(MAX_COLS, Number(new RegExp(`${n}="(\\d+)"`).exec(attrs ?? '')?.[1] ?? 1)));
      cell = { text: '', colspan: span('colspan'), rowspan: span('rowspan') };
      (rows[rows.length - 1] ?? rows[rows.push([]) - 1]).push(cell);
    } else if ((tag === 'td' || tag === 'th') && close) cell = null;
    else if ((tag === 'p' && close) || tag === 'br') {
      if (cell) cell.text += '\n';
    }
  }
  return out;
}

/** HTML cells flow around the rowspans above them; the grid places each at its true column. */
function placeCells(rows: HtmlCell[][]): { rows: string[][]; merges: MergeBox[] } {
  checkRowCount(rows.length);
  const taken = new Set<string>();
  const grid: string[][] = [];
  const merges: MergeBox[] = [];
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (taken.has(`${r},${c}`)) c++;
      for (let dr = 0; dr < cell.rowspan; dr++) for (let dc = 0; dc < cell.colspan; dc++) taken.add(`${r + dr},${c + dc}`);
      grid[r][c] = cell.text.replace(/\n+$/, '');
      if (cell.rowspan > 1 || cell.colspan > 1) merges.push({ top: r + 1, left: c + 1, bottom: Math.min(rows.length, r + cell.rowspan), right: c + cell.colspan });
      c += cell.colspan;
    }
  });
  for (let r = 0; r < grid.length; r++) grid[r] = Array.from({ length: grid[r].length }, (_x, i) => grid[r][i] ?? '');
  return { rows: grid, merges };
}
