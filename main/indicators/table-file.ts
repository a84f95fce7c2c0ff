// Reading an indicator table or template the clerk (or a web upload) named: checked by stat
// before it is opened, since opening a FIFO waits for a writer forever and /dev/zero never
// ends, and read with a cap in case what was checked is not what is read.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { basename } from 'node:path';
import { TaizhangError } from '../../shared/errors';
import { limitText, sizeText } from '../../shared/names';

/** An issued table is a few hundred rows, well under 1 MB; our templates are smaller still. */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;


function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return '文件夹';
  if (st.isFIFO()) return '管道';
  if (st.isSocket()) return '套接字';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备';
  return '特殊文件';
}

function tooLarge(name: string, size: number | null): TaizhangError {
  const has = size === null ? '' : `有 ${sizeText(size)}，`;
  return new TaizhangError('TOO_LARGE', `“${name}”${has}超过 ${limitText(MAX_TABLE_BYTES)} 的指标表上限；指标表一般不到 1 MB，请检查是否选错了文件。`);
}

/** The whole file, or a TaizhangError: BAD_TABLE for what is missing or not a file, TOO_LARGE past the cap. */
export async function readTableFile(path: string, newError: (message: string) => TaizhangError): Promise<Buffer> {
  const name = basename(path);
  const fail = (e: unknown): never => {
    const code = (e as NodeJS.ErrnoException).code;
    throw newError(code === 'ENOENT' ? `找不到文件“${path}”。` : `无法读取文件“${name}”（${code ?? String(e)}）。`);
  };
  const st = await fs.stat(path).catch(fail);
  if (!st.isFile()) throw newError(`“${name}”不是普通文件（是${kindOf(st)}），不能作为指标表导入；请选择 .xlsx 表格或 .json 模板。`);
  if (st.size > MAX_TABLE_BYTES) throw tooLarge(name, st.size);
  // O_NONBLOCK: should a FIFO have been put here since the stat, opening it does not wait.
  const h = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(fail);
  try {
    const again = await h.stat();
    if (!again.isFile()) throw newError(`“${name}”不是普通文件（是${kindOf(again)}），不能作为指标表导入；请选择 .xlsx 表格或 .json 模板。`);
    const buf = Buffer.alloc(Math.min(again.size, MAX_TABLE_BYTES) + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await h.read(buf, got, buf.length - got, got).catch(fail);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got === buf.length) {
        if (got > MAX_TABLE_BYTES) throw tooLarge(name, null);
        break; // grew since the stat, but within the cap: what was there when we looked
      }
    }
    return buf.subarray(0, got);
  } finally {
    await h.close();
  }
}

/** A table we cannot understand: the clerk's input, so the CLI exits 2 and the UI shows the message. */
export class IndicatorTableError extends TaizhangError {
  constructor(message: string, code: 'BAD_TABLE' | 'TOO_LARGE' = 'BAD_TABLE') {
    super(code, message);
    this.name = 'IndicatorTableError';
  }
}
