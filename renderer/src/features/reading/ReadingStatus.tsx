// 文字识别 in the top bar: while the background reader works, how far it is ("文字识别 12/85")
// with a thin bar and 暂停 / 继续; a click shows what waits, what failed and 全部重新识别 (after a
// confirmation). Nothing shows while the reader is idle with nothing waiting.
import { useEffect, useRef, useState } from 'react';
import type { TextProgress } from '../../../../shared/text-types';
import { Button, Dialog } from '../../components';
import { app, useReadOnly } from '../../state/app-state';
import { pauseReading, reading, refreshReading, rereadAsked, startReading } from '../../state/reading';
import './reading.css';

function label(p: TextProgress): string {
  if (p.state === 'running') return `文字识别 ${p.done}/${p.total}`;
  if (p.state === 'paused') return `文字识别已暂停 ${p.done}/${p.total}`;
  return `文字识别：${p.pending} 个文件待识别`;
}

function summary(p: TextProgress): string {
  return [
    p.state === 'running' && p.current ? `正在识别：${p.current}` : '',
    `本轮已识别 ${p.done} 个，共 ${p.total} 个`,
    `等待识别 ${p.pending} 个文件`,
    p.failed ? `识别失败 ${p.failed} 个文件` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function ReadingStatus() {
  const p = reading.use((s) => s.progress);
  const readOnly = useReadOnly();
  const [open, setOpen] = useState(false);
  const confirm = rereadAsked.use((s) => s.open);
  const setConfirm = (open: boolean) => rereadAsked.set({ open });
  const box = useRef<HTMLDivElement>(null);
  const dir = app.use((s) => s.session?.archive?.dir ?? null);

  // Another archive opened in this window: its reader, not the last one's.
  const shownDir = useRef(dir);
  useEffect(() => {
    if (shownDir.current === dir) return;
    shownDir.current = dir;
    refreshReading();
  }, [dir]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const hidden = !p || (p.state === 'idle' && p.pending === 0);
  // Reading ended with the popover open: it does not come back open with the next run.
  useEffect(() => {
    if (hidden) setOpen(false);
  }, [hidden]);

  if (hidden) return confirm ? <RereadDialog onClose={() => setConfirm(false)} /> : null;
  const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  const running = p.state === 'running';
  return (
    <div className="reading" ref={box} data-testid="reading" data-state={p.state}>
      <button
        type="button"
        className={`reading-chip ${running ? 'running' : ''}`}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        title={summary(p)}
        data-testid="reading-status"
      >
        <span className="reading-text">{label(p)}</span>
        {p.state !== 'idle' && (
          <span className="reading-bar" role="progressbar" aria-label="文字识别进度" aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={p.done}>
            <span className="reading-fill" style={{ width: `${pct}%` }} />
          </span>
        )}
      </button>
      {running ? (
        <Button onClick={() => void pauseReading()} title="识别完当前这一页后暂停；点“继续”接着识别" data-testid="reading-pause">
          暂停
        </Button>
      ) : (
        <Button onClick={() => void startReading()} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能识别' : '接着识别等待中的文件'} data-testid="reading-resume">
          {p.state === 'paused' ? '继续' : '开始'}
        </Button>
      )}
      {open && (
        <div className="reading-pop" role="dialog" aria-label="文字识别" data-testid="reading-pop">
          <div className="reading-pop-head">文字识别</div>
          <p className="reading-pop-note">PDF、扫描件和文件照片的文字在后台识别，识别出的日期、文号等作为建议供您采用，文字可以搜索。识别时可以照常整理和导出。</p>
          <dl className="reading-facts">
            {running && p.current && (
              <>
                <dt>正在识别</dt>
                <dd className="ellipsis" title={p.current} data-testid="reading-current">
                  {p.current}
                </dd>
              </>
            )}
            <dt>本轮进度</dt>
            <dd>
              {p.done}/{p.total} 个文件
            </dd>
            <dt>等待识别</dt>
            <dd data-testid="reading-pending">{p.pending} 个文件</dd>
            <dt>识别失败</dt>
            <dd data-testid="reading-failed" className={p.failed ? 'warn' : undefined}>
              {p.failed ? `${p.failed} 个文件没能识别，“全部重新识别”会再试一次` : '无'}
            </dd>
          </dl>
          <div className="reading-pop-foot">
            <Button
              small
              disabled={!!readOnly}
              onClick={() => {
                setOpen(false);
                setConfirm(true);
              }}
              data-testid="reading-force"
            >
              全部重新识别…
            </Button>
          </div>
        </div>
      )}
      {confirm && <RereadDialog onClose={() => setConfirm(false)} />}
    </div>
  );
}

/** 全部重新识别, asked first (the top bar's popover and 项目设置 open it). */
function RereadDialog({ onClose }: { onClose(): void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title="全部重新识别"
      onClose={onClose}
      testId="reading-force-dialog"
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void startReading(true).finally(onClose);
            }}
            data-testid="reading-force-confirm"
          >
            全部重新识别
          </Button>
        </>
      }
    >
      <p style={{ marginTop: 0 }}>档案中所有 PDF、扫描件和文件照片的文字将重新识别一遍。</p>
      <p className="muted small" style={{ marginBottom: 0 }}>
        扫描件和照片每页约需 3–5 秒，可以随时暂停；重新识别完成前，已识别的文字仍然可以搜索。您已填写或采用的日期、文号等不会改变。
      </p>
    </Dialog>
  );
}
