// Exports that go on while the 导出 dialog is closed: the top bar shows that one runs, and when it
// ends a notice says so — with 下载 (web) or 打开 (desktop) — or tells what went wrong.
import type { JobInfo } from '../../../shared/api';
import { bridge, call, isDesktop } from '../api/client';
import { toast } from '../components';
import { app, failed } from './app-state';
import { isExport, jobs, noteJob, onJobEnd } from './jobs';
import { createStore } from './store';

/** Exports started from the dialog (or found running when the page opened): shown while they run, their end told. */
const mine = createStore<{ ids: string[] }>({ ids: [] });

/** Called by the dialog with what jobs.start answered. */
export function exportStarted(job: JobInfo): void {
  noteJob(job);
  if (mine.get().ids.includes(job.id)) return;
  mine.set((s) => ({ ids: [...s.ids, job.id] }));
  onJobEnd(job.id, tell);
}

/** The clerk's export running now, if any (one job at a time). */
export function useRunningExport(): JobInfo | null {
  const ids = mine.use((s) => s.ids);
  return jobs.use((all) => ids.map((id) => all[id]).find((j) => j?.state === 'running') ?? null);
}

/** An export still running from before this page was opened is the clerk's too; called once by the workspace. */
export function watchExports(): void {
  void call('jobs.list', {}).then(
    (list) => list.filter((j) => isExport(j) && j.state === 'running').forEach(exportStarted),
    () => {},
  );
}

/** The notice at the end, unless the dialog is open and shows the end itself. */
function tell(job: JobInfo): void {
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
    // A file that appeared at the target while the export waited its turn: the dialog asks about it next time.
    const why = job.error?.code === 'EXISTS' ? `${job.error.message.replace(/要替换它吗？$/, '')}没有替换，请在“导出”中再导出一次。` : (job.error?.message ?? '请重试。');
    toast(`导出没有完成：${why}`, { kind: 'error', details: job.warnings });
  }
  // Cancelled: the clerk did it, in the dialog.
}
