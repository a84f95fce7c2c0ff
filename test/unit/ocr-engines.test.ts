// The OCR engines through OcrClient (the worker thread the app uses), on material rendered here:
// a ruled sign-in sheet scanned at 300 dpi and stored sideways (EXIF orientation 6), an event
// photo with a banner, a notice PDF rendered and photographed (3°, JPEG q 70), a damaged JPEG.
// OCR takes seconds a page: one client per engine for the whole file, few pages.
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { makeNoticePhoto } from '../helpers/paper';
import { makeCorruptJpeg, makeEventPhoto, makeSignInJpeg } from '../../main/demo/sample-files';
import { OcrClient, toPageText } from '../../main/text/ocr/client';
import type { ReadRequest, WorkerReply } from '../../main/text/ocr/worker';
import { buildApp } from '../../scripts/build-app';
import { tmpDir } from '../helpers/tmp';

jest.setTimeout(180_000);

const dir = tmpDir('tz-ocr-');
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞'];
const NOTICE_TITLE = '关于开展2023年科普宣传周活动的通知';
const signIn = path.join(dir, 'signin-scan.jpg');
const event = path.join(dir, 'event.jpg');
const notice = path.join(dir, 'notice-photo.jpg');
const corrupt = path.join(dir, 'corrupt.jpg');
const sheetPhoto = path.join(dir, 'signin-photo.jpg');
const sidewaysNotice = path.join(dir, 'notice-sideways.jpg');
let paddle: OcrClient;
let tesseract: OcrClient;

beforeAll(async () => {
  const sheet = path.join(dir, 'signin.jpg');
  await makeSignInJpeg(sheet, {
    title: '科普工作推进会签到表',
    date: '2023年3月22日',
    place: '县科协会议室',
    signers: NAMES.map((name) => ({ name, unit: '县科协', post: '干事' })),
    exifTime: '2023:03:22 09:00:00',
    seed: 3,
  });
  // A 300 dpi A4 scan (2480×3508) of the sheet, stored turned a quarter with orientation 6, as
  // some scanners and phones write it: read right only if turned upright, boxes in 2480×3508.
  await sharp(sheet).resize(2480, 3508, { fit: 'fill' }).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 85 }).toFile(signIn);
  // The sheet photographed from afar: it fills half the height of a 3000×4000 frame on a desk, so
  // its text covers less of the picture than an event's banner does.
  const small = await sharp(sheet).resize(1414, 2000).rotate(2, { background: '#8a7560' }).toBuffer();
  const sm = await sharp(small).metadata();
  await sharp({ create: { width: 3000, height: 4000, channels: 3, background: '#8a7560' } })
    .composite([{ input: small, left: Math.round((3000 - sm.width!) / 2), top: Math.round((4000 - sm.height!) / 2) }])
    .jpeg({ quality: 80 })
    .toFile(sheetPhoto);
  await makeEventPhoto(event, { width: 4000, height: 3000, banner: '科普宣传进社区活动', seed: 5, exifTime: '2023:03:22 09:30:00' });
  await makeNoticePhoto(notice, {
    office: '某县科学技术协会',
    docNumber: '某科协发〔2023〕5号',
    title: NOTICE_TITLE,
    addressee: '各乡镇科协：',
    body: ['为深入贯彻落实全民科学素质行动规划纲要，经研究，决定开展科普宣传周活动。', '请各单位高度重视，认真组织实施。'],
    date: '2023-02-10',
  }, { dpi: 100, angle: 3 });
  // Turned a quarter clockwise in its pixels, with no EXIF to say so (a scan fed sideways).
  await sharp(notice).rotate(90).jpeg({ quality: 85 }).toFile(sidewaysNotice);
  await makeCorruptJpeg(corrupt);
  [paddle, tesseract] = await Promise.all([OcrClient.start({ engine: 'paddle' }), OcrClient.start({ engine: 'tesseract' })]);
});

afterAll(async () => {
  await Promise.all([paddle?.close(), tesseract?.close()]);
});

test('paddle reads the 10 names of a sideways 300 dpi sign-in scan, boxes in the full-size upright image', async () => {
  expect(paddle.engine).toBe('paddle');
  const page = await paddle.read(signIn, { sceneCheck: true });
  expect(page).toMatchObject({ engine: 'paddle', scene: false, width: 2480, height: 3508 });
  const text = page.lines.map((l) => l.text).join('\n');
  for (const name of NAMES) expect(text).toContain(name);
  expect(text).toContain('科普工作推进会签到表');
  for (const l of page.lines)
    for (const [x, y] of l.box) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(2480);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(3508);
    }
  // The rows span the table (110…1130 of 1240 on the sheet): in full-size pixels they reach past
  // 2000, which the 1600 px image the engine read could not give.
  const first = page.lines.find((l) => l.text.includes('张伟'))!;
  const last = page.lines.find((l) => l.text.includes('吴霞'))!;
  expect(Math.max(first.box[1][0], first.box[2][0])).toBeGreaterThan(2000);
  // Reading order: row 1 above row 10, both below the title.
  expect(page.lines.indexOf(first)).toBeLessThan(page.lines.indexOf(last));
  expect(first.box[0][1]).toBeLessThan(last.box[0][1]);
  expect(page.lines[0].text).toContain('签到表');
  // As the archive keeps it: one line of text per line read, the boxes in the same space.
  const kept = toPageText(page, 1);
  expect(kept).toMatchObject({ page: 1, width: 2480, height: 3508, source: 'ocr', engine: 'paddle' });
  expect(kept.text.split('\n')).toEqual(page.lines.map((l) => l.text));
});

test('an event photo with a banner is a scene, a sign-in sheet is not', async () => {
  const t = Date.now();
  const page = await paddle.read(event, { sceneCheck: true });
  expect(page).toMatchObject({ scene: true, lines: [], width: 4000, height: 3000 });
  // Decided on a small detector pass, not after reading the whole photo.
  expect(Date.now() - t).toBeLessThan(15_000);
  // Without the check the banner is read like any text.
  const read = await paddle.read(event);
  expect(read.scene).toBe(false);
  expect(read.lines.map((l) => l.text).join('')).toContain('科普宣传进社区活动');
  const sheet = await paddle.read(sheetPhoto, { sceneCheck: true });
  expect(sheet.scene).toBe(false);
  const names = sheet.lines.map((l) => l.text).join('\n');
  expect(NAMES.filter((n) => names.includes(n))).toEqual(NAMES);
});

test('tesseract reads the title of a photographed notice', async () => {
  expect(tesseract.engine).toBe('tesseract');
  const page = await tesseract.read(notice, { sceneCheck: true });
  expect(page.engine).toBe('tesseract');
  expect(page.scene).toBe(false);
  const meta = await sharp(notice).metadata();
  expect([page.width, page.height]).toEqual([meta.width, meta.height]);
  // The title is printed on two lines.
  expect(page.lines.map((l) => l.text).join('')).toContain(NOTICE_TITLE);
});

/** How long the warm paddle worker took over the sideways notice (the cancel test aborts half-way). */
let sidewaysMs = 3000;

test('paddle reads a page turned a quarter with no EXIF; its boxes stay on the page as displayed', async () => {
  const t = Date.now();
  const page = await paddle.read(sidewaysNotice);
  sidewaysMs = Date.now() - t;
  const meta = await sharp(sidewaysNotice).metadata();
  expect([page.width, page.height]).toEqual([meta.width, meta.height]);
  const title = page.lines.findIndex((l) => l.text.includes('关于开展2023年科普'));
  expect(title).toBeGreaterThanOrEqual(0);
  expect(page.lines.map((l) => l.text).join('')).toContain(NOTICE_TITLE);
  // The page's top is at the right now: the title lies in the right half, running downwards
  // (its first corner above its second), and every corner is inside the picture.
  const box = page.lines[title].box;
  expect(box[0][0]).toBeGreaterThan(page.width / 2);
  expect(box[1][1]).toBeGreaterThan(box[0][1] + 100);
  for (const l of page.lines) for (const [x, y] of l.box) expect(x >= 0 && x <= page.width && y >= 0 && y <= page.height).toBe(true);
});

test('cancelling a read rejects at once, whenever it comes; the next read starts a new worker and works', async () => {
  // Half-way through the warm worker's reading of the sideways page (in its model runs, where ending
  // a worker thread would abort this very process), then early in a fresh worker.
  for (const after of [sidewaysMs / 2, 300]) {
    const ac = new AbortController();
    const reading = paddle.read(sidewaysNotice, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, after));
    const t = Date.now();
    ac.abort();
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED', message: '文字识别已取消。' });
    expect(Date.now() - t).toBeLessThan(500);
  }
  const page = await paddle.read(event, { sceneCheck: true });
  expect(page.scene).toBe(true);
});

test('an idle worker ends after idleMs, giving its memory back; the next read starts another', async () => {
  const ocr = await OcrClient.start({ engine: 'tesseract', idleMs: 300 });
  try {
    const first = ocr.pid;
    expect(first).toEqual(expect.any(Number));
    await new Promise((r) => setTimeout(r, 1000));
    expect(ocr.pid).toBeNull();
    const page = await ocr.read(notice);
    expect(page.lines.map((l) => l.text).join('')).toContain(NOTICE_TITLE);
    expect(ocr.pid).not.toBe(first);
  } finally {
    await ocr.close();
  }
});

test('a damaged JPEG rejects with a Chinese reason; the worker reads on', async () => {
  await expect(paddle.read(corrupt)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^图片已损坏.*请重新拍摄或扫描/) });
  await expect(paddle.read(path.join(dir, 'missing.jpg'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  const page = await paddle.read(fs.readFileSync(event), { sceneCheck: true });
  expect(page.scene).toBe(true);
});

test('a command-line process reads, closes and exits by itself (the idle worker does not hold it, a read does)', () => {
  const script = path.join(dir, 'cli-read.ts');
  const client = path.join(__dirname, '..', '..', 'main', 'text', 'ocr', 'client');
  fs.writeFileSync(
    script,
    `import { OcrClient } from ${JSON.stringify(client)};
(async () => {
  const ocr = await OcrClient.start({ engine: 'tesseract' });
  // Nothing else keeps this process alive while the read runs.
  const page = await ocr.read(${JSON.stringify(notice)});
  await ocr.close();
  process.stdout.write(JSON.stringify({ lines: page.lines.length, closed: true }));
})();
`,
  );
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', timeout: 120_000 });
  expect(JSON.parse(out)).toMatchObject({ closed: true, lines: expect.any(Number) });
  expect(JSON.parse(out).lines).toBeGreaterThan(5);
});

test('the bundled worker (build/app/ocr-worker.js) loads paddle and reads', async () => {
  // Built inside the repository so that its require()s find node_modules as the packed app's do.
  const build = path.join(__dirname, '..', '..', 'build');
  fs.mkdirSync(build, { recursive: true });
  const out = fs.mkdtempSync(path.join(build, 'ocr-test-'));
  try {
    await buildApp(out);
    const w = fork(path.join(out, 'ocr-worker.js'), [JSON.stringify({ engine: 'paddle', threads: 1 })], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const replies: WorkerReply[] = [];
    const done = new Promise<void>((resolve, reject) => {
      w.on('message', (m: WorkerReply) => {
        replies.push(m);
        if (m.type === 'ready') w.send({ id: 1, input: event, sceneCheck: true, page: 1 } satisfies ReadRequest);
        else resolve();
      });
      w.on('error', reject);
      w.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    await done;
    w.disconnect();
    await new Promise((r) => w.once('exit', r));
    expect(replies[0]).toEqual({ type: 'ready', engine: 'paddle', fallback: null });
    expect(replies[1]).toMatchObject({ type: 'page', id: 1, page: { scene: true, width: 4000, height: 3000, engine: 'paddle' } });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('where onnxruntime cannot load, the worker reads with tesseract and says why', async () => {
  // An installation without onnxruntime-node (no build for this CPU): the built worker beside a
  // node_modules holding every other package, resolved where they stand (--preserve-symlinks).
  const app = path.join(dir, 'no-onnx');
  const modules = path.join(app, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const repoModules = path.join(__dirname, '..', '..', 'node_modules');
  for (const name of fs.readdirSync(repoModules)) if (name !== 'onnxruntime-node') fs.symlinkSync(path.join(repoModules, name), path.join(modules, name));
  await buildApp(path.join(app, 'build', 'app'));
  const w = fork(path.join(app, 'build', 'app', 'ocr-worker.js'), [JSON.stringify({ engine: 'paddle', threads: 1 })], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: ['--preserve-symlinks'],
  });
  const replies: WorkerReply[] = [];
  await new Promise<void>((resolve, reject) => {
    w.on('message', (m: WorkerReply) => {
      replies.push(m);
      if (m.type === 'ready') w.send({ id: 1, input: notice, sceneCheck: false, page: 1 } satisfies ReadRequest);
      else resolve();
    });
    w.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  w.disconnect();
  expect(replies[0]).toMatchObject({ type: 'ready', engine: 'tesseract', fallback: expect.stringContaining('onnxruntime-node') });
  expect(replies[1]).toMatchObject({ type: 'page', page: { engine: 'tesseract' } });
  const page = (replies[1] as Extract<WorkerReply, { type: 'page' }>).page;
  expect(page.lines.map((l) => l.text).join('')).toContain(NOTICE_TITLE);
});
