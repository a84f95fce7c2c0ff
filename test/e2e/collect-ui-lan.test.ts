// A department's account on the LAN server sees the same banner as a department filling a
// 任务包 (在线填报): its name, the 创建办, its deadline and the 创建办's note, and its items
// returned with the reasons; no 责任单位 overview and no 生成回传包 (it files straight into the
// archive). In Chromium against the LAN server bound to 127.0.0.1.
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApi, type Api } from '../../main/api/api';
import { startWebServer, type WebServer } from '../../main/web/server';
import { ACTORS, PASSWORD, as, importAs, lanArchive, photos } from '../helpers/lan-archive';
import { tmpDir } from '../helpers/tmp';
import { VIEWPORT, buildRenderer, cutFields, layoutProblems, textOf } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-collect-lan-');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
let api: Api;
let server: WebServer;
let browser: Browser;

/** A call as the 创建办's account; throws on {ok: false}. */
async function asOffice(method: Parameters<Api['call']>[0], args: unknown): Promise<unknown> {
  const r = await api.call(method, args, as(ACTORS.office));
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  const staticDir = path.join(root, 'renderer');
  buildRenderer(staticDir);
  const dir = await lanArchive(root);
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test', door: 'lan' });
  await api.open(dir);
  // 县科协 has filed a meeting; the 创建办 set its deadline and note, and returned the meeting.
  const meeting = path.join(root, 'kexie', '2023-06-01 领导小组会议');
  await photos(meeting, 1, 61);
  const job = await importAs(api, as(ACTORS.kexie), [meeting], '1.1');
  const id = (job.result as { itemIds: number[] }).itemIds[0];
  await asOffice('assignments.set', { department: '县科协', deadline: '2099-06-30' });
  await asOffice('departments.update', { name: '县科协', patch: { note: '照片请写明时间、地点和参加人员。' } });
  await asOffice('items.review', { ids: [id], decision: 'return', reason: '缺少会议签到表' });
  server = await startWebServer({ api, staticDir, uploadDir: path.join(root, 'uploads'), lan: { host: '127.0.0.1' } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
  await api?.close();
});

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('账号').fill(name);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('campaign-name').waitFor();
}

test('a department’s account: 在线填报 with its deadline, the 创建办’s note and its returned item; no overview, no 回传包', async () => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await signIn(page, 'kexie');
    const banner = page.getByTestId('filling-banner');
    await textOf(banner, /在线填报：县科协/);
    await textOf(page.getByTestId('filling-deadline'), '2099-06-30');
    await textOf(page.getByTestId('filling-note'), /照片请写明时间/);
    await textOf(page.getByTestId('filling-returned'), '退回待更正 1 件');
    await page.getByTestId('filling-returned').click();
    await textOf(page.getByTestId('filling-returned-list'), /缺少会议签到表/);
    expect(await page.getByTestId('open-departments').count()).toBe(0);
    expect(await page.getByTestId('open-return').count()).toBe(0);
    expect(await layoutProblems(page)).toEqual([]);
    expect(await cutFields(page)).toEqual([]);
    await page.screenshot({ path: path.join(process.env.E2E_SHOTS ?? root, 'lan-department-banner.png') });
    // Its returned item opens from the banner.
    await page.getByTestId('filling-returned-list').locator('button').first().click();
    await page.getByTestId('item-editor').waitFor();
  } finally {
    await context.close();
  }
  expect(errors).toEqual([]);
});

test('the 创建办’s account on the LAN: no banner, the 责任单位 overview in reach', async () => {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await signIn(page, 'zhang');
    await page.getByTestId('open-departments').click();
    await page.locator('[data-testid="department-row"][data-name="县科协"]').waitFor();
    expect(await page.getByTestId('filling-banner').count()).toBe(0);
  } finally {
    await context.close();
  }
});
