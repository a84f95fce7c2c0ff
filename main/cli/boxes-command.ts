// `taizhang export boxes`: the archive-box paperwork as one PDF, in one of two arrangements:
// inspection (迎检 binders by indicator, with the 指标索引) or archive (DA/T 22-2015 boxes by
// 年度-保管期限-机构, with the 归档文件目录). Registered in commands.ts as 'export boxes'.
import { exportBoxes } from '../export/boxes/boxes';
import { guardedExport } from '../export/output-path';
import { pageRange } from '../export/catalogue';
import { ARRANGEMENTS, ARRANGEMENT_LABELS, itemNumber, type Arrangement } from '../../shared/archival-code';
import { TaizhangError } from '../../shared/errors';
import { RETENTION_LABELS } from '../../shared/domain';
import { str } from './args';
import { JSON_OPT, PRINT_OPTIONS, json, need, printOptions, withArchive, type Command } from './command-kit';
import { progressBar } from './output';

const USAGE = 'export boxes ARCHIVE OUT.pdf [--arrangement inspection|archive] [--capacity N] [--spine 20|30|40|50] [--arranger NAME] [--checker NAME] [--include-excluded] [--duplex] [--photos-per-page 1|2] [--overwrite] [--json]';

/** A whole number as typed, NaN for anything else (the export says what it wants). */
function count(text: string | undefined): number | undefined {
  if (text == null) return undefined;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

/** inspection (the default) or archive; anything else is refused with the two choices. */
export function arrangementOf(text: string | undefined): Arrangement | undefined {
  if (text == null) return undefined;
  const t = text.trim().toLowerCase();
  if ((ARRANGEMENTS as readonly string[]).includes(t)) return t as Arrangement;
  throw new TaizhangError('BAD_INPUT', `--arrangement 只能是 inspection（迎检，按指标装盒，默认）或 archive（归档，按年度-保管期限-机构装盒），而不是“${text}”。`);
}

export const exportBoxesCmd: Command = {
  usage: USAGE,
  summary: '导出档案盒用表（迎检按指标装盒并附指标索引，或归档按年度-保管期限-机构装盒并附归档文件目录；每盒封面、目录、备考表和带裁切线的盒脊标签）',
  options: { arrangement: { value: true }, capacity: { value: true }, spine: { value: true }, arranger: { value: true }, checker: { value: true }, ...PRINT_OPTIONS, 'include-excluded': {}, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, USAGE);
    const options = {
      arrangement: arrangementOf(str(p, 'arrangement')),
      capacity: count(str(p, 'capacity')),
      spine: count(str(p, 'spine')),
      arranger: str(p, 'arranger'),
      checker: str(p, 'checker'),
      dossier: { ...printOptions(p), includeExcluded: !!p.options['include-excluded'] },
    };
    const bar = progressBar();
    const r = await withArchive(dir, (archive) => guardedExport(archive, out, 'boxes', p.options.overwrite ? 'any' : 'own', () => exportBoxes(archive, out, options, { onProgress: bar.update }))).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else {
      io.out(`已导出档案盒用表（${ARRANGEMENT_LABELS[r.arrangement]}）：${r.file}（${r.boxes.length} 盒，${r.pages} 页；盒脊标签在第 ${pageRange(r.spineSheets.first, r.spineSheets.last)} 页，可用卡纸单独打印）`);
      if (r.indexPages) io.out(`  指标索引（指标 → 盒号 → 页码）在第 ${pageRange(r.indexPages.first, r.indexPages.last)} 页`);
      for (const b of r.boxes) {
        if (b.indicator != null) {
          const pages = b.dossierPages ? `　台账第 ${pageRange(b.dossierPages.first, b.dossierPages.last)} 页` : '';
          io.out(`  第 ${b.number} 盒　指标 ${b.codes.length > 1 ? `${b.codes[0]}—${b.codes[b.codes.length - 1]}` : b.indicator}${pages}　${b.items} 件 ${b.pages} 页`);
        } else {
          io.out(`  第 ${b.number} 盒　${b.year ?? '—'} 年度　${b.retention ? RETENTION_LABELS[b.retention] : ''}　件号 ${itemNumber(b.first)}—${itemNumber(b.last)}　${b.items} 件 ${b.pages} 页`);
        }
      }
      for (const w of r.warnings) io.out(`注意：${w.path ? `${w.path}：` : ''}${w.reason}`);
    }
    return 0;
  },
};
