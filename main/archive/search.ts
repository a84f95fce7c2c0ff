// Full-text search that works for Chinese. FTS5's trigram tokenizer indexes every three-character
// substring, so any query of three or more characters is an index look-up; one- and two-character
// queries (常见: 会议, 培训) cannot use trigrams and fall back to a substring scan of the same table.
import { sql, type Queryable } from './db';
import { chineseDate, normalizeWidth } from '../../shared/names';

interface IndexRow {
  text: string;
  field: string;
  file_id: number | null;
}

/**
 * Rebuilds the search rows of one item from its current metadata, captions and file text. `fresh`
 * for an item just inserted: it has no rows yet, and item_id is an UNINDEXED column, so the DELETE
 * would scan the whole table — once per item, which made importing N items take N² time.
 */
export async function reindexItem(tx: Queryable, itemId: number, opts: { fresh?: boolean } = {}): Promise<void> {
  if (!opts.fresh) await tx.run(sql`DELETE FROM search WHERE item_id = ${itemId}`);
  const item = await tx.get<Record<string, string | null>>(
    sql`SELECT title, date, location, responsible, doc_number, description, department FROM items WHERE id = ${itemId}`,
  );
  if (!item) return;
  // Dates are findable as written in either form: 2023-03-08 and 2023年3月8日.
  const dates = item.date ? [item.date, chineseDate(item.date), item.date.replace(/-/g, '')] : [];
  const rows: IndexRow[] = [
    { field: 'item', file_id: null, text: joinText([item.title, ...dates, item.doc_number, item.responsible, item.location, item.department, item.description]) },
  ];
  const files = await tx.all<Record<string, string | number | null>>(sql`SELECT f.id, f.name, f.caption_title, f.caption_time,
      f.caption_place, f.caption_people, f.caption_subject, f.caption_photographer, b.text
    FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.item_id = ${itemId}`);
  for (const f of files) {
    const id = f.id as number;
    rows.push({
      field: 'caption',
      file_id: id,
      text: joinText([f.name, f.caption_title, f.caption_time, f.caption_place, f.caption_people, f.caption_subject, f.caption_photographer]),
    });
    if (f.text) rows.push({ field: 'text', file_id: id, text: String(f.text) });
  }
  for (const r of rows) {
    if (r.text) await tx.run(sql`INSERT INTO search (text, item_id, file_id, field) VALUES (${r.text}, ${itemId}, ${r.file_id}, ${r.field})`);
  }
}

function joinText(parts: (string | number | null | undefined)[]): string {
  return parts.filter((p) => p != null && String(p).trim() !== '').join('\n');
}

export interface SearchHit {
  itemId: number;
  /** Where it matched: item metadata, a file's name/caption, or a file's text. */
  field: 'item' | 'caption' | 'text';
  fileId: number | null;
  snippet: string;
}

/** Quoted as one FTS5 string, so that operators in what the clerk typed are taken literally. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Items matching every whitespace-separated term (AND), best field first, at most `limit` items.
 * Trashed items are left out.
 */
export async function searchItems(db: Queryable, query: string, limit = 200): Promise<SearchHit[]> {
  const terms = normalizeWidth(query).split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  let candidates: Map<number, SearchHit> | null = null;
  for (const term of terms) {
    // trigram matching ignores ASCII case; the short-query scan does the same.
    const match = [...term].length >= 3 ? sql`search MATCH ${ftsPhrase(term)}` : sql`instr(lower(search.text), lower(${term})) > 0`;
    const rows = await db.all<{ item_id: number; file_id: number | null; field: SearchHit['field']; snippet: string; before: number; after: number }>(sql`
      SELECT search.item_id, search.file_id, search.field,
        substr(search.text, max(instr(lower(search.text), lower(${term})) - 24, 1), 72) AS snippet,
        instr(lower(search.text), lower(${term})) > 25 AS before,
        length(search.text) > max(instr(lower(search.text), lower(${term})) - 24, 1) + 71 AS after
      FROM search JOIN items i ON i.id = search.item_id
      WHERE ${match} AND i.deleted_at IS NULL
      ORDER BY CASE search.field WHEN 'item' THEN 0 WHEN 'caption' THEN 1 ELSE 2 END, search.item_id
      LIMIT 20000`);
    const found = new Map<number, SearchHit>();
    for (const r of rows) {
      if (candidates && !candidates.has(r.item_id)) continue;
      if (!found.has(r.item_id)) {
        found.set(r.item_id, candidates?.get(r.item_id) ?? {
          itemId: r.item_id,
          fileId: r.file_id,
          field: r.field,
          // An ellipsis where the text was cut, so "MG_0419.jpg" is not taken for the file's name.
          snippet: `${r.before ? '…' : ''}${r.snippet.replace(/\s+/g, ' ').trim()}${r.after ? '…' : ''}`,
        });
      }
    }
    candidates = found;
  }
  return [...(candidates ?? new Map<number, SearchHit>()).values()].slice(0, limit);
}
