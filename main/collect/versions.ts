// An item's earlier versions, replaced by corrected submissions (kept in item_versions).
import type { Archive } from '../archive/archive';
import type { Item } from '../../shared/domain';
import { sql } from '../archive/db';

export async function itemVersions(a: Archive, id: number): Promise<{ version: number; replacedAt: string; item: Item }[]> {
  const rows = await a.db.all<{ version: number; replaced_at: string; snapshot: string }>(
    sql`SELECT version, replaced_at, snapshot FROM item_versions WHERE item_id = ${id} ORDER BY version DESC`,
  );
  return rows.map((r) => ({ version: r.version, replacedAt: r.replaced_at, item: JSON.parse(r.snapshot) as Item }));
}
