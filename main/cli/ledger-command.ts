// `taizhang export xlsx`: the Excel ledger (归档文件目录, 指标完成情况, 指标索引, optionally a sheet
// per top-level indicator). Registered in commands.ts as 'export xlsx'.
import { exportLedger } from '../export/ledger/ledger';
import { guardedExport } from '../export/output-path';
import { str } from './args';
import { arrangementOf } from './boxes-command';
import { JSON_OPT, PRINT_OPTIONS, json, need, printOptions, withArchive, type Command } from './command-kit';
import { progressBar } from './output';

/** A whole number as typed, NaN for anything else (the export says what it wants). */
function count(text: string | undefined): number | undefined {
  if (text == null) return undefined;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

const USAGE = 'export xlsx ARCHIVE OUT.xlsx [--indicator CODE]... [--per-indicator] [--arrangement inspection|archive] [--capacity N] [--include-excluded] [--duplex] [--photos-per-page 1|2] [--overwrite] [--json]';

export const exportXlsx: Command = {
  usage: USAGE,
  summary: '导出 Excel 台账目录（归档文件目录、指标完成情况、指标索引）',
  options: { indicator: { value: true, repeat: true }, 'per-indicator': {}, arrangement: { value: true }, capacity: { value: true }, ...PRINT_OPTIONS, 'include-excluded': {}, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, USAGE);
    const bar = progressBar();
    const r = await withArchive(dir, (archive) =>
      guardedExport(archive, out, 'xlsx', p.options.overwrite ? 'any' : 'own', () => exportLedger(
        archive,
        out,
        { indicators: (p.options.indicator as string[] | undefined) ?? [], perIndicatorSheets: !!p.options['per-indicator'], arrangement: arrangementOf(str(p, 'arrangement')), capacity: count(str(p, 'capacity')), dossier: { ...printOptions(p), includeExcluded: !!p.options['include-excluded'] } },
        { onProgress: bar.update },
      )),
    ).finally(() => bar.done());
    if (p.options.json) json(io, { file: r.file, items: r.items, sheets: r.sheets, bytes: r.bytes, warnings: r.warnings });
    else {
      io.out(`已导出台账目录：${r.file}（${r.items} 件，工作表：${r.sheets.join('、')}，${(r.bytes / 1024).toFixed(0)} KB）`);
      for (const w of r.warnings) io.out(`注意：${w.path ? `${w.path}：` : ''}${w.reason}`);
    }
    return 0;
  },
};
