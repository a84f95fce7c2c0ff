// The clerk's edits and reports in Chromium against web mode: an import's full report stays in
// 任务记录 after its notice has gone and after F5 (and a re-import says plainly that nothing new
// came); 批量填写照片说明 gives 20 photos of two items their 地点, 人物, 摄影者, 背景/事由 and EXIF
// time at once, keeping what a photo had unless 覆盖 is ticked; an edit typed into 地点 reads 未保存
// until the service has it, survives F5 and browser Back, and leaving with it unsaved asks first;
// the editor shows the photo and its caption together at 1366×768, and the frame holds at 1024×600.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Dialog, Locator } from 'playwright-core';
import type { Item } from '../../shared/domain';
import { makeJpeg, makePdf } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { startE2E, textOf, until, VIEWPORT, type E2E, checkedShot } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-edit-');
let e: E2E;
let src: string;
const dialogs: string[] = [];
/** What the next beforeunload question is answered: stay on the page, or leave it. */
let onLeave: 'stay' | 'leave' = 'stay';

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
const rowTitled = (title: string): Locator => byTestId('item-row').filter({ has: e.page.locator('.irow-title', { hasText: title }) });

/** A screenshot after checking that the screen holds together: nothing wider than the window, no overlap, no cut field. */
const look = (name: string, docs = false, width = VIEWPORT.width, within = 'body'): Promise<string> =>
  checkedShot(e, name, { docs, width, within, keepToasts: true });

async function closeNotices(): Promise<void> {
  await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  await until('no notice', async () => (await byTestId('toast').count()) === 0);
}

async function itemTitled(title: string): Promise<Item> {
  const row = (await e.call('items.list', {})).find((r) => r.title === title);
  if (!row) throw new Error(`no item titled ${title}`);
  return e.call('items.get', { id: row.id });
}

/** Wholly inside the window (the clerk sees it without scrolling). */
async function onScreen(loc: Locator): Promise<boolean> {
  const box = await loc.boundingBox();
  const vp = e.page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height + 0.5 && box.x + box.width <= vp.width + 0.5;
}

beforeAll(async () => {
  // Two dated events under 2.2 (12 and 8 photos, a plan beside the second), a system file, and a
  // folder that maps to no indicator.
  src = path.join(root, 'src', '创建材料');
  const events = path.join(src, '二、突出工作重点（30分）', '（二）科技志愿服务活动');
  for (let i = 1; i <= 12; i++)
    await makeJpeg(path.join(events, '2023-09-16 科普进社区', `IMG_${String(i).padStart(4, '0')}.jpg`), {
      width: 800,
      height: 600,
      seed: i,
      exifTime: `2023:09:16 09:${String(i * 3).padStart(2, '0')}:00`,
    });
  for (let i = 1; i <= 8; i++)
    await makeJpeg(path.join(events, '2023-10-20 科普大集', `DSC_${String(i).padStart(4, '0')}.jpg`), {
      width: 800,
      height: 600,
      seed: 40 + i,
      exifTime: `2023:10:20 14:${String(i * 5).padStart(2, '0')}:00`,
    });
  await makePdf(path.join(events, '2023-10-20 科普大集', '活动方案.pdf'), { pages: 1 });
  await fs.writeFile(path.join(events, 'Thumbs.db'), 'junk');
  await makeJpeg(path.join(src, '其他材料', '随手拍.jpg'), { width: 640, height: 480, seed: 99 });
  const archive = await makeArchive(root, '档案', ['2023-01-01', '2023-12-31']);
  await archive.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: path.join(root, '档案') });
  e.page.on('dialog', (d: Dialog) => {
    dialogs.push(d.type());
    void (d.type() === 'beforeunload' && onLeave === 'stay' ? d.dismiss() : d.accept());
  });
}, 120_000);

afterAll(async () => {
  await e?.close();
});

test('an import leaves its full report in 任务记录: after the notice is gone, after F5, until removed; a re-import says nothing new came', async () => {
  await treeNode('2.2').waitFor();
  const job = await e.call('jobs.start', { kind: 'import', paths: [src] });
  // The notice at the end, in words that agree with each other.
  const notice = byTestId('toast').filter({ hasText: /^已导入 3 件材料/ }).first();
  await notice.waitFor({ timeout: 60_000 });
  await closeNotices();

  await textOf(byTestId('task-count'), '1');
  await treeNode('2.2').click();
  await byTestId('item-row').first().waitFor();
  await byTestId('open-tasks').click();
  const entry = byTestId('task-panel').locator(`[data-testid="task-entry"][data-job="${job.id}"]`);
  await entry.waitFor();
  await expect(entry.getAttribute('data-state')).resolves.toBe('done');
  const headline = await textOf(entry.getByTestId('task-headline'), /^已导入 3 件材料（22 个新文件）/);
  expect(headline).toContain('1 个文件未能对应到指标，放在“未归类”中');
  await textOf(entry.getByTestId('task-group-inbox'), /随手拍\.jpg/);
  await textOf(entry.getByTestId('task-group-system'), /Thumbs\.db/);
  await look('10-task-log', true);

  // F5: the page comes back with the same entry (the service keeps the job; the page its record).
  await e.page.reload();
  await textOf(byTestId('task-count'), '1');
  await byTestId('open-tasks').click();
  await textOf(entry.getByTestId('task-headline'), headline);
  await textOf(entry.getByTestId('task-group-inbox'), /随手拍\.jpg/);

  // The same folder again: nothing new, said without a contradiction (not "已导入 0 件材料、22 个文件").
  const again = await e.call('jobs.start', { kind: 'import', paths: [src] });
  const second = byTestId('task-panel').locator(`[data-testid="task-entry"][data-job="${again.id}"]`);
  await textOf(second.getByTestId('task-headline'), /^没有导入新的材料；22 个文件此前已存档，未重复保存。$/);
  await textOf(byTestId('task-count'), '2');
  // The newest on top.
  await expect(byTestId('task-entry').first().getAttribute('data-job')).resolves.toBe(again.id);

  // An export leaves its entry too: where it went, and the download.
  const exported = await e.call('jobs.start', { kind: 'export-xlsx' });
  const third = byTestId('task-panel').locator(`[data-testid="task-entry"][data-job="${exported.id}"]`);
  await textOf(third.getByTestId('task-headline'), /^已导出 Excel 台账/, 60_000);
  await textOf(third.getByTestId('task-group-output'), /台账目录\.xlsx/);
  await expect(third.getByTestId('task-download').getAttribute('href')).resolves.toContain(exported.id);
  await textOf(byTestId('task-count'), '3');
  await third.getByTestId('task-dismiss').click();

  // Removed: gone from the panel, and still gone after F5.
  await second.getByTestId('task-dismiss').click();
  await second.waitFor({ state: 'detached' });
  await textOf(byTestId('task-count'), '1');
  await e.page.reload();
  await textOf(byTestId('task-count'), '1');
  await byTestId('open-tasks').click();
  await entry.waitFor();
  expect(await second.count()).toBe(0);
  await byTestId('tasks-close').click();
  await byTestId('task-panel').waitFor({ state: 'detached' });
});

test('批量填写照片说明: 20 photos of two items at once; what a photo had is kept unless 覆盖 is ticked', async () => {
  const first = await itemTitled('科普进社区');
  const second = await itemTitled('科普大集');
  const photos = [...first.files, ...second.files].filter((f) => f.role === 'photo');
  expect(photos).toHaveLength(20);
  // One photo already has its 地点.
  const kept = photos[3];
  await e.call('items.caption', { fileId: kept.id, caption: { place: '县科技馆二楼' } });

  await treeNode('2.2').click();
  await rowTitled('科普进社区').click();
  await rowTitled('科普大集').click({ modifiers: ['Control'] });
  await byTestId('editor-selection').waitFor();
  await byTestId('batch-captions-selection').click();
  const dialog = byTestId('batch-captions-dialog');
  await until('20 photos offered', async () => (await dialog.getByTestId('batch-photo').count()) === 20);
  await textOf(byTestId('batch-summary'), '已选 20 张照片（2 件材料）');
  await byTestId('batch-place').fill('城关镇文化广场');
  await byTestId('batch-people').fill('县科协志愿者及社区居民');
  await byTestId('batch-photographer').fill('李晓明');
  await byTestId('batch-subject').fill('2023年全国科普日科普进社区活动');
  await expect(byTestId('batch-exif').isChecked()).resolves.toBe(true);
  await expect(byTestId('batch-overwrite').isChecked()).resolves.toBe(false);
  await textOf(byTestId('batch-note'), /其中 1 张照片已填写过其中的项目，已填写的保留不变/);
  await look('09-batch-captions', true);
  await byTestId('batch-submit').click();
  await dialog.waitFor({ state: 'detached' });
  // The result says how many were filled and kept.
  const told = await textOf(byTestId('toast').last(), /\d+/);
  expect(told).toMatch(/20|19/);
  expect(told).toMatch(/1/);

  for (const it of [first, second]) {
    const now = await e.call('items.get', { id: it.id });
    for (const f of now.files.filter((x) => x.role === 'photo')) {
      expect(f.caption).toMatchObject({ people: '县科协志愿者及社区居民', photographer: '李晓明', subject: '2023年全国科普日科普进社区活动' });
      expect(f.caption.place).toBe(f.id === kept.id ? '县科技馆二楼' : '城关镇文化广场');
      expect(f.caption.time.replace(/[^\d]/g, '').slice(0, 12)).toBe(f.exifTime!.replace(/[^\d]/g, '').slice(0, 12));
    }
  }

  // From the editor of one item, with 覆盖: every photo of it gets the new 地点, the kept one too.
  await rowTitled('科普进社区').click();
  await until('one item selected', async () => (await byTestId('editor-selection').count()) === 0);
  await byTestId('batch-captions').click();
  await until('12 photos offered', async () => (await dialog.getByTestId('batch-photo').count()) === 12);
  await byTestId('batch-place').fill('社区文化活动中心');
  await byTestId('batch-exif').uncheck();
  await byTestId('batch-overwrite').check();
  await textOf(byTestId('batch-note'), /替换这 12 张照片上原有的内容/);
  await byTestId('batch-submit').click();
  await dialog.waitFor({ state: 'detached' });
  const after = await e.call('items.get', { id: first.id });
  expect(after.files.filter((f) => f.role === 'photo').every((f) => f.caption.place === '社区文化活动中心')).toBe(true);
  // The open photo's form shows it at once.
  await until('the caption form updated', async () => (await byTestId('caption-place').inputValue()) === '社区文化活动中心');
  await closeNotices();
});

test('an edit to 地点 reads 未保存 until the service has it, survives F5 and browser Back; leaving with it unsaved asks first', async () => {
  await treeNode('2.2').click();
  await rowTitled('科普进社区').click();
  const id = Number(await byTestId('item-editor').getAttribute('data-id'));
  const place = byTestId('field-location');
  // A save confirmed earlier must not read as this edit's.
  await byTestId('field-responsible').fill('县科协');
  await byTestId('field-responsible').press('Tab');
  await textOf(byTestId('save-state'), '已保存');

  await place.fill('城关镇文化广场');
  await textOf(byTestId('save-state'), '未保存');
  expect((await e.call('items.get', { id })).location).toBe('');
  await place.press('Tab');
  await textOf(byTestId('save-state'), '已保存');
  expect((await e.call('items.get', { id })).location).toBe('城关镇文化广场');

  // F5: the same item comes back open, with its 地点 from the archive.
  await e.page.reload();
  await until('the item open again', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(id));
  await until('its 地点', async () => (await place.inputValue()) === '城关镇文化广场');

  // Typed and not left, then F5: the browser asks first, and staying lets it be saved.
  await place.fill('城关镇文化广场东侧');
  dialogs.length = 0;
  onLeave = 'stay';
  // (The browser stays on the page: the reload does not happen.)
  await e.page.reload({ timeout: 3000 }).catch(() => undefined);
  await until('the question', async () => dialogs.includes('beforeunload'));
  await textOf(byTestId('save-state'), '已保存');
  expect((await e.call('items.get', { id })).location).toBe('城关镇文化广场东侧');

  // Browser Back with an unsaved edit: asked again; leaving anyway still sends what was typed.
  await place.fill('城关镇文化广场西侧');
  dialogs.length = 0;
  onLeave = 'leave';
  await e.page.goBack();
  expect(dialogs).toContain('beforeunload');
  await until('the edit stored', async () => (await e.call('items.get', { id })).location === '城关镇文化广场西侧');
  await e.page.goForward();
  await until('the item open again', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(id));
  await until('its 地点', async () => (await place.inputValue()) === '城关镇文化广场西侧');

  // Another item chosen while a caption is typed: it is saved on the way.
  await byTestId('caption-place').fill('文化广场主舞台');
  const fileId = Number(await byTestId('caption-form').getAttribute('data-file'));
  await rowTitled('科普大集').click();
  await until('the caption stored', async () => (await e.call('items.get', { id })).files.find((f) => f.id === fileId)!.caption.place === '文化广场主舞台');
  // Nothing left unsaved: F5 asks nothing.
  dialogs.length = 0;
  await e.page.reload();
  await byTestId('item-editor').waitFor();
  expect(dialogs).toEqual([]);
});

test('1366×768: the photo and its caption are on screen together; 1024×600: the frame holds', async () => {
  await treeNode('2.2').click();
  await rowTitled('科普大集').click();
  await byTestId('caption-form').waitFor();
  await byTestId('preview-image').evaluate((img: HTMLImageElement) => img.decode());
  expect(await onScreen(byTestId('preview-image'))).toBe(true);
  for (const k of ['title', 'time', 'place', 'people', 'subject', 'photographer']) expect(await onScreen(byTestId(`caption-${k}`))).toBe(true);
  // The item's own fields stay beside them.
  expect(await onScreen(byTestId('field-title'))).toBe(true);
  await closeNotices();
  await look('08-editor-captions', true);

  await e.page.setViewportSize({ width: 1024, height: 600 });
  await e.page.waitForTimeout(100);
  await look('11-small-screen', true, 1024);
  // The list's heading keeps its words; the editor's caption can be scrolled to.
  const title = await byTestId('list-title').boundingBox();
  expect(title!.width).toBeGreaterThan(80);
  await byTestId('caption-photographer').scrollIntoViewIfNeeded();
  expect(await onScreen(byTestId('caption-photographer'))).toBe(true);
  expect(await onScreen(byTestId('save'))).toBe(true);
  await byTestId('open-tasks').click();
  // (The drawer covers the editor: its own controls are what must hold together.)
  await look('11-small-screen-tasks', false, 1024, '[data-testid="task-panel"]');
  expect(await onScreen(byTestId('tasks-close'))).toBe(true);
  expect(e.consoleErrors).toEqual([]);
});
