// The app reads its evidence, in Chromium against web mode: 红头 notices as PDFs with a text layer
// (made by the test, as county offices print them) are imported; the background reader reads them
// and its progress shows in the top bar (暂停, 继续, 全部重新识别 after a confirmation) until it is
// done. The editor offers what a notice's text says — its date and 文号 — with where it was read;
// 采用 stores it, and a value the clerk typed is only replaced by a click that names it. 未归类
// offers the indicators each item matches, one click files it there; 接受建议 on a selection
// fills the empty fields of all of them and keeps what was typed; search finds words of the PDFs.
// No image is OCR'd here (seconds a page): the OCR has its own tests.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Locator } from 'playwright-core';
import sharp from 'sharp';
import { makeNoticePdf } from '../../main/demo/sample-files';
import { loadFonts, writeText } from '../../main/export/pdf/fonts';
import { importPaths } from '../../main/intake/import';
import type { Item } from '../../shared/domain';
import type { SuggestionField, TextProgress } from '../../shared/text-types';
import { makeArchive } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { startE2E, textOf, until, type E2E, checkedShot } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-read-');
const archiveDir = path.join(root, '档案');
let e: E2E;

const OFFICE = '某县科学技术协会';
/** The three notices that wait in 未归类, each about one indicator's work. */
const INBOX = [
  {
    file: '推进会通知.pdf',
    office: OFFICE,
    docNumber: '某科协发〔2023〕5号',
    title: '关于召开全国科普示范县创建工作推进会的通知',
    addressee: '各乡镇人民政府，县直有关单位：',
    body: [
      '为推进全国科普示范县创建工作，经研究，定于2023年2月20日上午9时在县科协三楼会议室召开创建工作推进会。',
      '请各单位分管负责同志准时参加推进会，并于2月17日前将参会人员名单报县科协办公室。',
    ],
    date: '2023-02-10',
  },
  {
    file: '培训班通知.pdf',
    office: OFFICE,
    docNumber: '某科协发〔2023〕9号',
    title: '关于举办党员干部科技培训班的通知',
    addressee: '各乡镇党委，县直各单位：',
    body: ['为提高党员干部科学素质，定于2023年4月12日举办党员干部科技培训班，邀请农业专家授课。', '请各单位组织党员干部参加科技培训。'],
    date: '2023-04-03',
  },
  {
    file: '志愿服务通知.pdf',
    office: OFFICE,
    docNumber: '某科协发〔2023〕14号',
    title: '关于开展科技志愿服务活动的通知',
    addressee: '各乡镇科协，县科技志愿服务队：',
    body: ['为普及科学知识，定于2023年6月10日开展科技志愿服务活动，组织科技志愿者进社区、进农村。', '请各志愿服务队做好科技志愿服务活动的准备。'],
    date: '2023-06-01',
  },
];
/** A sign-in sheet typed in a table and saved as PDF: 8 of its 12 numbered rows signed. */
const SIGNIN = { file: '推进会签到表.pdf', signed: ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '吴霞'], rows: 12 };

/** Notices already filed under 1.2, enough that reading them all again takes a few seconds. */
const FILED = 36;
/** Every PDF the reader reads: the notices in 未归类, the sign-in sheet, the filed notices. */
const ALL = INBOX.length + 1 + FILED;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const rowTitled = (title: string | RegExp): Locator => byTestId('item-row').filter({ has: e.page.locator('.irow-title', { hasText: title }) });
/** An item imported from a loose file is titled by the file's name until the clerk takes the notice's title. */
const stem = (n: { file: string } | { name: string }) => ('file' in n ? n.file : n.name).replace(/\.pdf$/, '');
const chip = (field: string): Locator => e.page.locator(`[data-testid="suggestion"][data-field="${field}"]`);

/** A screenshot after checking the screen holds together (nothing wider than the window, no overlap, no cut field). */
const look = (name: string, docs = false): Promise<string> => checkedShot(e, name, { docs });

async function itemTitled(title: string): Promise<Item> {
  const row = (await e.call('items.list', {})).find((r) => r.title === title);
  if (!row) throw new Error(`no item titled ${title}`);
  return e.call('items.get', { id: row.id });
}

async function readerIdle(): Promise<TextProgress> {
  return until('the reader idle with nothing waiting', async () => {
    const p = await e.call('text.status', {});
    return p.state === 'idle' && p.pending === 0 && p;
  }, 120_000);
}

/** The sign-in sheet as offices type it: title, 时间 and 地点, a ruled table of numbered rows. */
async function makeSignInPdf(file: string): Promise<void> {
  const fonts = await loadFonts({ useSystem: false });
  await mkdir(path.dirname(file), { recursive: true });
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const out = createWriteStream(file);
  doc.pipe(out);
  const left = 56;
  const cols = [44, 150, 90, 100, 99];
  writeText(doc, fonts, '全国科普示范县创建工作推进会签到表', { role: 'hei', size: 18, x: left, y: 60, width: 483, align: 'center', lineBreak: false });
  writeText(doc, fonts, '时间：2023年2月20日    地点：县科协三楼会议室', { role: 'song', size: 12, x: left, y: 100, lineBreak: false });
  const head = ['序号', '单位', '职务', '姓名', '联系电话'];
  const rowH = 30;
  const top = 130;
  for (let r = 0; r <= SIGNIN.rows; r++) {
    const y = top + r * rowH;
    const cells = r === 0 ? head : [String(r), ...(SIGNIN.signed[r - 1] ? ['县科协', '干事', SIGNIN.signed[r - 1], `138****${String(1000 + r * 37).slice(-4)}`] : [])];
    let x = left;
    cells.forEach((c, i) => {
      writeText(doc, fonts, c, { role: r === 0 ? 'hei' : 'song', size: 12, x: x + 6, y: y + 9, lineBreak: false });
      x += cols[i];
    });
  }
  const width = cols.reduce((a, b) => a + b, 0);
  for (let r = 0; r <= SIGNIN.rows + 1; r++) doc.moveTo(left, top + r * rowH).lineTo(left + width, top + r * rowH).stroke();
  let x = left;
  for (const w of [0, ...cols]) {
    x += w;
    doc.moveTo(x, top).lineTo(x, top + (SIGNIN.rows + 1) * rowH).stroke();
  }
  doc.end();
  await once(out, 'finish');
}

/** Waits until the browser's PDF viewer has drawn the page (its frame is dark until then). */
async function pdfDrawn(frame: Locator): Promise<void> {
  await until('the PDF drawn in the preview', async () => {
    const { channels } = await sharp(await frame.screenshot()).stats();
    return channels[0].mean > 100;
  });
}

/** The newest notice's text, once one matching `want` is shown. */
async function toastSaying(want: RegExp): Promise<string> {
  let seen: string[] = [];
  try {
    return await until(`a notice saying ${want}`, async () => (seen = await byTestId('toast').allTextContents()).find((t) => want.test(t)));
  } catch {
    throw new Error(`no notice saying ${want}; the notices say: ${seen.join(' | ') || '(none)'}`);
  }
}

beforeAll(async () => {
  const src = path.join(root, 'src');
  const loose: string[] = [];
  for (const n of INBOX) {
    const f = path.join(src, n.file);
    await makeNoticePdf(f, n);
    loose.push(f);
  }
  const sheet = path.join(src, SIGNIN.file);
  await makeSignInPdf(sheet);
  loose.push(sheet);
  const filed = path.join(src, '1.2 召开工作推进会');
  for (let i = 1; i <= FILED; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await makeNoticePdf(path.join(filed, `2023-03-${day} 第${i}次推进会`, '会议通知.pdf'), {
      office: OFFICE,
      docNumber: `某科协发〔2023〕${20 + i}号`,
      title: `关于召开第${i}次创建工作推进会的通知`,
      body: [`定于2023年3月${(i % 28) + 1}日召开第${i}次创建工作推进会，请准时参加。`],
      date: `2023-03-${day}`,
    });
  }
  const archive = await makeArchive(root, '档案', ['2023-01-01', '2023-12-31']);
  const report = await importPaths(archive, [...loose, filed]);
  expect(report.items).toBe(ALL);
  await archive.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: archiveDir });
}, 180_000);

afterAll(async () => {
  await e?.close();
});

test('the reader reads the PDFs in the background: 文字识别 n/N in the top bar, 暂停 and 继续, 全部重新识别 after a confirmation, gone when done (项目设置 then offers it)', async () => {
  await byTestId('campaign-name').waitFor();
  // The harness's service reads nothing by itself (the app and the web server start the reader
  // when an archive opens): nothing waits yet, and the top bar says nothing.
  expect(await e.call('text.status', {})).toMatchObject({ state: 'idle', pending: 0 });
  await expect(byTestId('reading').count()).resolves.toBe(0);

  // The reader started: the top bar follows it.
  const started = await e.call('text.start', {});
  expect(started.state).toBe('running');
  const status = byTestId('reading-status');
  await textOf(status, new RegExp(`^文字识别 \\d+/${ALL}$`));
  await e.page.locator('[data-testid="reading"][data-state="running"]').waitFor();
  // Its popover says which file is being read and what waits (a few read first, for the picture).
  await until('a few files read', async () => {
    const m = /^文字识别 (\d+)\//.exec(((await status.textContent()) ?? '').trim());
    return m && Number(m[1]) >= 6;
  });
  await status.click();
  await textOf(byTestId('reading-current'), /\.pdf$/);
  await look('16-reading-progress', true);

  // 暂停: the run stops with files still waiting; the top bar says so and offers 继续.
  await byTestId('reading-pause').click();
  await e.page.locator('[data-testid="reading"][data-state="paused"]').waitFor();
  const paused = await e.call('text.status', {});
  expect(paused.state).toBe('paused');
  expect(paused.pending).toBeGreaterThan(0);
  await textOf(status, new RegExp(`^文字识别已暂停 \\d+/${ALL}$`));
  await textOf(byTestId('reading-pending'), `${paused.pending} 个文件`);
  await textOf(byTestId('reading-failed'), '无');
  await look('reading-paused');

  // 继续 goes on; 暂停 again.
  await byTestId('reading-resume').click();
  await e.page.locator('[data-testid="reading"][data-state="running"]').waitFor();
  await byTestId('reading-pause').click();
  await e.page.locator('[data-testid="reading"][data-state="paused"]').waitFor();

  // 全部重新识别 asks first; 取消 changes nothing, 全部重新识别 in the dialog starts from the beginning.
  await byTestId('reading-force').click();
  const dialog = byTestId('reading-force-dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect((await e.call('text.status', {})).state).toBe('paused');
  await status.click();
  await byTestId('reading-force').click();
  await byTestId('reading-force-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  const again = await e.call('text.status', {});
  expect(again.state).toBe('running');
  // Every file waits again (but the few read since it began).
  expect(again.done + again.pending).toBe(ALL);

  // It reads to the end; the top bar then has nothing to say.
  await byTestId('reading').waitFor({ state: 'detached', timeout: 120_000 });
  const end = await readerIdle();
  expect(end).toMatchObject({ state: 'idle', pending: 0, failed: 0 });

  // With nothing to read, 项目设置 says so and still offers 全部重新识别 (asked first as well).
  await byTestId('open-settings').click();
  await textOf(byTestId('settings-reading'), /^文字识别：全部识别完/);
  await byTestId('settings-reread').click();
  await byTestId('campaign-settings').waitFor({ state: 'detached' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect((await e.call('text.status', {})).state).toBe('idle');
});

test('the editor offers the notice’s date and 文号 with where they were read; 采用 stores them; a typed value is replaced only by a click that names it', async () => {
  const n = INBOX[0];
  await byTestId('tree-inbox').click();
  await rowTitled(stem(n)).first().click();
  const editor = byTestId('item-editor');
  await editor.locator('[data-testid="suggestions"]').waitFor();
  // What the notice says, and where: its file and page.
  await textOf(chip('docNumber').locator('.sugg-text'), `文号：${n.docNumber}（${n.file} 第 1 页）`);
  await textOf(chip('date').locator('.sugg-value'), `日期：${n.date}`);
  await pdfDrawn(editor.getByTestId('preview-pdf'));
  await look('14-suggestions', true);

  // 采用 the 文号: stored as typed would be, and the chip says so.
  const item0 = await itemTitled(stem(n));
  expect(item0.docNumber).toBe('');
  await chip('docNumber').getByTestId('suggestion-take').click();
  await until('the 文号 stored', async () => (await e.call('items.get', { id: item0.id })).docNumber === n.docNumber);
  await textOf(editor.getByTestId('save-state'), '已保存');
  await expect(editor.getByTestId('field-docNumber').inputValue()).resolves.toBe(n.docNumber);
  await chip('docNumber').getByTestId('suggestion-taken').waitFor();

  // A date the clerk typed stays until a click that names it replaces it.
  const date = editor.getByTestId('field-date');
  await date.fill('2023-02-11');
  await date.blur();
  await until('the typed date stored', async () => (await e.call('items.get', { id: item0.id })).date === '2023-02-11');
  const replace = chip('date').getByTestId('suggestion-take');
  await textOf(replace, '替换“2023-02-11”');
  expect((await e.call('items.get', { id: item0.id })).date).toBe('2023-02-11');
  await replace.click();
  await until('the suggested date stored', async () => (await e.call('items.get', { id: item0.id })).date === n.date);
  await chip('date').getByTestId('suggestion-taken').waitFor();

  // 查看识别文字: the PDF's own text, page by page.
  await editor.getByTestId('file-text-toggle').click();
  const page1 = editor.getByTestId('file-text-page').first();
  await textOf(page1.locator('h4'), '第 1 页 · PDF 自带文字');
  expect(await page1.locator('pre').textContent()).toContain('创建工作推进会');
});

test('未归类 offers where each item goes; one click files it there, with 撤销', async () => {
  await byTestId('tree-inbox').click();
  const training = rowTitled(stem(INBOX[1])).first();
  const chips = training.getByTestId('filing-chip');
  await chips.first().waitFor();
  // The training notice matches 2.1 党员干部科技培训 best.
  await textOf(chips.first(), '归到 2.1 党员干部科技培训');
  expect(await chips.first().getAttribute('title')).toMatch(/相同的词：.*培训/);
  await textOf(rowTitled(stem(INBOX[2])).first().getByTestId('filing-chip').first(), '归到 2.2 科技志愿服务活动');
  await look('15-filing-suggestions', true);

  const id = Number(await training.getAttribute('data-id'));
  await chips.first().click();
  await toastSaying(/2\.1/);
  await until('the item filed under 2.1', async () => (await e.call('items.get', { id })).indicators.join() === '2.1');
  await rowTitled(stem(INBOX[1])).waitFor({ state: 'detached' });
});

test('接受建议 on a selection fills the empty fields of every item and keeps what the clerk typed; 撤销 takes it back', async () => {
  // The 志愿服务 notice gets a 责任者 typed by the clerk; its other fields are as imported.
  const volunteer = await itemTitled(stem(INBOX[2]));
  await e.call('items.update', { id: volunteer.id, patch: { responsible: '县科技志愿服务队' } });
  const before = await e.call('items.get', { id: volunteer.id });
  expect(before.docNumber).toBe('');
  const meeting = await itemTitled(stem(INBOX[0]));
  // What each would take: the suggestions for fields that are empty now (a title that is only the
  // file's name counts as empty: the notice's own title is what belongs there).
  const wanted = async (it: Item) => {
    const s = await e.call('items.suggestions', { id: it.id });
    const empty = (f: SuggestionField) => (f === 'title' ? it.title === stem(it.files[0]) : it[f] === '' || it[f] == null);
    const out: Record<string, string | number> = {};
    for (const f of s.fields) if (out[f.field] === undefined && empty(f.field)) out[f.field] = f.value;
    return out;
  };
  const wantVolunteer = await wanted(before);
  const wantMeeting = await wanted(meeting);
  expect(wantVolunteer.docNumber).toBe(INBOX[2].docNumber);
  expect(wantVolunteer.responsible).toBeUndefined();
  expect(wantVolunteer.title).toBe(INBOX[2].title);

  await byTestId('tree-inbox').click();
  await rowTitled(stem(INBOX[2])).first().click();
  await rowTitled(stem(INBOX[0])).first().click({ modifiers: ['Control'] });
  await textOf(byTestId('selection-count'), '已选 2 件');
  await e.page.$$eval('.tz-toast-x', (xs) => xs.forEach((x) => (x as HTMLButtonElement).click()));
  await byTestId('sel-accept').click();
  const filled = Object.keys(wantVolunteer).length + Object.keys(wantMeeting).length;
  const said = await toastSaying(new RegExp(`填入 ${filled} 项`));
  await until('the 文号 filled', async () => (await e.call('items.get', { id: volunteer.id })).docNumber === INBOX[2].docNumber);
  const after = await e.call('items.get', { id: volunteer.id });
  expect(after).toMatchObject({ ...wantVolunteer, responsible: '县科技志愿服务队' });
  // What was filled before (the 文号 and date taken in the editor) stays; the empty fields fill.
  const meetingAfter = await e.call('items.get', { id: meeting.id });
  expect(meetingAfter).toMatchObject({ ...wantMeeting, docNumber: INBOX[0].docNumber, date: INBOX[0].date });
  expect(said).toMatch(/撤销/);

  // 撤销 in the notice puts the fields back as they were.
  await byTestId('toast').filter({ hasText: `填入 ${filled} 项` }).getByTestId('toast-action').click();
  await until('the 文号 empty again', async () => (await e.call('items.get', { id: volunteer.id })).docNumber === '');
  expect(await e.call('items.get', { id: volunteer.id })).toMatchObject({ title: stem(INBOX[2]), date: null, responsible: '县科技志愿服务队' });
});

test('填入空白项 in the editor fills what is empty (and a title that is only the file name), keeps what was typed', async () => {
  const volunteer = await itemTitled(stem(INBOX[2]));
  expect(volunteer).toMatchObject({ docNumber: '', date: null, responsible: '县科技志愿服务队' });
  await byTestId('tree-inbox').click();
  await rowTitled(stem(INBOX[2])).first().click();
  const editor = byTestId('item-editor');
  await textOf(chip('responsible').getByTestId('suggestion-take'), `替换“县科技志愿服务队”`);
  const fill = editor.getByTestId('suggestions-fill-empty');
  expect(await fill.getAttribute('title')).toMatch(/题名/);
  await fill.click();
  await until('the empty fields filled', async () => (await e.call('items.get', { id: volunteer.id })).docNumber === INBOX[2].docNumber);
  await textOf(editor.getByTestId('save-state'), '已保存');
  expect(await e.call('items.get', { id: volunteer.id })).toMatchObject({
    docNumber: INBOX[2].docNumber,
    date: INBOX[2].date,
    title: INBOX[2].title,
    responsible: '县科技志愿服务队',
  });
  await expect(editor.getByTestId('field-title').inputValue()).resolves.toBe(INBOX[2].title);
  await fill.waitFor({ state: 'detached' });
});

test('a typed sign-in sheet: 签到表识别 8 人, 采用 makes it the item’s 参与人数', async () => {
  const it = await itemTitled(stem(SIGNIN));
  expect(it.participants).toBeNull();
  await byTestId('tree-inbox').click();
  await rowTitled(stem(SIGNIN)).first().click();
  const signed = chip('participants');
  await textOf(signed.locator('.sugg-value'), `参与人数：签到表识别 ${SIGNIN.signed.length} 人`);
  await look('signin-suggestion');
  await signed.getByTestId('suggestion-take').click();
  await until('the count stored', async () => (await e.call('items.get', { id: it.id })).participants === SIGNIN.signed.length);
  await expect(byTestId('field-participants').inputValue()).resolves.toBe(String(SIGNIN.signed.length));
  await signed.getByTestId('suggestion-taken').waitFor();
});

test('search finds words of the PDFs’ text, the words marked in the snippet', async () => {
  await byTestId('search').fill('农业专家');
  await byTestId('search').press('Enter');
  const row = rowTitled(stem(INBOX[1])).first();
  await row.waitFor();
  await textOf(row.locator('.snippet mark'), '农业专家');
  expect(await row.locator('.snippet').textContent()).toMatch(/^正文：.*农业专家/);
  expect(e.consoleErrors).toEqual([]);
  // The browser's own PDF viewer (the preview of a notice) loads from chrome://, not the network.
  expect(e.foreignRequests.filter((u) => !/^chrome(-extension)?:/.test(u))).toEqual([]);
});
