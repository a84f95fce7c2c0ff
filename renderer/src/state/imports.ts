// Importing dropped or chosen files: upload (web mode) or real paths (desktop), one import job,
// its progress in the list footer, and what came in told to the clerk when it ends — in a notice,
// and in the 任务记录, which keeps the full report until the clerk dismisses it.
import type { DroppedFile, JobInfo } from '../../../shared/api';
import { call, errorText, uploadFiles, type UploadOutcome, type UploadProgress } from '../api/client';
import { toast } from '../components';
import { mayEdit } from './app-state';
import { headline, detailLines } from '../features/tasks/report';
import { addJobNotes, jobs, noteJob, onJobEnd, openTaskPanel } from './jobs';
import { createStore } from './store';

export interface ImportState {
  /** The import running now, if any (its progress: `useJob`). */
  jobId: string | null;
  /** Uploading to the local service (web mode) before the job starts. */
  uploading: UploadProgress | null;
}
export const imports = createStore<ImportState>({ jobId: null, uploading: null });

let uploadAbort: AbortController | null = null;
/** While jobs.start is on its way, the import it starts is not taken for another window's. */
let starting = false;

/** A refused file as the summary lists it: its name (shortened) and the service's message. */
function skippedLine(s: UploadOutcome['skipped'][number]): string {
  const name = s.path.split('/').pop() ?? s.path;
  // The service names the file (the start of a long name); else it is named here.
  if (s.message.includes(name.slice(0, 20))) return s.message;
  const short = name.length > 40 ? `${name.slice(0, 24)}…${name.slice(-12)}` : name;
  return `${short}：${s.message}`;
}

/**
 * An import started in another window shows here too (one job at a time); called once by the
 * workspace. Returns the unsubscribe function.
 */
export function watchImports(): () => void {
  return jobs.subscribe(() => {
    if (starting || imports.get().jobId) return;
    const other = Object.values(jobs.get()).find((j) => j.kind === 'import' && j.state === 'running');
    if (other) follow(other.id, []);
  });
}

/** Shows the import's progress, and when it ends says what came in (the tree and list reload on `changed`). */
function follow(id: string, skipped: string[]): void {
  imports.set({ jobId: id });
  addJobNotes(id, skipped.map((l) => `没有上传：${l}`));
  onJobEnd(id, (job) => {
    imports.set({ jobId: null });
    tell(job, skipped);
  });
}

function tell(job: JobInfo, skipped: string[]): void {
  const notUploaded = skipped.length ? `另有 ${skipped.length} 个文件没有上传，见详情。` : '';
  const notes = skipped.map((l) => `没有上传：${l}`);
  const details = job.state === 'done' ? detailLines(job, notes) : [...notes, ...job.warnings];
  // The notice goes; the full report stays in the 任务记录.
  const action = { label: '查看记录', onClick: openTaskPanel };
  if (job.state === 'done') {
    // Files left out stay on screen until the clerk has seen them.
    toast(headline(job) + notUploaded, {
      kind: details.length ? 'info' : 'success',
      details,
      action,
      timeout: skipped.length ? 0 : undefined,
    });
  } else if (job.state === 'cancelled') {
    toast('导入已取消；已经存入的文件保留在档案中。' + notUploaded, { kind: 'info', details, action });
  } else {
    toast(job.error?.message ?? '导入没有完成。', { kind: 'error', details, action });
  }
}

/**
 * Starts the import of paths the service can read (desktop paths, or where uploads landed);
 * `skipped`: files refused at upload, told with the summary.
 */
export async function importPaths(paths: string[], indicator?: string, skipped: string[] = []): Promise<void> {
  if (paths.length === 0 || !mayEdit()) return;
  if (imports.get().jobId) {
    toast('上一批材料还在导入，请等它完成后再拖入。', { kind: 'info' });
    return;
  }
  starting = true;
  try {
    const job = await call('jobs.start', { kind: 'import', paths, indicator });
    noteJob(job);
    follow(job.id, skipped);
  } catch (e) {
    toast(errorText(e), { kind: 'error', details: skipped.map((l) => `没有上传：${l}`) });
  } finally {
    starting = false;
  }
}

/** Hands dropped or chosen browser files to the service (upload in web mode), then imports them. */
export async function importFiles(files: DroppedFile[], relativePaths: string[] | undefined, indicator?: string): Promise<void> {
  if (!mayEdit()) return;
  if (files.length === 0) {
    toast('没有找到可以导入的文件（文件夹是空的？）。', { kind: 'info' });
    return;
  }
  if (imports.get().jobId || imports.get().uploading) {
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
  const id = imports.get().jobId;
  if (!id) return;
  try {
    noteJob(await call('jobs.cancel', { id }));
  } catch (e) {
    toast(errorText(e), { kind: 'error' });
  }
}
