// A file's role and its place among the item's files: the order is the order they print in.
import { sql, type Queryable } from '../archive/db';
import type { FileRole } from '../../shared/domain';

export async function setFileRole(tx: Queryable, fileId: number, role: FileRole): Promise<void> {
  await tx.run(sql`UPDATE files SET role = ${role} WHERE id = ${fileId}`);
}

/** Moves the file to `position` (0-based) among its item's files and renumbers them 0…n-1. */
export async function moveFile(tx: Queryable, itemId: number, fileId: number, position: number): Promise<void> {
  const rows = await tx.all<{ id: number }>(sql`SELECT id FROM files WHERE item_id = ${itemId} ORDER BY position, id`);
  const ids = rows.map((r) => r.id).filter((id) => id !== fileId);
  ids.splice(Math.min(position, ids.length), 0, fileId);
  for (const [i, id] of ids.entries()) await tx.run(sql`UPDATE files SET position = ${i} WHERE id = ${id}`);
}
