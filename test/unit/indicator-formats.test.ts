import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { readIndicatorFile } from '../../main/indicators/template-json';
import { previewIndicatorFile } from '../../main/indicators/preview';
import { IndicatorTableError } from '../../main/indicators/xlsx-import';
import { writeDocxFile } from '../helpers/docx';
import { cellText, docxTableXml, encodeGbk, mergeBoxes, weishengTable, writeXlsx, type SheetSpec } from '../helpers/indicator-tables';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function writeXls(file: string, sheets: SheetSpec[], bookType: XLSX.BookType = 'biff8'): string {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows.map((r) => r.map((v) => (typeof v === 'number' ? v : v == null ? null : cellText(v)))));
    ws['!merges'] = mergeBoxes(s.merges).map((b) => ({ s: { r: b.top - 1, c: b.left - 1 }, e: { r: b.bottom - 1, c: b.right - 1 } }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  XLSX.writeFile(wb, file, { bookType });
  return file;
}

const writeDocx = (file: string, documentXml: string): Promise<string> => writeDocxFile(file, documentXml);

const SMALL: SheetSpec = {
  name: '指标',
  rows: [
    ['测评细则'],
    ['一级指标', '二级指标', '评分标准', '分值', '责任单位'],
    ['组织领导（10分）', '领导小组', '成立领导小组，印发文件', 4, '县委办'],
    [null, '工作会议', '每季度至少召开1次会议', 6, '县科协'],
    ['科普活动（10分）', '科普日', '开展科普活动不少于10次', 10, '县科协、县教育局'],
    ['合计', null, null, 20],
  ],
  merges: ['A1:E1', 'A3:A4', 'A6:C6'],
};

function expectSmall(t: Awaited<ReturnType<typeof readIndicatorFile>>): void {
  expect(t.indicators.map((d) => [d.code, d.title, d.score])).toEqual([
    ['1', '组织领导', 10],
    ['1.1', '领导小组', 4],
    ['1.2', '工作会议', 6],
    ['2', '科普活动', 10],
    ['2.1', '科普日', 10],
  ]);
  expect(t.indicators[2].requirement).toBe('每季度至少召开1次会议');
  expect(t.indicators[4].target).toMatchObject({ count: 10, unit: '次' });
  expect(t.report.skipped.map((s) => s.reason)).toEqual(['合计行，不是指标']);
}

describe('old Excel (.xls) and WPS (.et)', () => {
  it('reads a BIFF8 .xls with its merges like the .xlsx', async () => {
    const t = await readIndicatorFile(writeXls(join(dir, 'small.xls'), [{ name: '封面', rows: [['说明']] }, SMALL]));
    expect(t.format).toBe('xls');
    expect(t.sheets).toEqual(['封面', '指标']);
    expect(t.report.sheet).toBe('指标');
    expectSmall(t);
  });

  it('reads the issue 10 table as .xls: 43 lowest-level indicators', async () => {
    const t = await readIndicatorFile(writeXls(join(dir, 'weisheng.xls'), [weishengTable().spec]));
    expect(t.indicators.filter((d) => d.level === 3)).toHaveLength(43);
    expect(t.indicators.find((d) => d.code === '7.3.2')?.requirement).toBe('每年开展卫生应急演练不少于2次');
  });

  it('reads a WPS .et (a BIFF workbook under another name)', async () => {
    const t = await readIndicatorFile(writeXls(join(dir, 'small.et'), [SMALL]));
    expect(t.format).toBe('xls');
    expectSmall(t);
  });

  it('refuses a damaged OLE file, asking to save it again', async () => {
    const file = join(dir, 'broken.xls');
    await writeFile(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const err = await readIndicatorFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndicatorTableError);
    expect((err as Error).message).toMatch(/另存为 \.xlsx/);
  });
});

describe('CSV', () => {
  const csvRows = [
    ['一级指标', '二级指标', '评分标准', '分值', '责任单位'],
    ['组织领导（10分）', '领导小组', '成立领导小组，印发文件', '4', '县委办'],
    ['', '工作会议', '每季度至少召开1次会议', '6', '县科协'],
    ['科普活动（10分）', '科普日', '开展科普活动不少于10次\n并留存照片', '10', '县科协、县教育局'],
    ['合计', '', '', '20', ''],
  ];
  const quote = (s: string) => (/[",\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

  it('reads UTF-8 with a BOM, quoted fields with commas and line breaks', async () => {
    const file = join(dir, 'small.csv');
    await writeFile(file, '\uFEFF' + csvRows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
    const t = await readIndicatorFile(file);
    expect(t.format).toBe('csv');
    expect(t.indicators.map((d) => d.code)).toEqual(['1', '1.1', '1.2', '2', '2.1']);
    expect(t.indicators[1].requirement).toBe('成立领导小组，印发文件');
    expect(t.indicators[4].requirement).toBe('开展科普活动不少于10次\n并留存照片');
    expect(t.indicators[4].department).toBe('县科协、县教育局');
  });

  it('reads GBK (what Excel saves on Chinese Windows), tab separated', async () => {
    const file = join(dir, 'gbk.csv');
    await writeFile(file, encodeGbk(csvRows.map((r) => r.map(quote).join('\t')).join('\r\n')));
    const t = await readIndicatorFile(file);
    expect(t.indicators.map((d) => d.title)).toEqual(['组织领导', '领导小组', '工作会议', '科普活动', '科普日']);
    expect(t.indicators[2].target).toMatchObject({ count: 4 });
  });
});

describe('a table inside a Word document', () => {
  it('reads the first table that is an indicator table, merged cells as in Excel', async () => {
    const notes = docxTableXml([['填报单位', '某某县'], ['联系人', '张三']]);
    const table = docxTableXml(SMALL.rows.slice(1), ['A2:A3', 'A5:C5']);
    // Two tables in one body: a contacts table first, then the indicators.
    const body = notes.replace('</w:body></w:document>', '') + table.replace(/^.*?<w:body>/, '<w:p><w:r><w:t>附件：测评细则</w:t></w:r></w:p>');
    const t = await readIndicatorFile(await writeDocx(join(dir, 'table.docx'), body));
    expect(t.format).toBe('docx');
    expect(t.sheets).toEqual(['表格1', '表格2']);
    expect(t.report.sheet).toBe('表格2');
    expectSmall(t);
  });

  it('reads the issue 10 table from Word with gridSpan and vMerge', async () => {
    const { spec } = weishengTable();
    const xml = docxTableXml(spec.rows.slice(2), spec.merges!.filter((m) => !/^A1:|^A2:/.test(m)).map((m) => m.replace(/\d+/g, (n) => String(Number(n) - 2))), ['国家卫生县城评分细则']);
    const pv = await previewIndicatorFile(await writeDocx(join(dir, 'weisheng.docx'), xml));
    expect(pv.format).toBe('docx');
    expect(pv.indicators.filter((d) => d.level === 3)).toHaveLength(43);
    expect(pv.columns.find((c) => c.letter === 'C')?.role).toBe('level3');
    expect(pv.indicators.find((d) => d.code === '7.3.2')?.department).toBe('县教育局');
  });

  it('says when a Word file has no table', async () => {
    const file = await writeDocx(join(dir, 'none.docx'), docxTableXml([['x']]).replace(/<w:tbl>.*<\/w:tbl>/, '<w:p/>'));
    await expect(readIndicatorFile(file)).rejects.toThrow('中没有表格');
  });
});

describe('what is still refused, and the best guess', () => {
  it('refuses a staff roster and an empty sheet with what was looked for, in the preview too', async () => {
    const roster = await writeXlsx(join(dir, 'roster.xlsx'), [{ name: '通讯录', rows: [['姓名', '电话'], ['张三', '123']] }]);
    await expect(previewIndicatorFile(roster)).rejects.toThrow(/未找到表头.*一级指标/);
    const empty = await writeXlsx(join(dir, 'empty.xlsx'), [{ name: 'Sheet1', rows: [] }]);
    await expect(previewIndicatorFile(empty)).rejects.toThrow('是空的');
  });

  it('previews a table without a name column with its best guess and says which column it is unsure of', async () => {
    const file = await writeXlsx(join(dir, 'guess.xlsx'), [
      { name: 'Sheet1', rows: [['序号', '清单', '分值'], [1, '成立领导小组', 5], [2, '召开会议不少于2次', 5]] },
    ]);
    // The import itself still refuses: the clerk confirms the guess in the preview first.
    await expect(readIndicatorFile(file)).rejects.toThrow('没有指标名称列');
    const pv = await previewIndicatorFile(file);
    expect(pv.indicators.map((d) => d.title)).toEqual(['成立领导小组', '召开会议不少于2次']);
    expect(pv.columns[1]).toMatchObject({ letter: 'B', role: 'level1', unsure: true });
    expect(pv.unsure).toEqual([expect.stringMatching(/^B 列“清单”：表头中没有指标名称列/)]);
    // Confirming it is one role given: the import then reads it.
    const set = await readIndicatorFile(file, { columns: { B: 'level1' } });
    expect(set.indicators).toHaveLength(2);
  });
});
