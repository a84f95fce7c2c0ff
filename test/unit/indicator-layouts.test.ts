import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndicatorDraft } from '../../shared/indicator-types';
import { readIndicatorWorkbook } from '../../main/indicators/xlsx-import';
import { weishengTable, writeXlsx } from '../helpers/indicator-tables';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-layouts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('项目|指标|评价内容|评价标准|分值|评价方法|责任单位 (issue 10)', () => {
  it('reads 评价内容 as the third level because each of its rows has its own score', async () => {
    const { spec } = weishengTable();
    const t = await readIndicatorWorkbook(await writeXlsx(join(dir, 'weisheng.xlsx'), [spec]));
    const leaves = t.indicators.filter((d) => d.level === 3);
    expect(leaves).toHaveLength(43);
    expect(t.indicators.filter((d) => d.level === 2)).toHaveLength(19);
    expect(t.report.columns).toEqual({
      项目: 'level1',
      指标: 'level2',
      评价内容: 'level3',
      评价标准: 'requirement',
      分值: 'score',
      评价方法: 'basis',
      责任单位: 'department',
    });
    expect(t.columnInfo.find((c) => c.letter === 'C')?.why).toMatch(/43 行各有自己的分值.*19\/19/);
    expect(t.unsure).toEqual([]);
    expect(t.report.scoreSums.every((s) => s.consistent)).toBe(true);
    expect(t.report.scoreSums.map((s) => s.sum)).toEqual([86, 86, 86]);
    expect(t.report.skipped.map((s) => s.reason)).toEqual(['合计行，不是指标', '注释或说明行，不是指标']);
  });

  it('keeps each row its own requirement, target and 责任单位', async () => {
    const { spec } = weishengTable();
    const t = await readIndicatorWorkbook(await writeXlsx(join(dir, 'weisheng2.xlsx'), [spec]));
    const get = (code: string): IndicatorDraft => t.indicators.find((d) => d.code === code)!;
    expect(get('7.3').title).toBe('卫生应急');
    expect(get('7.3').score).toBe(4);
    expect(get('7.3').department).toBe('');
    const drill = get('7.3.2');
    expect(drill.title).toBe('开展卫生应急演练');
    expect(drill.requirement).toBe('每年开展卫生应急演练不少于2次');
    expect(drill.target).toMatchObject({ count: 2, unit: '次' });
    expect(drill.department).toBe('县教育局');
    expect(drill.score).toBe(2);
    expect(get('7.3.1').requirement).toBe('应急队伍人员培训率≥60%');
    expect(get('7.3.1').department).toBe('县卫健局');
  });
});

describe('levels from scores, whatever the header says', () => {
  it('makes a scored 具体要求 column under merged 指标 cells a level that is also its requirement', async () => {
    const file = await writeXlsx(join(dir, 'juti.xlsx'), [
      {
        name: 'Sheet1',
        rows: [
          ['一级指标', '二级指标', '具体要求', '分值'],
          ['组织领导（10分）', '领导机构（6分）', '成立领导小组', 3],
          [null, null, '召开会议不少于4次', 3],
          [null, '工作经费（4分）', '经费纳入预算', 4],
        ],
        merges: ['A2:A4', 'B2:B3'],
      },
    ]);
    const t = await readIndicatorWorkbook(file);
    expect(t.report.columns['具体要求']).toBe('level3+requirement');
    expect(t.indicators.map((d) => d.code)).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.2', '1.2.1']);
    expect(t.indicators.find((d) => d.code === '1.1.2')?.target).toMatchObject({ count: 4, unit: '次' });
  });

  it('leaves scored lines under an unmerged title as its requirement and says it is unsure', async () => {
    const file = await writeXlsx(join(dir, 'unsure.xlsx'), [
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
    expect(t.indicators.map((d) => d.code)).toEqual(['1', '2']);
    expect(t.unsure).toHaveLength(1);
    expect(t.unsure[0]).toMatch(/^B 列“评分标准”/);
  });
});
