// The second engine: tesseract.js (WebAssembly, so it runs on CPUs onnxruntime has no build for,
// such as LoongArch) with the simplified-Chinese LSTM model shipped in @tesseract.js-data/chi_sim.
// Read from that package's folder: nothing is fetched, nothing is cached in the working directory.
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM } from 'tesseract.js';
import type { TextLine } from '../../../shared/text-types';
import type { OcrEngine, OcrPage } from './engine';
import { areaShare, readingOrder } from './lines';

/** Lines below this confidence (0–100) are ruling, stamps and noise read as letters ("EEC", "IE"). */
const MIN_CONFIDENCE = 50;
/** The same scene rule as paddle.ts (see there), on tesseract's lines of the whole image. */
const DOCUMENT_LINES = 4;
const DOCUMENT_SHARE = 0.15;

/** Tesseract spaces every Chinese character apart; keep spaces only next to Latin letters or digits. */
function joinCjk(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])/g, '')
    .replace(/(?<=[^\x00-\x7f]) (?=[\x00-\x7f])|(?<=[\x00-\x7f]) (?=[^\x00-\x7f])/g, '')
    .trim();
}

export async function createTesseractEngine(): Promise<OcrEngine> {
  // The int-quantised LSTM model (1.7 MB); the 20 MB legacy+LSTM one reads no better for print.
  const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
  const worker = await createWorker('chi_sim', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  // Prepared images carry no resolution; tesseract would guess 70 dpi and warn on every page.
  // Automatic page segmentation: tesseract.js's default (one block of text) reads a ruled table as noise.
  await worker.setParameters({ user_defined_dpi: '300', tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '0' });

  return {
    name: 'tesseract',
    async recognize(image, o = {}): Promise<OcrPage> {
      const meta = await sharp(image).metadata();
      const width = meta.width ?? 0;
      const height = meta.height ?? 0;
      if (!width || !height) throw new Error('image without size');
      const { data } = await worker.recognize(image, {}, { blocks: true, text: false });
      const lines: TextLine[] = [];
      for (const block of data.blocks ?? [])
        for (const para of block.paragraphs)
          for (const line of para.lines) {
            const text = joinCjk(line.text);
            if (!text || line.confidence < MIN_CONFIDENCE) continue;
            const { x0, y0, x1, y1 } = line.bbox;
            lines.push({ text, box: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], score: Math.round(line.confidence * 10) / 1000 });
          }
      if (o.sceneCheck) {
        const share = areaShare(lines.map((l) => l.box), width, height);
        if (lines.length < DOCUMENT_LINES && share < DOCUMENT_SHARE) return { width, height, lines: [], scene: true };
      }
      return { width, height, lines: readingOrder(lines), scene: false };
    },
    async close(): Promise<void> {
      await worker.terminate();
    },
  };
}
