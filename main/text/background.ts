// The reader as the interface sees it: one per open archive, started after an import and when
// an archive with waiting files is opened, paused and resumed by the clerk (文字识别 12/85 in the
// top bar), stopped when the archive is closed. Progress goes out as events, at most a few a second.
import type { Archive } from '../archive/archive';
import type { TextProgress } from '../../shared/text-types';
import type { EngineName } from './ocr/engine';
import { countText, markPending, readPending } from './reader';

const EMIT_INTERVAL_MS = 250;

export interface BackgroundOptions {
  emit: (p: TextProgress) => void;
  /** Items whose text was just saved (the interface refreshes them; the self-check is redone). */
  onSaved: (itemIds: number[]) => void;
  engine?: EngineName;
  /** A run that failed as a whole (the archive went away, the disk filled): for the log. */
  onError?: (e: unknown) => void;
}

export class BackgroundReader {
  private run: { controller: AbortController; done: Promise<void> } | null = null;
  private paused = false;
  private progress = { done: 0, total: 0, current: null as string | null };
  private counts = { pending: 0, failed: 0 };
  private lastEmit = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly archive: Archive,
    private readonly opts: BackgroundOptions,
  ) {}

  /**
   * While reading, what waits is the run's own count (total − done), so done + pending always adds
   * up; the database is asked only when idle (a file saved a moment before its progress is told
   * would otherwise be counted neither as done nor as waiting).
   */
  async status(): Promise<TextProgress> {
    if (!this.archive.readOnly) {
      const c = await countText(this.archive);
      this.counts.failed = c.failed;
      if (!this.run) this.counts.pending = c.pending;
    }
    return this.snapshot();
  }

  private snapshot(): TextProgress {
    const state = this.run ? 'running' : this.paused && this.counts.pending > 0 ? 'paused' : 'idle';
    return { state, ...this.progress, ...this.counts, current: this.run ? this.progress.current : null };
  }

  private emitNow(): void {
    this.lastEmit = Date.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.opts.emit(this.snapshot());
  }

  private emitSoon(): void {
    if (Date.now() - this.lastEmit >= EMIT_INTERVAL_MS) return this.emitNow();
    this.timer ??= setTimeout(() => this.emitNow(), EMIT_INTERVAL_MS);
  }

  /** Starts reading what waits (a no-op while reading, or on a read-only archive). force: everything again. */
  async start(force = false): Promise<TextProgress> {
    if (this.closed || this.archive.readOnly) return this.status();
    this.paused = false;
    if (this.run && !force) return this.snapshot();
    if (this.run) await this.stop();
    await markPending(this.archive, force);
    const controller = new AbortController();
    this.counts = await countText(this.archive);
    this.progress = { done: 0, total: this.counts.pending, current: null };
    const done = readPending(this.archive, {
      signal: controller.signal,
      engine: this.opts.engine,
      onProgress: (p) => {
        this.progress = p;
        this.counts.pending = Math.max(0, p.total - p.done);
        this.emitSoon();
      },
      onSaved: (ids) => this.opts.onSaved(ids),
    }).then(
      () => undefined,
      (e: unknown) => this.opts.onError?.(e),
    );
    const run = { controller, done };
    this.run = run;
    void done.then(async () => {
      if (this.run === run) this.run = null;
      if (!this.closed) {
        await this.status().catch(() => undefined);
        this.emitNow();
      }
    });
    this.emitNow();
    return this.snapshot();
  }

  /** Pauses: the file being read is dropped (read again on resume); what was saved stays. */
  async pause(): Promise<TextProgress> {
    this.paused = true;
    await this.stop();
    const s = await this.status();
    this.emitNow();
    return s;
  }

  private async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    run.controller.abort();
    await run.done;
    if (this.run === run) this.run = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.stop();
  }
}
