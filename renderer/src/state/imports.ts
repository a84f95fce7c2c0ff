// Importing dropped or chosen files: upload (web mode) or real paths (desktop), one import job,
// its progress in the list footer, and what came in told to the clerk when it ends.
import type { DroppedFile, JobInfo } from '../../../shared/api';
import { bridge, call, errorText } from '../api/client';
import { toast } from '../components';
import { reloadItems, reloadTree } from './app-state';
import { createStore } from './store';

export interface ImportState {
  /** The import running now, if any. */
  job: JobInfo | null;
  /** Uploading to the local service (web mode) before the job starts. */
  uploading: { done: number; total: number } | null;
}
export const imports = createStore<ImportState>({ job: null, uploading: null });

const finished = new Set<string>();
let poll: ReturnType<typeof setInterval> | null = null;

/** Listens to job events; called once by App. Returns the unsubscribe function. */
export function watchJobs(): () => void {
  return bridge.onEvent((e) => {
    if (e.type === 'job' && e.job.kind === 'import') jobUpdate(e.job);
  });
}

function jobUpdate(job: JobInfo): void {
  if (finished.has(job.id)) return;
  const mine = imports.get().job;
  if (mine && mine.id !== job.id) return;
  if (job.state === 'running') {
    imports.set({ job });
    return;
  }
  finished.add(job.id);
  imports.set({ job: null });
  if (poll) clearInterval(poll);
  poll = null;
  void reloadTree();
  void reloadItems();
  if (job.state === 'done') {
    toast(job.summary ?? '导入完成。', { kind: job.warnings.length ? 'info' : 'success', details: job.warnings });
  } else if (job.state === 'cancelled') {
    toast('导入已取消；已经存入的文件保留在档案中。', { kind: 'info' });
  } else {
    toast(job.error?.message ?? '导入没有完成。', { kind: 'error', details: job.warnings });
  }
}

/** Starts the import of paths the service can read (desktop paths, or where uploads landed). */
export async function importPaths(paths: string[], indicator?: string): Promise<void> {
  if (paths.length === 0) return;
  if (imports.get().job) {
    toast('上一批材料还在导入，请等它完成后再拖入。', { kind: 'info' });
    return;
  }
  try {
    const job = await call('jobs.start', { kind: 'import', paths, indicator });
    // Its end may have been announced before this answer came back.
    if (finished.has(job.id)) return;
    imports.set({ job });
    if (job.state !== 'running') jobUpdate(job);
    else {
      // Events carry progress; a slow poll makes sure the end is seen even if an event was missed.
      poll = setInterval(async () => {
        try {
          const jobs = await call('jobs.list', {});
          const j = jobs.find((x) => x.id === job.id);
          if (j && j.state !== 'running') jobUpdate(j);
        } catch {
          /* the events still come */
        }
      }, 2000);
    }
  } catch (e) {
    toast(errorText(e), { kind: 'error' });
  }
}

/** Hands dropped or chosen browser files to the service (upload in web mode), then imports them. */
export async function importFiles(files: DroppedFile[], relativePaths: string[] | undefined, indicator?: string): Promise<void> {
  if (files.length === 0) {
    toast('没有找到可以导入的文件（文件夹是空的？）。', { kind: 'info' });
    return;
  }
  if (imports.get().job || imports.get().uploading) {
    toast('上一批材料还在导入，请等它完成后再拖入。', { kind: 'info' });
    return;
  }
  let paths: string[];
  try {
    imports.set({ uploading: { done: 0, total: files.length } });
    paths = await bridge.dropPaths(files, relativePaths);
  } catch (e) {
    toast(errorText(e), { kind: 'error' });
    return;
  } finally {
    imports.set({ uploading: null });
  }
  await importPaths(paths, indicator);
}

/** Cancels the running import. */
export async function cancelImport(): Promise<void> {
  const job = imports.get().job;
  if (!job) return;
  try {
    await call('jobs.cancel', { id: job.id });
  } catch (e) {
    toast(errorText(e), { kind: 'error' });
  }
}
