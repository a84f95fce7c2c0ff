// The 创建办 collecting from the departments, in Chromium against web mode: the 责任单位 overview
// from the indicator table's column, a department's page (contact, deadlines, an indicator added),
// 导出任务包, the department filling it in its own archive (a second service, as the department's
// computer would), 接收回传包 with its report in words, the counts that follow, 整项退回, the
// 催报单, the 统计口径 option, and the department's side in the interface: 打开任务包 on the
// welcome page, the 填报模式 banner and 生成回传包. Each step checked on screen and in the archive.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { createApi, type Api } from '../../main/api/api';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import { makeJpeg } from '../../main/demo/sample-files';
import type { ApiMethod, ArgsOf, JobInfo, ResultOf } from '../../shared/api';
import { drafts } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';
import { checkedShot, startE2E, textOf, until, VIEWPORT, type E2E } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-collect-');
const archiveDir = path.join(root, '创建办档案');
let e: E2E;
/** The 任务包 of 县科协 the interface exported, and the 回传包 its department made from it. */
let taskPacket = '';
let returnPacket = '';

/** Days from today as YYYY-MM-DD (the states are judged against the real today). */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
const year = new Date().getFullYear();

/** A county's indicator table as issued: the 责任单位 column names one or several departments. */
const INDICATORS = drafts([
  { code: '1', title: '加强组织领导', score: 20 },
  { code: '1.1', title: '成立创建工作领导小组', score: 5, requirement: '成立由县政府分管领导任组长的领导小组，印发文件', department: '县委办、县科协' },
  { code: '1.2', title: '召开创建工作推进会', score: 10, requirement: '全年召开推进会不少于3次', target: { count: 3, unit: '次' }, department: '县科协' },
  { code: '1.3', title: '创建工作纳入政府工作报告', score: 5, requirement: '政府工作报告中有科普工作内容', department: '县政府办' },
  { code: '2', title: '突出工作重点', score: 40 },
  { code: '2.1', title: '党员干部科学素质培训', score: 10, requirement: '举办培训不少于10次', target: { count: 10, unit: '次' }, department: '县委组织部（牵头） 县科协' },
  { code: '2.2', title: '青少年科技教育活动', score: 10, requirement: '中小学开展科技节、科普讲座', department: '县教育局' },
  { code: '2.3', title: '农民实用技术培训', score: 10, requirement: '培训农民不少于1000人次', target: { count: 1000, unit: '人次' }, department: '县农业农村局' },
  { code: '2.4', title: '全民健康素养宣传', score: 10, requirement: '开展健康科普进社区活动', department: '县卫健委' },
  { code: '3', title: '科普阵地建设', score: 20 },
  { code: '3.1', title: '科技馆免费开放', score: 10, requirement: '县科技馆全年免费开放', department: '县科协' },
  { code: '3.2', title: '社区科普活动室', score: 5, requirement: '城市社区科普活动室覆盖率达到80%', department: '县民政局' },
  { code: '3.3', title: '科普宣传栏', score: 5, requirement: '每个行政村设置科普宣传栏' },
]);

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const row = (name: string): Locator => e.page.locator(`[data-testid="department-row"][data-name="${name}"]`);
const assignment = (code: string): Locator => e.page.locator(`[data-testid="assignment-row"][data-code="${code}"]`);
const stateCell = (name: string, state: string): Locator => row(name).locator(`td[data-state="${state}"]`);
/** A screenshot after the harness's checks; and at 1366 no table of the view scrolls sideways (a column cut off). */
async function shot(name: string, docs = false, within?: string): Promise<void> {
  const wide = await e.page.$$eval('.dept-table-wrap', (els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.scrollWidth} > ${el.clientWidth}`));
  expect(wide).toEqual([]);
  await checkedShot(e, name, { docs, within });
}

/** A call on another Api (the department's), typed as the harness's own; throws on {ok: false}. */
async function on<M extends ApiMethod>(api: Api, method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const r = await api.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as ResultOf<M>;
}

/** Waits for a job of the given Api to end; returns it. */
async function ended(api: Api, id: string): Promise<JobInfo> {
  return until(`job ${id}`, async () => {
    const j = (await on(api, 'jobs.list', {})).find((x) => x.id === id);
    return j && j.state !== 'running' ? j : null;
  }, 60_000);
}

async function openDepartments(): Promise<void> {
  if (!(await byTestId('departments').isVisible())) await byTestId('open-departments').click();
  await byTestId('departments-table').waitFor();
}

beforeAll(async () => {
  const a = await Archive.create(archiveDir, {
    name: `${year}年全国科普示范县创建`,
    unit: '某县科学技术协会',
    fonds: 'Z109',
    year,
    windowStart: `${year}-01-01`,
    windowEnd: `${year}-12-31`,
  });
  await a.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  await a.close();
  e = await startE2E({ root, archive: archiveDir });
  // What the clerk set up earlier: deadlines for some departments, one of them already past.
  await e.call('assignments.set', { department: '县政府办', deadline: day(-3) });
  await e.call('assignments.set', { department: '县教育局', deadline: day(20) });
  await e.call('departments.update', { name: '县教育局', patch: { contact: '周敏', phone: '0791-8321456' } });
  await e.call('departments.update', { name: '县委办', patch: { contact: '陈静', phone: '0791-8320101' } });
  await e.call('departments.update', { name: '县卫健委', patch: { contact: '刘洋', phone: '0791-8326688' } });
}, 120_000);

afterAll(async () => {
  await e?.close();
});

test('the 责任单位 overview lists the departments the indicator table names, with what each owes', async () => {
  await byTestId('campaign-name').waitFor();
  await openDepartments();
  const names = await byTestId('department-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  // Split on 、 and spaces, (牵头) dropped, each named once.
  expect(names.sort()).toEqual(['县农业农村局', '县卫健委', '县委办', '县委组织部', '县政府办', '县教育局', '县民政局', '县科协'].sort());
  // 县科协 is named by four indicators; 3.3 names nobody.
  await textOf(row('县科协').locator('td.num').first(), '4');
  await textOf(byTestId('departments-unassigned'), /1 个末级指标没有填写责任单位/);
  // The past deadline: 县政府办's one indicator is 逾期, and shown so.
  await textOf(stateCell('县政府办', 'overdue'), '1');
  expect(await row('县政府办').getAttribute('class')).toContain('dept-row-late');
  await textOf(row('县教育局'), /周敏/);
  await textOf(byTestId('departments-totals').locator('td[data-state="overdue"]'), '1');
  await shot('departments-start');
});

test('a department’s page: contact and phone saved, a deadline for all its indicators, an indicator added by hand', async () => {
  await row('县科协').getByTestId('department-open').click();
  await assignment('3.1').waitFor();
  expect(await byTestId('assignment-row').count()).toBe(4);
  await byTestId('department-contact-person').fill('李明');
  await byTestId('department-phone').fill('0791-8325012');
  await byTestId('department-note').fill('请各单位按指标整理佐证材料，照片须写明时间、地点和活动内容。');
  await byTestId('department-save').click();
  await until('contact saved', async () => (await e.call('departments.get', { name: '县科协' })).department.contact === '李明');
  expect((await e.call('departments.get', { name: '县科协' })).department).toMatchObject({ phone: '0791-8325012', note: expect.stringContaining('照片须写明') });

  // No row ticked: the deadline goes to all of them.
  await byTestId('deadline-input').fill(day(14));
  await byTestId('deadline-set').click();
  await until('deadlines', async () => (await e.call('departments.get', { name: '县科协' })).assignments.every((x) => x.deadline === day(14)));
  await textOf(assignment('1.2').locator('td').nth(3), day(14));

  // 3.3 names nobody: given to 县科协 by hand.
  await byTestId('assign-add').click();
  await e.page.getByTestId('indicator-pick').locator('input').first().fill('3.3');
  await e.page.getByTestId('indicator-pick').getByRole('button', { name: '增加' }).click();
  await assignment('3.3').waitFor();
  const d = await e.call('departments.get', { name: '县科协' });
  expect(d.assignments.find((x) => x.code === '3.3')).toMatchObject({ named: false, state: 'open' });
  // One ticked row gets its own deadline.
  await assignment('3.3').locator('input[type="checkbox"]').check();
  await byTestId('deadline-input').fill(day(30));
  await byTestId('deadline-set').click();
  await until('one deadline', async () => (await e.call('departments.get', { name: '县科协' })).assignments.find((x) => x.code === '3.3')?.deadline === day(30));
  expect((await e.call('departments.get', { name: '县科协' })).assignments.find((x) => x.code === '1.2')!.deadline).toBe(day(14));
  // What the 创建办 asks on one indicator, carried in the packet.
  await assignment('1.2').locator('input[type="checkbox"]').check();
  await byTestId('assign-note').click();
  await byTestId('assignment-note-text').fill('请附每次推进会的通知、签到表和现场照片。');
  await byTestId('assignment-note-save').click();
  await textOf(assignment('1.2').getByTestId('assignment-note'), /签到表和现场照片/);
  const notes = (await e.call('departments.get', { name: '县科协' })).assignments.map((x) => [x.code, x.note]);
  expect(notes.filter(([, n]) => n)).toEqual([['1.2', '请附每次推进会的通知、签到表和现场照片。']]);
  await shot('21-department', true);
  // On the small screens of some offices (1024×600) the page still holds together: the tables scroll.
  await e.page.setViewportSize({ width: 1024, height: 600 });
  try {
    await checkedShot(e, 'department-small', { width: 1024 });
  } finally {
    await e.page.setViewportSize(VIEWPORT);
  }
});

test('导出任务包 for one department: the job followed to its end, the zip downloadable', async () => {
  await byTestId('department-send-one').click();
  await byTestId('send-packet-form').waitFor();
  await shot('send-packet-form');
  await byTestId('send-packet-start').click();
  await byTestId('packet-job-done').waitFor({ timeout: 60_000 });
  taskPacket = (await byTestId('packet-job-output').textContent())!.trim();
  expect(taskPacket).toMatch(/任务包-县科协\.zip$/);
  expect(fs.statSync(taskPacket).size).toBeGreaterThan(200);
  const href = await byTestId('packet-job-download').getAttribute('href');
  const res = await e.page.request.get(new URL(href!, e.server.url).toString());
  expect(res.status()).toBe(200);
  expect((await res.body()).subarray(0, 2).toString('latin1')).toBe('PK');
  await shot('send-packet-done');
  await byTestId('send-packet-close').click();
  // The packet sent is on the department's page.
  await until('packet recorded', async () => (await e.call('departments.get', { name: '县科协' })).packets.some((p) => p.direction === 'out'));
  await byTestId('packets').locator('li[data-direction="out"]').first().waitFor();
});

test('接收回传包: the department’s return packet, made in its own archive, merged and told in words', async () => {
  // The department's computer: its own service opens the 任务包, files two photos under 1.2 and
  // writes its 结论性说明, then makes the 回传包.
  const dept = createApi({ stateDir: path.join(root, 'dept-state'), desktop: null, version: 'test' });
  try {
    const opened = await on(dept, 'archive.openPacket', { file: taskPacket, dir: path.join(root, '县科协填报') });
    expect(opened.archive?.filling).toMatchObject({ department: '县科协' });
    const photos = path.join(root, '推进会照片');
    await makeJpeg(path.join(photos, '第一次推进会', 'IMG_0101.jpg'), { width: 800, height: 600, seed: 11, exifTime: `${year}:03:15 09:30:00` });
    await makeJpeg(path.join(photos, '第二次推进会', 'IMG_0201.jpg'), { width: 800, height: 600, seed: 12, exifTime: `${year}:06:20 14:00:00` });
    const imp = await on(dept, 'jobs.start', { kind: 'import', paths: [path.join(photos, '第一次推进会'), path.join(photos, '第二次推进会')], indicator: '1.2' });
    expect((await ended(dept, imp.id)).state).toBe('done');
    await on(dept, 'indicators.state', { code: '1.2', statement: { conclusion: '全年召开推进会 2 次，第三次定于 12 月。' } });
    returnPacket = path.join(root, '回传包-县科协.zip');
    const ret = await on(dept, 'jobs.start', { kind: 'export-return', out: returnPacket });
    const done = await ended(dept, ret.id);
    expect(done.error).toBeNull();
    expect(fs.existsSync(returnPacket)).toBe(true);
  } finally {
    await dept.close();
  }

  await byTestId('department-back').click();
  // The 任务包 itself handed back by mistake: refused, in words, and nothing merged.
  await byTestId('departments-receive').click();
  await byTestId('receive-packet-file').setInputFiles(taskPacket);
  await byTestId('receive-packet-start').click();
  const refused = await textOf(byTestId('packet-job-error'), /[\u4e00-\u9fff]/, 60_000);
  expect(refused).not.toMatch(/Error|at \w+ \(/);
  await shot('receive-refused');
  expect(await e.call('items.list', { department: '县科协' })).toHaveLength(0);
  // 返回修改: the right file this time.
  await byTestId('receive-packet-again').click();
  await byTestId('receive-packet-file').setInputFiles(returnPacket);
  await byTestId('receive-packet-start').click();
  await byTestId('packet-job-done').waitFor({ timeout: 60_000 });
  const words = await textOf(byTestId('packet-job-summary'), /^已接收“县科协”的回传包/);
  expect(words).toContain('新增材料 2 件');
  expect(words).toContain('结论性说明 1 条');
  await shot('22-packet-received', true);
  await byTestId('receive-packet-close').click();

  // The overview counts it: 1.2 submitted, 2 items waiting for review, the time received.
  await openDepartments();
  await textOf(stateCell('县科协', 'submitted'), '1');
  await textOf(row('县科协').getByTestId('department-pending'), '2');
  const o = await e.call('departments.list', {});
  const kx = o.departments.find((d) => d.name === '县科协')!;
  expect(kx).toMatchObject({ pending: 2, items: 2 });
  expect(kx.lastReceived).not.toBeNull();
  await shot('departments-received');
  const items = await e.call('items.list', { department: '县科协' });
  expect(items).toHaveLength(2);
  expect(items.every((i) => i.submission?.review === 'pending' && i.indicators.includes('1.2'))).toBe(true);

  // The same packet again changes nothing, and says so.
  await byTestId('departments-receive').click();
  await byTestId('receive-packet-file').setInputFiles(returnPacket);
  await byTestId('receive-packet-start').click();
  await textOf(byTestId('packet-job-summary'), /此前已经接收过（.*），档案没有任何改动/, 60_000);
  await byTestId('receive-packet-close').click();
  expect(await e.call('items.list', { department: '县科协' })).toHaveLength(2);

  // 待审材料 leads to the 审核 queue of that department.
  await row('县科协').getByTestId('department-review').click();
  await byTestId('departments').waitFor({ state: 'detached' });
  await until('the 审核 queue of 县科协', async () => (await byTestId('item-row').count()) === 2);
  await textOf(byTestId('list-title'), '审核 · 县科协');
  expect(await byTestId('review-department').inputValue()).toBe('县科协');
});

test('整项退回 with a reason: the state and the reason on the department’s page', async () => {
  await openDepartments();
  await row('县科协').getByTestId('department-open').click();
  await textOf(assignment('1.2').getByTestId('assignment-state'), '已提交');
  await assignment('1.2').getByTestId('assignment-return').click();
  await byTestId('assignment-return-confirm').click();
  // No reason: refused before the service is asked.
  await textOf(byTestId('assignment-return-dialog').locator('[role="alert"]'), /请写明退回原因/);
  await byTestId('assignment-return-reason').fill('推进会只有 2 次，请补充第三次会议的通知和签到表');
  await byTestId('assignment-return-confirm').click();
  await textOf(assignment('1.2').getByTestId('assignment-state'), '退回');
  await textOf(assignment('1.2').getByTestId('assignment-reason'), /补充第三次会议/);
  const a = (await e.call('departments.get', { name: '县科协' })).assignments.find((x) => x.code === '1.2')!;
  expect(a).toMatchObject({ state: 'returned', reason: expect.stringContaining('签到表'), conclusion: expect.stringContaining('推进会 2 次') });
  await textOf(byTestId('packets').locator('li[data-direction="back"]').first(), /收回/);
  await shot('23-department-returned', true);
  // From the indicator to its items in the main list, and back.
  await assignment('1.2').getByTestId('assignment-goto').click();
  await byTestId('department-page').waitFor({ state: 'detached' });
  await until('the items of 1.2', async () => (await byTestId('item-row').count()) === 2);
  await openDepartments();
  await row('县科协').getByTestId('department-open').click();
  await assignment('1.2').waitFor();
});

test('打印催报单 for one department: a PDF to download', async () => {
  await byTestId('department-reminder').click();
  await byTestId('packet-job-done').waitFor({ timeout: 60_000 });
  await textOf(byTestId('packet-job-summary'), /催报单/);
  await shot('reminder-done');
  const out = (await byTestId('packet-job-output').textContent())!.trim();
  expect(out).toMatch(/\.pdf$/);
  expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await byTestId('packet-job-download').waitFor();
  await byTestId('reminder-close').click();
  await byTestId('department-back').click();
  // The overview as it stands now: a department past its deadline, one with a return and items to review.
  await textOf(stateCell('县科协', 'returned'), '1');
  await shot('20-departments', true);
});

test('导出全部任务包: one zip per department in a folder, which the web version says it cannot download', async () => {
  await byTestId('departments-send-all').click();
  await byTestId('send-packet-start').click();
  await textOf(byTestId('packet-job-summary'), /已导出 8 个责任单位的任务包/, 60_000);
  const folder = (await byTestId('packet-job-output').textContent())!.trim();
  expect(fs.readdirSync(folder).filter((n) => n.endsWith('.zip')).sort()).toEqual(
    ['县农业农村局', '县卫健委', '县委办', '县委组织部', '县政府办', '县教育局', '县民政局', '县科协'].map((n) => `任务包-${n}.zip`).sort(),
  );
  await textOf(byTestId('packet-job-done'), /网页版不能下载文件夹/);
  expect(await byTestId('packet-job-download').count()).toBe(0);
  await byTestId('send-packet-close').click();
  await byTestId('departments-table').waitFor();
});

test('打印催报单 for all: the one printed before for 县科协 is replaced only when the clerk says so', async () => {
  await byTestId('departments-reminder').click();
  await textOf(byTestId('packet-replace'), /替换|已有|存在/);
  await byTestId('packet-replace-confirm').click();
  const words = await textOf(byTestId('packet-job-summary'), /催报单/, 60_000);
  // Every department owes something: each gets its sheet.
  expect(words).toMatch(/8 个责任单位/);
  await byTestId('reminder-close').click();
  await byTestId('departments-table').waitFor();
});

test('a department renamed on its page: the indicator table’s 责任单位 follows', async () => {
  await row('县民政局').getByTestId('department-open').click();
  await assignment('3.2').waitFor();
  await byTestId('department-name').fill('县民政局社会事务科');
  await byTestId('department-save').click();
  await textOf(byTestId('department-page').locator('h2'), '责任单位：县民政局社会事务科');
  const tree = await e.call('indicators.tree', {});
  expect(tree.nodes.find((n) => n.code === '3.2')!.department).toBe('县民政局社会事务科');
  await byTestId('department-back').click();
  await row('县民政局社会事务科').waitFor();
  expect(await row('县民政局').count()).toBe(0);
});

test('新增责任单位: one the table does not name, opened on its page to be given indicators', async () => {
  await byTestId('departments-add').click();
  await byTestId('department-add-save').click();
  await textOf(byTestId('department-add').locator('[role="alert"]'), /请填写责任单位的名称/);
  await byTestId('department-add-name').fill('县文明办');
  await byTestId('department-add-save').click();
  await textOf(byTestId('department-page').locator('h2'), '责任单位：县文明办');
  await textOf(byTestId('department-page').locator('.dept-empty'), /还没有负责的指标/);
  // Nothing to send yet.
  expect(await byTestId('department-send-one').isDisabled()).toBe(true);
  expect((await e.call('departments.get', { name: '县文明办' })).department).toMatchObject({ named: false, contact: '' });
  await byTestId('department-back').click();
  await row('县文明办').waitFor();
});

test('项目设置: 统计口径 — only accepted material, or all that was submitted', async () => {
  await e.page.keyboard.press('Escape');
  await byTestId('open-settings').click();
  await byTestId('settings-counting').waitFor();
  expect(await byTestId('settings-count-accepted').isChecked()).toBe(true);
  await byTestId('settings-count-submitted').check();
  await shot('settings-counting', false, '[data-testid="campaign-settings"]');
  await byTestId('settings-save').click();
  await until('saved', async () => (await e.call('session.state', {})).archive?.campaign.countSubmitted === true);
  await byTestId('open-settings').click();
  expect(await byTestId('settings-count-submitted').isChecked()).toBe(true);
  await byTestId('settings-count-accepted').check();
  await byTestId('settings-save').click();
  await until('saved back', async () => (await e.call('session.state', {})).archive?.campaign.countSubmitted === false);
});

test('the department’s side: 打开任务包 on the welcome page, the 填报模式 banner, only 生成回传包', async () => {
  // An item returned for correction travels in the next 任务包 with its reason.
  const [first] = await e.call('items.list', { department: '县科协' });
  await e.call('items.review', { ids: [first.id], decision: 'return', reason: '照片看不清会议横幅，请换一张' });
  const again = await e.call('jobs.start', { kind: 'export-packet', department: '县科协', out: path.join(root, '任务包-县科协-第二份.zip') });
  expect((await ended(e.api, again.id)).state).toBe('done');

  await byTestId('open-settings').click();
  await byTestId('close-archive').click();
  await byTestId('welcome').waitFor();
  await byTestId('welcome-packet-file').setInputFiles(path.join(root, '任务包-县科协-第二份.zip'));
  await byTestId('welcome-packet-dir').fill(path.join(root, '县科协填报（第二份）'));
  await shot('welcome-packet');
  await byTestId('welcome-packet-submit').click();
  await byTestId('filling-banner').waitFor();
  await textOf(byTestId('filling-banner'), /填报模式：县科协/);
  await textOf(byTestId('filling-deadline'), day(14));
  await textOf(byTestId('filling-note'), /照片须写明时间/);
  // No exports but the 回传包, and no 责任单位 overview.
  expect(await byTestId('open-export').count()).toBe(0);
  expect(await byTestId('open-departments').count()).toBe(0);
  await textOf(byTestId('filling-returned'), '退回待更正 1 件');
  await byTestId('filling-returned').click();
  await textOf(byTestId('filling-returned-list'), /照片看不清会议横幅/);
  await shot('24-filling-mode', true);
  await byTestId('filling-returned-list').locator('button').first().click();

  await byTestId('open-return').click();
  await byTestId('make-return-start').click();
  await byTestId('packet-job-done').waitFor({ timeout: 60_000 });
  const out = (await byTestId('packet-job-output').textContent())!.trim();
  expect(out).toMatch(/\.zip$/);
  expect(fs.existsSync(out)).toBe(true);
  await byTestId('packet-job-download').waitFor();
  await byTestId('make-return-close').click();

  // A later 任务包 (2.2 now given to 县科协 as well) opened into this same 填报 archive.
  // (The browser's service has the department's archive open now: the 创建办's is reached by another.)
  const third = path.join(root, '任务包-县科协-第三份.zip');
  const office = createApi({ stateDir: path.join(root, 'office-state'), desktop: null, version: 'test' });
  try {
    await office.open(archiveDir);
    await on(office, 'assignments.set', { department: '县科协', codes: ['2.2'], assigned: true });
    const job = await on(office, 'jobs.start', { kind: 'export-packet', department: '县科协', out: third });
    expect((await ended(office, job.id)).state).toBe('done');
  } finally {
    await office.close();
  }
  await byTestId('filling-later').click();
  await byTestId('later-packet-file').setInputFiles(third);
  await byTestId('later-packet-open').click();
  await textOf(byTestId('toast').last(), /已用新的任务包更新填报档案：新增指标 2\.2/);
  await e.page.locator('[data-testid="tree-node"][data-code="2.2"]').waitFor();
  await checkedShot(e, 'later-packet-opened', { keepToasts: true });
  await textOf(byTestId('filling-banner'), /填报模式：县科协/);
  expect((await e.call('session.state', {})).archive?.filling).toMatchObject({ department: '县科协' });
  expect(e.consoleErrors).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});
