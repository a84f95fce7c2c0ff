// Display text for the interface (issue: the desktop app). Kept here, not in shared/, because
// only the interface words things this way.
import { STATUS_LABELS, type IndicatorStatus } from '../../shared/domain';

/**
 * "3/10次 未达标", "10/12 个月 未达标" — what the tree shows beside each node. The actual is the
 * self-check's own text, the same the 提交表 and the ledger print.
 */
/** The count alone ("3/4次"), for a badge in a narrow tree row; the notes after it go in its tooltip. */
export function shortActual(actualText: string): string {
  const i = actualText.indexOf('，');
  return i < 0 ? actualText : `${actualText.slice(0, i)}…`;
}

export function progressText(status: IndicatorStatus, actualText: string): string {
  const label = STATUS_LABELS[status];
  return actualText ? `${actualText} ${label}` : label;
}

export { sizeText } from '../../shared/names';
