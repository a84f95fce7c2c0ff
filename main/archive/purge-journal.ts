// A line per stored original deleted by 彻底删除 (purged.log beside the database, JSON lines): its
// hash, the names it was filed under, when. Snapshots are whole copies of the database: one taken
// before the purge still lists these files. After a restore of such a snapshot, verify and restore
// read this journal to say the file was purged on purpose, not lost, instead of only "missing".
import fs from 'node:fs/promises';
import path from 'node:path';

export const PURGE_JOURNAL = 'purged.log';

export interface PurgeLine {
  sha256: string;
  names: string[];
  at: string;
}

/** Appends the lines; never fails the purge that wrote them (the change log is the record). */
export async function journalPurge(archiveDir: string, lines: Omit<PurgeLine, 'at'>[]): Promise<void> {
  if (!lines.length) return;
  const at = new Date().toISOString();
  const text = lines.map((l) => JSON.stringify({ ...l, at })).join('\n') + '\n';
  await fs.appendFile(path.join(archiveDir, PURGE_JOURNAL), text, 'utf8').catch(() => undefined);
}

/** What the journal says of these hashes (the last purge of each); a torn line is skipped. */
export async function purgedOf(archiveDir: string, shas: Iterable<string>): Promise<Map<string, PurgeLine>> {
  const wanted = new Set(shas);
  const out = new Map<string, PurgeLine>();
  if (!wanted.size) return out;
  const text = await fs.readFile(path.join(archiveDir, PURGE_JOURNAL), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const l = JSON.parse(line) as PurgeLine;
      if (wanted.has(l.sha256)) out.set(l.sha256, { sha256: l.sha256, names: Array.isArray(l.names) ? l.names.map(String) : [], at: String(l.at) });
    } catch {
      continue;
    }
  }
  return out;
}
