// Generators of real files for tests, the benchmark and `taizhang demo`. Each one writes bytes
// that the real decoders (sharp, exifr, pdf-lib, mammoth) accept or reject the way a clerk's
// files would, so the intake code is exercised on the genuine article, not on mocks.
import { createWriteStream } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import PDFDocument from 'pdfkit';

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
  const ifd0: Record<string, string> = { Make: opts.make ?? 'HUAWEI', Model: 'Taizhang Demo' };
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

/** A minimal but valid DOCX (three parts); paragraphs may be Chinese. */
export async function makeDocx(path: string, opts: { paragraphs: string[] }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const body = opts.paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
    .join('');
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
