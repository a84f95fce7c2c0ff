// Generators of real files for tests, the benchmark and `taizhang demo`. Each one writes bytes
// that the real decoders (sharp, exifr, pdf-lib, mammoth) accept or reject the way a clerk's
// files would, so the intake code is exercised on the genuine article, not on mocks.
import { createWriteStream } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import PDFDocument from 'pdfkit';
import { loadFonts, textWidth, writeText, type FontSet } from '../export/pdf/fonts';
import { bundledFiles, openBundled } from '../export/pdf/font-files';

export interface JpegOptions {
  width: number;
  height: number;
  /** EXIF DateTimeOriginal as cameras write it: 'YYYY:MM:DD HH:MM:SS'. */
  exifTime?: string;
  /** EXIF OffsetTimeOriginal, e.g. '+08:00'. */
  offset?: string;
  /** EXIF Orientation 1–8; the pixels are stored as the sensor saw them, not rotated. */
  orientation?: number;
  make?: string;
  seed?: number;
  quality?: number;
}

export async function makeJpeg(path: string, opts: JpegOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  let img = sharp(photoPixels(opts.width, opts.height, opts.seed ?? 1), {
    raw: { width: opts.width, height: opts.height, channels: 3 },
  });
  await writeCameraJpeg(img, path, opts, 'Taizhang Demo');
}

/** Writes the JPEG as a phone would: its make and model, the time taken, the orientation tag. */
async function writeCameraJpeg(img: sharp.Sharp, path: string, opts: Omit<JpegOptions, 'width' | 'height'>, model: string): Promise<void> {
  const ifd0: Record<string, string> = { Make: opts.make ?? 'HUAWEI', Model: model };
  // libvips names the EXIF sub-IFD "IFD2" (IFD1 is the thumbnail directory).
  const ifd2: Record<string, string> = {};
  if (opts.exifTime) {
    ifd0.DateTime = opts.exifTime;
    ifd2.DateTimeOriginal = opts.exifTime;
    ifd2.DateTimeDigitized = opts.exifTime;
  }
  if (opts.offset) ifd2.OffsetTimeOriginal = opts.offset;
  img = img.withExif({ IFD0: ifd0, IFD2: ifd2 });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  await img.jpeg({ quality: opts.quality ?? 85 }).toFile(path);
}

export async function makePng(path: string, opts: { width: number; height: number; seed?: number }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await sharp(photoPixels(opts.width, opts.height, opts.seed ?? 1), {
    raw: { width: opts.width, height: opts.height, channels: 3 },
  })
    .png()
    .toFile(path);
}

/**
 * A PDF of `pages` pages. `encrypted` sets a user password ('taizhang'), so it cannot be opened
 * without it; `restricted` sets only an owner password with printing allowed and editing not,
 * as many official PDFs are published: anyone can open those.
 */
export async function makePdf(
  path: string,
  opts: { pages: number; title?: string; encrypted?: boolean; restricted?: boolean },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    info: { Title: opts.title ?? 'Taizhang sample' },
    ...(opts.encrypted ? { userPassword: 'taizhang', ownerPassword: 'taizhang-owner', pdfVersion: '1.7' as const } : {}),
    ...(opts.restricted && !opts.encrypted
      ? { ownerPassword: 'taizhang-owner', pdfVersion: '1.7' as const, permissions: { printing: 'highResolution' as const, modifying: false } }
      : {}),
  });
  const out = createWriteStream(path);
  doc.pipe(out);
  for (let i = 1; i <= opts.pages; i++) {
    doc.addPage();
    doc.fontSize(20).text(opts.title ?? 'Taizhang sample', 72, 72);
    doc.fontSize(12).text(`Page ${i} of ${opts.pages}`, 72, 110);
    doc.rect(72, 140, 451, 200).stroke();
  }
  doc.end();
  await once(out, 'finish');
}

/**
 * A minimal but valid DOCX (three parts); paragraphs may be Chinese, plain strings or with direct
 * formatting (DocxPara). The page is A4 with GB/T 9704 margins.
 */
export async function makeDocx(path: string, opts: { paragraphs: (string | DocxPara)[] }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const body =
    opts.paragraphs.map(docxParagraph).join('') +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>';
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  };
  const zip = new (loadYazl().ZipFile)();
  for (const [name, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml, 'utf8'), name);
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
}

/** Intact JPEG headers, then the entropy-coded data cut short and followed by junk. */
export async function makeCorruptJpeg(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const good = await sharp(photoPixels(640, 480, 7), { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  await writeFile(path, Buffer.concat([good.subarray(0, Math.floor(good.length * 0.4)), Buffer.alloc(512, 0x5a)]));
}

/** A Kingsoft WPS Writer file: WPS keeps Word's binary layout, so it is an OLE file with a WordDocument stream. */
export async function makeWps(path: string): Promise<void> {
  await makeOle(path, 'WordDocument');
}

/** An old Word 97–2003 .doc: an OLE compound file with a WordDocument stream. */
export async function makeDoc(path: string): Promise<void> {
  await makeOle(path, 'WordDocument');
}

/** An iPhone-style HEIC: ISO-BMFF ftyp 'heic' then bytes no decoder here understands. */
export async function makeHeic(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('heic'), u32be(0), Buffer.from('mif1heic')]));
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 17) & 0xff;
  await writeFile(path, Buffer.concat([ftyp, box('meta', junk)]));
}

/**
 * An MP4 of `bytes` bytes (default 64 KB): ftyp 'isom' and an mdat box of zeros. The zeros are
 * made by extending the file (sparse where the file system allows), so a multi-GB file costs
 * neither memory nor time.
 */
export async function makeMp4(path: string, bytes = 64 * 1024): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom'), u32be(0x200), Buffer.from('isomiso2avc1mp41')]));
  const mdatSize = Math.max(8, bytes - ftyp.length);
  // Sizes past 4 GB need the 64-bit form; a box size of 1 means "largesize follows".
  const mdatHead =
    mdatSize < 2 ** 32
      ? Buffer.concat([u32be(mdatSize), Buffer.from('mdat')])
      : Buffer.concat([u32be(1), Buffer.from('mdat'), u64be(mdatSize + 8)]);
  const fh = await open(path, 'w');
  try {
    await fh.write(Buffer.concat([ftyp, mdatHead]), 0);
    await fh.truncate(Math.max(bytes, ftyp.length + mdatHead.length));
  } finally {
    await fh.close();
  }
}

/**
 * A small but structurally valid OLE compound file (version 3, 512-byte sectors): header,
 * one FAT sector, one directory sector (Root Entry + one stream) and a 4 KB stream, which
 * is at the mini-stream cutoff and so lives in ordinary sectors. `streamName` says what it is:
 * 'WordDocument' (Word/WPS), 'Workbook' (Excel), 'EncryptedPackage' (a password-protected DOCX).
 */
export async function makeOle(path: string, streamName: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const SECT = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const NOSTREAM = 0xffffffff;
  const streamSectors = 8;
  const file = Buffer.alloc(SECT * (3 + streamSectors));

  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18); // minor version
  file.writeUInt16LE(3, 0x1a); // major version
  file.writeUInt16LE(0xfffe, 0x1c); // byte order
  file.writeUInt16LE(9, 0x1e); // sector shift: 512
  file.writeUInt16LE(6, 0x20); // mini sector shift: 64
  file.writeUInt32LE(1, 0x2c); // FAT sectors
  file.writeUInt32LE(1, 0x30); // first directory sector
  file.writeUInt32LE(4096, 0x38); // mini stream cutoff
  file.writeUInt32LE(END, 0x3c); // first mini FAT sector
  file.writeUInt32LE(END, 0x44); // first DIFAT sector
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);

  const fat = SECT; // sector 0
  for (let i = 0; i < SECT / 4; i++) file.writeUInt32LE(FREE, fat + i * 4);
  file.writeUInt32LE(FATSECT, fat);
  file.writeUInt32LE(END, fat + 4); // directory: one sector
  for (let i = 0; i < streamSectors; i++) file.writeUInt32LE(i === streamSectors - 1 ? END : 3 + i, fat + (2 + i) * 4);

  const dir = SECT * 2; // sector 1
  const entry = (i: number, name: string, type: number, child: number, start: number, size: number): void => {
    const o = dir + i * 128;
    file.write(name, o, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, o + 0x40);
    file.writeUInt8(type, o + 0x42);
    file.writeUInt8(1, o + 0x43); // black
    file.writeUInt32LE(NOSTREAM, o + 0x44);
    file.writeUInt32LE(NOSTREAM, o + 0x48);
    file.writeUInt32LE(child, o + 0x4c);
    file.writeUInt32LE(start, o + 0x74);
    file.writeUInt32LE(size, o + 0x78);
  };
  entry(0, 'Root Entry', 5, 1, END, 0);
  entry(1, streamName, 2, NOSTREAM, 2, streamSectors * SECT);
  for (let i = 2; i < 4; i++) {
    const o = dir + i * 128;
    file.writeUInt32LE(NOSTREAM, o + 0x44);
    file.writeUInt32LE(NOSTREAM, o + 0x48);
    file.writeUInt32LE(NOSTREAM, o + 0x4c);
  }
  // Stream body: Word's FIB magic (0xA5EC) then filler, enough to look like a document.
  file.writeUInt16LE(0xa5ec, SECT * 3);
  file.fill(0x20, SECT * 3 + 2);
  await writeFile(path, file);
}

// ---------------------------------------------------------------------------------------------

/**
 * Photo-like RGB pixels: a diagonal gradient between two seeded colours, seeded blocks and
 * discs, and per-pixel noise so the JPEG compresses like a real photo rather than a flat card.
 */
function photoPixels(width: number, height: number, seed: number): Buffer {
  const rand = mulberry32(seed);
  const c0 = [rand() * 255, rand() * 255, rand() * 255];
  const c1 = [rand() * 255, rand() * 255, rand() * 255];
  // A plain typed array: indexed writes to a Buffer are many times slower inside jest's VM context.
  const px = new Uint8Array(width * height * 3);
  const span = width + height;
  for (let y = 0; y < height; y++) {
    let o = y * width * 3;
    for (let x = 0; x < width; x++) {
      const t = (x + y) / span;
      px[o++] = c0[0] + (c1[0] - c0[0]) * t;
      px[o++] = c0[1] + (c1[1] - c0[1]) * t;
      px[o++] = c0[2] + (c1[2] - c0[2]) * t;
    }
  }
  const shapes = 6 + Math.floor(rand() * 6);
  for (let s = 0; s < shapes; s++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const r = (0.05 + rand() * 0.2) * Math.min(width, height);
    const col = [rand() * 255, rand() * 255, rand() * 255];
    const disc = rand() < 0.5;
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(width, Math.ceil(cx + r));
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, Math.ceil(cy + r)); y++) {
      for (let x = x0; x < x1; x++) {
        if (disc && (x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const o = (y * width + x) * 3;
        px[o] = col[0];
        px[o + 1] = col[1];
        px[o + 2] = col[2];
      }
    }
  }
  // Cheap noise: xorshift32 stepped per byte, ±8 levels. Bit operations only: Math.imul in a
  // loop is slow inside jest's VM context (4 s instead of 0.05 s for a 12-megapixel photo).
  let n = ((seed * 2654435761) >>> 0) || 1;
  for (let i = 0; i < px.length; i++) {
    n ^= n << 13;
    n ^= n >>> 17;
    n ^= n << 5;
    n >>>= 0;
    const v = px[i] + ((n >>> 28) - 8);
    px[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return Buffer.from(px.buffer, px.byteOffset, px.byteLength);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function box(type: string, payload: Buffer): Buffer {
  return Buffer.concat([u32be(8 + payload.length), Buffer.from(type, 'latin1'), payload]);
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u64be(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

// yazl ships no type declarations and none are installed; describe the part used here.
interface YazlZipFile {
  addBuffer(buffer: Buffer, name: string): void;
  end(): void;
  outputStream: NodeJS.ReadableStream;
}
function loadYazl(): { ZipFile: new () => YazlZipFile } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yazl') as { ZipFile: new () => YazlZipFile };
}

// ---------------------------------------------------------------------------------------------
// Chinese sample documents for `taizhang demo`: a 红头 notice (GB/T 9704 layout, the app's own
// embedded faces), Word documents with direct formatting, a sign-in sheet photographed or scanned
// (glyph outlines drawn as SVG paths, so no system font is needed), and event photos with a banner.

const MM = 72 / 25.4;
const RED = '#d40000';

/** 2022-06-08 → 2022年6月8日 (GB/T 9704: full year, no leading zeros). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface NoticeOptions {
  /** 发文机关, printed in red above the rule: "某县科学技术协会". */
  office: string;
  /** 发文字号: 某科协发〔2022〕12号. */
  docNumber: string;
  title: string;
  /** 主送机关, with its colon. */
  addressee?: string;
  /** Body paragraphs; each is indented two characters. */
  body: string[];
  /** ISO date of the notice (成文日期). */
  date: string;
  /** Sets a user password ('taizhang'): the file cannot be opened without it. */
  encrypted?: boolean;
}

/**
 * A 红头 notice as county offices issue them (GB/T 9704-2012): the issuing office in red 小标宋
 * with 文件, the 文号 centred over a red rule, a 22 pt title, 3号 仿宋 body at 28 characters a line,
 * 落款 and date at the right with the office's red seal over them, the page number below. Every face
 * is embedded (the app's own fonts).
 */
export async function makeNoticePdf(path: string, o: NoticeOptions): Promise<void> {
  const fonts = await loadFonts({ useSystem: false });
  await mkdir(dirname(path), { recursive: true });
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    info: { Title: o.title, Author: o.office, Creator: 'WPS 文字', CreationDate: new Date(`${o.date}T16:30:00+08:00`) },
    ...(o.encrypted ? { userPassword: 'taizhang', ownerPassword: 'taizhang-owner', pdfVersion: '1.7' as const } : {}),
  });
  const out = createWriteStream(path);
  doc.pipe(out);
  const left = 28 * MM;
  const top = 37 * MM;
  const width = 156 * MM;
  const bottom = top + 225 * MM;
  const pitch = (225 * MM) / 22;
  const size = 15.75;
  let pageNo = 0;
  const newPage = (): void => {
    doc.addPage({ size: 'A4', margins: { top, left, right: 26 * MM, bottom: 297 * MM - bottom } });
    pageNo++;
    const label = `— ${pageNo} —`;
    const w = textWidth(doc, fonts, label, 'song', 14);
    const x = pageNo % 2 ? left + width - w - 14 : left + 14;
    writeText(doc, fonts, label, { role: 'song', size: 14, x, y: bottom + 7 * MM, lineBreak: false });
  };
  newPage();

  // 版头: the office and 文件 in red, the 文号, the red rule.
  const head = `${o.office}文件`;
  let headSize = 36;
  while (headSize > 24 && textWidth(doc, fonts, head, 'title', headSize) + head.length * 2 > width) headSize -= 2;
  doc.fillColor(RED);
  writeText(doc, fonts, head, { role: 'title', size: headSize, x: left, y: top + 4 * MM, width, align: 'center', characterSpacing: 2, lineBreak: false });
  doc.fillColor('black');
  const numberY = top + 4 * MM + headSize * 1.3 + 10 * MM;
  writeText(doc, fonts, o.docNumber, { role: 'fang', size, x: left, y: numberY, width, align: 'center', lineBreak: false });
  const ruleY = numberY + size + 4 * MM;
  doc.save().moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1.5).strokeColor(RED).stroke().restore();

  // Title two lines below the rule, then the addressee and the body on a fixed pitch.
  let y = ruleY + pitch + 6;
  doc.fillColor('black');
  writeText(doc, fonts, breakTitle(o.title, Math.floor((width - 4 * size) / 22)), { role: 'title', size: 22, x: left + 2 * size, y, width: width - 4 * size, align: 'center', lineHeight: 32 });
  y = doc.y + pitch;
  const para = (text: string, indent: number): void => {
    writeText(doc, fonts, text, { role: 'fang', size, x: left, y, width, indent, lineHeight: pitch, align: 'justify' });
    y = doc.y;
    if (y > bottom - pitch) {
      newPage();
      y = top;
    }
  };
  if (o.addressee) para(o.addressee, 0);
  for (const p of o.body) {
    const heading = /^[一二三四五六七八九十]+、/.test(p) && p.length <= 14;
    if (heading) {
      writeText(doc, fonts, p, { role: 'hei', size, x: left + 2 * size, y, width: width - 2 * size, lineHeight: pitch });
      y = doc.y;
    } else para(p, 2 * size);
  }

  // 落款 and date: right, four characters in from the edge; the seal over them.
  // One blank line before it where the page has room (the seal stands over the date anyway).
  if (y + 2 * pitch > bottom) {
    newPage();
    y = top;
  }
  if (y + 3 * pitch <= bottom) y += pitch;
  const dateText = chineseDate(o.date);
  const dateW = textWidth(doc, fonts, dateText, 'fang', size);
  const dateX = left + width - 4 * size - dateW;
  const officeW = textWidth(doc, fonts, o.office, 'fang', size);
  const officeX = Math.min(dateX + dateW / 2 - officeW / 2, left + width - 2 * size - officeW);
  writeText(doc, fonts, o.office, { role: 'fang', size, x: officeX, y, lineBreak: false });
  writeText(doc, fonts, dateText, { role: 'fang', size, x: dateX, y: y + pitch, lineBreak: false });
  drawSeal(doc, fonts, o.office, dateX + dateW / 2, y + pitch / 2 + 4);
  doc.end();
  await once(out, 'finish');
}


const TITLE_WORDS = ['干部', '集中', '会议', '关于', '全国', '创建', '工作', '第', '的通知', '科普', '党员', '专家', '志愿', '活动', '培训', '推进会', '动员', '领导小组', '印发', '开展', '举办', '召开', '成立', '《', '主题', '宣传', '老年人', '失业人员', '进校园'];

/**
 * A title longer than a line (`perLine` characters) in two lines, broken before a word and the
 * first line the longer where it can be (GB/T 9704: 梯形或菱形, never inside a word).
 */
function breakTitle(title: string, perLine: number): string {
  const chars = [...title];
  if (chars.length <= perLine) return title;
  let best = -1;
  let bestScore = Infinity;
  for (let i = 4; i < chars.length - 2; i++) {
    const rest = chars.slice(i).join('');
    if (!TITLE_WORDS.some((w) => rest.startsWith(w))) continue;
    const first = i;
    const second = chars.length - i;
    if (first > perLine || second > perLine) continue;
    const score = Math.abs(first - second) + (first < second ? 3 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) best = Math.min(perLine, Math.ceil(chars.length / 2));
  return `${chars.slice(0, best).join('')}\n${chars.slice(best).join('')}`;
}

/** A red round office seal: a double ring, the office's name along the upper arc, a star. */
function drawSeal(doc: PDFKit.PDFDocument, fonts: FontSet, office: string, cx: number, cy: number): void {
  const r = 21 * MM;
  doc.save();
  doc.opacity(0.82);
  doc.circle(cx, cy, r).lineWidth(2.6).strokeColor(RED).stroke();
  // Five-pointed star.
  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? 6.5 * MM * 0.382 : 6.5 * MM;
    star.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  doc.polygon(...star).fillColor(RED).fill();
  // The name along the arc, from about 210° to 330° (screen angles, upward).
  const chars = [...office];
  const span = Math.min(250, 28 * chars.length) * (Math.PI / 180);
  const sz = 13;
  doc.fillColor(RED);
  for (const [i, ch] of chars.entries()) {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    doc.save();
    doc.translate(cx + (r - 3 - sz / 2) * Math.cos(a), cy + (r - 3 - sz / 2) * Math.sin(a));
    doc.rotate((a * 180) / Math.PI + 90);
    writeText(doc, fonts, ch, { role: 'hei', size: sz, x: -sz / 2, y: -sz / 2, lineBreak: false });
    doc.restore();
  }
  doc.restore();
  doc.fillColor('black').opacity(1);
}

/** A paragraph of a sample DOCX with direct formatting, as offices type them in Word or WPS. */
export interface DocxPara {
  text: string;
  align?: 'left' | 'center' | 'right' | 'both';
  /** Points (2号 22, 3号 16, 4号 14). */
  size?: number;
  bold?: boolean;
  /** East Asian font name: 方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312. */
  font?: string;
  /** First-line indent in characters (2 for body text). */
  indentChars?: number;
}

function docxParagraph(p: string | DocxPara): string {
  if (typeof p === 'string') return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`;
  const ppr: string[] = [];
  if (p.indentChars) ppr.push(`<w:ind w:firstLineChars="${p.indentChars * 100}" w:firstLine="${Math.round(p.indentChars * (p.size ?? 16) * 20)}"/>`);
  if (p.align) ppr.push(`<w:jc w:val="${p.align}"/>`);
  const rpr: string[] = [];
  if (p.font) rpr.push(`<w:rFonts w:ascii="${p.font}" w:eastAsia="${p.font}" w:hAnsi="${p.font}"/>`);
  if (p.bold) rpr.push('<w:b/>');
  if (p.size) rpr.push(`<w:sz w:val="${Math.round(p.size * 2)}"/><w:szCs w:val="${Math.round(p.size * 2)}"/>`);
  return (
    `<w:p>${ppr.length ? `<w:pPr>${ppr.join('')}</w:pPr>` : ''}` +
    `<w:r>${rpr.length ? `<w:rPr>${rpr.join('')}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(p.text)}</w:t></w:r></w:p>`
  );
}

/**
 * A Chinese office document: title centred in 2号 小标宋, headings by their markers (「一、」 黑体,
 * 「（一）」 楷体), body 3号 仿宋 indented two characters; lines under `right` (落款, date) at the right.
 */
export async function makeOfficeDocx(path: string, o: { title: string; lines: string[]; right?: string[] }): Promise<void> {
  const paras: DocxPara[] = [{ text: o.title, align: 'center', size: 22, font: '方正小标宋简体' }, { text: '', size: 16 }];
  for (const line of o.lines) {
    if (/^[一二三四五六七八九十]+、/.test(line) && line.length <= 20) paras.push({ text: line, size: 16, font: '黑体', indentChars: 2 });
    else if (/^（[一二三四五六七八九十]+）/.test(line) && line.length <= 24) paras.push({ text: line, size: 16, font: '楷体_GB2312', indentChars: 2 });
    else if (/^[^：]{2,6}：/.test(line) && line.length < 60 && !/。$/.test(line)) paras.push({ text: line, size: 16, font: '仿宋_GB2312' });
    else paras.push({ text: line, size: 16, font: '仿宋_GB2312', indentChars: 2, align: 'both' });
  }
  if (o.right?.length) {
    paras.push({ text: '', size: 16 });
    for (const r of o.right) paras.push({ text: `${r}　　　　`, size: 16, font: '仿宋_GB2312', align: 'right' });
  }
  await makeDocx(path, { paragraphs: paras });
}

// --- glyph outlines as SVG (no system font needed) ---

interface GlyphFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number; path: { toSVG(): string } };
}
const glyphFonts = new Map<string, Promise<GlyphFont>>();

async function glyphFont(role: 'hei' | 'fang' | 'kai'): Promise<GlyphFont> {
  let p = glyphFonts.get(role);
  if (!p) {
    p = (async () => {
      return (await openBundled(bundledFiles()[role], role)).font as unknown as GlyphFont;
    })();
    glyphFonts.set(role, p);
  }
  return p;
}

/** SVG for a line of text set in `font` at (x, baseline y); `jitter` makes it look handwritten. */
function svgText(
  font: GlyphFont,
  text: string,
  x: number,
  y: number,
  size: number,
  opts: { fill?: string; anchor?: 'start' | 'middle'; spacing?: number; jitter?: () => number } = {},
): string {
  const s = size / font.unitsPerEm;
  const glyphs = [...text].map((ch) => {
    const cp = ch.codePointAt(0)!;
    return font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp) : null;
  });
  const spacing = opts.spacing ?? 0;
  const total = glyphs.reduce((w, g) => w + (g ? g.advanceWidth * s : size / 2) + spacing, -spacing);
  let cx = opts.anchor === 'middle' ? x - total / 2 : x;
  const parts: string[] = [];
  for (const g of glyphs) {
    if (g) {
      const j = opts.jitter;
      const dx = j ? j() * size * 0.08 : 0;
      const dy = j ? j() * size * 0.1 : 0;
      const rot = j ? j() * 6 : 0;
      const sc = j ? 1 + j() * 0.08 : 1;
      const w = g.advanceWidth * s;
      parts.push(
        `<path transform="translate(${(cx + dx).toFixed(1)} ${(y + dy).toFixed(1)}) rotate(${rot.toFixed(1)} ${(w / 2).toFixed(1)} ${(-size / 3).toFixed(1)}) scale(${(s * sc).toFixed(5)} ${(-s * sc).toFixed(5)})" d="${g.path.toSVG()}"/>`,
      );
      cx += w + spacing;
    } else cx += size / 2 + spacing;
  }
  return `<g fill="${opts.fill ?? '#000'}">${parts.join('')}</g>`;
}

export interface SignInOptions {
  /** 会议名称, printed above the table. */
  title: string;
  /** Printed under the title: 时间 and 地点. */
  date: string;
  place: string;
  /** Who signed, with unit and post. */
  signers: { name: string; unit: string; post: string }[];
  /** EXIF DateTimeOriginal of the phone photo of the sheet. */
  exifTime: string;
  seed: number;
}

/**
 * A sign-in sheet as clerks file it: a printed ruled table (序号, 单位, 职务, 签名, 联系电话) signed
 * by hand, photographed or scanned: grey paper, slightly rotated, soft, with the phone's EXIF date.
 */
export async function makeSignInJpeg(path: string, o: SignInOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const [hei, fang, kai] = await Promise.all([glyphFont('hei'), glyphFont('fang'), glyphFont('kai')]);
  const rand = mulberry32(o.seed);
  const jitter = (): number => rand() * 2 - 1;
  const W = 1240;
  const H = 1754;
  const left = 110;
  const right = W - 110;
  const cols = [left, left + 80, left + 420, left + 600, left + 830, right];
  const headers = ['序号', '单位', '职务', '签名', '联系电话'];
  const rowH = 62;
  const tableTop = 330;
  const rows = 20;
  const svg: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">`, `<rect width="${W}" height="${H}" fill="#fff"/>`];
  svg.push(svgText(hei, `${o.title}签到表`, W / 2, 180, 46, { anchor: 'middle' }));
  svg.push(svgText(fang, `时间：${o.date}`, left, 270, 28));
  svg.push(svgText(fang, `地点：${o.place}`, left + 560, 270, 28));
  const tableBottom = tableTop + rowH * (rows + 1);
  svg.push(`<g stroke="#000" stroke-width="2" fill="none">`);
  svg.push(`<rect x="${left}" y="${tableTop}" width="${right - left}" height="${tableBottom - tableTop}" stroke-width="3"/>`);
  for (let r = 1; r <= rows; r++) svg.push(`<line x1="${left}" y1="${tableTop + r * rowH}" x2="${right}" y2="${tableTop + r * rowH}"/>`);
  for (const c of cols.slice(1, -1)) svg.push(`<line x1="${c}" y1="${tableTop}" x2="${c}" y2="${tableBottom}"/>`);
  svg.push('</g>');
  for (const [i, h] of headers.entries()) svg.push(svgText(hei, h, (cols[i] + cols[i + 1]) / 2, tableTop + 42, 28, { anchor: 'middle' }));
  const inks = ['#1b2a6b', '#111', '#20307a', '#222'];
  for (let r = 0; r < rows; r++) {
    const base = tableTop + (r + 1) * rowH + 42;
    svg.push(svgText(fang, String(r + 1), (cols[0] + cols[1]) / 2, base, 24, { anchor: 'middle' }));
    const s = o.signers[r];
    if (!s) continue;
    svg.push(svgText(fang, s.unit, cols[1] + 12, base, 24));
    svg.push(svgText(fang, s.post, (cols[2] + cols[3]) / 2, base, 24, { anchor: 'middle' }));
    const ink = inks[Math.floor(rand() * inks.length)];
    svg.push(svgText(kai, s.name, (cols[3] + cols[4]) / 2 + jitter() * 20, base + jitter() * 4, 36 + jitter() * 3, { anchor: 'middle', fill: ink, spacing: 2 + rand() * 6, jitter }));
    if (rand() < 0.7) {
      let phone = '1';
      for (let k = 0; k < 10; k++) phone += String(Math.floor(rand() * 10));
      svg.push(svgText(kai, phone.slice(0, 3) + '****' + phone.slice(7), (cols[4] + cols[5]) / 2, base, 26, { anchor: 'middle', fill: ink, jitter }));
    }
  }
  svg.push('</svg>');
  // The photographed sheet: turned a little, grey paper under uneven light (a blotchy field of
  // brightness, different on every sheet, so two sheets of one printed form never look like one
  // photo to the 一图多用 check), slightly soft.
  const angle = (rand() < 0.5 ? -1 : 1) * (0.4 + rand() * 0.8);
  const page = await sharp(Buffer.from(svg.join(''))).flatten({ background: '#fff' }).greyscale().raw().toBuffer();
  // The light is set per ninth of the width and eighth of the height against what the form itself
  // shows there, so the sheet's overall pattern of light is its own.
  const pageChannels = page.length / (W * H);
  const cells = await sharp(page, { raw: { width: W, height: H, channels: pageChannels as 1 } }).resize(9, 8, { fit: 'fill' }).greyscale().raw().toBuffer();
  const target = lightField(rand);
  const grid = Buffer.alloc(9 * 8);
  let mean = 0;
  for (const c of cells) mean += c / cells.length;
  for (let i = 0; i < grid.length; i++) grid[i] = Math.max(120, Math.min(255, Math.round(0.95 * target[i] * Math.sqrt(mean / Math.max(1, cells[i])))));
  const light = lightMap(grid, W, H);
  const lit = Buffer.alloc(W * H);
  for (let i = 0, j = 0; i < lit.length; i++, j += pageChannels) lit[i] = (page[j] * light[i]) / 255;
  const img = sharp(lit, { raw: { width: W, height: H, channels: 1 } })
    .rotate(angle, { background: '#e4e4e4' })
    .resize(W, H, { fit: 'cover' })
    .blur(0.6)
    .linear(0.9, 14)
    .withExif({ IFD0: { Make: 'HUAWEI', Model: 'ELS-AN00', DateTime: o.exifTime }, IFD2: { DateTimeOriginal: o.exifTime, DateTimeDigitized: o.exifTime, OffsetTimeOriginal: '+08:00' } });
  await img.jpeg({ quality: 82 }).toFile(path);
}

/** The 9 × 8 field spread over W × H pixels, bilinear between the cells' centres. */
function lightMap(grid: Buffer, W: number, H: number): Uint8Array {
  const out = new Uint8Array(W * H);
  const xs = new Float32Array(W);
  const x0s = new Uint8Array(W);
  for (let x = 0; x < W; x++) {
    const fx = Math.min(7.999, Math.max(0, ((x + 0.5) / W) * 9 - 0.5));
    x0s[x] = Math.floor(fx);
    xs[x] = fx - x0s[x];
  }
  for (let y = 0; y < H; y++) {
    const fy = Math.min(6.999, Math.max(0, ((y + 0.5) / H) * 8 - 0.5));
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const r0 = y0 * 9;
    const r1 = r0 + 9;
    let o = y * W;
    for (let x = 0; x < W; x++) {
      const c = x0s[x];
      const tx = xs[x];
      const top = grid[r0 + c] + (grid[r0 + c + 1] - grid[r0 + c]) * tx;
      const bottom = grid[r1 + c] + (grid[r1 + c + 1] - grid[r1 + c]) * tx;
      out[o++] = top + (bottom - top) * ty;
    }
  }
  return out;
}

/** Light patterns of the sheets made so far in this process (the signs of their horizontal steps). */
const lightPatterns: bigint[] = [];

/**
 * A 9 × 8 field of brightness (172–255) whose horizontal steps are clear and whose pattern of
 * steps differs in at least 16 of 64 places from every field made before in this process.
 */
function lightField(rand: () => number): Buffer {
  for (let attempt = 0; ; attempt++) {
    const grid = Buffer.alloc(9 * 8);
    let bits = 0n;
    for (let r = 0; r < 8; r++) {
      const walk = [0];
      for (let c = 0; c < 8; c++) {
        const down = rand() < 0.5;
        bits = (bits << 1n) | (down ? 1n : 0n);
        walk.push(walk[c] + (down ? -1 : 1) * (9 + rand() * 6));
      }
      const lo = Math.min(...walk);
      const hi = Math.max(...walk);
      const scale = Math.min(1, 83 / Math.max(1, hi - lo));
      const base = 172 + rand() * (83 - (hi - lo) * scale);
      for (let c = 0; c < 9; c++) grid[r * 9 + c] = Math.round(base + (walk[c] - lo) * scale);
    }
    const far = lightPatterns.every((p) => {
      let x = p ^ bits;
      let d = 0;
      for (; x; x &= x - 1n) d++;
      return d >= 16;
    });
    if (far || attempt > 50) {
      if (lightPatterns.length > 2000) lightPatterns.shift();
      lightPatterns.push(bits);
      return grid;
    }
  }
}

export interface EventPhotoOptions extends JpegOptions {
  /** The red banner over the stage (横幅), in yellow characters. */
  banner: string;
  /** A meeting room with rows of seats, or a square with tents and display boards. */
  scene?: 'indoor' | 'outdoor';
}

const SHIRTS = ['#1f2a44', '#2b2b2b', '#e9e9e4', '#3c4f76', '#5a5a5a', '#f2f2f2', '#24355e', '#7a2e2e', '#2f4f3f'];
const HAIR = ['#151515', '#222', '#2b2320', '#3a3a3a'];

/** One person: body, head and hair; seen from behind (hair only) or facing (a face under the hair). */
function personSvg(x: number, y: number, s: number, shirt: string, facing: boolean, rand: () => number): string {
  const hair = HAIR[Math.floor(rand() * HAIR.length)];
  const body = `<rect x="${(x - s * 0.55).toFixed(1)}" y="${(y + s * 0.5).toFixed(1)}" width="${(s * 1.1).toFixed(1)}" height="${(s * 1.6).toFixed(1)}" rx="${(s * 0.35).toFixed(1)}" fill="${shirt}"/>`;
  const head = facing
    ? `<circle cx="${x.toFixed(1)}" cy="${(y + s * 0.1).toFixed(1)}" r="${(s * 0.38).toFixed(1)}" fill="#e2b999"/><path d="M${(x - s * 0.4).toFixed(1)} ${(y + s * 0.05).toFixed(1)} a${(s * 0.4).toFixed(1)} ${(s * 0.4).toFixed(1)} 0 0 1 ${(s * 0.8).toFixed(1)} 0 z" fill="${hair}"/>`
    : `<circle cx="${x.toFixed(1)}" cy="${(y + s * 0.1).toFixed(1)}" r="${(s * 0.4).toFixed(1)}" fill="${hair}"/>`;
  return body + head;
}

function sceneSvg(w: number, h: number, banner: string, scene: 'indoor' | 'outdoor', rand: () => number, font: GlyphFont): string {
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">`];
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const bannerH = h * (0.07 + rand() * 0.03);
  const bannerTop = h * (0.05 + rand() * 0.12);
  const bannerW = w * (0.7 + rand() * 0.3);
  const bannerX = (w - bannerW) / 2 + (rand() - 0.5) * w * 0.1;
  if (scene === 'indoor') {
    const wall = pick(['#d9cfbf', '#cfd6dc', '#e0dcd2', '#c9c2b4', '#d4d9cf']);
    parts.push(`<rect width="${w}" height="${h}" fill="${wall}"/>`);
    parts.push(`<rect y="${(h * 0.55).toFixed(0)}" width="${w}" height="${(h * 0.45).toFixed(0)}" fill="${pick(['#8a6f55', '#7b6a5a', '#6f6f72', '#9a8468'])}"/>`);
    // The front table and the people at it, facing the camera.
    const tableY = h * (0.4 + rand() * 0.08);
    parts.push(`<rect x="${(w * 0.1).toFixed(0)}" y="${tableY.toFixed(0)}" width="${(w * 0.8).toFixed(0)}" height="${(h * 0.09).toFixed(0)}" fill="${pick(['#7a1f1f', '#3d2b1f', '#2e4a7a'])}"/>`);
    const front = 3 + Math.floor(rand() * 3);
    for (let i = 0; i < front; i++) {
      const x = w * (0.2 + (0.6 * (i + 0.5)) / front) + (rand() - 0.5) * 10;
      parts.push(personSvg(x, tableY - h * 0.075, h * 0.05, pick(SHIRTS), true, rand));
    }
    parts.push(`<rect x="${(w * 0.1).toFixed(0)}" y="${(tableY + h * 0.015).toFixed(0)}" width="${(w * 0.8).toFixed(0)}" height="${(h * 0.075).toFixed(0)}" fill="${pick(['#7a1f1f', '#3d2b1f', '#2e4a7a'])}"/>`);
    // The audience from behind, rows growing toward the camera.
    const rows = 3 + Math.floor(rand() * 2);
    for (let r = 0; r < rows; r++) {
      const s = h * (0.055 + r * 0.025);
      const y = h * (0.58 + r * 0.11);
      const count = Math.max(3, Math.round(w / (s * 1.5)));
      for (let i = 0; i < count; i++) {
        if (rand() < 0.15) continue;
        parts.push(personSvg((i + 0.5 + (rand() - 0.5) * 0.3) * (w / count), y + (rand() - 0.5) * s * 0.2, s, pick(SHIRTS), false, rand));
      }
    }
  } else {
    parts.push(`<rect width="${w}" height="${(h * 0.45).toFixed(0)}" fill="${pick(['#a9c8e8', '#bcd3ea', '#c8d8e4', '#dfe6ea'])}"/>`);
    parts.push(`<rect y="${(h * 0.45).toFixed(0)}" width="${w}" height="${(h * 0.55).toFixed(0)}" fill="${pick(['#a7a39a', '#b5ae9f', '#9c9c94'])}"/>`);
    // Tents and display boards.
    const tents = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < tents; i++) {
      const x = w * (i + 0.1 + rand() * 0.3) / tents;
      const tw = w * (0.2 + rand() * 0.08);
      const ty = h * (0.3 + rand() * 0.06);
      const colour = pick(['#1f5fa8', '#c8161d', '#e7e7e7', '#2c8a4b']);
      parts.push(`<path d="M${x.toFixed(0)} ${(ty + h * 0.08).toFixed(0)} L${(x + tw * 0.15).toFixed(0)} ${ty.toFixed(0)} L${(x + tw * 0.85).toFixed(0)} ${ty.toFixed(0)} L${(x + tw).toFixed(0)} ${(ty + h * 0.08).toFixed(0)} Z" fill="${colour}"/>`);
      parts.push(`<rect x="${(x + tw * 0.05).toFixed(0)}" y="${(ty + h * 0.08).toFixed(0)}" width="${(tw * 0.9).toFixed(0)}" height="${(h * 0.2).toFixed(0)}" fill="#f4f1ea" opacity="0.55"/>`);
      parts.push(`<rect x="${(x + tw * 0.1).toFixed(0)}" y="${(ty + h * 0.2).toFixed(0)}" width="${(tw * 0.8).toFixed(0)}" height="${(h * 0.06).toFixed(0)}" fill="#e8e3d6"/>`);
    }
    for (let i = 0; i < 3; i++) {
      const bx = w * (0.05 + rand() * 0.8);
      const by = h * (0.42 + rand() * 0.05);
      parts.push(`<rect x="${bx.toFixed(0)}" y="${by.toFixed(0)}" width="${(w * 0.12).toFixed(0)}" height="${(h * 0.2).toFixed(0)}" fill="#fafafa" stroke="#1f5fa8" stroke-width="4"/>`);
      parts.push(`<rect x="${(bx + w * 0.015).toFixed(0)}" y="${(by + h * 0.03).toFixed(0)}" width="${(w * 0.09).toFixed(0)}" height="${(h * 0.05).toFixed(0)}" fill="${pick(['#3a7bd5', '#e36b2c', '#3aa76d'])}"/>`);
    }
    // Visitors and volunteers standing about (red vests for the volunteers).
    const people = 10 + Math.floor(rand() * 12);
    const standing: [number, number][] = [];
    for (let i = 0; i < people; i++) standing.push([rand() * w, h * (0.55 + rand() * 0.32)]);
    standing.sort((p, q) => p[1] - q[1]);
    for (const [x, y] of standing) {
      const s = h * (0.03 + ((y / h) - 0.5) * 0.12);
      parts.push(personSvg(x, y, s, rand() < 0.3 ? '#d22a2a' : pick(SHIRTS), rand() < 0.5, rand));
    }
  }
  // The banner.
  let size = bannerH * 0.62;
  const chars = [...banner].length;
  if (size * chars > bannerW * 0.9) size = (bannerW * 0.9) / chars;
  parts.push(`<rect x="${bannerX.toFixed(0)}" y="${bannerTop.toFixed(0)}" width="${bannerW.toFixed(0)}" height="${bannerH.toFixed(0)}" fill="#c8161d"/>`);
  parts.push(svgText(font, banner, bannerX + bannerW / 2, bannerTop + bannerH / 2 + size * 0.36, size, { anchor: 'middle', fill: '#ffe14a' }));
  parts.push('</svg>');
  return parts.join('');
}

/**
 * An event photo: a room (or a square, for outdoor activities) with the event's red banner, people
 * seated or standing, rendered at half size and enlarged with sensor noise, under light uneven in
 * its own way (so no two photos of one process look like copies to the 一图多用 check). With
 * orientation 6 the stored pixels are turned, so the upright photo appears once a viewer applies
 * the EXIF orientation.
 */
export async function makeEventPhoto(path: string, opts: EventPhotoOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const turned = opts.orientation === 6 || opts.orientation === 8;
  const W = turned ? opts.height : opts.width;
  const H = turned ? opts.width : opts.height;
  const hei = await glyphFont('hei');
  const rand = mulberry32((opts.seed ?? 1) * 7 + 3);
  const w = Math.round(W / 2);
  const h = Math.round(H / 2);
  const svg = sceneSvg(w, h, opts.banner, opts.scene ?? 'indoor', rand, hei);
  const small = await sharp(Buffer.from(svg)).flatten({ background: '#fff' }).removeAlpha().png({ compressionLevel: 0 }).toBuffer();
  const px = await sharp(small).resize(W, H, { kernel: 'linear' }).removeAlpha().raw().toBuffer();
  // Sensor noise (±6 levels) and the light.
  const grey = await sharp(px, { raw: { width: W, height: H, channels: 3 } }).resize(9, 8, { fit: 'fill' }).greyscale().extractChannel(0).raw().toBuffer();
  const target = lightField(rand);
  const grid = Buffer.alloc(9 * 8);
  for (let i = 0; i < grid.length; i++) grid[i] = Math.max(110, Math.min(255, Math.round((0.8 * 255 * target[i]) / Math.max(1, grey[i]))));
  const light = lightMap(grid, W, H);
  let n = (((opts.seed ?? 1) * 2654435761) >>> 0) || 1;
  for (let i = 0, j = 0; i < light.length; i++) {
    const l = light[i];
    for (let c = 0; c < 3; c++, j++) {
      n ^= n << 13;
      n ^= n >>> 17;
      n ^= n << 5;
      n >>>= 0;
      const v = (px[j] * l) / 255 + ((n >>> 28) - 8) * 0.75;
      px[j] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  let img = sharp(px, { raw: { width: W, height: H, channels: 3 } });
  // Stored as the sensor saw it: orientation 6 is displayed turned 90° clockwise.
  if (opts.orientation === 6) {
    const upright = await img.raw().toBuffer({ resolveWithObject: true });
    img = sharp(upright.data, { raw: { width: W, height: H, channels: upright.info.channels } }).rotate(270);
  }
  await writeCameraJpeg(img, path, opts, 'ELS-AN00');
}
