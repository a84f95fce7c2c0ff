// Search at 10,000 items once their pages are read. Two additions beside the trigram index:
// - search_chars: the same rows with each Han character a token of its own, so one- and
//   two-character words (人名 such as 张伟, 会议) are looked up instead of found by scanning every
//   row's text; contentless (no second copy of the text), keyed by the search row's rowid.
// - search_keys: each search row's item and field, in a plain table. In the FTS table they sit
//   after the text, so reading them read every matching page's text; and item_id there is
//   UNINDEXED, so removing an item's rows scanned the whole index.
// Both are filled from the existing rows when the archive is upgraded.
import { sql, type Queryable } from '../db';
import { charTokens } from '../search-chars';

export const name = 'search-chars';
export const up = `
CREATE VIRTUAL TABLE search_chars USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE search_keys (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL,
  file_id INTEGER,
  rank INTEGER NOT NULL
);
CREATE INDEX search_keys_item ON search_keys(item_id);
INSERT INTO search_keys (id, item_id, file_id, rank)
  SELECT rowid, item_id, file_id, CASE field WHEN 'item' THEN 0 WHEN 'caption' THEN 1 ELSE 2 END FROM search;
`;

export async function after(tx: Queryable): Promise<void> {
  let last = 0;
  for (;;) {
    const rows = await tx.all<{ rowid: number; text: string }>(sql`SELECT rowid, text FROM search WHERE rowid > ${last} ORDER BY rowid LIMIT 2000`);
    if (!rows.length) return;
    for (const r of rows) await tx.run(sql`INSERT INTO search_chars (rowid, text) VALUES (${r.rowid}, ${charTokens(r.text)})`);
    last = rows[rows.length - 1].rowid;
  }
}
