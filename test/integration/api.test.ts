// The service behind the doors, called as the doors call it: a method name and raw arguments.
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { makeJpeg } from '../../main/demo/sample-files';
import type { ApiEvent, JobInfo } from '../../shared/api';
import type { Item } from '../../shared/domain';

import { filedArchive } from '../helpers/clerk-folder';
import { pageCount } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import { value, jobEnded } from '../helpers/api-calls';

const root = tmpDir('tz-api-');
let api: Api;
let archiveDir: string;
const events: ApiEvent[] = [];

const finished = (id: string): Promise<JobInfo> => jobEnded(api, id);

beforeAll(async () => {
  const a = await filedArchive(root);
  archiveDir = a.dir;
  await a.close();
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  api.onEvent((e) => events.push(e));
});
afterAll(() => api.close());

test('before an archive is open, methods say what to do', async () => {
  const r = await api.call('indicators.tree', {});
  expect(r).toEqual({ ok: false, error: { code: 'NOT_AN_ARCHIVE', message: expect.stringContaining('请先打开或新建') } });
  expect(value<{ archive: null }>(await api.call('session.state', {})).archive).toBeNull();
});

test('unknown methods and bad arguments are refused before any service runs', async () => {
  expect(await api.call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  expect(await api.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  expect(await api.call('archive.open', { dir: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('文件或文件夹路径') } });
  expect(await api.call('archive.open', { dir: '/x', also: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
});

test('opening an archive remembers it and reports the campaign', async () => {
  const s = value<{ archive: { dir: string; campaign: { name: string }; exportDir: string }; recent: { dir: string; name: string }[] }>(
    await api.call('archive.open', { dir: archiveDir }),
  );
  expect(s.archive.campaign.name).toBe('全国科普示范县创建');
  expect(s.archive.exportDir).toBe(path.join(path.dirname(archiveDir), `${path.basename(archiveDir)}（导出）`));
  expect(s.recent[0]).toEqual({ dir: archiveDir, name: '全国科普示范县创建' });
  expect(events).toContainEqual({ type: 'changed', what: 'archive' });
  const missing = await api.call('archive.open', { dir: path.join(root, 'nope') });
  expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_AN_ARCHIVE' } });
  // A failed open leaves the open archive open.
  expect(api.archiveDir()).toBe(archiveDir);
});

test('the tree carries status, counts and problems; the list follows the selection', async () => {
  const tree = value<{ nodes: { code: string; status: string; items: number; ownItems: number; actual: number | null; problems: number }[]; inbox: number; departments: string[] }>(
    await api.call('indicators.tree', {}),
  );
  const node = (code: string) => tree.nodes.find((n) => n.code === code)!;
  expect(node('1.2')).toMatchObject({ status: 'met', actual: 3, ownItems: 3 });
  expect(node('1').items).toBeGreaterThan(node('1.2').items);
  expect(tree.nodes.filter((n) => (n as unknown as { leaf: boolean }).leaf).map((n) => n.code)).toEqual(['1.1', '1.2', '2.1', '2.2']);
  expect(node('2.1').problems).toBeGreaterThan(0); // unreadable files filed there
  expect(tree.inbox).toBe(1);

  const under1 = value<{ id: number; indicators: string[] }[]>(await api.call('items.list', { indicator: '1' }));
  const under12 = value<{ id: number }[]>(await api.call('items.list', { indicator: '1.2' }));
  expect(under12.length).toBe(3);
  expect(under1.length).toBeGreaterThan(under12.length);
  expect(under12.every((i) => under1.some((j) => j.id === i.id))).toBe(true);
  const inbox = value<{ title: string; indicators: string[] }[]>(await api.call('items.list', { inbox: true }));
  expect(inbox.map((i) => i.title)).toEqual(['随手拍']);
  expect(await api.call('items.list', { indicator: '9.9' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('editing an item: metadata, caption, links, file order, trash and undo', async () => {
  const [meeting] = value<{ id: number; title: string }[]>(await api.call('items.list', { indicator: '1.2' }));
  const edited = value<Item>(await api.call('items.update', { id: meeting.id, patch: { location: '县政府三楼会议室', participants: 35 } }));
  expect(edited).toMatchObject({ location: '县政府三楼会议室', participants: 35, title: meeting.title });
  expect(await api.call('items.update', { id: meeting.id, patch: { title: '' } })).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('题名'), field: 'patch.title' },
  });
  expect(await api.call('items.update', { id: 99999, patch: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  const photo = edited.files.find((f) => f.role === 'photo')!;
  const file = value<{ caption: { place: string; photographer: string } }>(
    await api.call('items.caption', { fileId: photo.id, caption: { place: '县政府三楼会议室', photographer: '张三' } }),
  );
  expect(file.caption).toMatchObject({ place: '县政府三楼会议室', photographer: '张三' });

  const last = edited.files[edited.files.length - 1];
  const moved = value<Item>(await api.call('files.update', { fileId: last.id, position: 0, role: 'attachment' }));
  expect(moved.files[0]).toMatchObject({ id: last.id, role: 'attachment' });
  expect(moved.files.map((f) => f.position)).toEqual(moved.files.map((_, i) => i));

  expect(value<Item>(await api.call('items.link', { id: meeting.id, indicator: '2.1' })).indicators).toContain('2.1');
  expect(value<Item>(await api.call('items.unlink', { id: meeting.id, indicator: '2.1' })).indicators).not.toContain('2.1');

  const found = value<{ item: { id: number } }[]>(await api.call('items.search', { query: '三楼会议室' }));
  expect(found.map((h) => h.item.id)).toContain(meeting.id);

  const itemsOf12 = async () =>
    value<{ nodes: { code: string; items: number; status: string }[] }>(await api.call('indicators.tree', {})).nodes.find((n) => n.code === '1.2')!;
  expect(await itemsOf12()).toMatchObject({ items: 3, status: 'met' });
  value(await api.call('items.trash', { ids: [meeting.id] }));
  // The tree's self-check is cached; a change through the Api must show at once.
  expect(await itemsOf12()).toMatchObject({ items: 2, status: 'below' });
  const kept = value<{ indicators: { code: string; items: number }[] }>(await api.call('check.run', { fresh: false }));
  expect(kept.indicators.find((c) => c.code === '1.2')!.items).toBe(2);
  expect(value<{ id: number }[]>(await api.call('items.list', { indicator: '1.2' })).map((i) => i.id)).not.toContain(meeting.id);
  expect(value<{ id: number }[]>(await api.call('items.list', { trash: true })).map((i) => i.id)).toEqual([meeting.id]);
  value(await api.call('items.restore', { ids: [meeting.id] }));
  expect(value<{ id: number }[]>(await api.call('items.list', { indicator: '1.2' })).map((i) => i.id)).toContain(meeting.id);
});

test('an import job files dropped photos under the indicator, with progress events', async () => {
  const drop = path.join(root, 'drop', '2023-06-01 科技培训');
  await makeJpeg(path.join(drop, '培训现场.jpg'), { width: 1600, height: 1200, seed: 41, exifTime: '2023:06:01 10:00:00' });
  const before = value<{ id: number }[]>(await api.call('items.list', { indicator: '2.1' })).length;
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'import', paths: [drop], indicator: '2.1' }));
  expect(started.state).toBe('running');
  const job = await finished(started.id);
  expect(job).toMatchObject({ state: 'done', summary: expect.stringContaining('已导入 1 件材料') });
  expect(value<{ id: number }[]>(await api.call('items.list', { indicator: '2.1' })).length).toBe(before + 1);
  expect(events.some((e) => e.type === 'job' && e.job.id === started.id && e.job.progress != null)).toBe(true);
});

test('a cancelled import still refreshes the views: what it filed before the cancel stays filed', async () => {
  const drop = path.join(root, 'drop-cancel', '2023-06-02 培训');
  await makeJpeg(path.join(drop, '现场.jpg'), { width: 800, height: 600, seed: 42 });
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'import', paths: [drop], indicator: '2.1' }));
  const mark = events.length;
  value(await api.call('jobs.cancel', { id: started.id }));
  const job = await finished(started.id);
  expect(job.state).toBe('cancelled');
  expect(events.slice(mark)).toContainEqual({ type: 'changed', what: 'items' });
});

test('an export job writes the dossier; a second job waits its turn; cancel leaves nothing', async () => {
  const out = path.join(root, 'out', '台账.pdf');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'export-pdf', out, photosPerPage: 2 }));
  expect(await api.call('jobs.start', { kind: 'export-xlsx' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('正在导出台账 PDF') } });
  const job = await finished(started.id);
  expect(job).toMatchObject({ state: 'done', output: out, summary: expect.stringMatching(/共 \d+ 页/) });
  expect(pageCount(out)).toBe((job.result as { pages: number }).pages);
  expect(api.jobOutput(started.id)).toBe(out);

  const cancelOut = path.join(root, 'out', '取消.pdf');
  const second = value<JobInfo>(await api.call('jobs.start', { kind: 'export-pdf', out: cancelOut }));
  value(await api.call('jobs.cancel', { id: second.id }));
  const cancelled = await finished(second.id);
  expect(cancelled).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
  expect(fs.readdirSync(path.dirname(cancelOut)).filter((n) => n.startsWith('取消'))).toEqual([]);
});

test('a bare file name is written into the export folder, not where the server runs', async () => {
  const started = value<JobInfo>(await api.call('jobs.start', { kind: 'export-xlsx', out: '只有名字.xlsx' }));
  const job = await finished(started.id);
  expect(job).toMatchObject({ state: 'done', output: path.join(path.dirname(archiveDir), `${path.basename(archiveDir)}（导出）`, '只有名字.xlsx') });
});

test('exports refuse to write into the archive, before starting', async () => {
  expect(await api.call('jobs.start', { kind: 'export-xlsx', out: path.join(archiveDir, 'x.xlsx') })).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('不能放在档案文件夹') },
  });
  expect(await api.call('jobs.start', { kind: 'export-pdf', out: path.join(root, 'no-such-folder', 'x.pdf') })).toMatchObject({
    ok: false,
    error: { message: expect.stringContaining('不存在') },
  });
});

test('desktop-only methods explain themselves in web mode', async () => {
  expect(await api.call('desktop.pickFolder', { purpose: 'open' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('下载') } });
});

test('the dashboard counts leaves by top-level indicator and items by month', async () => {
  const d = value<{ byTopIndicator: { code: string; met: number; below: number; missing: number }[]; byMonth: { month: string; items: number }[]; summary: { indicators: number } }>(
    await api.call('dashboard.get', {}),
  );
  expect(d.byTopIndicator.map((t) => t.code)).toEqual(['1', '2']);
  expect(d.byTopIndicator.reduce((n, t) => n + t.met + t.below + t.missing, 0)).toBe(4);
  expect(d.byMonth.find((m) => m.month === '2023-03')?.items).toBeGreaterThan(0);
});

test('the box paperwork and the package run as jobs too, to the default export folder', async () => {
  const boxes = value<JobInfo>(await api.call('jobs.start', { kind: 'export-boxes', capacity: 50, spine: 20 }));
  const b = await finished(boxes.id);
  expect(b).toMatchObject({ state: 'done', output: path.join(path.dirname(archiveDir), `${path.basename(archiveDir)}（导出）`, '档案盒.pdf'), summary: expect.stringMatching(/\d+ 盒/) });
  expect(pageCount(b.output!)).toBe((b.result as { pages: number }).pages);
  const pkg = value<JobInfo>(await api.call('jobs.start', { kind: 'export-package', out: path.join(root, 'out', '材料包') }));
  const p = await finished(pkg.id);
  expect(p).toMatchObject({ state: 'done', summary: expect.stringContaining('文件夹') });
  expect(fs.existsSync(path.join(root, 'out', '材料包', 'manifest.json'))).toBe(true);
});

test('the desktop opens a read-only copy under the file’s own name, not the hash-named original', async () => {
  const opened: string[] = [];
  const shown: string[] = [];
  const desk = createApi({
    stateDir: path.join(root, 'state-desk'),
    desktop: { openPath: async (p) => void opened.push(p), showItemInFolder: (p) => void shown.push(p), pickFolder: async () => null, pickFiles: async () => [] },
    version: 'test',
  });
  try {
    await desk.open(archiveDir);
    const [meeting] = value<{ id: number }[]>(await desk.call('items.list', { indicator: '1.2' }));
    const file = value<Item>(await desk.call('items.get', { id: meeting.id })).files[0];
    value(await desk.call('desktop.openFile', { fileId: file.id }));
    value(await desk.call('desktop.showFile', { fileId: file.id }));
    expect(path.basename(opened[0])).toBe(file.name);
    expect(shown).toEqual(opened);
    expect(fs.readFileSync(opened[0]).equals(fs.readFileSync(path.join(archiveDir, file.storePath)))).toBe(true);
    expect(fs.statSync(opened[0]).mode & 0o222).toBe(0);
    expect(await desk.call('desktop.openFile', { fileId: 999999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  } finally {
    await desk.close();
  }
});
