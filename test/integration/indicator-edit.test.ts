// The clerk's own edits of the indicator tree (issue 10, part 4) on a filed archive: through the
// API as the interface calls it and through the taizhang command. After every step every item
// keeps its links; delete is refused while evidence is linked; undo brings back what was there
// (a deleted indicator with its id and code); one change-log row per edit; a re-import of the
// issued table keeps the links and duplicates nothing; the self-check and the ledger follow.
import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { createApi, type Api } from '../../main/api/api';
import { draftsToTemplate } from '../../main/indicators/template-json';
import { exportLedger, STATUS_SHEET } from '../../main/export/ledger/ledger';
import { selfCheck } from '../../main/check/self-check';
import type { ChangeLogEntry, IndicatorEditResult, IndicatorImportReport } from '../../shared/api';

import { filedArchive } from '../helpers/clerk-folder';
import { SAMPLE_INDICATORS } from '../helpers/archive';
import { runCli } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';
import { value } from '../helpers/api-calls';

// A dozen real CLI runs (a Node start each): seconds apiece on a loaded machine.
jest.setTimeout(180_000);

const root = tmpDir('tz-indicator-edit-');
let api: Api;
let dir: string;
let original: Map<number, number[]>;

/** Each item's linked indicator ids (links are by id, so they must not move at all), read beside the open session. */
async function linksOf(archiveDir: string): Promise<Map<number, number[]>> {
  const a = await Archive.open(archiveDir, { readOnly: true });
  try {
    const rows = await a.db.all<{ item_id: number; indicator_id: number }>(sql`SELECT item_id, indicator_id FROM links ORDER BY item_id, indicator_id`);
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.indicator_id]);
    return out;
  } finally {
    await a.close();
  }
}

async function indicatorRows(archiveDir: string) {
  const a = await Archive.open(archiveDir, { readOnly: true });
  try {
    return await a.db.all<{ id: number; code: string; title: string; parent_id: number | null; position: number; level: number }>(
      sql`SELECT id, code, title, parent_id, position, level FROM indicators ORDER BY id`,
    );
  } finally {
    await a.close();
  }
}

const node = (r: IndicatorEditResult, code: string) => r.tree.nodes.find((n) => n.code === code);

beforeAll(async () => {
  const a = await filedArchive(root);
  dir = a.dir;
  await a.close();
  original = await linksOf(dir);
  api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
  await api.open(dir);
});
afterAll(() => api.close());

afterEach(async () => {
  // Whatever the step did, no item lost or gained a link.
  expect(await linksOf(dir)).toEqual(original);
});

test('the filed archive has evidence to keep', () => {
  expect(original.size).toBeGreaterThan(3);
});

test('add: under a parent at a position, the target read from the requirement, shown by the self-check at once', async () => {
  const r = value<IndicatorEditResult>(
    await api.call('indicators.add', { parent: '2', position: 0, title: '科普宣传阵地', requirement: '建设科普宣传栏不少于5处', score: 2.5, department: '县科协' }),
  );
  expect(r.code).toBe('2.3');
  expect(r.message).toContain('已新增指标“2.3 科普宣传阵地”');
  expect(r.undo).toBe('新增指标“2.3 科普宣传阵地”');
  expect(node(r, '2.3')).toMatchObject({ title: '科普宣传阵地', target: { count: 5, unit: '处' }, score: 2.5, level: 2, position: 0, status: 'missing', leaf: true });
  expect(node(r, '2.1')!.position).toBe(1);
  const top = value<IndicatorEditResult>(await api.call('indicators.add', { title: '创新工作', code: 'C' }));
  expect(node(top, 'C')).toMatchObject({ level: 1, parentId: null, position: 2 });
  const check = value<{ indicators: { code: string; status: string }[] }>(await api.call('check.run', { fresh: false }));
  expect(check.indicators.find((i) => i.code === '2.3')).toMatchObject({ status: 'missing' });
});

test('rename and edit fields; a target read from the text follows a new text', async () => {
  const r = value<IndicatorEditResult>(await api.call('indicators.update', { code: '2.3', patch: { title: '科普宣传阵地建设', requirement: '每个乡镇建设宣传栏不少于8处' } }));
  expect(node(r, '2.3')).toMatchObject({ title: '科普宣传阵地建设', target: { count: 8, unit: '处' } });
  expect(r.message).toContain('名称、要求、目标');
  // A cadence target read from the text follows too (the stored count and unit).
  const monthly = value<IndicatorEditResult>(await api.call('indicators.update', { code: '2.3', patch: { requirement: '每月更新宣传栏不少于1次' } }));
  expect(node(monthly, '2.3')!.target).toMatchObject({ count: 12, unit: '次' });
  const again = value<IndicatorEditResult>(await api.call('indicators.update', { code: '2.3', patch: { requirement: '每个乡镇建设宣传栏不少于8处' } }));
  expect(node(again, '2.3')!.target).toEqual({ count: 8, unit: '处' });
  // A target set by hand stays when the text changes.
  value(await api.call('indicators.update', { code: '2.3', patch: { target: { count: 20, unit: '处' } } }));
  const kept = value<IndicatorEditResult>(await api.call('indicators.update', { code: '2.3', patch: { requirement: '建设宣传栏不少于10处' } }));
  expect(node(kept, '2.3')!.target).toEqual({ count: 20, unit: '处' });
  expect(await api.call('indicators.update', { code: '2.3', patch: { title: '  ' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  expect(await api.call('indicators.update', { code: '8.8', patch: { title: '无' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('renumber: the children whose codes came from it follow, ids and links stay', async () => {
  const before = await indicatorRows(dir);
  const r = value<IndicatorEditResult>(await api.call('indicators.update', { code: '1', patch: { code: '9' } }));
  expect(r.message).toContain('编号 1 → 9（2 个下级指标的编号随之改变）');
  expect(r.tree.nodes.filter((n) => n.code.startsWith('9')).map((n) => n.code)).toEqual(['9', '9.1', '9.2']);
  const after = await indicatorRows(dir);
  const id = (rows: typeof before, code: string) => rows.find((x) => x.code === code)!.id;
  expect(id(after, '9.2')).toBe(id(before, '1.2'));
  expect(node(r, '9.2')).toMatchObject({ status: 'met', ownItems: 3 });
  expect(await api.call('indicators.update', { code: '9', patch: { code: '2' } })).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('编号 2 已被指标“突出工作重点”使用') },
  });
});

test('move: to a new parent and position; into its own descendant is refused', async () => {
  const r = value<IndicatorEditResult>(await api.call('indicators.move', { code: '9.2', parent: '2', position: 1 }));
  const moved = node(r, '9.2')!;
  expect(moved).toMatchObject({ level: 2, position: 1, parentId: node(r, '2')!.id, ownItems: 3 });
  expect(node(r, '9.1')!.position).toBe(0);
  expect(r.tree.nodes.filter((n) => n.parentId === node(r, '2')!.id).map((n) => n.code)).toEqual(['2.3', '9.2', '2.1', '2.2']);
  expect(await api.call('indicators.move', { code: '2', parent: '9.2', position: 0 })).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('移到它自己的下级指标') },
  });
  expect(await api.call('indicators.move', { code: '2', parent: '2' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  // A whole subtree moves down a level with its children.
  const down = value<IndicatorEditResult>(await api.call('indicators.move', { code: 'C', parent: '9' }));
  expect(node(down, 'C')).toMatchObject({ level: 2, parentId: node(down, '9')!.id });
});

test('delete: refused with the count while evidence is linked; allowed when none is; undo brings it back with its id and code', async () => {
  const refused = await api.call('indicators.delete', { code: '2' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const a = await Archive.open(dir, { readOnly: true });
  const n = (await a.db.get<{ n: number }>(sql`SELECT count(DISTINCT l.item_id) AS n FROM links l JOIN indicators i ON i.id = l.indicator_id
    WHERE i.code IN ('2', '2.1', '2.2', '2.3', '9.2')`))!.n;
  await a.close();
  expect(n).toBeGreaterThan(3);
  expect(!refused.ok && refused.error.message).toBe(`该指标下挂有 ${n} 件材料，不能删除；请先把材料移到其他指标。`);

  const before = (await indicatorRows(dir)).find((r) => r.code === '2.3')!;
  const gone = value<IndicatorEditResult>(await api.call('indicators.delete', { code: '2.3' }));
  expect(gone.code).toBeNull();
  expect(node(gone, '2.3')).toBeUndefined();
  expect(node(gone, '9.2')!.position).toBe(0);
  const back = value<IndicatorEditResult>(await api.call('indicators.undo', {}));
  expect(back.message).toBe('已撤销：删除指标“2.3 科普宣传阵地建设”。');
  expect((await indicatorRows(dir)).find((r) => r.code === '2.3')).toEqual(before);
  expect(node(back, '2.3')).toMatchObject({ title: '科普宣传阵地建设', target: { count: 20, unit: '处' }, position: 0 });
});

test('undo walks back through the session: move, renumber', async () => {
  let r = value<IndicatorEditResult>(await api.call('indicators.undo', {})); // C back to the top
  expect(node(r, 'C')).toMatchObject({ level: 1, parentId: null });
  r = value<IndicatorEditResult>(await api.call('indicators.undo', {})); // 9.2 back under 9
  expect(node(r, '9.2')).toMatchObject({ parentId: node(r, '9')!.id, position: 1 });
  expect(r.undo).toBe('修改指标“1 加强组织领导”');
  r = value<IndicatorEditResult>(await api.call('indicators.undo', {})); // 9 back to 1
  expect(r.tree.nodes.filter((n) => n.code.startsWith('1')).map((n) => n.code)).toEqual(['1', '1.1', '1.2']);
});

test('the change log has one row per edit, newest first, with before and after', async () => {
  const log = value<ChangeLogEntry[]>(await api.call('indicators.log', {}));
  expect(log.map((e) => e.action)).toEqual([
    'indicator.undo', 'indicator.undo', 'indicator.undo', 'indicator.undo',
    'indicator.delete', 'indicator.move', 'indicator.move', 'indicator.update',
    'indicator.update', 'indicator.update', 'indicator.update', 'indicator.update', 'indicator.update', 'indicator.add', 'indicator.add',
  ]);
  expect(log.every((e) => e.actor === '创建台账')).toBe(true);
  const renumber = log.find((e) => e.action === 'indicator.update' && e.subject === '9')!;
  expect(renumber.detail).toMatchObject({ before: { code: '1' }, after: { code: '9' }, others: [{ before: { code: '1.1' }, after: { code: '9.1' } }, { before: { code: '1.2' }, after: { code: '9.2' } }] });
  expect(log[0].summary).toMatch(/^已撤销：/);
  expect(value<ChangeLogEntry[]>(await api.call('indicators.log', { limit: 2 }))).toHaveLength(2);
});

test('the ledger exported now lists an added indicator', async () => {
  const a = await Archive.open(dir, { readOnly: true });
  const out = path.join(root, '台账.xlsx');
  try {
    await exportLedger(a, out);
  } finally {
    await a.close();
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const texts: string[] = [];
  wb.getWorksheet(STATUS_SHEET)!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value ?? ''))));
  expect(texts.some((t) => t.includes('科普宣传阵地建设'))).toBe(true);
});

test('re-importing the issued table keeps every link and duplicates nothing; the session undo is cleared', async () => {
  const file = path.join(root, '指标体系.json');
  await fs.writeFile(file, JSON.stringify(draftsToTemplate('全国科普示范县创建', SAMPLE_INDICATORS)));
  const place = (r: { id: number; code: string; title: string; parent_id: number | null; level: number }) => ({ id: r.id, code: r.code, title: r.title, parent_id: r.parent_id, level: r.level });
  const before = (await indicatorRows(dir)).map(place);
  // A rename (matched again by code), a renumber (matched again by title), and both at once
  // (matched by what the change log remembers).
  value(await api.call('indicators.update', { code: '1.1', patch: { title: '成立创建领导小组' } }));
  value(await api.call('indicators.update', { code: '2.1', patch: { code: '2.9' } }));
  value(await api.call('indicators.update', { code: '1.2', patch: { title: '召开推进会（改）' } }));
  value(await api.call('indicators.update', { code: '1.2', patch: { code: '1.8' } }));
  value(await api.call('indicators.update', { code: '1', patch: { code: '6', title: '组织领导' } }));
  const r = value<IndicatorImportReport>(await api.call('indicators.import', { file }));
  expect(r.merge.deletedIndicators.map((d) => d.code).sort()).toEqual(['2.3', 'C']);
  expect(r.merge.added).toBe(0);
  const after = (await indicatorRows(dir)).map(place);
  expect(after.map((x) => x.code).sort()).toEqual(SAMPLE_INDICATORS.map((d) => d.code).sort());
  for (const d of SAMPLE_INDICATORS) expect(after.find((x) => x.code === d.code)).toEqual(before.find((x) => x.code === d.code));
  expect(await api.call('indicators.undo', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('没有可以撤销') } });
  const log = value<ChangeLogEntry[]>(await api.call('indicators.log', { limit: 1 }));
  expect(log[0]).toMatchObject({ action: 'indicator.import', subject: '指标体系.json' });
});

test('undo is refused when the rows were changed elsewhere since', async () => {
  value(await api.call('indicators.add', { parent: '1', title: '临时指标' }));
  // Another writer (a taizhang command) renames it meanwhile.
  const other = runCli(['indicators', 'edit', dir, '1.3', '--title', '别处改过']);
  expect(other.code).toBe(0);
  expect(await api.call('indicators.undo', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('又被修改过') } });
  // The stack is dropped: nothing older would fit either.
  expect(await api.call('indicators.undo', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('没有可以撤销') } });
  value(await api.call('indicators.delete', { code: '1.3' }));
});

test('an indicator added after a delete takes a new id, not the deleted one (the log still speaks of it)', async () => {
  value(await api.call('indicators.add', { title: '甲' }));
  const first = (await indicatorRows(dir)).find((r) => r.title === '甲')!;
  value(await api.call('indicators.delete', { code: first.code }));
  value(await api.call('indicators.add', { title: '乙' }));
  const second = (await indicatorRows(dir)).find((r) => r.title === '乙')!;
  expect(second.id).toBeGreaterThan(first.id);
  value(await api.call('indicators.delete', { code: second.code }));
});

describe('the taizhang command', () => {
  let cliDir: string;
  let cliLinks: Map<number, number[]>;
  beforeAll(async () => {
    const a = await filedArchive(path.join(root, 'cli'));
    cliDir = a.dir;
    await a.close();
    cliLinks = await linksOf(cliDir);
  });
  afterEach(async () => {
    expect(await linksOf(cliDir)).toEqual(cliLinks);
  });

  test('add, edit, move, delete and log', async () => {
    const add = runCli(['indicators', 'add', cliDir, '--title', '科普阵地', '--parent', '2', '--requirement', '建设宣传栏不少于5处', '--score', '3', '--department', '县科协', '--json']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ code: '2.3', indicator: { title: '科普阵地', target: { count: 5, unit: '处' }, score: 3, department: '县科协', parent: '2' } });

    const edit = runCli(['indicators', 'edit', cliDir, '2', '--code', '5', '--title', '重点工作']);
    expect(edit.code).toBe(0);
    expect(edit.stdout).toContain('编号 2 → 5（3 个下级指标的编号随之改变）');

    const move = runCli(['indicators', 'move', cliDir, '5.3', '--parent', '-', '--position', '1', '--json']);
    expect(move.code).toBe(0);
    expect(JSON.parse(move.stdout)).toMatchObject({ code: '5.3', indicator: { level: 1, parent: null, position: 0 } });

    const intoOwn = runCli(['indicators', 'move', cliDir, '5', '--parent', '5.1']);
    expect(intoOwn.code).toBe(2);
    expect(intoOwn.stderr).toContain('移到它自己的下级指标');

    const refused = runCli(['indicators', 'delete', cliDir, '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/该指标下挂有 \d+ 件材料，不能删除；请先把材料移到其他指标/);
    expect(runCli(['indicators', 'delete', cliDir, '7.7']).code).toBe(2);
    expect(runCli(['indicators', 'edit', cliDir, '5', '--score', 'abc']).code).toBe(2);

    const del = runCli(['indicators', 'delete', cliDir, '5.3']);
    expect(del.code).toBe(0);

    const log = runCli(['indicators', 'log', cliDir, '--json']);
    expect(log.code).toBe(0);
    const entries = JSON.parse(log.stdout).changes as ChangeLogEntry[];
    expect(entries.map((e) => e.action)).toEqual(['indicator.delete', 'indicator.move', 'indicator.update', 'indicator.add']);
    expect(entries.every((e) => e.actor === 'taizhang CLI')).toBe(true);
    const text = runCli(['indicators', 'log', cliDir]);
    expect(text.stdout).toContain('已删除指标“5.3 科普阵地”');

    const a = await Archive.open(cliDir, { readOnly: true });
    try {
      const report = await selfCheck(a);
      expect(report.indicators.map((i) => i.code)).toEqual(expect.arrayContaining(['5', '5.1', '5.2']));
    } finally {
      await a.close();
    }
  });
});
