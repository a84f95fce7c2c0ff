// The clerk's statement and a photo used twice, in Chromium against web mode: on a lowest-level
// indicator the 自评 panel above its items shows what counts and what does not (and why); the
// 结论性说明, 自评分 and 实际完成 with its reason are saved, come back after a reload (from the
// archive, not the page), and a 自评分 above the 分值 is refused in place. Leaving the panel saves
// what was typed. In the self-check a photo filed under two meetings lists both copies; 只保留在这里
// and a confirmation leave it in one item and the problem is gone.
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { importPaths } from '../../main/intake/import';
import { makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { tmpDir } from '../helpers/tmp';
import { startE2E, textOf, until, VIEWPORT, type E2E, checkedShot } from './harness';

const root = tmpDir('tz-e2e-stmt-');
let e: E2E;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);

/** A screenshot, after checking the screen holds together: nothing wider than the window, no overlap, no cut field. */
const look = (name: string, docs = true): Promise<string> => checkedShot(e, name, { docs });

async function statementOf(code: string) {
  const tree = await e.call('indicators.tree', {});
  return tree.nodes.find((n) => n.code === code)!.statement;
}

beforeAll(async () => {
  // The clerk folder: three 推进会 under 1.2 (the first meeting's photo copied into the third),
  // and under 2.1 a HEIC, a WPS file, an encrypted PDF and a corrupt photo the app cannot read.
  const archive = await makeArchive(root, '档案', ['2022-04-01', '2023-12-31']);
  await importPaths(archive, [await writeClerkFolder(path.join(root, 'src'))]);
  await archive.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: path.join(root, '档案') });
}, 180_000);

afterAll(async () => {
  await e?.close();
});

test('自评: what counts and why not, then 结论性说明, 自评分 and 实际完成 saved and read back after a reload; a 自评分 above the 分值 refused in place', async () => {
  await treeNode('2.1').click();
  const panel = byTestId('statement-panel');
  await panel.waitFor();
  await textOf(byTestId('statement-facts'), /要求.*10.*实际/);
  // The items that do not count, each with its reason; the tree's badge says the same in its tooltip.
  await until('the excluded items', async () => (await byTestId('statement-excluded-item').count()) > 0);
  await textOf(byTestId('statement-excluded'), /不计入（文件无法读取.*）：加密通知、培训课件/);
  const countText = (await byTestId('statement-count').textContent())!.trim();
  expect(countText).toMatch(/件中 \d+ 件计入/);
  await expect(treeNode('2.1').locator('.tz-status').getAttribute('title')).resolves.toContain(countText);
  await expect(byTestId('statement-score').evaluate((el) => el.parentElement!.textContent)).resolves.toContain('满分 10 分');

  // Type the statement and save.
  await byTestId('statement-conclusion').fill('全年举办党员干部科技培训 12 次，其中 11 次的材料在乡镇台账中。');
  await byTestId('statement-score').fill('8.5');
  await byTestId('statement-actual').fill('12');
  await byTestId('statement-reason').fill('另有 11 次在乡镇台账中');
  await byTestId('statement-dirty').waitFor();
  await byTestId('statement-save').click();
  await textOf(panel.locator('.save-state'), /^已保存/);
  const saved = await statementOf('2.1');
  expect(saved).toMatchObject({ conclusion: '全年举办党员干部科技培训 12 次，其中 11 次的材料在乡镇台账中。', selfScore: 8.5, actual: 12, actualReason: '另有 11 次在乡镇台账中' });
  // 实际完成 replaces the count: the tree says 12/10次.
  await textOf(treeNode('2.1').locator('.tz-status'), /12\/10次/);

  // F5: the page comes back on 2.1 with what the archive holds.
  await e.page.reload();
  await byTestId('statement-panel').waitFor();
  await until('the saved statement', async () => (await byTestId('statement-conclusion').inputValue()) === saved.conclusion);
  await expect(byTestId('statement-score').inputValue()).resolves.toBe('8.5');
  await expect(byTestId('statement-actual').inputValue()).resolves.toBe('12');
  await expect(byTestId('statement-reason').inputValue()).resolves.toBe('另有 11 次在乡镇台账中');
  await textOf(panel.locator('.save-state'), /^已保存/);
  await until('the excluded items', async () => (await byTestId('statement-excluded-item').count()) > 0);
  await byTestId('item-row').first().waitFor();
  // The panel leaves the list most of the screen: at least five rows of it visible below.
  const listBox = await byTestId('item-list').boundingBox();
  expect(listBox!.height).toBeGreaterThan(5 * 48);
  expect(listBox!.y + listBox!.height).toBeLessThanOrEqual(VIEWPORT.height);
  await look('06-statement');

  // Above the 分值: the service's reason where the clerk typed, nothing written.
  await byTestId('statement-score').fill('11');
  await byTestId('statement-save').click();
  await textOf(byTestId('statement-error'), /自评分 11 超过了指标 2\.1 的分值 10 分/);
  await expect(statementOf('2.1')).resolves.toMatchObject({ selfScore: 8.5 });
  await expect(byTestId('statement-score').getAttribute('aria-invalid')).resolves.toBe('true');
  await look('statement-refused', false);
  // 实际完成 without its reason: refused too.
  await byTestId('statement-score').fill('9');
  await byTestId('statement-reason').fill('');
  await byTestId('statement-save').click();
  await textOf(byTestId('statement-error'), /填写实际完成时请说明依据/);
  await expect(byTestId('statement-reason').getAttribute('aria-invalid')).resolves.toBe('true');
  // Enter in a field saves, as 保存 does.
  await byTestId('statement-reason').fill('另有 11 次在乡镇台账中');
  await byTestId('statement-reason').press('Enter');
  await textOf(panel.locator('.save-state'), /^已保存/);
  await expect(statementOf('2.1')).resolves.toMatchObject({ selfScore: 9 });
  await byTestId('statement-error').waitFor({ state: 'detached' });
});

test('自评: what was typed is saved when the clerk goes to another indicator', async () => {
  await treeNode('1.2').click();
  await until('the panel on 1.2', async () => (await byTestId('statement-panel').getAttribute('aria-label'))?.includes('1.2'));
  await byTestId('statement-conclusion').fill('全年召开推进会 3 次，达到要求。');
  await treeNode('1.1').click();
  await until('saved on leaving', async () => (await statementOf('1.2')).conclusion === '全年召开推进会 3 次，达到要求。');
  await treeNode('1.2').click();
  await until('shown again', async () => (await byTestId('statement-conclusion').inputValue()) === '全年召开推进会 3 次，达到要求。');
  // An upper level has no statement of its own: no panel.
  await treeNode('1').click();
  await until('no panel on 1', async () => (await byTestId('statement-panel').count()) === 0);
});

test('同一照片用于多件材料: both copies listed; 只保留在这里 and a confirmation leave it in one meeting', async () => {
  await byTestId('open-check').click();
  const check = byTestId('check-panel');
  const group = byTestId('check-group-reused_photo');
  await group.waitFor();
  await textOf(group.locator('summary'), /同一照片用于多件材料/);
  const copies = group.getByTestId('check-copy');
  await until('two copies', async () => (await copies.count()) === 2);
  const labels = await copies.locator('.check-copy-label').allTextContents();
  expect(labels.some((l) => l.includes('第一次推进会'))).toBe(true);
  expect(labels.some((l) => l.includes('第三次推进会'))).toBe(true);
  // Its thumbnails loaded, its heading at the top of the drawer, for the picture.
  await until('the thumbnails', async () => (await group.locator('.check-copy-thumb img').count()) === 2);
  await group.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await look('07-reused-photo');

  const keep = copies.filter({ hasText: '第一次推进会' });
  const keptFile = Number(await keep.getAttribute('data-file'));
  await keep.getByTestId('check-keep-only').click();
  const dialog = byTestId('keep-only-dialog');
  await dialog.waitFor();
  await textOf(dialog, /第三次推进会/);
  await byTestId('keep-only-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await until('the problem gone', async () => (await check.getByTestId('check-group-reused_photo').count()) === 0 && (await byTestId('check-rerun').isEnabled()));

  // In the archive: the photo stays in the first meeting, the third has lost its copy.
  const items = await e.call('items.list', { indicator: '1.2' });
  const third = await e.call('items.get', { id: items.find((i) => i.title === '第三次推进会')!.id });
  expect(third.files.map((f) => f.name)).not.toContain('复制的照片.jpg');
  const first = await e.call('items.get', { id: items.find((i) => i.title === '第一次推进会')!.id });
  expect(first.files.map((f) => f.id)).toContain(keptFile);
  expect(e.consoleErrors).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});

test('自查: an item whose only file is unreadable is named once, and opens the item; 缺少结论性说明 the indicator with its 自评; 导出 leaves excluded items out unless asked', async () => {
  await byTestId('open-check').click();
  const check = byTestId('check-panel');
  await byTestId('check-summary').waitFor();
  // One problem, on the file, saying what follows for the item (no second 材料没有可读的文件 for it).
  await textOf(byTestId('check-group-unreadable').locator('summary'), /文件无法读取/);
  const unusable = check.locator('[data-testid="check-problem"][data-kind="unreadable"]').filter({ hasText: '加密通知' });
  await textOf(unusable, /这件材料因此不计入任何指标/);
  expect(await check.locator('[data-testid="check-problem"][data-kind="unusable_item"]').filter({ hasText: '加密通知' }).count()).toBe(0);
  const itemId = Number(await unusable.getAttribute('data-item'));
  await unusable.click();
  await check.waitFor({ state: 'detached' });
  await until('the item open', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(itemId));

  await byTestId('open-check').click();
  const missing = check.locator('[data-testid="check-problem"][data-kind="no_conclusion"]').first();
  await textOf(byTestId('check-group-no_conclusion').locator('summary'), /缺少结论性说明/);
  const code = (await missing.getAttribute('data-indicator'))!;
  await missing.click();
  await check.waitFor({ state: 'detached' });
  await textOf(byTestId('list-title'), new RegExp(`^${code.replace('.', '\\.')} `));
  await until('its 自评', async () => (await byTestId('statement-panel').getAttribute('aria-label'))?.includes(code));

  // 导出: unchecked by default, with the hint; checked, every kind asks for the excluded items.
  await byTestId('open-export').click();
  const box = byTestId('export-include-excluded');
  await expect(box.isChecked()).resolves.toBe(false);
  await textOf(e.page.locator('.export-hint-tight'), /默认不导出创建时段外和文件无法读取的材料/);
  await box.check();
  await look('export-include-excluded', false);
  await e.page.locator('input[name="export-kind"][value="export-xlsx"]').check();
  const sent = e.page.waitForRequest((r) => r.url().endsWith('/api/jobs.start'));
  await byTestId('export-start').click();
  expect(JSON.parse((await sent).postData()!)).toMatchObject({ kind: 'export-xlsx', includeExcluded: true });
  await until('the export done', async () => (await byTestId('export-job').getAttribute('data-state').catch(() => null)) === 'done', 60_000);
  expect(e.consoleErrors).toEqual([]);
});

test('自评 on a read-only archive: shown, not editable, nothing saved', async () => {
  // The service says the archive is read-only (as for a write-protected stick); the page believes it.
  await e.page.route('**/api/session.state', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { ok: boolean; value?: { archive?: { readOnly: string | null } } };
    if (body.value?.archive) body.value.archive.readOnly = 'U 盘有写保护';
    await route.fulfill({ response: res, json: body });
  });
  const writes: string[] = [];
  e.page.on('request', (r) => {
    if (r.url().endsWith('/api/indicators.state')) writes.push(r.url());
  });
  await e.page.reload();
  await byTestId('read-only-badge').waitFor();
  await treeNode('2.1').click();
  await byTestId('statement-panel').waitFor();
  await until('the saved conclusion', async () => (await byTestId('statement-conclusion').inputValue()).startsWith('全年举办党员干部科技培训'));
  for (const id of ['statement-conclusion', 'statement-score', 'statement-actual', 'statement-reason'])
    await expect(byTestId(id).evaluate((el) => (el as HTMLInputElement).readOnly)).resolves.toBe(true);
  await expect(byTestId('statement-save').count()).resolves.toBe(0);
  await textOf(byTestId('statement-panel').locator('.stmt-note'), /档案是只读的/);
  await byTestId('statement-conclusion').focus();
  await e.page.keyboard.type('改动');
  await treeNode('1.2').click();
  await until('1.2 shown', async () => (await byTestId('statement-panel').getAttribute('aria-label'))?.includes('1.2'));
  expect(writes).toEqual([]);
  await e.page.unroute('**/api/session.state');
});
