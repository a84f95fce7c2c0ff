// The service's jobs (the import and the four exports) as this page knows them, by id: fed by the
// job events, and by a slow poll of jobs.list while one runs, in case an event is missed (a dropped
// connection). An ended job stays ended: a late "running" changes nothing. Its end can come before
// jobs.start answers; `onJobEnd` then calls back at once.
import type { JobInfo, JobKind } from '../../../shared/api';
import { bridge, call } from '../api/client';
import { createStore } from './store';

export type ExportKind = Exclude<JobKind, 'import'>;

export function isExport(job: JobInfo): job is JobInfo & { kind: ExportKind } {
  return job.kind !== 'import';
}

export const jobs = createStore<Record<string, JobInfo>>({});

const endWaiters = new Map<string, ((job: JobInfo) => void)[]>();
let poll: ReturnType<typeof setInterval> | null = null;

/** What the service said of a job: an event, or the answer of jobs.start, jobs.cancel or jobs.list. */
export function noteJob(job: JobInfo): void {
  const prev = jobs.get()[job.id];
  if (prev && prev.state !== 'running') return;
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
  return () => {
    stop();
    if (poll) clearInterval(poll);
    poll = null;
  };
}
