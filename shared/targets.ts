// Quantitative targets in requirement texts ("全年不少于10次", "覆盖学校不少于10所", "≥ 15%").
// The self-check compares a target with what was filed inside the campaign's one-year window, so
// a periodic target ("每季度至少1次") is turned into its yearly total (4 次): one quarterly meeting
// filed is then reported as below target, which is what the inspector would say too.
// Pure; imports nothing outside shared/.

import type { Target } from './domain';
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
}

/** The yearly multiplier from "每季度…" just before the match (same clause) or "/季度" right after it. */
function perYear(s: string, start: number, end: number): number {
  const after = PERIOD_AFTER_RE.exec(s.slice(end));
  if (after) return PER_YEAR[after[1]];
  const clause = s.slice(Math.max(0, start - 12), start).split(/[，,。；;！!？?\n]/).pop() ?? '';
  const before = PERIOD_BEFORE_RE.exec(clause);
  return before ? PER_YEAR[before[1]] : 1;
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
    const count = unit === '%' ? n : n * perYear(s, m.index, unitEnd);
    out.push({ index: numIndex, count: Math.round(count * 1000) / 1000, unit });
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

function first(list: Candidate[]): Target | null {
  if (list.length === 0) return null;
  const best = list.reduce((a, b) => (b.index < a.index ? b : a));
  return { count: best.count, unit: best.unit };
}

/**
 * The quantitative target of a requirement: the first clear phrase (不少于/至少/≥/达到 N单位, N单位以上);
 * failing that, the first number with a unit ("两次", "召开2次"). Periodic targets become yearly
 * totals ("每季度至少1次" → 4 次). Null when no number carries a unit.
 */
export function parseTarget(requirement: string): Target | null {
  if (!requirement) return null;
  const s = normalizeWidth(requirement).replace(/＞＝/g, '>=');
  const clear = [...candidates(s, KEYWORD_RE, false), ...candidates(s, ABOVE_RE, false)];
  const lead = new RegExp(`${LEAD}\\s*(?:为|了)?\\s*百分之`);
  for (const p of percentWords(s)) {
    if (lead.test(s.slice(Math.max(0, p.index - 6), p.index + 3))) clear.push(p);
  }
  return first(clear) ?? first([...candidates(s, BARE_RE, true), ...percentWords(s)]);
}
