// What each kind of job does: the same service functions the CLI calls, given the clerk's
// options, with a one-line Chinese summary of what came out.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Archive } from '../archive/archive';
import { importPaths, type ImportReport } from '../intake/import';
import { exportDossier } from '../export/dossier/dossier';
import { exportLedger } from '../export/ledger/ledger';
import { exportPackage } from '../export/package/package';
import { exportBoxes } from '../export/boxes/boxes';
import { sizeText } from '../../shared/names';
import { ARRANGEMENT_LABELS } from '../../shared/archival-code';
import { pageRange } from '../export/catalogue';
import { archiveIdentity, checkOutputPath, claimOutput, guardedExport, type ExportKindName } from '../export/output-path';
import { TaizhangError } from '../../shared/errors';
import { EXPORT_FILE_NAMES, type JobSpec } from '../../shared/api';
import { JOB_LABELS, type JobWork } from './jobs';
import { assertMode } from '../collect/mode';
import { packetJobWork } from '../collect/packet/jobs';
import { exportReminder } from '../collect/reminder';
import { markSubmitted } from '../collect/submitted';
import { currentActor } from './actor';


const sentence = (s: string) => (/[。！？.!?）)]$/.test(s) ? s : `${s}。`);
const warningText = (w: { path: string; reason: string }) => sentence(w.path ? `${path.basename(w.path)}：${w.reason}` : w.reason);

/** A name usable as a folder name on every system the archive may be copied to. */
function folderName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/[. ]+$/, '').trim().slice(0, 80);
}

/**
 * Where exports go unless the clerk says otherwise: a folder of this archive's own beside it,
 * "<archive folder>（导出）" — next to the archive in any listing, and as unique as the archive's
 * own folder name, so two archives in one folder never share a dossier.
 */
export async function exportDir(archive: Archive): Promise<string> {
  const parent = path.dirname(archive.dir);
  const me = await archiveIdentity(archive);
  const own = folderName(path.basename(archive.dir)) || folderName(me.name) || '档案';
  // Beside a read-only archive (a disc, a write-protected stick) nothing can be written: the
  // clerk's own folder, named after the campaign and told apart from another archive of the
  // same name by a short mark of the archive's identity.
  if (archive.readOnly) {
    const mark = createHash('sha256').update(me.id).digest('hex').slice(0, 6);
    return path.join(os.homedir(), '创建台账导出', `${folderName(me.name) || own}-${mark}`);
  }
  return path.join(parent, `${own}（导出）`);
}

/**
 * The folders where this archive's exports may have left temporary files: its own, and the one
 * shared folder "导出" that earlier versions wrote into.
 */
export async function exportFolders(archive: Archive): Promise<string[]> {
  const legacy = path.join(path.dirname(archive.dir), '导出');
  return [await exportDir(archive), ...(archive.readOnly ? [] : [legacy])];
}

/**
 * The import's one-line summary. New material and files already in the archive are told apart,
 * so a second import of the same folder reads "没有新材料：50 个文件此前已存档", never "已导入 …
 * 50 个文件；50 个文件此前已存档".
 */
export function importSummary(r: Pick<ImportReport, 'items' | 'stored' | 'duplicates' | 'repaired' | 'linkedExisting' | 'inbox'>): string {
  const parts: string[] = [];
  const known = r.duplicates ? `${r.duplicates} 个文件此前已存档，未重复保存` : '';
  if (r.items === 0 && r.stored === 0) parts.push(known ? `没有新材料：${known}` : '没有导入任何文件');
  else {
    parts.push(r.items === 0 ? `已存入 ${r.stored} 个新文件` : r.stored === 0 ? `已导入 ${r.items} 件材料` : `已导入 ${r.items} 件材料、${r.stored} 个新文件`);
    if (known) parts.push(r.stored === 0 ? `其中的文件此前都已存档（${r.duplicates} 个），未重复保存` : `另有 ${known}`);
  }
  if (r.linkedExisting) parts.push(`${r.linkedExisting} 件已有的材料同时归到了这次的指标下`);
  if (r.repaired) parts.push(`已用原件修复 ${r.repaired} 个损坏的文件`);
  if (r.inbox.length) parts.push(`${r.inbox.length} 个文件未能对应到指标，放在“未归类”中`);
  return `${parts.join('；')}。`;
}

/** Checks the spec and returns the work; mistakes in it are reported before the job starts. */
export async function jobWork(archive: Archive, spec: JobSpec, onImported: () => void): Promise<JobWork> {
  // Options left out must stay out: an explicit undefined would override the exports' defaults.
  const print = {
    ...(spec.duplex != null && { duplex: spec.duplex }),
    ...(spec.photosPerPage != null && { photosPerPage: spec.photosPerPage }),
    // Items that do not count (创建时段外, 文件无法读取): left out of every export unless asked for.
    ...(spec.includeExcluded != null && { includeExcluded: spec.includeExcluded }),
  };
  const indicators = spec.indicator ? [spec.indicator] : [];
  if (spec.kind === 'import') {
    if (!spec.paths?.length) throw new TaizhangError('BAD_INPUT', '请选择要导入的文件或文件夹。');
    const paths = spec.paths;
    return async (job) => {
      // Items are committed one by one: a cancelled or failed import has filed some, and the
      // views must show them either way.
      // What a department's account files is its submission, before the views are told to look.
      // A department's account reuses only its own items: another's is not linked to its indicator, nor named.
      const actor = currentActor();
      const department = actor.role === 'department' && actor.department ? actor.department : undefined;
      const r = await importPaths(archive, paths, { ...job, indicatorCode: spec.indicator, department })
        .then(async (report) => {
          await markSubmitted(archive, report.itemIds);
          return report;
        })
        .finally(onImported);
      return {
        output: null,
        summary: importSummary(r),
        warnings: [...r.warnings, ...r.skipped].map(warningText),
        result: r,
      };
    };
  }
  if (spec.kind === 'export-packet' || spec.kind === 'import-packet' || spec.kind === 'export-return') {
    await assertMode(archive, spec.kind === 'export-return' ? 'department' : 'office', JOB_LABELS[spec.kind]);
    return packetJobWork(archive, spec, onImported);
  }
  await assertMode(archive, 'office', JOB_LABELS[spec.kind]);
  // A bare name (档案盒.pdf) or a relative path goes into the export folder, not wherever the
  // server happens to run; the folder is made when it is the default one.
  const dir = await exportDir(archive);
  const out = path.resolve(dir, spec.out ?? EXPORT_FILE_NAMES[spec.kind]);
  if (path.dirname(out) === dir) await fs.mkdir(dir, { recursive: true });
  // The export checks this again, but a mistake should show before the job starts.
  await checkOutputPath(archive, out, { createFolder: spec.kind === 'export-package' && !/\.zip$/i.test(out) });
  // The interface asks before any existing file goes (and starts again with overwrite): refused here, before the job.
  const me = await archiveIdentity(archive);
  const policy = spec.overwrite ? 'any' : 'ask';
  await claimOutput(me, out, policy);
  const guarded = <R>(kind: ExportKindName, run: () => Promise<R>) => guardedExport(archive, out, kind, policy, run);
  switch (spec.kind) {
    case 'export-reminder':
      return async (job) => {
        const r = await guarded('pdf', () => exportReminder(archive, out, { department: spec.department }, job));
        return { output: r.file, summary: `已导出催报单：${r.departments} 个责任单位，共 ${r.pages} 页。`, warnings: [], result: r };
      };
    case 'export-pdf':
      return async (job) => {
        const r = await guarded('pdf', () => exportDossier(archive, out, { ...print, indicators, ...(spec.arrangement && { arrangement: spec.arrangement }) }, job));
        return { output: r.file, summary: `已导出台账 PDF：共 ${r.pages} 页，${sizeText(r.bytes)}。`, warnings: r.warnings.map(warningText), result: r };
      };
    case 'export-xlsx':
      return async (job) => {
        const r = await guarded('xlsx', () => exportLedger(archive, out, { indicators, perIndicatorSheets: spec.perIndicator, ...(spec.capacity != null && { capacity: spec.capacity }), ...(spec.arrangement && { arrangement: spec.arrangement }), dossier: print }, job));
        return { output: r.file, summary: `已导出 Excel 台账：${r.items} 件材料，${r.sheets.length} 张工作表。`, warnings: r.warnings.map(warningText), result: r };
      };
    case 'export-package':
      return async (job) => {
        const r = await guarded('package', () => exportPackage(archive, out, { webUpload: spec.webUpload, indicators, print }, job));
        return {
          output: r.path,
          summary: `已导出迎检材料包（${r.kind === 'zip' ? 'zip 压缩包' : '文件夹'}）：${r.files} 个文件，${sizeText(r.bytes)}。`,
          warnings: r.warnings.map(warningText),
          result: r,
        };
      };
    case 'export-boxes':
      return async (job) => {
        const r = await guarded('boxes', () => exportBoxes(archive, out, { capacity: spec.capacity, spine: spec.spine, ...(spec.arrangement && { arrangement: spec.arrangement }), dossier: print }, job));
        return {
          output: r.file,
          summary: `已导出档案盒材料（${ARRANGEMENT_LABELS[r.arrangement]}）：${r.boxes.length} 盒，共 ${r.pages} 页（${r.indexPages ? `指标索引在第 ${pageRange(r.indexPages.first, r.indexPages.last)} 页，` : ''}盒脊标签在第 ${pageRange(r.spineSheets.first, r.spineSheets.last)} 页，请用卡纸打印）。`,
          warnings: r.warnings.map(warningText),
          result: r,
        };
      };
  }
}
