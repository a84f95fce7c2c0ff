// Filing suggestions over a realistic indicator tree: the 全国科普示范县 template the app ships,
// with the 讲座 and 防灾减灾 indicators county systems add; and 10,000 items ranked in seconds.
import fs from 'node:fs';
import path from 'node:path';
import { FilingIndex, filingWords, type FilingIndicator } from '../../main/text/filing';
import type { Indicator } from '../../shared/domain';

interface Node {
  title: string;
  requirement?: string;
  children?: Node[];
}

/** The shipped template's lowest-level indicators, coded by position (1.3.1). */
function templateLeaves(): FilingIndicator[] {
  const t = JSON.parse(fs.readFileSync(path.join(__dirname, '../../assets/templates/kepu-shifan-xian.json'), 'utf8')) as { indicators: Node[] };
  const out: FilingIndicator[] = [];
  const walk = (nodes: Node[], prefix: string) =>
    nodes.forEach((n, i) => {
      const code = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      if (n.children?.length) walk(n.children, code);
      else out.push({ code, title: n.title, requirement: n.requirement ?? '' });
    });
  walk(t.indicators, '');
  return out;
}

const EXTRA: FilingIndicator[] = [
  { code: '4.1.1', title: '举办科普讲座', requirement: '每季度至少举办1次面向社区居民的科普讲座，邀请专家围绕健康、安全、科技等主题授课。' },
  { code: '4.1.2', title: '开展防灾减灾科普宣传', requirement: '在全国防灾减灾日、安全生产月期间开展应急避险、防灾减灾科普宣传和应急演练不少于2次。' },
  { code: '4.2.1', title: '建设科普宣传栏', requirement: '在社区、村、学校建设科普宣传栏不少于20个，定期更新内容。' },
  { code: '4.2.2', title: '建设社区科普e站', requirement: '每个街道至少建设1个社区科普e站，配备科普展教设施。' },
];

const index = new FilingIndex([...templateLeaves(), ...EXTRA]);

test('the template has its 20 leaves; words are jieba’s, without stop words or bare numbers', () => {
  expect(index.size).toBe(24);
  expect(filingWords('2023年科普讲座签到表')).toEqual(expect.arrayContaining(['科普', '讲座']));
  expect(filingWords('关于开展2023年防灾减灾宣传周活动的通知')).not.toEqual(expect.arrayContaining(['关于']));
  expect(filingWords('全年不少于10次')).toEqual([]);
  // Without jieba (no native build for this CPU): overlapping character pairs, so 讲座 still meets 讲座.
  expect(filingWords('科普讲座APP', null)).toEqual(['科普', '普讲', '讲座', 'app']);
});

test('a lecture’s sign-in sheet goes to 举办科普讲座, not to the expert reports or the trainings', () => {
  const text = '2023年科普讲座签到表\n时间：2023年5月18日 地点：东街社区活动室\n序号 单位 职务 签名 联系电话\n1 东街社区 居民 张伟\n2 东街社区 居民 王芳';
  const r = index.rank('2023年科普讲座签到表', text);
  expect(r[0]).toMatchObject({ code: '4.1.1', title: '举办科普讲座' });
  expect(r[0].words).toContain('讲座');
  expect(r[0].score).toBeGreaterThan(0.5);
  expect(r[0].score).toBeLessThanOrEqual(1);
  expect(r.length).toBeLessThanOrEqual(3);
});

test('a 防灾减灾 notice goes to the 应急/防灾 indicator', () => {
  const text = [
    '某县人民政府办公室文件', '某政办〔2023〕5号', '关于开展2023年防灾减灾宣传周活动的通知',
    '各乡镇人民政府，县直各单位：', '为做好防灾减灾宣传工作，提高群众应急避险和自救互救能力，现就有关事项通知如下。',
    '一、活动时间：2023年5月12日至5月18日', '二、活动内容：组织开展应急演练，发放防灾减灾知识资料。', '某县人民政府办公室', '2023年2月10日',
  ].join('\n');
  const r = index.rank('关于开展2023年防灾减灾宣传周活动的通知', text);
  expect(r[0].code).toBe('4.1.2');
  // The tooltip's words: 防灾减灾 whole, not also its pieces.
  expect(r[0].words).toContain('防灾减灾');
  expect(r[0].words).not.toContain('防灾');
});

test('other evidence goes where a clerk would file it; nothing telling, no suggestion', () => {
  expect(index.rank('科普工作推进会签到表', '时间：2023年3月22日 地点：县科协会议室')[0].code).toBe('1.3.1');
  expect(index.rank('关于成立创建工作领导小组的通知', '')[0].code).toBe('1.1.1');
  expect(index.rank('科普进校园活动照片', '')[0].code).toBe('2.3.3');
  expect(index.rank('“全国科普日”宣传活动', '')[0].code).toBe('3.3.1');
  expect(index.rank('IMG_20230518_093012', '')).toEqual([]);
  // One generic word in common is not enough, nor a word nearly every indicator has (科普 in a 科普 campaign).
  expect(index.rank('工作情况', '开展工作')).toEqual([]);
  expect(index.rank('2023年度科普工作总结', '')).toEqual([]);
  // Scores never rise down the list.
  const r = index.rank('科普志愿者名册', '');
  expect(r[0].code).toBe('2.3.1');
  expect(r[0].words).toEqual(expect.arrayContaining(['志愿者']));
  expect(r[0].words).not.toContain('愿者');
  expect(r.map((s) => s.score)).toEqual([...r.map((s) => s.score)].sort((a, b) => b - a));
  // The title outweighs words the text mentions in passing.
  expect(index.rank('科普讲座', '会上还安排了应急演练')[0].code).toBe('4.1.1');
});

test('built from a tree: the live lowest-level indicators only', () => {
  const ind = (id: number, parentId: number | null, code: string, title: string, removed = false): Indicator =>
    ({ id, parentId, code, title, requirement: '', removed }) as Indicator;
  const tree = FilingIndex.ofTree([
    ind(1, null, '1', '科普宣传'), ind(2, 1, '1.1', '举办科普讲座'), ind(3, 1, '1.2', '科普讲座旧指标', true), ind(4, null, '2', '防灾减灾'), ind(5, 4, '2.1', '防灾减灾宣传', true),
  ]);
  // 2 has only a removed child: it is a leaf again.
  expect(tree.size).toBe(2);
  expect(tree.rank('科普讲座', '').map((s) => s.code)).toEqual(['1.1']);
  expect(tree.rank('防灾减灾', '').map((s) => s.code)).toEqual(['2']);
});

test('10,000 inbox items against 150 indicators in seconds', () => {
  const words = ['科普', '讲座', '培训', '志愿', '服务', '宣传栏', '防灾', '减灾', '应急', '演练', '校园', '老年人', '健康', '竞赛', '征集', '学校', '社区', '农村', '专家', '报告', '图书', '展览', '青少年', '科技', '创新'];
  const pick = (i: number, n: number) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 11) % words.length]).join('');
  const many = new FilingIndex(Array.from({ length: 150 }, (_, i) => ({ code: `x.${i}`, title: `开展${pick(i, 2)}活动`, requirement: `每年组织${pick(i + 3, 4)}不少于${i + 1}次，参与人数不少于100人。` })));
  const body = '为深入推进全国科普示范县创建工作，根据有关要求，现就开展科普宣传和志愿服务活动有关事项通知如下。'.repeat(30);
  const started = Date.now();
  let hits = 0;
  for (let i = 0; i < 10_000; i++) hits += many.rank(`${2023 - (i % 3)}年${pick(i, 2)}活动签到表`, body).length > 0 ? 1 : 0;
  const ms = Date.now() - started;
  expect(hits).toBe(10_000);
  // Under a minute on a slow shared CI core; a few seconds on a clerk's PC.
  expect(ms).toBeLessThan(60_000);
  console.log(`filing: 10000 items × 150 indicators in ${ms} ms`);
});
