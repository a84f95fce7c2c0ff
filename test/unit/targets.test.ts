import { chineseNumber, parseTarget } from '../../shared/targets';

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
    expect(parseTarget(text)).toEqual({ count, unit });
  });

  it('counts a periodic target as its yearly total, since the self-check looks at a one-year window', () => {
    expect(parseTarget('每季度至少1次')).toEqual({ count: 4, unit: '次' });
    expect(parseTarget('每月召开1次例会')).toEqual({ count: 12, unit: '次' });
    expect(parseTarget('每半年不少于1次')).toEqual({ count: 2, unit: '次' });
    expect(parseTarget('开展活动2次/季度')).toEqual({ count: 8, unit: '次' });
    expect(parseTarget('每年不少于3次')).toEqual({ count: 3, unit: '次' });
    // 每次 is not a period: the first clear phrase (10 次) is the target.
    expect(parseTarget('不少于10次，每次不少于50人')).toEqual({ count: 10, unit: '次' });
    // A period in an earlier clause does not carry over.
    expect(parseTarget('每月检查，全年不少于6次')).toEqual({ count: 6, unit: '次' });
  });

  it('prefers the first clear phrase over a bare number earlier in the text', () => {
    expect(parseTarget('成立3个小组，开展活动不少于12场')).toEqual({ count: 12, unit: '场' });
    expect(parseTarget('至少召开2次会议，每次参加人数50人以上')).toEqual({ count: 2, unit: '次' });
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
    expect(parseTarget('≥１５％')).toEqual({ count: 15, unit: '%' });
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
