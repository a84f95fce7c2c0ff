// A line per filed original, appended beside the database (imports.log, JSON lines): its hash, the
// name it came with, where from and the item it went into. The database says the same; this copy
// is for the day the database is lost — a restored snapshot no longer knows what was filed after
// it, and the journal still names those files.
import fs from 'node:fs/promises';
import path from 'node:path';

export const JOURNAL_NAME = 'imports.log';

export interface JournalLine {
  sha256: string;
  name: string;
  source: string;
  item: string;
  at: string;
}

/** Appends the lines; never fails the import that wrote them (the database is the record). */
export async function journalImports(archiveDir: string, lines: Omit<JournalLine, 'at'>[]): Promise<void> {
  if (!lines.length) return;
  const at = new Date().toISOString();
  const text = lines.map((l) => JSON.stringify({ ...l, at })).join('\n') + '\n';
  await fs.appendFile(path.join(archiveDir, JOURNAL_NAME), text, 'utf8').catch(() => undefined);
}

/** Names the journal gives these hashes (a torn last line from a crash is skipped). */
export async function journalNames(archiveDir: string, shas: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!shas.size) return out;
  const text = await fs.readFile(path.join(archiveDir, JOURNAL_NAME), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let l: JournalLine;
    try {
      l = JSON.parse(line) as JournalLine;
    } catch {
      continue;
    }
    if (!shas.has(l.sha256)) continue;
    const names = out.get(l.sha256) ?? [];
    const label = l.item && l.item !== l.name ? `${l.name}（${l.item}）` : l.name;
    if (!names.includes(label)) names.push(label);
    out.set(l.sha256, names);
  }
  return out;
}
