// The running import in the list footer: the upload first in web mode (files and bytes sent), then
// the job's phase, done/total and the file being read; 取消 stops either.
import { Button, ProgressBar } from '../../components';
import { sizeText } from '../../format';
import { cancelImport, imports } from '../../state/imports';
import { useJob } from '../../state/jobs';

/** Progress of the import job (or of the upload before it), with a 取消 button. */
export function ImportProgress() {
  const { jobId, uploading } = imports.use();
  const job = useJob(jobId);
  let bar;
  if (uploading) {
    const u = uploading;
    const label = `正在上传 ${u.done}/${u.total} 个文件（${sizeText(u.bytes)} / ${sizeText(u.totalBytes)}）`;
    bar = <ProgressBar value={u.bytes} max={u.totalBytes} label={label} />;
  } else if (job) {
    const p = job.progress;
    const label = p ? `${p.phase} ${p.total ? `${p.done}/${p.total}` : ''}${p.detail ? ` · ${p.detail}` : ''}` : '正在导入…';
    bar = <ProgressBar value={p?.done ?? 0} max={p?.total ?? 0} label={label} />;
  } else return null;
  return (
    <>
      <div style={{ flex: 1, minWidth: 0 }} data-testid="import-progress">
        {bar}
      </div>
      <Button small onClick={() => void cancelImport()} data-testid="import-cancel">
        取消
      </Button>
    </>
  );
}
