// OCR from any process that must stay responsive (Electron main, the web server, the CLI): the
// engine lives in a child process (worker.ts says why not a thread); reads queue here and go to
// it one at a time. Cancelling the read in progress kills it (a model run cannot be interrupted);
// the next read starts a new one.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TaizhangError } from '../../../shared/errors';
import type { PageText } from '../../../shared/text-types';
import type { EngineName, ReadPage } from './engine';
import type { ReadRequest, WorkerInit, WorkerReply } from './worker';

export interface OcrStartOptions {
  /** paddle (PP-OCRv4, the default) or tesseract; paddle falls back to tesseract where it cannot load. */
  engine?: EngineName;
  /** onnxruntime threads for paddle (1: the other cores stay with the interface and exports). */
  threads?: number;
  /**
   * An idle worker ends after this long (60 s by default), giving back the memory the models take
   * (about 1 GB with paddle); the next read starts a new one (about 2 s).
   */
  idleMs?: number;
}

export interface OcrReadOptions {
  /** Decide first whether the image is a document or a photo of an event; a scene comes back with no lines. */
  sceneCheck?: boolean;
  /** 1-based page of a multi-page TIFF (a scanned document); 1 by default. */
  page?: number;
  signal?: AbortSignal;
}

interface Job {
  id: number;
  input: string | Buffer;
  sceneCheck: boolean;
  page: number;
  signal?: AbortSignal;
  resolve(page: ReadPage): void;
  reject(e: Error): void;
  unlisten(): void;
}

/**
 * The worker's entry beside this file: from the sources, main/text/ocr/ocr-worker.js (registers tsx,
 * then runs worker.ts); in the built app, build/app/ocr-worker.js (bundled by scripts/build-app.ts)
 * beside electron-main.js, whose __dirname this is then. Electron's fork() runs it with Electron's
 * own Node (ELECTRON_RUN_AS_NODE), which reads the asar.
 */
const WORKER_FILE = path.join(__dirname, 'ocr-worker.js');
/** How much of the worker's stderr is kept to say why it stopped. */
const STDERR_TAIL = 2000;

function cancelled(): TaizhangError {
  return new TaizhangError('CANCELLED', '文字识别已取消。');
}

function crashed(reason: string): TaizhangError {
  const e = new TaizhangError('INTERNAL', '文字识别程序意外停止，这个文件未能读出文字：请稍后重试。');
  (e as Error & { detail?: string }).detail = reason;
  return e;
}

export class OcrClient {
  /** Starts the worker and waits until its engine is loaded (about 2 s for paddle). */
  static async start(opts: OcrStartOptions = {}): Promise<OcrClient> {
    const client = new OcrClient(opts.engine ?? 'paddle', opts.threads ?? 1, opts.idleMs ?? 60_000);
    await client.#spawn();
    client.#pump();
    return client;
  }

  #wanted: EngineName;
  readonly #threads: number;
  #engine: EngineName;
  #fallback: string | null = null;
  #worker: ChildProcess | null = null;
  #ready: Promise<void> | null = null;
  #queue: Job[] = [];
  #current: Job | null = null;
  #nextId = 1;
  #closed = false;
  readonly #idleMs: number;
  #idleTimer: NodeJS.Timeout | null = null;

  private constructor(engine: EngineName, threads: number, idleMs: number) {
    this.#wanted = engine;
    this.#engine = engine;
    this.#threads = threads;
    this.#idleMs = idleMs;
  }

  /** The engine reading: tesseract when paddle was asked for but could not load here. */
  get engine(): EngineName {
    return this.#engine;
  }

  /** Why paddle could not load (then `engine` is tesseract), or null. */
  get fallback(): string | null {
    return this.#fallback;
  }

  /** The worker process, while there is one (its memory is not this process's: benchmarks add it). */
  get pid(): number | null {
    return this.#worker?.pid ?? null;
  }

  /**
   * Reads one image file (path) or encoded image (Buffer): EXIF-turned upright, boxes in the full-size
   * displayed image's pixels. Rejects with TaizhangError: CANCELLED when `signal` aborts, BAD_INPUT or
   * NOT_FOUND for a file that is no readable image, INTERNAL when the engine failed.
   */
  read(input: string | Buffer, opts: OcrReadOptions = {}): Promise<ReadPage> {
    if (this.#closed) return Promise.reject(new TaizhangError('INTERNAL', '文字识别已关闭。'));
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ReadPage>((resolve, reject) => {
      const onAbort = (): void => this.#abort(job);
      const job: Job = {
        id: this.#nextId++,
        input,
        sceneCheck: !!opts.sceneCheck,
        page: opts.page ?? 1,
        signal: opts.signal,
        resolve,
        reject,
        unlisten: () => opts.signal?.removeEventListener('abort', onAbort),
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Ends the worker; reads still waiting are rejected as cancelled. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    for (const job of this.#queue.splice(0)) this.#settle(job, cancelled());
    if (this.#current) this.#settle(this.#current, cancelled());
    this.#current = null;
    const w = this.#worker;
    this.#worker = null;
    this.#ready = null;
    if (w && w.exitCode === null && w.signalCode === null) {
      const exited = new Promise((resolve) => w.once('exit', resolve));
      // Held while it ends: an idle worker is unreferenced, and close() must not return early.
      w.ref();
      w.kill();
      await exited;
    }
  }

  #spawn(): Promise<void> {
    const init: WorkerInit = { engine: this.#wanted, threads: this.#threads };
    // stdout ignored: the CLI's --json output is this process's stdout, and engines print notices.
    // Advanced serialisation carries a Buffer to read as bytes, not as JSON numbers.
    const w = fork(WORKER_FILE, [JSON.stringify(init)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    this.#worker = w;
    let stderr = '';
    w.stderr?.setEncoding('utf8');
    w.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-STDERR_TAIL)));
    const ready = new Promise<void>((resolve, reject) => {
      w.on('message', (m: WorkerReply) => {
        if (w !== this.#worker) return;
        if (m.type === 'ready') {
          this.#engine = m.engine;
          if (m.fallback) {
            this.#fallback = m.fallback;
            // Paddle failed once on this machine: later workers go straight to tesseract.
            this.#wanted = 'tesseract';
          }
          resolve();
          return;
        }
        const job = this.#current;
        if (!job || job.id !== m.id) return;
        this.#current = null;
        if (m.type === 'page') this.#settle(job, null, m.page);
        else {
          const e = new TaizhangError(m.code, m.message);
          (e as Error & { detail?: string }).detail = m.detail;
          this.#settle(job, e);
        }
        this.#pump();
      });
      const died = (reason: string): void => {
        if (w !== this.#worker) return;
        this.#worker = null;
        this.#ready = null;
        const e = crashed(reason);
        reject(e);
        if (this.#current) this.#settle(this.#current, e);
        this.#current = null;
        this.#pump();
      };
      w.on('error', (e) => died(e.message));
      w.on('exit', (code, signal) => died(`${stderr.trim()} (exit ${signal ?? code})`.trim()));
    });
    this.#ready = ready;
    return ready;
  }

  /** Sends the next queued read once the worker is free (starting a worker if there is none). */
  #pump(): void {
    if (this.#closed || this.#current) return;
    const job = this.#queue.shift();
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (!job) {
      // Idle: the worker alone must not keep a CLI process from exiting, nor its memory for long.
      this.#hold(false);
      if (this.#worker) {
        this.#idleTimer = setTimeout(() => this.#retire(), this.#idleMs);
        this.#idleTimer.unref();
      }
      return;
    }
    this.#current = job;
    const ready = this.#worker && this.#ready ? this.#ready : this.#spawn();
    this.#hold(true);
    ready.then(
      () => {
        if (this.#current !== job || !this.#worker) return;
        this.#worker.send({ id: job.id, input: job.input, sceneCheck: job.sceneCheck, page: job.page } satisfies ReadRequest);
      },
      (e: Error) => {
        if (this.#current !== job) return;
        this.#current = null;
        this.#settle(job, e);
        this.#pump();
      },
    );
  }

  #abort(job: Job): void {
    const i = this.#queue.indexOf(job);
    if (i >= 0) {
      this.#queue.splice(i, 1);
      this.#settle(job, cancelled());
      return;
    }
    if (this.#current !== job) return;
    // A model run cannot be stopped half-way: end the process, and start afresh for the next read.
    const w = this.#worker;
    this.#worker = null;
    this.#ready = null;
    this.#current = null;
    w?.kill();
    this.#settle(job, cancelled());
    this.#pump();
  }

  /** Ends an idle worker; the next read starts another. */
  #retire(): void {
    this.#idleTimer = null;
    if (this.#current || this.#queue.length) return;
    const w = this.#worker;
    this.#worker = null;
    this.#ready = null;
    w?.kill();
  }

  /** Whether the worker (its process and its IPC channel) keeps this process's event loop alive. */
  #hold(busy: boolean): void {
    const w = this.#worker;
    if (!w) return;
    type Handle = { ref(): void; unref(): void } | null | undefined;
    for (const h of [w, w.channel as Handle, w.stderr as unknown as Handle]) {
      if (busy) h?.ref();
      else h?.unref();
    }
  }

  #settle(job: Job, error: Error | null, page?: ReadPage): void {
    job.unlisten();
    if (error) job.reject(error);
    else job.resolve(page as ReadPage);
  }
}

/** A page as read, in the form the archive keeps (blob_pages): its lines joined in reading order. */
export function toPageText(read: ReadPage, page = 1): PageText {
  const text = read.lines.map((l) => l.text.trim()).filter(Boolean).join('\n');
  return { page, width: read.width, height: read.height, source: 'ocr', engine: read.engine, text, lines: read.lines };
}
