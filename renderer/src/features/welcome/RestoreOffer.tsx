// A damaged archive database at opening: the offer to put back its newest snapshot (从快照恢复),
// and, once the archive is open again, what the restore did — when the snapshot was taken, how
// many items it holds, and the files stored after it that the clerk should import again.
import { useState } from 'react';
import type { RestoreSummary, SessionState } from '../../../../shared/api';
import { ApiError, call, errorText } from '../../api/client';
import { Button, Dialog } from '../../components';
import { app } from '../../state/app-state';

/** An error from archive.open that the newest snapshot can mend (a damaged database with a snapshot). */
export function offersRestore(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'DAMAGED' && e.message.includes('快照');
}

/** The service's message without the command-line part (the button below does it). */
function plainMessage(message: string): string {
  return message.replace(/[：:]\s*taizhang restore[\s\S]*$/, '。');
}

/** "2026-12-06 14:19" from the snapshot's time ("" when not known). */
export function takenText(taken: string): string {
  return taken ? taken.replace('T', ' ').slice(0, 16) : '';
}

export function RestoreOffer(props: { dir: string; message: string; onCancel(): void; onOpened(s: SessionState): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      const { restored, ...state } = await call('archive.restore', { dir: props.dir });
      props.onOpened(state);
      // After the new session started (it clears the screen state): the report over the workspace.
      app.set({ restored });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="档案数据库已损坏"
      onClose={() => !busy && props.onCancel()}
      width={560}
      testId="restore-offer"
      footer={
        <>
          <Button onClick={props.onCancel} disabled={busy}>
            取消
          </Button>
          <Button variant="primary" onClick={() => void restore()} disabled={busy} data-testid="restore-start">
            {busy ? '正在恢复…' : '从快照恢复'}
          </Button>
        </>
      }
    >
      <div className="restore-body">
        <p className="restore-message" data-testid="restore-message">
          {plainMessage(props.message)}
        </p>
        <p className="muted small">
          恢复后，快照之后做的修改（题名、说明、归类等）需要重新做；快照之后存入的文件仍在档案中，恢复后会列出，请重新导入。
        </p>
        {error && (
          <p className="tz-alert-error" role="alert" data-testid="restore-error">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** What the restore did, over the reopened archive, until the clerk closes it. */
export function RestoreReport() {
  const restored = app.use((s) => s.restored);
  if (!restored) return null;
  return <RestoreReportDialog r={restored} onClose={() => app.set({ restored: null })} />;
}

function RestoreReportDialog({ r, onClose }: { r: RestoreSummary; onClose(): void }) {
  const when = takenText(r.taken);
  // The names the damaged database still gave; else where the file is kept in the archive folder.
  const names = r.unreferenced.map((u) => (u.names.length ? u.names.join('、') : `${u.file}（原文件名已无法读出）`));
  const nameless = r.unreferenced.some((u) => !u.names.length);
  return (
    <Dialog
      title="已从快照恢复"
      onClose={onClose}
      width={560}
      testId="restore-report"
      footer={
        <Button variant="primary" onClick={onClose} data-testid="restore-report-close">
          知道了
        </Button>
      }
    >
      <div className="restore-body">
        <p className="restore-message" data-testid="restore-summary">
          已从{when ? ` ${when} ` : ''}的快照恢复，现有 {r.items} 件材料。
        </p>
        {names.length > 0 ? (
          <>
            <p>
              以下 {names.length} 个文件是快照之后存入的，仍保存在档案中，但不属于任何材料。请找到原件重新导入：
            </p>
            <ul className="restore-files" data-testid="restore-files">
              {names.map((n, i) => (
                <li key={i} title={n}>
                  {n}
                </li>
              ))}
            </ul>
            {nameless && <p className="muted small">没有文件名的，可以在档案文件夹中按上面的位置找到文件，查看后重新导入。</p>}
          </>
        ) : (
          <p className="muted">快照之后没有存入新文件，没有需要重新导入的。</p>
        )}
        {r.missing.length > 0 && (
          <>
            <p data-testid="restore-missing">
              快照中有 {r.missing.length} 个文件的原件已不在档案中
              {r.missing.every((m) => m.purged) ? '（已在回收站中彻底删除）' : ''}，这些材料会显示为缺少原件。请找到原件重新导入，或运行“校验档案”查看：
            </p>
            <ul className="restore-files">
              {r.missing.map((m, i) => {
                const name = m.names.join('、') || m.file;
                return (
                  <li key={i} title={name}>
                    {name}
                    {m.purged ? `（${takenText(m.purged) || m.purged.slice(0, 10)} 彻底删除）` : ''}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <p className="muted small">快照之后做的修改（题名、说明、归类等）请核对后重新填写。</p>
      </div>
    </Dialog>
  );
}
