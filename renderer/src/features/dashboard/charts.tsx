// Two small SVG charts drawn by hand, sized in pixels to their container so text never scales:
// stacked horizontal bars (已达标 / 未达标 / 缺材料 per row) and columns (items per month).
import { useSize } from '../../components';

/** Width of a string in pixels at a font size: CJK and full-width characters are square, the rest about half. */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80 || (c >= 0x3000 && c <= 0x303f)) w += fontSize;
    else if (/[A-Z0-9]/.test(ch)) w += fontSize * 0.62;
    else w += fontSize * 0.52;
  }
  return w;
}

/** The string cut to fit a width, ending in … when cut. */
export function fit(s: string, width: number, fontSize: number): string {
  if (textWidth(s, fontSize) <= width) return s;
  const chars = [...s];
  let out = '';
  const room = width - textWidth('…', fontSize);
  for (const ch of chars) {
    if (textWidth(out + ch, fontSize) > room) break;
    out += ch;
  }
  return out + '…';
}

/** Round numbers for an axis from 0 to at least max: 0, 5, 10 … */
function ticks(max: number, want = 5): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / want;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const stepInt = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) out.push(v);
  return out;
}

export interface StackRow {
  key: string;
  /** Left label, e.g. "一 组织管理"; cut to fit with the full text as a tooltip. */
  label: string;
  met: number;
  unverified: number;
  below: number;
  missing: number;
}

const SEGMENTS = [
  { key: 'met', label: '已达标', color: 'var(--met)' },
  { key: 'unverified', label: '待核对', color: 'var(--unverified)' },
  { key: 'below', label: '未达标', color: 'var(--below)' },
  { key: 'missing', label: '缺材料', color: 'var(--missing)' },
] as const;

export function Legend() {
  return (
    <div className="dash-legend" aria-hidden="true">
      {SEGMENTS.map((s) => (
        <span key={s.key}>
          <i style={{ background: s.color }} />
          {s.label}
        </span>
      ))}
    </div>
  );
}

const FS = 13;
const ROW = 28;
const BAR = 18;

/** One row per indicator or department, one bar split into 已达标 / 未达标 / 缺材料 counts. */
export function StackedBars(props: { rows: StackRow[]; title: string; testId: string }) {
  const [ref, { width }] = useSize<HTMLDivElement>();
  const rows = props.rows;
  // As wide as the longest label needs, but never more than a third of the chart.
  const longest = Math.max(0, ...rows.map((r) => textWidth(r.label, FS)));
  const labelWidth = Math.round(Math.min(Math.max(48, longest + 2), Math.max(96, width * 0.34)));
  const totalWidth = 72; // room for "12/20 达标" at the end of each bar
  const barX = labelWidth + 12;
  const barMax = Math.max(40, width - barX - totalWidth);
  const max = Math.max(1, ...rows.map((r) => r.met + r.unverified + r.below + r.missing));
  const scale = barMax / max;
  const height = rows.length * ROW + 4;

  return (
    <div ref={ref} className="dash-chart" data-testid={props.testId}>
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label={props.title} fontSize={FS}>
          {rows.map((r, i) => {
            const y = i * ROW + 2;
            const total = r.met + r.unverified + r.below + r.missing;
            let x = barX;
            const label = fit(r.label, labelWidth, FS);
            return (
              <g key={r.key} data-testid={`${props.testId}-row`}>
                <title>{`${r.label}：已达标 ${r.met}，待核对 ${r.unverified}，未达标 ${r.below}，缺材料 ${r.missing}`}</title>
                <text x={labelWidth} y={y + ROW / 2} textAnchor="end" dominantBaseline="central" fill="var(--text)">
                  {label}
                </text>
                {SEGMENTS.map((s) => {
                  const n = r[s.key];
                  if (!n) return null;
                  const w = n * scale;
                  const seg = (
                    <g key={s.key}>
                      <rect x={x} y={y + (ROW - BAR) / 2} width={Math.max(1, w - 1)} height={BAR} fill={s.color} />
                      {w >= textWidth(String(n), 12) + 6 && (
                        <text x={x + w / 2} y={y + ROW / 2} textAnchor="middle" dominantBaseline="central" fill="#fff" fontSize={12}>
                          {n}
                        </text>
                      )}
                    </g>
                  );
                  x += w;
                  return seg;
                })}
                <text x={barX + total * scale + 6} y={y + ROW / 2} dominantBaseline="central" fill="var(--muted)" fontSize={12}>
                  {total ? `${r.met}/${total} 达标` : '无末级指标'}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Items per month as columns, with the months without items shown as gaps, not left out. */
export function MonthColumns(props: { months: { month: string; items: number }[]; testId: string }) {
  const [ref, { width }] = useSize<HTMLDivElement>();
  const sorted = [...props.months].sort((a, b) => a.month.localeCompare(b.month));
  const counts = new Map(sorted.map((m) => [m.month, m.items]));
  const months = sorted.length ? monthsBetween(sorted[0].month, sorted[sorted.length - 1].month) : [];
  const data = months.map((month) => ({ month, items: counts.get(month) ?? 0 }));

  const height = 180;
  const top = 18;
  const bottom = 40; // month and year labels
  const left = 40;
  const right = 8;
  const plotW = Math.max(60, width - left - right);
  const plotH = height - top - bottom;
  const yTicks = ticks(Math.max(1, ...data.map((d) => d.items)), 4);
  const yMax = yTicks[yTicks.length - 1];
  const slot = data.length ? plotW / data.length : plotW;
  const colW = Math.max(2, Math.min(36, slot * 0.7));
  // Label every nth month so labels ("10月" is about 34 px) never touch.
  const every = Math.max(1, Math.ceil(36 / slot));
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  // A year label under the first month and under each January, dropping one that would run into the next.
  const yearAt = new Set<number>();
  let nextX = Infinity;
  for (let i = data.length - 1; i >= 0; i--) {
    if (i !== 0 && !data[i].month.endsWith('-01')) continue;
    const x = left + slot * i + 2;
    if (x + 44 <= nextX) {
      yearAt.add(i);
      nextX = x;
    }
  }

  return (
    <div ref={ref} className="dash-chart" data-testid={props.testId}>
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label="每月材料件数" fontSize={12}>
          {yTicks.map((t) => (
            <g key={t}>
              <line x1={left} x2={left + plotW} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#9aa0a8' : '#e6e8eb'} />
              <text x={left - 6} y={y(t)} textAnchor="end" dominantBaseline="central" fill="var(--muted)">
                {t}
              </text>
            </g>
          ))}
          {data.map((d, i) => {
            const cx = left + slot * i + slot / 2;
            const [yy, mm] = d.month.split('-');
            const newYear = yearAt.has(i);
            return (
              <g key={d.month} data-testid={`${props.testId}-column`}>
                <title>{`${yy}年${Number(mm)}月：${d.items} 件`}</title>
                {d.items > 0 && (
                  <rect x={cx - colW / 2} y={y(d.items)} width={colW} height={y(0) - y(d.items)} fill="var(--accent)" rx={1} />
                )}
                {d.items > 0 && slot >= textWidth(String(d.items), 11) + 2 && (
                  <text x={cx} y={y(d.items) - 4} textAnchor="middle" fill="var(--text)" fontSize={11}>
                    {d.items}
                  </text>
                )}
                {i % every === 0 && (
                  <text x={cx} y={top + plotH + 15} textAnchor="middle" fill="var(--muted)">
                    {Number(mm)}月
                  </text>
                )}
                {newYear && (
                  <text x={left + slot * i + 2} y={top + plotH + 32} textAnchor="start" fill="var(--text)">
                    {yy}年
                  </text>
                )}
                {mm === '01' && i > 0 && <line x1={left + slot * i} x2={left + slot * i} y1={top + plotH} y2={top + plotH + 36} stroke="#c9cdd3" />}
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
