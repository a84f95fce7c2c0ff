// The indicator system in Chromium against web mode: an issued table whose 评分要点 column the
// preview takes for requirement text is corrected by one drop-down before anything is written (the
// tree beside it grows from 5 to 11 indicators) and imported; then the tree of a filed archive is
// edited: a sub-indicator added with its target read from the requirement, renamed, the rename
// undone with Ctrl+Z, and a delete refused because evidence is linked.
import fs from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import type { Locator } from 'playwright-core';
import { Archive } from '../../main/archive/archive';
import { importPaths } from '../../main/intake/import';
import { makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { tmpDir } from '../helpers/tmp';
import { layoutFacts, layoutProblems, startE2E, textOf, until, VIEWPORT, type E2E } from './harness';

const root = tmpDir('tz-e2e-ind-');
let e: E2E;
let table: string;
let filedDir: string;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);

/**
 * A 评分细则 as a county receives it: 项目 merged down, each 指标 written once (not merged), and
 * a 评分要点 column whose rows carry their own scores and targets. Whether those rows are the third
 * level or the 指标's scoring rules the table does not say: the preview reads them as requirement
 * text and says it is unsure; the clerk makes them the third level, so each target is counted.
 */
async function writeTable(file: string): Promise<void> {
  const wb = new Workbook();
  // A note sheet first, as issued workbooks often have: the preview finds the table on the second.
  const note = wb.addWorksheet('填报说明');
  note.getCell('A1').value = '请各单位对照评分细则准备材料，于每季度末报送。';
  const ws = wb.addWorksheet('评分细则');
  const rows: (string | number | null)[][] = [
    ['某县创建国家卫生县城评分细则'],
    ['项目', '指标', '评分要点', '分值', '责任单位', '说明'],
    ['一、爱国卫生组织管理', '（一）组织机构', '成立爱国卫生运动委员会，未成立的扣2分', 2, '县卫健局', '查阅文件'],
    [null, null, '每季度至少召开1次爱卫会全体会议，少1次扣0.5分', 3, '县卫健局'],
    [null, '（二）健康教育', '每年开展健康知识讲座不少于12次，少1次扣0.5分', 3, '县卫健局、县教育局'],
    [null, null, '建立健康教育网络，未建立的扣1分', 2, '县卫健局'],
    ['二、市容环境卫生', '（一）环境卫生', '每月开展1次大扫除活动，缺1个月扣1分', 4, '县城管局', '现场检查'],
    [null, null, '主次干道保洁到位，不到位的扣2分', 6, '县城管局'],
  ];
  rows.forEach((r, i) => r.forEach((v, j) => v != null && (ws.getCell(i + 1, j + 1).value = v)));
  for (const m of ['A1:F1', 'A3:A6', 'A7:A8']) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
}

/** What a clerk would not accept on the screen: wider than the window, overlapping controls. */
async function layoutOk(within = 'body'): Promise<void> {
  await e.page.evaluate(() => document.fonts.ready);
  const facts = await layoutFacts(e.page);
  expect(facts.fontLoaded).toBe(true);
  expect(facts.scrollWidth).toBeLessThanOrEqual(VIEWPORT.width);
  expect(await layoutProblems(e.page, within)).toEqual([]);
}

beforeAll(async () => {
  table = path.join(root, '国家卫生县城评分细则.xlsx');
  await writeTable(table);
  // An archive with no indicator system yet, for the import.
  const empty = await Archive.create(path.join(root, '新档案'), { name: '2023年国家卫生县城创建', unit: '某县卫健局', fonds: 'Z109', year: 2023, windowStart: '2023-01-01', windowEnd: '2023-12-31' });
  await empty.close();
  // A filed archive for the editing: evidence on 1.1 and 1.2.
  const filed = await makeArchive(root, '已归档', ['2023-01-01', '2023-12-31']);
  filedDir = filed.dir;
  await importPaths(filed, [await writeClerkFolder(path.join(root, 'clerk'))]);
  await filed.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: path.join(root, '新档案') });
}, 180_000);

afterAll(async () => {
  await e?.close();
});

test('the import preview: one drop-down turns 评分要点 into the third level, the tree beside it follows, and 导入 writes that tree', async () => {
  await byTestId('import-indicators-empty').click();
  await byTestId('indicators-import').waitFor();
  await byTestId('indicators-file').setInputFiles(table);

  // The preview: every column with its role, the rows, the tree it would create.
  const preview = byTestId('indicators-preview');
  await preview.waitFor();
  await textOf(byTestId('indicators-preview-count'), '5');
  // Several sheets: a picker lists them by name, on the one the table was found in.
  await expect(byTestId('indicators-sheet').locator('option').allTextContents()).resolves.toEqual(['填报说明', '评分细则']);
  await expect(byTestId('indicators-sheet').inputValue()).resolves.toBe('评分细则');
  // The note sheet holds no table: said so, and the preview of the table stays.
  await byTestId('indicators-sheet').selectOption('填报说明');
  await textOf(byTestId('indicators-import-error'), /“填报说明”中未找到表头.*下面仍是工作表“评分细则”的预览/);
  await textOf(byTestId('indicators-preview-count'), '5');
  // The column it could not decide is named above the table and highlighted, with the reason.
  await textOf(byTestId('indicators-unsure'), /C 列“评分要点”.*请核对/);
  const columnC = byTestId('indicators-column').filter({ has: e.page.locator('[data-testid="indicators-role-C"]') });
  await expect(columnC.getAttribute('data-unsure')).resolves.toBe('true');
  await textOf(columnC, /不能确定是下一级指标还是评分要求/);
  await textOf(byTestId('indicators-preview-sums'), /上下级分值不符/);
  await e.page.evaluate(() => document.fonts.ready);
  await e.page.screenshot({ path: '/tmp/indicator-preview-unsure.png', animations: 'disabled', caret: 'hide' });
  const role = byTestId('indicators-role-C');
  await expect(role.inputValue()).resolves.toBe('requirement');
  await expect(byTestId('indicators-role-D').inputValue()).resolves.toBe('score');
  const options = await role.locator('option').allTextContents();
  expect(options).toEqual(['一级指标', '二级指标', '三级指标', '四级指标', '要求', '分值', '方法/依据', '责任单位', '编号', '忽略']);
  await expect(byTestId('indicators-preview-node').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')))).resolves.toEqual(['1', '1.1', '1.2', '2', '2.1']);

  // One drop-down: the service reads the sheet again and both sides redraw.
  await role.selectOption('level3');
  await textOf(byTestId('indicators-preview-count'), '11');
  await expect(role.inputValue()).resolves.toBe('level3');
  const codes = await byTestId('indicators-preview-node').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
  expect(codes).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.2', '1.2.1', '1.2.2', '2', '2.1', '2.1.1', '2.1.2']);
  await textOf(e.page.locator('[data-testid="indicators-preview-node"][data-code="1.1.2"]'), /每季度至少召开1次爱卫会全体会议/);
  await textOf(byTestId('indicators-preview-sums'), /3 级指标 合计 20 分 上下级分值相符/);
  await byTestId('indicators-unsure').waitFor({ state: 'detached' });
  await textOf(byTestId('indicators-import-start'), '导入 11 条指标');
  await layoutOk('[data-testid="indicators-import"]');
  // Both panes fit the dialog and scroll inside it; the dialog fits the window.
  const box = await byTestId('indicators-import').boundingBox();
  expect(box!.height).toBeLessThanOrEqual(VIEWPORT.height);
  expect(box!.width).toBeLessThanOrEqual(VIEWPORT.width);
  await e.page.screenshot({ path: '/tmp/indicator-preview.png', animations: 'disabled', caret: 'hide' });

  // 导入 with the same file, sheet and columns.
  await byTestId('indicators-import-start').click();
  await textOf(byTestId('indicators-report'), /得到 11 条指标，共 3 级/);
  await e.page.getByRole('button', { name: '完成' }).click();
  await byTestId('indicators-import').waitFor({ state: 'detached' });
  await treeNode('1.1.2').waitFor();
  const tree = await e.call('indicators.tree', {});
  expect(tree.nodes.map((n) => n.code)).toEqual(codes);
  const quarterly = tree.nodes.find((n) => n.code === '1.1.2')!;
  expect(quarterly.title).toContain('每季度至少召开1次爱卫会全体会议');
  expect(quarterly.targetText).toMatch(/每季度至少 1 次/);
  await textOf(treeNode('1.1.2'), /每季度至少召开1次/);
  expect(e.consoleErrors).toEqual([]);
});

test('editing the tree: add a sub-indicator (target read from its requirement), rename it, Ctrl+Z, and a delete refused while evidence is linked', async () => {
  await e.call('archive.open', { dir: filedDir });
  await e.page.reload();
  await treeNode('1.2').waitFor();

  // 新增下级指标 from the right-click menu.
  await treeNode('1.2').click({ button: 'right' });
  await byTestId('tree-menu').waitFor();
  await byTestId('menu-add-child').click();
  const dialog = byTestId('indicator-edit');
  await dialog.waitFor();
  await byTestId('indicator-edit-title').fill('推进会会议纪要');
  await byTestId('indicator-edit-requirement').fill('每季度至少召开1次推进会，印发会议纪要');
  await textOf(byTestId('indicator-edit-target-text'), /每季度至少 1 次，共 4 个季度/);
  await byTestId('indicator-edit-score').fill('5');
  await byTestId('indicator-edit-department').fill('县委办、县科协');
  await layoutOk('[data-testid="indicator-edit"]');
  await e.page.screenshot({ path: '/tmp/indicator-edit.png', animations: 'disabled', caret: 'hide' });
  await byTestId('indicator-edit-save').click();
  await dialog.waitFor({ state: 'detached' });
  await treeNode('1.2.1').waitFor();
  await textOf(treeNode('1.2.1'), /推进会会议纪要/);
  await expect(treeNode('1.2.1').getAttribute('aria-selected')).resolves.toBe('true');
  const added = (await e.call('indicators.tree', {})).nodes.find((n) => n.code === '1.2.1')!;
  expect(added).toMatchObject({ title: '推进会会议纪要', score: 5, department: '县委办、县科协' });
  expect(added.targetText).toMatch(/每季度至少 1 次/);
  // The notice says what happened and offers 撤销.
  await textOf(byTestId('toast').filter({ hasText: '推进会会议纪要' }).last(), /撤销/);

  // 编辑 (from ⋯ on the selected row): rename.
  await treeNode('1.2.1').getByTestId('tree-node-more').click();
  await byTestId('menu-edit').click();
  await dialog.waitFor();
  await expect(byTestId('indicator-edit-code').inputValue()).resolves.toBe('1.2.1');
  await byTestId('indicator-edit-title').fill('推进会纪要归档');
  // The target read from the requirement, set by hand instead: 6 次 a year.
  await textOf(byTestId('indicator-edit-target-text'), /每季度至少 1 次/);
  await e.page.getByLabel('目标数量').fill('6');
  await textOf(byTestId('indicator-edit-target-text'), '不少于 6 次');
  await byTestId('indicator-edit-save').click();
  await dialog.waitFor({ state: 'detached' });
  await textOf(treeNode('1.2.1'), /推进会纪要归档/);
  expect((await e.call('indicators.tree', {})).nodes.find((n) => n.code === '1.2.1')!.target).toMatchObject({ count: 6, unit: '次' });

  // Ctrl+Z with the focus in the tree undoes the rename.
  await byTestId('indicator-tree').focus();
  await e.page.keyboard.press('Control+z');
  await textOf(treeNode('1.2.1'), /推进会会议纪要/);
  const undone = await until('the rename undone in the archive', async () => {
    const n = (await e.call('indicators.tree', {})).nodes.find((x) => x.code === '1.2.1');
    return n?.title === '推进会会议纪要' && n;
  });
  expect(undone.target).toMatchObject({ count: 4, unit: '次' });

  // 删除 of 1.2, which has the meetings' evidence: refused, with the service's words.
  await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  await treeNode('1.2').click({ button: 'right' });
  await byTestId('menu-delete').click();
  const refusal = byTestId('toast').filter({ hasText: '不能删除' });
  await textOf(refusal, /挂有 \d+ 件材料.*不能删除/);
  await treeNode('1.2').waitFor();
  expect((await e.call('indicators.tree', {})).nodes.some((n) => n.code === '1.2')).toBe(true);

  // 删除 of the new one (nothing linked) goes, and 撤销 in its notice brings it back.
  await treeNode('1.2.1').click({ button: 'right' });
  await byTestId('menu-delete').click();
  await treeNode('1.2.1').waitFor({ state: 'detached' });
  const deleted = byTestId('toast').filter({ hasText: '删除' }).filter({ hasText: '1.2.1' });
  await deleted.getByTestId('toast-action').click();
  await treeNode('1.2.1').waitFor();

  // Dragging 2.2 onto 1.1 moves it under 1.1.
  const before = (await e.call('indicators.tree', {})).nodes;
  const volunteers = before.find((n) => n.code === '2.2')!;
  await treeNode('2.2').dragTo(treeNode('1.1'));
  const moved = await until('2.2 moved under 1.1', async () => {
    const n = (await e.call('indicators.tree', {})).nodes.find((x) => x.id === volunteers.id);
    return n && n.parentId === before.find((x) => x.code === '1.1')!.id && n;
  });
  await treeNode(moved.code).waitFor();
  await textOf(treeNode(moved.code), /科技志愿服务活动/);
  await e.page.screenshot({ path: '/tmp/indicator-edit-after.png', animations: 'disabled', caret: 'hide' });
  expect(e.consoleErrors).toEqual([]);
  expect(fs.existsSync('/tmp/indicator-edit.png')).toBe(true);
});
