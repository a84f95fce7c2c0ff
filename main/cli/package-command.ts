// `taizhang export package` and `taizhang verify-package`: the inspection package (迎检材料包)
// as a zip or a folder, and its check against manifest.json.
import { exportPackage, verifyPackage, type PackageProblemKind } from '../export/package/package';
import { guardedExport } from '../export/output-path';
import { JSON_OPT, PRINT_OPTIONS, json, need, printOptions, withArchive, type Command } from './command-kit';
import { progressBar } from './output';
import { sizeText } from '../../shared/names';

const PROBLEM_TEXT: Record<PackageProblemKind, string> = {
  missing: '缺少',
  size: '大小不符',
  hash: '内容不符（SHA-256 不同）',
  extra: '清单中没有',
};

export const exportPackageCmd: Command = {
  usage: 'export package ARCHIVE OUT.zip|OUTDIR [--web-upload] [--indicator CODE]... [--include-excluded] [--duplex] [--photos-per-page 1|2] [--overwrite] [--json]',
  summary: '导出迎检材料包（zip 或文件夹：按指标分文件夹的原件、台账、目录页 index.html 和清单 manifest.json）',
  options: { 'web-upload': {}, indicator: { value: true, repeat: true }, ...PRINT_OPTIONS, 'include-excluded': {}, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, this.usage);
    const bar = progressBar();
    const r = await withArchive(dir, (a) =>
      guardedExport(a, out, 'package', p.options.overwrite ? 'any' : 'own', () =>
        exportPackage(a, out, { webUpload: !!p.options['web-upload'], indicators: (p.options.indicator as string[] | undefined) ?? [], print: { ...printOptions(p), includeExcluded: !!p.options['include-excluded'] } }, { onProgress: bar.update }),
      ),
    ).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else {
      io.out(`已导出材料包：${r.path}（${r.kind === 'zip' ? 'zip 压缩包' : '文件夹'}，${r.files} 个文件，${sizeText(r.bytes)}）`);
      io.out('打开其中的 index.html 即可按指标浏览全部材料。');
      for (const w of r.warnings) io.out(`注意：${w.path ? `${w.path}：` : ''}${w.reason}`);
    }
    return 0;
  },
};

export const verifyPackageCmd: Command = {
  usage: 'verify-package FILE.zip|DIR [--json]',
  summary: '按清单 manifest.json 逐个校验材料包中的文件',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [pkg] = need(p, 1, this.usage);
    const bar = progressBar();
    const r = await verifyPackage(pkg, { onProgress: bar.update }).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else if (r.ok) io.out(`校验通过：${r.checked} 个文件与清单一致。`);
    else {
      io.out(`校验发现 ${r.problems.length} 个问题（共检查 ${r.checked} 个文件）：`);
      for (const pr of r.problems) io.out(`  ${PROBLEM_TEXT[pr.problem]}：${pr.path}`);
    }
    return r.ok ? 0 : 1;
  },
};
