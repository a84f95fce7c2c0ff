// Importing dropped or chosen files: upload (web mode) or real paths (desktop), one import job,
// its progress in the list footer, and what came in told to the clerk when it ends.
import type { DroppedFile, JobInfo } from '../../../shared/api';
import { bridge, call, errorText, uploadFiles, type UploadOutcome, type UploadProgress } from '../api/client';
import { toast } from '../components';
import { reloadItems, reloadTree } from './app-state';
import { createStore } from './store';

export interface ImportState {
  /** The import running now, if any. */
  job: JobInfo | null;
  /** Uploading to the local service (web mode) before the job starts. */
  uploading: UploadProgress | null;
}
export const imports = createStore<ImportState>({ job: null, uploading: null });

const finished = new Set<string>();
let poll: ReturnType<typeof setInterval> | null = null;
let uploadAbort: AbortController | null = null;
/** Files the service refused at upload, told with the import's summary: by job, and for the job being started. */
const skippedByJob = new Map<string, string[]>();
let skippedStarting: string[] | null = null;

/** A refused file as the summary lists it: its name (shortened) and the service's message. */
function skippedLine(s: UploadOutcome['skipped'][number]): string {
  const name = s.path.split('/').pop() ?? s.path;
  // The service names the file (the start of a long name); else it is named here.
  if (s.message.includes(name.slice(0, 20))) return s.message;
  const short = name.length > 40 ? `${name.slice(0, 24)}…${name.slice(-12)}` : name;
  return `${short}：${s.message}`;
}

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
  const skipped = skippedByJob.get(job.id) ?? skippedStarting ?? [];
  skippedByJob.delete(job.id);
  skippedStarting = null;
  const notUploaded = skipped.length ? `另有 ${skipped.length} 个文件没有上传，见详情。` : '';
  const details = [...skipped.map((l) => `没有上传：${l}`), ...job.warnings];
  if (job.state === 'done') {
    // Files left out stay on screen until the clerk has seen them.
    toast((job.summary ?? '导入完成。') + notUploaded, {
      kind: details.length ? 'info' : 'success',
      details,
      timeout: skipped.length ? 0 : undefined,
    });
  } else if (job.state === 'cancelled') {
    toast('导入已取消；已经存入的文件保留在档案中。' + notUploaded, { kind: 'info', details });
  } else {
    toast(job.error?.message ?? '导入没有完成。', { kind: 'error', details });
  }
}

/**
 * Starts the import of paths the service can read (desktop paths, or where uploads landed);
 * `skipped`: files refused at upload, told with the summary.
 */
export async function importPaths(paths: string[], indicator?: string, skipped: string[] = []): Promise<void> {
  if (paths.length === 0) return;
  if (imports.get().job) {
    toast('上一批材料还在导入，请等它完成后再拖入。', { kind: 'info' });
    return;
  }
  try {
    skippedStarting = skipped;
    const job = await call('jobs.start', { kind: 'import', paths, indicator });
    // Its end may have been announced before this answer came back.
    if (finished.has(job.id)) return;
    skippedStarting = null;
    skippedByJob.set(job.id, skipped);
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
    skippedStarting = null;
    toast(errorText(e), { kind: 'error', details: skipped.map((l) => `没有上传：${l}`) });
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
  const abort = new AbortController();
  uploadAbort = abort;
  let outcome: UploadOutcome;
  try {
    imports.set({ uploading: { done: 0, total: files.length, bytes: 0, totalBytes: files.reduce((n, f) => n + f.size, 0) } });
    outcome = await uploadFiles(files, relativePaths, { onProgress: (p) => imports.set({ uploading: p }), signal: abort.signal });
  } catch (e) {
    if (abort.signal.aborted) toast('已取消上传，没有导入任何文件。', { kind: 'info' });
    else toast(errorText(e), { kind: 'error' });
    return;
  } finally {
    uploadAbort = null;
    imports.set({ uploading: null });
  }
  const skipped = outcome.skipped.map(skippedLine);
  if (outcome.roots.length === 0) {
    toast(skipped.length === 1 ? `没有导入：${skipped[0]}` : `${skipped.length} 个文件都没有上传，没有导入。`, {
      kind: 'error',
      details: skipped,
    });
    return;
  }
  await importPaths(outcome.roots, indicator, skipped);
}

/** Cancels the running import (or the upload before it). */
export async function cancelImport(): Promise<void> {
  uploadAbort?.abort();
  const job = imports.get().job;
  if (!job) return;
  try {
    await call('jobs.cancel', { id: job.id });
  } catch (e) {
    toast(errorText(e), { kind: 'error' });
  }
}
