// OWNED BY HELPER A (OCR engines). Contract only; see /work/notes/text-plan.md.
import type { TextLine } from '../../../shared/text-types';

/** What an engine read on one image: boxes in the pixels of the image it was given. */
export interface OcrPage {
  width: number;
  height: number;
  lines: TextLine[];
  /** Decided from the detector's text area: a photo of an event rather than a document; lines may be empty. */
  scene: boolean;
}

export type EngineName = 'paddle' | 'tesseract';

export interface OcrEngine {
  readonly name: EngineName;
  /** image: an encoded image (JPEG/PNG), upright, at the size to read. sceneCheck: stop early when it is not a document. */
  recognize(image: Buffer, opts?: { sceneCheck?: boolean }): Promise<OcrPage>;
  close(): Promise<void>;
}

/**
 * What OcrClient.read gives back: the page with its boxes in the full-size displayed image's pixels
 * (width × height as blobs.width/height), and the engine that read it (tesseract when paddle could
 * not load on this machine).
 */
export interface ReadPage extends OcrPage {
  engine: EngineName;
}
