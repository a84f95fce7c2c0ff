// The window's security settings: options, CSP, navigation, new windows, permissions.
import type { WebContentsLike } from '../../main/app/electron-api';
import { CONTENT_SECURITY_POLICY, guardContents, navigationAllowed, permissionAllowed, windowOptions } from '../../main/app/window';
import { FakeWebContents } from '../helpers/fake-electron';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources] as [string, string[]];
    }),
  );
}

describe('window options', () => {
  const o = windowOptions('/app/build/app/preload.js');
  test('sandboxed, isolated, no Node, our preload', () => {
    expect(o.webPreferences).toMatchObject({
      preload: '/app/build/app/preload.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
  test('a Chinese title and a size for office screens', () => {
    expect(o.title).toBe('创建台账');
    expect(o.minWidth).toBeLessThanOrEqual(1024);
  });
});

describe('Content-Security-Policy', () => {
  const d = directives(CONTENT_SECURITY_POLICY);
  test('no eval, no inline script, no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    const sources = [...d.values()].flat();
    expect(sources.filter((src) => /\*|^(https?|wss?|file|ftp):/.test(src))).toEqual([]);
  });
  test('stored files only through our protocol; no framing of the app, no base or form targets', () => {
    expect(d.get('img-src')).toEqual(expect.arrayContaining(['taizhang-file:']));
    expect(d.get('object-src')).toEqual(['taizhang-file:']);
    expect(d.get('frame-src')).toEqual(['taizhang-file:']);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });
  test('inline style is the one relaxation (React style attributes)', () => {
    expect(CONTENT_SECURITY_POLICY.match(/'unsafe-inline'/g)).toHaveLength(1);
    expect(d.get('style-src')).toContain("'unsafe-inline'");
  });
});

describe('navigation and new windows', () => {
  const wc = new FakeWebContents();
  guardContents(wc as unknown as WebContentsLike);

  test.each(['https://example.com/', 'app://taizhang/index.html', 'file:///etc/passwd', 'taizhang-file://archive/files/ab/x'])(
    'the main frame never navigates (to %s)',
    (url) => {
      expect(wc.emitPreventable('will-navigate', { url })).toBe(true);
      expect(wc.emitPreventable('will-frame-navigate', { url, isMainFrame: true })).toBe(true);
      expect(wc.emitPreventable('will-redirect', { url })).toBe(true);
    },
  );

  test('a sub-frame may show a stored file (PDF preview), nothing else', () => {
    expect(wc.emitPreventable('will-frame-navigate', { url: 'taizhang-file://archive/files/ab/abc', isMainFrame: false })).toBe(false);
    for (const url of ['https://example.com/', 'app://taizhang/index.html', 'file:///etc/passwd', 'taizhang-file://evil/x', 'javascript:alert(1)']) {
      expect(wc.emitPreventable('will-frame-navigate', { url, isMainFrame: false })).toBe(true);
    }
  });

  test('an event without details counts as the main frame', () => {
    expect(wc.emitPreventable('will-frame-navigate', {})).toBe(true);
  });

  test('no webview, no new window', () => {
    expect(wc.emitPreventable('will-attach-webview')).toBe(true);
    expect(wc.openHandler).not.toBeNull();
    for (const url of ['https://example.com/', 'app://taizhang/index.html', 'about:blank']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  test('navigationAllowed', () => {
    expect(navigationAllowed('taizhang-file://archive/files/ab/x', true)).toBe(false);
    expect(navigationAllowed('taizhang-file://archive/files/ab/x', false)).toBe(true);
    expect(navigationAllowed('taizhang-file://archivex/files/ab/x', false)).toBe(false);
  });
});

test('permissions: only clipboard writes', () => {
  expect(permissionAllowed('clipboard-sanitized-write')).toBe(true);
  for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'clipboard-read', 'hid', 'serial', 'usb']) {
    expect(permissionAllowed(p)).toBe(false);
  }
});
