// A clerk's day in Chromium against web mode, as one story: create the archive, import the
// indicator table, bring in the folder of evidence (and drop one more photo onto an indicator,
// with a file the service refuses beside it), fill a photo's caption, fix what the self-check
// shows and go from it to one photo, export the dossier and read the PDF that comes back, leave
// an export to run in the background, search, delete and undo — each step checked on screen and
// in the archive.
import fs from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import type { Locator } from 'playwright-core';
import type { Item } from '../../shared/domain';
import { makeJpeg } from '../../main/demo/sample-files';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { allText, pageCount } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import { demoFolder, layoutFacts, startE2E, textOf, until, VIEWPORT, type E2E, checkedShot } from './harness';

const root = tmpDir('tz-e2e-day-');
// The archive where the screenshots show it: the same path every run (<tmp>/创建台账演示/档案).
const demo = demoFolder();
const archiveDir = path.join(demo.dir, '档案');
const exportDir = path.join(demo.dir, '档案（导出）');
let e: E2E;
let folder: string;
let table: string;
let dropPhoto: string;

/** The issued indicator table as clerks receive it: levels in merged cells, scores, 责任单位. */
async function writeIndicatorTable(file: string): Promise<void> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('测评体系');
  const rows = [
    ['某县创建全国科普示范县测评体系'],
    ['一级指标', '二级指标', '评分标准', '分值', '责任单位'],
    ['一、加强组织领导（20分）', '（一）成立领导小组', '成立创建工作领导小组，印发文件', 5, '县委办'],
    [null, '（二）召开工作推进会', '全年召开推进会不少于3次', 15, '县委办'],
    ['二、突出工作重点（30分）', '（一）党员干部科技培训', '举办培训不少于10次', 10, '县科协'],
    [null, '（二）科技志愿服务活动', '参与不少于1000人次', 20, '县科协'],
  ];
  rows.forEach((r, i) => r.forEach((v, j) => v != null && (ws.getCell(i + 1, j + 1).value = v)));
  ws.mergeCells('A1:E1');
  ws.mergeCells('A3:A4');
  ws.mergeCells('A5:A6');
  await wb.xlsx.writeFile(file);
}

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const rowTitled = (title: string | RegExp): Locator => byTestId('item-row').filter({ has: e.page.locator('.irow-title', { hasText: title }) });
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);

/**
 * A screenshot, and what every screen must hold to: nothing wider than the window, no overlapping
 * controls, no field whose value is cut off. Notices from earlier steps are closed first, as a
 * clerk would, for a clean picture.
 */
const look = async (name: string, docs = false): Promise<void> => void (await checkedShot(e, name, { docs }));

/** Starts noting every text the element `testId` shows (it may come and go between two looks). */
async function recordTexts(testId: string): Promise<() => Promise<string[]>> {
  const key = `__seen_${testId.replace(/\W/g, '_')}`;
  await e.page.evaluate(
    ({ id, k }) => {
      const seen: string[] = [];
      (window as unknown as Record<string, string[]>)[k] = seen;
      const note = () => {
        const t = document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    { id: testId, k: key },
  );
  return () => e.page.evaluate((k) => (window as unknown as Record<string, string[]>)[k], key);
}

async function itemTitled(title: string): Promise<Item> {
  const rows = await e.call('items.list', {});
  const row = rows.find((r) => r.title === title);
  if (!row) throw new Error(`no item titled ${title}; have ${rows.map((r) => r.title).join('、')}`);
  return e.call('items.get', { id: row.id });
}

beforeAll(async () => {
  folder = await writeClerkFolder(path.join(root, 'src'));
  table = path.join(root, '测评体系.xlsx');
  await writeIndicatorTable(table);
  dropPhoto = path.join(root, '科普志愿服务进社区.jpg');
  await makeJpeg(dropPhoto, { width: 2000, height: 1500, seed: 21, exifTime: '2023:09:16 10:00:00' });
  e = await startE2E({ root });
}, 60_000);

afterAll(async () => {
  await e?.close();
  demo.release();
});

test('the welcome page creates an archive for the campaign', async () => {
  await byTestId('welcome').waitFor();
  // A wrong folder to open first: its message goes once the clerk turns to the new archive.
  await byTestId('welcome-open-dir').fill(path.join(demo.dir, '没有这个文件夹'));
  await byTestId('welcome-open-submit').click();
  await byTestId('welcome-open-error').waitFor();
  await byTestId('welcome-open-dir').fill('');
  await byTestId('welcome-create-dir').fill(archiveDir);
  await byTestId('welcome-open-error').waitFor({ state: 'detached' });
  await byTestId('welcome-name').fill('2023年全国科普示范县创建');
  await byTestId('welcome-unit').fill('某县科学技术协会');
  await byTestId('welcome-fonds').fill('Z109');
  await byTestId('welcome-org').fill('KX');
  await byTestId('welcome-year').fill('2023');
  await byTestId('welcome-window-start').fill('2023-01-01');
  await byTestId('welcome-window-end').fill('2023-12-31');
  await e.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await look('01-welcome', true);
  await byTestId('welcome-create-submit').click();

  await textOf(byTestId('campaign-name'), '2023年全国科普示范县创建');
  // An archive with no indicator system yet says what to do first.
  await byTestId('import-indicators-empty').waitFor();
  const state = await e.call('session.state', {});
  expect(state.archive?.dir).toBe(archiveDir);
  expect(state.archive?.campaign).toMatchObject({ name: '2023年全国科普示范县创建', unit: '某县科学技术协会', fonds: 'Z109', orgCode: 'KX', year: 2023, windowStart: '2023-01-01', windowEnd: '2023-12-31' });
  expect(fs.existsSync(path.join(archiveDir, 'archive.sqlite'))).toBe(true);
});

test('the issued indicator table (.xlsx) is imported through 导入指标体系', async () => {
  await byTestId('import-indicators-empty').click();
  await byTestId('indicators-import').waitFor();
  await byTestId('indicators-file').setInputFiles(table);
  await byTestId('indicators-import-start').click();
  const report = byTestId('indicators-report');
  await report.waitFor();
  await textOf(report, /得到 6 条指标，共 2 级/);
  await look('indicators-report');
  await e.page.getByRole('button', { name: '完成' }).click();
  await byTestId('indicators-import').waitFor({ state: 'detached' });

  await treeNode('2.2').waitFor();
  const shown = await byTestId('tree-node').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
  expect(shown).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
  await textOf(treeNode('1.2'), new RegExp('召开工作推进会'));
  const tree = await e.call('indicators.tree', {});
  expect(tree.nodes.map((n) => [n.code, n.title, n.score, n.department])).toEqual([
    ['1', '加强组织领导', 20, ''],
    ['1.1', '成立领导小组', 5, '县委办'],
    ['1.2', '召开工作推进会', 15, '县委办'],
    ['2', '突出工作重点', 30, ''],
    ['2.1', '党员干部科技培训', 10, '县科协'],
    ['2.2', '科技志愿服务活动', 20, '县科协'],
  ]);
  expect(tree.nodes.find((n) => n.code === '1.2')!.target).toEqual({ count: 3, unit: '次' });
  // With no evidence yet every leaf is 缺材料.
  expect(await e.page.locator('[data-testid="tree-node"][data-status="missing"]').count()).toBe(6);
});

test('the folder of evidence comes in by folder names; a photo dropped on an indicator is filed there', async () => {
  // The whole folder goes in from 未归类, where folder names decide the indicators.
  await byTestId('tree-inbox').click();
  await textOf(byTestId('list-title'), '未归类');
  await byTestId('import-button').click();
  // Here the menu offers only what folder names decide.
  expect(await byTestId('import-menu-here').count()).toBe(0);
  await textOf(byTestId('import-menu-auto'), '按文件夹名自动归类');
  const chooser = e.page.waitForEvent('filechooser');
  await byTestId('import-auto-folder').click();
  await (await chooser).setFiles(folder);
  // The upload, then the import job with its progress in the list footer, then what came in.
  const done = byTestId('toast').filter({ hasText: /^已导入 \d+ 件材料/ }).first();
  await done.waitFor();
  await textOf(done, /未能对应到指标，放在“未归类”中/);
  await byTestId('import-progress').waitFor({ state: 'detached' });
  await e.shot('folder-imported');

  const items = await e.call('items.list', {});
  // The notice counts what the archive now holds.
  expect(Number(/^已导入 (\d+) 件材料/.exec(await textOf(done, /^已导入/))![1])).toBe(items.length);
  const titles = items.map((i) => i.title).sort();
  expect(titles).toEqual(expect.arrayContaining(['第一次推进会', '第二次推进会', '第三次推进会', '关于成立创建工作领导小组的通知', '领导讲话']));
  const meeting = items.find((i) => i.title === '第一次推进会')!;
  expect(meeting).toMatchObject({ date: '2023-03-08', indicators: ['1.2'] });
  expect(meeting.files).toBeGreaterThanOrEqual(5);
  // What maps to nothing (杂项/随手拍.jpg) waits in 未归类, and the list shows it.
  const inbox = await e.call('items.list', { inbox: true });
  expect(inbox.map((i) => i.title)).toContain('随手拍');
  await rowTitled('随手拍').waitFor();
  await textOf(byTestId('tree-inbox'), new RegExp(`${inbox.length} 件`));

  // One more photo, dragged from the desktop onto 2.2 in the tree, after a file whose name no
  // file system takes (too long): the service refuses that one, the photo still comes in.
  const longName = `${'二〇二三年科普志愿服务进社区活动现场照片'.repeat(14)}.jpg`;
  const bytes = fs.readFileSync(dropPhoto).toString('base64');
  const dt = await e.page.evaluateHandle(
    ({ b64, name, bad }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const t = new DataTransfer();
      t.items.add(new File([bin.slice(0, 2000)], bad, { type: 'image/jpeg' }));
      t.items.add(new File([bin], name, { type: 'image/jpeg' }));
      return t;
    },
    { b64: bytes, name: path.basename(dropPhoto), bad: longName },
  );
  const progress = await recordTexts('import-progress');
  await treeNode('2.2').dispatchEvent('dragover', { dataTransfer: dt });
  await treeNode('2.2').dispatchEvent('drop', { dataTransfer: dt });
  const dropped = await until('the dropped photo in the archive', async () => (await e.call('items.list', { indicator: '2.2' })).find((i) => i.title === '科普志愿服务进社区'));
  expect(dropped).toMatchObject({ indicators: ['2.2'], photos: 1, date: '2023-09-16' });
  await until('2.2 no longer 缺材料', async () => (await treeNode('2.2').getAttribute('data-status')) !== 'missing');
  // The summary says what was left out, and the service's reason, under 详情; it stays until closed.
  const summary = byTestId('toast').filter({ hasText: '另有 1 个文件没有上传' });
  await summary.waitFor();
  await textOf(summary, /^已导入 1 件材料/);
  await summary.getByTestId('toast-more').click();
  const details = await textOf(summary.getByTestId('toast-details'), /没有上传：/);
  expect(details).toContain(longName.slice(0, 20));
  expect(details).toMatch(/无法保存|重命名/);
  await e.shot('drop-refused');
  await summary.locator('.tz-toast-x').click();
  // The upload showed files and bytes as it went.
  expect(await progress()).toEqual(expect.arrayContaining([expect.stringMatching(/^正在上传 [0-2]\/2 个文件（[\d.]+ (B|KB|MB) \/ [\d.]+ (KB|MB)）/)]));
});

test('a photo of the first meeting gets its caption, saved as the clerk leaves each field', async () => {
  await treeNode('1.2').click();
  await textOf(byTestId('list-title'), '1.2 召开工作推进会');
  // In an indicator's list the import menu says where things go, and still offers the folder names.
  await byTestId('import-button').click();
  await textOf(byTestId('import-menu-here'), '导入到「1.2 召开工作推进会」');
  await byTestId('import-here-files').waitFor();
  await byTestId('import-here-folder').waitFor();
  await byTestId('import-auto-folder').waitFor();
  await look('import-menu');
  await e.page.keyboard.press('Escape');
  await byTestId('import-menu').waitFor({ state: 'detached' });
  await rowTitled('第一次推进会').click();
  const editor = byTestId('item-editor');
  await editor.locator('[data-testid="field-title"]').waitFor();
  await expect(editor.getByTestId('field-title').inputValue()).resolves.toBe('第一次推进会');
  await look('editor');
  const form = byTestId('caption-form');
  await form.waitFor();
  const fileId = Number(await form.getAttribute('data-file'));

  await byTestId('caption-title').fill('第一次创建工作推进会现场');
  await byTestId('caption-people').fill('县委副书记王建国主持会议');
  await byTestId('caption-place').fill('县政府三楼会议室');
  await byTestId('caption-photographer').fill('李晓明');
  await byTestId('caption-photographer').blur();
  await until('已保存', async () => (await byTestId('save-state').textContent()) === '已保存');
  await byTestId('preview-image').evaluate((img: HTMLImageElement) => img.decode());
  // The picture starts at a section heading: the photo's preview, its caption under it.
  await byTestId('preview').evaluate((sec) => {
    const box = sec.closest('.editor')!;
    box.scrollTop += sec.getBoundingClientRect().top - box.getBoundingClientRect().top;
  });
  await look('02-filing', true);

  const item = await itemTitled('第一次推进会');
  const photo = item.files.find((f) => f.id === fileId)!;
  expect(photo.role).toBe('photo');
  expect(photo.caption).toMatchObject({
    title: '第一次创建工作推进会现场',
    people: '县委副书记王建国主持会议',
    place: '县政府三楼会议室',
    photographer: '李晓明',
  });
});

test('keyboard: arrows move through the tree and the list, Enter edits', async () => {
  const tree = byTestId('indicator-tree');
  await tree.focus();
  await e.page.keyboard.press('ArrowDown');
  await textOf(byTestId('list-title'), '2 突出工作重点');
  // Enter right after the arrow, while the list of 1.2 is still loading: the list takes the focus when it comes.
  await e.page.keyboard.press('ArrowUp');
  await e.page.keyboard.press('Enter');
  await textOf(byTestId('list-title'), '1.2 召开工作推进会');
  await byTestId('item-row').first().waitFor();
  await until('the list focused', async () => (await e.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'item-list');
  const order = (await e.call('items.list', { indicator: '1.2' })).map((i) => i.id);
  await e.page.keyboard.press('ArrowDown');
  await until('the first row current', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(order[0]));
  await e.page.keyboard.press('ArrowDown');
  await until('the second row current', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(order[1]));
  await expect(e.page.locator('[data-testid="item-row"][aria-selected="true"]').getAttribute('data-id')).resolves.toBe(String(order[1]));
  await e.page.keyboard.press('Enter');
  await until('the editor focused', async () => e.page.evaluate(() => !!document.activeElement?.closest('[data-testid="item-editor"]')));
});

test('the self-check shows an undated item; dating it in the editor clears the problem', async () => {
  await byTestId('open-check').click();
  const panel = byTestId('check-panel');
  await byTestId('check-summary').waitFor();
  const undated = panel.locator('[data-testid="check-problem"][data-kind="no_date"]').filter({ hasText: '领导讲话' });
  await undated.waitFor();
  const itemId = Number(await undated.getAttribute('data-item'));
  const before = await e.call('check.run', {});
  expect(before.problems.some((p) => p.kind === 'no_date' && p.item === itemId)).toBe(true);
  await textOf(byTestId('check-summary'), new RegExp(`问题 ${before.summary.problems} 条`));
  await look('03-self-check', true);

  await undated.click();
  await panel.waitFor({ state: 'detached' });
  await until('the item open', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(itemId));
  const date = byTestId('item-editor').getByTestId('field-date');
  await date.fill('2023-02-20');
  await date.blur();
  await until('已保存', async () => (await byTestId('save-state').textContent()) === '已保存');
  expect((await e.call('items.get', { id: itemId })).date).toBe('2023-02-20');

  // 返回自查 in the editor brings the panel back, checked again.
  await byTestId('back-to-check').click();
  await byTestId('check-summary').waitFor();
  await until('the problem gone', async () => (await panel.locator(`[data-testid="check-problem"][data-kind="no_date"][data-item="${itemId}"]`).count()) === 0 && (await byTestId('check-rerun').isEnabled()));
  const after = await e.call('check.run', {});
  expect(after.problems.some((p) => p.kind === 'no_date' && p.item === itemId)).toBe(false);
  expect(after.summary.problems).toBe(before.summary.problems - 1);
  expect(await byTestId('back-to-check').count()).toBe(0);

  // A problem of one photo (not the item's first) opens the item on that photo, its preview on top.
  let target: { item: number; file: number; kind: string } | null = null;
  for (const p of after.problems) {
    if (p.item == null || p.file == null || p.kind !== 'caption_missing') continue;
    const it = await e.call('items.get', { id: p.item });
    const first = it.files.find((f) => f.role === 'photo') ?? it.files[0];
    if (first.id !== p.file) {
      target = { item: p.item, file: p.file, kind: p.kind };
      break;
    }
  }
  expect(target).not.toBeNull();
  const { item, file, kind } = target!;
  const problem = panel.locator(`[data-testid="check-problem"][data-kind="${kind}"][data-file="${file}"]`);
  await problem.click();
  await panel.waitFor({ state: 'detached' });
  await until('the item open', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(item));
  await until('its photo chosen', async () => (await e.page.locator('[data-testid="file-row"].current').getAttribute('data-file').catch(() => null)) === String(file));
  await expect(byTestId('caption-form').getAttribute('data-file')).resolves.toBe(String(file));
  const atTop = await byTestId('preview').evaluate((sec) => {
    const box = sec.closest('.editor')!;
    const gap = Math.abs(sec.getBoundingClientRect().top - box.getBoundingClientRect().top);
    return gap < 2 || box.scrollTop >= box.scrollHeight - box.clientHeight - 1;
  });
  expect(atTop).toBe(true);
  await look('check-to-photo');
  // And back: the panel marks the problem the clerk went to.
  await byTestId('back-to-check').click();
  await byTestId('check-summary').waitFor();
  await until('the problem marked', async () => ((await problem.getAttribute('class')) ?? '').includes('check-visited'));
  await byTestId('check-close').click();
  await panel.waitFor({ state: 'detached' });
});

/** Opens 导出, chooses `kind` and starts it to its default place (`name` beside the archive). */
async function startExport(kind: string, name: string): Promise<Locator> {
  await byTestId('open-export').click();
  const dialog = byTestId('export-dialog');
  await dialog.waitFor();
  await byTestId(`export-kind-${kind}`).click();
  await expect(byTestId('export-path').inputValue()).resolves.toBe(path.join(exportDir, name));
  await byTestId('export-start').click();
  return dialog;
}

test('the dossier PDF is exported, downloaded, and has the pages and the caption the job reported', async () => {
  const dialog = await startExport('export-pdf', '迎检材料台账.pdf');
  const job = byTestId('export-job');
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 45_000 });
  const summary = (await byTestId('export-summary').textContent()) ?? '';
  const pages = Number(/共 (\d+) 页/.exec(summary)?.[1]);
  expect(pages).toBeGreaterThan(10);
  await expect(job.getAttribute('data-state')).resolves.toBe('done');
  await look('04-export', true);

  const downloading = e.page.waitForEvent('download');
  await byTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('迎检材料台账.pdf');
  const pdf = path.join(root, 'downloaded.pdf');
  await download.saveAs(pdf);
  expect(pageCount(pdf)).toBe(pages);
  const text = allText(pdf).join('\n');
  expect(text).toContain('第一次创建工作推进会现场');
  expect(text).toContain('李晓明');
  expect(text).toContain('2023年全国科普示范县创建');
  // The same bytes as the file the job wrote beside the archive.
  expect(fs.readFileSync(pdf).equals(fs.readFileSync(path.join(exportDir, '迎检材料台账.pdf')))).toBe(true);
  await byTestId('export-close').click();
  await dialog.waitFor({ state: 'detached' });
});

test('导出本指标 from the tree menu prints that indicator alone, under its own name, and leaves the whole dossier be', async () => {
  const whole = path.join(exportDir, '迎检材料台账.pdf');
  const wholeBytes = fs.readFileSync(whole);
  await treeNode('1.2').click({ button: 'right' });
  await byTestId('menu-export').click();
  const dialog = byTestId('export-dialog');
  await dialog.waitFor();
  await textOf(byTestId('export-scope'), /只导出指标 1\.2 召开工作推进会 及其下级/);
  await byTestId('export-kind-export-pdf').click();
  const one = path.join(exportDir, '迎检材料台账（1.2）.pdf');
  await expect(byTestId('export-path').inputValue()).resolves.toBe(one);
  await look('export-scope');
  await byTestId('export-start').click();
  await e.page.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 45_000 });
  const pages = Number(/共 (\d+) 页/.exec((await byTestId('export-summary').textContent()) ?? '')?.[1]);
  expect(pageCount(one)).toBe(pages);
  expect(pages).toBeLessThan(pageCount(whole));
  const text = allText(one).join('\n');
  expect(text).toContain('召开工作推进会');
  expect(text).not.toContain('党员干部科技培训');
  expect(fs.readFileSync(whole).equals(wholeBytes)).toBe(true);
  await byTestId('export-close').click();
  await dialog.waitFor({ state: 'detached' });
  // 导出 from the top bar is the whole archive again.
  await byTestId('open-export').click();
  await dialog.waitFor();
  expect(await byTestId('export-scope').count()).toBe(0);
  await e.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('an export left to run with the dialog closed: 正在导出… in the top bar, then a notice with 下载', async () => {
  const running = await recordTexts('export-running');
  const dialog = await startExport('export-xlsx', '台账目录.xlsx');
  await e.page.keyboard.press('Escape'); // closed at once: the export goes on
  await dialog.waitFor({ state: 'detached' });

  const notice = byTestId('toast').filter({ hasText: /^已导出 Excel 台账/ });
  await notice.waitFor();
  await byTestId('export-running').waitFor({ state: 'detached' });
  expect(await running()).toEqual(expect.arrayContaining([expect.stringMatching(/^正在导出…/)]));
  const downloading = e.page.waitForEvent('download');
  await textOf(notice.getByTestId('toast-action'), '下载');
  await notice.getByTestId('toast-action').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('台账目录.xlsx');
  const xlsx = path.join(root, 'downloaded.xlsx');
  await download.saveAs(xlsx);
  expect(fs.readFileSync(xlsx).equals(fs.readFileSync(path.join(exportDir, '台账目录.xlsx')))).toBe(true);
  await e.shot('export-notice');
  await notice.locator('.tz-toast-x').click();
});

test('search finds the meeting by its photo caption, with the words marked', async () => {
  const shown = ((await byTestId('list-title').textContent()) ?? '').trim();
  const box = byTestId('search');
  await box.fill('推进会现场');
  await textOf(byTestId('list-title'), '搜索“推进会现场”');
  const hit = rowTitled('第一次推进会');
  await hit.waitFor();
  await textOf(hit.locator('.snippet mark').first(), '推进会现场');
  const found = await e.call('items.search', { query: '推进会现场' });
  expect(await byTestId('item-row').count()).toBe(found.length);
  expect(found.map((f) => f.item.title)).toContain('第一次推进会');
  await look('05-search', true);
  // Esc empties the box and brings back the list shown before.
  await box.press('Escape');
  await textOf(byTestId('list-title'), shown);
  await expect(box.inputValue()).resolves.toBe('');
});

test('Delete moves the selected item to the trash; Ctrl+Z brings it back', async () => {
  const row = rowTitled('第二次推进会');
  await row.click();
  const id = Number(await row.getAttribute('data-id'));
  await until('the editor on it', async () => (await byTestId('item-editor').getAttribute('data-id')) === String(id));
  await expect(e.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('item-list');
  await e.page.keyboard.press('Delete');

  await byTestId('toast').filter({ hasText: '已将《第二次推进会》移到回收站' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await e.shot('trashed');
  expect((await e.call('items.get', { id })).deletedAt).not.toBeNull();
  expect((await e.call('items.list', { trash: true })).map((i) => i.id)).toEqual([id]);
  expect((await e.call('items.list', { indicator: '1.2' })).map((i) => i.id)).not.toContain(id);
  await until('回收站 1 件', async () => (await byTestId('tree-trash').textContent())?.includes('1 件'));

  await e.page.keyboard.press('Control+z');
  await row.waitFor();
  expect((await e.call('items.get', { id })).deletedAt).toBeNull();
  expect((await e.call('items.list', { indicator: '1.2' })).map((i) => i.id)).toContain(id);
  await until('回收站 0 件', async () => (await byTestId('tree-trash').textContent())?.includes('0 件'));
  await expect(row.getAttribute('aria-selected')).resolves.toBe('true');
});

test('all day: the app font loaded, nothing wider than 1366 px, no console errors, nothing fetched from elsewhere', async () => {
  const facts = await layoutFacts(e.page);
  expect(facts.fontLoaded).toBe(true);
  expect(facts.fontCheck).toBe(true);
  expect(facts.bodyFont).toMatch(/^"?TaizhangUI/);
  expect(facts.scrollWidth).toBeLessThanOrEqual(VIEWPORT.width);
  // The one refusal the drop met (the name too long) is the browser's only complaint.
  const refused = e.consoleErrors.filter((m) => /status of 400 \(Bad Request\) http:\/\/127\.0\.0\.1:\d+\/upload\?/.test(m));
  expect(refused).toHaveLength(1);
  expect(e.consoleErrors.filter((m) => !refused.includes(m))).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});
