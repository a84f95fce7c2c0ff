// Importing an indicator system into an archive (read the table, merge it into the tree), and
// saving it back out as our template.
import fs from 'node:fs/promises';
import { Archive } from '../archive/archive';
import { listIndicators, mergeIndicators } from '../archive/indicators-repo';
import { draftsToTemplate, readIndicatorFile } from './template-json';
import { logIndicatorImport } from './import-log';
import type { ColumnRole, IndicatorDraft, IndicatorMergeReport, IndicatorTableReport } from '../../shared/indicator-types';
import { loadSavedColumns, sameHeaders, saveColumns, type SavedColumns } from './saved-columns';
import type { SheetAnalysis } from './xlsx-import';
import { previewIndicatorFile, type PreviewOptions } from './preview';
import type { IndicatorPreview } from '../../shared/indicator-types';

export interface IndicatorImportResult {
  table: IndicatorTableReport;
  merge: IndicatorMergeReport;
}

export interface IndicatorImportOptions {
  sheet?: string;
  /** Roles the clerk set, by column letter; kept with the campaign for the next import. */
  columns?: Record<string, ColumnRole>;
  /** Who imports, for the change log. */
  actor?: string;
}

const headersOf = (a: SheetAnalysis): Record<string, string> => Object.fromEntries(a.columnInfo.filter((c) => c.header).map((c) => [c.letter, c.header]));

export async function importIndicators(archive: Archive, file: string, opts: IndicatorImportOptions = {}): Promise<IndicatorImportResult> {
  const parsed = await readWithSavedColumns(archive, file, opts);
  const given = opts.columns && Object.keys(opts.columns).length > 0 ? opts.columns : undefined;
  const merge = await archive.db.transaction(async (tx) => {
    const m = await logIndicatorImport(tx, file, await mergeIndicators(tx, parsed.indicators), opts.actor);
    if (given && parsed.analysis) await saveColumns(tx, { columns: given, headers: headersOf(parsed.analysis) });
    return m;
  });
  return { table: parsed.report, merge };
}

/** The roles the clerk set last time apply when this table has the headers they were set for. */
async function readWithSavedColumns(archive: Archive, file: string, opts: IndicatorImportOptions): ReturnType<typeof readIndicatorFile> {
  if (opts.columns && Object.keys(opts.columns).length > 0) return readIndicatorFile(file, opts);
  const saved: SavedColumns | null = await loadSavedColumns(archive.db);
  if (!saved) return readIndicatorFile(file, opts);
  let guess: Awaited<ReturnType<typeof readIndicatorFile>> | null = null;
  let failure: unknown = null;
  try {
    guess = await readIndicatorFile(file, opts);
  } catch (e) {
    failure = e;
  }
  const headers = guess?.analysis ? headersOf(guess.analysis) : null;
  if (guess && (!headers || !sameHeaders(saved, headers))) return guess;
  try {
    const again = await readIndicatorFile(file, { ...opts, columns: saved.columns });
    if (again.analysis && sameHeaders(saved, headersOf(again.analysis))) return again;
  } catch (e) {
    if (guess) return guess;
    throw failure ?? e;
  }
  if (guess) return guess;
  throw failure;
}

/**
 * The preview an import into this archive would give: the roles the clerk set last time apply
 * when the table still has the headers they were set for (the clerk's own `columns` win).
 */
export async function previewForArchive(archive: Archive | null, file: string, opts: PreviewOptions = {}): Promise<IndicatorPreview> {
  const first = await previewIndicatorFile(file, opts);
  if (!archive || (opts.columns && Object.keys(opts.columns).length > 0) || first.format === 'json') return first;
  const saved = await loadSavedColumns(archive.db);
  const headers = Object.fromEntries(first.columns.filter((c) => c.header).map((c) => [c.letter, c.header]));
  if (!saved || !sameHeaders(saved, headers)) return first;
  return previewIndicatorFile(file, { ...opts, columns: saved.columns }).catch(() => first);
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
