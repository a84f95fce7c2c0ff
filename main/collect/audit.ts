// The audit log: every write, by whom, when, through which door (OWNED BY the LAN helper, issue 15).
// api.call records each write it serves (and each it refused); the LAN door records sign-ins,
// sign-outs and failed sign-ins, which no API call makes.
import type { Archive } from '../archive/archive';
import { sql } from '../archive/db';
import type { AuditEntry } from '../../shared/collect-types';
import type { Caller } from '../api/actor';

export interface AuditRecord {
  caller: Caller;
  action: string;
  subject: string;
  ok: boolean;
  detail: string;
}

/** What a write was about, read from its arguments when the caller did not name it (an item id, a code, a name). */
function subjectOf(detail: string): string {
  try {
    const a = JSON.parse(detail) as Record<string, unknown>;
    for (const k of ['id', 'ids', 'fileId', 'fileIds', 'code', 'indicator', 'to', 'name', 'department', 'kind']) {
      const v = a[k];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      if (Array.isArray(v)) return v.length > 10 ? `${v.slice(0, 10).join(',')}…（共 ${v.length} 个）` : v.join(',');
    }
  } catch {
    /* cut short, or not arguments at all: no subject */
  }
  return '';
}

/** Records one write; never fails the call it records (a read-only archive keeps no log). */
export async function recordAudit(archive: Archive, r: AuditRecord): Promise<void> {
  if (archive.readOnly) return;
  const { actor, address } = r.caller;
  const subject = r.subject || subjectOf(r.detail);
  try {
    await archive.db.run(sql`INSERT INTO audit_log (at, user, role, department, action, subject, ok, detail, address)
      VALUES (${new Date().toISOString()}, ${actor.user}, ${actor.role}, ${actor.department ?? ''}, ${r.action}, ${subject.slice(0, 200)},
        ${r.ok}, ${r.detail.slice(0, 1000)}, ${address})`);
  } catch (e) {
    // The call has happened (or was refused) either way; a log that cannot be written is told to whoever maintains the app.
    console.error(e);
  }
}

/** A row as SQLite keeps it: ok as 0/1. */
type AuditRow = Omit<AuditEntry, 'ok'> & { ok: number };

/** Newest first; `user`: only that account's entries. */
export async function listAudit(archive: Archive, opts: { limit?: number; user?: string }): Promise<AuditEntry[]> {
  const who = opts.user != null ? sql`WHERE user = ${opts.user}` : sql``;
  const rows = await archive.db.all<AuditRow>(sql`SELECT * FROM audit_log ${who} ORDER BY id DESC LIMIT ${opts.limit ?? 200}`);
  return rows.map((r) => ({ ...r, ok: r.ok === 1 }));
}
