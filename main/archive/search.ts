// Full-text search that works for Chinese. FTS5's trigram tokenizer indexes every three-character
// substring, so any query of three or more characters is an index look-up; one- and two-character
// Han words (人名 such as 张伟, 会议) are phrases of the character index (search_chars, each Han
// character a token); other short terms (a Latin "QQ") fall back to a substring scan. Each search
// row's item and field are kept in search_keys (migration 006), so matching never reads the text
// of the rows it does not show.
import { sql, sqlList, type Queryable } from './db';
import { chineseDate, normalizeWidth } from '../../shared/names';
import { charTokens, isHanTerm } from './search-chars';

interface IndexRow {
  text: string;
  field: string;
  file_id: number | null;
}

const RANK: Record<SearchHit['field'], number> = { item: 0, caption: 1, text: 2 };

/** Rebuilds the search rows of one item from its current metadata, captions and file text. `fresh`: an item just inserted, with no rows yet. */
export async function reindexItem(tx: Queryable, itemId: number, opts: { fresh?: boolean } = {}): Promise<void> {
  if (!opts.fresh) await dropSearchRows(tx, [itemId]);
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
    if (f.text) rows.push({ field: 'text', file_id: id, text: joinWrapped(String(f.text)) });
  }
  for (const r of rows) {
    if (!r.text) continue;
    const { lastID } = await tx.run(sql`INSERT INTO search (text, item_id, file_id, field) VALUES (${r.text}, ${itemId}, ${r.file_id}, ${r.field})`);
    await tx.run(sql`INSERT INTO search_chars (rowid, text) VALUES (${lastID}, ${charTokens(r.text)})`);
    await tx.run(sql`INSERT INTO search_keys (id, item_id, file_id, rank) VALUES (${lastID}, ${itemId}, ${r.file_id}, ${RANK[r.field as SearchHit['field']]})`);
  }
}

/** Removes the search rows of these items from the three tables (found by search_keys' index on item_id). */
export async function dropSearchRows(tx: Queryable, itemIds: number[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 500) {
    const items = sqlList(itemIds.slice(i, i + 500));
    const rows = sql`SELECT id FROM search_keys WHERE item_id IN (${items})`;
    await tx.run(sql`DELETE FROM search_chars WHERE rowid IN (${rows})`);
    await tx.run(sql`DELETE FROM search WHERE rowid IN (${rows})`);
    await tx.run(sql`DELETE FROM search_keys WHERE item_id IN (${items})`);
  }
}

/**
 * A document's text as the index keeps it: a line break between two Han characters is dropped,
 * and a gap beside a lone Han character, so a phrase wrapped at the end of a printed line
 * (安全目标责任\n书) or spaced by the recogniser (责任 书, 张 伟) is found whole; the gaps between
 * a sheet's cells (县科协 干事 张伟) and Latin words keep their spaces.
 */
export function joinWrapped(text: string): string {
  return text
    .replace(/(?<=\p{Script=Han})[ \t\u3000]*\n[ \t\u3000]*(?=\p{Script=Han})/gu, '')
    .replace(/(?<=\p{Script=Han})[ \t\u3000]+(?=\p{Script=Han}(?:[^\p{Script=Han}]|$))/gu, '')
    .replace(/(?<=(?:^|[^\p{Script=Han}])\p{Script=Han})[ \t\u3000]+(?=\p{Script=Han})/gu, '');
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

/** The rowids of the search rows a term matches, as typed or in half width (（改） and (改), ＡＢＣ and ABC). */
function matching(term: string) {
  const half = normalizeWidth(term);
  return half === term ? matchingAsIs(term) : sql`${matchingAsIs(term)} UNION ${matchingAsIs(half)}`;
}

function matchingAsIs(term: string) {
  if ([...term].length >= 3) return sql`SELECT rowid FROM search WHERE search MATCH ${ftsPhrase(term)}`;
  // 张伟 is the phrase "张 伟" of the character index.
  if (isHanTerm(term)) return sql`SELECT rowid FROM search_chars WHERE search_chars MATCH ${ftsPhrase(charTokens(term).trim().replace(/\s+/g, ' '))}`;
  // The trigram index ignores ASCII case; the short-term scan does the same.
  return sql`SELECT rowid FROM search WHERE instr(lower(search.text), lower(${term})) > 0`;
}

/**
 * Items matching every whitespace-separated term (AND), best field first, at most `limit` items.
 * Trashed items are left out. The matching, the AND and the order are one query over
 * search_keys, which answers only the items shown (a common word matches every item, and reading
 * ten thousand rows into JavaScript cost more than the search); snippets are cut for those alone.
 */
export async function searchItems(db: Queryable, query: string, limit = 200): Promise<SearchHit[]> {
  const terms = query.replace(/[\u3000\u00A0\s]+/g, ' ').split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const [first, ...rest] = terms;
  const also = rest.map((t) => sql` AND k.item_id IN (SELECT item_id FROM search_keys WHERE id IN (${matching(t)}))`);
  const andAlso = also.reduce((acc, part) => sql`${acc}${part}`, sql``);
  // SQLite's bare column of min(): rid is the row holding the item's best field.
  const shown = await db.all<{ item_id: number; rank: number; rid: number }>(sql`
    SELECT k.item_id, min(k.rank) AS rank, k.id AS rid
    FROM search_keys k JOIN items i ON i.id = k.item_id
    WHERE k.id IN (${matching(first)}) AND i.deleted_at IS NULL${andAlso}
    GROUP BY k.item_id ORDER BY rank, k.item_id LIMIT ${limit}`);
  if (!shown.length) return [];
  const rows = await db.all<{ rid: number; item_id: number; file_id: number | null; field: SearchHit['field']; snippet: string; before: number; after: number }>(sql`
    SELECT search.rowid AS rid, search.item_id, search.file_id, search.field,
      substr(search.text, max(instr(lower(search.text), lower(${first})) - 24, 1), 72) AS snippet,
      instr(lower(search.text), lower(${first})) > 25 AS before,
      length(search.text) > max(instr(lower(search.text), lower(${first})) - 24, 1) + 71 AS after
    FROM search WHERE search.rowid IN (${sqlList(shown.map((b) => b.rid))})`);
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
