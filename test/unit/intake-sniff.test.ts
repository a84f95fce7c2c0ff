import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import { sniffType, MIME_ENCRYPTED_OFFICE, MIME_OFD } from '../../main/intake/sniff';
import {
  makeDoc, makeDocx, makeHeic, makeJpeg, makeMp4, makeOle, makePdf, makePng, makeWps,
} from '../../main/demo/sample-files';
import { tmpDir } from '../helpers/tmp';

const dir = tmpDir('tz-sniff-');
const at = (name: string) => path.join(dir, name);
const write = (name: string, bytes: Buffer | string) => {
  fs.writeFileSync(at(name), bytes);
  return at(name);
};
const typeOf = async (file: string, name = path.basename(file)) => (await sniffType(file, name)).type;

/** A zip with the given entries; `stored` entries are not compressed, so their size is exact. */
async function makeZip(file: string, entries: { name: string; data: Buffer; stored?: boolean }[]): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yazl = require('yazl');
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: !e.stored });
  zip.end();
  const out = fs.createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
  return file;
}

const box = (type: string, payload: string) => {
  const b = Buffer.alloc(8 + payload.length);
  b.writeUInt32BE(b.length);
  b.write(type + payload, 4, 'latin1');
  return b;
};
const ftyp = (major: string, compat = 'isom') => Buffer.concat([box('ftyp', `${major}\0\0\0\0${compat}`), Buffer.alloc(64)]);

describe('sniffType: images', () => {
  test('JPEG and PNG from the generators', async () => {
    await makeJpeg(at('a.jpg'), { width: 64, height: 48 });
    await makePng(at('b.png'), { width: 64, height: 48 });
    expect(await sniffType(at('a.jpg'), 'a.jpg')).toEqual({ type: 'jpeg', mime: 'image/jpeg' });
    expect(await sniffType(at('b.png'), 'b.png')).toEqual({ type: 'png', mime: 'image/png' });
  });

  test('content wins over the extension: a JPEG renamed .pdf, a PNG with no extension', async () => {
    await makeJpeg(at('照片.pdf'), { width: 64, height: 48 });
    await makePng(at('noext'), { width: 16, height: 16 });
    expect(await typeOf(at('照片.pdf'))).toBe('jpeg');
    expect(await typeOf(at('noext'))).toBe('png');
  });

  test('GIF, TIFF, WEBP written by sharp; BMP by hand', async () => {
    const img = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } });
    await img().gif().toFile(at('c.gif'));
    await img().tiff().toFile(at('d.tif'));
    await img().webp().toFile(at('e.webp'));
    const bmp = Buffer.alloc(58);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(58, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    expect([await typeOf(at('c.gif')), await typeOf(at('d.tif')), await typeOf(at('e.webp')), await typeOf(write('f.bmp', bmp))])
      .toEqual(['gif', 'tiff', 'webp', 'bmp']);
  });

  test('text that merely starts with "BM" is not a bitmap', async () => {
    expect(await typeOf(write('bm.txt', 'BMW 车辆登记表\n'))).toBe('text');
  });

  test('HEIC and AVIF are both "heic" (the ftyp brand decides), told apart by mime', async () => {
    await makeHeic(at('g.heic'));
    expect(await sniffType(at('g.heic'), 'g.heic')).toEqual({ type: 'heic', mime: 'image/heic' });
    expect(await sniffType(write('h.avif', ftyp('avif', 'mif1')), 'h.avif')).toEqual({ type: 'heic', mime: 'image/avif' });
    expect(await typeOf(write('i.heic', ftyp('mif1', 'heic')))).toBe('heic');
  });
});

describe('sniffType: audio and video', () => {
  test('MP4 from the generator, QuickTime, 3GP, M4A', async () => {
    await makeMp4(at('v.mp4'));
    expect(await sniffType(at('v.mp4'), 'v.mp4')).toEqual({ type: 'video', mime: 'video/mp4' });
    expect(await sniffType(write('v.mov', ftyp('qt  ')), 'v.mov')).toEqual({ type: 'video', mime: 'video/quicktime' });
    expect(await sniffType(write('v.3gp', ftyp('3gp4')), 'v.3gp')).toEqual({ type: 'video', mime: 'video/3gpp' });
    expect(await sniffType(write('a.m4a', ftyp('M4A ')), 'a.m4a')).toEqual({ type: 'audio', mime: 'audio/mp4' });
  });

  test('AVI, WAV, MKV, WebM, FLV, WMV, MP3', async () => {
    const riff = (form: string) => Buffer.concat([Buffer.from('RIFF\x10\0\0\0' + form, 'latin1'), Buffer.alloc(64)]);
    const ebml = (doc: string) => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from(doc), Buffer.alloc(32)]);
    const asf = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c' + '00'.repeat(32), 'hex');
    const mp3Frame = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]);
    const cases: [string, Buffer, string][] = [
      ['x.avi', riff('AVI '), 'video/x-msvideo'],
      ['x.wav', riff('WAVE'), 'audio/wav'],
      ['x.mkv', ebml('matroska'), 'video/x-matroska'],
      ['x.webm', ebml('webm'), 'video/webm'],
      ['x.flv', Buffer.concat([Buffer.from('FLV\x01\x05', 'latin1'), Buffer.alloc(16)]), 'video/x-flv'],
      ['x.wmv', asf, 'video/x-ms-wmv'],
      ['x.mp3', Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), mp3Frame]), 'audio/mpeg'],
      ['y.mp3', mp3Frame, 'audio/mpeg'],
    ];
    for (const [name, bytes, mime] of cases) {
      expect([name, (await sniffType(write(name, bytes), name)).mime]).toEqual([name, mime]);
    }
  });
});

describe('sniffType: documents', () => {
  test('PDF, also with junk before the header', async () => {
    await makePdf(at('p.pdf'), { pages: 1 });
    const pdf = fs.readFileSync(at('p.pdf'));
    expect(await typeOf(at('p.pdf'))).toBe('pdf');
    expect(await typeOf(write('junk.pdf', Buffer.concat([Buffer.from('\r\n\0\0MAILGW 1.0\r\n'), pdf])))).toBe('pdf');
    // Past the first 1 KB it is no longer a PDF header.
    expect(await typeOf(write('late.bin', Buffer.concat([Buffer.alloc(2048, 1), pdf])))).toBe('unknown');
  });

  test('DOCX, XLSX, PPTX by the parts inside, whatever the name', async () => {
    await makeDocx(at('d.zip'), { paragraphs: ['通知'] });
    const xml = Buffer.from('<x/>');
    await makeZip(at('s.bin'), [{ name: '[Content_Types].xml', data: xml }, { name: 'xl/workbook.xml', data: xml }]);
    await makeZip(at('p.bin'), [{ name: '[Content_Types].xml', data: xml }, { name: 'ppt/presentation.xml', data: xml }]);
    expect([await typeOf(at('d.zip')), await typeOf(at('s.bin')), await typeOf(at('p.bin'))]).toEqual(['docx', 'xlsx', 'pptx']);
  });

  test('reads the central directory: word/ behind a 100 KB entry is still found', async () => {
    const big = Buffer.alloc(100 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    await makeZip(at('late.docx'), [
      { name: 'docProps/thumbnail.jpeg', data: big, stored: true },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect(await typeOf(at('late.docx'))).toBe('docx');
  });

  test('a plain zip, an OFD, and a WPS zip without Word parts', async () => {
    const data = Buffer.from('hello');
    await makeZip(at('a.zip'), [{ name: '照片/1.jpg', data }]);
    await makeZip(at('b.ofd'), [{ name: 'OFD.xml', data }, { name: 'Doc_0/Document.xml', data }]);
    await makeZip(at('c.wps'), [{ name: 'content.xml', data }]);
    expect(await sniffType(at('a.zip'), 'a.zip')).toEqual({ type: 'zip', mime: 'application/zip' });
    expect(await sniffType(at('b.ofd'), 'b.ofd')).toEqual({ type: 'zip', mime: MIME_OFD });
    expect(await typeOf(at('c.wps'))).toBe('wps');
  });

  test('OLE: WPS and ET by extension, DOC/XLS by stream name, encrypted OOXML, bare header', async () => {
    await makeWps(at('w.wps'));
    await makeDoc(at('d.doc'));
    await makeDoc(at('renamed.bin')); // no extension to go by: the WordDocument stream says it
    await makeOle(at('sheet.dat'), 'Workbook');
    await makeOle(at('e.et'), 'Workbook');
    await makeOle(at('secret.docx'), 'EncryptedPackage');
    const bare = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]);
    expect([
      await typeOf(at('w.wps')), await typeOf(at('d.doc')), await typeOf(at('renamed.bin')),
      await typeOf(at('sheet.dat')), await typeOf(at('e.et')),
      await typeOf(write('old.xls', bare)), await typeOf(write('mystery.bin', bare)),
    ]).toEqual(['wps', 'doc', 'doc', 'xls', 'et', 'xls', 'ole']);
    expect(await sniffType(at('secret.docx'), 'secret.docx')).toEqual({ type: 'ole', mime: MIME_ENCRYPTED_OFFICE });
  });

  test('text: UTF-8 Chinese, GBK (old Notepad), and binaries that are not text', async () => {
    expect(await sniffType(write('u.txt', '会议记录\r\n时间：2023年3月8日\n'), 'u.txt'))
      .toEqual({ type: 'text', mime: 'text/plain; charset=utf-8' });
    // "会议记录" in GBK.
    expect((await sniffType(write('g.txt', Buffer.from('bbe1d2e9bcc7c2bc0d0a', 'hex')), 'g.txt')).mime)
      .toBe('text/plain; charset=gb18030');
    expect(await typeOf(write('nul.txt', Buffer.from('abc\0def')))).toBe('unknown');
    expect(await typeOf(write('ctl.bin', Buffer.from([0x41, 0x02, 0x03, 0x42])))).toBe('unknown');
    expect(await typeOf(write('empty.txt', Buffer.alloc(0)))).toBe('unknown');
  });

  test('a multi-byte character cut by the 64 KB read is still text', async () => {
    // 21846 three-byte characters = 65538 bytes: the read ends inside the last one.
    expect((await sniffType(write('long.txt', '档'.repeat(21846)), 'long.txt')).mime).toBe('text/plain; charset=utf-8');
  });

  test('a missing file is an I/O error, not a type', async () => {
    await expect(sniffType(at('nope.jpg'), 'nope.jpg')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
