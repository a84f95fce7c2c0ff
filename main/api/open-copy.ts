// Stored files are named by their SHA-256, without an extension: the system would not know which
// program opens them, and "show in folder" would show a wall of hashes. So the desktop opens a
// read-only copy under the file's own name, in a folder of the system's temporary directory
// (read-only: an edit there would not reach the archive, and the clerk should notice that).
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '../archive/store';
import type { StoredFile } from '../../shared/domain';

const UNSAFE = /[\u0000-\u001f<>:"/\\|?*]/g;

function openCopyDir(base = os.tmpdir()): string {
  return path.join(base, '创建台账-打开的文件');
}

/** The path of a copy of the stored file under its own name, made if missing. */
export async function openCopy(archiveDir: string, file: StoredFile, base?: string): Promise<string> {
  const name = file.name.replace(UNSAFE, '_').replace(/[. ]+$/, '') || `文件${file.id}`;
  const dir = path.join(openCopyDir(base), file.sha256.slice(0, 16));
  const target = path.join(dir, name);
  // A stored file replaced by a link would open whatever the link points to.
  const src = await new FileStore(archiveDir).checkedAbs(file.storePath);
  const st = await fs.stat(target).catch(() => null);
  if (st?.size === file.size) return target;
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.part`;
  await fs.copyFile(src, tmp, constants.COPYFILE_FICLONE);
  await fs.chmod(tmp, 0o444);
  await fs.rename(tmp, target);
  return target;
}
