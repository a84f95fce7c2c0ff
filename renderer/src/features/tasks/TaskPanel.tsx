// 任务记录: every import and export of this archive in this session, with its full report
// (what came in, duplicates, 未归类, skipped system files, unreadable files; for an export where it
// went and its warnings) until the clerk removes it. A notice at the end of a job goes after a few
// seconds; this stays, also after F5 (the service keeps the jobs; the page keeps what was removed).
import { useEffect } from 'react';
import type { JobInfo } from '../../../../shared/api';
import { bridge, call, isDesktop } from '../../api/client';
import { Button, EmptyState, ProgressBar } from '../../components';
import { failed } from '../../state/app-state';
import { dismissJobs, openTaskPanel, taskPanel, useTaskEntries, type JobMemo } from '../../state/jobs';
import { headline, JOB_TITLES, reportGroups } from './report';
import './tasks.css';

const STATE_LABELS: Record<JobInfo['state'], string> = { running: '进行中', done: '已完成', failed: '没有完成', cancelled: '已取消' };
const SHOWN = 200;

function timeText(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The button in the top bar: 任务记录 and how many entries it holds. */
export function TaskButton() {
  const entries = useTaskEntries();
  const open = taskPanel.use((s) => s.open);
  const running = entries.some((e) => e.job.state === 'running');
  return (
    <Button
      onClick={() => (open ? taskPanel.set({ open: false }) : openTaskPanel())}
      aria-pressed={open}
      title="导入和导出的结果，留到您移除为止"
      data-testid="open-tasks"
    >
      任务记录
      {entries.length > 0 && (
        <span className={`task-count ${running ? 'running' : ''}`} data-testid="task-count">
          {entries.length}
        </span>
      )}
    </Button>
  );
}

export function TaskPanel() {
  const entries = useTaskEntries();
  const close = () => taskPanel.set({ open: false });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const ended = entries.filter((e) => e.job.state !== 'running');
  return (
    <aside className="task-panel" aria-label="任务记录" data-testid="task-panel">
      <div className="task-head">
        <h2>任务记录</h2>
        <span className="muted small">导入、导出的结果留在这里，直到您移除</span>
        <span className="tz-spacer" />
        {ended.length > 1 && (
          <Button small onClick={() => dismissJobs(ended.map((e) => e.job.id))} data-testid="tasks-dismiss-all">
            全部移除
          </Button>
        )}
        <button type="button" className="tz-dialog-x" aria-label="关闭任务记录" title="关闭（Esc）" onClick={close} data-testid="tasks-close">
          ×
        </button>
      </div>
      <div className="task-body">
        {entries.length === 0 ? (
          <EmptyState title="没有任务记录" hint="导入材料和导出台账、材料包后，结果会留在这里，直到您点“移除”。" />
        ) : (
          entries.map(({ job, memo }) => <TaskEntry key={job.id} job={job} memo={memo} />)
        )}
      </div>
    </aside>
  );
}

function TaskEntry({ job, memo }: { job: JobInfo; memo: JobMemo }) {
  const groups = reportGroups(job, memo.notes);
  const fromWhere = job.inputs.map((p) => p.split(/[\\/]/).filter(Boolean).pop() ?? p);
  const download = !isDesktop && job.state === 'done' && job.output && /\.(pdf|xlsx|zip)$/i.test(job.output) ? bridge.downloadUrl(job.id) : null;
  return (
    <article className={`task-entry task-${job.state}`} data-testid="task-entry" data-job={job.id} data-kind={job.kind} data-state={job.state}>
      <div className="task-entry-head">
        <b>{JOB_TITLES[job.kind]}</b>
        <span className={`task-state task-state-${job.state}`}>{STATE_LABELS[job.state]}</span>
        <span className="muted small">{timeText(memo.at)}</span>
        <span className="tz-spacer" />
        {job.state !== 'running' && (
          <Button small variant="link" onClick={() => dismissJobs([job.id])} title="从任务记录中移除（不影响档案）" data-testid="task-dismiss">
            移除
          </Button>
        )}
      </div>
      <div className="task-headline" data-testid="task-headline">
        {headline(job)}
      </div>
      {job.state === 'running' && job.progress && <ProgressBar value={job.progress.done} max={job.progress.total} label={job.progress.phase} />}
      {fromWhere.length > 0 && (
        <div className="muted small ellipsis" title={job.inputs.join('\n')}>
          来自：{fromWhere.join('、')}
        </div>
      )}
      {groups.map((g) => (
        <details key={g.key} className={`task-group ${g.tone ?? ''}`} open={g.tone === 'warn' || g.lines.length <= 3} data-testid={`task-group-${g.key}`}>
          <summary>
            {g.title}
            {g.key !== 'output' && `（${g.lines.length}）`}
          </summary>
          <ul>
            {g.lines.slice(0, SHOWN).map((l, i) => (
              <li key={i}>{l}</li>
            ))}
            {g.lines.length > SHOWN && <li className="muted">…另有 {g.lines.length - SHOWN} 个</li>}
          </ul>
        </details>
      ))}
      {(download || (isDesktop && job.state === 'done' && job.output)) && (
        <div className="task-actions">
          {download ? (
            <a className="tz-btn tz-btn-small" href={download} download={job.output!.split(/[\\/]/).pop()} data-testid="task-download">
              下载
            </a>
          ) : (
            <>
              <Button small onClick={() => void call('desktop.openOutput', { jobId: job.id }).catch(failed)} data-testid="task-open">
                打开
              </Button>
              <Button small onClick={() => void call('desktop.openOutput', { jobId: job.id, reveal: true }).catch(failed)}>
                在文件夹中显示
              </Button>
            </>
          )}
        </div>
      )}
    </article>
  );
}
