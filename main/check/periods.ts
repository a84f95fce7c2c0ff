// The periods a cadence target ("每月不少于1次") lays over the campaign window, named the way a
// clerk writes them: 2023年5月, 2023年第二季度, 2023年上半年 / 2022年4月至9月.
import type { TargetPeriod } from '../../shared/domain';

export interface Period {
  /** ISO dates, inclusive. */
  start: string;
  end: string;
  year: number;
  /** "2023年5月", "2023年第二季度", "2023年上半年", "2022年4月至2023年3月". */
  label: string;
  /** Month number, for naming several missing months of one year together (2023年5月、8月). */
  month?: number;
}

const QUARTERS = ['一', '二', '三', '四'];
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayNo = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
const ym = (s: string) => ({ y: +s.slice(0, 4), m: +s.slice(5, 7) });

/**
 * A period the window covers less than half of is not asked for: a window opening on 4月20日
 * cannot be blamed for April. Periods at least half inside are, in full.
 */
function mostlyInside(start: string, end: string, ws: string, we: string): boolean {
  const from = Math.max(dayNo(start), dayNo(ws));
  const to = Math.min(dayNo(end), dayNo(we));
  return to >= from && (to - from + 1) * 2 >= dayNo(end) - dayNo(start) + 1;
}

/**
 * Months and quarters are calendar ones (inspectors name them so). Half-years and years run from
 * the window's start: a window of 2022年4月 to 2023年3月 is one year, not parts of two; when it
 * starts in January or July they are the calendar's 上半年/下半年 anyway.
 */
export function periodsOf(period: TargetPeriod, windowStart: string, windowEnd: string): Period[] {
  const out: Period[] = [];
  const s = ym(windowStart);
  const e = ym(windowEnd);
  if (period === 'month' || period === 'quarter') {
    const step = period === 'month' ? 1 : 3;
    let y = s.y;
    let m = period === 'month' ? s.m : Math.floor((s.m - 1) / 3) * 3 + 1;
    while (y < e.y || (y === e.y && m <= e.m)) {
      const endM = m + step - 1;
      const p: Period = period === 'month'
        ? { start: iso(y, m, 1), end: iso(y, m, lastDay(y, m)), year: y, label: `${y}年${m}月`, month: m }
        : { start: iso(y, m, 1), end: iso(y, endM, lastDay(y, endM)), year: y, label: `${y}年第${QUARTERS[(m - 1) / 3]}季度` };
      if (mostlyInside(p.start, p.end, windowStart, windowEnd)) out.push(p);
      m += step;
      if (m > 12) { m -= 12; y++; }
    }
    return out;
  }
  const months = period === 'half' ? 6 : 12;
  const startDay = +windowStart.slice(8, 10);
  // The n-th span starts n×months after the window's start; it ends the day before the next one.
  const startOf = (n: number) => new Date(Date.UTC(s.y, s.m - 1 + n * months, startDay)).toISOString().slice(0, 10);
  for (let n = 0; startOf(n) <= windowEnd; n++) {
    const start = startOf(n);
    const end = new Date(Date.UTC(s.y, s.m - 1 + (n + 1) * months, startDay - 1)).toISOString().slice(0, 10);
    const a = ym(start);
    const b = ym(end);
    if (mostlyInside(start, end, windowStart, windowEnd)) out.push({ start, end, year: a.y, label: spanLabel(a.y, a.m, b.y, b.m, period, startDay) });
  }
  return out;
}

function spanLabel(y: number, m: number, ey: number, em: number, period: TargetPeriod, day: number): string {
  if (day === 1 && period === 'half' && y === ey && (m === 1 || m === 7)) return `${y}年${m === 1 ? '上' : '下'}半年`;
  if (day === 1 && period === 'year' && m === 1) return `${y}年`;
  return y === ey ? `${y}年${m}月至${em}月` : `${y}年${m}月至${ey}年${em}月`;
}

/** "2023年5月、8月、2024年1月" — months of one year named together, as a clerk lists them. */
export function namePeriods(list: Period[]): string {
  const parts: string[] = [];
  let year: number | null = null;
  for (const p of list) {
    if (p.month != null && year === p.year) parts[parts.length - 1] += `、${p.month}月`;
    else parts.push(p.label);
    year = p.month != null ? p.year : null;
  }
  return parts.join('、');
}
