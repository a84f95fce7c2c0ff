// The archive's change log (migration 003): one row per change a person made, written in the
// same transaction as the change, so the log never claims what did not happen nor misses what did.
// Who: the name the door passes (the app, `taizhang CLI`); with departments on a LAN server it
// will be the signed-in user.
import { sql, type Queryable } from './db';

export const DEFAULT_ACTOR = '创建台账';

export interface ChangeEntry {
  actor: string;
  /** What was done, e.g. indicator.add, indicator.undo, indicator.import. */
  action: string;
  /** What it was done to, e.g. an indicator's code. */
  subject: string;
  /** Before/after and a Chinese `message` for the clerk; stored as JSON. */
  detail: Record<string, unknown>;
}

export interface ChangeRow extends ChangeEntry {
  id: number;
  at: string;
}

/** Appends one row; returns its id. Run inside the transaction that makes the change. */
export async function logChange(tx: Queryable, e: ChangeEntry): Promise<number> {
  const r = await tx.run(sql`INSERT INTO change_log (at, actor, action, subject, detail)
    VALUES (${new Date().toISOString()}, ${e.actor || DEFAULT_ACTOR}, ${e.action}, ${e.subject}, ${JSON.stringify(e.detail)})`);
  return r.lastID;
}

/** Newest first. */
export async function listChanges(q: Queryable, opts: { limit?: number; actionPrefix?: string } = {}): Promise<ChangeRow[]> {
  const prefix = opts.actionPrefix ?? '';
  const rows = await q.all<{ id: number; at: string; actor: string; action: string; subject: string; detail: string }>(
    sql`SELECT * FROM change_log WHERE substr(action, 1, ${prefix.length}) = ${prefix} ORDER BY id DESC LIMIT ${opts.limit ?? 100}`,
  );
  return rows.map((r) => ({ ...r, detail: parseDetail(r.detail) }));
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    // A row written by hand or by a damaged copy still lists; its detail is shown as it is.
    return { text };
  }
}
