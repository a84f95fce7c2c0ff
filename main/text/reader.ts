// The background reader (文字识别): after an import, every PDF and image waiting to be read is read
// one at a time — a PDF's own text layer at once, pages without one and images by OCR in a worker
// thread — and what it reads is kept per page and put into the search index. It never holds the
// archive's writer lock for longer than one file's save, so an import or an edit goes on beside
// it; an export does not wait for it. Cancelled or interrupted, it leaves the rest pending and
// resumes when asked again (or when the archive is opened again).
import { sql } from '../archive/db';
import type { Archive } from '../archive/archive';
import { blobRel } from '../archive/store';
import { reindexItem } from '../archive/search';
import { TaizhangError } from '../../shared/errors';
import type { PageText, TextLine, TextProgress } from '../../shared/text-types';
import { READABLE, savePages } from './page-store';
import { pdfPageImage, readPdfText } from './pdf-text';
import { countSignedRows } from './signin-count';
import { OcrClient, toPageText } from './ocr/client';
import type { EngineName, OcrPage } from './ocr/engine';

/** What one run read: originals read, of them scenes (photos of events), failures, OCR'd pages. */
export interface ReadReport {
  read: number;
  scenes: number;
  failed: { name: string; reason: string }[];
  pages: number;
  ocrPages: number;
  /** Still waiting (cancelled before them, or the archive was busy). */
  pending: number;
  engine: EngineName | null;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Read every document again, not only what waits. */
  force?: boolean;
  engine?: EngineName;
  onProgress?: (p: { done: number; total: number; current: string | null }) => void;
  /** After each original is saved: the items whose text changed. */
  onSaved?: (itemIds: number[]) => void;
}

interface Waiting {
  sha256: string;
  type: string;
  name: string;
  /** Only photos (role 照片) may be scenes; a sign-in sheet or a notice is read whatever it shows. */
  photoOnly: boolean;
}

/** Marks what the reader should read: every readable original not yet read (or all of them, force). */
export async function markPending(archive: Archive, force = false): Promise<number> {
  const cond = force ? sql`text_state IS NOT 'pending'` : sql`text_state IS NULL`;
  const res = await archive.db.transaction((tx) =>
    tx.run(sql`UPDATE blobs SET text_state = 'pending', text_error = NULL
      WHERE ${cond} AND ${READABLE}
        AND EXISTS (SELECT 1 FROM files f WHERE f.sha256 = blobs.sha256)`),
  );
  return res.changes;
}

export async function countText(archive: Archive): Promise<{ pending: number; failed: number }> {
  const r = await archive.db.get<{ pending: number; failed: number }>(sql`SELECT
      coalesce(sum(text_state = 'pending'), 0) AS pending, coalesce(sum(text_state = 'failed'), 0) AS failed
    FROM blobs b WHERE text_state IN ('pending', 'failed') AND EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256)`);
  return { pending: r?.pending ?? 0, failed: r?.failed ?? 0 };
}

async function nextWaiting(archive: Archive, skip: Set<string>): Promise<Waiting | null> {
  // PDFs first: their text layers are read in a moment and make the first results searchable.
  const rows = await archive.db.all<{ sha256: string; type: string; name: string; photo_only: number }>(sql`
    SELECT b.sha256, b.type,
      (SELECT f.name FROM files f WHERE f.sha256 = b.sha256 ORDER BY f.id LIMIT 1) AS name,
      NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256 AND f.role <> 'photo') AS photo_only
    FROM blobs b WHERE b.text_state = 'pending' AND EXISTS (SELECT 1 FROM files f WHERE f.sha256 = b.sha256)
    ORDER BY b.type <> 'pdf', b.stored_at, b.sha256 LIMIT ${skip.size + 1}`);
  const row = rows.find((r) => !skip.has(r.sha256));
  return row ? { sha256: row.sha256, type: row.type, name: row.name, photoOnly: row.photo_only === 1 } : null;
}

/**
 * Starts the OCR process, but stops waiting for its models (a couple of seconds) when the signal
 * aborts: closing the archive or quitting the app must not wait for them; the process started
 * meanwhile is closed as soon as it is up.
 */
function startAbortable(engine: EngineName | undefined, signal?: AbortSignal): Promise<OcrClient> {
  const starting = OcrClient.start({ engine });
  if (!signal) return starting;
  return new Promise<OcrClient>((resolve, reject) => {
    const onAbort = () => {
      reject(new TaizhangError('CANCELLED', '文字识别已取消。'));
      void starting.then((c) => c.close()).catch(() => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    starting.then(
      (c) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) void c.close();
        else resolve(c);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Boxes of an OCR page, moved from the image's pixels onto the PDF page where the image lies. */
function placeOnPage(page: OcrPage, at: { x: number; y: number; w: number; h: number }): TextLine[] {
  const sx = at.w / page.width;
  const sy = at.h / page.height;
  return page.lines.map((l) => ({ ...l, box: l.box.map(([x, y]) => [at.x + x * sx, at.y + y * sy]) as TextLine['box'] }));
}

/** A reason the clerk can act on, from whatever reading threw. */
function reasonOf(e: unknown): string {
  if (e instanceof TaizhangError) return e.message;
  const m = e instanceof Error ? e.message : String(e);
  return /[\u4e00-\u9fff]/.test(m) ? m : '文件无法识别（内容损坏或格式不受支持）。';
}

/**
 * Reads what waits, one original at a time, until nothing waits or the signal is aborted. Used by
 * the background reader of the interface and by `taizhang ocr`.
 */
export async function readPending(archive: Archive, opts: ReadOptions = {}): Promise<ReadReport> {
  archive.assertWritable();
  await markPending(archive, opts.force);
  const report: ReadReport = { read: 0, scenes: 0, failed: [], pages: 0, ocrPages: 0, pending: 0, engine: null };
  let ocr: OcrClient | null = null;
  const engine = async (): Promise<OcrClient> => {
    if (!ocr) {
      ocr = await startAbortable(opts.engine, opts.signal);
      report.engine = ocr.engine;
    }
    return ocr;
  };
  // Originals the archive was too busy to save (another process writing): tried again next run.
  const busy = new Set<string>();
  let done = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) break;
      const next = await nextWaiting(archive, busy);
      if (!next) break;
      const { pending } = await countText(archive);
      opts.onProgress?.({ done, total: done + pending - busy.size, current: next.name });
      let pages: PageText[] = [];
      let state: 'done' | 'scene' | 'failed' = 'done';
      let error: string | null = null;
      try {
        pages = await readOne(archive, next, engine, opts.signal);
        if (next.type !== 'pdf' && pages.length === 0) state = 'scene';
      } catch (e) {
        if (opts.signal?.aborted) break;
        state = 'failed';
        error = reasonOf(e);
      }
      // A typed sign-in table saved as PDF is counted from its text layer, a photographed one from OCR.
      const counts = pages.map(countSignedRows).filter((n): n is number => n != null);
      const signed = counts.length ? counts.reduce((a, b) => a + b, 0) : null;
      let items: number[] = [];
      try {
        items = await archive.db.transaction(async (tx) => {
          await savePages(tx, next.sha256, state, pages, { signed, error });
          const ids = (await tx.all<{ item_id: number }>(sql`SELECT DISTINCT item_id FROM files WHERE sha256 = ${next.sha256}`)).map((r) => r.item_id);
          for (const id of ids) await reindexItem(tx, id);
          return ids;
        });
      } catch (e) {
        if ((e as TaizhangError).code === 'BUSY') {
          busy.add(next.sha256);
          continue;
        }
        throw e;
      }
      done++;
      report.read++;
      if (state === 'scene') report.scenes++;
      if (state === 'failed') report.failed.push({ name: next.name, reason: error! });
      report.pages += pages.length;
      report.ocrPages += pages.filter((p) => p.source === 'ocr').length;
      opts.onSaved?.(items);
    }
  } finally {
    await (ocr as OcrClient | null)?.close();
  }
  report.pending = (await countText(archive)).pending;
  opts.onProgress?.({ done, total: done + report.pending, current: null });
  return report;
}

async function readOne(archive: Archive, w: Waiting, engine: () => Promise<OcrClient>, signal?: AbortSignal): Promise<PageText[]> {
  const abs = await archive.store.checkedAbs(blobRel(w.sha256));
  if (w.type === 'pdf') {
    const r = await readPdfText(abs, { signal });
    const pages = [...r.pages];
    for (const n of r.scanPages) {
      if (signal?.aborted) throw new TaizhangError('CANCELLED', '已取消。');
      const img = await pdfPageImage(abs, n);
      if (!img) continue;
      const ocr = await engine();
      const read = await ocr.read(img.image, { signal });
      // In the page's points, where the scan lies on it.
      const size = r.pageSizes[n - 1];
      pages.push({ ...toPageText({ ...read, lines: placeOnPage(read, img) }, n), width: size.width, height: size.height });
    }
    return pages.sort((a, b) => a.page - b.page);
  }
  const ocr = await engine();
  const read = await ocr.read(abs, { sceneCheck: w.photoOnly, signal });
  if (read.scene) return [];
  return [toPageText(read)];
}
