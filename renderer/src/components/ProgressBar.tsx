/** A progress bar (role=progressbar) of `value` out of `max`; `max` 0 or absent shows a moving bar; `label` is written above it. */
export function ProgressBar({ value = 0, max = 0, label }: { value?: number; max?: number; label?: string }) {
  const known = max > 0;
  const pct = known ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div className="tz-progress">
      {label && <div className="tz-progress-label">{label}</div>}
      <div
        className={`tz-progress-track ${known ? '' : 'tz-progress-busy'}`}
        role="progressbar"
        aria-label={label ?? '进度'}
        aria-valuemin={0}
        aria-valuemax={known ? max : undefined}
        aria-valuenow={known ? value : undefined}
      >
        <div className="tz-progress-fill" style={known ? { width: `${pct}%` } : undefined} />
      </div>
    </div>
  );
}
