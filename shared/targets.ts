// Quantitative targets in requirement texts ("全年不少于10次", "覆盖学校不少于10所", "≥ 15%"), read
// as inspectors read them: a periodic target ("每季度至少1次") keeps its yearly total (4 次) in
// `count` — so an archive that stores only count and unit still means what it meant — and says in
// `cadence` that every quarter must hold one; "每次参加人数不少于50人" becomes a per-occasion
// threshold; staff counts and rates are marked, since the evidence cannot count them.
// Pure; imports nothing outside shared/.

import type { Target, TargetPeriod } from './domain';
import { normalizeWidth } from './names';

// Longest first, so 人次 wins over 人 and 场次 over 场.
const UNITS = [
  '人次', '场次', '户次', '课时',
  '次', '场', '人', '名', '所', '个', '份', '篇', '期', '项', '户', '家', '条', '册', '本',
  '件', '处', '支', '块', '张', '幅', '批', '种', '套', '%',
];

// Words that start with a unit character but are not a count of that unit ("3个月", "本单位").
const NOT_A_UNIT: Record<string, RegExp> = {
  次: /^(?:性|日|年|月|要)/,
  个: /^(?:月|工作日|小时|百分点|季度|学期|星期|方面)/,
  期: /^间/,
  家: /^庭/,
  本: /^(?:地|单位|级|年|届|部门|辖区)/,
  所: /^(?:有|在|属|以)/,
  场: /^(?:所|地|馆)/,
  处: /^(?:理|置|室)/,
  支: /^(?:持|部|出)/,
  名: /^(?:称|单|义)/,
  条: /^(?:件|例)/,
  件: /^事/,
};

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_SCALE: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_CHARS = '零〇一二两三四五六七八九十百千万';

/** 十 → 10, 二十五 → 25, 一百零五 → 105, 两万 → 20000; null when it is not a numeral. */
export function chineseNumber(s: string): number | null {
  if (!s || [...s].some((c) => !CN_CHARS.includes(c))) return null;
  let total = 0;
  let section = 0;
  let digit = 0;
  let seenDigit = false;
  for (const c of s) {
    if (c in CN_DIGIT) {
      digit = CN_DIGIT[c];
      seenDigit = true;
    } else if (c === '万') {
      total += (section + digit) * 10000;
      section = 0;
      digit = 0;
    } else {
      // 十 alone means 一十.
      section += (digit === 0 && !seenDigit ? 1 : digit) * CN_SCALE[c];
      digit = 0;
      seenDigit = false;
    }
  }
  return total + section + digit;
}

const NUM = `(\\d+(?:\\.\\d+)?\\s*[万千]?|[${CN_CHARS}]+)`;
const UNIT = `(${UNITS.join('|')})`;
// Keyword before the number: the "clear" phrases.
const LEAD = '(?:不少于|不低于|不得少于|不得低于|不小于|至少|最少|达到|达|超过|多于|高于|大于等于|≥|≧|>=|>)';
// Up to four words may stand between the keyword and the number: "至少召开2次", "不少于为期3场".
const KEYWORD_RE = new RegExp(`${LEAD}\\s*[^\\d，,。；;、\\s]{0,4}?\\s*${NUM}\\s*(?:余|多)?\\s*${UNIT}`, 'g');
const ABOVE_RE = new RegExp(`(?<![\\d.])${NUM}\\s*(?:余|多)?\\s*${UNIT}\\s*(?:及|或)?以上`, 'g');
const BARE_RE = new RegExp(`(?<![\\d.第每之])${NUM}\\s*(?:余|多)?\\s*${UNIT}`, 'g');
const PERCENT_WORDS_RE = new RegExp(`百分之([${CN_CHARS}]+|\\d+(?:\\.\\d+)?)`, 'g');

const PER_YEAR: Record<string, number> = { 月: 12, 季度: 4, 季: 4, 半年: 2, 年: 1, 学期: 2, 周: 52 };
/** Periods the self-check can lay over the window; 学期 and 周 stay yearly totals (no calendar for them). */
const CADENCE: Record<string, TargetPeriod> = { 月: 'month', 季度: 'quarter', 季: 'quarter', 半年: 'half', 年: 'year' };
/** Periods a year has, by cadence period. */
export const PERIODS_PER_YEAR: Record<TargetPeriod, number> = { month: 12, quarter: 4, half: 2, year: 1 };
const PERIOD_BEFORE_RE = /每(?:个)?(月|季度|季|半年|年|学期|周)(?!.*每)/;
const PERIOD_AFTER_RE = /^\s*\/\s*(月|季度|季|半年|年|学期|周)/;

function parseNumber(raw: string): number | null {
  const s = raw.replace(/\s+/g, '');
  const m = /^(\d+(?:\.\d+)?)([万千]?)$/.exec(s);
  if (m) return Number(m[1]) * (m[2] === '万' ? 10000 : m[2] === '千' ? 1000 : 1);
  return chineseNumber(s);
}

interface Candidate {
  index: number;
  count: number;
  unit: string;
  /** The period word ("月", "季度") when the count is per period. */
  period?: string;
  /** The count per period, before it was made a yearly total. */
  perPeriod?: number;
  /** In a "每次/每场/每期" clause: a threshold for each occasion, not the target itself. */
  each?: boolean;
}

/** The clause (up to 12 characters) before a match: what qualifies its number. */
const clauseBefore = (s: string, start: number) => s.slice(Math.max(0, start - 12), start).split(/[，,。；;！!？?\n]/).pop() ?? '';
const EACH_RE = /每(?:一)?(?:次|场|期|场次|轮)/;

/** The period of "每季度…" just before the match (same clause) or of "/季度" right after it. */
function periodOf(s: string, start: number, end: number): string | null {
  const after = PERIOD_AFTER_RE.exec(s.slice(end));
  if (after) return after[1];
  const before = PERIOD_BEFORE_RE.exec(clauseBefore(s, start));
  return before ? before[1] : null;
}

function candidates(s: string, re: RegExp, bare: boolean): Candidate[] {
  const out: Candidate[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const [whole, numText, unit] = m;
    const unitEnd = m.index + whole.lastIndexOf(unit) + unit.length;
    if (NOT_A_UNIT[unit]?.test(s.slice(unitEnd))) continue;
    // A lone 一 outside a clear phrase is nearly always an article: 一户一策, 一次性, 一人一档.
    if (bare && /^[一]$/.test(numText.trim())) continue;
    const n = parseNumber(numText);
    if (n === null || n <= 0) continue;
    const numIndex = m.index + whole.indexOf(numText);
    const clause = clauseBefore(s, m.index) + whole;
    if (EACH_RE.test(clause)) {
      out.push({ index: numIndex, count: n, unit, each: true });
      continue;
    }
    const period = unit === '%' ? null : periodOf(s, m.index, unitEnd);
    const count = period ? n * PER_YEAR[period] : n;
    out.push({ index: numIndex, count: Math.round(count * 1000) / 1000, unit, ...(period ? { period, perPeriod: n } : {}) });
  }
  return out;
}

function percentWords(s: string): Candidate[] {
  const out: Candidate[] = [];
  PERCENT_WORDS_RE.lastIndex = 0;
  for (let m = PERCENT_WORDS_RE.exec(s); m; m = PERCENT_WORDS_RE.exec(s)) {
    const n = parseNumber(m[1]);
    if (n !== null && n > 0) out.push({ index: m.index, count: n, unit: '%' });
  }
  return out;
}

function first(list: Candidate[]): Candidate | null {
  if (list.length === 0) return null;
  return list.reduce((a, b) => (b.index < a.index ? b : a));
}

const PEOPLE = new Set(['人', '人次', '名']);
const OCCASIONS = new Set(['次', '场', '场次', '期']);
/**
 * Staff, not attendance: "配备专人不少于6名" is proved by a roster, and adding up the people at
 * meetings would pass it with one big meeting. The self-check leaves such targets to the clerk.
 */
export const STAFFING_RE = /配备|配齐|专职|兼职|专人|编制|人员队伍|工作人员|联络员|管理员|讲解员/;

/** A count of people on the staff (by its words), which attendance cannot prove. */
export function isStaffing(text: string, unit: string): boolean {
  return PEOPLE.has(unit) && STAFFING_RE.test(text);
}

function toTarget(s: string, best: Candidate, all: Candidate[]): Target {
  const t: Target = { count: best.count, unit: best.unit };
  if (best.unit === '%') t.kind = 'rate';
  else if (isStaffing(s, best.unit)) t.kind = 'staffing';
  const cadence = best.period ? CADENCE[best.period] : undefined;
  if (cadence && best.perPeriod != null) t.cadence = { period: cadence, count: best.perPeriod };
  if (OCCASIONS.has(best.unit)) {
    const each = first(all.filter((c) => c.each && PEOPLE.has(c.unit)));
    if (each) t.perOccasion = { count: each.count, unit: each.unit };
  }
  return t;
}

/**
 * The quantitative target of a requirement: the first clear phrase (不少于/至少/≥/达到 N单位, N单位以上);
 * failing that, the first number with a unit ("两次", "召开2次"). Periodic targets keep their yearly
 * total with their cadence ("每季度至少1次" → 4 次, each quarter 1); "每次…不少于50人" after an
 * occasion count is its per-occasion threshold. Null when no number carries a unit.
 */
export function parseTarget(requirement: string): Target | null {
  if (!requirement) return null;
  const s = normalizeWidth(requirement).replace(/＞＝/g, '>=');
  const clear = [...candidates(s, KEYWORD_RE, false), ...candidates(s, ABOVE_RE, false)];
  const lead = new RegExp(`${LEAD}\\s*(?:为|了)?\\s*百分之`);
  for (const p of percentWords(s)) {
    if (lead.test(s.slice(Math.max(0, p.index - 6), p.index + 3))) clear.push(p);
  }
  const bare = [...candidates(s, BARE_RE, true), ...percentWords(s)];
  // A per-occasion threshold is the target only when nothing else is ("每次不少于50人").
  const best = first(clear.filter((c) => !c.each)) ?? first(bare.filter((c) => !c.each)) ?? first(clear);
  if (!best) return null;
  if (best.each) return { count: best.count, unit: best.unit };
  return toTarget(s, best, [...clear, ...bare]);
}

const hasDetail = (t: Target) => t.kind !== undefined || t.cadence !== undefined || t.perOccasion !== undefined;

/**
 * The target the self-check applies. The archive stores a target's count and unit; when they are
 * what the requirement text reads, the text's full reading (cadence, per-occasion, kind) applies —
 * stored before these existed, "每月召开1次" was 12 次 only because nothing else could be kept.
 * A stored target that differs from the text (the clerk corrected it) means exactly what it says.
 */
export function effectiveTarget(requirement: string, stored: Target | null): Target | null {
  if (!stored || hasDetail(stored)) return stored;
  const parsed = parseTarget(requirement);
  return parsed && parsed.count === stored.count && parsed.unit === stored.unit ? parsed : stored;
}

const PERIOD_WORDS: Record<TargetPeriod, { each: string; many: string }> = {
  month: { each: '每月', many: '个月' },
  quarter: { each: '每季度', many: '个季度' },
  half: { each: '每半年', many: '个半年' },
  year: { each: '每年', many: '年' },
};

/** The unit of a cadence's periods as counted: 个月, 个季度, 个半年, 年. */
export const periodWord = (p: TargetPeriod) => PERIOD_WORDS[p].many;

/**
 * The target in the clerk's words, shown beside the requirement so a misread is seen at once:
 * "不少于 12 次；每次不少于 50 人", "每月至少 1 次，共 12 个月", "专职人员不少于 3 人（人工核对）".
 */
export function describeTarget(t: Target | null): string {
  if (!t) return '';
  const num = (n: number, unit: string) => (unit === '%' ? `${n}%` : `${n} ${unit}`);
  let text: string;
  if (t.cadence) {
    const w = PERIOD_WORDS[t.cadence.period];
    const periods = Math.round(t.count / t.cadence.count);
    text = t.cadence.period === 'year' ? `每年不少于 ${num(t.cadence.count, t.unit)}` : `${w.each}至少 ${num(t.cadence.count, t.unit)}，共 ${periods} ${w.many}`;
  } else if (t.kind === 'rate' || t.unit === '%') {
    text = `不低于 ${num(t.count, t.unit)}`;
  } else {
    text = `不少于 ${num(t.count, t.unit)}`;
  }
  if (t.perOccasion) text += `；每次不少于 ${num(t.perOccasion.count, t.perOccasion.unit)}`;
  if (t.kind === 'staffing') text = `人员${text}（人工核对）`;
  if (t.kind === 'rate') text += '（由经办人填报）';
  return text;
}
