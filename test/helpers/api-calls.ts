// Calling the service as the interface does, in tests: a Result unwrapped (a refusal fails the
// test with its code and message), and a job awaited until its event says it has ended.
import type { Api } from '../../main/api/api';
import type { JobInfo } from '../../shared/api';
import type { Result } from '../../shared/errors';

export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Resolves with the job once an event says it has ended. */
export function jobEnded(api: Api, id: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = api.onEvent((e) => {
      if (e.type === 'job' && e.job.id === id && e.job.state !== 'running') {
        stop();
        resolve(e.job);
      }
    });
  });
}
