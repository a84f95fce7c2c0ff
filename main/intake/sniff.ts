// What a file really is, from its first bytes (and, for containers, their directories): clerks
// rename files freely, WeChat strips extensions, and a "照片.pdf" may well be a JPEG. Reads at
// most a few hundred KB however large the file is, so a 2 GB video costs nothing.
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FileType } from '../../shared/domain';

const HEAD = 64 * 1024;
/** Cap on a ZIP central directory or OLE directory we are willing to read. */
const DIR_LIMIT = 1024 * 1024;

export interface Sniffed {
  type: FileType;
  mime: string;
}

export const MIME: Record<FileType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  ole: 'application/x-ole-storage',
  wps: 'application/kswps',
  et: 'application/kset',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  text: 'text/plain',
  unknown: 'application/octet-stream',
};

/** Sub-kinds that FileType does not name but callers may want to tell apart (see probe.ts). */
export const MIME_OFD = 'application/ofd';
export const MIME_ENCRYPTED_OFFICE = 'application/x-ms-encrypted-package';
export const MIME_DPS = 'application/ksdps';

const is = (type: FileType, mime = MIME[type]): Sniffed => ({ type, mime });

export async function sniffType(absPath: string, name: string): Promise<Sniffed> {
  const { type, mime } = await sniffWithHead(absPath, name);
  return { type, mime };
}

/**
 * The type, with the file's size and first 64 KB: a photo's EXIF and header are in them, so the
 * probe reads them from here instead of opening the file twice more.
 */
export async function sniffWithHead(absPath: string, name: string): Promise<Sniffed & { size: number; head: Buffer }> {
  const fh = await open(absPath, 'r');
  try {
    const { size } = await fh.stat();
    const head = await readAt(fh, 0, Math.min(HEAD, size));
    return { ...((await sniffContainer(fh, size, head, name)) ?? sniffHead(head, name)), size, head };
  } finally {
    await fh.close();
  }
}

async function sniffContainer(fh: FileHandle, size: number, b: Buffer, name: string): Promise<Sniffed | null> {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    return classifyZip(await zipEntryNames(fh, size, b), name);
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return classifyOle(await oleStreamNames(fh, size, b), name);
  }
  return null;
}

function sniffHead(b: Buffer, name: string): Sniffed {
  const ascii = (at: number, s: string) => b.length >= at + s.length && b.toString('latin1', at, at + s.length) === s;
  const ext = extname(name).toLowerCase();
  if (b.length === 0) return is('unknown');

  if (startsWith(b, [0xff, 0xd8, 0xff])) return is('jpeg');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return is('png');
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return is('gif');
  if (ascii(0, 'II*\0') || ascii(0, 'MM\0*') || ascii(0, 'II+\0') || ascii(0, 'MM\0+')) return is('tiff');
  // "BM" alone starts plenty of text files; also require a known DIB header size.
  if (ascii(0, 'BM') && b.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(b.readUInt32LE(14))) return is('bmp');
  if (ascii(0, 'RIFF') && b.length >= 12) {
    const form = b.toString('latin1', 8, 12);
    if (form === 'WEBP') return is('webp');
    if (form === 'AVI ') return is('video', 'video/x-msvideo');
    if (form === 'WAVE') return is('audio', 'audio/wav');
  }
  if (ascii(4, 'ftyp')) return classifyFtyp(b);
  // QuickTime files from old cameras may start straight with a movie box, no ftyp.
  if (b.length >= 8 && ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(b.toString('latin1', 4, 8))) {
    return is('video', 'video/quicktime');
  }
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    return b.subarray(0, 64).includes('webm') ? is('video', 'video/webm') : is('video', 'video/x-matroska');
  }
  if (ascii(0, 'FLV\x01')) return is('video', 'video/x-flv');
  if (startsWith(b, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c])) {
    return ext === '.wma' ? is('audio', 'audio/x-ms-wma') : is('video', 'video/x-ms-wmv');
  }
  if (startsWith(b, [0x00, 0x00, 0x01, 0xba]) || startsWith(b, [0x00, 0x00, 0x01, 0xb3])) return is('video', 'video/mpeg');

  // Some scanners and mail gateways put junk before the header; readers accept it within 1 KB.
  if (b.subarray(0, 1024).includes('%PDF-')) return is('pdf');

  if (ascii(0, 'ID3') || isMpegAudioFrame(b)) return is('audio', 'audio/mpeg');
  if (ascii(0, 'fLaC')) return is('audio', 'audio/flac');
  if (ascii(0, 'OggS')) return is('audio', 'audio/ogg');
  if (ascii(0, '#!AMR')) return is('audio', 'audio/amr');
  if (ascii(0, '#!SILK') || ascii(1, '#!SILK')) return is('audio', 'audio/silk'); // WeChat voice messages

  // Archives the app cannot open; FileType has no name for them.
  if (ascii(0, 'Rar!\x1a\x07')) return is('unknown', 'application/vnd.rar');
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return is('unknown', 'application/x-7z-compressed');

  return sniffText(b) ?? is('unknown');
}

function classifyFtyp(b: Buffer): Sniffed {
  const boxEnd = Math.min(b.length, b.readUInt32BE(0) || b.length);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxEnd; at += at === 8 ? 8 : 4) brands.push(b.toString('latin1', at, at + 4));
  const major = brands[0] ?? '';
  if (['avif', 'avis'].includes(major) || (major === 'mif1' && brands.includes('avif'))) return is('heic', 'image/avif');
  if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(major)) return is('heic');
  if (['M4A ', 'M4B ', 'M4P ', 'F4A '].includes(major)) return is('audio', 'audio/mp4');
  if (major === 'qt  ') return is('video', 'video/quicktime');
  if (major.startsWith('3g')) return is('video', 'video/3gpp');
  return is('video');
}

/** MPEG-1/2 audio frame header or AAC ADTS; the 11-bit sync alone would match too much. */
function isMpegAudioFrame(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
  const layer = (b[1] >> 1) & 3;
  if (layer === 0) return (b[1] & 0xf6) === 0xf0; // ADTS: MPEG-4/2 AAC
  const bitrate = b[2] >> 4;
  const rate = (b[2] >> 2) & 3;
  return bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/**
 * Text if it decodes strictly as UTF-8 (or UTF-16 with a BOM, or GB18030, which is what Chinese
 * Notepad wrote for years) and has no NULs or stray control characters.
 */
function sniffText(b: Buffer): Sniffed | null {
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) {
    return b.length % 2 === 0 || b.length === HEAD ? is('text', 'text/plain; charset=utf-16') : null;
  }
  const body = trimPartialUtf8(b);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) return null;
    if (c === 0x7f) return null;
  }
  if (decodes('utf-8', body)) return is('text', 'text/plain; charset=utf-8');
  // GB18030 accepts most byte soups; the control-character check above is what keeps binaries out.
  if (decodes('gb18030', b.subarray(0, lastWholeGbIndex(b)))) return is('text', 'text/plain; charset=gb18030');
  return null;
}

function decodes(encoding: string, b: Buffer): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The head buffer may end inside a multi-byte character; drop those bytes. */
function trimPartialUtf8(b: Buffer): Buffer {
  if (b.length < HEAD) return b;
  let end = b.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const c = b[end - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (c >= 0xc0) end -= back; // lead byte of a possibly unfinished sequence
    break;
  }
  return b.subarray(0, end);
}

function lastWholeGbIndex(b: Buffer): number {
  return b.length < HEAD ? b.length : Math.max(0, b.length - 4);
}

// --- ZIP --------------------------------------------------------------------------------------

function classifyZip(names: string[], name: string): Sniffed {
  const ext = extname(name).toLowerCase();
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has('word/')) return is('docx');
  if (has('xl/')) return is('xlsx');
  if (has('ppt/')) return is('pptx');
  if (names.some((n) => n.toLowerCase() === 'ofd.xml')) return is('zip', MIME_OFD);
  // Some WPS builds save .wps/.et as a zip of their own layout (no word/ or xl/ part).
  if (ext === '.wps' || ext === '.wpt') return is('wps', 'application/kswps+zip');
  if (ext === '.et' || ext === '.ett') return is('et', 'application/kset+zip');
  if (ext === '.dps' || ext === '.dpt') return is('wps', MIME_DPS);
  return is('zip');
}

/** Entry names from the central directory; from the local headers in `head` if that fails. */
async function zipEntryNames(fh: FileHandle, size: number, head: Buffer): Promise<string[]> {
  try {
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd >= 0 && eocd + 22 <= tail.length) {
      let cdSize = tail.readUInt32LE(eocd + 12);
      let cdOffset = tail.readUInt32LE(eocd + 16);
      if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
        const z64 = await zip64Directory(fh, tail, eocd);
        if (z64) ({ cdSize, cdOffset } = z64);
      }
      if (cdOffset + cdSize <= size && cdSize > 0) {
        const cd = await readAt(fh, cdOffset, Math.min(cdSize, DIR_LIMIT));
        const names = walk(cd, 0x02014b50, 46, 28, 30, 32);
        if (names.length > 0) return names;
      }
    }
  } catch {
    // fall through to the local headers
  }
  return walkLocal(head);
}

async function zip64Directory(fh: FileHandle, tail: Buffer, eocd: number) {
  const loc = eocd - 20;
  if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return null;
  const recAt = Number(tail.readBigUInt64LE(loc + 8));
  const rec = await readAt(fh, recAt, 56);
  if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) return null;
  return { cdSize: Number(rec.readBigUInt64LE(40)), cdOffset: Number(rec.readBigUInt64LE(48)) };
}

/** Central directory records: fixed part, then name, extra, comment. */
function walk(buf: Buffer, sig: number, fixed: number, nameLenAt: number, extraLenAt: number, commentLenAt: number): string[] {
  const names: string[] = [];
  let at = 0;
  while (at + fixed <= buf.length && buf.readUInt32LE(at) === sig) {
    const n = buf.readUInt16LE(at + nameLenAt);
    names.push(buf.toString('utf8', at + fixed, at + fixed + n));
    at += fixed + n + buf.readUInt16LE(at + extraLenAt) + buf.readUInt16LE(at + commentLenAt);
  }
  return names;
}

/** Local file headers in order, skipping over each entry's data when its size is known. */
function walkLocal(b: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at + 30 <= b.length && b.readUInt32LE(at) === 0x04034b50) {
    const n = b.readUInt16LE(at + 26);
    const extra = b.readUInt16LE(at + 28);
    names.push(b.toString('utf8', at + 30, at + 30 + n));
    const flags = b.readUInt16LE(at + 6);
    const compressed = b.readUInt32LE(at + 18);
    if (flags & 0x08) break; // size follows the data: cannot skip without inflating
    at += 30 + n + extra + compressed;
  }
  return names;
}

// --- OLE compound files -----------------------------------------------------------------------

function classifyOle(streams: string[], name: string): Sniffed {
  const ext = extname(name).toLowerCase();
  const has = (s: string) => streams.includes(s);
  // A password-protected DOCX/XLSX is an OLE file holding the encrypted zip.
  if (has('EncryptedPackage')) return is('ole', MIME_ENCRYPTED_OFFICE);
  // WPS writes Word's/Excel's binary layout, so the extension is the only reliable marker.
  if (ext === '.wps' || ext === '.wpt') return is('wps');
  if (ext === '.et' || ext === '.ett') return is('et');
  if (ext === '.dps' || ext === '.dpt') return is('wps', MIME_DPS);
  if (has('WordDocument')) return is('doc');
  if (has('Workbook') || has('Book')) return is('xls');
  if (has('PowerPoint Document')) return is('ppt');
  if (streams.length === 0) {
    if (ext === '.doc' || ext === '.dot') return is('doc');
    if (ext === '.xls' || ext === '.xlt') return is('xls');
    if (ext === '.ppt' || ext === '.pps' || ext === '.pot') return is('ppt');
  }
  return is('ole');
}

/** Names in the OLE directory, following its sector chain through the FAT. [] if unreadable. */
async function oleStreamNames(fh: FileHandle, size: number, head: Buffer): Promise<string[]> {
  try {
    if (head.length < 512) return [];
    const shift = head.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return [];
    const sect = 1 << shift;
    const fatSectors = head.readUInt32LE(0x2c);
    const difat: number[] = [];
    for (let i = 0; i < Math.min(109, fatSectors); i++) difat.push(head.readUInt32LE(0x4c + i * 4));
    const perFat = sect / 4;
    const fatCache = new Map<number, Buffer>();
    const next = async (s: number): Promise<number> => {
      const idx = Math.floor(s / perFat);
      if (idx >= difat.length) return 0xfffffffe; // beyond the first 109 FAT sectors: stop
      let fat = fatCache.get(idx);
      if (!fat) fatCache.set(idx, (fat = await readAt(fh, (difat[idx] + 1) * sect, sect)));
      return fat.length >= ((s % perFat) + 1) * 4 ? fat.readUInt32LE((s % perFat) * 4) : 0xfffffffe;
    };
    const names: string[] = [];
    const seen = new Set<number>();
    let s = head.readUInt32LE(0x30);
    while (s < 0xfffffffa && !seen.has(s) && seen.size * sect < DIR_LIMIT && (s + 1) * sect < size) {
      seen.add(s);
      const dir = await readAt(fh, (s + 1) * sect, sect);
      for (let o = 0; o + 128 <= dir.length; o += 128) {
        const len = dir.readUInt16LE(o + 0x40);
        if (dir[o + 0x42] !== 0 && len >= 2 && len <= 64) names.push(dir.toString('utf16le', o, o + len - 2));
      }
      s = await next(s);
    }
    return names;
  } catch {
    return [];
  }
}

// --- helpers ----------------------------------------------------------------------------------

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, length));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

function startsWith(b: Buffer, bytes: number[]): boolean {
  return b.length >= bytes.length && bytes.every((v, i) => b[i] === v);
}
