// The running import in the list footer: phase, done/total, the file being read, and 取消.
import { Button, ProgressBar } from '../../components';
import { cancelImport, imports } from '../../state/imports';

/** Progress of the import job (or of the upload before it), with a 取消 button. */
export function ImportProgress() {
  const { job, uploading } = imports.use();
  if (uploading) {
    return (
      <div style={{ flex: 1 }} data-testid="import-progress">
        <ProgressBar label={`正在上传 ${uploading.total} 个文件到本机服务…`} />
      </div>
    );
  }
  if (!job) return null;
  const p = job.progress;
  const label = p ? `${p.phase} ${p.total ? `${p.done}/${p.total}` : ''}${p.detail ? ` · ${p.detail}` : ''}` : '正在导入…';
  return (
    <>
      <div style={{ flex: 1, minWidth: 0 }} data-testid="import-progress">
        <ProgressBar value={p?.done ?? 0} max={p?.total ?? 0} label={label} />
      </div>
      <Button small onClick={() => void cancelImport()}>
        取消
      </Button>
    </>
  );
}
