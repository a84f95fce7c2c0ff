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

/** Where a term matches: the trigram index for three characters or more, else a substring scan. */
function termCondition(term: string) {
  if ([...term].length >= 3) return sql`search MATCH ${ftsPhrase(term)}`;
  // trigram matching ignores ASCII case; the short-query scan does the same — but lower() copies
  // every row's text, so a term with no Latin letter (张伟, 会议) is looked for as it is.
  return /[A-Za-z]/.test(term) ? sql`instr(lower(search.text), lower(${term})) > 0` : sql`instr(search.text, ${term}) > 0`;
}

const FIELD_RANK = sql`CASE search.field WHEN 'item' THEN 0 WHEN 'caption' THEN 1 ELSE 2 END`;

/**
 * Items matching every whitespace-separated term (AND), best field first, at most `limit` items.
 * Trashed items are left out. Each term is matched once, keeping one row per item (its best
 * field, through SQLite's bare column of min()); snippets are cut only for the items shown — a
 * common word matches thousands of pages of read text, and cutting them all cost more than the search.
 */
export async function searchItems(db: Queryable, query: string, limit = 200): Promise<SearchHit[]> {
  const terms = normalizeWidth(query).split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const [first, ...rest] = terms;
  const best = await db.all<{ item_id: number; rank: number; rid: number }>(sql`
    SELECT search.item_id, min(${FIELD_RANK}) AS rank, search.rowid AS rid
    FROM search JOIN items i ON i.id = search.item_id
    WHERE ${termCondition(first)} AND i.deleted_at IS NULL
    GROUP BY search.item_id`);
  const sets: Set<number>[] = [];
  for (const term of rest) {
    const rows = await db.all<{ item_id: number }>(sql`SELECT DISTINCT search.item_id FROM search WHERE ${termCondition(term)}`);
    sets.push(new Set(rows.map((r) => r.item_id)));
  }
  const shown = best
    .filter((b) => sets.every((set) => set.has(b.item_id)))
    .sort((a, b) => a.rank - b.rank || a.item_id - b.item_id)
    .slice(0, limit);
  if (!shown.length) return [];
  const rows = await db.all<{ rid: number; item_id: number; file_id: number | null; field: SearchHit['field']; snippet: string; before: number; after: number }>(sql`
    SELECT search.rowid AS rid, search.item_id, search.file_id, search.field,
      substr(search.text, max(instr(lower(search.text), lower(${first})) - 24, 1), 72) AS snippet,
      instr(lower(search.text), lower(${first})) > 25 AS before,
      length(search.text) > max(instr(lower(search.text), lower(${first})) - 24, 1) + 71 AS after
    FROM search WHERE search.rowid IN (SELECT value FROM json_each(${JSON.stringify(shown.map((b) => b.rid))}))`);
  const byRow = new Map(rows.map((r) => [r.rid, r]));
  return shown.flatMap((b) => {
    const r = byRow.get(b.rid);
    if (!r) return [];
    return [{
      itemId: r.item_id,
      fileId: r.file_id,
      field: r.field,
      // An ellipsis where the text was cut, so "MG_0419.jpg" is not taken for the file's name.
      snippet: `${r.before ? '…' : ''}${r.snippet.replace(/\s+/g, ' ').trim()}${r.after ? '…' : ''}`,
    }];
  });
}
