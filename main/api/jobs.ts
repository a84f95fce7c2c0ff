// Long work started from the interface: one job at a time per archive (an export taken while an
// import is still filing would print half of it), progress as events at most every 100 ms,
// cancellation through the job's AbortSignal, and the finished job kept so the interface can
// offer "open the result" or a download.
import { randomUUID } from 'node:crypto';
import { TaizhangError, type ErrorCode } from '../../shared/errors';
import { JOB_LABELS, type JobInfo, type JobKind } from '../../shared/api';
import type { Progress } from '../../shared/jobs';
import type { JobOptions } from '../jobs/cancel';

export interface JobOutcome {
  output: string | null;
  summary: string;
  warnings: string[];
  result: unknown;
}

export type JobWork = (job: JobOptions) => Promise<JobOutcome>;

export { JOB_LABELS };

const KEEP_FINISHED = 20;
const PROGRESS_INTERVAL_MS = 100;
/**
 * How long cancelled work may take to stop before the job is ended without it. Work stuck in a
 * read or write that never returns (a pulled USB stick, a hung share) must not hold the one job
 * slot: the clerk pressed cancel, the job ends, and what the work does afterwards is ignored.
 */
const CANCEL_GRACE_MS = 2000;
const CANCELLED = { code: 'CANCELLED' as const, message: '已取消，未生成文件。' };

export class JobRunner {
  private jobs = new Map<string, { info: JobInfo; controller: AbortController }>();

  constructor(
    private readonly emit: (job: JobInfo) => void,
    private readonly describeError: (e: unknown) => { code: ErrorCode; message: string },
    private readonly cancelGraceMs = CANCEL_GRACE_MS,
  ) {}

  running(): JobInfo | null {
    for (const j of this.jobs.values()) if (j.info.state === 'running') return j.info;
    return null;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info);
  }

  get(id: string): JobInfo | null {
    return this.jobs.get(id)?.info ?? null;
  }

  /** Starts the work and returns at once; the outcome arrives as events. */
  start(kind: JobKind, work: JobWork, inputs: string[] = []): JobInfo {
    const busy = this.running();
    if (busy) throw new TaizhangError('BAD_INPUT', `正在${JOB_LABELS[busy.kind]}，请等它完成或取消后再开始新的任务。`);
    const controller = new AbortController();
    const info: JobInfo = { id: randomUUID(), kind, state: 'running', inputs, progress: null, output: null, summary: null, warnings: [], error: null, result: null };
    this.jobs.set(info.id, { info, controller });
    this.prune();
    let last = 0;
    let pending: NodeJS.Timeout | null = null;
    const onProgress = (p: Progress) => {
      info.progress = p;
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        this.emit({ ...info });
      } else if (!pending) {
        pending = setTimeout(() => {
          pending = null;
          last = Date.now();
          if (info.state === 'running') this.emit({ ...info });
        }, PROGRESS_INTERVAL_MS);
      }
    };
    this.emit({ ...info });
    let grace: NodeJS.Timeout | null = null;
    controller.signal.addEventListener('abort', () => {
      grace = setTimeout(() => {
        if (info.state !== 'running') return;
        Object.assign(info, { state: 'cancelled', error: CANCELLED });
        this.finish(info, pending);
      }, this.cancelGraceMs);
      grace.unref();
    });
    const settled = (apply: () => void) => {
      if (grace) clearTimeout(grace);
      // Ended already: cancelled work that settled after its grace period.
      if (info.state !== 'running') return;
      apply();
      this.finish(info, pending);
    };
    let running: Promise<JobOutcome>;
    try {
      running = work({ signal: controller.signal, onProgress });
    } catch (e) {
      running = Promise.reject(e);
    }
    void running.then(
      (out) => settled(() => Object.assign(info, { state: 'done', output: out.output, summary: out.summary, warnings: out.warnings, result: out.result })),
      (e: unknown) =>
        settled(() => {
          // A failure to describe the failure must still end the job and free the slot.
          let error: { code: ErrorCode; message: string };
          try {
            error = this.describeError(e);
          } catch {
            error = { code: 'INTERNAL', message: '任务出错，没有完成。请重试。' };
          }
          const stopped = error.code === 'CANCELLED' || controller.signal.aborted;
          Object.assign(info, { state: stopped ? 'cancelled' : 'failed', error: stopped ? CANCELLED : error });
        }),
    );
    return { ...info };
  }

  cancel(id: string): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new TaizhangError('NOT_FOUND', '找不到这个任务，它可能已经结束。');
    job.controller.abort();
    return { ...job.info };
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) j.controller.abort();
  }

  /** Resolves when no job is running (used when an archive is closed). */
  async idle(): Promise<void> {
    while (this.running()) await new Promise((r) => setTimeout(r, 20));
  }

  private finish(info: JobInfo, pending: NodeJS.Timeout | null): void {
    if (pending) clearTimeout(pending);
    this.emit({ ...info });
  }

  private prune(): void {
    const done = [...this.jobs.values()].filter((j) => j.info.state !== 'running');
    for (const j of done.slice(0, Math.max(0, done.length - KEEP_FINISHED))) this.jobs.delete(j.info.id);
  }
}
