// The two protocols of the Electron shell: taizhang-file (stored files, path checks of
// main/api/stored-path) and app (the built interface, with the CSP).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appProtocolHandler, rendererFile } from '../../main/app/app-protocol';
import { fileUrl } from '../../main/app/channels';
import { fileProtocolHandler, relFromUrl } from '../../main/app/file-protocol';
import { CONTENT_SECURITY_POLICY } from '../../main/app/window';
import { tmpDir } from '../helpers/tmp';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

const root = tmpDir('tz-proto-');
const dir = path.join(root, '档案');
const PHOTO = sha('photo');
const PDF = sha('pdf');
const LINKED = sha('link');
const MISSING = sha('missing');
const photoRel = `files/${PHOTO.slice(0, 2)}/${PHOTO}`;
const pdfRel = `files/${PDF.slice(0, 2)}/${PDF}`;
const thumbRel = `thumbs/${PHOTO.slice(0, 2)}/${PHOTO}.jpg`;
const linkRel = `files/${LINKED.slice(0, 2)}/${LINKED}`;
const SECRET = 'secret outside the archive';

function put(rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
}
put(photoRel, 'JPEG bytes');
put(pdfRel, '%PDF-1.7');
put(thumbRel, 'thumb bytes');
put('archive.sqlite', 'SQLite format 3');
fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
fs.mkdirSync(path.dirname(path.join(dir, linkRel)), { recursive: true });
fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, linkRel));

const MIME: Record<string, string> = { [photoRel]: 'image/jpeg', [pdfRel]: 'application/pdf', [linkRel]: 'text/plain' };
let open: string | null = dir;
const asked: string[] = [];
const handler = fileProtocolHandler({
  archiveDir: () => open,
  async mimeOf(rel) {
    asked.push(rel);
    return rel.startsWith('thumbs/') ? 'image/jpeg' : (MIME[rel] ?? null);
  },
});
const get = (url: string, method = 'GET') => handler({ url, method });
const BASE = 'taizhang-file://archive/';

describe('taizhang-file: what is served', () => {
  test('a stored file, with its type and the headers that keep it inert', async () => {
    const r = await get(fileUrl(photoRel));
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('JPEG bytes');
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(r.headers.get('content-length')).toBe(String('JPEG bytes'.length));
  });

  test('a thumbnail', async () => {
    const r = await get(`${BASE}${thumbRel}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('thumb bytes');
    expect(r.headers.get('content-type')).toBe('image/jpeg');
  });

  test('a PDF keeps no sandbox (Chromium would not show it)', async () => {
    const r = await get(`${BASE}${pdfRel}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-security-policy')).toBeNull();
  });

  test('HEAD has the headers and no body; other methods are refused', async () => {
    const head = await get(`${BASE}${photoRel}`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get(`${BASE}${photoRel}`, 'POST')).status).toBe(405);
    expect((await get(`${BASE}${photoRel}`, 'PUT')).status).toBe(405);
  });

  test('the name given to mimeOf is the decoded relative path', async () => {
    asked.length = 0;
    const r = await get(`${BASE}files%2F${PHOTO.slice(0, 2)}%2F${PHOTO}`);
    expect(r.status).toBe(200);
    expect(asked).toEqual([photoRel]);
  });

  test('an unknown type is served as octet-stream, not sniffed', async () => {
    const other = sha('other');
    const rel = `files/${other.slice(0, 2)}/${other}`;
    put(rel, '<script>alert(1)</script>');
    const r = await get(`${BASE}${rel}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
  });

  test('nothing is served while no archive is open', async () => {
    open = null;
    try {
      expect((await get(`${BASE}${photoRel}`)).status).toBe(404);
    } finally {
      open = dir;
    }
  });

  test('a well-formed name of a file that is not there is 404', async () => {
    expect((await get(`${BASE}files/${MISSING.slice(0, 2)}/${MISSING}`)).status).toBe(404);
  });
});

describe('taizhang-file: what is refused', () => {
  const h2 = PHOTO.slice(0, 2);
  test.each([
    ['the database', `${BASE}archive.sqlite`],
    ['the database through ..', `${BASE}files/../archive.sqlite`],
    ['.. out of the archive', `${BASE}files/${h2}/../../../secret.txt`],
    ['.. encoded', `${BASE}files/${h2}/%2e%2e/%2e%2e/archive.sqlite`],
    ['.. and separators encoded', `${BASE}files%2f..%2f..%2fsecret.txt`],
    ['%2e%2e%2f', `${BASE}%2e%2e%2f%2e%2e%2fsecret.txt`],
    ['double-encoded separator', `${BASE}files%252f${h2}%252f${PHOTO}`],
    ['double-encoded ..', `${BASE}files/${h2}/%252e%252e%252f%252e%252e%252farchive.sqlite`],
    ['backslashes', `${BASE}files\\${h2}\\${PHOTO}`],
    ['backslash ..', `${BASE}files/${h2}/..\\..\\archive.sqlite`],
    ['encoded backslash', `${BASE}files%5c${h2}%5c${PHOTO}`],
    ['an absolute path', `${BASE}/etc/passwd`],
    ['an absolute path encoded', `${BASE}%2Fetc%2Fpasswd`],
    ['a Windows drive', `${BASE}C:/Windows/win.ini`],
    ['a Windows drive encoded', `${BASE}C%3A%5CWindows%5Cwin.ini`],
    ['a NUL byte', `${BASE}files/${h2}/${PHOTO}%00.jpg`],
    ['upper-case hash', `${BASE}files/${h2.toUpperCase()}/${PHOTO.toUpperCase()}`],
    ['a folder of the store', `${BASE}files/${h2}`],
    ['the archive folder itself', BASE],
    ['another host', `taizhang-file://evil/${photoRel}`],
    ['no host', `taizhang-file:///${photoRel}`],
    ['user info', `taizhang-file://x@archive/${photoRel}`],
    ['another scheme', `file://${path.join(dir, photoRel)}`],
    ['not a URL', 'files/ab/..'],
  ])('%s', async (_what, url) => {
    const r = await get(url);
    expect(r.status).toBe(403);
    expect(await r.text()).toBe('');
  });

  test('a stored name that links out of the archive is not followed', async () => {
    const r = await get(`${BASE}${linkRel}`);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain(SECRET);
  });

  test('the archive folder reached through a link still serves (links inside are fine)', async () => {
    const alias = path.join(root, 'alias');
    fs.symlinkSync(dir, alias);
    const viaAlias = fileProtocolHandler({ archiveDir: () => alias, mimeOf: async () => 'image/jpeg' });
    expect((await viaAlias({ url: `${BASE}${photoRel}`, method: 'GET' })).status).toBe(200);
    expect((await viaAlias({ url: `${BASE}${linkRel}`, method: 'GET' })).status).toBe(404);
  });

  test('relFromUrl keeps the encoding for storedPath to judge', () => {
    expect(relFromUrl(`${BASE}files%2Fab`)).toBe('files%2Fab');
    expect(relFromUrl('https://archive/files')).toBe(403);
  });
});

describe('app: the built interface', () => {
  const ui = tmpDir('tz-ui-');
  fs.mkdirSync(path.join(ui, 'assets'));
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>创建台账</title>');
  fs.writeFileSync(path.join(ui, 'assets', 'index-1.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'outside.js'), 'stolen');
  const app = appProtocolHandler(ui);

  test('"/" is index.html, with the CSP', async () => {
    for (const url of ['app://taizhang/', 'app://taizhang/index.html']) {
      const r = await app({ url, method: 'GET' });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await r.text()).toContain('创建台账');
    }
  });

  test('assets with their types', async () => {
    const r = await app({ url: 'app://taizhang/assets/index-1.js', method: 'GET' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  test.each([
    'app://taizhang/../outside.js',
    'app://taizhang/%2e%2e/outside.js',
    'app://taizhang/assets/%2e%2e%2f%2e%2e%2foutside.js',
    'app://taizhang/%252e%252e/outside.js',
    'app://taizhang/..\\outside.js',
    'app://taizhang/assets%5c..%5c..%5coutside.js',
    `app://taizhang/${encodeURIComponent(path.join(root, 'outside.js'))}`,
    'app://evil/index.html',
    'app://taizhang/missing.js',
    'app://taizhang/assets',
    'app://taizhang/secret.sqlite',
  ])('%s is not served', async (url) => {
    const r = await app({ url, method: 'GET' });
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('stolen');
  });

  test('rendererFile resolves inside the folder only', () => {
    expect(rendererFile(ui, 'app://taizhang/assets/index-1.js')).toBe(path.join(ui, 'assets', 'index-1.js'));
    // URL parsing already folds dot segments (also %2e%2e) at the root: what is left stays inside.
    expect(rendererFile(ui, 'app://taizhang/%2e%2e/outside.js')).toBe(path.join(ui, 'outside.js'));
    for (const url of ['app://taizhang/assets/%2e%2e%2f%2e%2e%2foutside.js', 'app://taizhang/..%5coutside.js', 'app://taizhang/a/%00.js', 'app://taizhang/%252e%252e/x.js']) {
      expect(rendererFile(ui, url)).toBeNull();
    }
  });
});
