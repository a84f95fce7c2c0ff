import { chineseDate, departmentsOf, halfWidth, listMarkerLength, nameKey, normalizeWidth, parseDateFromName, splitScoreNote, stripListMarker } from '../../shared/names';
import { titleFromName } from '../../main/intake/folder-plan';

test.each([
  ['一、加强组织领导', '加强组织领导', null],
  ['（一）成立领导小组', '成立领导小组', null],
  ['(一) 成立领导小组', '成立领导小组', null],
  ['1. 召开推进会', '召开推进会', '1'],
  ['1、召开推进会', '召开推进会', '1'],
  ['1.2.3 召开推进会', '召开推进会', '1.2.3'],
  ['(1)召开推进会', '召开推进会', null],
  ['①召开推进会', '召开推进会', null],
  ['Ⅱ-1 组织领导', '组织领导', null],
  ['Ⅱ—1-2）组织领导', '组织领导', null],
  ['II-1 组织领导', '组织领导', null],
  ['第一部分 组织领导', '组织领导', null],
  ['IMG_0001', 'IMG_0001', null],
  ['一', '一', null],
  ['2023年工作总结', '2023年工作总结', null],
])('stripListMarker(%j)', (raw, text, code) => {
  expect(stripListMarker(raw)).toEqual({ text, numericCode: code });
});

test('listMarkerLength counts characters of the original, whatever their width', () => {
  const raw = '（一）　成立领导小组';
  expect(raw.slice(listMarkerLength(raw).length)).toBe('成立领导小组');
  expect(halfWidth('（一）　')).toBe('(一) ');
});

test('score notes come off titles', () => {
  expect(splitScoreNote('组织领导（20分）')).toEqual({ title: '组织领导', score: 20 });
  expect(splitScoreNote('组织领导(分值：7.5分)')).toEqual({ title: '组织领导', score: 7.5 });
  expect(splitScoreNote('组织领导 5分')).toEqual({ title: '组织领导', score: 5 });
  expect(splitScoreNote('组织领导')).toEqual({ title: '组织领导', score: null });
});

test('nameKey makes folder names and indicator titles comparable', () => {
  expect(nameKey('一、加强组织领导（20分）')).toBe(nameKey('加强组织领导'));
  expect(nameKey('（二） 召开 工作推进会')).toBe(nameKey('召开工作推进会'));
  expect(nameKey('开展“科普进校园”活动')).toBe(nameKey('开展科普进校园活动'));
  expect(nameKey('ＡＢＣ培训')).toBe('abc培训');
  expect(nameKey('加强组织领导')).not.toBe(nameKey('加强宣传'));
});

test.each([
  ['2023-03-08 第一次推进会', '2023-03-08'],
  ['20230308推进会', '2023-03-08'],
  ['2023年3月8日 推进会', '2023-03-08'],
  ['2023.3.8推进会', '2023-03-08'],
  ['2023_03_08', '2023-03-08'],
  ['２０２３年３月８日', '2023-03-08'],
  ['2023-02-30 不存在的日期', null],
  ['2023年工作总结', null],
  ['IMG_123456789', null],
])('parseDateFromName(%j)', (name, iso) => {
  expect(parseDateFromName(name)).toBe(iso);
});

test.each([
  ['2023-03-08 第一次推进会', '第一次推进会'],
  ['20230415第二次推进会', '第二次推进会'],
  ['（一）成立领导小组（第2次）', '成立领导小组（第2次）'],
  ['01 领导讲话', '领导讲话'],
  ['2023-03-08', '2023-03-08'],
  // Brackets that held only the date go with it; brackets with words stay.
  ['关于举办科普讲座的通知（2023年10月1日）', '关于举办科普讲座的通知'],
  ['【2023.3.8】推进会', '推进会'],
  ['会议（第一次）2023-03-08', '会议（第一次）'],
])('titleFromName(%j) keeps the clerk\'s characters', (name, title) => {
  expect(titleFromName(name)).toBe(title);
});

test('dates print the GB/T 9704 way', () => {
  expect(chineseDate('2023-03-08')).toBe('2023年3月8日');
  expect(chineseDate(null)).toBe('');
  expect(normalizeWidth('　组织　　领导 ')).toBe('组织 领导');
});

test('departments as tables list them: each one answers for the indicator', () => {
  expect(departmentsOf('宣传部/科协')).toEqual(['宣传部', '科协']);
  expect(departmentsOf(' 办公室、 科协，卫健局 ')).toEqual(['办公室', '科协', '卫健局']);
  expect(departmentsOf('')).toEqual([]);
  // Merged cells repeat a department; it is one department.
  expect(departmentsOf('县卫健局、县卫健局、县教育局')).toEqual(['县卫健局', '县教育局']);
  expect(departmentsOf('县卫健局；县教育局 县科协／县文明办,县委宣传部')).toEqual(['县卫健局', '县教育局', '县科协', '县文明办', '县委宣传部']);
  // A role note does not make another department.
  expect(departmentsOf('县卫健局（牵头）、县教育局(配合)、县卫健局')).toEqual(['县卫健局', '县教育局']);
  // Group names stay whole: the table assigns the group.
  expect(departmentsOf('各乡镇、县直各部门')).toEqual(['各乡镇', '县直各部门']);
});
