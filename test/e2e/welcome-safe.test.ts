// The welcome screen and the export dialog as a clerk with two archives in one folder meets them,
// in Chromium against web mode: 最近打开 names the campaigns with their folders beneath, the
// screen holds together at 1024×600, a folder that is not an archive yet is offered for a new
// one, and an export over an existing file asks first and replaces it only when told to.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { cutFields, layoutFacts, layoutProblems, startE2E, textOf, until, VIEWPORT, type E2E } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-safe-');
const parent = path.join(root, '创建台账');
const dirA = path.join(parent, '卫生县城档案');
const dirB = path.join(parent, '文明城市档案');
const NAME_A = '某某县创建国家卫生县城';
const NAME_B = '某某县创建全国文明城市';
let e: E2E;

const byTestId = (id: string): Locator => e.page.getByTestId(id);

beforeAll(async () => {
  fs.mkdirSync(parent, { recursive: true });
  for (const [dir, name] of [
    [dirA, NAME_A],
    [dirB, NAME_B],
  ]) {
    const a = await makeArchive(parent, path.basename(dir));
    await a.updateCampaign({ name });
    await a.close();
  }
  e = await startE2E({ root: path.join(root, 'e2e') });
  // Both opened once (B last), as a clerk who works on two campaigns would have.
  await e.call('archive.open', { dir: dirA });
  await e.call('archive.open', { dir: dirB });
  await e.call('archive.close', {});
  await e.page.reload();
}, 180_000);
afterAll(() => e?.close());

test('最近打开 names each archive by its campaign, with its folder beneath', async () => {
  await byTestId('welcome-recent').waitFor();
  const items = byTestId('welcome-recent-item');
  await until('two recent archives', async () => (await items.count()) === 2);
  expect(await items.locator('.welcome-recent-name').allTextContents()).toEqual([NAME_B, NAME_A]);
  expect(await items.locator('.welcome-recent-path').allTextContents()).toEqual([dirB, dirA]);
  await e.shot('welcome-recent-1366');
});

test('at 1024×600 the welcome screen holds together: headings whole, nothing overlapping or wider than the window', async () => {
  await e.page.setViewportSize({ width: 1024, height: 600 });
  try {
    await byTestId('welcome-recent').waitFor();
    const shot = await e.shot('welcome-1024x600');
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    expect(await layoutProblems(e.page)).toEqual([]);
    expect(await cutFields(e.page)).toEqual([]);
    const facts = await layoutFacts(e.page);
    expect(facts.scrollWidth).toBeLessThanOrEqual(facts.clientWidth);
    // Every card heading reads whole on one line (a squeezed column once left “:” of 最近打开).
    const headings = await e.page.locator('.welcome h2').evaluateAll((hs) =>
      hs.map((h) => ({ text: h.textContent ?? '', width: h.getBoundingClientRect().width, lines: Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight || '20')) })),
    );
    expect(headings.map((h) => h.text)).toEqual(['新建档案', '打开档案', '最近打开', '打开任务包']);
    for (const h of headings) {
      expect(h.width).toBeGreaterThan(120);
      expect(h.lines).toBeLessThanOrEqual(1);
    }
    // The recent archives are on the first screen, not below a long form.
    const recent = await byTestId('welcome-recent').boundingBox();
    expect(recent!.y).toBeLessThan(600);
    const name = await byTestId('welcome-recent-item').first().locator('.welcome-recent-name').boundingBox();
    expect(name!.width).toBeGreaterThan(100);
  } finally {
    await e.page.setViewportSize(VIEWPORT);
  }
});

test('a folder that is not an archive yet comes filled in under 新建档案, and becomes the archive', async () => {
  const fresh = path.join(parent, '科普示范县档案');
  await e.page.goto(`${e.server.url}&create=${encodeURIComponent(fresh)}`);
  await textOf(byTestId('welcome-create-offer'), new RegExp(`${fresh.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 还不是档案`));
  await expect(byTestId('welcome-create-dir').inputValue()).resolves.toBe(fresh);
  // Taken out of the address: a reload does not offer it again.
  expect(new URL(e.page.url()).searchParams.get('create')).toBeNull();
  await e.shot('welcome-create-offer');
  await byTestId('welcome-name').fill('2024年全国科普示范县创建');
  await byTestId('welcome-create-submit').click();
  await byTestId('welcome').waitFor({ state: 'detached' });
  expect(fs.existsSync(path.join(fresh, 'archive.sqlite'))).toBe(true);
  await e.call('archive.close', {});
});

test('an export over an existing file asks first, names whose file it is, and replaces it only when told to', async () => {
  // B has exported its ledger; A is open and the clerk points A's export at B's file.
  await e.call('archive.open', { dir: dirB });
  const started = await e.call('jobs.start', { kind: 'export-xlsx' });
  await until('B exported', async () => (await e.call('jobs.list', {})).find((j) => j.id === started.id)?.state === 'done', 60_000);
  const bFile = path.join(parent, '文明城市档案（导出）', '台账目录.xlsx');
  const bBytes = fs.readFileSync(bFile);
  await e.call('archive.open', { dir: dirA });
  await e.page.goto(e.server.url);

  await byTestId('open-export').click();
  await byTestId('export-dialog').waitFor();
  await byTestId('export-kind-export-xlsx').click();
  await expect(byTestId('export-path').inputValue()).resolves.toBe(path.join(parent, '卫生县城档案（导出）', '台账目录.xlsx'));
  await byTestId('export-path').fill(bFile);
  await byTestId('export-start').click();
  await textOf(byTestId('export-replace-message'), new RegExp(`另一个档案（${NAME_B}）导出的`));
  await e.shot('export-replace-other');
  expect(await layoutProblems(e.page, '[data-testid="export-replace"]')).toEqual([]);
  // 不替换: back to the form with the path as it was; the file untouched.
  await byTestId('export-replace-cancel').click();
  await byTestId('export-dialog').waitFor();
  await expect(byTestId('export-path').inputValue()).resolves.toBe(bFile);
  expect(fs.readFileSync(bFile).equals(bBytes)).toBe(true);

  // 替换: the export runs and the file is A's now.
  await byTestId('export-start').click();
  await byTestId('export-replace-confirm').click();
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 60_000 });
  expect(fs.readFileSync(bFile).equals(bBytes)).toBe(false);
  await byTestId('export-again').click();

  // This archive's own earlier export: asked too, in its own words.
  await byTestId('export-path').fill(path.join(parent, '卫生县城档案（导出）', '台账目录.xlsx'));
  await byTestId('export-start').click();
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 60_000 });
  await byTestId('export-again').click();
  await byTestId('export-start').click();
  await textOf(byTestId('export-replace-message'), /本档案上次导出的/);
  await byTestId('export-replace-confirm').click();
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 60_000 });
  await byTestId('export-close').click();
  expect(e.consoleErrors).toEqual([]);
});

test('at 1024×600 the list header keeps the indicator’s name readable, its controls on a line of their own', async () => {
  await byTestId('tree-node').first().waitFor();
  await e.page.locator('[data-testid="tree-node"][data-code="1.2"]').click();
  await textOf(byTestId('list-title'), '1.2 召开工作推进会');
  const sizes = async () => ({
    title: (await byTestId('list-title').boundingBox())!,
    sort: (await byTestId('sort').boundingBox())!,
  });
  // At 1366 everything is on one line.
  const wide = await sizes();
  expect(Math.abs(wide.title.y - wide.sort.y)).toBeLessThan(12);
  await e.page.setViewportSize({ width: 1024, height: 600 });
  try {
    await until('the header laid out again', async () => ((await byTestId('list-title').boundingBox())?.width ?? 0) > 0);
    const narrow = await sizes();
    await e.shot('workspace-1024x600');
    // The whole name, not “:” (it once shrank to nothing), and a sort list wide enough to read.
    const whole = await byTestId('list-title').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(whole).toBe(true);
    expect(narrow.title.width).toBeGreaterThan(100);
    expect(narrow.sort.width).toBeGreaterThanOrEqual(120);
    expect(await layoutProblems(e.page, '.list-head')).toEqual([]);
    expect(await cutFields(e.page, '.list-head')).toEqual([]);
  } finally {
    await e.page.setViewportSize(VIEWPORT);
  }
});
