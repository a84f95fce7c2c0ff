// 正在导出… in the top bar while an export goes on with its dialog closed; a click opens the dialog
// again, which shows the progress.
import { useRunningExport } from '../../state/exports';

export function ExportRunning({ onOpen }: { onOpen(): void }) {
  const job = useRunningExport();
  if (!job) return null;
  const p = job.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <button type="button" className="topbar-running" onClick={onOpen} title="导出在后台进行，点此查看进度" data-testid="export-running">
      <span className="topbar-running-dot" aria-hidden="true" />
      正在导出…{pct != null && <span className="topbar-running-pct">{pct}%</span>}
    </button>
  );
}
