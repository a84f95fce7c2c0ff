// Web mode under the faults of issue 9: no Referer carries the token away, uploads have size
// limits kept while the bytes arrive, and no upload folder is left behind on any path.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { TEMPLATE_FORMAT, TEMPLATE_VERSION } from '../../main/indicators/template-json';
import { startWebServer, type WebServer } from '../../main/web/server';
import { UploadBatches } from '../../main/web/upload';
import { tmpDir } from '../helpers/tmp';
import { staticSite } from '../helpers/static-site';

const root = tmpDir('tz-faults-web-');
const staticDir = staticSite(root);
const uploads = path.join(root, 'uploads');
let api: Api;
let server: WebServer;
let base: string;

beforeAll(async () => {
  fs.mkdirSync(uploads);
  await (await Archive.create(path.join(root, 'archive'), { name: '全国科普示范县创建' })).close();
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(path.join(root, 'archive'));
  server = await startWebServer({ api, staticDir, uploadDir: uploads });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await api.close();
});

const withToken = (p: string) => `${base}${p}${p.includes('?') ? '&' : '?'}t=${encodeURIComponent(server.token)}`;
const uploadUrl = (batch: string, rel: string, extra = '') => withToken(`/upload?batch=${batch}&path=${encodeURIComponent(rel)}${extra}`);
const leftInUploads = () => fs.readdirSync(uploads);
async function callApi(method: string, args: unknown) {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'X-Taizhang-Token': server.token, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  return { res, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

interface Answer {
  status: number;
  body: string;
}

/**
 * A raw upload: headers (a declared length, or chunked), then zeros in 64 KB writes until the
 * server answers or `maxBytes` have gone (a bound, so a server that never answers fails the test
 * instead of filling the disk). `abortAfter` drops the connection after that many bytes.
 */
function rawUpload(url: string, opts: { contentLength?: number; maxBytes: number; abortAfter?: number }): Promise<Answer | 'reset'> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const headers: Record<string, string | number> = { 'X-Taizhang-Token': server.token };
    if (opts.contentLength !== undefined) headers['Content-Length'] = opts.contentLength;
    const req = http.request({ host: '127.0.0.1', port: server.port, path: u.pathname + u.search, method: 'POST', headers });
    let answered = false;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024);
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => {
      if (!answered) resolve('reset');
    });
    const pump = () => {
      while (!answered && sent < opts.maxBytes) {
        if (opts.abortAfter !== undefined && sent >= opts.abortAfter) {
          req.destroy();
          setTimeout(() => resolve('reset'), 200);
          return;
        }
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && opts.contentLength === undefined) req.end();
    };
    // With a declared length past the limit the server answers before reading: send nothing yet.
    if (opts.contentLength !== undefined && opts.maxBytes === 0) req.flushHeaders();
    else pump();
  });
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
}

test('every response says Referrer-Policy: no-referrer, refusals included', async () => {
  const responses = [
    await fetch(withToken('/')),
    await fetch(`${base}/assets/app.js`),
    await fetch(`${base}/?t=wrong`),
    await fetch(withToken('/archive/files/none.jpg')),
    await fetch(withToken('/download/none')),
    (await callApi('session.state', {})).res,
    await fetch(uploadUrl('ab12cd', 'x.txt'), { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body: 'x' }),
  ];
  for (const r of responses) expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  // That upload succeeded and waits for an import that will not come: not this test's subject.
  fs.rmSync(path.join(uploads, 'ab12cd'), { recursive: true });
});

test('an upload declaring more than 2 GB is refused before a byte is written', async () => {
  const r = await rawUpload(uploadUrl('big001', '录像/全程录像.mp4'), { contentLength: 3 * 1024 ** 3, maxBytes: 0 });
  expect(r).not.toBe('reset');
  const { status, body } = r as Answer;
  expect(status).toBe(413);
  expect(JSON.parse(body)).toEqual({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('超过了网页模式下单个文件的上限 2 GB') } });
  expect(leftInUploads()).toEqual([]);
});

test('an endless indicator-table upload (/dev/zero) is cut at 20 MB while streaming, and its folder removed', async () => {
  const r = await rawUpload(uploadUrl('zero01', 'zero.xlsx', '&purpose=indicators'), { maxBytes: 64 * 1024 * 1024 });
  expect(r).not.toBe('reset');
  const { status, body } = r as Answer;
  expect(status).toBe(413);
  expect(JSON.parse(body)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('指标表的上限 20 MB') } });
  await until(() => leftInUploads().length === 0);
  expect(leftInUploads()).toEqual([]);
  expect((await callApi('session.state', {})).body.ok).toBe(true);
});

test('an upload the client drops halfway leaves nothing behind', async () => {
  const r = await rawUpload(uploadUrl('drop01', '会议/纪要.pdf'), { contentLength: 10 * 1024 * 1024, maxBytes: 10 * 1024 * 1024, abortAfter: 1024 * 1024 });
  expect(r).toBe('reset');
  await until(() => leftInUploads().length === 0);
  expect(leftInUploads()).toEqual([]);
  expect((await callApi('session.state', {})).body.ok).toBe(true);
});

test('an uploaded indicator table is removed once read, imported or refused', async () => {
  const template = { format: TEMPLATE_FORMAT, version: TEMPLATE_VERSION, name: '测评体系', indicators: [{ title: '组织领导', children: [{ title: '领导小组' }] }] };
  for (const [batch, body, ok] of [
    ['tpl001', JSON.stringify(template), true],
    ['tpl002', 'not a table at all', false],
  ] as const) {
    const up = await fetch(uploadUrl(batch, 'table.json', '&purpose=indicators'), { method: 'POST', headers: { 'X-Taizhang-Token': server.token }, body });
    const { value } = (await up.json()) as { value: { root: string } };
    expect(fs.existsSync(value.root)).toBe(true);
    const { body: answer } = await callApi('indicators.import', { file: value.root });
    expect(answer.ok).toBe(ok);
    expect(leftInUploads()).toEqual([]);
  }
});

test('indicators.import of a device, a FIFO or a folder is refused at once, in Chinese', async () => {
  const fifo = path.join(root, 'fifo.xlsx');
  execFileSync('mkfifo', [fifo]);
  for (const file of ['/dev/zero', fifo, root]) {
    const { body } = await callApi('indicators.import', { file });
    expect(body).toMatchObject({ ok: false, error: { code: 'BAD_TABLE', message: expect.stringContaining('不是普通文件') } });
  }
});

test('a batch abandoned halfway (upload cancelled, import never started) is swept once idle', async () => {
  const batches = new UploadBatches(1000);
  const dir = path.join(root, 'sweep');
  const [idle, importing] = [path.join(dir, 'idle01'), path.join(dir, 'busy01')];
  for (const d of [idle, importing]) fs.mkdirSync(path.join(d, '材料'), { recursive: true });
  batches.touch(idle);
  batches.setImporting(importing, true);
  await batches.sweep(Date.now() + 500);
  expect(fs.existsSync(idle)).toBe(true);
  await batches.sweep(Date.now() + 5000);
  expect(fs.existsSync(idle)).toBe(false);
  expect(fs.existsSync(importing)).toBe(true);
  batches.setImporting(importing, false);
  await batches.sweep(Date.now() + 5000);
  expect(fs.existsSync(importing)).toBe(false);
});
