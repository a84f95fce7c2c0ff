// The LAN server (taizhang serve --lan) bound to 127.0.0.1, over real HTTP and in Chromium:
// sign-in, a department that sees only its indicators and items and cannot read another's item
// or file by guessing its id or URL (tried), a reviewer that cannot write, the audit log, sign-in
// throttling, CSRF (a POST without the token or from another origin), the Host check, sign-out,
// expiry, and a phone uploading photos into an item through its page and QR code.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { updateUser } from '../../main/collect/users';
import { startWebServer, type LanOptions, type WebServer } from '../../main/web/server';
import type { ItemSummary } from '../../shared/api';
import type { AuditEntry } from '../../shared/collect-types';
import type { Item } from '../../shared/domain';
import { ACTORS, PASSWORD, as, importAs, lanArchive, photos } from '../helpers/lan-archive';
import { CLI, REPO } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';
import { VIEWPORT, buildRenderer } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-lan-');
const staticDir = path.join(root, 'renderer');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
let api: Api;
let server: WebServer;
let base: string;
let browser: Browser;
let dir: string;
let kexieItem: Item;
let jiaoyuItem: Item;
const extra: WebServer[] = [];
// E2E_SHOTS=DIR keeps the screenshots, as the harness does.
const shot = (page: import('playwright-core').Page, name: string) => {
  const shots = process.env.E2E_SHOTS ?? path.join(root, 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  return page.screenshot({ path: path.join(shots, `${name}.png`) });
};

interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in with the login form's POST; the session's cookies, or the answer when refused. */
async function signIn(name: string, password = PASSWORD, at = base, origin = at): Promise<Session & { status: number; location: string | null; body: string; set: string[] }> {
  const res = await fetch(`${at}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ name, password, next: '/' }).toString(),
  });
  const set = res.headers.getSetCookie();
  const port = new URL(at).port;
  const [session, csrf] = [`tz_session_${port}`, `tz_csrf_${port}`];
  const value = (n: string) => set.find((c) => c.startsWith(`${n}=`))?.split(';')[0].slice(n.length + 1) ?? '';
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), cookie: `${session}=${value(session)}; ${csrf}=${value(csrf)}`, csrf: value(csrf), set };
}

async function apiCall(s: Session, method: string, args: unknown, opts: { csrf?: string | null; origin?: string | null; at?: string } = {}) {
  const at = opts.at ?? base;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Cookie: s.cookie };
  const csrf = opts.csrf === undefined ? s.csrf : opts.csrf;
  if (csrf != null) headers['X-Taizhang-Token'] = csrf;
  const origin = opts.origin === undefined ? at : opts.origin;
  if (origin != null) headers.Origin = origin;
  const res = await fetch(`${at}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(args) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

const get = (s: Session | null, p: string, at = base) => fetch(`${at}${p}`, { redirect: 'manual', headers: s ? { Cookie: s.cookie } : {} });

async function lanServer(lan: LanOptions = {}): Promise<WebServer> {
  const s = await startWebServer({ api, staticDir, uploadDir: path.join(root, `uploads-${extra.length}`), lan: { host: '127.0.0.1', ...lan } });
  extra.push(s);
  return s;
}

beforeAll(async () => {
  buildRenderer(staticDir);
  dir = await lanArchive(root);
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test', door: 'lan' });
  await api.open(dir);
  const meeting = path.join(root, 'kexie', '2023-06-01 领导小组会议');
  await photos(meeting, 2, 41);
  const k = await importAs(api, as(ACTORS.kexie), [meeting], '1.1');
  const training = path.join(root, 'jiaoyu', '2023-06-02 科技培训');
  await photos(training, 1, 51);
  const j = await importAs(api, as(ACTORS.jiaoyu), [training], '2.1');
  const byId = async (id: number) => {
    const r = await api.call('items.get', { id });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Item;
  };
  kexieItem = await byId((k.result as { itemIds: number[] }).itemIds[0]);
  jiaoyuItem = await byId((j.result as { itemIds: number[] }).itemIds[0]);
  server = await startWebServer({ api, staticDir, uploadDir: path.join(root, 'uploads'), lan: { host: '127.0.0.1' } });
  base = `http://127.0.0.1:${server.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  for (const s of extra) await s.close();
  await server?.close();
  await api?.close();
});

test('the server prints its address; without a session every page leads to the sign-in page, in Chinese', async () => {
  expect(server.urls).toEqual([`${base}/`]);
  const res = await get(null, '/');
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/login?next=%2F');
  const login = await get(null, '/login');
  expect(login.status).toBe(200);
  expect(login.headers.get('content-security-policy')).toContain("form-action 'self'");
  const html = await login.text();
  expect(html).toContain('创建台账 · 登录');
  expect(html).toContain('全国科普示范县创建');
  // The API, stored files and events answer 401 (the page then goes to sign in).
  expect((await fetch(`${base}/api/session.state`, { method: 'POST', headers: { Origin: base }, body: '{}' })).status).toBe(401);
  expect((await get(null, `/archive/${kexieItem.files[0].storePath}`)).status).toBe(401);
});

test('a signed-in session: HttpOnly, SameSite=Strict cookie, and a CSRF token the page can read', async () => {
  const s = await signIn('kexie');
  expect(s.status).toBe(303);
  expect(s.location).toBe('/');
  const session = s.set.find((c) => c.startsWith(`tz_session_${server.port}=`))!;
  const csrf = s.set.find((c) => c.startsWith(`tz_csrf_${server.port}=`))!;
  expect(session).toMatch(/HttpOnly/);
  expect(session).toMatch(/SameSite=Strict/);
  expect(session).toMatch(/Path=\//);
  expect(csrf).not.toMatch(/HttpOnly/);
  expect(s.csrf.length).toBeGreaterThanOrEqual(32);
  const state = await apiCall(s, 'session.state', {});
  expect(state.body.value).toMatchObject({ actor: ACTORS.kexie, door: 'lan' });
});

test('Chromium: a department signs in and sees only its indicators; another department’s file URL answers 404', async () => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('账号').fill('kexie');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '账号或密码不对' }).waitFor();
    await page.getByLabel('账号').fill('kexie');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    const node = (code: string) => page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
    await node('1.1').waitFor();
    expect(await node('1.2').count()).toBe(1);
    expect(await node('2.1').count()).toBe(0);
    expect(await node('2.2').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('党员干部科技培训');
    await shot(page, 'lan-department');
    // From inside the page, with its own cookie and token: guessing ids and URLs.
    const tried = await page.evaluate(
      async ({ theirs, mine, theirId }) => {
        const csrf = new RegExp(`tz_csrf_${location.port}=([^;]+)`).exec(document.cookie)![1];
        const post = (m: string, a: unknown) =>
          fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': csrf }, body: JSON.stringify(a) }).then((r) => r.json());
        return {
          theirFile: (await fetch(`/archive/${theirs}`)).status,
          myFile: (await fetch(`/archive/${mine}`)).status,
          theirItem: (await post('items.get', { id: theirId })).error?.code,
          theirPhone: (await fetch(`/m/item/${theirId}`)).status,
          theirQr: (await fetch(`/qr/item/${theirId}.svg`)).status,
        };
      },
      { theirs: jiaoyuItem.files[0].storePath, mine: kexieItem.files[0].storePath, theirId: jiaoyuItem.id },
    );
    expect(tried).toEqual({ theirFile: 404, myFile: 200, theirItem: 'NOT_FOUND', theirPhone: 404, theirQr: 404 });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('over HTTP a department cannot reach another department’s item, file or thumbnail by guessing', async () => {
  const s = await signIn('kexie');
  for (const id of [jiaoyuItem.id, jiaoyuItem.id + 1000]) {
    expect((await apiCall(s, 'items.get', { id })).body.error?.code).toBe('NOT_FOUND');
  }
  expect((await apiCall(s, 'files.text', { fileId: jiaoyuItem.files[0].id })).body.error?.code).toBe('NOT_FOUND');
  expect((await get(s, `/archive/${jiaoyuItem.files[0].storePath}`)).status).toBe(404);
  expect((await get(s, `/archive/${jiaoyuItem.files[0].thumbPath}`)).status).toBe(404);
  expect((await get(s, `/archive/${kexieItem.files[0].thumbPath}`)).status).toBe(200);
  const list = (await apiCall(s, 'items.list', {})).body.value as ItemSummary[];
  expect(list.map((i) => i.id)).toEqual([kexieItem.id]);
  // The 创建办 reads them all.
  const office = await signIn('zhang');
  expect((await get(office, `/archive/${jiaoyuItem.files[0].storePath}`)).status).toBe(200);
});

test('a reviewer cannot write', async () => {
  const s = await signIn('shen');
  const r = await apiCall(s, 'items.update', { id: kexieItem.id, patch: { title: '审阅改的' } });
  expect(r.body.error?.code).toBe('FORBIDDEN');
  expect(r.body.error?.message).toContain('只读');
  expect((await apiCall(s, 'jobs.start', { kind: 'import', paths: [dir] })).body.ok).toBe(false);
  expect(((await apiCall(s, 'items.list', {})).body.value as unknown[]).length).toBe(3);
  const up = await fetch(`${base}/upload?batch=abc123&path=a.jpg`, { method: 'POST', headers: { Cookie: s.cookie, 'X-Taizhang-Token': s.csrf, Origin: base }, body: 'x' });
  expect(up.status).toBe(403);
});

test('CSRF: a POST without the token, with another token, or from another origin is refused', async () => {
  const s = await signIn('kexie');
  const write = { id: kexieItem.id, patch: { location: '会议室' } };
  for (const opts of [{ csrf: null }, { csrf: 'x'.repeat(32) }, { origin: 'http://evil.example' }, { origin: null }]) {
    const r = await apiCall(s, 'items.update', write, opts);
    expect([JSON.stringify(opts), r.status]).toEqual([JSON.stringify(opts), 403]);
    expect(r.body.error?.message).toContain('访问被拒绝');
  }
  const item = (await apiCall(s, 'items.get', { id: kexieItem.id })).body.value as Item;
  expect(item.location).not.toBe('会议室');
  // The 创建办 sees each attempt in the audit log, under the account whose cookie was used.
  const log = (await apiCall(await signIn('zhang'), 'audit.list', { user: 'kexie', limit: 20 })).body.value as AuditEntry[];
  expect(log.filter((e) => e.action === 'items.update' && !e.ok && e.detail.includes('安全令牌')).length).toBe(4);
  expect((await apiCall(s, 'items.update', write)).body.ok).toBe(true);
  // Signing in from another site's form is refused too.
  expect((await signIn('kexie', PASSWORD, base, 'http://evil.example')).status).toBe(403);
});

test('a Host header that does not name this server is refused (DNS rebinding)', async () => {
  const status = (host: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/login', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
  expect(await status('evil.example')).toBe(403);
  expect(await status(`evil.example:${server.port}`)).toBe(403);
  expect(await status(`127.0.0.1:${server.port + 1}`)).toBe(403);
  expect(await status(`localhost:${server.port}`)).toBe(200);
});

test('API arguments may name no file on the server but the account’s own uploads', async () => {
  const s = await signIn('kexie');
  const r = await apiCall(s, 'files.add', { id: kexieItem.id, paths: [path.join(dir, 'archive.sqlite')] });
  expect(r.status).toBe(403);
  expect(r.body.error?.message).toContain('只能使用从浏览器上传的文件');
  const office = await signIn('zhang');
  expect((await apiCall(office, 'jobs.start', { kind: 'import', paths: ['/etc'] })).status).toBe(403);
  expect((await apiCall(office, 'jobs.start', { kind: 'export-xlsx', out: '/tmp/elsewhere.xlsx' })).status).toBe(403);
  // Another account's upload cannot be named either: each account has its own folder.
  const up = await fetch(`${base}/upload?batch=abc123&path=${encodeURIComponent('x.jpg')}`, {
    method: 'POST',
    headers: { Cookie: office.cookie, 'X-Taizhang-Token': office.csrf, Origin: base },
    body: fs.readFileSync(path.join(root, 'kexie', '2023-06-01 领导小组会议', '照片1.jpg')),
  });
  const root1 = ((await up.json()) as { value: { root: string } }).value.root;
  expect((await apiCall(s, 'files.add', { id: kexieItem.id, paths: [root1] })).status).toBe(403);
});

test('a phone signs in, opens the item’s page from its QR code and uploads photos into the item', async () => {
  const s = await signIn('kexie');
  const qr = await get(s, `/qr/item/${kexieItem.id}.svg`);
  expect(qr.status).toBe(200);
  expect(qr.headers.get('content-type')).toBe('image/svg+xml');
  // It encodes the phone page's address (decoded by drawing the expected one the same way).
  const drawn = (url: string) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  expect(await qr.text()).toBe(await drawn(`${base}/m/item/${kexieItem.id}`));
  // Reached by another name given at start, that name is what the phone gets.
  const named = await lanServer({ names: ['taizhang.office'] });
  const name = `taizhang.office:${named.port}`;
  const raw = (method: string, p: string, headers: Record<string, string>, body = '') =>
    new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: named.port, method, path: p, headers: { Host: name, ...headers } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]), body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const signed = await raw('POST', '/login', { Origin: `http://${name}`, 'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ name: 'kexie', password: PASSWORD }).toString());
  expect(signed.status).toBe(303);
  const viaName = await raw('GET', `/qr/item/${kexieItem.id}.svg`, { Cookie: signed.cookies.join('; ') });
  expect(viaName.status).toBe(200);
  expect(viaName.body).toBe(await drawn(`http://${name}/m/item/${kexieItem.id}`));
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await phone.newPage();
  try {
    await page.goto(`${base}/m/item/${kexieItem.id}`);
    await page.waitForURL(/\/login\?next=%2Fm%2Fitem%2F/);
    await page.getByLabel('账号').fill('kexie');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/m/item/${kexieItem.id}`);
    await page.getByText('拍照或选择照片').waitFor();
    const shots = await photos(path.join(root, 'phone-shots'), 2, 71);
    await page.locator('#photos').setInputFiles(shots);
    await page.getByText('已上传 2 张照片').waitFor({ timeout: 30_000 });
    await shot(page, 'lan-phone-upload');
  } finally {
    await phone.close();
  }
  const after = (await apiCall(s, 'items.get', { id: kexieItem.id })).body.value as Item;
  expect(after.files.length).toBe(kexieItem.files.length + 2);
  expect(after.submission).toMatchObject({ department: '县科协', review: 'pending' });
});

test('sign-out ends the session; the audit log shows sign-ins, sign-outs and each write', async () => {
  const s = await signIn('jiaoyu');
  expect((await apiCall(s, 'items.update', { id: jiaoyuItem.id, patch: { location: '县教育局报告厅' } })).body.ok).toBe(true);
  // Sign-out is a POST with the token, like any other.
  expect((await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: s.cookie, Origin: base } })).status).toBe(403);
  const out = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: s.cookie, Origin: base, 'X-Taizhang-Token': s.csrf } });
  expect(out.status).toBe(303);
  expect(out.headers.get('location')).toBe('/login');
  expect((await apiCall(s, 'session.state', {})).status).toBe(401);
  const office = await signIn('zhang');
  const log = (await apiCall(office, 'audit.list', { user: 'jiaoyu', limit: 50 })).body.value as AuditEntry[];
  const actions = log.map((e) => `${e.action}:${e.ok}`);
  expect(actions.slice(0, 3)).toEqual(['logout:true', 'items.update:true', 'login:true']);
  expect(log[1]).toMatchObject({ department: '县教育局', address: '127.0.0.1', subject: String(jiaoyuItem.id) });
  const all = (await apiCall(office, 'audit.list', { limit: 500 })).body.value as AuditEntry[];
  expect(all.some((e) => e.user === 'kexie' && e.action === 'login' && !e.ok)).toBe(true);
  expect(all.some((e) => e.user === 'kexie' && e.action === 'files.add' && e.ok)).toBe(true);
});

test('two servers on one computer keep their sessions apart in one browser', async () => {
  const other = await lanServer();
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  const signInAt = async (at: string, name: string) => {
    await page.goto(`${at}/login`);
    await page.getByLabel('账号').fill(name);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${at}/`);
  };
  const whoAt = (at: string) =>
    page.evaluate(async (url) => {
      const csrf = new RegExp(`tz_csrf_${new URL(url).port}=([^;]+)`).exec(document.cookie)?.[1] ?? '';
      const r = await fetch(`${url}/api/session.state`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': csrf }, body: '{}' });
      return r.ok ? ((await r.json()) as { value: { actor: { user: string } } }).value.actor.user : r.status;
    }, at);
  try {
    const otherAt = `http://127.0.0.1:${other.port}`;
    await signInAt(base, 'kexie');
    await signInAt(otherAt, 'jiaoyu');
    expect(await whoAt(otherAt)).toBe('jiaoyu');
    await page.goto(`${base}/`);
    expect(await whoAt(base)).toBe('kexie');
  } finally {
    await context.close();
  }
});

test('sign-in throttling: after 5 failures the account is locked at that address (429, in Chinese), even with the right password; 20 at one address lock it', async () => {
  const strict = await lanServer();
  const at = `http://127.0.0.1:${strict.port}`;
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn('jiaoyu', `wrong-${i}`, at)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 429]);
  const locked = await signIn('jiaoyu', PASSWORD, at);
  expect(locked.status).toBe(429);
  expect(locked.body).toContain('登录失败次数过多');
  expect(locked.set).toEqual([]);
  // Another account at the same address still signs in: behind a proxy every clerk has one address,
  // and five wrong passwords for one account must not lock the 创建办 out.
  expect((await signIn('zhang', PASSWORD, at)).status).toBe(303);
  // Guessing many accounts from one address: locked there after four times as many failures.
  const spray: number[] = [];
  for (let i = 0; i < 15; i++) spray.push((await signIn(`nobody${i}`, 'wrong-password', at)).status);
  expect(spray.slice(0, 14).every((s) => s === 401)).toBe(true);
  expect(spray[14]).toBe(429);
  expect((await signIn('zhang', PASSWORD, at)).status).toBe(429);
  // The server that counted nothing still signs in.
  expect((await signIn('jiaoyu')).status).toBe(303);
});

test('a session expires after its idle time', async () => {
  const quick = await lanServer({ idleMs: 800 });
  const at = `http://127.0.0.1:${quick.port}`;
  const s = await signIn('kexie', PASSWORD, at);
  expect((await apiCall(s, 'session.state', {}, { at })).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1200));
  const r = await apiCall(s, 'session.state', {}, { at });
  expect(r.status).toBe(401);
  expect(r.body.error?.message).toContain('重新登录');
  const office = await signIn('zhang');
  const log = (await apiCall(office, 'audit.list', { user: 'kexie', limit: 5 })).body.value as AuditEntry[];
  expect(log[0]).toMatchObject({ action: 'logout', ok: true });
  expect(log[0].detail).toContain('过期');
});

test('a disabled account’s sessions end at once', async () => {
  const s = await signIn('shen');
  expect((await apiCall(s, 'session.state', {})).status).toBe(200);
  const office = await signIn('zhang');
  expect((await apiCall(office, 'users.update', { name: 'shen', disabled: true })).body.ok).toBe(true);
  expect((await apiCall(s, 'session.state', {})).status).toBe(401);
  expect((await signIn('shen')).status).toBe(401);
  await apiCall(office, 'users.update', { name: 'shen', disabled: false });
});

test('a session ends after its longest time, however busy', async () => {
  const short = await lanServer({ maxMs: 900 });
  const at = `http://127.0.0.1:${short.port}`;
  const s = await signIn('zhang', PASSWORD, at);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await apiCall(s, 'session.state', {}, { at })).status);
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(statuses.slice(0, 2)).toEqual([200, 200]);
  expect(statuses[statuses.length - 1]).toBe(401);
});

test('CLI: serve --lan prints its address, serves the sign-in page and stops on Ctrl+C', async () => {
  // A copy: the archive in this process is open, and one archive has one writer.
  fs.cpSync(dir, dir + '-served', { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', dir + '-served', '--lan', '--host', '127.0.0.1', '--port', '0', '--json'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TAIZHANG_RENDERER: staticDir, TAIZHANG_READ: 'off' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 600 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 100));
    const printed = JSON.parse(out.split('\n')[0]) as { urls: string[]; port: number };
    expect(printed.urls).toEqual([`http://127.0.0.1:${printed.port}/`]);
    const login = await fetch(`${printed.urls[0]}login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('创建台账 · 登录');
    expect((await signIn('zhang', PASSWORD, `http://127.0.0.1:${printed.port}`)).status).toBe(303);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  expect(err).toBe('');
});

test('CLI: users add reads the password from stdin; serve without --lan, or without a 创建办 account, is refused', async () => {
  const run = (args: string[], input = '') => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, encoding: 'utf8', input, timeout: 120_000 });
  const copy = path.join(root, 'cli-archive');
  fs.cpSync(dir, copy, { recursive: true });
  const added = run(['users', 'add', copy, 'wjw', '--role', 'department', '--department', '县卫健委', '--json'], 'weijian-2023\n');
  expect(added.stderr).toBe('');
  expect(added.status).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ name: 'wjw', role: 'department', department: '县卫健委' });
  const reset = run(['users', 'set', copy, 'wjw', '--password', '--disable', '--json'], 'weijian-2024\n');
  expect(reset.status).toBe(0);
  expect(JSON.parse(reset.stdout)).toMatchObject({ name: 'wjw', disabled: true });
  const listed = run(['users', 'list', copy, '--json']);
  expect((JSON.parse(listed.stdout) as { users: { name: string; disabled: boolean }[] }).users.find((u) => u.name === 'wjw')).toMatchObject({ disabled: true });
  const short = run(['users', 'add', copy, 'x1', '--role', 'office'], 'short\n');
  expect(short.status).toBe(2);
  expect(short.stderr).toContain('至少 8 位');
  const serve = run(['serve', copy]);
  expect(serve.status).toBe(2);
  expect(serve.stderr).toContain('--lan');
  // Nobody could sign in to an archive without a 创建办 account: refused before anything is served.
  const bare = path.join(root, 'bare-archive');
  fs.cpSync(dir, bare, { recursive: true });
  const a = await Archive.open(bare);
  await updateUser(a, 'zhang', { disabled: true }).finally(() => a.close());
  const nobody = run(['serve', bare, '--lan', '--port', '0', '--host', '127.0.0.1']);
  expect(nobody.status).toBe(2);
  expect(nobody.stderr).toContain('还没有创建办的账号');
});
