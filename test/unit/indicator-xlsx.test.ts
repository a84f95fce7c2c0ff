import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndicatorDraft, ParsedIndicatorTable } from '../../shared/indicator-types';
import { writeXlsx, type SheetSpec } from '../helpers/indicator-tables';
import { IndicatorTableError, computeScoreSums, readIndicatorWorkbook } from '../../main/indicators/xlsx-import';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-indicators-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a real .xlsx in the test folder: rows from row 1, values only in merge masters, then the merges. */
const book = (file: string, sheets: SheetSpec[]): Promise<string> => writeXlsx(join(dir, file), sheets);

const byCode = (t: ParsedIndicatorTable, code: string): IndicatorDraft => {
  const d = t.indicators.find((x) => x.code === code);
  if (!d) throw new Error(`no indicator ${code}; have ${t.indicators.map((x) => x.code).join(' ')}`);
  return d;
};
const codes = (t: ParsedIndicatorTable) => t.indicators.map((d) => d.code);

async function expectTableError(p: Promise<unknown>, ...parts: string[]): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IndicatorTableError);
  const e = err as IndicatorTableError;
  expect(e.code).toBe('BAD_TABLE');
  for (const part of parts) expect(e.message).toContain(part);
}

describe('一级指标|二级指标|三级指标|评分标准|分值|考核依据|责任单位, levels in merged cells', () => {
  let t: ParsedIndicatorTable;
  beforeAll(async () => {
    const file = await book('levels.xlsx', [
      {
        name: '测评体系',
        rows: [
          ['某某县创建全国科普示范县测评体系'],
          ['填报单位：某某县科协（盖章）'],
          ['一级指标', '二级\n指标', ' 三级 指标 ', '评分标准', '分值', '考核依据', '责任单位'],
          ['一、组织领导（20分）', '（一）领导机构', '1. 成立领导小组', '成立创建工作领导小组，印发文件', 5, '查阅文件', '县委办'],
          [null, null, '2. 召开推进会', '全年召开推进会不少于10次', '5分', '查阅会议记录'],
          [null, '（二）工作方案', null, '制定并印发创建工作方案', '10', '查阅方案'],
          [],
          ['二、宣传教育（15分）', '（一）科普活动（15分）', '1. 科普进校园', '覆盖学校不少于10所', 8, '查阅活动记录', '教育局'],
          [null, null, '2. 全国科普日', { richText: [{ text: '发放资料' }, { text: '不少于800份' }] }, 6, null, '科协'],
          ['合计', null, null, null, 35],
          ['注：1.本表总分35分；'],
          ['2.各单位于每季度末报送材料。'],
        ],
        merges: ['A1:G1', 'A2:G2', 'A4:A6', 'B4:B5', 'G4:G6', 'B6:C6', 'A8:A9', 'B8:B9', 'A10:D10', 'A11:G11', 'A12:G12'],
      },
    ]);
    t = await readIndicatorWorkbook(file);
  });

  it('finds the header below the two title rows and maps every column', () => {
    expect(t.report.sheet).toBe('测评体系');
    expect(t.report.headerRow).toBe(3);
    expect(t.report.columns).toEqual({
      一级指标: 'level1',
      二级指标: 'level2',
      三级指标: 'level3',
      评分标准: 'requirement',
      分值: 'score',
      考核依据: 'basis',
      责任单位: 'department',
    });
  });

  it('reads the tree from the merges, with codes by position and list markers stripped', () => {
    expect(codes(t)).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.2', '2', '2.1', '2.1.1', '2.1.2']);
    expect(t.indicators.map((d) => d.title)).toEqual([
      '组织领导', '领导机构', '成立领导小组', '召开推进会', '工作方案', '宣传教育', '科普活动', '科普进校园', '全国科普日',
    ]);
    expect(t.indicators.map((d) => d.level)).toEqual([1, 2, 3, 3, 2, 1, 2, 3, 3]);
    expect(t.indicators.map((d) => d.parentCode)).toEqual([null, '1', '1.1', '1.1', '1', null, '2', '2.1', '2.1']);
    expect(t.report.levels).toBe(3);
    expect(t.report.indicators).toBe(9);
  });

  it('reads scores as numbers, as "5分", as text and inside titles; an empty upper score stays empty', () => {
    expect(byCode(t, '1').score).toBe(20);
    expect(byCode(t, '1.1').score).toBeNull();
    expect(byCode(t, '1.1.1').score).toBe(5);
    expect(byCode(t, '1.1.2').score).toBe(5);
    expect(byCode(t, '1.2').score).toBe(10);
    expect(byCode(t, '2.1').score).toBe(15);
  });

  it('keeps requirement, basis and department, and parses targets from the requirement', () => {
    const meeting = byCode(t, '1.1.2');
    expect(meeting.requirement).toBe('全年召开推进会不少于10次');
    expect(meeting.basis).toBe('查阅会议记录');
    expect(meeting.target).toMatchObject({ count: 10, unit: '次' });
    expect(byCode(t, '1.1.1').target).toBeNull();
    expect(byCode(t, '2.1.1').target).toMatchObject({ count: 10, unit: '所' });
    expect(byCode(t, '2.1.2').requirement).toBe('发放资料不少于800份');
    expect(byCode(t, '2.1.2').target).toMatchObject({ count: 800, unit: '份' });
    // 二级指标 merged sideways over 三级指标: a leaf on level 2 whose requirement is its own.
    expect(byCode(t, '1.2').requirement).toBe('制定并印发创建工作方案');
    // A department merged over the whole block applies to every row in it, and to the block.
    expect(['1', '1.1', '1.1.1', '1.1.2', '1.2'].map((c) => byCode(t, c).department)).toEqual(Array(5).fill('县委办'));
    expect(byCode(t, '2.1.1').department).toBe('教育局');
    expect(byCode(t, '2.1.2').department).toBe('科协');
  });

  it('skips the 合计 and 注 rows with a reason, and empty rows silently', () => {
    expect(t.report.skipped.map((s) => s.row)).toEqual([10, 11, 12]);
    expect(t.report.skipped[0].reason).toContain('合计');
    expect(t.report.skipped[1].reason).toContain('注释');
    expect(t.report.skipped[1].text).toContain('本表总分35分');
    expect(t.report.skipped[2].reason).toContain('续');
    expect(t.report.rows).toBe(8); // 5 indicator rows + 合计 + two note rows; the empty row not counted
  });

  it('sums scores per level and names the parent that does not add up', () => {
    const [l1, l2, l3] = t.report.scoreSums;
    // 1 (20) = 1.1 (blank, its children 5 + 5) + 1.2 (10); 合计 35 = 20 + 15.
    expect(l1).toEqual({ level: 1, sum: 35, consistent: true, mismatches: [] });
    expect(l2.sum).toBe(25);
    expect(l2.consistent).toBe(false);
    expect(l2.mismatches).toEqual(['2.1 科普活动: 15 ≠ 14']);
    expect(l3).toEqual({ level: 3, sum: 24, consistent: true, mismatches: [] });
  });
});

describe('测评项目 (Ⅰ—1)|指标名称 (Ⅱ—1)|测评内容 (Ⅲ—1)|测评标准|测评方法, codes in cells', () => {
  let t: ParsedIndicatorTable;
  beforeAll(async () => {
    const file = await book('codes.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['全国科普示范县测评体系（2023年版）'],
          ['测评项目\n（Ⅰ—1）', '指标名称\n（Ⅱ—1）', '测评内容\n（Ⅲ—1）', '测评标准', '测评方法'],
          ['Ⅰ—1 组织领导', 'Ⅱ—1 领导机构', 'Ⅲ—1 成立领导小组', '成立由主要领导任组长的领导小组', '查阅资料'],
          [null, null, { richText: [{ text: 'Ⅲ—2 ' }, { text: '召开会议' }] }, '每季度至少召开1次领导小组会议', '查阅会议记录'],
          [null, 'Ⅱ－2 工作机制', 'Ⅲ－3 建立制度', '建立科普工作制度', '查阅制度文件'],
          ['Ⅰ—2 科普活动', 'Ⅱ—3 群众活动', 'Ⅲ—4 科普日', '≥ 15%的群众参与', '实地查看'],
        ],
        merges: ['A1:E1', 'A3:A5', 'B3:B4'],
      },
    ]);
    t = await readIndicatorWorkbook(file);
  });

  it('takes the codes from the cells, dashes normalised', () => {
    expect(codes(t)).toEqual(['Ⅰ-1', 'Ⅱ-1', 'Ⅲ-1', 'Ⅲ-2', 'Ⅱ-2', 'Ⅲ-3', 'Ⅰ-2', 'Ⅱ-3', 'Ⅲ-4']);
    expect(t.indicators.map((d) => d.parentCode)).toEqual([null, 'Ⅰ-1', 'Ⅱ-1', 'Ⅱ-1', 'Ⅰ-1', 'Ⅱ-2', null, 'Ⅰ-2', 'Ⅱ-3']);
    expect(byCode(t, 'Ⅲ-2').title).toBe('召开会议');
    expect(byCode(t, 'Ⅰ-1').title).toBe('组织领导');
  });

  it('uses 测评内容 as the third level when 测评标准 is the requirement and 测评方法 the basis', () => {
    expect(t.report.headerRow).toBe(2);
    expect(t.report.levels).toBe(3);
    expect(Object.entries(t.report.columns)).toEqual([
      ['测评项目（Ⅰ—1）', 'level1'],
      ['指标名称（Ⅱ—1）', 'level2'],
      ['测评内容（Ⅲ—1）', 'level3'],
      ['测评标准', 'requirement'],
      ['测评方法', 'basis'],
    ]);
    const leaf = byCode(t, 'Ⅲ-2');
    expect(leaf.requirement).toBe('每季度至少召开1次领导小组会议');
    expect(leaf.basis).toBe('查阅会议记录');
    expect(leaf.target).toMatchObject({ count: 4, unit: '次' });
    expect(byCode(t, 'Ⅲ-4').target).toMatchObject({ count: 15, unit: '%' });
  });

  it('has no scores to invent', () => {
    expect(t.indicators.every((d) => d.score === null)).toBe(true);
    expect(t.report.scoreSums.map((s) => s.sum)).toEqual([0, 0, 0]);
  });
});

describe('分类|序号|测评内容|考核依据|分值|得分', () => {
  let t: ParsedIndicatorTable;
  beforeAll(async () => {
    const file = await book('category.xlsx', [
      {
        name: '指标',
        rows: [
          ['附件1'],
          ['科普示范县创建测评细则'],
          ['分类', '序号', '测评内容', '考核依据', '分值', '得分'],
          ['一、组织管理（10分）', 1, '成立科普工作领导小组', '查阅文件', '3分', 3],
          [null, 2, '每年召开科普工作会议不少于2次', '查阅会议记录', { formula: '1+2', result: 3 }, 2],
          [null, 3, '科普经费\n纳入财政预算', '查阅预算', 4, 4],
          ['二、宣传活动', 4, '开展科普活动10次以上', '查阅活动记录', 5],
          [null, 5, '发放科普资料不少于1000份', '查阅发放记录', 5],
          ['合计', null, null, null, 20],
        ],
        merges: ['A4:A6', 'A7:A8', 'A9:D9'],
      },
    ]);
    t = await readIndicatorWorkbook(file);
  });

  it('makes 测评内容 the second level (it varies under one 分类) and also its requirement', () => {
    expect(t.report.levels).toBe(2);
    expect(t.report.columns).toEqual({
      分类: 'level1',
      序号: 'code',
      测评内容: 'level2+requirement',
      考核依据: 'basis',
      分值: 'score',
      得分: 'ignored',
    });
    expect(byCode(t, '1').title).toBe('组织管理');
    expect(byCode(t, '1.2').title).toBe('每年召开科普工作会议不少于2次');
    expect(byCode(t, '1.2').requirement).toBe('每年召开科普工作会议不少于2次');
    expect(byCode(t, '1.2').target).toMatchObject({ count: 2, unit: '次' });
    expect(byCode(t, '1.3').title).toBe('科普经费纳入财政预算');
  });

  it('takes the 序号 as the number of each item under its category', () => {
    expect(codes(t)).toEqual(['1', '1.1', '1.2', '1.3', '2', '2.4', '2.5']);
    expect(byCode(t, '2.4').target).toMatchObject({ count: 10, unit: '次' });
    expect(byCode(t, '2.5').target).toMatchObject({ count: 1000, unit: '份' });
    expect(byCode(t, '2.5').parentCode).toBe('2');
  });

  it('reads text, formula and number scores, ignores 得分, and checks the 合计', () => {
    expect(t.indicators.map((d) => d.score)).toEqual([10, 3, 3, 4, null, 5, 5]);
    expect(t.report.skipped).toEqual([{ row: 9, reason: '合计行，不是指标', text: '合计 | 20' }]);
    // 二、宣传活动 has no score; its items (5 + 5) count towards the 合计.
    expect(t.report.scoreSums[0]).toEqual({ level: 1, sum: 10, consistent: true, mismatches: [] });
  });
});

describe('序号|考核内容|分值|依据, flat', () => {
  let t: ParsedIndicatorTable;
  beforeAll(async () => {
    const file = await book('flat.xlsx', [
      {
        name: '考核表',
        rows: [
          ['2023年度科普工作考核表'],
          ['序号', '考核内容', '分值', '依据'],
          ['1', '制定年度科普工作计划', '10分', '查阅计划'],
          [2, '举办科普讲座不少于4场', '20', '查阅讲座记录'],
          [3, '科普宣传栏不少于5处', 30, '实地查看'],
          [4, '开展全国科普日活动', '40分', ''],
          ['总  分', null, '90'],
          ['说明：本表由县科协负责解释。'],
        ],
        merges: ['A1:D1', 'A8:D8'],
      },
    ]);
    t = await readIndicatorWorkbook(file);
  });

  it('is one level with the table numbers as codes', () => {
    expect(t.report.levels).toBe(1);
    expect(codes(t)).toEqual(['1', '2', '3', '4']);
    expect(t.indicators.every((d) => d.parentCode === null && d.level === 1)).toBe(true);
    expect(t.indicators.map((d) => d.score)).toEqual([10, 20, 30, 40]);
    expect(byCode(t, '2').title).toBe('举办科普讲座不少于4场');
    expect(byCode(t, '2').target).toMatchObject({ count: 4, unit: '场' });
    expect(byCode(t, '3').target).toMatchObject({ count: 5, unit: '处' });
    expect(byCode(t, '1').basis).toBe('查阅计划');
  });

  it('reports a 合计 that does not match the scores', () => {
    expect(t.report.skipped.map((s) => [s.row, s.reason])).toEqual([
      [7, '合计行，不是指标'],
      [8, '注释或说明行，不是指标'],
    ]);
    expect(t.report.scoreSums).toEqual([{ level: 1, sum: 100, consistent: false, mismatches: ['合计: 90 ≠ 100'] }]);
  });
});

describe('four levels with a score merged over a block', () => {
  let t: ParsedIndicatorTable;
  beforeAll(async () => {
    const file = await book('four.xlsx', [
      {
        name: '四级',
        rows: [
          ['一级指标', '二级指标', '三级指标', '四级指标', '分值', '责任单位'],
          ['基础工作', '组织建设', '领导小组', '成立小组', 2, '科协'],
          [null, null, '工作制度', '制定制度', 3],
          [null, '人才队伍', '队伍建设', '志愿者队伍', 6],
          [null, null, null, '专家队伍'],
        ],
        merges: ['A2:A5', 'B2:B3', 'B4:B5', 'C4:C5', 'E4:E5', 'F2:F5'],
      },
    ]);
    t = await readIndicatorWorkbook(file);
  });

  it('reads four levels', () => {
    expect(t.report.headerRow).toBe(1);
    expect(t.report.levels).toBe(4);
    expect(codes(t)).toEqual(['1', '1.1', '1.1.1', '1.1.1.1', '1.1.2', '1.1.2.1', '1.2', '1.2.1', '1.2.1.1', '1.2.1.2']);
    expect(byCode(t, '1.2.1.2').parentCode).toBe('1.2.1');
    expect(byCode(t, '1.2.1.2').level).toBe(4);
  });

  it('gives a score merged over two rows to the indicator spanning them, once', () => {
    expect(byCode(t, '1.2.1').score).toBe(6);
    expect(byCode(t, '1.2.1.1').score).toBeNull();
    expect(byCode(t, '1.2.1.2').score).toBeNull();
    expect(byCode(t, '1.1.1.1').score).toBe(2);
    expect(t.report.scoreSums.map((s) => s.sum)).toEqual([0, 0, 6, 5]);
  });

  it('spreads a merged department over the rows it covers', () => {
    expect(t.indicators.every((d) => d.department === '科协')).toBe(true);
  });
});

describe('synonyms, header spellings, fill-down and repeated headers', () => {
  it('reads 项目|内容|要求|标 准 分|牵头\\n单位|备注', async () => {
    const file = await book('synonyms.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['项目', '内容', '要求', '标 准 分', '牵头\n单位', '备注'],
          ['组织保障', '成立机构', '成立科普工作领导小组', 5, '科协', '无'],
          [null, '保障经费', '人均科普经费不低于1元', 5, '财政局'],
        ],
        merges: ['A2:A3'],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(t.report.columns).toEqual({
      项目: 'level1',
      内容: 'level2',
      要求: 'requirement',
      标准分: 'score',
      牵头单位: 'department',
      备注: 'ignored',
    });
    expect(codes(t)).toEqual(['1', '1.1', '1.2']);
    expect(byCode(t, '1.2').requirement).toBe('人均科普经费不低于1元');
    expect(byCode(t, '1.2').department).toBe('财政局');
    expect(byCode(t, '1.1').basis).toBe('');
    expect(byCode(t, '1').score).toBeNull();
  });

  it('reads 考核项目|指标名称|评分细则|分数|责任部门 without merges, filling the category down and skipping a repeated header', async () => {
    const file = await book('unmerged.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['考核项目', '指标名称', '评分细则', '分数', '责任部门'],
          ['1.组织领导', '1.1 领导小组', '成立领导小组得2分', 2, '办公室'],
          [null, '1.2 会议', '召开会议不少于3次', 3, '办公室'],
          ['考核项目', '指标名称', '评分细则', '分数', '责任部门'],
          ['2.宣传', '2.1 宣传栏', '设置宣传栏不少于2块', 5, '宣传部'],
          ['2.宣传', '2.2 报道', '媒体报道不少于2篇', 5, '宣传部'],
        ],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(codes(t)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
    expect(t.indicators.map((d) => d.title)).toEqual(['组织领导', '领导小组', '会议', '宣传', '宣传栏', '报道']);
    expect(byCode(t, '1.2').parentCode).toBe('1');
    expect(byCode(t, '2.2').parentCode).toBe('2');
    expect(byCode(t, '2.1').target).toMatchObject({ count: 2, unit: '块' });
    expect(t.report.skipped).toEqual([{ row: 4, reason: '重复的表头行', text: '考核项目 | 指标名称 | 评分细则 | 分数 | 责任部门' }]);
  });

  it('reads a two-row header where 测评指标 spans the level columns', async () => {
    const file = await book('two-row-header.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['序号', '测评指标', null, null, '评分标准', '分值'],
          [null, '一级指标', '二级指标', '三级指标'],
          [1, '组织领导', '领导机构', '成立领导小组', '成立小组', 4],
          [2, null, null, '明确专人', '配备专职人员不少于2名', 4],
        ],
        merges: ['A1:A2', 'B1:D1', 'E1:E2', 'F1:F2', 'B3:B4', 'C3:C4'],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(t.report.headerRow).toBe(2);
    expect(t.report.levels).toBe(3);
    expect(codes(t)).toEqual(['1', '1.1', '1.1.1', '1.1.2']);
    expect(byCode(t, '1.1.2').target).toMatchObject({ count: 2, unit: '名' });
    expect(byCode(t, '1.1.2').score).toBe(4);
  });

  it('takes full-width merged rows inside the data as sections above a flat list', async () => {
    const file = await book('sections.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['序号', '考核内容', '分值'],
          ['一、组织领导（20分）'],
          [1, '成立领导小组', 10],
          [2, '召开会议不少于2次', 10],
          ['二、宣传教育（10分）'],
          [3, '开展宣传活动', 10],
        ],
        merges: ['A2:C2', 'A5:C5'],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(codes(t)).toEqual(['1', '1.1', '1.2', '2', '2.3']);
    expect(t.indicators.map((d) => [d.title, d.score, d.level])).toEqual([
      ['组织领导', 20, 1],
      ['成立领导小组', 10, 2],
      ['召开会议不少于2次', 10, 2],
      ['宣传教育', 10, 1],
      ['开展宣传活动', 10, 2],
    ]);
    expect(t.report.scoreSums[0].consistent).toBe(true);
  });
});

describe('details', () => {
  it('keeps full-width punctuation in titles while stripping markers and score notes', async () => {
    const file = await book('punct.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['一级指标', '二级指标', '分值'],
          ['一、加强组织领导，全面部署（20分）', '（一）成立“领导小组”', 20],
        ],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(byCode(t, '1').title).toBe('加强组织领导，全面部署');
    expect(byCode(t, '1').score).toBe(20);
    expect(byCode(t, '1.1').title).toBe('成立“领导小组”');
  });

  it('reads 考核内容 as the requirement when each 二级指标 has just one', async () => {
    const file = await book('content-req.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['一级指标', '二级指标', '考核内容', '分值'],
          ['组织领导', '领导小组', '成立领导小组', 5],
          [null, '工作会议', '召开会议不少于4次', 5],
        ],
        merges: ['A2:A3'],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(t.report.levels).toBe(2);
    expect(t.report.columns['考核内容']).toBe('requirement');
    expect(codes(t)).toEqual(['1', '1.1', '1.2']);
    expect(byCode(t, '1.2').title).toBe('工作会议');
    expect(byCode(t, '1.2').requirement).toBe('召开会议不少于4次');
    expect(byCode(t, '1.2').target).toMatchObject({ count: 4, unit: '次' });
  });

  it('falls back to a positional code when the table repeats one', async () => {
    const file = await book('repeat-codes.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['指标名称', '测评内容', '测评标准'],
          ['Ⅱ—1 机构', 'Ⅲ—1 成立小组', '成立'],
          ['Ⅱ—2 制度', 'Ⅲ—1 建立制度', '建立'],
        ],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(codes(t)).toEqual(['Ⅱ-1', 'Ⅲ-1', 'Ⅱ-2', 'Ⅱ-2-1']);
    expect(new Set(codes(t)).size).toBe(4);
    expect(byCode(t, 'Ⅱ-2-1').title).toBe('建立制度');
  });

  it('attaches a row without a title to the indicator above it', async () => {
    const file = await book('continuation.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['指标名称', '评分标准', '分值'],
          ['科普活动', '开展科普活动不少于6次', 3],
          [null, '每次活动有照片和记录', 2],
          ['科普阵地', '建设科普馆', 5],
        ],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(codes(t)).toEqual(['1', '2']);
    expect(byCode(t, '1').requirement).toBe('开展科普活动不少于6次\n每次活动有照片和记录');
    expect(byCode(t, '1').score).toBe(5);
    expect(byCode(t, '1').target).toMatchObject({ count: 6, unit: '次' });
  });
});

describe('choosing the sheet', () => {
  let file: string;
  beforeAll(async () => {
    file = await book('sheets.xlsx', [
      { name: '填表说明', rows: [['本表用于创建工作自查'], ['请各单位认真填写']] },
      { name: '指标', rows: [['序号', '考核内容', '分值'], [1, '召开会议不少于2次', 5]] },
    ]);
  });

  it('uses the first sheet that parses', async () => {
    const t = await readIndicatorWorkbook(file);
    expect(t.report.sheet).toBe('指标');
    expect(t.indicators).toHaveLength(1);
  });

  it('reads a named sheet and names the sheets there are when it is missing', async () => {
    const t = await readIndicatorWorkbook(file, { sheet: '指标' });
    expect(t.indicators[0].title).toBe('召开会议不少于2次');
    await expectTableError(readIndicatorWorkbook(file, { sheet: '测评体系' }), '测评体系', '“填表说明”、“指标”');
    await expectTableError(readIndicatorWorkbook(file, { sheet: '填表说明' }), '未找到表头', '一级指标');
  });
});

describe('what is not an indicator table', () => {
  it('says why a sheet with nothing recognisable cannot be read and what it looked for', async () => {
    const file = await book('nothing.xlsx', [
      { name: 'Sheet1', rows: [['会议签到表'], ['姓名', '单位', '电话'], ['张三', '科协', '123']] },
    ]);
    await expectTableError(readIndicatorWorkbook(file), '未找到表头', '前 15 行', '指标名称', '测评内容', '考核内容');
  });

  it('lists the header cells it did not recognise as ignored', async () => {
    const file = await book('unknown-col.xlsx', [
      { name: 'Sheet1', rows: [['序号', '考核内容', '分值', '联系人'], [1, '召开会议', 5, '张三']] },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(t.report.columns).toEqual({ 序号: 'code', 考核内容: 'level1+requirement', 分值: 'score', 联系人: 'ignored' });
    expect(t.indicators[0].basis).toBe('');
  });

  it('says when the header has no column that names indicators', async () => {
    const file = await book('no-title.xlsx', [{ name: 'Sheet1', rows: [['序号', '分值', '得分'], [1, 5, 5]] }]);
    await expectTableError(readIndicatorWorkbook(file), '没有指标名称列', '序号、分值、得分');
  });

  it('says when the header has no rows below it', async () => {
    const file = await book('header-only.xlsx', [{ name: 'Sheet1', rows: [['一级指标', '二级指标', '分值']] }]);
    await expectTableError(readIndicatorWorkbook(file), '下面没有指标行');
  });

  it('refuses an old .xls and asks to save as .xlsx', async () => {
    const file = join(dir, 'old.xls');
    await writeFile(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    await expectTableError(readIndicatorWorkbook(file), '.xls', '另存为 .xlsx');
  });

  it('refuses a CSV renamed .xlsx', async () => {
    const file = join(dir, 'table.xlsx');
    await writeFile(file, '序号,考核内容,分值\n1,召开会议,5\n', 'utf8');
    await expectTableError(readIndicatorWorkbook(file), 'CSV', '另存为 .xlsx');
  });

  it('refuses garbage and a damaged workbook', async () => {
    const garbage = join(dir, 'garbage.xlsx');
    await writeFile(garbage, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    await expectTableError(readIndicatorWorkbook(garbage), '不是 xlsx', '另存为 .xlsx');

    const good = await book('good.xlsx', [{ name: 'Sheet1', rows: [['序号', '考核内容'], [1, '召开会议']] }]);
    const bytes = await readFile(good);
    const damaged = join(dir, 'damaged.xlsx');
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectTableError(readIndicatorWorkbook(damaged), '不是可读取的 xlsx');
  });

  it('says when the file is not there', async () => {
    await expectTableError(readIndicatorWorkbook(join(dir, 'missing.xlsx')), '找不到文件');
  });
});

describe('computeScoreSums', () => {
  const d = (code: string, score: number | null, parentCode: string | null, level: number): IndicatorDraft => ({
    code, title: `T${code}`, requirement: '', score, basis: '', department: '', target: null, level, parentCode,
  });

  it('compares scored parents with their children and skips parents whose children have no scores', () => {
    const sums = computeScoreSums([d('1', 10, null, 1), d('1.1', 4, '1', 2), d('1.2', 4, '1', 2), d('2', 5, null, 1), d('2.1', null, '2', 2)]);
    expect(sums[0]).toEqual({ level: 1, sum: 15, consistent: false, mismatches: ['1 T1: 10 ≠ 8'] });
    expect(sums[1]).toEqual({ level: 2, sum: 8, consistent: true, mismatches: [] });
  });
});
