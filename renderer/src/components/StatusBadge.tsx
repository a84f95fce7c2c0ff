import type { IndicatorStatus } from '../../../shared/domain';
import { STATUS_LABELS } from '../../../shared/domain';

/** An indicator status as coloured text (缺材料 red, 未达标 amber, 已达标 green); `text` replaces the label, e.g. "3/10次 未达标". */
export function StatusBadge({ status, text, title }: { status: IndicatorStatus; text?: string; title?: string }) {
  return (
    <span className={`tz-status tz-status-${status}`} data-status={status} title={title || undefined}>
      {text ?? STATUS_LABELS[status]}
    </span>
  );
}
