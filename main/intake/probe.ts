// What the archive records about a file when it is added: its real type, size on paper (pages,
// pixels), when a photo was taken, and — in plain Chinese — why the app cannot use it, if so.
// Bad content never throws: a clerk's folder always holds some broken file, and one must not
// stop the other 500. Only I/O errors (missing file, no permission) reach the caller.
import { mkdir, readFile, rename, rm, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';
import mammoth from 'mammoth';
import { PDFDocument, ParseSpeeds } from '@cantoo/pdf-lib';
import type { FileFacts, FileType } from '../../shared/domain';
import { IMAGE_TYPES } from '../../shared/domain';
import { MIME_ENCRYPTED_OFFICE, MIME_OFD, sniffType, sniffWithHead } from './sniff';
import { DOCX_LIMITS, zipLimitProblem } from './zip-limits';
import { limitText } from '../../shared/names';

// libvips' operation cache only helps when the same image is processed twice; intake sees each
// file once, so it would just hold memory. One libvips thread per image: the libuv pool already
// runs several images at once on a 2-core PC, and more threads per image only contend.
sharp.cache(false);
sharp.concurrency(1);

export type ProbeResult = FileFacts;

/**
 * Past this, PDFs, Word files and images are stored but not parsed: parsing reads them whole into
 * memory (a 2 GB scan would not even fit a Node buffer) and no inspector pages through one anyway.
 */
export const PARSE_LIMIT = 512 * 1024 ** 2;

/** The reasons, in the words a clerk reads in the self-check; each says what to do about it. */
export const WARNINGS = {
  empty: '文件为空（0 字节），请检查原文件后重新添加',
  unknown: '无法识别的文件类型',
  imageCorrupt: '图片已损坏或不完整，无法显示，请重新拷贝原图',
  imageUnsupported: '图片格式无法显示，请另存为 JPEG 或 PNG',
  heic: 'HEIC 照片（苹果手机格式）无法显示，请导出为 JPEG',
  pdfEncrypted: 'PDF 已加密，无法读取页面，请提供未加密的版本',
  pdfCorrupt: 'PDF 已损坏，无法读取页面，请重新导出或扫描',
  docxCorrupt: 'Word 文档已损坏，无法读取内容，请用 Word 或 WPS 打开后另存为 DOCX 或 PDF',
  officeEncrypted: 'Office 文档设置了打开密码，无法读取内容，请去掉密码后重新添加',
  xlsx: 'Excel 表格无法直接打印，请另存为 PDF 后添加',
  pptx: 'PPT 演示文稿无法直接打印，请另存为 PDF 后添加',
  wps: '金山 WPS 格式，无法读取内容，请另存为 DOCX/XLSX 或 PDF',
  doc: '旧版 Word（.doc）格式，无法读取内容，请另存为 DOCX 或 PDF',
  xls: '旧版 Excel（.xls）格式，无法读取内容，请另存为 XLSX 或 PDF',
  ppt: '旧版 PowerPoint（.ppt）格式，无法读取内容，请另存为 PDF',
  ole: 'Office 旧格式文档，无法读取内容，请另存为 DOCX 或 PDF',
  ofd: 'OFD 版式文件，无法读取内容，请用数科或 WPS 另存为 PDF',
  zip: '压缩包，无法直接查看，请解压后分别添加其中的文件',
  video: '视频文件，已保存，打印时以占位页代替',
  audio: '音频文件，已保存，打印时以占位页代替',
  tooLargeToRead: `文件超过 ${limitText(PARSE_LIMIT)}，未读取页数和内容；原件已保存，如需打印请压缩或拆分后重新添加`,
  unreadable: '读取文件内容时出错，未能识别页数和内容；原件已保存，请用相应软件打开检查后重新添加',
} as const;

/** Text kept for full-text search; a 300-page report is about this size. */
const TEXT_LIMIT = 200 * 1024;


/** How an image's pixels are proven decodable: a tiny decode, or making its thumbnail. */
type DecodeCheck = (absPath: string) => Promise<void>;

// Decoding a tiny version still reads every compressed byte (JPEG shrink-on-load decodes at 1/8
// scale), so truncation and corrupt data surface here, cheaply.
const tinyDecode: DecodeCheck = async (absPath) => {
  await sharp(absPath, { failOn: 'error' }).resize(8, 8, { fit: 'inside' }).raw().toBuffer();
};

export async function probeFile(absPath: string, name: string): Promise<ProbeResult> {
  return probeSafely(absPath, name, tinyDecode);
}

/**
 * Probes and, for images, writes the thumbnail in the same decode: the thumbnail is the proof
 * that the pixels decode, so a photo is decoded once instead of twice (the intake benchmark
 * showed the second decode doubling import time).
 */
export async function probeWithThumbnail(
  absPath: string,
  name: string,
  thumbOut: string,
): Promise<{ probe: ProbeResult; hasThumb: boolean; thumb: Buffer | null }> {
  let thumb: Buffer | null = null;
  const probe = await probeSafely(absPath, name, async (p) => {
    thumb = await writeThumbnail(p, thumbOut);
  });
  // The thumbnail's bytes come back too: the perceptual hash is made from them in memory.
  return probe.warning || !thumb ? { probe, hasThumb: false, thumb: null } : { probe, hasThumb: true, thumb };
}

/**
 * Content that breaks a parser in a way it does not catch itself is this file's warning, not the end
 * of the import; system errors (the file gone, no permission, a failing disk) still reach the caller.
 */
async function probeSafely(absPath: string, name: string, decodeCheck: DecodeCheck): Promise<ProbeResult> {
  try {
    return await probeWith(absPath, name, decodeCheck);
  } catch (e) {
    if (typeof (e as NodeJS.ErrnoException | null)?.errno === 'number') throw e;
    const { type, mime } = await sniffType(absPath, name);
    return {
      type, mime, pages: null, width: null, height: null, orientation: null,
      exifTime: null, encrypted: false, warning: WARNINGS.unreadable, text: null,
    };
  }
}

async function probeWith(absPath: string, name: string, decodeCheck: DecodeCheck): Promise<ProbeResult> {
  const { type, mime, size, head } = await sniffWithHead(absPath, name);
  const r: ProbeResult = {
    type, mime, pages: null, width: null, height: null, orientation: null,
    exifTime: null, encrypted: false, warning: null, text: null,
  };
  if (size === 0) return { ...r, warning: WARNINGS.empty };
  if (size > PARSE_LIMIT && (IMAGE_TYPES.has(type) || type === 'pdf' || type === 'docx')) return { ...r, warning: WARNINGS.tooLargeToRead };
  if (IMAGE_TYPES.has(type)) return probeImage(absPath, r, decodeCheck, head);
  switch (type) {
    case 'pdf':
      return probePdf(await readFile(absPath), r);
    case 'docx': {
      // A zip bomb is kept as evidence like any file; only its text is not read.
      const refused = await zipLimitProblem(absPath, DOCX_LIMITS);
      if (refused) return { ...r, warning: refused.tooLarge ? refused.message : WARNINGS.docxCorrupt };
      return probeDocx(await readFile(absPath), r);
    }
    case 'text':
      return { ...r, text: await readText(absPath, mime) };
    case 'xlsx':
      return { ...r, warning: WARNINGS.xlsx };
    case 'pptx':
      return { ...r, warning: WARNINGS.pptx };
    case 'wps': // also WPS presentations (.dps), which have no FileType of their own
    case 'et':
      return { ...r, warning: WARNINGS.wps };
    case 'doc':
    case 'xls':
    case 'ppt':
      return { ...r, warning: WARNINGS[type] };
    case 'ole':
      return mime === MIME_ENCRYPTED_OFFICE
        ? { ...r, encrypted: true, warning: WARNINGS.officeEncrypted }
        : { ...r, warning: WARNINGS.ole };
    case 'zip':
      return { ...r, warning: mime === MIME_OFD ? WARNINGS.ofd : WARNINGS.zip };
    case 'video':
    case 'audio':
      return { ...r, warning: WARNINGS[type] };
    default:
      // RAR and 7z have no FileType of their own but deserve the archive advice.
      return { ...r, warning: /rar|7z/.test(mime) ? WARNINGS.zip : WARNINGS.unknown };
  }
}

async function probeImage(absPath: string, r: ProbeResult, decodeCheck: DecodeCheck, head: Buffer): Promise<ProbeResult> {
  // EXIF first: it survives even where the pixels do not decode (HEIC, a truncated JPEG).
  const exif = await readExif(absPath, r.type, head);
  const out: ProbeResult = { ...r, exifTime: exif.time, orientation: exif.orientation };
  try {
    const meta = await imageHeader(absPath, r.type, head);
    await decodeCheck(absPath);
    const orientation = meta.orientation ?? exif.orientation;
    const swap = orientation !== null && orientation >= 5 && orientation <= 8;
    return {
      ...out,
      orientation,
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      // A multi-page TIFF is a scanned document; its page count belongs in the catalogue.
      pages: r.type === 'tiff' ? (meta.pages ?? 1) : null,
    };
  } catch (err) {
    if (r.type === 'heic') return { ...out, warning: WARNINGS.heic };
    const unsupported = /unsupported image format/i.test(String(err));
    return { ...out, warning: unsupported ? WARNINGS.imageUnsupported : WARNINGS.imageCorrupt };
  }
}

/**
 * Size and orientation from the header. A JPEG's header is in the first 64 KB the sniffer read
 * (opening the file again costs more than reading it there); past them, from the file. Either
 * way the pixels are then decoded in full, so a header alone proves nothing.
 */
async function imageHeader(absPath: string, type: FileType, head: Buffer): Promise<Pick<sharp.Metadata, 'width' | 'height' | 'orientation' | 'pages'>> {
  const size = type === 'jpeg' ? jpegSize(head) : null;
  // Orientation is EXIF's, which readExif has already read from the same bytes.
  if (size) return { ...size, orientation: undefined, pages: undefined };
  return sharp(absPath, { failOn: 'error' }).metadata();
}

/**
 * A JPEG's pixel size from its frame header (SOF), walking the segments from the start; null when
 * the header lies past `head` or the segments do not add up (sharp then reads the file itself).
 */
export function jpegSize(head: Buffer): { width: number; height: number } | null {
  if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return null;
  let at = 2;
  while (at + 4 <= head.length) {
    if (head[at] !== 0xff) return null;
    const marker = head[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > head.length) return null;
      const height = head.readUInt16BE(at + 5);
      const width = head.readUInt16BE(at + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end, or scan data before any frame header
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    at += 2 + head.readUInt16BE(at + 2);
  }
  return null;
}

const EXIF_TAGS = { pick: ['DateTimeOriginal', 'CreateDate', 'ModifyDate', 'Orientation'], reviveValues: false, translateValues: false };

/**
 * EXIF DateTimeOriginal (else CreateDate = DateTimeDigitized, else ModifyDate = DateTime) as the
 * wall-clock string the camera wrote. exifr would otherwise turn it into a Date in this machine's
 * time zone, moving a photo taken at 09:00 in Beijing to 20:00 the day before on a PC set to New York.
 * A JPEG's EXIF block comes first in the file (at most 64 KB), so the head already read holds it.
 */
async function readExif(absPath: string, type: FileType, head?: Buffer): Promise<{ time: string | null; orientation: number | null }> {
  if (!['jpeg', 'tiff', 'heic', 'png', 'webp'].includes(type)) return { time: null, orientation: null };
  try {
    let tags: Record<string, unknown> | undefined;
    if (type === 'jpeg' && head) tags = await exifr.parse(head, EXIF_TAGS).catch(() => undefined);
    tags ??= await exifr.parse(absPath, EXIF_TAGS);
    const time = [tags?.DateTimeOriginal, tags?.CreateDate, tags?.ModifyDate].map(exifDate).find((t) => t) ?? null;
    const o = tags?.Orientation;
    return { time, orientation: typeof o === 'number' && o >= 1 && o <= 8 ? o : null };
  } catch {
    return { time: null, orientation: null };
  }
}

/** When a photo was taken, from its EXIF (see readExif); null for other files or without EXIF. */
export async function exifTimeOf(absPath: string | Buffer): Promise<string | null> {
  // A name that is not UTF-8 is opened by its bytes; exifr would take a Buffer for the image itself.
  const fh = await open(absPath, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const b = head.subarray(0, bytesRead);
    const tags: Record<string, unknown> | undefined = await exifr.parse(b, EXIF_TAGS).catch(() => undefined);
    return [tags?.DateTimeOriginal, tags?.CreateDate, tags?.ModifyDate].map(exifDate).find((t) => t) ?? null;
  } finally {
    await fh.close();
  }
}

/** 'YYYY:MM:DD HH:MM:SS' → 'YYYY-MM-DD HH:MM:SS'; unset clocks ('0000:00:00 …', blanks) → null. */
export function exifDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  if (y === '0000' || +mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return null;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/**
 * Opens a PDF for reading or merging: unencrypted ones, and the many official PDFs that carry
 * only an owner password (editing restricted) and open with the empty user password — those
 * come back decrypted. Throws for a PDF that needs a password to open, or a broken one.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // Fast rather than the default Slow: Slow yields to the event loop every 100 objects and takes
  // several times longer on a big scan; Fast still yields every 1500.
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fast, password: '' });
}

async function probePdf(bytes: Buffer, r: ProbeResult): Promise<ProbeResult> {
  try {
    return countPages(await openPdf(bytes), r);
  } catch {
    // Needs a password, or broken? Parse again without decrypting to tell which.
    try {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
      if (doc.isEncrypted) return { ...r, encrypted: true, warning: WARNINGS.pdfEncrypted };
    } catch {
      // broken
    }
    return { ...r, warning: WARNINGS.pdfCorrupt };
  }
}

function countPages(doc: PDFDocument, r: ProbeResult): ProbeResult {
  try {
    const pages = doc.getPageCount();
    return pages > 0 ? { ...r, pages } : { ...r, warning: WARNINGS.pdfCorrupt };
  } catch {
    return { ...r, warning: WARNINGS.pdfCorrupt };
  }
}

async function probeDocx(bytes: Buffer, r: ProbeResult): Promise<ProbeResult> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    return { ...r, text: clip(value.trim()) };
  } catch {
    return { ...r, warning: WARNINGS.docxCorrupt };
  }
}

async function readText(absPath: string, mime: string): Promise<string> {
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(TEXT_LIMIT);
    const { bytesRead } = await fh.read(buf, 0, TEXT_LIMIT, 0);
    const charset = /charset=([\w-]+)/.exec(mime)?.[1] ?? 'utf-8';
    const label = charset === 'utf-16' ? (buf[0] === 0xfe ? 'utf-16be' : 'utf-16le') : charset;
    return new TextDecoder(label).decode(buf.subarray(0, bytesRead)).replace(/\uFFFD+$/, '').trim();
  } finally {
    await fh.close();
  }
}

/** Cuts to TEXT_LIMIT bytes of UTF-8 without leaving half a character. */
function clip(text: string): string {
  if (text.length * 3 <= TEXT_LIMIT) return text;
  const buf = Buffer.from(text, 'utf8');
  return buf.length <= TEXT_LIMIT ? text : buf.subarray(0, TEXT_LIMIT).toString('utf8').replace(/\uFFFD+$/, '');
}

/**
 * A JPEG thumbnail, long edge 320 px, turned upright by EXIF orientation, written to a temporary
 * name and renamed so a reader never sees half a file. False when sharp cannot decode the input
 * (HEIC, video, PDF, a corrupt photo …).
 */
export async function makeThumbnail(absPath: string, outPath: string): Promise<boolean> {
  return writeThumbnail(absPath, outPath).then(
    () => true,
    () => false,
  );
}

/** Writes the thumbnail atomically and returns its bytes; throws when the image does not decode. */
async function writeThumbnail(absPath: string, outPath: string): Promise<Buffer> {
  const jpeg = await sharp(absPath, { failOn: 'error', autoOrient: true })
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' }) // transparent PNGs would otherwise turn black
    .jpeg({ quality: 80 })
    .toBuffer();
  await mkdir(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, jpeg, { flag: 'wx' });
    await rename(tmp, outPath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return jpeg;
}
