// The temporary names our exports write under, beside their target, and what a killed export
// leaves of them. Every export names its part (a file, or a folder for a folder package) and its
// work folder here, so that the next export into the same folder — and verify — can tell our
// leftovers from the clerk's own files by the name alone.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pidAlive } from '../archive/write-lock';

/** ".<target name>.<pid>.<hex>.part|work"; older versions wrote the dossier's without the hex. */
const TEMP_NAME = /^\.(.+)\.(\d+)(?:\.[0-9a-f]{6,8})?\.(part|work)$/;

/**
 * A part left untouched this long by a process no longer running here is not being written. Not
 * zero: the pid of an export running on another computer into a shared folder means nothing here.
 */
const QUIET_MS = 30_000;
/** Past this, even a part whose pid is alive is a leftover: the pid was reused, or it came from another computer. */
const ABANDONED_MS = 24 * 3600_000;

export interface Leftover {
  path: string;
  /** Bytes, folders counted with everything in them. */
  size: number;
  /** The process that wrote it. */
  pid: number;
  /** Last written (the newest entry, for a folder). */
  modified: Date;
  /** Safe to remove: its writer is gone, or it was abandoned long ago. */
  stale: boolean;
}

/** A fresh temporary path beside `out` for one export run. */
export function tempBeside(out: string, kind: 'part' | 'work'): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.${kind}`);
}

/**
 * The folder to name to the clerk for a write into `out`: a dossier written into a package's
 * work folder is reported under the folder the clerk chose, not under our temporary name.
 */
export function shownFolder(out: string): string {
  let dir = path.dirname(out);
  while (TEMP_NAME.test(path.basename(dir))) dir = path.dirname(dir);
  return dir;
}

/** Size and newest modification of a file or folder, without following links. */
async function measure(p: string): Promise<{ size: number; newest: number }> {
  const st = await fs.lstat(p);
  if (!st.isDirectory()) return { size: st.size, newest: st.mtimeMs };
  let size = 0;
  let newest = st.mtimeMs;
  const entries = await fs.readdir(p, { recursive: true }).catch(() => [] as string[]);
  for (const e of entries) {
    const s = await fs.lstat(path.join(p, e)).catch(() => null);
    if (!s) continue;
    if (s.isFile()) size += s.size;
    newest = Math.max(newest, s.mtimeMs);
  }
  return { size, newest };
}

/** Our exports' temporary files and folders in `folder`, stale or still being written. */
export async function listLeftovers(folder: string, now = Date.now()): Promise<Leftover[]> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const out: Leftover[] = [];
  for (const name of names.sort()) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    const p = path.join(folder, name);
    const st = await fs.lstat(p).catch(() => null);
    // A link under our name was not made by us: never followed, never removed.
    if (!st || !(st.isFile() || st.isDirectory())) continue;
    const { size, newest } = await measure(p).catch(() => ({ size: st.size, newest: st.mtimeMs }));
    const age = now - newest;
    const ours = pid === process.pid;
    const stale = age >= ABANDONED_MS || (!ours && pid > 0 && !pidAlive(pid) && age >= QUIET_MS);
    out.push({ path: p, size, pid, modified: new Date(newest), stale });
  }
  return out;
}

/**
 * Removes the stale leftovers of our killed exports from `folder` before a new export writes
 * there. Never fails the export: what cannot be removed stays for verify to report.
 */
export async function removeLeftovers(folder: string): Promise<Leftover[]> {
  const removed: Leftover[] = [];
  for (const l of await listLeftovers(folder).catch(() => [] as Leftover[])) {
    if (!l.stale) continue;
    const gone = await fs.rm(l.path, { recursive: true, force: true }).then(
      () => true,
      () => false,
    );
    if (gone) removed.push(l);
  }
  return removed;
}
