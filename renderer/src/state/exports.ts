// Exports that go on while the 导出 dialog is closed: the top bar shows that one runs, and when it
// ends a notice says so — with 下载 (web) or 打开 (desktop) — or tells what went wrong.
import type { JobInfo } from '../../../shared/api';
import { bridge, call, isDesktop } from '../api/client';
import { toast } from '../components';
import { app, failed } from './app-state';
import { createStore } from './store';

export interface ExportState {
  /** The export running now, if any (one job at a time). */
  running: JobInfo | null;
}
export const exportsState = createStore<ExportState>({ running: null });

/** Exports started from the dialog (or found running when the page opened): their end is told. */
const mine = new Set<string>();
/** Ends seen, the ones that came before the start's answer among them. */
const ended = new Map<string, JobInfo>();
let poll: ReturnType<typeof setInterval> | null = null;

function isExport(job: JobInfo): boolean {
  return job.kind !== 'import';
}

/** Called by the dialog with what jobs.start answered. */
export function exportStarted(job: JobInfo): void {
  mine.add(job.id);
  update(ended.get(job.id) ?? job);
}

/** Listens to job events; called once by the workspace. Returns the unsubscribe function. */
export function watchExports(): () => void {
  const stop = bridge.onEvent((e) => {
    if (e.type === 'job' && isExport(e.job)) update(e.job);
  });
  // An export still running from before this page was opened is the clerk's too.
  void call('jobs.list', {}).then(
    (jobs) => jobs.filter((j) => isExport(j) && j.state === 'running').forEach(exportStarted),
    () => {},
  );
  return () => {
    stop();
    if (poll) clearInterval(poll);
    poll = null;
  };
}

function update(job: JobInfo): void {
  if (ended.has(job.id) && job.state === 'running') return; // a late "running"
  if (job.state === 'running') {
    if (mine.has(job.id)) {
      exportsState.set({ running: job });
      startPolling();
    }
    return;
  }
  ended.set(job.id, job);
  if (exportsState.get().running?.id === job.id) {
    exportsState.set({ running: null });
    if (poll) clearInterval(poll);
    poll = null;
  }
  if (mine.has(job.id) && !told.has(job.id)) tell(job);
}

/** Ends already told (or shown by the open dialog). */
const told = new Set<string>();

/** The notice at the end, unless the dialog is open and shows the end itself. */
function tell(job: JobInfo): void {
  told.add(job.id);
  if (app.get().panel === 'export') return;
  if (job.state === 'done') {
    const file = job.output && /\.(pdf|xlsx|zip)$/i.test(job.output);
    const name = job.output?.split(/[\\/]/).pop() ?? '';
    const href = !isDesktop && file ? bridge.downloadUrl(job.id) : null;
    const details = [...(job.output ? [`保存在：${job.output}`] : []), ...job.warnings.map((w) => `提醒：${w}`)];
    toast(job.summary ?? '导出完成。', {
      kind: 'success',
      details,
      timeout: 0,
      action: href
        ? { label: '下载', href, download: name }
        : isDesktop && job.output
          ? { label: '打开', onClick: () => void call('desktop.openOutput', { jobId: job.id }).catch(failed) }
          : undefined,
    });
  } else if (job.state === 'failed') {
    toast(`导出没有完成：${job.error?.message ?? '请重试。'}`, { kind: 'error', details: job.warnings });
  }
  // Cancelled: the clerk did it, in the dialog.
}

/** In case an event is missed (a dropped connection), ask now and then while an export runs. */
function startPolling(): void {
  if (poll) return;
  poll = setInterval(() => {
    const id = exportsState.get().running?.id;
    if (!id) return;
    void call('jobs.list', {}).then(
      (jobs) => {
        const j = jobs.find((x) => x.id === id);
        if (j) update(j);
      },
      () => {},
    );
  }, 2000);
}
