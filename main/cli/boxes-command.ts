// `taizhang export boxes`: the archive-box paperwork (档案盒封面, 卷内目录, 备考表 and the spine
// labels) as one PDF. Registered in commands.ts as 'export boxes'.
import { exportBoxes } from '../export/boxes/boxes';
import { pageRange } from '../export/catalogue';
import { itemNumber } from '../../shared/archival-code';
import { RETENTION_LABELS } from '../../shared/domain';
import { str } from './args';
import { JSON_OPT, PRINT_OPTIONS, json, need, printOptions, withArchive, type Command } from './command-kit';
import { progressBar } from './output';

const USAGE = 'export boxes ARCHIVE OUT.pdf [--capacity N] [--spine 20|30|40|50] [--arranger NAME] [--checker NAME] [--include-excluded] [--duplex] [--photos-per-page 1|2] [--json]';

/** A whole number as typed, NaN for anything else (the export says what it wants). */
function count(text: string | undefined): number | undefined {
  if (text == null) return undefined;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

export const exportBoxesCmd: Command = {
  usage: USAGE,
  summary: '导出档案盒用表（每盒的封面、卷内目录、备考表，以及带裁切线的盒脊标签）',
  options: { capacity: { value: true }, spine: { value: true }, arranger: { value: true }, checker: { value: true }, ...PRINT_OPTIONS, 'include-excluded': {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, USAGE);
    const options = {
      capacity: count(str(p, 'capacity')),
      spine: count(str(p, 'spine')),
      arranger: str(p, 'arranger'),
      checker: str(p, 'checker'),
      dossier: { ...printOptions(p), includeExcluded: !!p.options['include-excluded'] },
    };
    const bar = progressBar();
    const r = await withArchive(dir, (archive) => exportBoxes(archive, out, options, { onProgress: bar.update })).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else {
      io.out(`已导出档案盒用表：${r.file}（${r.boxes.length} 盒，${r.pages} 页；盒脊标签在第 ${pageRange(r.spineSheets.first, r.spineSheets.last)} 页，可用卡纸单独打印）`);
      for (const b of r.boxes) {
        io.out(`  第 ${b.number} 盒　${b.year ?? '—'} 年度　${RETENTION_LABELS[b.retention]}　件号 ${itemNumber(b.first)}—${itemNumber(b.last)}　${b.items} 件 ${b.pages} 页`);
      }
      for (const w of r.warnings) io.out(`注意：${w.path ? `${w.path}：` : ''}${w.reason}`);
    }
    return 0;
  },
};
