// One target against the evidence counted for it: the verdict, the actual as the self-check, the
// tree badge, the 提交表 and the ledger print it ("10/12 个月", "12/12次，1 次不足 50 人"), and the
// problem in the clerk's words. Everything that shows a target's progress shows this text, so no
// export decides a second time what counts.
import type { Item, Target } from '../../shared/domain';
import type { Counting, Occasion } from './evidence';
import { chineseDate } from '../../shared/names';
import { periodWord } from '../../shared/targets';
import { namePeriods, periodsOf, type Period } from './periods';

export const PEOPLE_UNITS = new Set(['人', '人次', '名', '名次']);
/** Units that count occasions: meetings, trainings, activities — not the plans and reports about them. */
const OCCASION_UNITS = new Set(['次', '场', '场次', '期', '轮', '届', '批', '节', '堂', '课', '班']);
/** Units that count places or things: each item of evidence is one of them. */
const THING_UNITS = new Set(['项', '个', '所', '篇', '条', '家', '户', '处', '支', '队', '件', '座']);

/** The window a cadence is laid over; `note` says when it is not the campaign's own. */
export interface CadenceWindow {
  start: string;
  end: string;
  /** "未设创建时段，按2023年度计": said wherever the cadence is reported. */
  note: string;
}

export interface JudgeContext {
  /** Where cadence periods are laid; null when there is neither a window nor a year. */
  cadence: CadenceWindow | null;
  /** The campaign has a window, so counts are "创建时段内". */
  windowed: boolean;
  /**
   * Signed rows read on each item's sign-in sheets (item id → rows, only where some were read):
   * an occasion whose participants nobody typed is held to "每次不少于50人" by them.
   */
  signed?: ReadonlyMap<number, number>;
}

export interface Judgement {
  /** null: nothing to say (no target); unverified: the clerk must confirm or enter it. */
  verdict: 'met' | 'below' | 'unverified' | null;
  /** The number counted (occasions, items, participants), null when it cannot be counted. */
  actual: number | null;
  /** The actual as printed: "1/3次", "10/12 个月", "需核对". Empty without a target. */
  text: string;
  /** What is short or unknown, for the problem list; empty when met. */
  problem: { kind: 'below_target' | 'unverified_target'; detail: string } | null;
  /**
   * "每次不少于50人" checked on each occasion: kept apart because it still holds when the clerk
   * states 实际完成 (the figure replaces the count, not the rule for each occasion).
   */
  perOccasion?: OccasionCheck | null;
}

/** Each occasion against a per-occasion threshold: the text after the count, and the problem. */
export interface OccasionCheck {
  text: string;
  below: boolean;
  problem: Judgement['problem'];
}

/** 《推进会》（2023年3月8日）: several meetings share a title; the date tells which is meant. */
export const itemName = (item: Item) => (item.date ? `《${item.title}》（${chineseDate(item.date)}）` : `《${item.title}》`);

const num = (n: number, unit: string) => `${n}${unit}`;

/** Today as YYYY-MM-DD on the clerk's own calendar (not UTC: an evening's work is still today). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Whether the target counts occasions or their participants (so documents do not count, and same-day records count once). */
export function countsOccasions(target: Target | null): boolean {
  return !!target && target.kind !== 'staffing' && target.kind !== 'rate' && (OCCASION_UNITS.has(target.unit) || PEOPLE_UNITS.has(target.unit));
}

/** An occasion's participants: the largest number entered on any of its records (sign-in sheet, photos), null if none. */
function participantsOf(o: Occasion): number | null {
  const known = o.items.map((i) => i.participants).filter((n): n is number => n != null);
  return known.length ? Math.max(...known) : null;
}

/**
 * An occasion's headcount for a per-occasion threshold: the participants entered, else the most
 * signed rows read on one of its records' sign-in sheets (`read`), else null. What the clerk
 * typed wins: a typed count above the sheet is the item's own problem (the self-check names it).
 */
function headcountOf(o: Occasion, signed?: ReadonlyMap<number, number>): { n: number; read: boolean } | null {
  const typed = participantsOf(o);
  if (typed != null) return { n: typed, read: false };
  const sheets = o.items.map((i) => signed?.get(i.id)).filter((n): n is number => n != null && n > 0);
  return sheets.length ? { n: Math.max(...sheets), read: true } : null;
}

/** What the evidence amounts to for a target's unit; null when it cannot be counted from items. */
export function measure(target: Target | null, counting: Pick<Counting, 'counted' | 'occasions'>): number | null {
  if (!target) return counting.counted.length;
  if (target.kind === 'staffing' || target.kind === 'rate') return null;
  const occasions = counting.occasions ?? [];
  if (PEOPLE_UNITS.has(target.unit)) {
    const known = occasions.map(participantsOf).filter((n): n is number => n != null);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  }
  if (OCCASION_UNITS.has(target.unit)) return occasions.length;
  if (THING_UNITS.has(target.unit)) return counting.counted.length;
  return null;
}

/**
 * `counting` is the indicator's evidence split by countEvidence (what counts: usable, dated,
 * inside the window; occasions for 次/场/人). `window` is where cadence periods are laid.
 */
export function judgeTarget(target: Target | null, counting: Counting, ctx: JudgeContext): Judgement {
  const window = ctx.cadence;
  if (!target) return { verdict: null, actual: counting.counted.length, text: '', problem: null };
  const want = num(target.count, target.unit);
  if (target.kind === 'rate') {
    return {
      verdict: 'unverified', actual: null, text: '待填报',
      problem: { kind: 'unverified_target', detail: `比例无法从材料统计，请核实实际比例，填写“实际完成”并在结论性说明中写明` },
    };
  }
  if (target.kind === 'staffing') {
    return {
      verdict: 'unverified', actual: null, text: '需核对',
      problem: { kind: 'unverified_target', detail: '人员数量无法从材料自动统计（会议人数不能代替配备人数），请对照人员名册核对，填写“实际完成”并在结论性说明中写明实际人数' },
    };
  }
  const actual = measure(target, counting);
  const people = PEOPLE_UNITS.has(target.unit);
  if (target.cadence) return judgeCadence(target, counting, actual, window, ctx.signed);
  let verdict: Judgement['verdict'];
  let problem: Judgement['problem'] = null;
  if (actual == null) {
    // People counted from participants: none entered is short until they are (the clerk can fix it).
    verdict = people ? 'below' : 'unverified';
    problem = {
      kind: 'unverified_target',
      detail: people ? '但材料中没有填写参与人数，请在材料信息中补填' : '数量无法从材料自动统计，请核对并填写“实际完成”，在结论性说明中写明',
    };
  } else if (actual < target.count) {
    verdict = 'below';
    problem = { kind: 'below_target', detail: `${people ? '参与人数合计' : `${ctx.windowed ? '创建时段内' : ''}计入`} ${num(actual, target.unit)}` };
  } else verdict = 'met';
  let text = actual == null ? '需核对' : `${actual}/${want}`;
  const each = target.perOccasion && actual != null ? perOccasion(target, counting.occasions ?? [], ctx.signed) : null;
  if (each) {
    text += each.text;
    if (each.problem && verdict !== 'below') {
      verdict = each.below ? 'below' : 'unverified';
      problem = each.problem;
    } else if (each.problem && problem) problem = { ...problem, detail: `${problem.detail}；${each.problem.detail}` };
  }
  return { verdict, actual, text, problem, perOccasion: each };
}

/**
 * Each counted occasion against "每次不少于50人": those below or without a number are named. An
 * occasion without a typed number is held to the signed rows of its sign-in sheet, and the text
 * says so ("1 次人数为签到表识别"), so the clerk knows to confirm it.
 */
function perOccasion(target: Target, occasions: Occasion[], signed?: ReadonlyMap<number, number>): OccasionCheck {
  const min = target.perOccasion!;
  const name = (o: Occasion) => itemName(o.items[0]);
  const counts = new Map(occasions.map((o) => [o, headcountOf(o, signed)]));
  const below = occasions.filter((o) => counts.get(o) != null && counts.get(o)!.n < min.count);
  const unknown = occasions.filter((o) => counts.get(o) == null);
  const read = occasions.filter((o) => counts.get(o)?.read);
  const notes: string[] = [];
  if (below.length) notes.push(`${below.length} 次不足 ${num(min.count, min.unit)}`);
  if (unknown.length) notes.push(`${unknown.length} 次未填人数`);
  if (read.length) notes.push(`${read.length} 次人数为签到表识别`);
  if (!notes.length) return { text: '', below: false, problem: null };
  const details: string[] = [];
  const got = (o: Occasion) => (counts.get(o)!.read ? `签到表识别 ${counts.get(o)!.n} 人（未填写参与人数）` : `只有 ${counts.get(o)!.n}${min.unit}`);
  if (below.length) details.push(`每次应不少于 ${num(min.count, min.unit)}，${below.map((o) => `${name(o)}${got(o)}`).join('、')}`);
  if (unknown.length) details.push(`${unknown.map(name).join('、')}没有填写参与人数，请补填`);
  return {
    text: `，${notes.join('，')}`,
    below: below.length > 0,
    problem: details.length ? { kind: below.length ? 'below_target' : 'unverified_target', detail: details.join('；') } : null,
  };
}

/** Every period of the window must hold its share: "2023年5月、8月无记录", "10/12 个月". */
function judgeCadence(target: Target, counting: Counting, actual: number | null, window: CadenceWindow | null, signed?: ReadonlyMap<number, number>): Judgement {
  const cad = target.cadence!;
  const word = periodWord(cad.period);
  if (!window) {
    return {
      verdict: 'unverified', actual, text: '需核对',
      problem: { kind: 'unverified_target', detail: `未设创建时段和年度，无法按${word.replace(/^个/, '')}核对，请在档案信息中填写创建时段` },
    };
  }
  const periods = periodsOf(cad.period, window.start, window.end);
  const perTarget: Target = { count: cad.count, unit: target.unit };
  const short: Period[] = [];
  const unknown: Period[] = [];
  const gots: (number | null)[] = [];
  for (const p of periods) {
    const inPeriod = (d: string | null) => !!d && d >= p.start && d <= p.end;
    const inside: Counting = {
      ...counting,
      counted: counting.counted.filter((i) => inPeriod(i.date)),
      occasions: counting.occasions && counting.occasions.filter((o) => inPeriod(o.day)),
    };
    // An empty period is short whatever the unit; participants not entered leave it unknown.
    const got = inside.counted.length || inside.occasions?.length ? measure(perTarget, inside) : 0;
    gots.push(got);
    if (got == null) unknown.push(p);
    else if (got < cad.count) short.push(p);
  }
  const held = periods.length - short.length - unknown.length;
  // A window of one period ("每年…12次" over one year) is a plain count: "5/12次", not "0/1 年".
  const counted = periods.length === 1 ? `${gots[0] ?? '?'}/${num(cad.count, target.unit)}` : `${held}/${periods.length} ${word}`;
  let text = `${counted}${window.note ? `（${window.note}）` : ''}`;
  let verdict: Judgement['verdict'] = short.length ? 'below' : unknown.length ? 'unverified' : 'met';
  const details: string[] = [];
  // Periods still to come are short too (the target is not met yet), but named apart: a clerk
  // working mid-campaign must not read them as gaps in the record.
  const today = localToday();
  const past = short.filter((p) => p.start <= today);
  const coming = short.filter((p) => p.start > today);
  if (past.length) {
    // "无记录" for the usual one-a-period; a larger share names what is missing.
    details.push(`${namePeriods(past)}${cad.count === 1 && !PEOPLE_UNITS.has(target.unit) ? '无记录' : `不足 ${num(cad.count, target.unit)}`}`);
  }
  if (coming.length) details.push(`${namePeriods(coming)}尚未到来`);
  if (unknown.length) details.push(`${namePeriods(unknown)}没有填写参与人数`);
  if (window.note && details.length) details.push(window.note);
  let problem: Judgement['problem'] = details.length
    ? { kind: short.length ? 'below_target' : 'unverified_target', detail: details.join('；') }
    : null;
  const each = target.perOccasion ? perOccasion(target, counting.occasions ?? [], signed) : null;
  if (each) {
    text += each.text;
    if (each.problem) {
      if (verdict === 'met' || (verdict === 'unverified' && each.below)) verdict = each.below ? 'below' : 'unverified';
      problem = problem ? { kind: problem.kind === 'below_target' || each.below ? 'below_target' : 'unverified_target', detail: `${problem.detail}；${each.problem.detail}` } : each.problem;
    }
  }
  return { verdict, actual, text, problem, perOccasion: each };
}
