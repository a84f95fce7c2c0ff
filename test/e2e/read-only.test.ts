// An archive on a write-protected medium and an archive whose database is damaged, in Chromium
// against web mode: the read-only one shows 只读 with the reason, every editing control is off
// and an export still runs; the damaged one offers 从快照恢复, which puts the snapshot back,
// opens the archive and says what came back and which files to import again.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { remountReadOnly, smallDisk } from '../helpers/mounts';
import { tmpDir } from '../helpers/tmp';
import { cutFields, layoutProblems, startE2E, textOf, until, VIEWPORT, type E2E } from './harness';

const root = tmpDir('tz-e2e-ro-');
let e: E2E;
/** The archive as built: items, photos, and today's snapshot. */
let base: string;
/** A copy on a tmpfs remounted read-only: a write-protected stick. */
let readOnlyDir: string;
/** A copy with one more import after the snapshot and its database then cut to 1000 bytes. */
let damagedDir: string;
let itemsAtSnapshot: number;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
const isReadOnly = (loc: Locator) => loc.evaluate((el) => (el as HTMLInputElement).readOnly);

beforeAll(async () => {
  // Items from a clerk's folder; opening it again (with items) takes the day's snapshot.
  const a = await makeArchive(root, 'base');
  base = a.dir;
  await importPaths(a, [await writeClerkFolder(path.join(root, 'clerk'))]);
  await a.close();
  const again = await Archive.open(base);
  await again.close();
  expect(fs.readdirSync(path.join(base, 'snapshots')).some((n) => n.endsWith('.sqlite'))).toBe(true);

  readOnlyDir = smallDisk(root, 'stick', '64m');
  fs.cpSync(base, path.join(readOnlyDir, '档案'), { recursive: true });
  readOnlyDir = path.join(readOnlyDir, '档案');
  remountReadOnly(path.dirname(readOnlyDir));

  damagedDir = path.join(root, '损坏的档案');
  fs.cpSync(base, damagedDir, { recursive: true });
  const d = await Archive.open(damagedDir);
  itemsAtSnapshot = (await d.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items WHERE deleted_at IS NULL`))!.n;
  const later = path.join(root, 'later', '2023-06-01 科普讲座');
  await makeJpeg(path.join(later, '讲座现场.jpg'), { width: 1200, height: 900, seed: 77 });
  await importPaths(d, [path.dirname(later)]);
  await d.close();
  for (const ext of ['-wal', '-shm']) fs.rmSync(path.join(damagedDir, 'archive.sqlite' + ext), { force: true });
  fs.truncateSync(path.join(damagedDir, 'archive.sqlite'), 1000);

  e = await startE2E({ root: path.join(root, 'e2e'), archive: readOnlyDir });
}, 120_000);

afterAll(async () => {
  await e?.close();
});

test('a read-only archive shows 只读 with the reason, and every editing control is off', async () => {
  const state = await e.call('session.state', {});
  const reason = state.archive?.readOnly;
  expect(reason).toBeTruthy();

  const bar = byTestId('read-only');
  await bar.waitFor();
  const text = (await bar.textContent()) ?? '';
  expect(text).toContain(reason!.replace(/[。.]$/, ''));
  expect(text).toContain('不能修改');
  await byTestId('read-only-badge').waitFor();

  // An indicator with meetings and photos; its first item in the editor.
  await treeNode('1.2').click();
  await byTestId('item-row').first().click();
  await byTestId('meta-form').waitFor();

  await expect(byTestId('import-button').isDisabled()).resolves.toBe(true);
  await expect(byTestId('import-indicators').isDisabled()).resolves.toBe(true);
  await expect(isReadOnly(byTestId('field-title'))).resolves.toBe(true);
  await expect(isReadOnly(byTestId('field-description'))).resolves.toBe(true);
  await expect(byTestId('field-kind').isDisabled()).resolves.toBe(true);
  await expect(byTestId('field-titleSupplied').isDisabled()).resolves.toBe(true);
  await expect(byTestId('link-picker').isDisabled()).resolves.toBe(true);
  await expect(byTestId('unlink').first().isDisabled()).resolves.toBe(true);
  await expect(byTestId('file-role').first().isDisabled()).resolves.toBe(true);
  await expect(byTestId('editor-trash').isDisabled()).resolves.toBe(true);
  await expect(byTestId('trash').isDisabled()).resolves.toBe(true);
  expect(await byTestId('save').count()).toBe(0);
  await byTestId('editor-read-only').waitFor();

  // A photo of an item: its caption fields are read-only too.
  const id = Number(await byTestId('item-editor').getAttribute('data-id'));
  const before = await e.call('items.get', { id });
  if (before.files.some((f) => f.role === 'photo')) await expect(isReadOnly(byTestId('caption-title'))).resolves.toBe(true);

  // Typing and Delete change nothing; Delete says why.
  await byTestId('field-title').click();
  await e.page.keyboard.type('改过的题名');
  await e.page.keyboard.press('Tab');
  await expect(byTestId('field-title').inputValue()).resolves.toBe(before.title);
  await byTestId('item-row').first().click();
  await e.page.keyboard.press('Delete');
  await textOf(byTestId('toasts'), /只读/);
  const after = await e.call('items.get', { id });
  expect(after.title).toBe(before.title);
  expect(after.deletedAt).toBeNull();
  await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));

  // The screen reads well at 1366×768: nothing overlaps, nothing is cut.
  await e.page.evaluate(() => document.fonts.ready);
  expect(await e.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  expect(await layoutProblems(e.page)).toEqual([]);
  expect(await cutFields(e.page)).toEqual([]);
  await e.page.screenshot({ path: '/tmp/readonly.png' });
  await e.shot('read-only');

  // 项目设置 can be looked at, not saved.
  await byTestId('open-settings').click();
  await byTestId('settings-read-only').waitFor();
  await expect(byTestId('settings-save').isDisabled()).resolves.toBe(true);
  await expect(isReadOnly(byTestId('settings-name'))).resolves.toBe(true);
  await e.page.keyboard.press('Escape');
  await byTestId('campaign-settings').waitFor({ state: 'detached' });
});

test('an export of the read-only archive still runs, into a writable folder', async () => {
  const out = path.join(root, '导出');
  fs.mkdirSync(out, { recursive: true });
  await byTestId('open-export').click();
  await byTestId('export-kind-export-xlsx').click();
  await expect(byTestId('export-start').isDisabled()).resolves.toBe(false);
  await byTestId('export-path').fill(path.join(out, '台账目录.xlsx'));
  await byTestId('export-start').click();
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 45_000 });
  expect(fs.statSync(path.join(out, '台账目录.xlsx')).size).toBeGreaterThan(1000);
  await byTestId('export-close').click();
});

test('a damaged database at opening offers 从快照恢复, which opens the archive and says what came back', async () => {
  await e.call('archive.close', {});
  await e.page.reload();
  await byTestId('welcome').waitFor();
  await byTestId('welcome-open-dir').fill(damagedDir);
  await byTestId('welcome-open-submit').click();

  const offer = byTestId('restore-offer');
  await offer.waitFor();
  const message = (await byTestId('restore-message').textContent()) ?? '';
  expect(message).toContain('已损坏');
  expect(message).toMatch(/可以从 \d{4}-\d\d-\d\d \d\d:\d\d 的快照恢复/);
  expect(message).not.toContain('taizhang restore');
  await e.page.screenshot({ path: '/tmp/restore-offer.png' });

  await byTestId('restore-start').click();
  const report = byTestId('restore-report');
  await report.waitFor({ timeout: 30_000 });
  const summary = await textOf(byTestId('restore-summary'), /^已从 \d{4}-\d\d-\d\d \d\d:\d\d 的快照恢复，现有 \d+ 件材料。$/);
  expect(summary).toContain(`现有 ${itemsAtSnapshot} 件材料`);
  // The photo imported after the snapshot is listed to import again.
  const files = byTestId('restore-files').locator('li');
  await until('the files stored after the snapshot', async () => (await files.count()) >= 1);
  expect(await files.first().textContent()).toMatch(/files\/|讲座现场/);
  await e.page.screenshot({ path: '/tmp/restore.png' });

  // The archive is open behind the report.
  await textOf(byTestId('campaign-name'), '全国科普示范县创建');
  const state = await e.call('session.state', {});
  expect(state.archive?.dir).toBe(damagedDir);
  expect(state.archive?.readOnly).toBeNull();
  await byTestId('restore-report-close').click();
  await report.waitFor({ state: 'detached' });
  await treeNode('1.2').waitFor();
  expect((await e.call('items.list', {})).length).toBe(itemsAtSnapshot);
});

test('no errors in the page and no requests out', () => {
  expect(e.consoleErrors).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});
