// The OCR process: loads one engine, then prepares and reads one image per message, so the
// process that owns the interface, the web server or the CLI's progress never waits on a model.
// Started by client.ts through ocr-worker.js (which, from the sources, registers tsx first).
// A process, not a worker thread: a read is cancelled by ending it, and ending a thread while
// onnxruntime runs a model aborts the whole process (a C++ exception thrown into a dying
// isolate) — the app with it. A process can be killed at any moment; it also gives the gigabyte
// the models take back to the system when it ends.
import { TaizhangError, type ErrorCode } from '../../../shared/errors';
import type { EngineName, OcrEngine, ReadPage } from './engine';
import { scaleBox } from './lines';
import { createPaddleEngine } from './paddle';
import { prepareForOcr } from './prepare';
import { createTesseractEngine } from './tesseract';

export interface WorkerInit {
  engine: EngineName;
  threads: number;
}
export interface ReadRequest {
  id: number;
  input: string | Uint8Array;
  sceneCheck: boolean;
  /** 1-based page of a multi-page TIFF. */
  page: number;
}
export type WorkerReply =
  | { type: 'ready'; engine: EngineName; fallback: string | null }
  | { type: 'page'; id: number; page: ReadPage }
  | { type: 'error'; id: number; code: ErrorCode; message: string; detail: string };

async function loadEngine(init: WorkerInit): Promise<{ engine: OcrEngine; fallback: string | null }> {
  if (init.engine === 'tesseract') return { engine: await createTesseractEngine(), fallback: null };
  try {
    return { engine: await createPaddleEngine({ threads: init.threads }), fallback: null };
  } catch (e) {
    // No onnxruntime build for this CPU or system (LoongArch, an old glibc): tesseract reads instead.
    return { engine: await createTesseractEngine(), fallback: e instanceof Error ? e.message : String(e) };
  }
}

async function read(engine: OcrEngine, req: ReadRequest): Promise<ReadPage> {
  const input = typeof req.input === 'string' ? req.input : Buffer.from(req.input.buffer, req.input.byteOffset, req.input.byteLength);
  const prepared = await prepareForOcr(input, { page: req.page });
  const page = await engine.recognize(prepared.image, { sceneCheck: req.sceneCheck });
  const { width, height, scale } = prepared;
  return {
    width,
    height,
    scene: page.scene,
    engine: engine.name,
    lines: page.lines.map((l) => ({ ...l, box: scaleBox(l.box, scale, width, height) })),
  };
}

function failure(id: number, e: unknown): WorkerReply {
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof TaizhangError) return { type: 'error', id, code: e.code, message: e.message, detail };
  return { type: 'error', id, code: 'INTERNAL', message: '文字识别出错，这个文件未能读出文字：请稍后重试；仍不行请把文件另存一份再导入。', detail };
}

// Started by OcrClient with fork(): the init as the first argument, requests and replies over IPC.
if (process.send && process.argv[2]) {
  const init = JSON.parse(process.argv[2]) as WorkerInit;
  const send = (m: WorkerReply): void => void process.send?.(m);
  const ready = loadEngine(init);
  // One image at a time, in the order asked: the engines hold one model session each.
  let queue: Promise<unknown> = ready;
  ready.then(
    ({ engine, fallback }) => send({ type: 'ready', engine: engine.name, fallback }),
    (e: unknown) => {
      // Neither engine loads: the exit tells the client, with this line as the reason.
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
  process.on('message', (req: ReadRequest) => {
    queue = queue.then(async () => {
      const { engine } = await ready;
      try {
        send({ type: 'page', id: req.id, page: await read(engine, req) });
      } catch (e) {
        send(failure(req.id, e));
      }
    });
  });
  // The app that started this process is gone (or closed the client): nothing left to read for.
  process.on('disconnect', () => process.exit(0));
}
