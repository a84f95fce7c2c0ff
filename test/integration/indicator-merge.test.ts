import path from 'node:path';
import ExcelJS from 'exceljs';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { findIndicator, listIndicators } from '../../main/archive/indicators-repo';
import { insertItem, listItems, upsertBlob } from '../../main/archive/items-repo';
import { exportIndicators, importIndicators } from '../../main/indicators/service';
import { selfCheck } from '../../main/check/self-check';
import { pdfBlob } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-merge-');

/** An issued table: a title row, levels in merged cells, scores as "5分", a 合计 row. */
async function writeTable(file: string, rows: [string, string, string, string][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('测评体系');
  ws.addRow(['全国科普示范县测评体系']);
  ws.mergeCells('A1:D1');
  ws.addRow(['一级指标', '二级指标', '评分标准', '分值']);
  let start = 3;
  rows.forEach((r, i) => {
    ws.addRow(r);
    const next = rows[i + 1];
    if (!next || next[0] !== r[0]) {
      if (3 + i > start) ws.mergeCells(`A${start}:A${3 + i}`);
      start = 4 + i;
    }
  });
  ws.addRow(['合计', '', '', '30分']);
  await wb.xlsx.writeFile(file);
}

test('re-importing an edited table updates in place and never drops evidence', async () => {
  const archive = await Archive.create(path.join(root, 'a'), { name: '测试' });
  const v1 = path.join(root, 'v1.xlsx');
  await writeTable(v1, [
    ['组织领导', '成立领导小组', '印发文件', '5分'],
    ['组织领导', '召开推进会', '全年不少于10次', '10分'],
    ['宣传发动', '发放资料', '不少于800份', '10分'],
    ['宣传发动', '设置宣传栏', '每个社区1处', '5分'],
  ]);
  const first = await importIndicators(archive, v1);
  expect(first.merge).toMatchObject({ added: 6, updated: 0, deleted: 0 });
  expect(first.table.skipped.map((s) => s.reason).join()).toContain('合计');
  const meeting = (await findIndicator(archive.db, '1.2'))!;
  expect(meeting).toMatchObject({ title: '召开推进会', score: 10, target: { count: 10, unit: '次' }, level: 2 });

  // Evidence on 1.2 (renamed below) and on 2.2 (removed below).
  await archive.db.transaction(async (tx) => {
    await upsertBlob(tx, pdfBlob('b'.repeat(64)));
    await insertItem(tx, { kind: 'meeting', title: '第一次推进会', date: '2023-03-08' }, [{ sha256: 'b'.repeat(64), name: 'a.pdf', role: 'body' }], [meeting.id]);
    await insertItem(tx, { kind: 'photos', title: '宣传栏照片', date: '2023-04-01' }, [{ sha256: 'b'.repeat(64), name: 'b.pdf', role: 'body' }], [(await findIndicator(tx, '2.2'))!.id]);
  });

  const v2 = path.join(root, 'v2.xlsx');
  await writeTable(v2, [
    ['组织领导', '成立领导小组', '印发文件', '5分'],
    ['组织领导', '召开工作推进会', '全年不少于12次', '10分'], // renamed, same position → same code
    ['宣传发动', '发放资料', '不少于800份', '10分'],
    ['宣传发动', '开展科普日活动', '不少于1次', '5分'], // replaces 设置宣传栏 at 2.2
    ['宣传发动', '评选先进', '', '0分'],
  ]);
  const second = await importIndicators(archive, v2);
  const after = await findIndicator(archive.db, '1.2');
  expect(after).toMatchObject({ id: meeting.id, title: '召开工作推进会', target: { count: 12, unit: '次' } });
  // 2.2 matched by code and now means 开展科普日活动; its evidence moved with it — the clerk must see that.
  const items = await listItems(archive.db);
  expect(items.find((i) => i.title === '第一次推进会')!.indicators).toEqual(['1.2']);
  expect(items).toHaveLength(2);
  expect(second.merge.added).toBe(1);
  expect(second.merge.renamed).toEqual([
    { code: '1.2', from: '召开推进会', to: '召开工作推进会' },
    { code: '2.2', from: '设置宣传栏', to: '开展科普日活动' },
  ]);
  expect(second.merge.deleted).toBe(0);

  // A third version drops 2.2 altogether: its evidence keeps it alive, flagged and reported.
  const v3 = path.join(root, 'v3.xlsx');
  await writeTable(v3, [
    ['组织领导', '成立领导小组', '印发文件', '5分'],
    ['组织领导', '召开工作推进会', '全年不少于12次', '10分'],
    ['宣传发动', '发放资料', '不少于800份', '15分'],
  ]);
  const third = await importIndicators(archive, v3);
  expect(third.merge.keptWithEvidence).toEqual([{ code: '2.2', title: '开展科普日活动', items: 1 }]);
  expect(third.merge.deleted).toBe(1); // 2.3 评选先进, which had no evidence
  const list = await listIndicators(archive.db);
  expect(list.find((i) => i.code === '2.2')).toMatchObject({ removed: true });
  expect(list.find((i) => i.code === '2.3')).toBeUndefined();
  expect((await listItems(archive.db))).toHaveLength(2);
  const check = await selfCheck(archive);
  expect(check.problems.filter((p) => p.kind === 'removed_indicator').map((p) => p.indicator)).toEqual(['2.2']);
  expect(check.indicators.map((i) => i.code)).not.toContain('2.2');
  expect(await archive.db.all(sql`PRAGMA foreign_key_check`)).toEqual([]);
  await archive.close();
});

test('a row inserted above shifts positional codes, and evidence follows its title, not the old code', async () => {
  const archive = await Archive.create(path.join(root, 'c'), { name: '测试' });
  const v1 = path.join(root, 'c1.xlsx');
  await writeTable(v1, [
    ['组织领导', '成立领导小组', '印发文件', '5分'],
    ['组织领导', '召开推进会', '全年不少于10次', '10分'],
  ]);
  await importIndicators(archive, v1);
  const meeting = (await findIndicator(archive.db, '1.2'))!;
  const v2 = path.join(root, 'c2.xlsx');
  await writeTable(v2, [
    ['组织领导', '制定工作方案', '印发方案', '5分'],
    ['组织领导', '成立领导小组', '印发文件', '5分'],
    ['组织领导', '召开推进会', '全年不少于10次', '10分'],
  ]);
  const r = await importIndicators(archive, v2);
  expect(r.merge).toMatchObject({ added: 1, renamed: [] });
  expect(await findIndicator(archive.db, '1.3')).toMatchObject({ id: meeting.id, title: '召开推进会' });
  expect(await findIndicator(archive.db, '1.1')).toMatchObject({ title: '制定工作方案' });
  await archive.close();
});

test('the shipped template imports as a three-level tree with targets', async () => {
  const archive = await Archive.create(path.join(root, 'b'), { name: '测试' });
  const r = await importIndicators(archive, path.join(__dirname, '..', '..', 'assets', 'templates', 'kepu-shifan-xian.json'));
  const list = await listIndicators(archive.db);
  expect(r.merge.added).toBe(list.length);
  expect(new Set(list.map((i) => i.level))).toEqual(new Set([1, 2, 3]));
  expect(list.find((i) => i.title === '召开工作推进会')?.target).toEqual({ count: 10, unit: '次' });
  // Saved as a template and imported into a new archive, the tree comes back the same.
  const saved = path.join(root, '明年复用.json');
  expect((await exportIndicators(archive, saved)).indicators).toBe(list.length);
  const next = await Archive.create(path.join(root, 'b2'), { name: '下一年' });
  await importIndicators(next, saved);
  const strip = (l: typeof list) => l.map(({ code, title, level, score, target, requirement, department, basis }) => ({ code, title, level, score, target, requirement, department, basis }));
  expect(strip(await listIndicators(next.db))).toEqual(strip(list));
  await next.close();
  await archive.close();
});
