// The interface on the LAN server (bound to 127.0.0.1 here), in Chromium, one browser profile per
// account: 县科协 has filed photos under 1.1 from its own account. The 创建办 sees who is signed
// in, 审核 with what waits, the item's submission with 通过, the QR code a phone opens to upload
// photos into the item, and the audit log naming the account and its address. A reviewer sees the
// same list but nothing that writes; 县科协 sees no 审核, 导出, 项目设置 or 责任单位, its item's
// state and QR code, and 退出登录 takes it back to the sign-in page.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createApi, type Api } from '../../main/api/api';
import { startWebServer, type WebServer } from '../../main/web/server';
import { ACTORS, PASSWORD, as, importAs, lanArchive, photos } from '../helpers/lan-archive';
import { value } from '../helpers/api-calls';
import { tmpDir } from '../helpers/tmp';
import type { ItemSummary } from '../../shared/api';
import { ROOT, VIEWPORT, buildRenderer, cutFields, layoutProblems, textOf, until } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-review-lan-');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const SHOTS = UPDATE ? path.join(ROOT, 'docs', 'screenshots') : (process.env.E2E_SHOTS ?? path.join(root, 'screenshots'));
let api: Api;
let server: WebServer;
let browser: Browser;
let firstItem: number;
let secondItem: number;
const errors: string[] = [];

/** A browser profile of its own (its own cookies), signed in as `name`. */
async function signedIn(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(`${server.url.replace(/\/$/, '')}/login`);
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('campaign-name').waitFor();
  return page;
}

/** A screenshot after checking the screen holds together. */
async function look(page: Page, name: string, docs = false): Promise<void> {
  await page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  expect(await layoutProblems(page)).toEqual([]);
  expect(await cutFields(page)).toEqual([]);
  const dir = docs ? SHOTS : (process.env.E2E_SHOTS ?? path.join(root, 'screenshots'));
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

const treeNode = (page: Page, code: string): Locator => page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
const row = (page: Page, id: number): Locator => page.locator(`[data-testid="item-row"][data-id="${id}"]`);

/** The QR image has loaded (the server drew it for this item). */
async function qrShown(page: Page): Promise<boolean> {
  const img = page.getByTestId('phone-qr');
  await img.waitFor();
  return until('the QR code drawn', () => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0));
}

beforeAll(async () => {
  const dir = await lanArchive(root);
  const staticDir = path.join(root, 'renderer');
  buildRenderer(staticDir);
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: '0.0.0-test', door: 'lan' });
  await api.open(dir);
  server = await startWebServer({ api, staticDir, uploadDir: path.join(root, 'uploads'), lan: { host: '127.0.0.1' } });
  // 县科协 files two items under 1.1 from its own account (through the service, as its browser would).
  for (const [folder, n, seed] of [['2023-06-01 科普讲座', 2, 41], ['2023-06-08 科普进校园', 1, 51]] as const) {
    await photos(path.join(root, 'kexie', folder), n, seed);
    await importAs(api, as(ACTORS.kexie), [path.join(root, 'kexie', folder)], '1.1');
  }
  const items = value<ItemSummary[]>(await api.call('items.list', { indicator: '1.1' })).filter((i) => i.submission?.department === '县科协');
  expect(items.map((i) => i.submission?.review)).toEqual(['pending', 'pending']);
  [firstItem, secondItem] = items.map((i) => i.id);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
  await api?.close();
});

test('the 创建办: its account in the top bar, 审核 with what waits, 通过 in the editor, the QR code for phone upload, the audit log', async () => {
  const page = await signedIn('zhang');
  await textOf(page.getByTestId('account-name'), 'zhang · 创建办');
  await textOf(page.getByTestId('review-count'), '2');
  expect(await page.getByTestId('open-export').count()).toBe(1);
  expect(await page.getByTestId('open-settings').count()).toBe(1);
  await treeNode(page, '1.1').click();
  await row(page, firstItem).click();
  await textOf(page.getByTestId('submission-department'), '县科协');
  expect(await qrShown(page)).toBe(true);
  await textOf(page.getByTestId('phone-upload'), /手机扫码上传照片/);
  await look(page, '31-lan-office', true);
  await page.getByTestId('review-accept').click();
  await textOf(page.getByTestId('submission-review'), /^已通过/);
  await textOf(page.getByTestId('submission-reviewer'), /^zhang（创建办）|^zhang/);

  await page.getByTestId('account-name').click();
  await page.getByTestId('menu-audit').click();
  const audit = page.getByTestId('audit-panel');
  await until('the decision in the log', async () => (await audit.locator('[data-testid="audit-row"][data-action="items.review"]').count()) === 1);
  expect(await audit.locator('[data-testid="audit-row"][data-action="items.review"]').textContent()).toMatch(/zhang.*审核.*完成.*127\.0\.0\.1/);
  expect(await audit.locator('[data-testid="audit-row"][data-action="login"]').count()).toBeGreaterThanOrEqual(1);
  await page.getByTestId('audit-user').selectOption('kexie');
  await until('only 县科协 in the log', async () => {
    const users = await audit.locator('[data-testid="audit-row"] td:nth-child(2)').allTextContents();
    return users.length > 0 && users.every((u) => u.startsWith('kexie'));
  });
  await page.context().close();
});

test('a reviewer reads: no 通过, no 导出 or 项目设置, no QR code, the read-only line says why', async () => {
  const page = await signedIn('shen');
  await textOf(page.getByTestId('account-name'), 'shen · 只读审阅');
  await textOf(page.getByTestId('read-only'), '这是只读审阅账号，可以查看、搜索和自查，不能修改。');
  expect(await page.getByTestId('open-export').count()).toBe(0);
  expect(await page.getByTestId('open-settings').count()).toBe(0);
  await page.getByTestId('open-review').click();
  await row(page, secondItem).click();
  await textOf(page.getByTestId('submission-review'), /^待审核/);
  expect(await page.getByTestId('review-accept').count()).toBe(0);
  expect(await page.getByTestId('phone-upload').count()).toBe(0);
  await row(page, secondItem).click({ button: 'right' });
  expect(await page.getByTestId('menu-review-accept').count()).toBe(0);
  await page.keyboard.press('Escape');
  await page.context().close();
});

test('a department sees its own items and their state, the QR code, nothing of 审核, 导出, 项目设置; 退出登录 ends the session', async () => {
  const page = await signedIn('kexie');
  await textOf(page.getByTestId('account-name'), 'kexie · 县科协');
  for (const id of ['open-review', 'open-export', 'open-settings', 'open-departments', 'import-indicators', 'tree-node-more']) expect(await page.getByTestId(id).count()).toBe(0);
  await treeNode(page, '1.1').click();
  await textOf(row(page, firstItem).getByTestId('submission-chip'), /已通过/);
  await row(page, secondItem).click();
  await textOf(page.getByTestId('submission-review'), /^待审核/);
  expect(await page.getByTestId('review-accept').count()).toBe(0);
  expect(await qrShown(page)).toBe(true);
  await look(page, '32-lan-department', true);
  // An accepted item is no longer the department's to change: no QR code on it.
  await row(page, firstItem).click();
  await textOf(page.getByTestId('submission-review'), /^已通过/);
  await textOf(page.getByTestId('submission'), /已审核通过，不能再修改/);
  await textOf(page.getByTestId('editor-read-only'), '只读，不能修改');
  expect(await page.locator('[data-testid="item-editor"] .sec-meta input').first().getAttribute('readonly')).not.toBeNull();
  expect(await page.getByTestId('phone-upload').count()).toBe(0);

  await page.getByTestId('account-name').click();
  expect(await page.getByTestId('menu-audit').count()).toBe(0);
  await page.getByTestId('menu-logout').click();
  await page.waitForURL(/\/login/);
  // The session is over: the API refuses the old page's cookies.
  const r = await page.request.post(`${server.url.replace(/\/$/, '')}/api/session.state`, { data: {} });
  expect(r.status()).toBe(401);
  expect(errors).toEqual([]);
});
