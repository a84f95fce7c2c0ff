// Display text for the interface (issue: the desktop app). Kept here, not in shared/, because
// only the interface words things this way.
import { STATUS_LABELS, type IndicatorStatus } from '../../shared/domain';

/**
 * "3/10次 未达标", "10/12 个月 未达标" — what the tree shows beside each node. The actual is the
 * self-check's own text, the same the 提交表 and the ledger print.
 */
export function progressText(status: IndicatorStatus, actualText: string): string {
  const label = STATUS_LABELS[status];
  return actualText ? `${actualText} ${label}` : label;
}

export { sizeText } from '../../shared/names';
