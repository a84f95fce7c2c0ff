// A small zip reader in plain Node (no unzip program, so it works the same on Windows): the
// central directory with ZIP64 records, and entry data as a stream, stored or deflated, its
// CRC-32 checked at the end. Enough to verify our own packages and read common zips; not
// encrypted or split archives.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** General purpose bit 11: the name is UTF-8. */
  utf8: boolean;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  /** Sizes or offset came from a ZIP64 extra field. */
  zip64: boolean;
}

export class ZipFormatError extends Error {}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip: 64-bit value too large');
  return Number(v);
}

async function readAt(h: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await h.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('zip: unexpected end of file');
  return buf;
}

export class ZipReader {
  private constructor(
    readonly file: string,
    readonly entries: ZipEntry[],
  ) {}

  static async open(file: string): Promise<ZipReader> {
    const h = await fs.open(file, 'r');
    try {
      const { size } = await h.stat();
      if (size < 22) throw new ZipFormatError('zip: too short');
      const tailLen = Math.min(size, 22 + 0xffff);
      const tail = await readAt(h, size - tailLen, tailLen);
      let at = -1;
      for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
          at = i;
          break;
        }
      }
      if (at < 0) throw new ZipFormatError('zip: no end of central directory');
      let count = tail.readUInt16LE(at + 10);
      let cdSize = tail.readUInt32LE(at + 12);
      let cdOffset = tail.readUInt32LE(at + 16);
      const eocdPos = size - tailLen + at;
      if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocdPos >= 20) {
        const loc = await readAt(h, eocdPos - 20, 20);
        if (loc.readUInt32LE(0) === EOCD64_LOCATOR) {
          const rec = await readAt(h, u64(loc, 8), 56);
          if (rec.readUInt32LE(0) !== EOCD64) throw new ZipFormatError('zip: bad ZIP64 end record');
          count = u64(rec, 32);
          cdSize = u64(rec, 40);
          cdOffset = u64(rec, 48);
        }
      }
      if (cdOffset + cdSize > size) throw new ZipFormatError('zip: central directory outside the file');
      const cd = await readAt(h, cdOffset, cdSize);
      const entries: ZipEntry[] = [];
      let p = 0;
      for (let n = 0; n < count; n++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('zip: bad central directory entry');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        const crc32 = cd.readUInt32LE(p + 16);
        let compressedSize = cd.readUInt32LE(p + 20);
        let uncompressed = cd.readUInt32LE(p + 24);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        let offset = cd.readUInt32LE(p + 42);
        const nameBuf = cd.subarray(p + 46, p + 46 + nameLen);
        const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
        let zip64 = false;
        for (let e = 0; e + 4 <= extra.length; ) {
          const id = extra.readUInt16LE(e);
          const len = extra.readUInt16LE(e + 2);
          if (id === 0x0001) {
            // Only the fields whose 32-bit value is 0xFFFFFFFF are present, in this order.
            let q = e + 4;
            if (uncompressed === 0xffffffff) (uncompressed = u64(extra, q)), (q += 8);
            if (compressedSize === 0xffffffff) (compressedSize = u64(extra, q)), (q += 8);
            if (offset === 0xffffffff) (offset = u64(extra, q)), (q += 8);
            zip64 = true;
          }
          e += 4 + len;
        }
        const utf8 = (flags & 0x800) !== 0;
        const name = nameBuf.toString(utf8 ? 'utf8' : 'latin1');
        if (flags & 0x1) throw new ZipFormatError(`zip: ${name} is encrypted`);
        entries.push({ name, utf8, method, crc32, compressedSize, size: uncompressed, localHeaderOffset: offset, isDirectory: name.endsWith('/'), zip64 });
        p += 46 + nameLen + extraLen + commentLen;
      }
      return new ZipReader(file, entries);
    } finally {
      await h.close();
    }
  }

  /**
   * The entry's bytes, inflated when deflated. The stream errors when the data does not match
   * the size or CRC-32 of the central directory.
   */
  async openStream(entry: ZipEntry, signal?: AbortSignal): Promise<Readable> {
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`zip: ${entry.name}: unsupported method ${entry.method}`);
    const h = await fs.open(this.file, 'r');
    let start: number;
    try {
      const local = await readAt(h, entry.localHeaderOffset, 30);
      if (local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`zip: ${entry.name}: bad local header`);
      start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    } finally {
      await h.close();
    }
    const raw: Readable =
      entry.compressedSize === 0
        ? Readable.from([])
        : createReadStream(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20, signal });
    let crc = 0;
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        cb(null, chunk);
      },
      flush(cb) {
        if (size !== entry.size) cb(new ZipFormatError(`zip: ${entry.name}: ${size} bytes, directory says ${entry.size}`));
        else if (crc >>> 0 !== entry.crc32) cb(new ZipFormatError(`zip: ${entry.name}: CRC-32 mismatch`));
        else cb();
      },
    });
    const forward = (e: Error) => check.destroy(e);
    raw.on('error', forward);
    if (entry.method === 8) {
      const inflate = zlib.createInflateRaw();
      inflate.on('error', forward);
      return raw.pipe(inflate).pipe(check);
    }
    return raw.pipe(check);
  }
}
