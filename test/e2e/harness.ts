// End-to-end tests in Chromium against web mode: the renderer built once per test file into a
// temporary folder, the Api and the web server in this process (so a test can ask the archive
// what it holds), Debian's Chromium driven by playwright-core at 1366×768, the size of the
// office PC screens clerks use.
//
// Screenshots go to a temporary folder; with UPDATE_SCREENSHOTS=1 the ones meant for the README
// (`shot(name, { docs: true })`) go to docs/screenshots/ instead. E2E_SHOTS=DIR keeps all of them in DIR.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createApi, type Api } from '../../main/api/api';
import { startWebServer, type WebServer } from '../../main/web/server';
import type { ApiMethod, ArgsOf, ResultOf } from '../../shared/api';

export const ROOT = path.resolve(__dirname, '..', '..');
export const VIEWPORT = { width: 1366, height: 768 };
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Builds the renderer into `outDir` (never build/renderer: the packaging test copies that one). */
export function buildRenderer(outDir: string): void {
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  // Each build writes its own folder, so builds of parallel test files do not collide. (Vite is
  // pinned to 8.3: 8.4 adds an optional dependency the registry does not have, which breaks npm ci.)
  execFileSync(vite, ['build', '--config', 'renderer/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface E2E {
  root: string;
  api: Api;
  server: WebServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions. */
  consoleErrors: string[];
  /** Every request the page made that was not to our server (should stay empty). */
  foreignRequests: string[];
  /** The Api as the tests' own door onto the archive; throws on {ok: false}. */
  call<M extends ApiMethod>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** Saves a PNG of the whole window; returns its path. */
  shot(name: string, opts?: { docs?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds the renderer, starts the Api (with `archive` open, if given) and the web server, launches
 * Chromium and, unless `goto: false` (a test that times the first load), opens the app's address.
 */
export async function startE2E(opts: { root?: string; archive?: string; goto?: boolean } = {}): Promise<E2E> {
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tz-e2e-'));
  const staticDir = path.join(root, 'renderer');
  buildRenderer(staticDir);
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version });
  if (opts.archive) await api.open(opts.archive);
  const server = await startWebServer({ api, staticDir, uploadDir: path.join(root, 'uploads') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url ?? ''}`.trim());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  context.on('request', (r) => {
    const url = new URL(r.url());
    const local = (url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port === String(server.port)) || url.protocol === 'data:' || url.protocol === 'blob:';
    if (!local) foreignRequests.push(r.url());
  });

  const update = process.env.UPDATE_SCREENSHOTS === '1';
  const tmpShots = process.env.E2E_SHOTS ?? path.join(root, 'screenshots');
  const shot = async (name: string, o: { docs?: boolean } = {}) => {
    const dir = update && o.docs ? DOCS_SHOTS : tmpShots;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return file;
  };

  if (opts.goto !== false) await page.goto(server.url);
  return {
    root,
    api,
    server,
    browser,
    context,
    page,
    consoleErrors,
    foreignRequests,
    async call(method, args) {
      const r = await api.call(method, args);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as never;
    },
    shot,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await api.close();
      if (!opts.root) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A fixed, realistic-looking place for the archive the docs screenshots show, so that they read the
 * same from run to run: <tmp>/创建台账演示 (the archive in 档案, exports beside it in 导出), emptied
 * now and removed by `release`. A pid file in it says which run has it; while a live process holds
 * it (a parallel run), this run takes <tmp>/创建台账演示-<pid> instead.
 */
export function demoFolder(): { dir: string; release(): void } {
  const tmp = os.tmpdir();
  // The folder comes into being with the pid file in it (a rename), so no other run sees it half made.
  const claim = (dir: string): boolean => {
    const fresh = fs.mkdtempSync(path.join(tmp, '.tz-e2e-claim-'));
    fs.writeFileSync(path.join(fresh, '.e2e-pid'), String(process.pid));
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          fs.renameSync(fresh, dir);
          return true;
        } catch {
          // There already: a leftover (its run is gone) is removed; one in use is left alone.
          const pidFile = path.join(dir, '.e2e-pid');
          const other = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0;
          if (other && other !== process.pid && isAlive(other)) return false;
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      return false;
    } catch {
      return false; // another user's folder
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  };
  const stable = path.join(tmp, '创建台账演示');
  const dir = claim(stable) ? stable : path.join(tmp, `创建台账演示-${process.pid}`);
  if (dir !== stable) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
  }
  return { dir, release: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What every screen must hold to: the app's own font loaded, nothing wider than the window. */
export async function layoutFacts(page: Page): Promise<{ fontLoaded: boolean; fontCheck: boolean; bodyFont: string; scrollWidth: number; clientWidth: number }> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'TaizhangUI');
    return {
      fontLoaded: faces.some((f) => f.status === 'loaded'),
      fontCheck: document.fonts.check('14px TaizhangUI', '创建台账'),
      bodyFont: getComputedStyle(document.body).fontFamily,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  });
}

/**
 * Pairs of buttons or inputs the clerk can see that overlap, and buttons whose label does not fit:
 * the two ways a screen looks broken.
 */
export async function layoutProblems(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const root = document.querySelector(sel);
    if (!root) return out;
    // The part of an element the clerk can see: inside the window and every clipping ancestor, and
    // not under something else (a dialog, the self-check drawer, a sticky header).
    const layer = (el: Element) => el.closest('.tz-backdrop, .check-panel, .tz-toasts, [role="menu"]') ?? document.body;
    const seen = (el: Element): DOMRect | null => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') return null;
      let { left, top, right, bottom } = el.getBoundingClientRect();
      left = Math.max(left, 0);
      top = Math.max(top, 0);
      right = Math.min(right, window.innerWidth);
      bottom = Math.min(bottom, window.innerHeight);
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (ps.overflowX === 'visible' && ps.overflowY === 'visible') continue;
        const pr = p.getBoundingClientRect();
        left = Math.max(left, pr.left);
        top = Math.max(top, pr.top);
        right = Math.min(right, pr.right);
        bottom = Math.min(bottom, pr.bottom);
      }
      if (right - left < 1 || bottom - top < 1) return null;
      // Covered when what is on top at its centre belongs to another layer (a control over a
      // control of the same layer is an overlap to report, not a cover).
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      if (!hit || layer(hit) !== layer(el)) return null;
      return new DOMRect(left, top, right - left, bottom - top);
    };
    const label = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} “${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 30)}”`;
    // Controls that overlap one another.
    const controls = [...root.querySelectorAll('button, a.tz-btn, input:not([type=hidden]):not([type=file]), select, textarea')]
      .map((el) => ({ el, r: seen(el) }))
      .filter((c): c is { el: Element; r: DOMRect } => c.r != null);
    for (let i = 0; i < controls.length; i++) {
      const a = controls[i].r;
      for (let j = i + 1; j < controls.length; j++) {
        if (controls[i].el.contains(controls[j].el) || controls[j].el.contains(controls[i].el)) continue;
        const b = controls[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) out.push(`overlap: ${label(controls[i].el)} and ${label(controls[j].el)}`);
      }
    }
    // Buttons whose label does not fit (a clipped button reads as broken; ellipsis is deliberate elsewhere).
    for (const { el } of controls) {
      if ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis') out.push(`clipped: ${label(el)}`);
    }
    return out;
  }, within);
}

/**
 * Text fields and drop-down lists whose value (or, empty, their placeholder) does not fit the
 * box: a clerk would see it cut off.
 */
export async function cutFields(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const root = document.querySelector(sel);
    if (!root) return out;
    const ctx = document.createElement('canvas').getContext('2d')!;
    const fields = root.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      'input:not([type=hidden]):not([type=file]):not([type=checkbox]):not([type=radio]), select',
    );
    for (const el of fields) {
      if (el.getClientRects().length === 0) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden') continue;
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      let text: string;
      // Room inside the borders and padding, less the arrow of a list or the calendar of a date.
      let room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (el instanceof HTMLSelectElement) {
        text = el.selectedOptions[0]?.text ?? '';
        room -= 20;
      } else if (el.type === 'date') {
        text = el.value ? el.value.replace(/-/g, '/') : '年/月/日';
        room -= 24;
      } else text = el.value || el.placeholder;
      const need = ctx.measureText(text).width;
      if (need > room + 1) out.push(`cut: ${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} “${text}” needs ${Math.ceil(need)} px, has ${Math.floor(room)}`);
    }
    return out;
  }, within);
}

/** Waits until the locator's text matches (a string: equals, trimmed); returns the text. */
export async function textOf(loc: Locator, want: string | RegExp, timeoutMs = 15_000): Promise<string> {
  let last = '';
  try {
    return await until(
      'text',
      async () => {
        last = ((await loc.textContent({ timeout: timeoutMs }).catch(() => '')) ?? '').trim();
        return (typeof want === 'string' ? last === want : want.test(last)) && last;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`expected the text of ${String(loc)} to ${typeof want === 'string' ? `be “${want}”` : `match ${want}`}; it is “${last}”`);
  }
}

/** Waits for a condition the page can check, polling (no fixed sleeps). */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A screenshot, and what every screen must hold to: nothing wider than `width`, no overlapping
 * controls, no field whose value is cut off (within `within`). Notices from earlier steps are
 * closed first, as a clerk would, for a clean picture — unless keepToasts.
 */
export async function checkedShot(
  e: E2E,
  name: string,
  opts: { docs?: boolean; width?: number; within?: string; keepToasts?: boolean } = {},
): Promise<string> {
  if (!opts.keepToasts) await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  await e.page.evaluate(() => document.fonts.ready);
  const facts = await layoutFacts(e.page);
  expect(facts.scrollWidth).toBeLessThanOrEqual(opts.width ?? VIEWPORT.width);
  expect(await layoutProblems(e.page, opts.within)).toEqual([]);
  expect(await cutFields(e.page, opts.within)).toEqual([]);
  return e.shot(name, { docs: opts.docs });
}
