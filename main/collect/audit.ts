// The audit log: every write, by whom, when, through which door (OWNED BY the LAN helper, issue 15).
import type { Archive } from '../archive/archive';
import type { AuditEntry } from '../../shared/collect-types';
import type { Caller } from '../api/actor';

export interface AuditRecord {
  caller: Caller;
  action: string;
  subject: string;
  ok: boolean;
  detail: string;
}

/** Records one write; never fails the call it records (a read-only archive keeps no log). */
export async function recordAudit(_archive: Archive, _r: AuditRecord): Promise<void> {}

export async function listAudit(_archive: Archive, _opts: { limit?: number; user?: string }): Promise<AuditEntry[]> {
  return [];
}
