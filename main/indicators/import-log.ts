// The change-log row of an indicator import: a re-import can rename, move and delete indicators
// the clerk had edited by hand, so the log must show it beside those edits.
import path from 'node:path';
import { DEFAULT_ACTOR, logChange } from '../archive/change-log';
import type { Queryable } from '../archive/db';
import type { IndicatorMergeReport } from '../../shared/indicator-types';

/** Logs the merge in the transaction that made it, and hands the report on (one line at the call). */
export async function logIndicatorImport(tx: Queryable, file: string, merge: IndicatorMergeReport, actor = DEFAULT_ACTOR): Promise<IndicatorMergeReport> {
  const name = path.basename(file);
  const message = `导入指标体系“${name}”：新增 ${merge.added}，更新 ${merge.updated}，未变 ${merge.unchanged}，删除 ${merge.deleted}。`;
  await logChange(tx, { actor, action: 'indicator.import', subject: name, detail: { message, ...merge } });
  return merge;
}
