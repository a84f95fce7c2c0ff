// What an import would read, shown before anything is written: the columns with their roles and
// why, the sheet's rows and the tree. The clerk corrects a role and the sheet is read again.
import { basename } from 'node:path';
import type { ColumnRole, IndicatorPreview } from '../../shared/indicator-types';
import { readIndicatorFile } from './template-json';

export const PREVIEW_ROWS = 500;

export interface PreviewOptions {
  sheet?: string;
  columns?: Record<string, ColumnRole>;
}

export async function previewIndicatorFile(file: string, opts: PreviewOptions = {}): Promise<IndicatorPreview> {
  const parsed = await readIndicatorFile(file, { ...opts, lenient: true });
  const a = parsed.analysis;
  if (!a) {
    return {
      file: basename(file), format: 'json', sheets: [], sheet: parsed.report.sheet, headerRow: 0, columns: [], rows: [],
      indicators: parsed.indicators, report: parsed.report, unsure: [],
    };
  }
  const skipped = new Map(a.report.skipped.map((s) => [s.row, s.reason]));
  const rows: IndicatorPreview['rows'] = [];
  for (let r = a.headerRow; r < a.grid.grid.length && rows.length < PREVIEW_ROWS; r++) {
    const line = a.grid.grid[r] ?? [];
    // A merged area shows its text once, in its first cell, as the sheet does.
    const cells = a.columnInfo.map((c) => {
      const cell = line[c.index];
      return cell && cell.top === r && cell.left === c.index ? cell.text : '';
    });
    if (r > a.headerRow && cells.every((x) => !x)) continue;
    const reason = skipped.get(r);
    rows.push(reason ? { row: r, cells, skipped: reason } : { row: r, cells });
  }
  return {
    file: basename(file),
    format: parsed.format,
    sheets: parsed.sheets,
    sheet: a.report.sheet,
    headerRow: a.headerRow,
    columns: a.columnInfo,
    rows,
    indicators: a.indicators,
    report: a.report,
    unsure: a.unsure,
  };
}
