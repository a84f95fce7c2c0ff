// The wiring of main/app/electron-main.ts, run under Node with a fake 'electron': what it
// registers before and after ready, and that the registered handlers are the checked ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeElectron, type FakeElectron } from '../helpers/fake-electron';
import { tmpDir } from '../helpers/tmp';

const repo = path.resolve(__dirname, '..', '..');

const dirs: string[] = [];
function boot(opts: { lock?: boolean } = {}): FakeElectron {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-main-'));
  dirs.push(dir);
  const ui = path.join(dir, 'ui');
  fs.mkdirSync(ui);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>创建台账</title>');
  process.env.TAIZHANG_RENDERER_DIR = ui;
  const fake = fakeElectron({ userData: path.join(dir, 'user'), appPath: repo, lock: opts.lock });
  jest.resetModules();
  jest.doMock('electron', () => fake.module);
  jest.isolateModules(() => {
    require('../../main/app/electron-main');
  });
  return fake;
}

const assetsBefore = process.env.TAIZHANG_ASSETS;
afterAll(() => {
  delete process.env.TAIZHANG_RENDERER_DIR;
  if (assetsBefore === undefined) delete process.env.TAIZHANG_ASSETS;
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a first instance', () => {
  const fake = boot();
  const { rec } = fake;
  const archives = tmpDir('tz-main-archive-');
  beforeAll(() => fake.ready());
  afterAll(async () => {
    // will-quit closes the Api, then quits.
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.emitApp('will-quit', e);
    expect(e.prevented).toBe(true);
    for (let i = 0; i < 100 && rec.quit === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(rec.quit).toBe(1);
  });

  test('before ready: both schemes privileged, sandbox for every renderer', () => {
    expect(rec.privileged.map((p) => p.scheme).sort()).toEqual(['app', 'taizhang-file']);
    for (const p of rec.privileged) expect(p.privileges).toMatchObject({ standard: true, secure: true });
    expect(rec.sandboxEnabled).toBe(true);
  });

  test('one window, sandboxed, loading our page from app://', () => {
    expect(rec.exitCode).toBeNull();
    expect(rec.windows).toHaveLength(1);
    const w = rec.windows[0];
    expect(w.url).toBe('app://taizhang/index.html');
    expect(w.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(w.options.webPreferences.preload).toMatch(/preload\.js$/);
    // guarded through 'web-contents-created'
    expect(w.webContents.emitPreventable('will-navigate', { url: 'https://example.com/' })).toBe(true);
    expect(w.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  test('permissions refused', () => {
    let granted: boolean | null = null;
    rec.permissionRequest!(null, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(rec.permissionCheck!(null, 'notifications')).toBe(false);
  });

  test('the IPC handler checks the sender, then the real Api checks the arguments', async () => {
    const wc = rec.windows[0].webContents;
    const frame = { url: 'app://taizhang/index.html', parent: null };
    expect(await fake.invoke('taizhang:call', wc, frame, 'session.state', {})).toMatchObject({ ok: true, value: { desktop: true, version: '0.0.0-test' } });
    expect(await fake.invoke('taizhang:call', wc, frame, 'items.get', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await fake.invoke('taizhang:call', wc, frame, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await fake.invoke('taizhang:call', { id: 999 }, frame, 'session.state', {})).toMatchObject({ ok: false });
    expect(await fake.invoke('taizhang:call', wc, { url: 'https://example.com/', parent: null }, 'session.state', {})).toMatchObject({ ok: false });
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  test('a new archive from the IPC: the event reaches the window and the menu lists it', async () => {
    const wc = rec.windows[0].webContents;
    const frame = { url: 'app://taizhang/index.html', parent: null };
    const dir = path.join(archives, '档案');
    const r = await fake.invoke('taizhang:call', wc, frame, 'archive.create', { dir, campaign: { name: '全国科普示范县' } });
    expect(r).toMatchObject({ ok: true });
    expect(wc.sent).toContainEqual({ channel: 'taizhang:event', args: [{ type: 'changed', what: 'archive' }] });
    for (let i = 0; i < 100 && JSON.stringify(rec.menus.at(-1)).indexOf(dir) < 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(JSON.stringify(rec.menus.at(-1))).toContain(JSON.stringify(dir).slice(1, -1));
  });

  test('the protocols are the checked handlers', async () => {
    const file = rec.protocols.get('taizhang-file')!;
    expect((await file({ url: 'taizhang-file://archive/archive.sqlite', method: 'GET' })).status).toBe(403);
    expect((await file({ url: 'taizhang-file://archive/files/../archive.sqlite', method: 'GET' })).status).toBe(403);
    const app = rec.protocols.get('app')!;
    const page = await app({ url: 'app://taizhang/', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  test('assets come from the app folder when unpackaged', () => {
    expect(process.env.TAIZHANG_ASSETS).toBe(path.join(repo, 'assets'));
  });
});

test('a second instance quits at once and opens nothing', () => {
  const fake = boot({ lock: false });
  expect(fake.rec.quit).toBe(1);
  expect(fake.rec.windows).toHaveLength(0);
  expect(fake.rec.ipc.size).toBe(0);
});
