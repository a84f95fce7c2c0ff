// SQLite bounds the parameters of one statement, and a clerk's selection may hold 10,000 items:
// every query over a list of ids or hashes goes through these, a bounded slice at a time.
import { sql, sqlList, type Queryable, type Sql, type SqlValue } from './db';
import { dropSearchRows, reindexItem } from './search';

const CHUNK = 500;

/** The rows of `query` over every slice of `values` (query gets the slice as an IN list). */
export async function allIn<T>(tx: Queryable, values: SqlValue[], query: (list: Sql) => Sql): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await tx.all<T>(query(sqlList(values.slice(i, i + CHUNK))))));
  return out;
}

/** Runs `statement` over every slice of `values`. */
export async function runIn(tx: Queryable, values: SqlValue[], statement: (list: Sql) => Sql): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await tx.run(statement(sqlList(values.slice(i, i + CHUNK))));
}

/** Rebuilds the search rows of many items: their rows go a slice at a time, then each item is indexed afresh. */
export async function reindexItems(tx: Queryable, itemIds: number[]): Promise<void> {
  await dropSearchRows(tx, itemIds);
  for (const id of itemIds) await reindexItem(tx, id, { fresh: true });
}
