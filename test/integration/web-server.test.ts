// Web mode over real HTTP: the token, the Host check, the API, stored files, uploads, downloads.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { makeJpeg } from '../../main/demo/sample-files';
import { startWebServer, type WebServer } from '../../main/web/server';
import type { ApiEvent, JobInfo } from '../../shared/api';
import type { Item } from '../../shared/domain';
import { filedArchive } from '../helpers/clerk-folder';
import { tmpDir } from '../helpers/tmp';
import { staticSite } from '../helpers/static-site';

const root = tmpDir('tz-web-');
const staticDir = staticSite(root);
let api: Api;
let server: WebServer;
let base: string;

beforeAll(async () => {
  const a = await filedArchive(root);
  await a.close();
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(path.join(root, 'archive'));
  server = await startWebServer({ api, staticDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const withToken = (p: string) => `${base}${p}${p.includes('?') ? '&' : '?'}t=${encodeURIComponent(server.token)}`;
async function callApi(method: string, args: unknown, token = server.token) {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'X-Taizhang-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

test('listens on 127.0.0.1 and prints the address with its token', () => {
  expect(server.url).toBe(`${base}/?t=${server.token}`);
  expect(server.token.length).toBeGreaterThanOrEqual(32);
});

test('requests without the right token are refused, in Chinese', async () => {
  for (const url of [`${base}/`, `${base}/?t=wrong`, `${base}/events`, `${base}/archive/files/ab/x`]) {
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('访问被拒绝');
  }
  expect((await callApi('session.state', {}, 'wrong')).status).toBe(403);
  // The token in the address is enough for pages and images, not for the API: a page elsewhere could put it in a form.
  const res = await fetch(withToken('/api/session.state'), { method: 'POST', body: '{}' });
  expect(res.status).toBe(403);
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: `/?t=${server.token}`, headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
  expect(status).toBe(403);
});

test('serves the interface with a strict CSP, and its assets without the token', async () => {
  const page = await fetch(withToken('/'));
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
  expect((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
});

test('the API answers with the same shapes as IPC', async () => {
  const ok = await callApi('items.list', { indicator: '1.2' });
  expect(ok.body.ok).toBe(true);
  expect((ok.body.value as unknown[]).length).toBe(3);
  const bad = await callApi('items.get', { id: 'x' });
  expect(bad.body).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const notJson = await fetch(`${base}/api/items.list`, { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body: '{' });
  expect(notJson.status).toBe(400);
});

test('stored files and thumbnails come with their type; other paths do not come at all', async () => {
  const [meeting] = (await callApi('items.list', { indicator: '1.2' })).body.value as { id: number }[];
  const item = (await callApi('items.get', { id: meeting.id })).body.value as Item;
  const photo = item.files.find((f) => f.type === 'jpeg' && f.thumbPath)!;
  const full = await fetch(withToken(`/archive/${photo.storePath}`));
  expect(full.status).toBe(200);
  expect(full.headers.get('content-type')).toBe('image/jpeg');
  // Evidence is not our code: served sandboxed, as through the Electron protocol.
  expect(full.headers.get('content-security-policy')).toContain('sandbox');
  expect(Buffer.from(await full.arrayBuffer()).length).toBe(photo.size);
  const thumb = await fetch(withToken(`/archive/${photo.thumbPath}`));
  expect(thumb.headers.get('content-type')).toBe('image/jpeg');
  for (const p of ['/archive/archive.sqlite', '/archive/files/../archive.sqlite', '/archive/files%2f..%2farchive.sqlite', `/archive/${photo.storePath}%2f..`]) {
    expect((await fetch(withToken(p))).status).toBe(404);
  }
});

test('a folder uploaded from the browser is imported like a dropped folder, and events stream', async () => {
  const src = path.join(root, 'upload-src', '2023-07-01 志愿服务');
  await makeJpeg(path.join(src, '服务现场.jpg'), { width: 1200, height: 900, seed: 51 });
  const bytes = fs.readFileSync(path.join(src, '服务现场.jpg'));
  const res = await fetch(withToken(`/upload?batch=abc123&path=${encodeURIComponent('2023-07-01 志愿服务/服务现场.jpg')}`), {
    method: 'POST',
    headers: { 'X-Taizhang-Token': server.token },
    body: bytes,
  });
  const uploaded = (await res.json()) as { ok: boolean; value: { root: string } };
  expect(path.basename(uploaded.value.root)).toBe('2023-07-01 志愿服务');
  const refused = await fetch(withToken(`/upload?batch=abc123&path=${encodeURIComponent('../../evil.jpg')}`), { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body: bytes });
  expect(refused.status).toBe(400);

  const events: ApiEvent[] = [];
  const controller = new AbortController();
  const stream = fetch(withToken('/events'), { signal: controller.signal }).then(async (r) => {
    const reader = r.body!.getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
      for (const block of text.split('\n\n').slice(0, -1)) if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as ApiEvent);
      text = text.slice(text.lastIndexOf('\n\n') + 2);
      if (events.some((e) => e.type === 'job' && e.job.state !== 'running')) break;
    }
  });
  await new Promise((r) => setTimeout(r, 100));
  const start = await callApi('jobs.start', { kind: 'import', paths: [uploaded.value.root], indicator: '2.2' });
  expect(start.body.ok).toBe(true);
  await stream;
  controller.abort();
  const done = events.find((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.state !== 'running')!;
  expect(done.job).toMatchObject({ state: 'done', summary: expect.stringContaining('已导入 1 件材料') });
  const titles = ((await callApi('items.list', { indicator: '2.2' })).body.value as { title: string }[]).map((i) => i.title);
  expect(titles).toContain('志愿服务');
  // The uploaded copies go once they are filed.
  await waitFor(() => !fs.existsSync(path.dirname(uploaded.value.root)));
});

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('uploads: a name legal here is kept, a repeated one is refused by name, nothing crashes', async () => {
  const up = (rel: string) =>
    fetch(withToken(`/upload?batch=dup123&path=${encodeURIComponent(rel)}`), { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body: 'x' });
  const colon = await up('会议 10:30.jpg');
  expect(colon.status).toBe(process.platform === 'win32' ? 400 : 200);
  expect((await up('a/同名.jpg')).status).toBe(200);
  const again = await up('a/同名.jpg');
  expect(again.status).toBe(400);
  expect(await again.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('同名.jpg') } });
});

test('malformed addresses are answered as not found, not as an internal error', async () => {
  for (const p of ['/%E0%A4%A', '/archive/%E0%A4%A', '/download/%E0']) expect((await fetch(withToken(p))).status).toBe(404);
  const res = await fetch(`${base}/api/%E0`, { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body: '{}' });
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
});

test('a finished export downloads under its Chinese name', async () => {
  const out = path.join(root, 'exports', '台账.xlsx');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = (await callApi('jobs.start', { kind: 'export-xlsx', out })).body.value as JobInfo;
  const job = await new Promise<JobInfo>((resolve) => {
    const stop = api.onEvent((e) => {
      if (e.type === 'job' && e.job.id === started.id && e.job.state !== 'running') {
        stop();
        resolve(e.job);
      }
    });
  });
  expect(job).toMatchObject({ state: 'done', error: null });
  const res = await fetch(withToken(`/download/${job.id}`));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('台账.xlsx')}`);
  expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(out))).toBe(true);
  expect((await fetch(withToken('/download/not-a-job'))).status).toBe(404);
});
