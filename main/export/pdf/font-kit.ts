// fontkit and linebreak, taken from pdfkit's own dependencies (so measuring and drawing use the very
// same code), with the few types this project needs. Neither package ships TypeScript types.
import { createRequire } from 'node:module';

export interface FkGlyph {
  id: number;
  advanceWidth: number;
}

export interface FkFont {
  postscriptName: string;
  familyName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  numGlyphs: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FkGlyph;
  layout(text: string, features?: unknown): { advanceWidth: number };
  'OS/2'?: { fsType?: { noEmbedding?: boolean; noSubsetting?: boolean; bitmapOnly?: boolean } };
}

export interface FkCollection {
  fonts: FkFont[];
}

interface FontkitModule {
  create(buffer: Uint8Array, postscriptName?: string): FkFont | FkCollection | null;
}

export interface LineBreak {
  position: number;
  required: boolean;
}

interface LineBreakerClass {
  new (text: string): { nextBreak(): LineBreak | null };
}

const fromPdfkit = createRequire(require.resolve('pdfkit'));

export const fontkit = fromPdfkit('fontkit') as FontkitModule;
export const LineBreaker = fromPdfkit('linebreak') as LineBreakerClass;

export function isCollection(f: FkFont | FkCollection): f is FkCollection {
  return Array.isArray((f as FkCollection).fonts);
}
