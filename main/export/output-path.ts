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
import { removeLeftovers, shownFolder, tempBeside } from './leftovers';

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
