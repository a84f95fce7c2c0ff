// Word and Excel files are zips, and the parsers we hand them to (mammoth, exceljs) inflate
// every part they read into memory and build a tree of it, at 10–80 times the XML's size. A
// few hundred kilobytes of zip can declare — or, lying, hold — gigabytes. So before a parser
// sees the file we read the central directory and stream-inflate the parts it will read,
// counting bytes and stopping at the cap: the declared sizes are only a first, cheap check.
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ZipReader, type ZipEntry } from '../export/package/zip-reader';
import { limitText } from '../../shared/names';

export interface ZipLimits {
  /** What the clerk calls the file, in messages: "Word 文件", "指标表". */
  label: string;
  /** The file itself; it is read whole into memory by the callers. */
  maxFileBytes: number;
  maxEntries: number;
  /** All the parts the parser reads, inflated, together. */
  maxReadBytes: number;
  /** Whether the parser reads this part (images it never opens do not count). */
  reads(name: string): boolean;
  /** What the clerk can do about a file past the limits. */
  advice: string;
}

const MB = 1024 * 1024;

// mammoth held ~1.7 GB for a 20 MB document.xml of short paragraphs; 16 MB keeps a Word file
// under about a gigabyte at worst. A 300-page report is 2–5 MB of XML.
export const DOCX_LIMITS: ZipLimits = {
  label: 'Word 文件',
  maxFileBytes: 512 * MB,
  maxEntries: 10_000,
  maxReadBytes: 16 * MB,
  reads: (name) => !/^word\/(media|embeddings)\//i.test(name),
  advice: '如确是正常文档，请另存为 PDF 后再添加',
};

// exceljs reads every part; it held ~350 MB for the 28 MB of XML of a 100,000-row table.
// An issued indicator table is a few hundred rows: well under a megabyte.
export const XLSX_LIMITS: ZipLimits = {
  label: '指标表',
  maxFileBytes: 20 * MB,
  maxEntries: 10_000,
  maxReadBytes: 40 * MB,
  reads: () => true,
  advice: '请检查是否选错了文件',
};

/**
 * Why the zip must not be handed to its parser, or null when it is within the limits. `src`
 * is a path or the file's bytes. The message is one Chinese sentence without the closing 。
 * (warnings have none). A zip our reader cannot read is refused too, as damaged: the parser
 * would be reading something we could not check.
 */
export async function zipLimitProblem(src: string | Buffer, limits: ZipLimits): Promise<ZipProblem | null> {
  const tooBig = large(`${limits.label}解压后超过 ${limitText(limits.maxReadBytes)}，可能已损坏或是恶意文件，未读取其内容；${limits.advice}`);
  const size = typeof src === 'string' ? (await fs.stat(src)).size : src.length;
  if (size > limits.maxFileBytes) return large(`${limits.label}超过 ${limitText(limits.maxFileBytes)}，未读取其内容；${limits.advice}`);
  let zip: ZipSource;
  try {
    zip = typeof src === 'string' ? await fileSource(src) : bufferSource(src);
  } catch {
    return damaged(limits);
  }
  if (zip.entries.length > limits.maxEntries) {
    return large(`${limits.label}中有 ${zip.entries.length} 个部件，超过 ${limits.maxEntries} 个的上限，可能已损坏或是恶意文件，未读取其内容`);
  }
  const read = zip.entries.filter((e) => !e.isDirectory && limits.reads(e.name));
  if (read.reduce((n, e) => n + e.size, 0) > limits.maxReadBytes) return tooBig;
  let budget = limits.maxReadBytes;
  for (const e of read) {
    try {
      const got = await countInflated(await zip.open(e), budget);
      if (got === null) return tooBig;
      budget -= got;
    } catch {
      return damaged(limits);
    }
  }
  return null;
}

export interface ZipProblem {
  /** Past a limit (TOO_LARGE), rather than unreadable. */
  tooLarge: boolean;
  message: string;
}
const large = (message: string): ZipProblem => ({ tooLarge: true, message });
const damaged = (limits: ZipLimits): ZipProblem => ({
  tooLarge: false,
  message: `${limits.label}已损坏（压缩结构无法读取），未读取其内容；请用 Office 或 WPS 打开后重新保存`,
});

interface SourceEntry {
  name: string;
  size: number;
  isDirectory: boolean;
}
interface ZipSource {
  entries: SourceEntry[];
  open(e: SourceEntry): Promise<Readable>;
}

async function fileSource(file: string): Promise<ZipSource> {
  const reader = await ZipReader.open(file);
  return { entries: reader.entries, open: (e) => reader.openStream(e as ZipEntry) };
}

/** Bytes inflated from the stream, or null once they pass `budget` (the stream is then dropped). */
async function countInflated(stream: Readable, budget: number): Promise<number | null> {
  let n = 0;
  try {
    for await (const chunk of stream) {
      n += (chunk as Buffer).length;
      if (n > budget) return null;
    }
    return n;
  } finally {
    stream.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The same for a zip already in memory (the dossier reads a stored DOCX as bytes). Sizes past
// 32 bits (ZIP64) are far beyond every limit here, so such a zip is simply refused.

interface BufferEntry extends SourceEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function bufferSource(zip: Buffer): ZipSource {
  const entries = bufferEntries(zip);
  return {
    entries,
    async open(se) {
      const e = se as BufferEntry;
      const at = e.localHeaderOffset;
      if (zip.readUInt32LE(at) !== 0x04034b50) throw new Error('bad local header');
      const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
      const data = zip.subarray(start, start + e.compressedSize);
      const raw = Readable.from(slices(data), { objectMode: false });
      if (e.method === 0) return raw;
      if (e.method !== 8) throw new Error(`method ${e.method}`);
      const inflate = zlib.createInflateRaw();
      raw.on('error', (err) => inflate.destroy(err));
      return raw.pipe(inflate);
    },
  };
}

function* slices(data: Buffer): Generator<Buffer> {
  for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
}

function bufferEntries(zip: Buffer): BufferEntry[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64');
  const out: BufferEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const e: BufferEntry = {
      name: zip.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      isDirectory: false,
    };
    e.isDirectory = e.name.endsWith('/');
    if (flags & 0x1) throw new Error('encrypted');
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localHeaderOffset === 0xffffffff) throw new Error('zip64');
    out.push(e);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}
