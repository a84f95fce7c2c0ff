// The service's jobs (the import and the four exports) as this page knows them, by id: fed by the
// job events, by jobs.list when the workspace opens (the service keeps the last ones, so a reload
// finds them again), and by a slow poll of jobs.list while one runs, in case an event is missed (a
// dropped connection). An ended job stays ended: a late "running" changes nothing. Its end can come
// before jobs.start answers; `onJobEnd` then calls back at once.
//
// The 任务记录 keeps every job's report until the clerk dismisses it. What the service does not
// know is kept for the tab (sessionStorage, so F5 keeps it): when the page first saw each job, in
// which archive, which entries were dismissed, and lines only the page knows (files not uploaded).
import type { JobInfo, JobKind } from '../../../shared/api';
import { bridge, call } from '../api/client';
import { app } from './app-state';
import { createStore } from './store';

export type ExportKind = Exclude<JobKind, 'import'>;

export function isExport(job: JobInfo): job is JobInfo & { kind: ExportKind } {
  return job.kind !== 'import';
}

export const jobs = createStore<Record<string, JobInfo>>({});

export interface JobMemo {
  /** When this tab first saw the job (ISO). */
  at: string;
  /** The archive open then (the service runs the jobs of every archive opened in this session). */
  dir: string;
  /** Lines of the report only the page knows (files refused at upload). */
  notes?: string[];
  dismissed?: boolean;
}

const MEMO_KEY = 'taizhang-jobs';

function readMemo(): Record<string, JobMemo> {
  try {
    const v = JSON.parse(sessionStorage.getItem(MEMO_KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JobMemo>) : {};
  } catch {
    return {};
  }
}

/** What the page remembers of each job, by id. */
export const jobMemo = createStore<Record<string, JobMemo>>(readMemo());

function memo(id: string, patch: Partial<JobMemo>): void {
  const cur = jobMemo.get()[id];
  const dir = app.get().session?.archive?.dir;
  if (!cur && !dir) return;
  jobMemo.set({ [id]: cur ? { ...cur, ...patch } : { at: new Date().toISOString(), dir: dir ?? '', ...patch } });
  // Only the jobs the service may still list are worth keeping.
  const all = jobMemo.get();
  const ids = Object.keys(all);
  const keep = ids.length > 60 ? ids.sort((a, b) => all[b].at.localeCompare(all[a].at)).slice(0, 60) : ids;
  try {
    sessionStorage.setItem(MEMO_KEY, JSON.stringify(Object.fromEntries(keep.map((k) => [k, all[k]]))));
  } catch {
    /* storage full or off: the record lasts until the page goes */
  }
}

/** Lines for a job's report that only the page knows (e.g. 没有上传：…). */
export function addJobNotes(id: string, notes: string[]): void {
  if (notes.length) memo(id, { notes: [...(jobMemo.get()[id]?.notes ?? []), ...notes] });
}

/** Takes entries off the 任务记录 (the service keeps the jobs; the page stops showing them). */
export function dismissJobs(ids: string[]): void {
  for (const id of ids) memo(id, { dismissed: true });
}

/** Whether the 任务记录 panel is open (App shows it; a notice's 查看记录 opens it). */
export const taskPanel = createStore<{ open: boolean }>({ open: false });

export function openTaskPanel(): void {
  app.set({ panel: null });
  taskPanel.set({ open: true });
}

/** The 任务记录 of the open archive, newest first: every job not dismissed. */
export function useTaskEntries(): { job: JobInfo; memo: JobMemo }[] {
  const all = jobs.use();
  const memos = jobMemo.use();
  const dir = app.use((s) => s.session?.archive?.dir ?? null);
  return Object.values(all)
    .map((job) => ({ job, memo: memos[job.id] }))
    .filter((e): e is { job: JobInfo; memo: JobMemo } => !!e.memo && e.memo.dir === dir && !e.memo.dismissed)
    .sort((a, b) => b.memo.at.localeCompare(a.memo.at));
}

const endWaiters = new Map<string, ((job: JobInfo) => void)[]>();
let poll: ReturnType<typeof setInterval> | null = null;

/** What the service said of a job: an event, or the answer of jobs.start, jobs.cancel or jobs.list. */
export function noteJob(job: JobInfo): void {
  const prev = jobs.get()[job.id];
  if (prev && prev.state !== 'running') return;
  if (!jobMemo.get()[job.id]) memo(job.id, {});
  jobs.set({ [job.id]: job });
  if (job.state !== 'running') {
    const waiters = endWaiters.get(job.id) ?? [];
    endWaiters.delete(job.id);
    waiters.forEach((fn) => fn(job));
  }
  pollWhileRunning();
}

export function jobOf(id: string): JobInfo | null {
  return jobs.get()[id] ?? null;
}

export function useJob(id: string | null): JobInfo | null {
  return jobs.use((all) => (id ? (all[id] ?? null) : null));
}

/** Calls `fn` once when the job ends (at once if it has). */
export function onJobEnd(id: string, fn: (job: JobInfo) => void): void {
  const job = jobOf(id);
  if (job && job.state !== 'running') fn(job);
  else endWaiters.set(id, [...(endWaiters.get(id) ?? []), fn]);
}

function pollWhileRunning(): void {
  const running = Object.values(jobs.get()).some((j) => j.state === 'running');
  if (running && !poll) {
    poll = setInterval(() => void call('jobs.list', {}).then((list) => list.forEach(noteJob), () => undefined), 2000);
  } else if (!running && poll) {
    clearInterval(poll);
    poll = null;
  }
}

/** Listens to job events; called once by the workspace. Returns the unsubscribe function. */
export function watchJobs(): () => void {
  const stop = bridge.onEvent((e) => {
    if (e.type === 'job') noteJob(e.job);
  });
  // The jobs of before a reload: their reports stay in the 任务记录.
  void call('jobs.list', {}).then((list) => list.forEach(noteJob), () => undefined);
  return () => {
    stop();
    if (poll) clearInterval(poll);
    poll = null;
  };
}
