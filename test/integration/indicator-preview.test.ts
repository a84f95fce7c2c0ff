import path from 'node:path';
import { tz } from '../helpers/cli';
import { Archive } from '../../main/archive/archive';
import { listIndicators } from '../../main/archive/indicators-repo';
import { previewIndicatorFile } from '../../main/indicators/preview';
import { importIndicators, previewForArchive } from '../../main/indicators/service';
import { API } from '../../shared/api';
import { weishengTable, writeXlsx } from '../helpers/indicator-tables';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-preview-');


let table: string;
beforeAll(async () => {
  table = await writeXlsx(path.join(root, '评分细则.xlsx'), [weishengTable().spec]);
});

test('the preview shows the columns with their roles and why, the rows from the header down and the tree', async () => {
  const pv = await previewIndicatorFile(table);
  expect(pv).toMatchObject({ file: '评分细则.xlsx', format: 'xlsx', sheets: ['评分细则'], sheet: '评分细则', headerRow: 3, unsure: [] });
  expect(pv.columns.map((c) => `${c.letter}:${c.header}:${c.role}`)).toEqual([
    'A:项目:level1', 'B:指标:level2', 'C:评价内容:level3', 'D:评价标准:requirement', 'E:分值:score', 'F:评价方法:basis', 'G:责任单位:department',
  ]);
  expect(pv.rows[0]).toEqual({ row: 3, cells: ['项目', '指标', '评价内容', '评价标准', '分值', '评价方法', '责任单位'] });
  // A merged 项目 shows its text once, on its first row.
  expect(pv.rows[1].cells[0]).toMatch(/爱国卫生组织管理/);
  expect(pv.rows[2].cells[0]).toBe('');
  expect(pv.rows.at(-1)).toMatchObject({ row: 48, skipped: '注释或说明行，不是指标' });
  expect(pv.indicators.filter((d) => d.level === 3)).toHaveLength(43);
});

test('a role the clerk sets is trusted, and an import with it keeps the roles for the next import of the same headers', async () => {
  const columns = { C: 'requirement', D: 'ignored' } as const;
  const pv = await previewIndicatorFile(table, { columns });
  expect(pv.report.levels).toBe(2);
  expect(pv.columns[2]).toMatchObject({ role: 'requirement', why: '按您设置的列用途' });

  const archive = await Archive.create(path.join(root, 'a'), { name: '国家卫生县城' });
  try {
    const first = await importIndicators(archive, table, { columns });
    expect(first.table.levels).toBe(2);
    // The revised table, same headers: read with the kept roles.
    const again = await importIndicators(archive, table);
    expect(again.table.levels).toBe(2);
    expect(again.merge.added).toBe(0);
    expect((await previewForArchive(archive, table)).report.levels).toBe(2);
    expect((await previewForArchive(archive, table, { columns: { C: 'level3' } })).report.levels).toBe(3);
    expect((await listIndicators(archive.db)).filter((i) => !i.removed)).toHaveLength(27);
  } finally {
    await archive.close();
  }
});

test('indicators.preview and indicators.import take columns by letter and refuse an unknown role', () => {
  expect(API['indicators.preview'].args.parse({ file: 'a.xlsx', columns: { C: 'level3' } })).toEqual({ file: 'a.xlsx', columns: { C: 'level3' } });
  expect(() => API['indicators.import'].args.parse({ file: 'a.xlsx', columns: { C: 'title' } })).toThrow('输入有误');
  expect(() => API['indicators.import'].args.parse({ file: 'a.xlsx', columns: { 'C1': 'level1' } })).toThrow('输入有误');
});

test('taizhang indicators import --dry-run writes nothing; --columns sets roles; a bad --columns exits 2', async () => {
  const dir = path.join(root, 'cli');
  expect((await tz('init', dir, '--name', '国家卫生县城')).code).toBe(0);
  const dry = await tz('indicators', 'import', dir, table, '--dry-run', '--json');
  expect(dry.code).toBe(0);
  const pv = JSON.parse(dry.out);
  expect(pv.indicators).toHaveLength(70);
  expect(pv.columns[2].role).toBe('level3');
  const text = await tz('indicators', 'import', dir, table, '--dry-run');
  expect(text.out).toContain('C 列“评价内容”→ 三级指标：43 行各有自己的分值');
  expect(text.out).toContain('    7.3.2 开展卫生应急演练（2分） [县教育局]');
  expect(text.out).toContain('未写入档案');
  expect(JSON.parse((await tz('indicators', 'list', dir, '--json')).out).indicators).toHaveLength(0);

  const set = await tz('indicators', 'import', dir, table, '--columns', 'C=requirement,D=ignored', '--json');
  expect(set.code).toBe(0);
  expect(JSON.parse(set.out).table.levels).toBe(2);
  const bad = await tz('indicators', 'import', dir, table, '--columns', 'C=标题');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--columns 中的“C=标题”无法识别');
  const sheets = await tz('indicators', 'sheets', table, '--json');
  expect(JSON.parse(sheets.out)).toEqual({ format: 'xlsx', sheets: ['评分细则'], sheet: '评分细则' });
});
