// Issue 14 end to end, with real OCR on material the test makes: a notice photographed with a
// phone, a ruled sign-in sheet with 10 names, a notice PDF with a text layer, a scan-only PDF and a
// photo of an event. Imported through the service, read in the background, then: the notice's
// date, 文号 and title suggested; the 10 names found by search and counted; the scan searchable;
// the dossier's scanned pages searchable with pdftotext; pause and resume; the CLI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { makeEventPhoto, makeNoticePdf, makeSignInJpeg } from '../../main/demo/sample-files';
import type { JobInfo } from '../../shared/api';
import type { Item } from '../../shared/domain';

import type { TextProgress } from '../../shared/text-types';
import { makeArchive } from '../helpers/archive';
import { tz, tzJson } from '../helpers/cli';
import { NOTICE, makeNoticePhoto, makeScanPdf } from '../helpers/paper';
import { tmpDir } from '../helpers/tmp';
import { value, jobEnded } from '../helpers/api-calls';

jest.setTimeout(400_000);

const root = tmpDir('tz-reading-');
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞'];
const SCANNED_NAMES = ['孙丽', '马超', '朱红', '胡军', '郭敏', '何平'];
let api: Api;
let dir: string;

const call = async <T>(method: string, args: unknown): Promise<T> => value<T>(await api.call(method, args));

const finished = (id: string): Promise<JobInfo> => jobEnded(api, id);

/** Waits for the reader to stop (idle or paused), from its events. */
async function readerStops(): Promise<TextProgress> {
  for (;;) {
    const s = await call<TextProgress>('text.status', {});
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function itemNamed(title: RegExp): Promise<Item> {
  const rows = await call<{ id: number; title: string }[]>('items.list', {});
  const row = rows.find((r) => title.test(r.title));
  if (!row) throw new Error(`no item ${title} among ${rows.map((r) => r.title).join(', ')}`);
  return call<Item>('items.get', { id: row.id });
}

beforeAll(async () => {
  const a = await makeArchive(root, 'archive');
  dir = a.dir;
  await a.close();
  const ev = path.join(root, 'evidence');
  // Loose files handed over one by one: each its own item, in 未归类.
  const loose = path.join(root, 'loose');
  await makeSignInJpeg(path.join(ev, '召开工作推进会', '2023-03-22 第一次推进会', '签到表.jpg'), {
    title: '科普工作推进会', date: '2023年3月22日', place: '县科协会议室',
    signers: NAMES.map((name) => ({ name, unit: '县科协', post: '干事' })), exifTime: '2023:03:22 09:10:00', seed: 7,
  });
  // Photographed two days after it was dated: the item's date comes from the camera until the notice's is taken.
  await makeNoticePhoto(path.join(loose, '通知照片.jpg'), NOTICE, { taken: '2023-02-12' });
  await makeNoticePdf(path.join(loose, '县科协通知.pdf'), {
    office: '某县科学技术协会', docNumber: '某科协发〔2023〕12号', title: '关于举办党员干部科技培训班的通知',
    addressee: '各乡镇科协：', body: ['为提升党员干部科学素质，县科协决定举办党员干部科技培训班。'], date: '2023-04-06',
  });
  const sheet = path.join(root, 'scan-sheet.jpg');
  await makeSignInJpeg(sheet, {
    title: '党员干部科技培训', date: '2023年4月18日', place: '县委党校',
    signers: SCANNED_NAMES.map((name) => ({ name, unit: '县农业农村局', post: '科员' })), exifTime: '2023:04:18 14:00:00', seed: 11,
  });
  await makeScanPdf(path.join(loose, '培训签到扫描件.pdf'), [sheet]);
  await makeEventPhoto(path.join(ev, '召开工作推进会', '2023-03-22 第一次推进会', '会场.jpg'), {
    width: 1600, height: 1200, exifTime: '2023:03:22 09:30:00', seed: 3, banner: '科普工作推进会',
  });

  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(dir);
  const job = await call<JobInfo>('jobs.start', { kind: 'import', paths: [ev, ...['通知照片.jpg', '县科协通知.pdf', '培训签到扫描件.pdf'].map((n) => path.join(loose, n))] });
  expect((await finished(job.id)).state).toBe('done');
});
afterAll(() => api?.close());

test('the reader reads in the background, pauses and resumes, and leaves nothing pending', async () => {
  const before = await call<TextProgress>('text.status', {});
  // Tests and scripts start reading themselves (autoRead is the app's and web mode's).
  expect(before.state).toBe('idle');
  // 未归类 says its suggestions wait for the reading.
  const waiting = await call<{ reading?: boolean }[]>('items.list', { inbox: true, suggest: true });
  expect(waiting.length).toBeGreaterThan(0);
  expect(waiting.every((r) => r.reading === true)).toBe(true);
  const events: TextProgress[] = [];
  const stop = api.onEvent((e) => {
    if (e.type === 'text') events.push(e.progress);
  });
  const started = await call<TextProgress>('text.start', {});
  expect(started.state).toBe('running');
  // Pause after the first file is saved: the rest stays pending.
  while (!events.some((e) => e.done >= 1)) await new Promise((r) => setTimeout(r, 100));
  const paused = await call<TextProgress>('text.pause', {});
  expect(paused.state).toBe('paused');
  expect(paused.pending).toBeGreaterThan(0);
  await call('text.start', {});
  const end = await readerStops();
  stop();
  expect(end).toMatchObject({ state: 'idle', pending: 0, failed: 0 });
  expect(events.some((e) => e.state === 'running' && e.total >= 2 && e.current)).toBe(true);
});

test('the photographed notice: date, 文号, 责任者 and title suggested; accepted into empty fields with one undo', async () => {
  const item = await itemNamed(/通知照片/);
  const s = await call<{ fields: { field: string; value: string | number; current: unknown }[] }>('items.suggestions', { id: item.id });
  const byField = Object.fromEntries(s.fields.map((f) => [f.field, f.value]));
  expect(byField.date).toBe('2023-02-10');
  expect(byField.docNumber).toBe('某政办〔2023〕5号');
  expect(String(byField.title)).toContain('科普宣传周');
  expect(String(byField.responsible)).toContain('某县人民政府');
  // Filed by the app as a photo: the 文号 says it is a document (文件), not an occasion.
  expect(['photos', 'other']).toContain(item.kind);
  expect(byField.kind).toBe('document');
  expect(item.date).toBe('2023-02-12');
  const r = await call<{ filled: number; undo: string | null }>('items.acceptSuggestions', { ids: [item.id] });
  // The camera's date was the app's, not the clerk's: replaced like the empty fields.
  expect(r.filled).toBeGreaterThanOrEqual(5);
  const after = await call<Item>('items.get', { id: item.id });
  expect(after).toMatchObject({ date: '2023-02-10', docNumber: '某政办〔2023〕5号', kind: 'document' });
  expect(after.title).toContain('科普宣传周');
  await call('items.undo', {});
  expect(await call<Item>('items.get', { id: item.id })).toMatchObject({ date: item.date, docNumber: '', title: item.title, kind: item.kind });
});

test('the notice PDF with a text layer is read without OCR and suggests its fields', async () => {
  const item = await itemNamed(/县科协通知/);
  const pages = await call<{ source: string; text: string }[]>('files.text', { fileId: item.files[0].id });
  expect(pages[0].source).toBe('pdf');
  expect(pages[0].text).toContain('党员干部科技培训班');
  const s = await call<{ fields: { field: string; value: string }[] }>('items.suggestions', { id: item.id });
  expect(s.fields).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: 'date', value: '2023-04-06' }),
    expect.objectContaining({ field: 'docNumber', value: '某科协发〔2023〕12号' }),
  ]));
});

test('the sign-in sheet: all 10 names found by search (two characters), counted as 10 participants', async () => {
  const item = await itemNamed(/推进会/);
  for (const name of NAMES) {
    const hits = await call<{ item: { id: number }; field: string; snippet: string }[]>('items.search', { query: name });
    const hit = hits.find((h) => h.item.id === item.id);
    expect({ name, field: hit?.field, snippet: hit?.snippet.includes(name) }).toEqual({ name, field: 'text', snippet: true });
  }
  const s = await call<{ signed: number | null; fields: { field: string; value: number }[] }>('items.suggestions', { id: item.id });
  expect(s.signed).toBe(10);
  expect(s.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'participants', value: 10 })]));
  // The photo of the meeting room is a scene: nothing kept for it page by page.
  const scene = item.files.find((f) => f.name === '会场.jpg')!;
  expect(await call('files.text', { fileId: scene.id })).toEqual([]);
});

test('the scan-only PDF is OCR-read: its names are searchable, its boxes lie on the PDF page', async () => {
  const item = await itemNamed(/培训签到扫描件/);
  const [page] = await call<{ source: string; width: number; height: number; lines: { box: number[][] }[] }[]>('files.text', { fileId: item.files[0].id });
  expect(page.source).toBe('ocr');
  // A4 in points: the boxes were moved from the scan's pixels onto the page.
  expect(page.width).toBeCloseTo(595.28, 0);
  expect(page.lines.every((l) => l.box.every(([x, y]) => x >= -1 && x <= 597 && y >= -1 && y <= 843))).toBe(true);
  const found = await call<{ item: { id: number } }[]>('items.search', { query: '马超' });
  expect(found.map((h) => h.item.id)).toContain(item.id);
});

test('the inbox suggests where to file by the text: the training sign-in scan under 2.1', async () => {
  const rows = await call<{ id: number; title: string; filing?: { code: string }[] }[]>('items.list', { inbox: true, suggest: true });
  const scan = rows.find((r) => /培训签到扫描件/.test(r.title));
  expect(scan?.filing?.[0]?.code).toBe('2.1');
  expect(rows.every((r) => (r as { reading?: boolean }).reading === false)).toBe(true);
});

test('the dossier carries the OCR text of scanned pages: pdftotext finds the names', async () => {
  // Filed as suggested (the inbox is not printed).
  const scan = await itemNamed(/培训签到扫描件/);
  await call('items.move', { ids: [scan.id], to: '2.1' });
  const out = path.join(root, 'dossier.pdf');
  const job = await call<JobInfo>('jobs.start', { kind: 'export-pdf', out, includeExcluded: true });
  expect((await finished(job.id)).state).toBe('done');
  const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
  for (const name of [...NAMES, ...SCANNED_NAMES]) expect({ name, found: text.includes(name) }).toEqual({ name, found: true });
  await call('items.undo', {});
});

test('taizhang ocr finds nothing left to read; items list --inbox --suggest lists the suggestions', async () => {
  await api.close();
  const r = await tzJson('ocr', dir);
  expect(r).toMatchObject({ read: 0, pending: 0, failed: [] });
  const list = await tzJson('items', 'list', dir, '--inbox', '--suggest');
  const scan = list.items.find((i: { title: string }) => /培训签到扫描件/.test(i.title));
  expect(scan.suggestions[0]).toMatchObject({ code: '2.1' });
  const gone = await tz('items', 'accept', dir, '999');
  expect(gone.code).not.toBe(0);
  expect(gone.err).toContain('找不到第 999 号材料');
  const named = await tzJson('items', 'suggest', dir, String(scan.id));
  expect(named.signed).toBe(6);
  expect(fs.existsSync(path.join(dir, 'archive.sqlite'))).toBe(true);
});

test('closing the archive while the reader starts OCR does not wait for the models; what was not read still waits', async () => {
  const again = createApi({ stateDir: path.join(root, 'state2'), desktop: null, version: 'test' });
  try {
    await again.open(dir);
    // PDFs are read first; the scan-only one is where the OCR process starts.
    const atScan = new Promise<void>((resolve) => {
      const stop = again.onEvent((e) => {
        if (e.type === 'text' && /扫描件\.pdf$/.test(e.progress.current ?? '')) {
          stop();
          resolve();
        }
      });
    });
    const started = await again.call('text.start', { force: true });
    expect(started.ok && (started.value as TextProgress).state).toBe('running');
    await atScan;
    await new Promise((r) => setTimeout(r, 400));
    const t0 = Date.now();
    await again.close();
    // Loading the models takes seconds; closing must not wait for them (the app's quit allows 2 s).
    expect(Date.now() - t0).toBeLessThan(1500);
    await again.open(dir);
    const s = await again.call('text.status', {});
    expect(s.ok && (s.value as TextProgress).pending).toBeGreaterThan(0);
  } finally {
    await again.close();
  }
});
