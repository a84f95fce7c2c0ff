// Where an export may be written: into an existing folder the user can write to, and never
// inside an archive folder (its files/ are the untouched originals). Checked before any work
// starts, so a mistake costs seconds, not a two-minute export that then fails.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../archive/archive';
import { throwIfCancelled } from '../jobs/cancel';
import { writeErrorFor } from '../archive/io-errors';
import { TaizhangError } from '../../shared/errors';
import { sql } from '../archive/db';
import { removeLeftovers, shownFolder, tempBeside } from './leftovers';
import { assertMode } from '../collect/mode';

export async function checkOutputPath(archive: Archive, outFile: string, opts: { createFolder?: boolean } = {}): Promise<string> {
  const out = path.resolve(outFile);
  const real = async (p: string) => fs.realpath(p).catch(() => p);
  const archiveDir = await real(path.resolve(archive.dir));
  const folder = path.dirname(out);
  const within = (p: string) => p === archiveDir || p.startsWith(archiveDir + path.sep);
  if (within(out) || within(await real(folder))) {
    throw new TaizhangError('BAD_INPUT', `导出的文件不能放在档案文件夹（${archive.dir}）里面，请换一个位置，例如桌面或 U 盘。`);
  }
  const st = await fs.stat(folder).catch(() => null);
  if (!st && opts.createFolder) return out;
  if (!st) throw new TaizhangError('BAD_INPUT', `文件夹 ${folder} 不存在，请先建好它或换一个位置。`);
  if (!st.isDirectory()) throw new TaizhangError('BAD_INPUT', `${folder} 不是文件夹，请换一个位置。`);
  try {
    await fs.access(folder, constants.W_OK);
  } catch {
    throw new TaizhangError('BAD_INPUT', `没有权限写入文件夹 ${folder}，请换一个位置。`);
  }
  const existing = await fs.stat(out).catch(() => null);
  if (existing?.isDirectory() && !opts.createFolder) throw new TaizhangError('BAD_INPUT', `${out} 是一个文件夹，请给出文件名。`);
  // The folder is about to be written: what our killed exports left there goes first.
  await removeLeftovers(folder);
  return out;
}

/**
 * Writes a finished export beside its target under a temporary name and renames it at the end:
 * a cancelled or failed export leaves the previous file as it was and no part file behind.
 */
export async function writeAtomically(out: string, data: Uint8Array, signal?: AbortSignal): Promise<void> {
  const tmp = tempBeside(out, 'part');
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    throwIfCancelled(signal);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw exportWriteError(e, out);
  }
}

/** A failed write of an export as the clerk's line (full disk, read-only medium …) naming the folder. */
export function exportWriteError(e: unknown, out: string): unknown {
  return writeErrorFor(e, shownFolder(out)) ?? e;
}

// ---- whose file is it -----------------------------------------------------------------------
// An export may replace a file only when the clerk means it to. Each export folder keeps a small
// record of the exports written into it: which archive wrote which file, and its size and time
// then. The record lives in the folder, not in the archive, because an export only reads the
// archive (it runs beside another writer, and from a read-only disc) and because the archive that
// finds a file there must be able to name the other archive that wrote it.

/** The record's name in an export folder: hidden where dot files are, and plainly ours where they are not. */
export const EXPORT_RECORD = '.创建台账导出记录.json';

export type ExportKindName = 'pdf' | 'xlsx' | 'package' | 'boxes';
const EXPORT_WHAT: Record<ExportKindName, string> = { pdf: '导出台账 PDF', xlsx: '导出 Excel 台账', package: '导出迎检材料包', boxes: '导出档案盒材料' };

interface RecordEntry {
  /** The archive's identity: its campaign row's creation time, the same in every copy of it. */
  archiveId: string;
  archiveName: string;
  archiveDir: string;
  kind: ExportKindName;
  size: number;
  mtimeMs: number;
  /** When it was written (ISO). */
  at: string;
}
type ExportRecord = Record<string, RecordEntry>;

export interface ArchiveIdentity {
  id: string;
  name: string;
  dir: string;
}

export async function archiveIdentity(archive: Archive): Promise<ArchiveIdentity> {
  const r = await archive.db.get<{ name: string; created_at: string }>(sql`SELECT name, created_at FROM campaign WHERE id = 1`);
  return { id: r?.created_at ?? archive.dir, name: r?.name ?? path.basename(archive.dir), dir: archive.dir };
}

async function readRecord(folder: string): Promise<ExportRecord> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(path.join(folder, EXPORT_RECORD), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ExportRecord) : {};
  } catch {
    return {};
  }
}

/** Whose the file at `out` is, when there is one: what the replace rules and the question need. */
export type Occupant =
  | { who: 'own' }
  | { who: 'other'; archiveName: string; archiveDir: string }
  /** Written by an export (this archive's or another's) and changed since. */
  | { who: 'changed'; archiveName: string; own: boolean }
  | { who: 'stranger' };

export async function occupantOf(me: ArchiveIdentity, out: string): Promise<Occupant | null> {
  const st = await fs.stat(out).catch(() => null);
  // A folder package goes only into a new or empty folder: the package export refuses the rest.
  if (!st || st.isDirectory()) return null;
  const e = (await readRecord(path.dirname(out)))[path.basename(out)];
  if (!e || typeof e.archiveId !== 'string') return { who: 'stranger' };
  const own = e.archiveId === me.id;
  // Copied files keep their size but may not keep their time to the millisecond: a second is enough.
  if (e.size !== st.size || Math.abs(e.mtimeMs - st.mtimeMs) >= 1000) return { who: 'changed', archiveName: String(e.archiveName ?? ''), own };
  return own ? { who: 'own' } : { who: 'other', archiveName: String(e.archiveName ?? ''), archiveDir: String(e.archiveDir ?? '') };
}

/**
 * What may be replaced without asking: 'ask' (the interface, which asks about any existing file),
 * 'own' (the command line: this archive's own earlier export, unchanged, is replaced silently,
 * as scripts re-run exports) or 'any' (the clerk said so: 覆盖 / --overwrite).
 */
export type ReplacePolicy = 'ask' | 'own' | 'any';

/** The sentence that says whose file would be replaced. */
export function occupantText(o: Occupant, out: string): string {
  const name = path.basename(out);
  switch (o.who) {
    case 'own':
      return `${name} 是本档案上次导出的，将被替换。`;
    case 'other':
      return `这个文件夹里已有另一个档案（${o.archiveName || o.archiveDir}）导出的 ${name}，替换后那个档案的导出将不复存在。`;
    case 'changed':
      return o.own
        ? `${name} 是本档案上次导出的，但导出后被修改过，替换会丢掉这些修改。`
        : `${name} 是另一个档案（${o.archiveName}）导出的，并且导出后被修改过。`;
    case 'stranger':
      return `这个文件夹里已有 ${name}，它不是本档案导出的。`;
  }
}

/**
 * Refuses (EXISTS) to write over a file the policy does not let go, saying whose it is and how to
 * go on. Checked before the work starts; the export itself still writes a part and renames it at
 * the end, so the old file stays whole until the new one is complete.
 */
export async function claimOutput(me: ArchiveIdentity, out: string, policy: ReplacePolicy): Promise<void> {
  if (policy === 'any') return;
  const o = await occupantOf(me, out);
  if (!o || (o.who === 'own' && policy === 'own')) return;
  const how = policy === 'own' ? '如要替换，请加 --overwrite；或换一个文件名。' : '要替换它吗？';
  throw new TaizhangError('EXISTS', `${occupantText(o, out)}${how}`);
}

/** Notes that this archive wrote `out` (as it is now); never fails the finished export. */
export async function recordExport(me: ArchiveIdentity, out: string, kind: ExportKindName): Promise<void> {
  try {
    const st = await fs.stat(out);
    if (st.isDirectory()) return;
    const folder = path.dirname(out);
    const record = await readRecord(folder);
    record[path.basename(out)] = { archiveId: me.id, archiveName: me.name, archiveDir: me.dir, kind, size: st.size, mtimeMs: st.mtimeMs, at: new Date().toISOString() };
    // Files gone from the folder leave the record with them.
    for (const name of Object.keys(record)) {
      if (!(await fs.stat(path.join(folder, name)).then((s) => s.isFile(), () => false))) delete record[name];
    }
    await writeAtomically(path.join(folder, EXPORT_RECORD), new TextEncoder().encode(JSON.stringify(record, null, 2)));
  } catch {
    // Without the record the next export over this file asks first: the safe side.
  }
}

/** Checks `out` against the policy, runs the export, and records the file it wrote. */
export async function guardedExport<R>(archive: Archive, out: string, kind: ExportKindName, policy: ReplacePolicy, run: () => Promise<R>): Promise<R> {
  // A department's archive (填报模式) holds a part of the evidence: its dossier would pose as the whole.
  await assertMode(archive, 'office', EXPORT_WHAT[kind]);
  const me = await archiveIdentity(archive);
  await claimOutput(me, path.resolve(out), policy);
  const r = await run();
  await recordExport(me, path.resolve(out), kind);
  return r;
}
