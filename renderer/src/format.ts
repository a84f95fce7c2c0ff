// Display text for the interface (issue: the desktop app). Kept here, not in shared/, because
// only the interface words things this way.
import { STATUS_LABELS, type IndicatorStatus, type Target } from '../../shared/domain';

/** "3/10次 未达标" — what the indicator tree shows beside each node. */
export function progressText(status: IndicatorStatus, actual: number | null, target: Target | null): string {
  const label = STATUS_LABELS[status];
  if (!target) return label;
  return `${actual ?? '?'}/${target.count}${target.unit} ${label}`;
}

export { sizeText } from '../../shared/names';
