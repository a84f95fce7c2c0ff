import { chineseNumber, describeTarget, effectiveTarget, parseTarget } from '../../shared/targets';
import type { Target } from '../../shared/domain';

describe('parseTarget', () => {
  it.each([
    ['全年不少于10次', 10, '次'],
    ['覆盖学校不少于10所', 10, '所'],
    ['不少于1000人次', 1000, '人次'],
    ['≥ 15%', 15, '%'],
    ['≥15%的群众参与', 15, '%'],
    ['>=20%', 20, '%'],
    ['参与率不低于 99.5%', 99.5, '%'],
    ['开展活动10次以上', 10, '次'],
    ['每年10场次及以上', 10, '场次'],
    ['至少召开2次', 2, '次'],
    ['不少于十次', 10, '次'],
    ['不少于二十五名志愿者', 25, '名'],
    ['召开两次专题会议', 2, '次'],
    ['参与群众1万人次', 10000, '人次'],
    ['参与人数达到4.3万人', 43000, '人'],
    ['开展科技志愿服务活动20余次', 20, '次'],
    ['科普宣传栏不少于5处', 5, '处'],
    ['组建志愿者队伍不少于1支', 1, '支'],
    ['覆盖率达到百分之九十五', 95, '%'],
    ['至少一次', 1, '次'],
    ['发放资料不少于800份、参与群众不少于1200人', 800, '份'],
  ])('%s → %d %s', (text, count, unit) => {
    // Count and unit are what the archive stores; kind/cadence come on top (see below).
    expect(parseTarget(text)).toMatchObject({ count, unit });
  });

  it('keeps a periodic target\'s yearly total and says every period must hold its share', () => {
    expect(parseTarget('每季度至少1次')).toEqual({ count: 4, unit: '次', cadence: { period: 'quarter', count: 1 } });
    expect(parseTarget('每月召开1次例会')).toEqual({ count: 12, unit: '次', cadence: { period: 'month', count: 1 } });
    expect(parseTarget('每半年不少于1次')).toEqual({ count: 2, unit: '次', cadence: { period: 'half', count: 1 } });
    expect(parseTarget('开展活动2次/季度')).toEqual({ count: 8, unit: '次', cadence: { period: 'quarter', count: 2 } });
    expect(parseTarget('每年不少于3次')).toEqual({ count: 3, unit: '次', cadence: { period: 'year', count: 3 } });
    // 每次 is not a period: the first clear phrase (10 次) is the target, 50 人 its per-occasion threshold.
    expect(parseTarget('不少于10次，每次不少于50人')).toEqual({ count: 10, unit: '次', perOccasion: { count: 50, unit: '人' } });
    // A period in an earlier clause does not carry over; 全年 is a total, not a cadence.
    expect(parseTarget('每月检查，全年不少于6次')).toEqual({ count: 6, unit: '次' });
    // 学期 and 周 have no calendar to lay over the window: yearly totals, as before.
    expect(parseTarget('每学期开展1次')).toEqual({ count: 2, unit: '次' });
  });

  // Requirement texts from issued tables (STANDARDS §5, issue 10) → the target as inspectors read it.
  it.each<[string, Target]>([
    ['每年开展健康知识讲座不少于12次，每次参加人数不少于50人', { count: 12, unit: '次', cadence: { period: 'year', count: 12 }, perOccasion: { count: 50, unit: '人' } }],
    ['全年开展讲座不少于12场，每场听众不少于100人次', { count: 12, unit: '场', perOccasion: { count: 100, unit: '人次' } }],
    ['至少召开2次会议，每次参加人数50人以上', { count: 2, unit: '次', perOccasion: { count: 50, unit: '人' } }],
    ['有专职工作人员不少于3人', { count: 3, unit: '人', kind: 'staffing' }],
    ['领导小组办公室配备专职工作人员不少于6名', { count: 6, unit: '名', kind: 'staffing' }],
    ['覆盖率≥70%', { count: 70, unit: '%', kind: 'rate' }],
    ['群众满意率达到百分之九十', { count: 90, unit: '%', kind: 'rate' }],
    ['每月不少于1次', { count: 12, unit: '次', cadence: { period: 'month', count: 1 } }],
    ['每月开展1次大扫除', { count: 12, unit: '次', cadence: { period: 'month', count: 1 } }],
    ['每季度至少召开1次', { count: 4, unit: '次', cadence: { period: 'quarter', count: 1 } }],
    ['领导小组每季度至少召开1次专题会议', { count: 4, unit: '次', cadence: { period: 'quarter', count: 1 } }],
    ['每半年开展1次督查', { count: 2, unit: '次', cadence: { period: 'half', count: 1 } }],
    ['每年开展卫生应急演练不少于2次', { count: 2, unit: '次', cadence: { period: 'year', count: 2 } }],
    ['全年召开推进会不少于3次', { count: 3, unit: '次' }],
    ['覆盖学校不少于10所', { count: 10, unit: '所' }],
    ['参与不少于1000人次', { count: 1000, unit: '人次' }],
    ['每次参加人数不少于50人', { count: 50, unit: '人' }],
  ])('%s', (text, target) => {
    expect(parseTarget(text)).toEqual(target);
  });

  it('prefers the first clear phrase over a bare number earlier in the text', () => {
    expect(parseTarget('成立3个小组，开展活动不少于12场')).toEqual({ count: 12, unit: '场' });
    expect(parseTarget('至少召开2次会议，每次参加人数50人以上')).toMatchObject({ count: 2, unit: '次' });
  });

  it.each([
    '成立领导小组，印发文件',
    '2023年完成创建',
    '组织领导（20分）',
    '培训时间不少于3个月',
    '落实一户一策',
    '发放一次性补助',
    '第3季度召开',
    '',
  ])('finds no target in %s', (text) => {
    expect(parseTarget(text)).toBeNull();
  });

  it('reads full-width digits and symbols', () => {
    expect(parseTarget('不少于１０次')).toEqual({ count: 10, unit: '次' });
    expect(parseTarget('≥１５％')).toEqual({ count: 15, unit: '%', kind: 'rate' });
  });
});

describe('chineseNumber', () => {
  it.each([
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['两', 2],
    ['一百零五', 105],
    ['一千二百', 1200],
    ['两万', 20000],
    ['三万五千', 35000],
  ])('%s → %d', (s, n) => {
    expect(chineseNumber(s)).toBe(n);
  });

  it('refuses what is not a numeral', () => {
    expect(chineseNumber('十次')).toBeNull();
    expect(chineseNumber('')).toBeNull();
  });
});

describe('describeTarget', () => {
  it.each<[string, string]>([
    ['每月不少于1次', '每月至少 1 次，共 12 个月'],
    ['每季度至少召开1次', '每季度至少 1 次，共 4 个季度'],
    ['每半年开展1次督查', '每半年至少 1 次，共 2 个半年'],
    ['全年开展讲座不少于12次，每次参加人数不少于50人', '不少于 12 次；每次不少于 50 人'],
    ['每年开展健康知识讲座不少于12次，每次参加人数不少于50人', '每年不少于 12 次；每次不少于 50 人'],
    ['有专职工作人员不少于3人', '人员不少于 3 人（人工核对）'],
    ['覆盖率≥70%', '不低于 70%（由经办人填报）'],
    ['全年召开推进会不少于3次', '不少于 3 次'],
  ])('%s → %s', (text, words) => {
    expect(describeTarget(parseTarget(text))).toBe(words);
  });

  it('says nothing without a target', () => {
    expect(describeTarget(null)).toBe('');
  });
});

describe('effectiveTarget', () => {
  it('reads a stored count and unit in full when they are what the requirement says', () => {
    expect(effectiveTarget('每月开展1次大扫除', { count: 12, unit: '次' })).toEqual({ count: 12, unit: '次', cadence: { period: 'month', count: 1 } });
  });

  it('keeps a target the clerk corrected as the plain total it says', () => {
    expect(effectiveTarget('每月开展1次大扫除', { count: 10, unit: '次' })).toEqual({ count: 10, unit: '次' });
    expect(effectiveTarget('', { count: 3, unit: '次' })).toEqual({ count: 3, unit: '次' });
    expect(effectiveTarget('每月开展1次大扫除', null)).toBeNull();
  });

  it('keeps a target that already says how it is read', () => {
    const t: Target = { count: 12, unit: '次', kind: 'count' };
    expect(effectiveTarget('每月开展1次大扫除', t)).toBe(t);
  });
});
