import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import exifr from 'exifr';
import { exifDate, exifTimeOf, jpegSize, makeThumbnail, openPdf, probeFile, probeWithThumbnail, WARNINGS, type ProbeResult } from '../../main/intake/probe';
import {
  makeCorruptJpeg, makeDoc, makeDocx, makeHeic, makeJpeg, makeMp4, makeOle, makePdf, makePng, makeWps,
} from '../../main/demo/sample-files';
import { tmpDir } from '../helpers/tmp';

const dir = tmpDir('tz-probe-');
const at = (name: string) => path.join(dir, name);
const probe = (name: string) => probeFile(at(name), name);

const NONE: Omit<ProbeResult, 'type' | 'mime'> = {
  pages: null, width: null, height: null, orientation: null, exifTime: null, encrypted: false, warning: null, text: null,
};

describe('photos', () => {
  beforeAll(async () => {
    // A landscape sensor image (1600×1200) that the phone was holding upright: orientation 6.
    await makeJpeg(at('upright.jpg'), {
      width: 1600, height: 1200, exifTime: '2023:03:08 09:15:30', offset: '+08:00', orientation: 6, seed: 5,
    });
    await makeJpeg(at('plain.jpg'), { width: 640, height: 480, seed: 6 });
  });

  test('the generator writes real EXIF, and different seeds give different photos', async () => {
    const tags = await exifr.parse(at('upright.jpg'), { reviveValues: false, translateValues: false });
    expect(tags).toMatchObject({ DateTimeOriginal: '2023:03:08 09:15:30', OffsetTimeOriginal: '+08:00', Orientation: 6 });
    await makeJpeg(at('seed7.jpg'), { width: 640, height: 480, seed: 7 });
    expect(fs.readFileSync(at('seed7.jpg')).equals(fs.readFileSync(at('plain.jpg')))).toBe(false);
  });

  test('JPEG with EXIF: size as displayed (swapped for orientation 6), orientation, time as written', async () => {
    expect(await probe('upright.jpg')).toEqual({
      ...NONE, type: 'jpeg', mime: 'image/jpeg', width: 1200, height: 1600, orientation: 6, exifTime: '2023-03-08 09:15:30',
    });
  });

  test('JPEG without EXIF time; orientation as written (libvips writes 1), or null with no EXIF at all', async () => {
    expect(await probe('plain.jpg')).toEqual({ ...NONE, type: 'jpeg', mime: 'image/jpeg', width: 640, height: 480, orientation: 1 });
    await sharp({ create: { width: 30, height: 20, channels: 3, background: '#08c' } }).jpeg().toFile(at('bare.jpg'));
    expect(await probe('bare.jpg')).toEqual({ ...NONE, type: 'jpeg', mime: 'image/jpeg', width: 30, height: 20 });
  });

  test('a JPEG’s size is read from its frame header as sharp reads it; a header past the bytes given is left to sharp', async () => {
    for (const name of ['upright.jpg', 'plain.jpg']) {
      const bytes = fs.readFileSync(at(name));
      const meta = await sharp(bytes).metadata();
      expect(jpegSize(bytes.subarray(0, 64 * 1024))).toEqual({ width: meta.width, height: meta.height });
    }
    const upright = fs.readFileSync(at('upright.jpg'));
    // Cut inside the EXIF segment, before the frame header: no guess.
    expect(jpegSize(upright.subarray(0, 40))).toBeNull();
    expect(jpegSize(Buffer.from('not a jpeg at all'))).toBeNull();
  });

  test('the EXIF time of a photo, read from its first bytes; none for a photo without one', async () => {
    expect(await exifTimeOf(at('upright.jpg'))).toBe('2023-03-08 09:15:30');
    expect(await exifTimeOf(at('plain.jpg'))).toBeNull();
    expect(await exifTimeOf(at('no-such-photo.jpg'))).toBeNull();
  });

  test('thumbnail: JPEG, long edge 320, turned upright, parent folders created, no temp file left', async () => {
    const out = at('thumbs/ab/upright.jpg');
    expect(await makeThumbnail(at('upright.jpg'), out)).toBe(true);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 320]);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['upright.jpg']);
  });

  test('thumbnail does not enlarge a small image and flattens transparency onto white', async () => {
    await sharp({ create: { width: 100, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toFile(at('clear.png'));
    expect(await makeThumbnail(at('clear.png'), at('thumbs/clear.jpg'))).toBe(true);
    const { data, info } = await sharp(at('thumbs/clear.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([100, 50]);
    expect(Math.min(...data)).toBeGreaterThan(240);
  });

  test('PNG: size, no warning, and a thumbnail', async () => {
    await makePng(at('scan.png'), { width: 500, height: 700, seed: 2 });
    expect(await probe('scan.png')).toEqual({ ...NONE, type: 'png', mime: 'image/png', width: 500, height: 700 });
    expect(await makeThumbnail(at('scan.png'), at('thumbs/scan.jpg'))).toBe(true);
    expect((await sharp(at('thumbs/scan.jpg')).metadata()).height).toBe(320);
  });

  test('a truncated JPEG gets a warning (no throw) and no thumbnail', async () => {
    await makeCorruptJpeg(at('broken.jpg'));
    const r = await probe('broken.jpg');
    expect(r).toMatchObject({ type: 'jpeg', warning: WARNINGS.imageCorrupt });
    expect(await makeThumbnail(at('broken.jpg'), at('thumbs/broken.jpg'))).toBe(false);
    expect(fs.readdirSync(at('thumbs')).filter((f) => f.startsWith('broken'))).toEqual([]);
  });

  test('a failed thumbnail leaves an existing one untouched (written aside, renamed on success)', async () => {
    const out = at('thumbs/keep.jpg');
    expect(await makeThumbnail(at('plain.jpg'), out)).toBe(true);
    const before = fs.readFileSync(out);
    await makeCorruptJpeg(at('broken2.jpg'));
    expect(await makeThumbnail(at('broken2.jpg'), out)).toBe(false);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  test('HEIC: the iPhone warning, no thumbnail', async () => {
    await makeHeic(at('IMG_0001.HEIC'));
    expect(await probe('IMG_0001.HEIC')).toEqual({ ...NONE, type: 'heic', mime: 'image/heic', warning: WARNINGS.heic });
    expect(await makeThumbnail(at('IMG_0001.HEIC'), at('thumbs/heic.jpg'))).toBe(false);
  });
  test('AVIF (sniffed as heic) is decodable here, so no warning; BMP is not, so it gets one', async () => {
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } }).avif().toFile(at('x.avif'));
    expect(await probe('x.avif')).toEqual({ ...NONE, type: 'heic', mime: 'image/avif', width: 40, height: 30 });
    const bmp = Buffer.alloc(54 + 24); // 4×2, 24-bit, rows padded to 12 bytes
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(bmp.length, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(4, 18);
    bmp.writeInt32LE(2, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    fs.writeFileSync(at('scan.bmp'), bmp);
    expect(await probe('scan.bmp')).toMatchObject({ type: 'bmp', warning: WARNINGS.imageUnsupported });
  });
});

describe('EXIF time does not depend on the machine time zone', () => {
  // exifr revives dates in the local zone; a child process per zone is the only honest way to
  // change the zone (the parent's Date machinery is already initialised).
  const runIn = (tz: string) => {
    const code = `
      const { probeFile } = require(${JSON.stringify(path.resolve(__dirname, '../../main/intake/probe.ts'))});
      probeFile(${JSON.stringify(at('tz.jpg'))}, 'tz.jpg').then((r) => {
        process.stdout.write(JSON.stringify({ exifTime: r.exifTime, offset: new Date(2023, 0, 1).getTimezoneOffset() }));
      });`;
    const child = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', code], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as { exifTime: string; offset: number };
  };

  test.each([
    ['America/New_York', 300],
    ['Asia/Shanghai', -480],
  ])('%s', async (tz, offset) => {
    await makeJpeg(at('tz.jpg'), { width: 64, height: 48, exifTime: '2023:12:31 23:30:00', offset: '+08:00' });
    // The offset proves the child really ran in that zone; the time must not move with it.
    expect(runIn(tz)).toEqual({ exifTime: '2023-12-31 23:30:00', offset });
  });
});

describe('exifDate', () => {
  test.each([
    ['2023:03:08 09:15:30', '2023-03-08 09:15:30'],
    ['2023:03:08 09:15:30\0', '2023-03-08 09:15:30'],
    ['2023-03-08T09:15:30+08:00', '2023-03-08 09:15:30'],
    ['0000:00:00 00:00:00', null],
    ['    :  :     :  :  ', null],
    ['2023:13:08 09:15:30', null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(exifDate(input)).toBe(expected);
  });
});

describe('PDF', () => {
  test('page count', async () => {
    await makePdf(at('three.pdf'), { pages: 3, title: 'Minutes' });
    expect(await probe('three.pdf')).toEqual({ ...NONE, type: 'pdf', mime: 'application/pdf', pages: 3 });
  });

  test('a PDF that needs a password to open: encrypted, warning, no pages', async () => {
    await makePdf(at('locked.pdf'), { pages: 2, encrypted: true });
    expect(await probe('locked.pdf')).toEqual({
      ...NONE, type: 'pdf', mime: 'application/pdf', encrypted: true, warning: WARNINGS.pdfEncrypted,
    });
    await expect(openPdf(fs.readFileSync(at('locked.pdf')))).rejects.toThrow();
  });

  test('a PDF with only an owner password opens like any other, and openPdf decrypts it', async () => {
    await makePdf(at('restricted.pdf'), { pages: 2, restricted: true });
    expect(fs.readFileSync(at('restricted.pdf'), 'latin1')).toContain('/Encrypt');
    expect(await probe('restricted.pdf')).toMatchObject({ pages: 2, encrypted: false, warning: null });
    const doc = await openPdf(fs.readFileSync(at('restricted.pdf')));
    expect(doc.isEncrypted).toBe(false);
  });

  test('corrupt and truncated PDFs: warning, no throw', async () => {
    fs.writeFileSync(at('garbage.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF');
    const whole = fs.readFileSync(at('three.pdf'));
    fs.writeFileSync(at('half.pdf'), whole.subarray(0, whole.length / 2));
    for (const name of ['garbage.pdf', 'half.pdf']) {
      expect(await probe(name)).toMatchObject({ type: 'pdf', pages: null, warning: WARNINGS.pdfCorrupt });
    }
    expect(await makeThumbnail(at('three.pdf'), at('thumbs/pdf.jpg'))).toBe(false);
  });
});

describe('Office and other files', () => {
  test('DOCX: the text, Chinese included, for search', async () => {
    await makeDocx(at('纪要.docx'), { paragraphs: ['关于召开创建全国科普示范县工作推进会的会议纪要', '时间：2023年3月8日'] });
    const r = await probe('纪要.docx');
    expect(r).toMatchObject({ type: 'docx', warning: null, pages: null });
    expect(r.text).toContain('关于召开创建全国科普示范县工作推进会的会议纪要');
    expect(r.text).toContain('2023年3月8日');
  });

  test('DOCX text is cut to 200 KB without splitting a character', async () => {
    const para = '创建全国科普示范县工作推进情况汇报，内容很长。'.repeat(40);
    await makeDocx(at('long.docx'), { paragraphs: Array.from({ length: 200 }, () => para) });
    const text = (await probe('long.docx')).text ?? '';
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200 * 1024);
    expect(Buffer.byteLength(text)).toBeGreaterThan(200 * 1024 - 4);
    expect(text).not.toContain('\uFFFD');
  });

  test('a damaged DOCX: warning, no throw', async () => {
    await makeDocx(at('ok.docx'), { paragraphs: ['正文'] });
    const whole = fs.readFileSync(at('ok.docx'));
    fs.writeFileSync(at('damaged.docx'), whole.subarray(0, whole.length - 80));
    expect(await probe('damaged.docx')).toMatchObject({ type: 'docx', text: null, warning: WARNINGS.docxCorrupt });
  });

  test('WPS, old DOC, password-protected DOCX: kept, with the reason', async () => {
    await makeWps(at('方案.wps'));
    await makeDoc(at('通知.doc'));
    await makeOle(at('locked.docx'), 'EncryptedPackage');
    expect(await probe('方案.wps')).toEqual({ ...NONE, type: 'wps', mime: 'application/kswps', warning: WARNINGS.wps });
    expect(await probe('通知.doc')).toEqual({ ...NONE, type: 'doc', mime: 'application/msword', warning: WARNINGS.doc });
    expect(await probe('locked.docx')).toMatchObject({ type: 'ole', encrypted: true, warning: WARNINGS.officeEncrypted });
  });

  test('plain text is kept for search', async () => {
    fs.writeFileSync(at('记录.txt'), '\uFEFF签到 12 人\r\n');
    expect(await probe('记录.txt')).toMatchObject({ type: 'text', warning: null, text: '签到 12 人' });
  });

  test('empty and unknown files', async () => {
    fs.writeFileSync(at('empty.jpg'), '');
    fs.writeFileSync(at('blob.dat'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]));
    expect(await probe('empty.jpg')).toEqual({ ...NONE, type: 'unknown', mime: 'application/octet-stream', warning: WARNINGS.empty });
    expect(await probe('blob.dat')).toEqual({ ...NONE, type: 'unknown', mime: 'application/octet-stream', warning: WARNINGS.unknown });
  });

  test('a missing file throws (I/O errors are the caller’s business)', async () => {
    await expect(probe('missing.pdf')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('video', () => {
  test('MP4: the placeholder warning', async () => {
    await makeMp4(at('clip.mp4'));
    expect(await probe('clip.mp4')).toEqual({ ...NONE, type: 'video', mime: 'video/mp4', warning: WARNINGS.video });
  });

  test('a 50 MB video is probed quickly, and a 3 GB one (more than Node can read whole) at all', async () => {
    await makeMp4(at('50mb.mp4'), 50 * 1024 * 1024);
    expect(fs.statSync(at('50mb.mp4')).size).toBe(50 * 1024 * 1024);
    const t0 = performance.now();
    expect((await probe('50mb.mp4')).type).toBe('video');
    expect(performance.now() - t0).toBeLessThan(200);
    // readFile refuses anything over 2 GB, so this can only pass if nothing reads the file whole.
    await makeMp4(at('3gb.mov'), 3 * 1024 ** 3);
    expect(await probe('3gb.mov')).toMatchObject({ type: 'video', warning: WARNINGS.video });
    expect(await makeThumbnail(at('3gb.mov'), at('thumbs/3gb.jpg'))).toBe(false);
    fs.rmSync(at('3gb.mov'));
  });
});

describe('probeWithThumbnail: one decode for probe and thumbnail', () => {
  test('a good photo gets the same probe as probeFile, and an upright thumbnail', async () => {
    await makeJpeg(at('pw-good.jpg'), { width: 1200, height: 900, seed: 77, exifTime: '2023:03:08 09:30:00', orientation: 6 });
    const out = at('thumbs/pw-good.jpg');
    const r = await probeWithThumbnail(at('pw-good.jpg'), 'pw-good.jpg', out);
    expect(r.probe).toEqual(await probeFile(at('pw-good.jpg'), 'pw-good.jpg'));
    expect(r.hasThumb).toBe(true);
    // The bytes handed back (for the perceptual hash) are the thumbnail written.
    expect(r.thumb!.equals(fs.readFileSync(out))).toBe(true);
    const meta = await sharp(out).metadata();
    expect(meta.height).toBe(320);
    expect(meta.width!).toBeLessThan(meta.height!);
  });

  test('a corrupt photo gets the corrupt warning and no thumbnail file', async () => {
    await makeCorruptJpeg(at('pw-bad.jpg'));
    const out = at('thumbs/pw-bad.jpg');
    const r = await probeWithThumbnail(at('pw-bad.jpg'), 'pw-bad.jpg', out);
    expect(r).toMatchObject({ hasThumb: false, thumb: null, probe: { type: 'jpeg', warning: WARNINGS.imageCorrupt } });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.dirname(out)).filter((n) => n.includes('pw-bad'))).toEqual([]);
  });

  test('a PDF gets no thumbnail', async () => {
    await makePdf(at('pw.pdf'), { pages: 2 });
    const r = await probeWithThumbnail(at('pw.pdf'), 'pw.pdf', at('thumbs/pw.jpg'));
    expect(r).toMatchObject({ hasThumb: false, probe: { type: 'pdf', pages: 2 } });
  });
});
