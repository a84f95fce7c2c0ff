// What a directory entry in a clerk's folder is, told from its name bytes and lstat/stat alone:
// nothing here opens a file, so a pipe cannot hang the import and a device is never read.
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { specialKind as anyKind } from '../archive/file-kinds';

/** A path as the system gives it: a string, or raw bytes where the name is not UTF-8. */
export type RawPath = string | Buffer;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const GB18030 = new TextDecoder('gb18030');

/**
 * A name as the clerk should see it. Zips made on Chinese Windows and unpacked on Linux keep GBK
 * bytes, which are not UTF-8; read as UTF-8 they would be mojibake, and as a string path they would
 * not even open, so the raw bytes stay the path and GB18030 (a superset of GBK) gives the title.
 */
export function decodeName(raw: Buffer): { name: string; gbk: boolean } {
  try {
    return { name: UTF8.decode(raw), gbk: false };
  } catch {
    return { name: GB18030.decode(raw), gbk: true };
  }
}

/** dir + name, kept a string while every byte of it is UTF-8 (so a string round-trips to the same bytes). */
export function childPath(dir: RawPath, raw: Buffer, gbk: boolean): RawPath {
  if (typeof dir === 'string' && !gbk) return path.join(dir, raw.toString('utf8'));
  return Buffer.concat([Buffer.from(dir), Buffer.from(path.sep), raw]);
}

export function joinName(dir: RawPath, name: string): RawPath {
  return typeof dir === 'string' ? path.join(dir, name) : Buffer.concat([dir, Buffer.from(path.sep + name)]);
}

/** Real path as bytes, so that folders with GBK names compare like any other. */
export async function realBytes(p: RawPath): Promise<Buffer> {
  return fs.realpath(p, { encoding: 'buffer' });
}

export function isWithin(real: Buffer, root: Buffer): boolean {
  if (real.equals(root)) return true;
  const prefix = root[root.length - 1] === path.sep.charCodeAt(0) ? root : Buffer.concat([root, Buffer.from(path.sep)]);
  return real.length > prefix.length && real.subarray(0, prefix.length).equals(prefix);
}

/** Pipes, sockets and devices: opening one waits forever or reads without end. */
export function specialKind(st: Stats): string | null {
  return st.isFile() || st.isDirectory() ? null : anyKind(st);
}

export function specialReason(kind: string): string {
  return `这是${kind}，不是普通文件，未导入`;
}

export function outsideReason(target: Buffer): string {
  return `链接指向所选文件夹之外（${decodeName(target).name}），未导入；如确需导入，请把原文件复制到所选文件夹中`;
}

/** Why an entry could not be reached, from the system's own error code; `link`: while following a link. */
export function unreachableReason(e: unknown, link: boolean): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return link ? '链接失效（指向的文件已不存在），未导入；请找到原文件后直接导入' : '文件在导入过程中被移走或删除了，未导入';
    case 'ELOOP':
      return '链接循环（链接最终指回自身），未导入';
    case 'EACCES':
    case 'EPERM':
      return '没有权限读取，未导入；请检查文件的访问权限';
    case 'ENAMETOOLONG':
      return '路径太长，系统无法打开，未导入；请把它所在的文件夹移到浅一些的位置或改短文件夹名后再导入';
    case 'EIO':
      return '读取时磁盘出错，未导入；请检查 U 盘或磁盘后重试';
    default:
      return `无法访问（${code ?? String(e)}），未导入`;
  }
}
