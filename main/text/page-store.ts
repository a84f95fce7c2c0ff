// The archive's side of reading: page texts kept per original (blob_pages), where each original
// stands (blobs.text_state), and what the search index holds of them (blobs.text, the pages
// joined). One place reads and writes them: the reader, the dossier, the suggestions, the check.
import { sql, sqlList, type Queryable } from '../archive/db';
import type { PageText, TextLine, TextState } from '../../shared/text-types';
import type { FileType } from '../../shared/domain';

/** Types the reader can read: a PDF's text, or an image sharp decodes. */
const READABLE_TYPES: readonly FileType[] = ['pdf', 'jpeg', 'png', 'tiff', 'webp'];
/** The blobs (unaliased columns) the reader reads: a readable type, not damaged, not encrypted. */
export const READABLE = sql`type IN (${sqlList([...READABLE_TYPES])}) AND warning IS NULL AND NOT encrypted`;

interface PageRow {
  page: number;
  source: 'pdf' | 'ocr';
  engine: string;
  width: number;
  height: number;
  text: string;
  lines: string;
}

/** The pages read from one original, in page order; [] when nothing was read. */
export async function pageTexts(db: Queryable, sha256: string): Promise<PageText[]> {
  const rows = await db.all<PageRow>(sql`SELECT page, source, engine, width, height, text, lines FROM blob_pages WHERE sha256 = ${sha256} ORDER BY page`);
  return rows.map(toPage);
}

/** The pages of many originals at once (the dossier asks for all it prints). */
export async function pageTextsOf(db: Queryable, shas: string[]): Promise<Map<string, PageText[]>> {
  const out = new Map<string, PageText[]>();
  for (let i = 0; i < shas.length; i += 500) {
    const chunk = shas.slice(i, i + 500);
    const rows = await db.all<PageRow & { sha256: string }>(
      sql`SELECT sha256, page, source, engine, width, height, text, lines FROM blob_pages WHERE sha256 IN (SELECT value FROM json_each(${JSON.stringify(chunk)})) ORDER BY sha256, page`,
    );
    for (const r of rows) {
      const list = out.get(r.sha256) ?? [];
      list.push(toPage(r));
      out.set(r.sha256, list);
    }
  }
  return out;
}

function toPage(r: PageRow): PageText {
  let lines: TextLine[] = [];
  try {
    lines = JSON.parse(r.lines) as TextLine[];
  } catch {
    // A damaged row loses its boxes, not its text.
  }
  return { page: r.page, source: r.source, engine: r.engine, width: r.width, height: r.height, text: r.text, lines };
}

/** Rounded so a page's boxes stay small in the database (a pixel or a hundredth of a point is enough). */
function compactLines(lines: TextLine[]): string {
  return JSON.stringify(
    lines.map((l) => ({ text: l.text, box: l.box.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]), score: Math.round(l.score * 1000) / 1000 })),
  );
}

/**
 * Keeps what was read from an original: its pages replace those kept before, blobs.text (what the
 * search index holds) becomes the pages' text, and the state is set. `signed` is the number of
 * signed rows when the original is a sign-in sheet.
 */
export async function savePages(tx: Queryable, sha256: string, state: TextState, pages: PageText[], opts: { signed?: number | null; error?: string | null } = {}): Promise<void> {
  await tx.run(sql`DELETE FROM blob_pages WHERE sha256 = ${sha256}`);
  for (const p of pages) {
    await tx.run(sql`INSERT INTO blob_pages (sha256, page, source, engine, width, height, text, lines)
      VALUES (${sha256}, ${p.page}, ${p.source}, ${p.engine}, ${p.width}, ${p.height}, ${p.text}, ${compactLines(p.lines)})`);
  }
  const text = pages.map((p) => p.text).filter(Boolean).join('\n');
  await tx.run(sql`UPDATE blobs SET text_state = ${state}, text_error = ${opts.error ?? null}, signed_rows = ${opts.signed ?? null},
    text = CASE WHEN ${pages.length} > 0 THEN ${text} ELSE text END WHERE sha256 = ${sha256}`);
}
