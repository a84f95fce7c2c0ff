// STUB (lead's branch only) — replaced by helper B's module at merge.
import type { PageText } from '../../shared/text-types';
export async function readPdfText(_input: string | Uint8Array, _opts: { signal?: AbortSignal } = {}): Promise<{ pageCount: number; pages: PageText[]; scanPages: number[]; pageSizes: { width: number; height: number }[] }> {
  throw new Error('stub');
}
export async function pdfPageImage(_input: string | Uint8Array, _page: number): Promise<{ image: Buffer; width: number; height: number; x: number; y: number; w: number; h: number } | null> {
  throw new Error('stub');
}
