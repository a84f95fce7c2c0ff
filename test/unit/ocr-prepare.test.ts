// prepareForOcr (upright, grey, at most OCR_MAX_SIDE, the scale back to full size) and the reading
// order both engines share. No OCR here: real JPEGs from the demo generator, sharp to look at them.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { makeCorruptJpeg, makeJpeg } from '../../main/demo/sample-files';
import { readingOrder } from '../../main/text/ocr/lines';
import { OCR_MAX_SIDE, prepareForOcr } from '../../main/text/ocr/prepare';
import type { TextLine } from '../../shared/text-types';
import { tmpDir } from '../helpers/tmp';

const dir = tmpDir('tz-ocr-prep-');

test('a phone photo stored sideways (orientation 6) comes out upright, grey, long side 1600, with its scale', async () => {
  const file = path.join(dir, 'sideways.jpg');
  // Stored 4000×3000 as the sensor saw it; displayed 3000×4000.
  await makeJpeg(file, { width: 4000, height: 3000, orientation: 6, seed: 2 });
  const p = await prepareForOcr(file);
  expect([p.width, p.height]).toEqual([3000, 4000]);
  const meta = await sharp(p.image).metadata();
  expect(meta.format).toBe('png');
  expect([meta.width, meta.height]).toEqual([1200, OCR_MAX_SIDE]);
  expect(meta.orientation ?? 1).toBe(1);
  // Grey in three equal channels: ocr-common reads every image as RGBA.
  const { channels } = await sharp(p.image).stats();
  expect(channels).toHaveLength(3);
  expect(channels[1].mean).toBeCloseTo(channels[0].mean, 6);
  expect(channels[2].mean).toBeCloseTo(channels[0].mean, 6);
  expect(p.scale).toBeCloseTo(2.5, 5);
});

test('a small image is not enlarged; a Buffer is read like a path', async () => {
  const file = path.join(dir, 'small.jpg');
  await makeJpeg(file, { width: 800, height: 600, seed: 3 });
  const p = await prepareForOcr(fs.readFileSync(file));
  expect([p.width, p.height, p.scale]).toEqual([800, 600, 1]);
  expect((await sharp(p.image).metadata()).width).toBe(800);
});

test('a damaged JPEG, a missing file and a text file are refused with the clerk’s reason', async () => {
  const bad = path.join(dir, 'bad.jpg');
  await makeCorruptJpeg(bad);
  await expect(prepareForOcr(bad)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('图片已损坏') });
  await expect(prepareForOcr(path.join(dir, 'none.jpg'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  const txt = path.join(dir, 'a.txt');
  fs.writeFileSync(txt, '不是图片');
  await expect(prepareForOcr(txt)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('JPEG 或 PNG') });
});

test('a page of a multi-page TIFF scan; a page past the end is refused', async () => {
  const page = (background: string, width: number) => sharp({ create: { width, height: 400, channels: 3, background } }).png().toBuffer();
  const tiff = path.join(dir, 'scan.tif');
  await sharp([await page('#ffffff', 300), await page('#000000', 300)], { join: { animated: true } }).tiff().toFile(tiff);
  const second = await prepareForOcr(tiff, { page: 2 });
  expect([second.width, second.height]).toEqual([300, 400]);
  expect((await sharp(second.image).stats()).channels[0].mean).toBe(0);
  expect((await sharp((await prepareForOcr(tiff)).image).stats()).channels[0].mean).toBe(255);
  await expect(prepareForOcr(tiff, { page: 3 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: '这个文件只有 2 页，没有第 3 页。' });
});

const line = (text: string, x: number, y: number, w = 100, h = 30): TextLine => ({
  text,
  box: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
  score: 1,
});

test('reading order: rows top to bottom, left to right within a row even when it is not level', () => {
  const lines = [line('签名', 600, 108), line('标题', 300, 20), line('序号', 100, 100), line('单位', 300, 104), line('1', 100, 160)];
  expect(readingOrder(lines).map((l) => l.text)).toEqual(['标题', '序号', '单位', '签名', '1']);
});
