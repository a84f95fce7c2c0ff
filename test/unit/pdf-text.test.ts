// Reading a PDF's own text (pdfjs, in its worker thread): a 红头 notice's lines in reading order
// with boxes where poppler sees the words; a scan-only PDF found to need OCR and its picture given
// back upright with its place on the page; encrypted and damaged files refused in one Chinese
// line; a page with a broken content stream costing only that page.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { PDFDocument as LibDoc, PDFName, StandardFonts, degrees } from '@cantoo/pdf-lib';
import { makeNoticePdf } from '../../main/demo/sample-files';
import { pdfPageImage, readPdfText } from '../../main/text/pdf-text';
import { words } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';

jest.setTimeout(120_000);

const root = tmpDir('tz-pdftext-');
const notice = path.join(root, 'notice.pdf');
const scan = path.join(root, 'scan.pdf');
const turned = path.join(root, 'scan-turned.pdf');
const jpeg = path.join(root, 'notice.jpg');

/** The scan placed with a margin, as a scanner's PDF sometimes has it. */
const PLACED = { x: 20, y: 30, w: 555, h: 785 };

beforeAll(async () => {
  await makeNoticePdf(notice, {
    office: '某县科学技术协会',
    docNumber: '某科协发〔2022〕12号',
    title: '关于举办2022年全国科普日系列活动的通知',
    addressee: '各乡镇人民政府，县直各单位：',
    body: ['为深入贯彻落实全民科学素质行动规划纲要，决定于9月举办全国科普日系列活动。现将有关事项通知如下。', '一、活动时间', '2022年9月15日至9月25日。'],
    date: '2022-09-05',
  });
  execFileSync('pdftoppm', ['-r', '100', '-jpeg', '-singlefile', notice, jpeg.replace(/\.jpg$/, '')]);
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const out = createWriteStream(scan);
  doc.pipe(out);
  doc.addPage({ size: 'A4', margin: 0 });
  doc.image(jpeg, PLACED.x, PLACED.y, { width: PLACED.w, height: PLACED.h });
  doc.end();
  await once(out, 'finish');
  // The same scan, its page turned a quarter clockwise by /Rotate (a landscape scan set upright).
  const lib = await LibDoc.load(await fs.readFile(scan));
  lib.getPage(0).setRotation(degrees(90));
  await fs.writeFile(turned, await lib.save());
});

describe('a notice with a text layer', () => {
  test('its title, 文号 and date are lines of page 1, in reading order, in points with the origin top left', async () => {
    const r = await readPdfText(notice);
    expect(r.pageCount).toBe(1);
    expect(r.scanPages).toEqual([]);
    const [p] = r.pages;
    expect(p).toMatchObject({ page: 1, source: 'pdf', engine: 'pdfjs' });
    expect(p.width).toBeCloseTo(595.28, 1);
    expect(p.height).toBeCloseTo(841.89, 1);
    const texts = p.lines.map((l) => l.text);
    const at = (s: string) => texts.findIndex((t) => t.includes(s));
    expect(texts[at('〔2022〕12号')]).toBe('某科协发〔2022〕12号');
    // CJK joined without spaces; the title's two lines as printed.
    expect(texts).toContain('关于举办2022年全国');
    expect(texts).toContain('科普日系列活动的通知');
    expect(texts).toContain('2022年9月5日');
    expect(p.text.split('\n')).toEqual(texts);
    // The seal's name, set character by character round its ring, read as one line.
    expect(texts.at(-1)).toBe('某县科学技术协会');
    // Reading order: 版头, 文号, title, body, 落款 and date.
    const order = ['某县科学技术协会文件', '〔2022〕12号', '关于举办', '科普日系列', '各乡镇', '一、活动时间', '2022年9月5日'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const l of p.lines) {
      for (const [x, y] of l.box) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(p.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(p.height);
      }
      expect(l.score).toBe(1);
    }
  });

  test('a line’s box is where poppler finds its words', async () => {
    const [p] = (await readPdfText(notice)).pages;
    const ws = words(notice, 1);
    for (const probe of ['某科协发〔2022〕12号', '2022年9月5日']) {
      const line = p.lines.find((l) => l.text === probe)!;
      const w = ws.find((x) => x.text === probe)!;
      const [tl, , br] = line.box;
      expect(Math.abs(tl[0] - w.xMin)).toBeLessThan(1.5);
      expect(Math.abs(br[0] - w.xMax)).toBeLessThan(1.5);
      // The same line: the two boxes' middles within a quarter of the type size.
      expect(Math.abs((tl[1] + br[1]) / 2 - (w.yMin + w.yMax) / 2)).toBeLessThan(4);
      expect(br[1] - tl[1]).toBeGreaterThan(12);
    }
  });

  test('on a page turned by /Rotate its lines run down the page, each still a line, in the same order, boxes turned with them', async () => {
    const [upright] = (await readPdfText(notice)).pages;
    const lib = await LibDoc.load(await fs.readFile(notice));
    lib.getPage(0).setRotation(degrees(90));
    const file = path.join(root, 'notice-turned.pdf');
    await fs.writeFile(file, await lib.save());
    const [p] = (await readPdfText(file)).pages;
    expect(p.width).toBeCloseTo(upright.height, 1);
    expect(p.height).toBeCloseTo(upright.width, 1);
    expect(p.lines.map((l) => l.text)).toEqual(upright.lines.map((l) => l.text));
    // A quarter turn clockwise: (x, y) on the upright page is (H − y, x) on the turned one.
    const a = upright.lines.find((l) => l.text === '某科协发〔2022〕12号')!;
    const b = p.lines.find((l) => l.text === '某科协发〔2022〕12号')!;
    for (let k = 0; k < 4; k++) {
      expect(b.box[k][0]).toBeCloseTo(upright.height - a.box[k][1], 0);
      expect(b.box[k][1]).toBeCloseTo(a.box[k][0], 0);
    }
    // Poppler agrees on where it is.
    const w = words(file, 1).find((x) => x.text === '某科协发〔2022〕12号')!;
    expect(Math.abs(Math.min(...b.box.map((c) => c[1])) - w.yMin)).toBeLessThan(1.5);
    expect(Math.abs(Math.max(...b.box.map((c) => c[1])) - w.yMax)).toBeLessThan(1.5);
  });

  test('bytes in memory are read too, and left as they were', async () => {
    const bytes = new Uint8Array(await fs.readFile(notice));
    const copy = Buffer.from(bytes);
    const r = await readPdfText(bytes);
    expect(r.pages[0].text).toContain('2022年9月15日至9月25日。');
    expect(Buffer.from(bytes).equals(copy)).toBe(true);
  });
});

describe('a scan-only PDF', () => {
  test('has no text, and its page is one for OCR', async () => {
    const r = await readPdfText(scan);
    expect(r).toEqual({ pageCount: 1, pages: [], scanPages: [1], pageSizes: [{ width: 595.28, height: 841.89 }] });
  });

  test('its picture comes back whole, with where it lies on the page', async () => {
    const img = (await pdfPageImage(scan, 1))!;
    expect(img).not.toBeNull();
    const meta = await sharp(jpeg).metadata();
    expect([img.width, img.height]).toEqual([meta.width, meta.height]);
    expect(await sharp(img.image).metadata()).toMatchObject({ format: 'png', width: meta.width, height: meta.height });
    expect(img.x).toBeCloseTo(PLACED.x, 1);
    expect(img.y).toBeCloseTo(PLACED.y, 1);
    expect(img.w).toBeCloseTo(PLACED.w, 1);
    expect(img.h).toBeCloseTo(PLACED.h, 1);
    expect(await difference(img.image, await fs.readFile(jpeg))).toBeLessThan(3);
  });

  test('on a page turned by /Rotate, the picture comes back as the page shows it', async () => {
    const r = await readPdfText(turned);
    expect(r.scanPages).toEqual([1]);
    expect(r.pageSizes).toEqual([{ width: 841.89, height: 595.28 }]);
    const img = (await pdfPageImage(turned, 1))!;
    const meta = await sharp(jpeg).metadata();
    // Turned a quarter clockwise: as tall as the scan was wide, lying where the turned page has it.
    expect([img.width, img.height]).toEqual([meta.height, meta.width]);
    expect(img.w).toBeCloseTo(PLACED.h, 1);
    expect(img.h).toBeCloseTo(PLACED.w, 1);
    expect(img.x).toBeCloseTo(841.89 - PLACED.y - PLACED.h, 1);
    expect(img.y).toBeCloseTo(PLACED.x, 1);
    const upright = await sharp(jpeg).rotate(90).toBuffer();
    expect(await difference(img.image, upright)).toBeLessThan(3);
    // Not merely the same size: the unturned picture differs.
    expect(await difference(img.image, await sharp(jpeg).rotate(270).toBuffer())).toBeGreaterThan(10);
  });

  test('a bilevel scan (1 bit a pixel, as fax and JBIG2 scans decode) comes back black on white', async () => {
    // 64 × 32 pixels: the left half black, the right half white, one white row across the middle.
    const [w, h] = [64, 32];
    const stride = w / 8;
    const bits = new Uint8Array(stride * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (x >= w / 2 || y === h / 2) bits[y * stride + (x >> 3)] |= 0x80 >> (x & 7);
    const lib = await LibDoc.create();
    const page = lib.addPage([200, 100]);
    const image = lib.context.register(lib.context.flateStream(bits, { Type: 'XObject', Subtype: 'Image', Width: w, Height: h, ColorSpace: 'DeviceGray', BitsPerComponent: 1 }));
    page.node.setXObject(PDFName.of('Im0'), image);
    const content = lib.context.register(lib.context.stream('q 128 0 0 64 36 18 cm /Im0 Do Q'));
    page.node.set(PDFName.of('Contents'), content);
    const file = path.join(root, 'bilevel.pdf');
    await fs.writeFile(file, await lib.save());
    expect((await readPdfText(file)).scanPages).toEqual([1]);
    const img = (await pdfPageImage(file, 1))!;
    expect([img.width, img.height, img.x, img.y, img.w, img.h]).toEqual([w, h, 36, 100 - 18 - 64, 128, 64]);
    const { data, info } = await sharp(img.image).greyscale().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[y * info.width + x];
    expect([at(3, 3), at(60, 3), at(3, h / 2), at(3, h - 2)]).toEqual([0, 255, 255, 0]);
  });

  test('a page number past the end, or a page with no picture, gives null', async () => {
    expect(await pdfPageImage(scan, 2)).toBeNull();
    expect(await pdfPageImage(notice, 1)).toBeNull();
  });
});

describe('files that cannot be read', () => {
  test('an encrypted PDF is refused with a clear Chinese line', async () => {
    const locked = path.join(root, 'locked.pdf');
    await makeNoticePdf(locked, { office: '某县科学技术协会', docNumber: '某科协发〔2022〕13号', title: '关于加密的通知', body: ['正文。'], date: '2022-09-06', encrypted: true });
    await expect(readPdfText(locked)).rejects.toThrow(/^PDF 已加密，.*请/);
    await expect(pdfPageImage(locked, 1)).rejects.toThrow(/已加密/);
  });

  test('a damaged file is refused, quickly, and the next file is read', async () => {
    const broken = path.join(root, 'broken.pdf');
    const bytes = await fs.readFile(notice);
    await fs.writeFile(broken, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]));
    const t = Date.now();
    await expect(readPdfText(broken)).rejects.toThrow(/^PDF 已损坏，.*请/);
    expect(Date.now() - t).toBeLessThan(20_000);
    // Cut in half: whatever pdfjs recovers, it answers instead of hanging.
    await fs.writeFile(broken, bytes.subarray(0, bytes.length >> 1));
    await readPdfText(broken).then(
      (r) => expect(r.pageCount).toBeGreaterThanOrEqual(0),
      (e: Error) => expect(e.message).toMatch(/已损坏/),
    );
    expect((await readPdfText(notice)).pages).toHaveLength(1);
  });

  test('a page whose content stream is broken loses only that page', async () => {
    const lib = await LibDoc.create();
    const font = await lib.embedFont(StandardFonts.Helvetica);
    for (const words of ['First page Alpha Bravo Charlie', 'Second page Delta Echo Foxtrot', 'Third page Golf Hotel India']) {
      lib.addPage([595, 842]).drawText(words, { x: 72, y: 700, size: 14, font });
    }
    // Page 2's content: "Flate" data that is not.
    const page2 = lib.getPage(1).node;
    const raw = lib.context.stream(new Uint8Array(200).map((_, i) => (i * 37) & 0xff), { Filter: 'FlateDecode' });
    page2.set(PDFName.of('Contents'), lib.context.register(raw));
    const file = path.join(root, 'bad-page.pdf');
    await fs.writeFile(file, await lib.save({ useObjectStreams: false }));
    const r = await readPdfText(file);
    expect(r.pageCount).toBe(3);
    expect(r.pageSizes).toEqual([1, 2, 3].map(() => ({ width: 595, height: 842 })));
    expect(r.pages.map((p) => p.page)).toEqual([1, 3]);
    expect(r.pages[0].text).toBe('First page Alpha Bravo Charlie');
    expect(r.pages[1].text).toBe('Third page Golf Hotel India');
    // No picture on it either: not a scan.
    expect(r.scanPages).toEqual([]);
  });

  test('a reading can be cancelled', async () => {
    const stop = new AbortController();
    const reading = readPdfText(notice, { signal: stop.signal });
    stop.abort(new Error('已取消'));
    await expect(reading).rejects.toThrow('已取消');
    expect((await readPdfText(notice)).pages).toHaveLength(1);
  });
});

/** Mean absolute difference per channel (0–255) of two images of the same size, in grey. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((i) => sharp(i).greyscale().raw().toBuffer()));
  if (x.length !== y.length) return 255;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
  return sum / x.length;
}
