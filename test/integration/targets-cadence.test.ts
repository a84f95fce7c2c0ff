// Targets as inspectors read them (issue 10, part 5), on a real archive: a monthly clean-up with
// months missing, a quarterly meeting, lectures with a per-occasion threshold, a staffing target,
// a rate, and 责任单位 lists — through the self-check, the tree, the dashboard, the ledger's
// 指标完成情况 and the dossier's 提交表.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Archive } from '../../main/archive/archive';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { insertItem, upsertBlob } from '../../main/archive/items-repo';
import { selfCheck } from '../../main/check/self-check';
import { dashboard, indicatorTree } from '../../main/api/overview';
import { exportLedger } from '../../main/export/ledger/ledger';
import { exportDossier } from '../../main/export/dossier/dossier';
import { parseTarget } from '../../shared/targets';
import type { ItemKind } from '../../shared/domain';
import type { CheckReport, IndicatorCheck } from '../../shared/check-types';
import { drafts, makeArchive, pdfBlob } from '../helpers/archive';
import { allText } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-cadence-');

// Targets stored as an import stores them (count and unit only): the self-check reads the rest
// from the requirement text.
const INDICATORS = drafts([
  { code: '1', title: '爱国卫生运动', score: 40 },
  { code: '1.1', title: '环境卫生大扫除', requirement: '每月开展1次环境卫生大扫除', department: '县卫健局、县卫健局、县教育局' },
  { code: '1.2', title: '爱卫会例会', requirement: '每季度至少召开1次爱卫会例会', department: '各乡镇、县直各部门' },
  { code: '1.3', title: '健康知识讲座', requirement: '全年开展健康知识讲座不少于12次，每次参加人数不少于50人', department: '县卫健局 / 县科协' },
  { code: '1.4', title: '专职人员', requirement: '有专职工作人员不少于3人', department: '县爱卫办' },
  { code: '1.5', title: '健康教育覆盖', requirement: '健康教育覆盖率≥70%', department: '县卫健局（牵头）；县教育局' },
]).map((d) => ({ ...d, target: parseTarget(d.requirement) && { count: parseTarget(d.requirement)!.count, unit: parseTarget(d.requirement)!.unit } }));

const SHA = 'd'.repeat(64);

async function fill(a: Archive, list: { code: string; kind: ItemKind; title: string; date: string | null; participants?: number }[]): Promise<void> {
  await a.db.transaction(async (tx) => {
    await upsertBlob(tx, pdfBlob(SHA));
    for (const it of list) {
      const ind = await findIndicator(tx, it.code);
      await insertItem(tx, { kind: it.kind, title: it.title, date: it.date, participants: it.participants ?? null }, [{ sha256: SHA, name: `${it.title}.pdf`, role: 'body' }], [ind!.id]);
    }
  });
}

const month = (m: number, d = 10) => `2023-${String(m).padStart(2, '0')}-${d}`;
const CLEANUPS = [1, 2, 3, 4, 6, 7, 9, 10, 11, 12].map((m) => ({ code: '1.1', kind: 'activity' as ItemKind, title: `${m}月大扫除`, date: month(m) }));
const MEETINGS = [2, 8, 11].map((m) => ({ code: '1.2', kind: 'meeting' as ItemKind, title: `${m}月爱卫会例会`, date: month(m, 20) }));
const LECTURES = Array.from({ length: 12 }, (_, i) => ({
  code: '1.3', kind: 'training' as ItemKind, title: `第${i + 1}期健康讲座`, date: month(i + 1, 15),
  // One lecture had 30 listeners; another has no number entered.
  participants: i === 4 ? 30 : i === 9 ? undefined : 60 + i,
}));

let archive: Archive;
let report: CheckReport;
let by: Record<string, IndicatorCheck>;

beforeAll(async () => {
  archive = await makeArchive(root, 'archive', ['2023-01-01', '2023-12-31']);
  await archive.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  await fill(archive, [
    ...CLEANUPS,
    // A plan is not a clean-up: May stays empty.
    { code: '1.1', kind: 'plan', title: '5月大扫除方案', date: month(5) },
    ...MEETINGS,
    ...LECTURES,
    // A big meeting's attendance is not a staff count.
    { code: '1.4', kind: 'meeting', title: '爱卫办全体会议', date: month(3), participants: 40 },
    { code: '1.5', kind: 'report', title: '健康教育覆盖情况', date: month(12) },
  ]);
  report = await selfCheck(archive);
  by = Object.fromEntries(report.indicators.map((i) => [i.code, i]));
});
afterAll(() => archive.close());

// The reminder to write the 结论性说明 is every leaf's with evidence; statements.test covers it.
const problemOf = (code: string) => report.problems.filter((p) => p.indicator === code && p.kind !== 'no_conclusion');

test('monthly cadence: every month of the window must hold one; the missing months are named', () => {
  expect(by['1.1']).toMatchObject({
    status: 'below',
    target: { count: 12, unit: '次', cadence: { period: 'month', count: 1 } },
    targetText: '每月至少 1 次，共 12 个月',
    actualText: '10/12 个月',
  });
  expect(problemOf('1.1')).toEqual([expect.objectContaining({ kind: 'below_target', message: '指标 1.1「环境卫生大扫除」要求每月至少 1 次，共 12 个月，2023年5月、8月无记录（11 件中 10 件计入：1 件是通知、方案、总结等佐证文件，不计次数）。' })]);
});

test('quarterly cadence: a quarter without its meeting is below target, named as a clerk writes it', () => {
  expect(by['1.2']).toMatchObject({ status: 'below', targetText: '每季度至少 1 次，共 4 个季度', actualText: '3/4 个季度' });
  expect(problemOf('1.2').map((p) => p.message)).toEqual([expect.stringContaining('2023年第二季度无记录')]);
});

test('a compound target: 12 lectures, each with at least 50 listeners; the one under 50 and the one without a number are named', () => {
  expect(by['1.3']).toMatchObject({
    status: 'below',
    actual: 12,
    targetText: '不少于 12 次；每次不少于 50 人',
    actualText: '12/12次，1 次不足 50人，1 次未填人数',
  });
  const [p] = problemOf('1.3');
  expect(p.kind).toBe('below_target');
  expect(p.message).toContain('《第5期健康讲座》（2023年5月15日）只有 30人');
  expect(p.message).toContain('《第10期健康讲座》（2023年10月15日）没有填写参与人数');
});

test('staffing is 待核对 whatever the attendance; a rate waits for the clerk', () => {
  expect(by['1.4']).toMatchObject({ status: 'unverified', actual: null, actualText: '需核对', target: { kind: 'staffing' } });
  expect(problemOf('1.4')).toEqual([expect.objectContaining({ kind: 'unverified_target', message: expect.stringContaining('人员名册') })]);
  expect(by['1.5']).toMatchObject({ status: 'unverified', actualText: '待填报', targetText: '不低于 70%（由经办人填报）', target: { kind: 'rate' } });
  expect(by['1']).toMatchObject({ status: 'below' });
});

test('a target the clerk corrected to a plain total is counted as a total, as before', async () => {
  const a = await makeArchive(root, 'plain', ['2023-01-01', '2023-12-31']);
  await a.db.transaction((tx) => mergeIndicators(tx, drafts([{ code: '1', title: '大扫除', requirement: '每月开展1次环境卫生大扫除', target: { count: 10, unit: '次' } }])));
  await fill(a, CLEANUPS.map((c) => ({ ...c, code: '1' })));
  const r = await selfCheck(a);
  expect(r.indicators[0]).toMatchObject({ status: 'met', actual: 10, targetText: '不少于 10 次', actualText: '10/10次' });
  await a.close();
});

test('without a window the cadence is laid over the campaign year, and says so', async () => {
  const a = await makeArchive(root, 'no-window');
  await a.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  await fill(a, MEETINGS);
  const r = await selfCheck(a);
  const c = r.indicators.find((i) => i.code === '1.2')!;
  expect(c).toMatchObject({ status: 'below', actualText: '3/4 个季度（未设创建时段，按2023年度计）' });
  expect(r.problems.find((p) => p.indicator === '1.2')!.message).toMatch(/2023年第二季度无记录.*未设创建时段，按2023年度计/);
  await a.close();
});

test('责任单位 split into departments, each once; group names kept whole; the tree and the dashboard use the same list', async () => {
  expect(by['1.1'].departments).toEqual(['县卫健局', '县教育局']);
  expect(by['1.2'].departments).toEqual(['各乡镇', '县直各部门']);
  expect(by['1.3'].departments).toEqual(['县卫健局', '县科协']);
  expect(by['1.5'].departments).toEqual(['县卫健局', '县教育局']);
  const tree = await indicatorTree(archive, report);
  expect([...tree.departments].sort()).toEqual(['县卫健局', '县教育局', '县直各部门', '县爱卫办', '县科协', '各乡镇'].sort());
  const dash = await dashboard(archive, report);
  const health = dash.byDepartment.find((d) => d.department === '县卫健局')!;
  // 1.1, 1.3 below; 1.5 待核对: counted once each, though 1.1 names the bureau twice.
  expect(health).toMatchObject({ below: 2, unverified: 1, met: 0, missing: 0 });
});

test('the tree badge carries the self-check\'s target and progress', async () => {
  const tree = await indicatorTree(archive, report);
  const node = tree.nodes.find((n) => n.code === '1.1')!;
  expect(node).toMatchObject({ status: 'below', targetText: '每月至少 1 次，共 12 个月', actualText: '10/12 个月', target: { cadence: { period: 'month', count: 1 } } });
});

test('the ledger\'s 指标完成情况 shows the cadence as the self-check words it', async () => {
  const out = path.join(root, '台账.xlsx');
  await exportLedger(archive, out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet('指标完成情况')!;
  const rows: Record<string, (string | number | null)[]> = {};
  ws.eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => (v == null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as string | number)));
    if (cells[0] != null) rows[String(cells[0])] = cells;
  });
  const header = rows['编号'];
  const col = (name: string) => header.indexOf(name);
  expect(rows['1.1'][col('目标')]).toBe('每月至少 1 次，共 12 个月');
  expect(rows['1.1'][col('完成')]).toBe('10/12 个月');
  expect(rows['1.1'][col('状态')]).toBe('未达标');
  expect(String(rows['1.1'][col('自查问题')])).toContain('2023年5月、8月无记录');
  expect(rows['1.1'][col('责任单位')]).toBe('县卫健局、县教育局');
  expect(rows['1.2'][col('完成')]).toBe('3/4 个季度');
  expect(rows['1.3'][col('目标')]).toBe('不少于 12 次；每次不少于 50 人');
  expect(rows['1.4'][col('完成')]).toBe('需核对');
  expect(rows['1.4'][col('状态')]).toBe('待核对');
});

test('the dossier\'s 提交表 prints 要求 · 实际 · 状态 from the self-check', async () => {
  const out = path.join(root, '台账.pdf');
  await exportDossier(archive, out, { indicators: ['1.1', '1.2'], cover: false, contents: false, stamp: false, date: '2024-01-10' });
  const text = allText(out).join('\n').replace(/\s+/g, '');
  expect(text).toContain('完成情况');
  expect(text).toContain('要求每月至少1次，共12个月·实际10/12个月·未达标');
  expect(text).toContain('要求每季度至少1次，共4个季度·实际3/4个季度·未达标');
  expect(text).toContain('责任单位县卫健局、县教育局');
});

test('periods still to come are named apart from the gaps in the record', async () => {
  const next = new Date().getFullYear() + 1;
  const a = await makeArchive(root, 'ongoing', [`${next - 1}-01-01`, `${next}-12-31`]);
  await a.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  const r = await selfCheck(a);
  // Without evidence an indicator is 缺材料, not a cadence question; one meeting filed makes it one.
  await fill(a, [{ code: '1.2', kind: 'meeting', title: '例会', date: `${next - 1}-01-05` }]);
  const again = await selfCheck(a);
  const msg = again.problems.find((p) => p.indicator === '1.2')!.message;
  expect(msg).toContain(`${next}年第一季度、${next}年第二季度、${next}年第三季度、${next}年第四季度尚未到来`);
  expect(msg).not.toMatch(new RegExp(`${next}年第一季度[^；]*无记录`));
  expect(r.indicators.find((i) => i.code === '1.2')!.status).toBe('missing');
  await a.close();
});
