// Display text for the interface (issue: the desktop app). Kept here, not in shared/, because
// only the interface words things this way.
import { STATUS_LABELS, type IndicatorStatus, type Target } from '../../shared/domain';

/** "3/10次 未达标" — what the indicator tree shows beside each node. */
export function progressText(status: IndicatorStatus, actual: number | null, target: Target | null): string {
  const label = STATUS_LABELS[status];
  if (!target) return label;
  return `${actual ?? '?'}/${target.count}${target.unit} ${label}`;
}

/** "800 KB", "2.1 MB": a file's or an upload's size. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
