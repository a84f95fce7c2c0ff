import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import type { IndicatorDraft, IndicatorTemplate } from '../../shared/indicator-types';
import {
  draftsToTemplate,
  readIndicatorFile,
  readTemplateFile,
  templateToDrafts,
  validateTemplate,
} from '../../main/indicators/template-json';
import { IndicatorTableError } from '../../main/indicators/xlsx-import';

const SHIPPED = join(__dirname, '../../assets/templates/kepu-shifan-xian.json');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-template-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  return path;
}

async function expectTableError(p: Promise<unknown> | (() => unknown), ...parts: string[]): Promise<void> {
  let err: unknown = null;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(IndicatorTableError);
  expect((err as IndicatorTableError).code).toBe('BAD_TABLE');
  for (const part of parts) expect((err as Error).message).toContain(part);
}

const base = (indicators: unknown): unknown => ({ format: 'taizhang-indicators', version: 1, name: '测试', indicators });

describe('templateToDrafts', () => {
  const t: IndicatorTemplate = {
    format: 'taizhang-indicators',
    version: 1,
    name: '示例',
    indicators: [
      {
        title: '组织领导',
        score: 10,
        children: [
          { title: '领导小组', requirement: '成立领导小组', score: 4, department: '办公室' },
          { title: '推进会', requirement: '全年召开推进会不少于10次', score: 6 },
          { title: '宣传', requirement: '发放资料不少于200份', target: null },
          { title: '培训', requirement: '举办培训', target: { count: 3, unit: '次' } },
        ],
      },
      { code: 'Ⅱ', title: '宣传教育', children: [{ title: '报道' }, { code: 'X9', title: '专栏' }] },
    ],
  };
  const drafts = templateToDrafts(t);

  it('gives codes by position where the template has none, and keeps the ones it has', () => {
    expect(drafts.map((d) => d.code)).toEqual(['1', '1.1', '1.2', '1.3', '1.4', 'Ⅱ', 'Ⅱ-1', 'X9']);
    expect(drafts.map((d) => d.parentCode)).toEqual([null, '1', '1', '1', '1', null, 'Ⅱ', 'Ⅱ']);
    expect(drafts.map((d) => d.level)).toEqual([1, 2, 2, 2, 2, 1, 2, 2]);
  });

  it('parses targets from the requirement unless the template gives one or says null', () => {
    expect(drafts[2].target).toMatchObject({ count: 10, unit: '次' });
    expect(drafts[1].target).toBeNull();
    expect(drafts[3].target).toBeNull();
    expect(drafts[4].target).toMatchObject({ count: 3, unit: '次' });
  });

  it('fills the fields a template leaves out', () => {
    expect(drafts[6]).toEqual({
      code: 'Ⅱ-1', title: '报道', requirement: '', score: null, basis: '', department: '', target: null, level: 2, parentCode: 'Ⅱ',
    });
    expect(drafts[1].department).toBe('办公室');
  });

  it('refuses duplicate codes', () => {
    const dup: IndicatorTemplate = { ...t, indicators: [{ title: 'A', children: [{ code: '1', title: 'B' }] }] };
    expect(() => templateToDrafts(dup)).toThrow('指标编号重复：1');
  });
});

describe('draftsToTemplate', () => {
  const drafts: IndicatorDraft[] = [
    { code: 'Ⅰ-1', title: '组织领导', requirement: '', score: 20, basis: '', department: '办公室', target: null, level: 1, parentCode: null },
    { code: 'Ⅱ-1', title: '会议', requirement: '召开会议不少于4次', score: 20, basis: '查阅记录', department: '', target: { count: 4, unit: '次' }, level: 2, parentCode: 'Ⅰ-1' },
    { code: 'Ⅱ-2', title: '资料', requirement: '发放资料不少于100份', score: null, basis: '', department: '', target: null, level: 2, parentCode: 'Ⅰ-1' },
    { code: 'Ⅱ-3', title: '培训', requirement: '举办培训', score: null, basis: '', department: '', target: { count: 2, unit: '次' }, level: 2, parentCode: 'Ⅰ-1' },
  ];

  it('nests the drafts and gives them back unchanged', () => {
    const t = draftsToTemplate('导入的指标', drafts, 'table.xlsx');
    expect(t.format).toBe('taizhang-indicators');
    expect(t.version).toBe(1);
    expect(t.name).toBe('导入的指标');
    expect(t.source).toBe('table.xlsx');
    expect(t.indicators).toHaveLength(1);
    expect(t.indicators[0].children?.map((c) => c.code)).toEqual(['Ⅱ-1', 'Ⅱ-2', 'Ⅱ-3']);
    expect(templateToDrafts(t)).toEqual(drafts);
  });

  it('writes a target only where it differs from the requirement', () => {
    const [meeting, leaflets, training] = draftsToTemplate('x', drafts).indicators[0].children ?? [];
    expect('target' in meeting).toBe(false);
    expect(leaflets.target).toBeNull();
    expect(training.target).toMatchObject({ count: 2, unit: '次' });
    expect('source' in draftsToTemplate('x', drafts)).toBe(false);
  });
});

describe('validateTemplate and readTemplateFile', () => {
  it.each([
    [{ format: 'other', version: 1, name: 'x', indicators: [{ title: 'a' }] }, '不是创建台账的指标模板'],
    [[1, 2], '不是创建台账的指标模板'],
    [{ format: 'taizhang-indicators', version: 2, name: 'x', indicators: [{ title: 'a' }] }, '请升级'],
    [{ format: 'taizhang-indicators', name: 'x', indicators: [{ title: 'a' }] }, 'version'],
    [{ format: 'taizhang-indicators', version: 1, name: ' ', indicators: [{ title: 'a' }] }, '名称'],
    [base([]), '没有指标'],
    [base([{ title: 'a', children: [{ title: 'b' }, { title: '' }] }]), '位置 1.2 的指标没有标题'],
    [base([{ title: 'a', score: '5' }]), '“a”的分值（score）应为数字'],
    [base([{ title: 'a', target: { count: 0, unit: '次' } }]), '目标（target）'],
    [base([{ title: 'a', children: {} }]), 'children 应为数组'],
    [base([{ title: 'a', requirement: 5 }]), 'requirement 应为文字'],
    [base(['a']), '不是对象'],
  ])('refuses %j with a message about %s', (json, part) => {
    expect(() => validateTemplate(json, 't.json')).toThrow(part);
    expect(() => validateTemplate(json, 't.json')).toThrow(IndicatorTableError);
  });

  it('reads a file with a BOM and refuses broken JSON and duplicate codes', async () => {
    const ok = await writeJson('ok.json', `\uFEFF${JSON.stringify(base([{ title: '甲', requirement: '不少于2次' }]))}`);
    const t = await readTemplateFile(ok);
    expect(t.name).toBe('测试');
    expect(t.drafts[0].target).toMatchObject({ count: 2, unit: '次' });

    await expectTableError(readTemplateFile(await writeJson('broken.json', '{"format": ')), '不是有效的 JSON');
    const dup = await writeJson('dup.json', base([{ code: 'A', title: '甲' }, { code: 'A', title: '乙' }]));
    await expectTableError(readTemplateFile(dup), '编号重复：A', '“甲”和“乙”');
    await expectTableError(readTemplateFile(join(dir, 'none.json')), '找不到文件');
  });
});

describe('readIndicatorFile', () => {
  it('dispatches on content: a JSON template whatever its name, with a simple report', async () => {
    const path = await writeJson('template.txt', base([{ title: '甲', score: 5, children: [{ title: '乙', score: 3 }] }]));
    const parsed = await readIndicatorFile(path);
    expect(parsed.templateName).toBe('测试');
    expect(parsed.indicators.map((d) => d.code)).toEqual(['1', '1.1']);
    expect(parsed.report.levels).toBe(2);
    expect(parsed.report.indicators).toBe(2);
    expect(parsed.report.skipped).toEqual([]);
    expect(parsed.report.scoreSums[0]).toEqual({ level: 1, sum: 5, consistent: false, mismatches: ['1 甲: 5 ≠ 3'] });
  });

  it('reads an xlsx even when it is named .json', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['序号', '考核内容', '分值']);
    ws.addRow([1, '召开会议不少于2次', 5]);
    const path = join(dir, 'table.json');
    await wb.xlsx.writeFile(path);
    const parsed = await readIndicatorFile(path, { sheet: '表' });
    expect(parsed.templateName).toBeUndefined();
    expect(parsed.report.sheet).toBe('表');
    expect(parsed.indicators[0].target).toMatchObject({ count: 2, unit: '次' });
  });

  it('reads a JSON array as JSON and says it is not a template', async () => {
    const path = await writeJson('array.json', '[{"title": "甲"}]');
    await expectTableError(readIndicatorFile(path), '不是创建台账的指标模板');
  });

  it('reads a CSV table (no longer refused: CSV is one of the formats)', async () => {
    const path = await writeJson('table.csv', '序号,考核内容\n1,会议\n');
    const parsed = await readIndicatorFile(path);
    expect(parsed.format).toBe('csv');
    expect(parsed.indicators.map((d) => d.title)).toEqual(['会议']);
  });
});

describe('the shipped template 全国科普示范县创建（示例指标体系）', () => {
  let drafts: IndicatorDraft[];
  beforeAll(async () => {
    const t = await readTemplateFile(SHIPPED);
    expect(t.name).toBe('全国科普示范县创建（示例指标体系）');
    drafts = t.drafts;
  });
  const find = (title: string): IndicatorDraft => {
    const d = drafts.find((x) => x.title === title);
    if (!d) throw new Error(`no indicator ${title}`);
    return d;
  };

  it('has the three parts of the report as level 1 and their 一是/二是/三是 as level 2', () => {
    expect(drafts.filter((d) => d.level === 1).map((d) => d.title)).toEqual([
      '加强组织领导，全面部署创建工作',
      '突出工作重点，深入开展创建工作',
      '强化学习宣传，营造浓厚创建工作氛围',
    ]);
    expect(drafts.filter((d) => d.level === 2)).toHaveLength(9);
    expect(drafts.every((d) => d.level === 3 || drafts.some((c) => c.parentCode === d.code))).toBe(true);
    expect(Math.max(...drafts.map((d) => d.level))).toBe(3);
  });

  it('scores 100 in all and every parent equals the sum of its children', async () => {
    const parsed = await readIndicatorFile(SHIPPED);
    expect(parsed.report.scoreSums).toEqual([
      { level: 1, sum: 100, consistent: true, mismatches: [] },
      { level: 2, sum: 100, consistent: true, mismatches: [] },
      { level: 3, sum: 100, consistent: true, mismatches: [] },
    ]);
    expect(drafts.every((d) => d.score !== null && d.department !== '')).toBe(true);
  });

  it('gives every level-3 indicator that says 不少于 a target', () => {
    const quantified = drafts.filter((d) => d.level === 3 && /不少于/.test(d.requirement));
    expect(quantified.length).toBeGreaterThanOrEqual(14);
    for (const d of quantified) expect({ title: d.title, target: d.target }).toEqual({ title: d.title, target: expect.anything() });
  });

  it('carries the figures of the report as targets', () => {
    expect(find('召开工作推进会').target).toMatchObject({ count: 10, unit: '次' });
    expect(find('举办党员干部科技知识培训').target).toMatchObject({ count: 10, unit: '次' });
    expect(find('邀请专家作科普报告').target).toMatchObject({ count: 2, unit: '次' });
    expect(find('开展科技志愿服务活动').target).toMatchObject({ count: 20, unit: '次' });
    expect(find('开展科技志愿服务活动').requirement).toContain('43000人次');
    expect(find('开展“科普进校园”志愿服务活动').target).toMatchObject({ count: 10, unit: '所' });
    expect(find('组织集中学习').target).toMatchObject({ count: 30, unit: '次' });
    expect(find('向群众发放科普知识资料').target).toMatchObject({ count: 200, unit: '份' });
    expect(find('发放创建倡议书').target).toMatchObject({ count: 100, unit: '份' });
    expect(find('举办“全国科普日”主题宣传活动').target).toMatchObject({ count: 800, unit: '份' });
    expect(find('举办“全国科普日”主题宣传活动').requirement).toContain('1200人');
    expect(find('召开创建工作动员大会').target).toMatchObject({ count: 1, unit: '次' });
  });

  it('includes the leading group, the person in charge and the work plan as document indicators', () => {
    expect(find('成立创建工作领导小组').target).toBeNull();
    expect(find('制定创建工作方案').target).toBeNull();
    expect(find('领导小组办公室配备专人').target).toMatchObject({ count: 6, unit: '名' });
    expect(find('开展失业人员科学技能培训').department).toBe('人社局');
    expect(find('开展“科普进校园”志愿服务活动').department).toBe('教育局');
    expect(find('举办“全国科普日”主题宣传活动').department).toBe('卫健局');
  });
});
