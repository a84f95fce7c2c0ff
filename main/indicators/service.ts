// Importing an indicator system into an archive: read the table, merge it into the tree.
import { Archive } from '../archive/archive';
import { mergeIndicators } from '../archive/indicators-repo';
import { readIndicatorFile } from './template-json';
import type { IndicatorMergeReport, IndicatorTableReport } from '../../shared/indicator-types';

export interface IndicatorImportResult {
  table: IndicatorTableReport;
  merge: IndicatorMergeReport;
}

export async function importIndicators(archive: Archive, file: string, opts: { sheet?: string } = {}): Promise<IndicatorImportResult> {
  const parsed = await readIndicatorFile(file, opts);
  const merge = await archive.db.transaction((tx) => mergeIndicators(tx, parsed.indicators));
  return { table: parsed.report, merge };
}
