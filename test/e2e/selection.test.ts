// The clerk's hands on many items, in Chromium against web mode: 300 photos that matched no
// indicator wait in 未归类; Ctrl+A selects them all, the right click shows what can be done to
// them, one drag files them under an indicator and one Ctrl+Z puts them back; the selection bar
// files them again. Two items are merged and a file split out of the merged one; a file moves
// from one item to another and files are put in order by drag. Items go to the trash, and
// 彻底删除 — after a dialog that names what goes — removes their stored originals and thumbnails
// from the disk (and keeps a file another item still uses); `verify` finds the archive sound.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { Archive } from '../../main/archive/archive';
import { verifyArchive } from '../../main/archive/verify';
import { makeJpeg } from '../../main/demo/sample-files';
import { importPaths } from '../../main/intake/import';
import type { Item } from '../../shared/domain';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { startE2E, textOf, until, type E2E, checkedShot } from './harness';

jest.setTimeout(180_000);

const PHOTOS = 300;
const root = tmpDir('tz-e2e-sel-');
const archiveDir = path.join(root, '档案');
let e: E2E;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
const rows = (): Locator => byTestId('item-row');
const rowTitled = (title: string): Locator => rows().filter({ has: e.page.locator('.irow-title', { hasText: new RegExp(`^${title}$`) }) });
const name = (i: number) => `现场照片-${String(i).padStart(3, '0')}`;

/** A screenshot after checking the screen holds together (nothing wider than the window, no overlap, no cut field). */
const look = (shot: string, docs = false, keepToasts = false): Promise<string> => checkedShot(e, shot, { docs, keepToasts });

async function listed(args: { indicator?: string; inbox?: boolean; trash?: boolean }) {
  return e.call('items.list', args);
}

async function itemTitled(title: string): Promise<Item> {
  const row = (await listed({})).find((r) => r.title === title);
  if (!row) throw new Error(`no item titled ${title}`);
  return e.call('items.get', { id: row.id });
}

/** The newest notice's text, once one matching `want` is shown. */
async function toastSaying(want: RegExp): Promise<string> {
  return until(`a notice saying ${want}`, async () => {
    const texts = await byTestId('toast').allTextContents();
    return texts.find((t) => want.test(t));
  });
}

beforeAll(async () => {
  // Photos named by no indicator and without a date: each becomes its own item in 未归类, as a
  // phone's folder did for the clerk.
  const files: string[] = [];
  for (let i = 1; i <= PHOTOS; i++) {
    const f = path.join(root, 'src', `${name(i)}.jpg`);
    await makeJpeg(f, { width: 200, height: 150, seed: i });
    files.push(f);
  }
  const archive = await makeArchive(root, '档案', ['2023-01-01', '2023-12-31']);
  const report = await importPaths(archive, files);
  expect(report.items).toBe(PHOTOS);
  await archive.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: archiveDir });
}, 180_000);

afterAll(async () => {
  await e?.close();
});

test('300 photos in 未归类: Ctrl+A, the right-click menu, one drag onto 2.2 files them all; Ctrl+Z takes them back; the selection bar files them again', async () => {
  await byTestId('tree-inbox').click();
  await textOf(byTestId('item-count'), `共 ${PHOTOS} 件`);
  await rows().first().click();
  await e.page.keyboard.press('Control+a');
  await textOf(byTestId('selection-count'), `已选 ${PHOTOS} 件`);
  await textOf(byTestId('item-count'), `共 ${PHOTOS} 件，已选 ${PHOTOS} 件`);

  // The right click acts on the whole selection.
  await rows().nth(2).click({ button: 'right' });
  const menu = byTestId('item-menu');
  await menu.waitFor();
  await expect(menu.getByRole('menuitem').allTextContents()).resolves.toEqual(
    expect.arrayContaining(['归到指标…', '链接到指标…', '类别…', '日期…', `合并为一件（${PHOTOS} 件）…`, `移到回收站 ${PHOTOS} 件Delete`]),
  );
  await look('12-selection-menu', true);
  await e.page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  await textOf(byTestId('selection-count'), `已选 ${PHOTOS} 件`);

  // One drag of the selection onto 2.2.
  await rows().nth(1).dragTo(treeNode('2.2'));
  await toastSaying(new RegExp(`${PHOTOS} 件`));
  await until('the items filed under 2.2', async () => (await listed({ indicator: '2.2' })).length === PHOTOS);
  expect(await listed({ inbox: true })).toEqual([]);
  await textOf(byTestId('item-count'), '共 0 件');
  await textOf(treeNode('2.2').locator('.tnode-meta'), new RegExp(`${PHOTOS} 件`));

  // One Ctrl+Z undoes the whole action.
  await e.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await e.page.keyboard.press('Control+z');
  await until('the items back in 未归类', async () => (await listed({ inbox: true })).length === PHOTOS);
  expect(await listed({ indicator: '2.2' })).toEqual([]);
  await textOf(byTestId('item-count'), new RegExp(`^共 ${PHOTOS} 件`));

  // The selection bar does the same through a dialog.
  await rows().first().click();
  await e.page.keyboard.press('Control+a');
  await byTestId('sel-move').click();
  await byTestId('indicator-pick').waitFor();
  await byTestId('pick-query').fill('志愿');
  await byTestId('pick-option').filter({ hasText: '科技志愿服务活动' }).click();
  await look('indicator-pick');
  await byTestId('pick-confirm').click();
  await until('the items filed under 2.2 again', async () => (await listed({ indicator: '2.2' })).length === PHOTOS);
  await textOf(byTestId('item-count'), '共 0 件');
});

test('a selection dragged with Ctrl held is linked, not moved; 修改 sets the kind and date of all', async () => {
  await treeNode('2.2').click();
  await textOf(byTestId('item-count'), `共 ${PHOTOS} 件`);
  await rowTitled(name(1)).click();
  await rowTitled(name(3)).click({ modifiers: ['Shift'] });
  await textOf(byTestId('selection-count'), '已选 3 件');
  await e.page.keyboard.down('Control');
  await rowTitled(name(2)).dragTo(treeNode('2.1'));
  await e.page.keyboard.up('Control');
  await until('three items linked to 2.1', async () => (await listed({ indicator: '2.1' })).length === 3);
  for (const i of [1, 2, 3]) expect((await itemTitled(name(i))).indicators).toEqual(['2.2', '2.1']);

  await rowTitled(name(1)).click();
  await rowTitled(name(3)).click({ modifiers: ['Shift'] });
  await byTestId('sel-edit').click();
  await byTestId('bulk-edit').waitFor();
  await byTestId('bulk-kind').selectOption('activity');
  await byTestId('bulk-date').fill('2023-09-16');
  await look('bulk-edit');
  await byTestId('bulk-save').click();
  await byTestId('bulk-edit').waitFor({ state: 'detached' });
  await until('the dates set', async () => (await itemTitled(name(3))).date === '2023-09-16');
  for (const i of [1, 2, 3]) expect(await itemTitled(name(i))).toMatchObject({ kind: 'activity', date: '2023-09-16' });
  expect((await itemTitled(name(4))).date).toBeNull();

  // 移出本指标 from 2.1 again.
  await treeNode('2.1').click();
  await textOf(byTestId('item-count'), '共 3 件');
  await rows().first().click();
  await e.page.keyboard.press('Control+a');
  await byTestId('sel-unlink').click();
  await until('2.1 empty', async () => (await listed({ indicator: '2.1' })).length === 0);
  expect((await itemTitled(name(1))).indicators).toEqual(['2.2']);

  // The tree's menu offers the list's selection to the node (the list stays as it is).
  await treeNode('2.2').click();
  await rowTitled(name(5)).click();
  await rowTitled(name(6)).click({ modifiers: ['Control'] });
  await treeNode('1.1').click({ button: 'right' });
  await byTestId('tree-menu').waitFor();
  await textOf(byTestId('menu-items-link'), '把选中的 2 件材料链接到这里');
  await byTestId('menu-items-link').click();
  await until('two items linked to 1.1', async () => (await listed({ indicator: '1.1' })).length === 2);
  await textOf(byTestId('list-title'), /^2\.2 /);
  await textOf(byTestId('selection-count'), '已选 2 件');
  await e.page.keyboard.press('Control+z');
  await until('1.1 empty again', async () => (await listed({ indicator: '1.1' })).length === 0);
});

test('two items merged into one (in the order chosen), then a file split out of it into a new item', async () => {
  await treeNode('2.2').click();
  await textOf(byTestId('item-count'), new RegExp(`^共 ${PHOTOS} 件`));
  // Chosen second first: the merge keeps the selection's order, so 011 leads.
  // The last test's selection (2 items) must have given way before the count below can say anything;
  // a click landing while the list redraws after that test's undo is tried again (a plain click is idempotent).
  await until('011 alone selected', async () => {
    await rowTitled(name(11)).click();
    return (await e.page.locator('[data-testid="item-row"][aria-selected="true"]').count()) === 1 && (await rowTitled(name(11)).getAttribute('aria-selected')) === 'true';
  });
  await rowTitled(name(10)).click({ modifiers: ['Control'] });
  await textOf(byTestId('selection-count'), '已选 2 件');
  await until('011 and 010 selected', async () => (await rowTitled(name(10)).getAttribute('aria-selected')) === 'true' && (await rowTitled(name(11)).getAttribute('aria-selected')) === 'true');
  await byTestId('sel-merge').click();
  const dialog = byTestId('merge-dialog');
  await dialog.waitFor();
  await expect(byTestId('merge-order').locator('li').allTextContents()).resolves.toEqual([expect.stringContaining(name(11)), expect.stringContaining(name(10))]);
  await look('merge-dialog');
  await byTestId('merge-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await toastSaying(/合并/);
  const merged = await itemTitled(name(11));
  expect(merged.files.map((f) => f.name)).toEqual([`${name(11)}.jpg`, `${name(10)}.jpg`]);
  expect((await listed({ indicator: '2.2' })).some((r) => r.title === name(10))).toBe(false);
  expect((await listed({ trash: true })).map((r) => r.title)).toContain(name(10));

  // The merged item is open; tick its second file and split it out.
  await until('the merged item in the editor', async () => (await byTestId('file-row').count()) === 2);
  await byTestId('file-check').nth(1).check();
  await textOf(byTestId('file-selection').locator('.sel-count'), '已选 1 个文件');
  await look('file-selection');
  await byTestId('files-split').click();
  await byTestId('split-dialog').waitFor();
  await byTestId('split-title').fill('拆分出的照片');
  await byTestId('split-confirm').click();
  await until('the split item', async () => (await listed({ indicator: '2.2' })).some((r) => r.title === '拆分出的照片'));

  // 撤销 in the notice puts the file back and the new item goes; then the split again.
  await byTestId('toast').filter({ hasText: /拆出 1 个文件/ }).getByTestId('toast-action').click();
  await until('the split undone', async () => (await itemTitled(name(11))).files.length === 2);
  expect((await listed({})).some((r) => r.title === '拆分出的照片')).toBe(false);
  await until('the editor shows both files again', async () => (await byTestId('file-row').count()) === 2);
  await byTestId('file-check').nth(1).check();
  await byTestId('files-split').click();
  await byTestId('split-title').fill('拆分出的照片');
  await byTestId('split-confirm').click();
  await until('the split item', async () => (await listed({ indicator: '2.2' })).some((r) => r.title === '拆分出的照片'));
  const split = await itemTitled('拆分出的照片');
  expect(split.files.map((f) => f.name)).toEqual([`${name(10)}.jpg`]);
  expect(split.indicators).toEqual(['2.2']);
  expect((await itemTitled(name(11))).files.map((f) => f.name)).toEqual([`${name(11)}.jpg`]);
  await until('the editor shows one file', async () => (await byTestId('file-row').count()) === 1);
});

test('a file moved to another item, and the files of an item put in order by drag', async () => {
  await rowTitled(name(20)).click();
  await until('the editor on 020', async () => (await byTestId('file-row').allTextContents()).some((t) => t.includes(`${name(20)}.jpg`)));
  await byTestId('file-check').first().check();
  await byTestId('files-move').click();
  await byTestId('item-pick').waitFor();
  await byTestId('item-pick-query').fill(name(21));
  await byTestId('item-pick-option').filter({ hasText: name(21) }).click();
  await byTestId('item-pick-confirm').click();
  await until('the file moved', async () => (await itemTitled(name(21))).files.length === 2);
  const target = await itemTitled(name(21));
  expect(target.files.map((f) => f.name)).toEqual([`${name(21)}.jpg`, `${name(20)}.jpg`]);
  expect((await listed({})).find((r) => r.title === name(20))?.files ?? 0).toBe(0);

  // In 021, drag the moved file above the first.
  await rowTitled(name(21)).click();
  await until('the editor on 021', async () => (await byTestId('file-row').count()) === 2);
  // The notices sit over the bottom of the editor, where the files are.
  await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  const [first, second] = [byTestId('file-row').nth(0), byTestId('file-row').nth(1)];
  await second.dragTo(first, { targetPosition: { x: 40, y: 4 } });
  await until('the files in the new order', async () => (await itemTitled(name(21))).files[0].name === `${name(20)}.jpg`);
  await until('the editor in the new order', async () => ((await byTestId('file-row').first().textContent()) ?? '').includes(`${name(20)}.jpg`));
});

test('回收站: trashed items listed, one restored, 彻底删除 after a dialog naming what goes removes the stored files from the disk; verify passes', async () => {
  // Three items to the trash with Delete.
  const gone = [30, 31, 32].map(name);
  const before = await Promise.all(gone.map(itemTitled));
  const storedFiles = before.flatMap((it) => it.files.flatMap((f) => [f.storePath, f.thumbPath].filter((p): p is string => !!p)));
  expect(storedFiles.length).toBeGreaterThanOrEqual(6);
  for (const f of storedFiles) expect(fs.existsSync(path.join(archiveDir, f))).toBe(true);
  await rowTitled(gone[0]).click();
  await rowTitled(gone[2]).click({ modifiers: ['Shift'] });
  await textOf(byTestId('selection-count'), '已选 3 件');
  await e.page.keyboard.press('Delete');
  await until('three in the trash', async () => (await listed({ trash: true })).length >= 4);

  await byTestId('tree-trash').click();
  await textOf(byTestId('list-title'), '回收站');
  const inTrash = (await listed({ trash: true })).map((r) => r.title).sort();
  expect(inTrash).toEqual([...gone, name(10)].sort());
  await textOf(byTestId('item-count'), `共 ${inTrash.length} 件`);
  await byTestId('trash-hint').waitFor();
  await rows().first().click();
  await e.page.keyboard.press('Control+a');
  await textOf(byTestId('selection-count'), `已选 ${inTrash.length} 件`);
  await expect(byTestId('selection-bar').getByRole('button').allTextContents()).resolves.toEqual(['恢复', '彻底删除…', '取消选择']);
  await look('13-trash', true);

  // 恢复 one from the right-click menu.
  await rowTitled(gone[2]).click();
  await rowTitled(gone[2]).click({ button: 'right' });
  await expect(byTestId('item-menu').getByRole('menuitem').allTextContents()).resolves.toEqual(['恢复', '彻底删除…']);
  await byTestId('menu-restore').click();
  await until('032 restored', async () => (await listed({ indicator: '2.2' })).some((r) => r.title === gone[2]));
  await textOf(byTestId('item-count'), `共 ${inTrash.length - 1} 件`);
  await until('the editor emptied', async () => (await byTestId('item-editor').count()) === 0);

  // 清空回收站: the dialog names what goes; cancelling leaves everything.
  await byTestId('purge-all').click();
  const dialog = byTestId('purge-dialog');
  // The service's own figures (a dry run): one original is still used by a restored item.
  await textOf(byTestId('purge-facts'), /将彻底删除 3 件材料、2 个文件，从档案中删除 \d+ 个不再使用的原件，释放 .+ 空间/);
  await look('trash-purge');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect((await listed({ trash: true })).length).toBe(3);
  for (const f of storedFiles) expect(fs.existsSync(path.join(archiveDir, f))).toBe(true);

  await byTestId('purge-all').click();
  await byTestId('purge-facts').waitFor();
  await byTestId('purge-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await textOf(byTestId('item-count'), '共 0 件');
  expect(await listed({ trash: true })).toEqual([]);
  // The originals and thumbnails of 030 and 031 are gone; 032 (restored) and 010's photo (now in
  // the split item, though its first item was purged) stay.
  const [f30, f31, f32] = before.map((it) => it.files.flatMap((f) => [f.storePath, f.thumbPath].filter((p): p is string => !!p)));
  for (const f of [...f30, ...f31]) expect(fs.existsSync(path.join(archiveDir, f))).toBe(false);
  for (const f of f32) expect(fs.existsSync(path.join(archiveDir, f))).toBe(true);
  const split = await itemTitled('拆分出的照片');
  expect(fs.existsSync(path.join(archiveDir, split.files[0].storePath))).toBe(true);

  expect(e.consoleErrors).toEqual([]);
  expect(e.foreignRequests).toEqual([]);

  // verify on the archive as the command line opens it.
  await e.call('archive.close', {});
  const archive = await Archive.open(archiveDir);
  try {
    const report = await verifyArchive(archive);
    expect(report.problems).toEqual([]);
    expect(report.unreferenced).toEqual([]);
    expect(report.ok).toBe(true);
  } finally {
    await archive.close();
  }
});
