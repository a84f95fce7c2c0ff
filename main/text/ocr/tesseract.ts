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

/** A gap between two words wider than this share of the line's height separates them with a space. */
const SPACE_GAP = 1.2;

interface Word {
  text: string;
  bbox: { x0: number; x1: number };
}

/**
 * A line's text from its words, spaced as printed: tesseract puts a space between every two
 * Chinese characters, so the spaces come from the gaps instead (a table's cells, 时间 and 地点), as
 * paddle gives them. A table's vertical rules, read as "|", are dropped.
 */
function lineText(words: Word[], height: number): string {
  let out = '';
  let right: number | null = null;
  for (const w of [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0)) {
    const t = w.text.replace(/[|｜]/g, '').trim();
    if (!t) continue;
    if (right != null) out += w.bbox.x0 - right > SPACE_GAP * height ? ' ' : '';
    out += t;
    right = w.bbox.x1;
  }
  return out;
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
            const text = lineText(line.words, line.bbox.y1 - line.bbox.y0);
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
