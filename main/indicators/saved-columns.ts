// The column roles a clerk set for a table are kept with the campaign: next year's revised table
// with the same headers reads the same way without being set again.
import { sql, type Queryable } from '../archive/db';
import { COLUMN_ROLES, type ColumnRole } from '../../shared/indicator-types';

const KEY = 'indicatorColumns';

export interface SavedColumns {
  columns: Record<string, ColumnRole>;
  /** Header text by column letter when the roles were set: they apply only to a table that still has them. */
  headers: Record<string, string>;
}

export async function loadSavedColumns(q: Queryable): Promise<SavedColumns | null> {
  const row = await q.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${KEY}`);
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as SavedColumns;
    const ok = (COLUMN_ROLES as readonly string[]);
    if (!v || typeof v.columns !== 'object' || typeof v.headers !== 'object') return null;
    if (!Object.values(v.columns).every((r) => ok.includes(r))) return null;
    return v;
  } catch {
    return null; // a damaged setting is a forgotten choice, not a failed import
  }
}

export async function saveColumns(q: Queryable, saved: SavedColumns): Promise<void> {
  const value = JSON.stringify(saved);
  await q.run(sql`INSERT INTO settings (key, value) VALUES (${KEY}, ${value}) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
}

/** Whether the saved roles were set for a table with these headers (by letter). */
export function sameHeaders(saved: SavedColumns, headers: Record<string, string>): boolean {
  const keys = Object.keys(saved.headers);
  return keys.length > 0 && keys.every((k) => (headers[k] ?? '') === saved.headers[k]);
}
