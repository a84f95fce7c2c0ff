// One target against the evidence counted for it, without an archive: the edge cases of cadence
// and per-occasion thresholds that the integration test (targets-cadence) does not build.
import { countsOccasions, judgeTarget as judgeCounted, type JudgeContext } from '../../main/check/judge-target';
import { countEvidence } from '../../main/check/evidence';
import { periodsOf } from '../../main/check/periods';
import { parseTarget } from '../../shared/targets';
import type { Campaign, Item, ItemKind, Target } from '../../shared/domain';

const CAMPAIGN = { windowStart: null, windowEnd: null } as Campaign;
/** The items as the self-check hands them over: split by countEvidence first. */
const judgeTarget = (t: Target | null, items: Item[], ctx: JudgeContext) => judgeCounted(t, countEvidence(items, CAMPAIGN, t, countsOccasions(t)), ctx);

const item = (date: string | null, participants: number | null = null, kind: ItemKind = 'training') =>
  ({
    id: date ? Number(date.replace(/-/g, '')) : 1, title: '培训', date, participants, kind, source: '', indicators: [],
    files: [{ name: 'a.jpg', type: 'jpeg', role: 'photo', warning: null, exifTime: null }],
  }) as unknown as Item;
const YEAR: JudgeContext = { cadence: { start: '2023-01-01', end: '2023-12-31', note: '' }, windowed: true };

test('a per-period participant target: an empty quarter is short, a quarter without numbers unknown', () => {
  const j = judgeTarget(parseTarget('每季度培训不少于100人次'), [item('2023-01-05', 130), item('2023-05-05')], YEAR);
  expect(j).toMatchObject({ verdict: 'below', text: '1/4 个季度' });
  expect(j.problem!.detail).toBe('2023年第三季度、2023年第四季度不足 100人次；2023年第二季度没有填写参与人数');
});

test('undated items do not count toward a cadence (the self-check names them apart)', () => {
  const j = judgeTarget(parseTarget('每月开展1次'), [item('2023-01-05'), item(null)], { cadence: { start: '2023-01-01', end: '2023-02-28', note: '' }, windowed: true });
  expect(j).toMatchObject({ verdict: 'below', text: '1/2 个月' });
  expect(j.problem!.detail).toBe('2023年2月无记录');
});

test('a cadence with nothing to lay it over waits for the clerk', () => {
  const j = judgeTarget(parseTarget('每月开展1次'), [item('2023-01-05')], { cadence: null, windowed: false });
  expect(j).toMatchObject({ verdict: 'unverified', text: '需核对' });
});

test('a cadence met in every period, with every occasion above the threshold', () => {
  const list = [1, 2, 3].map((m) => item(`2023-0${m}-10`, 60));
  const j = judgeTarget(parseTarget('每月开展1次讲座，每次参加人数不少于50人'), list, { cadence: { start: '2023-01-01', end: '2023-03-31', note: '' }, windowed: true });
  expect(j).toMatchObject({ verdict: 'met', actual: 3, text: '3/3 个月', problem: null, perOccasion: { below: false, problem: null } });
});

test.each<[string, string, string, string[]]>([
  ['month', '2022-04-01', '2023-03-31', ['2022年4月', '2023年3月']],
  // A window opening on 4月20日 cannot be blamed for April.
  ['month', '2022-04-20', '2023-04-19', ['2022年5月', '2023年4月']],
  ['quarter', '2022-04-01', '2023-03-31', ['2022年第二季度', '2023年第一季度']],
  ['half', '2023-01-01', '2023-12-31', ['2023年上半年', '2023年下半年']],
  ['half', '2022-04-01', '2023-03-31', ['2022年4月至9月', '2022年10月至2023年3月']],
  ['year', '2022-04-01', '2023-03-31', ['2022年4月至2023年3月', '2022年4月至2023年3月']],
  ['year', '2023-01-01', '2023-12-31', ['2023年', '2023年']],
])('%s periods of %s..%s run from %s to %s', (period, start, end, [first, last]) => {
  const list = periodsOf(period as 'month', start, end);
  expect(list[0].label).toBe(first);
  expect(list[list.length - 1].label).toBe(last);
});

test('a yearly count over a one-year window reads as the count, not as one period', () => {
  const list = [1, 2, 3, 4, 5].map((m) => item(`2023-0${m}-10`, 60));
  const j = judgeTarget(parseTarget('每年开展志愿服务培训不少于12次'), list, YEAR);
  expect(j).toMatchObject({ verdict: 'below', text: '5/12次' });
});
