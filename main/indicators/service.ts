// Importing an indicator system into an archive (read the table, merge it into the tree), and
// saving it back out as our template.
import fs from 'node:fs/promises';
import { Archive } from '../archive/archive';
import { listIndicators, mergeIndicators } from '../archive/indicators-repo';
import { draftsToTemplate, readIndicatorFile } from './template-json';
import { logIndicatorImport } from './import-log';
import type { IndicatorDraft, IndicatorMergeReport, IndicatorTableReport } from '../../shared/indicator-types';

export interface IndicatorImportResult {
  table: IndicatorTableReport;
  merge: IndicatorMergeReport;
}

export async function importIndicators(archive: Archive, file: string, opts: { sheet?: string } = {}): Promise<IndicatorImportResult> {
  const parsed = await readIndicatorFile(file, opts);
  const merge = await archive.db.transaction(async (tx) => logIndicatorImport(tx, file, await mergeIndicators(tx, parsed.indicators)));
  return { table: parsed.report, merge };
}

/** Saves the archive's indicator system as our JSON template, e.g. to reuse it next year. */
export async function exportIndicators(archive: Archive, file: string): Promise<{ file: string; indicators: number }> {
  const list = (await listIndicators(archive.db)).filter((i) => !i.removed);
  const codeById = new Map(list.map((i) => [i.id, i.code]));
  const drafts: IndicatorDraft[] = list.map((i) => ({
    code: i.code,
    title: i.title,
    requirement: i.requirement,
    score: i.score,
    basis: i.basis,
    department: i.department,
    target: i.target,
    level: i.level,
    parentCode: i.parentId == null ? null : (codeById.get(i.parentId) ?? null),
  }));
  const campaign = await archive.campaign();
  const template = draftsToTemplate(campaign.name, drafts, `${campaign.unit || campaign.name} 导出`);
  const tmp = `${file}.${process.pid}.part`;
  await fs.writeFile(tmp, JSON.stringify(template, null, 2) + '\n', 'utf8');
  await fs.rename(tmp, file);
  return { file, indicators: drafts.length };
}
