// 审核 in Chromium against web mode: the 创建办's archive holds items two departments submitted
// (made here as a merged 回传包 leaves them: submitted_by, submitted_at, review 'pending', one a
// corrected 第2版 with its returned first version kept). They carry their department and state in
// the list; 审核 in the top bar lists what waits, by department; one is accepted (and the notice's
// 撤销 takes it back, then it is accepted again), one returned with a reason asked in a dialog; the
// self-check then counts only the accepted one and says why the others do not count; the editor
// shows the submission and the earlier version; the audit log shows the decisions; an account is
// added for a department in 局域网账号.
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { listItems } from '../../main/archive/items-repo';
import { ensureDepartment } from '../../main/collect/departments';
import { importPaths } from '../../main/intake/import';
import { makeArchive } from '../helpers/archive';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { tmpDir } from '../helpers/tmp';
import { VIEWPORT, checkedShot, startE2E, textOf, until, type E2E } from './harness';

jest.setTimeout(180_000);

const root = tmpDir('tz-e2e-review-');
let e: E2E;

const byTestId = (id: string): Locator => e.page.getByTestId(id);
const treeNode = (code: string): Locator => e.page.locator(`[data-testid="tree-node"][data-code="${code}"]`);
const rows = (): Locator => byTestId('item-row');
const rowTitled = (title: string): Locator => rows().filter({ has: e.page.locator('.irow-title', { hasText: title }) });
const look = (name: string, docs = false, keepToasts = false): Promise<string> => checkedShot(e, name, { docs, keepToasts });

const M1 = '第一次推进会';
const M2 = '第二次推进会';
const M3 = '第三次推进会';

async function itemTitled(title: string) {
  const row = (await e.call('items.list', {})).find((r) => r.title.includes(title));
  if (!row) throw new Error(`no item titled ${title}`);
  return e.call('items.get', { id: row.id });
}

async function toastSaying(want: RegExp): Promise<string> {
  return until(`a notice saying ${want}`, async () => (await byTestId('toast').allTextContents()).find((t) => want.test(t)));
}

beforeAll(async () => {
  const archiveDir = path.join(root, '档案');
  const a: Archive = await makeArchive(root, '档案', ['2022-04-01', '2023-12-31']);
  await importPaths(a, [await writeClerkFolder(path.join(root, 'src'))]);
  const received = '2023-12-01T02:30:00.000Z';
  await a.db.transaction(async (tx) => {
    await tx.run(sql`UPDATE indicators SET department = '县科协' WHERE code = '1.2'`);
    await tx.run(sql`UPDATE indicators SET department = '县教育局、县科协' WHERE code = '2.1'`);
    const kexie = await ensureDepartment(tx, '县科协');
    const jiaoyu = await ensureDepartment(tx, '县教育局');
    // The three 推进会 under 1.2 came from 县科协; the third is a corrected version of one returned before.
    const meetings = await tx.all<{ id: number; title: string }>(
      sql`SELECT i.id, i.title FROM items i JOIN links l ON l.item_id = i.id JOIN indicators n ON n.id = l.indicator_id WHERE n.code = '1.2'`,
    );
    expect(meetings.map((m) => m.title).sort()).toEqual(expect.arrayContaining([expect.stringContaining(M1), expect.stringContaining(M2), expect.stringContaining(M3)]));
    for (const m of meetings) await tx.run(sql`UPDATE items SET submitted_by = ${kexie}, submitted_at = ${received}, review = 'pending' WHERE id = ${m.id}`);
    const third = meetings.find((m) => m.title.includes(M3))!;
    const [before] = await listItems(tx, { ids: [third.id] });
    const first = {
      ...before,
      title: `${before.title}（初稿）`,
      // The first version had the photo only; the corrected one added the 会议纪要.
      files: before.files.filter((f) => f.name.endsWith('.jpg')),
      submission: { department: '县科协', at: '2023-11-20T01:00:00.000Z', version: 1, review: 'returned', reason: '缺少签到表，请补上', reviewedAt: '2023-11-25T03:00:00.000Z', reviewedBy: '本机' },
    };
    await tx.run(sql`UPDATE items SET version = 2 WHERE id = ${third.id}`);
    await tx.run(sql`INSERT INTO item_versions (item_id, version, replaced_at, snapshot) VALUES (${third.id}, 1, ${received}, ${JSON.stringify(first)})`);
    // A 培训 photo under 2.1 from 县教育局.
    const training = await tx.get<{ id: number }>(
      sql`SELECT i.id FROM items i JOIN links l ON l.item_id = i.id JOIN indicators n ON n.id = l.indicator_id WHERE n.code = '2.1' ORDER BY i.id LIMIT 1`,
    );
    await tx.run(sql`UPDATE items SET submitted_by = ${jiaoyu}, submitted_at = ${received}, review = 'pending' WHERE id = ${training!.id}`);
  });
  await a.close();
  e = await startE2E({ root: path.join(root, 'e2e'), archive: archiveDir });
}, 180_000);

afterAll(async () => {
  await e?.close();
});

test('submitted items carry their department and state; 审核 lists what waits, by department', async () => {
  await treeNode('1.2').click();
  await textOf(byTestId('item-count'), '共 3 件');
  const chips = byTestId('item-list').getByTestId('submission-chip');
  await until('three chips', async () => (await chips.count()) === 3);
  expect(await chips.allTextContents()).toEqual(expect.arrayContaining(['县科协·待审核', '县科协·待审核·第2版']));
  // Before any decision nothing of 1.2 counts: the self-check says why.
  const before = await e.call('check.indicator', { code: '1.2' });
  expect(before.notCounted.map((n) => n.exclusion)).toEqual(['unreviewed', 'unreviewed', 'unreviewed']);

  await textOf(byTestId('review-count'), '4');
  await byTestId('open-review').click();
  await textOf(byTestId('list-title'), '审核');
  await textOf(byTestId('review-state-pending'), '待审核');
  await textOf(byTestId('item-count'), '共 4 件');
  await byTestId('review-department').selectOption('县科协');
  await textOf(byTestId('item-count'), '共 3 件');
  // Filtered by one department, the chips leave out its name.
  expect(await byTestId('item-list').getByTestId('submission-chip').first().textContent()).toMatch(/^待审核/);
  await rowTitled(M3).click();
  await textOf(byTestId('submission-department'), '县科协');
  await look('25-review-queue', true);
  // Several at once: the selection bar and the right-click menu offer 通过 and 退回… first.
  await e.page.keyboard.press('Control+a');
  await textOf(byTestId('selection-count'), '已选 3 件');
  await textOf(byTestId('sel-review-accept'), '通过');
  await textOf(byTestId('sel-review-return'), '退回…');
  await rowTitled(M1).click({ button: 'right' });
  await textOf(byTestId('menu-review-accept'), '通过 3 件');
  await textOf(byTestId('menu-review-return'), '退回 3 件…');
  await look('review-selection');
  await e.page.keyboard.press('Escape');
  await byTestId('sel-clear').click();
  // In the thumbnails the chip sits on the picture's corner.
  await byTestId('mode-grid').click();
  await until('chips on the thumbnails', async () => (await e.page.locator('.gcell [data-testid="submission-chip"]').count()) === 3);
  await look('review-grid');
  await byTestId('mode-list').click();
  // On the small office screen the top bar and the queue's head still fit.
  await e.page.setViewportSize({ width: 1024, height: 600 });
  await checkedShot(e, 'review-small', { width: 1024 });
  await e.page.setViewportSize(VIEWPORT);
});

test('通过 one (撤销 takes it back), 退回 one with the reason asked for; the self-check counts only the accepted one', async () => {
  await byTestId('review-department').selectOption('');
  await rowTitled(M1).click();
  await textOf(byTestId('submission-review'), /^待审核/);
  await byTestId('review-accept').click();
  expect(await toastSaying(/通过/)).toMatch(/撤销/);
  await textOf(byTestId('item-count'), '共 3 件');
  const m1 = await itemTitled(M1);
  expect(m1.submission?.review).toBe('accepted');
  // The next one waiting opens, so the clerk goes on through the queue.
  await until('the next item open', async () => {
    const id = await byTestId('item-editor').getAttribute('data-id');
    return id != null && id !== String(m1.id);
  });
  await textOf(byTestId('submission-review'), /^待审核/);

  // One undo, as for every other action on items.
  await byTestId('toast').filter({ hasText: /通过/ }).getByRole('button', { name: '撤销' }).click();
  await textOf(byTestId('item-count'), '共 4 件');
  expect((await itemTitled(M1)).submission?.review).toBe('pending');

  // Accepted again, from the right-click menu this time.
  await rowTitled(M1).click({ button: 'right' });
  await byTestId('menu-review-accept').click();
  await textOf(byTestId('item-count'), '共 3 件');
  expect((await itemTitled(M1)).submission?.review).toBe('accepted');

  // 退回 asks why; an empty reason is refused in the dialog.
  await rowTitled(M2).click({ button: 'right' });
  await byTestId('menu-review-return').click();
  await byTestId('return-confirm').click();
  await textOf(byTestId('return-problem'), /请写明退回原因/);
  await byTestId('return-common').filter({ hasText: '照片缺少说明' }).click();
  await byTestId('return-reason').pressSequentially('；签到表缺第二页');
  await look('26-return-dialog', true);
  await byTestId('return-confirm').click();
  await until('the dialog closed', async () => (await byTestId('return-dialog').count()) === 0);
  await textOf(byTestId('item-count'), '共 2 件');
  const returned = await itemTitled(M2);
  expect(returned.submission?.review).toBe('returned');
  expect(returned.submission?.reason).toBe('照片缺少说明；签到表缺第二页');

  // The returned one in its own list, with its reason in the editor.
  await byTestId('review-state-returned').click();
  await textOf(byTestId('item-count'), '共 1 件');
  await rowTitled(M2).click();
  await textOf(byTestId('submission-reason'), '照片缺少说明；签到表缺第二页');

  // The self-check counts the accepted meeting only, and says why the other two do not count.
  const check = await e.call('check.indicator', { code: '1.2' });
  expect(check.actual).toBe(1);
  expect(check.notCounted.map((n) => n.exclusion).sort()).toEqual(['returned', 'unreviewed']);
  await treeNode('1.2').click();
  await textOf(byTestId('item-count'), '共 3 件');
  const panel = byTestId('statement-panel');
  if ((await byTestId('statement-excluded').count()) === 0) await byTestId('statement-toggle').click();
  await textOf(byTestId('statement-excluded'), /不计入（已退回责任单位修改）：.*第二次推进会/);
  await textOf(byTestId('statement-excluded'), /不计入（责任单位提交、尚未审核）：.*第三次推进会/);
  await textOf(panel.getByTestId('statement-count'), /3 件中 1 件计入/);
  await look('27-review-counted', true);
  // The self-check names the department of what waits and of what went back, with the reason.
  await byTestId('open-check').click();
  await textOf(byTestId('check-group-unreviewed'), /由县科协提交，尚未审核/);
  await textOf(byTestId('check-group-returned'), /已退回县科协修改（照片缺少说明；签到表缺第二页）/);
  await look('review-check');
  await byTestId('check-close').click();
});

test('the editor shows the corrected item as 第2版 with the version it replaced and why that was returned', async () => {
  await treeNode('1.2').click();
  await rowTitled(M3).click();
  await textOf(byTestId('submission'), /第2版/);
  await byTestId('versions-toggle').click();
  const v = byTestId('submission-version');
  await textOf(v, /第1版.*（初稿）.*1 个文件复制的照片\.jpg退回原因：缺少签到表，请补上/);
  // Its photo is still in the archive, shown small.
  expect(await until('the earlier photo shown', () => v.locator('.sub-thumbs img').evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await look('28-review-versions', true);
});

test('the audit log shows the decisions; 局域网账号 adds a department account (a password typed twice)', async () => {
  await byTestId('open-settings').click();
  await byTestId('open-audit').click();
  const audit = byTestId('audit-panel');
  await until('the review decisions in the log', async () => (await audit.locator('[data-testid="audit-row"][data-action="items.review"]').count()) >= 3);
  const first = audit.locator('[data-testid="audit-row"][data-action="items.review"]').first();
  // In words: the item by its title, the decision and the reason.
  expect(await first.textContent()).toMatch(/审核《\[第二次推进会\]》完成退回：照片缺少说明；签到表缺第二页本机/);
  expect(await audit.locator('[data-testid="audit-row"][data-action="items.review"]').last().textContent()).toMatch(/审核《\[第一次推进会\]》完成已通过/);
  await look('29-audit-log', true);
  await audit.getByRole('button', { name: '关闭' }).last().click();

  await byTestId('open-settings').click();
  await byTestId('open-accounts').click();
  const panel = byTestId('accounts-panel');
  await byTestId('account-name').fill('kexie');
  await byTestId('account-role').selectOption('department');
  await byTestId('account-department').selectOption('县科协');
  await byTestId('account-password1').fill('kexie-2023-pass');
  await byTestId('account-password2').fill('kexie-2023-pas');
  await byTestId('account-add-confirm').click();
  await textOf(panel.locator('.tz-field-error'), '两次输入的密码不一样，请重新输入。');
  await byTestId('account-password2').fill('kexie-2023-pass');
  await byTestId('account-add-confirm').click();
  const row = panel.locator('[data-testid="account-row"][data-name="kexie"]');
  await textOf(row, /kexie责任单位县科协.*启用/);
  const users = await e.call('users.list', {});
  expect(users.find((u) => u.name === 'kexie')).toMatchObject({ role: 'department', department: '县科协', disabled: false });
  await look('30-accounts', true);
  // The adding of the account is in the log too.
  expect((await e.call('audit.list', {})).some((x) => x.action === 'users.add' && x.ok)).toBe(true);
  expect(e.consoleErrors).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});
