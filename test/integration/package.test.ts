// The inspection package (迎检材料包) built from a real archive filled from a clerk's folder, read
// back the way the people who receive it would: unzipped with Info-ZIP's unzip, checked against
// its manifest, its index.html opened from disk in Debian's Chromium. The naming rules are also
// tested directly with the names that break packages.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { chromium, type Browser } from 'playwright-core';
import { Archive } from '../../main/archive/archive';
import { findIndicator } from '../../main/archive/indicators-repo';
import { linkItem, listItems, setCaption, updateItem } from '../../main/archive/items-repo';
import { COMMANDS } from '../../main/cli/commands';
import { exportPackageCmd, verifyPackageCmd } from '../../main/cli/package-command';
import { exportPackage, verifyPackage, type Manifest, type PackageResult } from '../../main/export/package/package';
import { NameTable, PATH_UNITS, SEGMENT_BYTES, cleanText, isReservedName, nameKey, nameProblems, pathProblems, relativeUrl, safeName } from '../../main/export/package/names';
import { ZipReader } from '../../main/export/package/zip-reader';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { REPO, tz } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';
import type { Item } from '../../shared/domain';

// ---------------------------------------------------------------------------------------------
// Names, directly

describe('package names', () => {
  const LONG = '关于召开全县创建:全国科普示范县?工作推进*会议的通知'.repeat(5).slice(0, 120);

  test('forbidden characters become their full-width forms; controls and bidi marks go', () => {
    expect(cleanText('a<b>c:d"e/f\\g|h?i*j')).toBe('a＜b＞c：d＂e／f＼g｜h？i＊j');
    expect(cleanText('第一行\r\n第二行\t结束')).toBe('第一行 第二行 结束');
    expect(cleanText('响\u0007铃\u0000')).toBe('响_铃_');
    expect(cleanText('照片\u202Egpj.exe')).toBe('照片gpj.exe');
    expect(cleanText('bad\uD800surrogate')).toBe('bad\uFFFDsurrogate');
    // NFD (as macOS writes names) to NFC.
    expect(cleanText('Cafe\u0301')).toBe('Café');
  });

  test('trailing dots and spaces, reserved device names, empty names', () => {
    expect(safeName('a.', { units: 50 })).toBe('a');
    expect(safeName('说明 . . ', { units: 50 })).toBe('说明');
    expect(safeName({ title: 'a.', ext: '' }, { units: 50 })).toBe('a');
    expect(safeName('...', { units: 50 })).toBe('_');
    expect(safeName('', { units: 50 })).toBe('_');
    for (const n of ['CON', 'con', 'PRN', 'AUX', 'NUL', 'COM1', 'com9', 'LPT1', 'LPT9', 'COM0', 'COM¹', 'CONIN$', 'CONOUT$']) {
      expect(isReservedName(n)).toBe(true);
      expect(isReservedName(`${n}.txt`)).toBe(true);
      const safe = safeName({ title: n, ext: '.txt' }, { units: 50 });
      expect(nameProblems(safe)).toEqual([]);
      expect(safe.toUpperCase().startsWith(n.toUpperCase())).toBe(true);
    }
    expect(safeName({ title: 'CON', ext: '.txt' }, { units: 50 })).toBe('CON_.txt');
    expect(safeName('nul.tar.gz', { units: 50 })).toBe('nul_.tar.gz');
    expect(safeName('NUL .txt', { units: 50 })).toBe('NUL _.txt');
    expect(isReservedName('CONSOLE.txt')).toBe(false);
    expect(isReservedName('01 附件 CON.txt')).toBe(false);
    expect(isReservedName('COM10')).toBe(false);
  });

  test('a 120-character title with : ? * is shortened in the middle, numbers and extension kept', () => {
    const name = safeName({ fixed: '0012 20230520 ', title: LONG, ext: '.pdf' }, { units: 60 });
    expect(name.length).toBeLessThanOrEqual(60);
    expect(name.startsWith('0012 20230520 关于召开全县创建：全国科普示范县？')).toBe(true);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name).toContain('…');
    expect(nameProblems(name)).toEqual([]);
    // The UTF-8 limit binds first for long Chinese names (ext4 allows 255 bytes).
    const big = safeName({ fixed: '01 照片 ', title: LONG + LONG, ext: '.jpg' }, { units: 1000 });
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(SEGMENT_BYTES);
    expect(big.startsWith('01 照片 ')).toBe(true);
    expect(big.endsWith('.jpg')).toBe(true);
  });

  test('shortening never splits emoji, 𠮷 or other surrogate pairs and grapheme clusters', () => {
    const title = '𠮷野家👨‍👩‍👧‍👦家庭😀'.repeat(20);
    for (let units = 8; units < 60; units++) {
      const n = safeName({ fixed: '01 ', title, ext: '.txt' }, { units });
      expect(n.length).toBeLessThanOrEqual(units);
      expect(nameProblems(n)).toEqual([]);
      expect(n).toBe(n.normalize('NFC'));
      // A cut family emoji would leave a ZWJ at an edge or a lone surrogate.
      expect(/\u200D(?:…|\.txt)|…\u200D/.test(n)).toBe(false);
      expect(n.endsWith('.txt')).toBe(true);
    }
  });

  test('names that differ only in case get (2), (3) — also when that makes them longer than the budget', () => {
    const t = new NameTable();
    expect(t.claim('a', 'Photo.JPG', { units: 40 })).toBe('a/Photo.JPG');
    expect(t.claim('a', 'photo.jpg', { units: 40 })).toBe('a/photo (2).jpg');
    expect(t.claim('a', 'PHOTO.jpg', { units: 40 })).toBe('a/PHOTO (3).jpg');
    expect(t.claim('b', 'photo.jpg', { units: 40 })).toBe('b/photo.jpg');
    // Full-width and NFD forms: the same name to a case-insensitive, normalising file system.
    expect(nameKey('Café')).toBe(nameKey('CAFE\u0301'));
    const long = new NameTable();
    const first = long.claim('', { fixed: '0001 ', title: LONG }, { units: 30 });
    const second = long.claim('', { fixed: '0001 ', title: LONG }, { units: 30 });
    expect(second).not.toBe(first);
    expect(second.endsWith(' (2)')).toBe(true);
    expect(second.length).toBeLessThanOrEqual(30);
  });

  test('with the budgets the layout gives (indicator levels share 110, item 60), a whole path stays within the limit', () => {
    for (const levels of [1, 2, 3, 4, 5]) {
      const t = new NameTable();
      let folder = '';
      const per = Math.min(60, Math.max(16, Math.floor(110 / levels) - 1));
      for (let i = 0; i < levels; i++) folder = t.claim(folder, { fixed: `${'1.'.repeat(i)}${i + 1} `, title: LONG }, { units: per });
      folder = t.claim(folder, { fixed: '0001 20230520 ', title: LONG }, { units: 60 });
      const file = t.claim(folder, { fixed: '01 照片 ', title: LONG, ext: '.jpg' }, { units: 100 });
      expect(file.length).toBeLessThanOrEqual(PATH_UNITS);
      expect(pathProblems(file)).toEqual([]);
      expect(path.posix.basename(file)).toMatch(/^01 照片 关于召开.{20,}\.jpg$/);
    }
    // Past that, each name still keeps within what the folder leaves.
    const t = new NameTable();
    const deep = t.claim('x'.repeat(200), { fixed: '01 照片 ', title: LONG, ext: '.jpg' }, { units: 100 });
    expect(deep.length).toBeLessThanOrEqual(PATH_UNITS);
    expect(deep.endsWith('.jpg')).toBe(true);
  });

  test('relative URLs percent-encode every name', () => {
    expect(relativeUrl('1.2 召开会议/0001 a#b%c.pdf')).toBe('1.2%20%E5%8F%AC%E5%BC%80%E4%BC%9A%E8%AE%AE/0001%20a%23b%25c.pdf');
  });
});

// ---------------------------------------------------------------------------------------------
// The zip reader on ZIP64 and deflated entries

const zipDir = tmpDir('tz-zip64-');

test('the zip reader reads ZIP64 records and deflated entries, and unzip agrees', async () => {
  const dir = zipDir;
  const file = path.join(dir, 'z64.zip');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yazl = require('yazl') as { ZipFile: new () => { addBuffer(b: Buffer, n: string, o?: object): void; end(o?: object): void; outputStream: NodeJS.ReadableStream } };
  const zip = new yazl.ZipFile();
  const text = Buffer.from('创建台账'.repeat(1000));
  zip.addBuffer(text, '目录/说明.txt', { forceZip64Format: true });
  zip.addBuffer(Buffer.from([1, 2, 3]), 'stored.bin', { compress: false, forceZip64Format: true });
  zip.end({ forceZip64Format: true });
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject));
  const r = await ZipReader.open(file);
  expect(r.entries.map((e) => [e.name, e.utf8, e.zip64, e.method])).toEqual([
    ['目录/说明.txt', true, true, 8],
    ['stored.bin', true, true, 0],
  ]);
  const read = async (i: number) => {
    const parts: Buffer[] = [];
    for await (const c of await r.openStream(r.entries[i])) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };
  expect((await read(0)).equals(text)).toBe(true);
  expect([...(await read(1))]).toEqual([1, 2, 3]);
  expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
});

// ---------------------------------------------------------------------------------------------
// A real archive

const root = tmpDir('tz-package-');
const LIMIT = 2 * 1024 * 1024;
// 120 characters with the characters Windows forbids.
const NASTY_TITLE = ('志愿服务:走进社区?开展科普*宣传活动<第一批>"记录"|汇总/' as string).repeat(6).slice(0, 120);
let archive: Archive;
let items: Item[];
let zipResult: PackageResult;
let folderResult: PackageResult;
let webResult: PackageResult;
let extracted: string;
let manifest: Manifest;
let browser: Browser | null = null;

const item = (title: string) => items.find((i) => i.title === title)!;
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function walkFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

/** A photo of pure noise, which JPEG cannot make small: 9 MB or so at quality 95. */
async function noisyJpeg(file: string, width: number, height: number, orientation: number): Promise<void> {
  const px = Buffer.alloc(width * height * 3);
  let x = 12345;
  for (let i = 0; i < px.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    px[i] = x >> 16;
  }
  await sharp(px, { raw: { width, height, channels: 3 } }).withMetadata({ orientation }).jpeg({ quality: 95 }).toFile(file);
}

beforeAll(async () => {
  const source = await writeClerkFolder(path.join(root, 'src'));
  // An activity whose files have the names that break packages, and a photo too big for upload portals.
  const nasty = path.join(root, 'src2', '二、突出工作重点', '2.2 科技志愿服务活动', '2023-05-20 志愿服务');
  fs.mkdirSync(nasty, { recursive: true });
  fs.writeFileSync(path.join(nasty, 'CON.txt'), '设备名 CON\n');
  fs.writeFileSync(path.join(nasty, 'a.'), '以点结尾的文件名\n');
  fs.writeFileSync(path.join(nasty, 'aux.tar.txt'), '另一个设备名\n');
  fs.writeFileSync(path.join(nasty, '𠮷野家😀的名单 .txt'), '𠮷田\n');
  fs.writeFileSync(path.join(nasty, `${'很长的文件名'.repeat(12)}.txt`), '长\n');
  await noisyJpeg(path.join(nasty, '大照片.jpg'), 3000, 2000, 6);
  await makeJpeg(path.join(nasty, '小照片.jpg'), { width: 1200, height: 900, seed: 21, exifTime: '2023:05:20 10:00:00' });

  archive = await makeArchive(root, 'archive', ['2022-04-01', '2023-12-31']);
  await archive.updateCampaign({ orgCode: 'BGS', fonds: 'Z109', year: 2023 });
  await importPaths(archive, [source, path.join(root, 'src2', '二、突出工作重点')]);
  items = await listItems(archive.db);
  await archive.db.transaction(async (tx) => {
    await linkItem(tx, item('第一次推进会').id, (await findIndicator(tx, '2.2'))!.id);
    await updateItem(tx, item('第一次推进会').id, { location: '县政府三楼会议室', participants: 45, responsible: '县科协', description: '部署全年创建任务。' });
    await updateItem(tx, item('志愿服务').id, { title: NASTY_TITLE, location: '城关社区', participants: 120 });
    const photo = item('第一次推进会').files.find((f) => f.name === 'IMG_0001.jpg')!;
    await setCaption(tx, photo.id, { people: '张堃、李喆、𠮷田', photographer: '刘明' });
  });
  items = await listItems(archive.db);
  expect(item(NASTY_TITLE).files.map((f) => f.name)).toEqual(expect.arrayContaining(['CON.txt', 'a.', '大照片.jpg']));

  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  zipResult = await exportPackage(archive, path.join(root, 'out', '迎检材料包.zip'));
  folderResult = await exportPackage(archive, path.join(root, 'out', '迎检材料包-文件夹'));
  // 培训照片.HEIC cannot be read, so its item is left out by default (exclusion-exports.test.ts);
  // put in here to see what 网报 does with a photo it cannot convert.
  webResult = await exportPackage(archive, path.join(root, 'out', '网报.zip'), { webUpload: true, dossier: false, print: { includeExcluded: true } });
  extracted = path.join(root, 'unzipped');
  fs.mkdirSync(extracted);
  execFileSync('unzip', ['-q', zipResult.path, '-d', extracted]);
  manifest = JSON.parse(fs.readFileSync(path.join(extracted, 'manifest.json'), 'utf8'));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await archive?.close();
});

test('the zip extracts with unzip, Chinese names intact, every file as the manifest says', async () => {
  expect(zipResult.kind).toBe('zip');
  expect(execFileSync('unzip', ['-t', zipResult.path], { encoding: 'utf8' })).toContain('No errors detected');
  const files = walkFiles(extracted);
  expect(files).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  expect(zipResult.files).toBe(files.length);
  expect(zipResult.bytes).toBe(fs.statSync(zipResult.path).size);
  for (const f of manifest.files) {
    const abs = path.join(extracted, ...f.path.split('/'));
    expect(fs.statSync(abs).size).toBe(f.size);
    expect(sha(abs)).toBe(f.sha256);
  }
  // The originals, byte for byte, under the names the clerk knows.
  const notice = manifest.files.find((f) => f.name === '关于成立创建工作领导小组的通知.pdf')!;
  expect(notice.path).toMatch(/^1 加强组织领导\/1\.1 成立领导小组\/\d{4} 关于成立创建工作领导小组的通知\/01 正文 关于成立创建工作领导小组的通知\.pdf$/);
  expect(files).toEqual(expect.arrayContaining(['index.html', '迎检材料台账.pdf', '台账目录.xlsx']));
  expect(manifest.files.filter((f) => f.kind === 'dossier' || f.kind === 'ledger').map((f) => f.path)).toEqual(['迎检材料台账.pdf', '台账目录.xlsx']);
  // The inspectors get the catalogue, not the office's own self-check sheet.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(extracted, '台账目录.xlsx'));
  expect(wb.worksheets.map((w) => w.name)).toEqual(['归档文件目录']);
  expect(files.some((f) => f.startsWith('1 加强组织领导/1.2 召开工作推进会/') && f.includes('第一次推进会'))).toBe(true);
  // Every name carries the UTF-8 flag, so Windows Explorer and 7-Zip read it as Chinese too.
  const reader = await ZipReader.open(zipResult.path);
  expect(reader.entries.length).toBe(files.length);
  expect(reader.entries.every((e) => e.utf8)).toBe(true);
  expect(reader.entries.map((e) => e.name).sort()).toEqual(files);
});

test('every name is valid on Windows and no two differ only in case within a folder', () => {
  const all = walkFiles(extracted);
  for (const p of all) expect(pathProblems(p)).toEqual([]);
  const byFolder = new Map<string, Set<string>>();
  for (const p of all) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const set = byFolder.get(folder) ?? new Set<string>();
      byFolder.set(folder, set);
      set.add(parts[i]);
    }
  }
  for (const names of byFolder.values()) expect(new Set([...names].map(nameKey)).size).toBe(names.size);
});

test('the 120-character title with : ? * and the files CON.txt and "a." come out valid', () => {
  const nasty = item(NASTY_TITLE);
  const files = manifest.files.filter((f) => f.itemId === nasty.id);
  expect(files).toHaveLength(nasty.files.length);
  const folder = path.posix.dirname(files[0].path);
  const name = path.posix.basename(folder);
  expect(name).toMatch(/^\d{4} 20230520 志愿服务：走进社区？开展科普＊宣传活动＜第一批＞＂.*….*＞$/);
  expect(name.length).toBeLessThanOrEqual(60);
  const names = files.map((f) => path.posix.basename(f.path));
  expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^\d\d 附件 CON\.txt$/), expect.stringMatching(/^\d\d 附件 a\.txt$/)]));
  expect(names.some((n) => n.includes('𠮷野家😀的名单.txt'))).toBe(true);
  for (const f of files) {
    expect(pathProblems(f.path)).toEqual([]);
    expect(f.path.length).toBeLessThanOrEqual(PATH_UNITS);
  }
});

test('an item under two indicators is in both folders, with the same 件号 and bytes', () => {
  const first = item('第一次推进会');
  const copies = manifest.files.filter((f) => f.itemId === first.id);
  expect(new Set(copies.map((f) => f.indicator))).toEqual(new Set(['1.2', '2.2']));
  const under = (code: string) => copies.filter((f) => f.indicator === code);
  expect(under('1.2')).toHaveLength(first.files.length);
  expect(under('2.2').map((f) => [path.posix.basename(f.path), f.sha256])).toEqual(under('1.2').map((f) => [path.posix.basename(f.path), f.sha256]));
  expect(new Set(copies.map((f) => f.number)).size).toBe(1);
  expect(under('2.2')[0].path.startsWith('2 突出工作重点/2.2 科技志愿服务活动/')).toBe(true);
  const m = manifest.items.find((i) => i.id === first.id)!;
  expect(m.folders).toHaveLength(2);
  // Files print in the item's order: 01 通知, 02 签到表 …
  expect(under('1.2').map((f) => path.posix.basename(f.path).slice(0, 2))).toEqual(first.files.map((_, i) => String(i + 1).padStart(2, '0')));
});

test('unfiled items are left out, with a warning; the manifest describes campaign and generation', () => {
  const unfiled = items.filter((i) => i.indicators.length === 0);
  expect(unfiled.length).toBeGreaterThan(0);
  expect(zipResult.warnings).toEqual(expect.arrayContaining([{ path: '未归类', reason: expect.stringContaining(`${unfiled.length} 件未归类`) }]));
  for (const u of unfiled) expect(manifest.files.some((f) => f.itemId === u.id)).toBe(false);
  expect(manifest.campaign).toMatchObject({ name: '全国科普示范县创建', fonds: 'Z109', year: 2023 });
  expect(manifest.generator).toMatch(/^创建台账 \d/);
  expect(Date.parse(manifest.generatedAt)).not.toBeNaN();
  expect(manifest.indicators.map((i) => i.code)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
});

test('verifyPackage passes zip and folder, and finds a changed, a missing and an extra file', async () => {
  const z = await verifyPackage(zipResult.path);
  expect(z).toEqual({ ok: true, checked: manifest.files.length, problems: [] });
  expect(folderResult.kind).toBe('folder');
  const f = await verifyPackage(folderResult.path);
  expect(f).toEqual({ ok: true, checked: manifest.files.length, problems: [] });

  const fm: Manifest = JSON.parse(fs.readFileSync(path.join(folderResult.path, 'manifest.json'), 'utf8'));
  const victims = fm.files.filter((x) => x.kind === 'evidence');
  const changed = path.join(folderResult.path, ...victims[0].path.split('/'));
  const bytes = fs.readFileSync(changed);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.chmodSync(changed, 0o644);
  fs.writeFileSync(changed, bytes);
  fs.rmSync(path.join(folderResult.path, ...victims[1].path.split('/')));
  fs.writeFileSync(path.join(folderResult.path, '多出来的.txt'), 'x');
  const bad = await verifyPackage(folderResult.path);
  expect(bad.ok).toBe(false);
  expect(bad.problems).toEqual([
    { path: victims[0].path, problem: 'hash' },
    { path: victims[1].path, problem: 'missing' },
    { path: '多出来的.txt', problem: 'extra' },
  ]);
});

test('网报: photos re-encoded under the limit, long edge at most 2000, upright; the rest original', async () => {
  const dir = path.join(root, 'web');
  fs.mkdirSync(dir);
  execFileSync('unzip', ['-q', webResult.path, '-d', dir]);
  const m: Manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(m.options).toMatchObject({ webUpload: true, maxPhotoBytes: LIMIT, maxPhotoEdge: 2000 });
  const encoded = m.files.filter((f) => f.original);
  // The noisy 3000×2000 photo, and the 2000×1500 photos stored sideways (orientation 6).
  expect(encoded.length).toBeGreaterThanOrEqual(2);
  const big = encoded.find((f) => f.name === '大照片.jpg')!;
  expect(big.original!.size).toBeGreaterThan(LIMIT);
  for (const f of m.files.filter((x) => x.kind === 'evidence')) {
    const abs = path.join(dir, ...f.path.split('/'));
    expect(sha(abs)).toBe(f.sha256);
    expect(fs.statSync(abs).size).toBe(f.size);
    if (/\.(jpe?g|png)$/i.test(f.path) && f.kind === 'evidence') {
      const meta = await sharp(abs).metadata().catch(() => null);
      if (!meta) continue; // the corrupt photo stays as it was
      expect(f.size).toBeLessThanOrEqual(LIMIT);
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(2000);
      if (f.original) expect(meta.orientation ?? 1).toBe(1);
    }
    if (!f.original) {
      const stored = items.flatMap((i) => i.files).find((x) => x.name === f.name && x.sha256 === f.sha256);
      expect(stored).toBeDefined();
    }
  }
  // Sensor 3000×2000 with orientation 6: upright it is portrait.
  const bigMeta = await sharp(path.join(dir, ...big.path.split('/'))).metadata();
  expect(bigMeta.height!).toBeGreaterThan(bigMeta.width!);
  expect(Math.max(bigMeta.width!, bigMeta.height!)).toBeLessThanOrEqual(2000);
  expect((await verifyPackage(webResult.path)).ok).toBe(true);
  // What cannot be converted goes in as it is, and the clerk is told.
  expect(webResult.warnings).toEqual(expect.arrayContaining([{ path: expect.stringContaining('培训照片.HEIC'), reason: expect.stringMatching(/^网报：HEIC 照片无法转换/) }]));
  expect(walkFiles(dir)).not.toContain('迎检材料台账.pdf');
  expect(walkFiles(dir)).toContain('台账目录.xlsx');
});

test('index.html works from disk in Chromium: tree, metadata, thumbnails, links to files, no network', async () => {
  const html = fs.readFileSync(path.join(extracted, 'index.html'), 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">/);
  expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i);
  expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(path.join(extracted, 'index.html')).href;
  await page.goto(url);
  expect(await page.title()).toBe('全国科普示范县创建 · 迎检材料');
  expect(await page.locator('.docs a').allInnerTexts()).toEqual(['装订台账（PDF）', '归档文件目录（表格）']);

  // The tree: one <details> per indicator, in tree order, nested as the tree nests.
  const codes = await page.$$eval('details.ind > summary .code', (els) => els.map((e) => e.textContent));
  expect(codes).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
  expect(await page.$$eval('details.ind details.ind', (els) => els.length)).toBe(4);
  const shot = path.join(REPO, 'build', 'test-artifacts', 'package-index.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });

  // Leaves start folded (branches open); 全部展开 opens every one.
  const meeting = page.locator('article.item', { hasText: '第一次推进会' }).first();
  expect(await meeting.isVisible()).toBe(false);
  await page.click('#open-all');
  await meeting.scrollIntoViewIfNeeded();
  const text = await meeting.innerText();
  for (const s of ['第一次推进会', '2023年3月8日', '县政府三楼会议室', '县科协', '45 人', '部署全年创建任务。', '张堃、李喆、𠮷田', '台账页码']) expect(text).toContain(s);
  expect(await page.locator('article.item', { hasText: '第一次推进会' }).count()).toBe(2);

  // Every link and image resolves to a file in the package.
  const refs = await page.$$eval('a[href], img[src]', (els) => els.map((e) => (e as unknown as { href?: string; src?: string }).href ?? (e as unknown as { src: string }).src));
  const local = refs.filter((r) => !r.includes('#'));
  expect(local.length).toBeGreaterThan(manifest.files.length / 2);
  for (const r of local) {
    expect(r.startsWith('file://')).toBe(true);
    expect(fs.existsSync(fileURLToPath(r))).toBe(true);
  }
  // A thumbnail in view has loaded.
  const thumb = meeting.locator('img').first();
  await thumb.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => (el as unknown as { complete: boolean }).complete, await thumb.elementHandle());
  expect(await thumb.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

  // The search box finds items by any of their words.
  await page.fill('#q', '第三次');
  expect(await page.locator('#hits').innerText()).toBe('找到 1 件材料');
  await page.fill('#q', '');

  // No English in what the page itself says (names and codes of the material aside).
  const ui = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { body: { cloneNode(deep: boolean): { querySelectorAll(s: string): { forEach(f: (e: { remove(): void }) => void): void }; textContent: string } } } }).document;
    const body = doc.body.cloneNode(true);
    body.querySelectorAll('script, style, .fn, .t, .v, .cap, .code, .req').forEach((e) => e.remove());
    return body.textContent;
  });
  expect(ui.match(/[A-Za-z]{2,}/g)?.filter((w) => !['PDF', 'KB', 'MB', 'GB'].includes(w)) ?? []).toEqual([]);

  // Following one file link opens the file itself.
  const link = meeting.locator('a.fn', { hasText: 'IMG_0002.jpg' });
  const href = await link.evaluate((a) => (a as unknown as { href: string }).href);
  await link.click();
  await page.waitForURL(href);
  expect(fs.statSync(fileURLToPath(page.url())).size).toBe(manifest.files.find((f) => fileURLToPath(href).endsWith(f.path.split('/').join(path.sep)))!.size);

  expect(requests.length).toBeGreaterThan(1);
  expect(requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
}, 120_000);

test('a cancelled export leaves nothing behind, zip or folder, early or late', async () => {
  const dir = path.join(root, 'cancel');
  fs.mkdirSync(dir);
  for (const [name, phase, webUpload] of [
    ['早.zip', '排版', false],
    ['网报.zip', '压缩照片', true],
    ['晚.zip', '打包文件', false],
    ['晚-文件夹', '打包文件', false],
    ['网报-文件夹', '打包文件', true],
  ] as const) {
    const ac = new AbortController();
    const run = exportPackage(archive, path.join(dir, name), { webUpload }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === phase && p.done >= (phase === '压缩照片' ? 1 : 3)) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(dir)).toEqual([]);
  }
}, 120_000);

test('taizhang export package and verify-package', async () => {
  expect(COMMANDS['export package']).toBe(exportPackageCmd);
  expect(COMMANDS['verify-package']).toBe(verifyPackageCmd);
  const run = (args: string[]) => tz(...args);
  fs.mkdirSync(path.join(root, 'cli'), { recursive: true });
  const zip = path.join(root, 'cli', '材料包.zip');
  const r = await run(['export', 'package', archive.dir, zip, '--indicator', '1.2', '--json']);
  expect(r.code).toBe(0);
  const res = JSON.parse(r.out) as PackageResult;
  expect(res).toMatchObject({ path: zip, kind: 'zip' });
  const m: Manifest = JSON.parse((await readZipText(zip, 'manifest.json')));
  // As in the dossier: 1.2 only; its parent 1 is a heading (a folder), its own items not chosen.
  expect(new Set(m.files.filter((f) => f.kind === 'evidence').map((f) => f.indicator))).toEqual(new Set(['1.2']));
  expect(m.files.every((f) => f.kind !== 'evidence' || f.path.startsWith('1 加强组织领导/1.2 召开工作推进会/'))).toBe(true);
  expect(await run(['verify-package', zip])).toMatchObject({ code: 0, out: expect.stringContaining('校验通过') });
  // The folder package tampered with above.
  const bad = await run(['verify-package', folderResult.path, '--json']);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.out).problems).toHaveLength(3);
  const busy = await run(['export', 'package', archive.dir, folderResult.path]);
  expect(busy.code).toBe(2);
  expect(busy.err).toContain('不是空的');
}, 120_000);

async function readZipText(file: string, name: string): Promise<string> {
  const r = await ZipReader.open(file);
  const parts: Buffer[] = [];
  for await (const c of await r.openStream(r.entries.find((e) => e.name === name)!)) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
