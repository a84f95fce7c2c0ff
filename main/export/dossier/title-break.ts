// Titles that need more than one line break between words (GB/T 9704: 标题回行时要做到词意完整，
// 排列对称，长短适宜), never inside one ("科技创/新竞赛"), into a trapezoid (each line as long as the
// one below it or longer) or a diamond (short, long, short); of the breaks that do, the most
// balanced is taken. Words come from jieba (main/text/jieba.ts, shared, loaded on first use).
import { jieba } from '../../text/jieba';
type Cutter = (text: string) => string[];

/** jieba's segmentation, or null when its native part cannot be loaded on this machine. */
function cutter(): Cutter | null {
  const j = jieba();
  return j ? (text) => j.cut(text, false) : null;
}

/** Never at the start of a line. */
const CLOSING = /^[，。、；：？！）》」』】〕〉”’%％·…—,.;:?!)\]}]/;
/** Never at the end of a line. */
const OPENING = /[（《「『【〔〈“‘([{]$/;
/** Units that belong with the number before them: 2023年, 12次, 第3届. */
const UNIT = /^[年月日号次届期个名人项条款章节点时分秒岁周%％]/;

/**
 * The title's words, as pieces that may not be split: punctuation joined to its neighbour, a
 * number to its unit, 第 to its number, Latin letters and digits kept together.
 */
export function titleWords(text: string, cut: Cutter | null = cutter()): string[] {
  const raw = cut ? cut(text) : [...text];
  // jieba's pieces must spell the text; if not (it should), fall back to characters.
  const words = raw.join('') === text ? raw.filter((w) => w !== '') : [...text];
  const out: string[] = [];
  for (const w of words) {
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      (CLOSING.test(w) ||
        OPENING.test(prev) ||
        /^\s+$/.test(w) ||
        (/[0-9０-９]$/.test(prev) && (UNIT.test(w) || /^[0-9０-９.．]/.test(w))) ||
        (/^[A-Za-z0-9]/.test(w) && /[A-Za-z0-9]$/.test(prev)) ||
        (prev.endsWith('第') && /^[0-9０-９一二三四五六七八九十百]/.test(w)))
    ) {
      out[out.length - 1] = prev + w;
    } else out.push(w);
  }
  return out;
}

/**
 * Lines for a title of the given width, broken between words: the fewest lines that hold it,
 * shaped as a trapezoid or a diamond and as even as the words allow. `measure` gives the width
 * of a line's text. A word longer than a line is cut between characters (nothing else fits).
 */
export function titleLines(text: string, width: number, measure: (s: string) => number, cut?: Cutter | null): string[] {
  const t = text.trim();
  if (!t || measure(t) <= width) return t ? [t] : [];
  let words = titleWords(t, cut === undefined ? cutter() : cut);
  words = words.flatMap((w) => (measure(w) > width ? [...w] : [w]));
  if (words.length > 80) return greedy(words, width, measure);
  const n = words.length;
  // Widths of words[i..j) for every span, once.
  const span: number[][] = [];
  for (let i = 0; i < n; i++) {
    span[i] = [];
    let s = '';
    for (let j = i + 1; j <= n; j++) {
      s += words[j - 1];
      span[i][j] = measure(s.trim());
    }
  }
  const minLines = greedy(words, width, measure).length;
  for (let k = minLines; k <= Math.min(n, minLines + 1); k++) {
    let best: { cost: number; cuts: number[] } | null = null;
    const cuts: number[] = [0];
    const walk = (start: number, left: number): void => {
      if (left === 1) {
        if (span[start][n] > width + 0.01) return;
        const all = [...cuts, n];
        const ws = all.slice(1).map((e, i) => span[all[i]][e]);
        const c = cost(ws);
        if (!best || c < best.cost) best = { cost: c, cuts: all };
        return;
      }
      for (let e = start + 1; e <= n - left + 1; e++) {
        if (span[start][e] > width + 0.01) break;
        cuts.push(e);
        walk(e, left - 1);
        cuts.pop();
      }
    };
    walk(0, k);
    const found = best as { cost: number; cuts: number[] } | null;
    // One more line only when the fewest lines cannot take a good shape.
    if (found && (found.cost < SHAPE_PENALTY || k === Math.min(n, minLines + 1))) {
      return found.cuts.slice(1).map((e, i) => words.slice(found.cuts[i], e).join('').trim());
    }
  }
  return greedy(words, width, measure);
}

const SHAPE_PENALTY = 1e6;

/** How uneven the lines are (spread of widths), plus a large penalty when the shape is neither a trapezoid nor a diamond. */
function cost(ws: number[]): number {
  const max = Math.max(...ws);
  const min = Math.min(...ws);
  let c = (max - min) ** 2 + ws.reduce((s, w) => s + (max - w) ** 2, 0) / ws.length;
  if (!isTrapezoid(ws) && !isDiamond(ws)) c += SHAPE_PENALTY;
  return c;
}

function isTrapezoid(ws: number[]): boolean {
  return ws.every((w, i) => i === 0 || w <= ws[i - 1] + 0.01);
}

/** Lines grow to a longest one and shrink after it; at least three lines, the ends shorter than the middle. */
function isDiamond(ws: number[]): boolean {
  if (ws.length < 3) return false;
  const top = ws.indexOf(Math.max(...ws));
  if (top === 0 || top === ws.length - 1) return false;
  return ws.every((w, i) => i === 0 || (i <= top ? w >= ws[i - 1] - 0.01 : w <= ws[i - 1] + 0.01));
}

function greedy(words: string[], width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && measure((cur + w).trim()) > width) {
      lines.push(cur.trim());
      cur = w;
    } else cur += w;
  }
  if (cur.trim()) lines.push(cur.trim());
  return lines;
}
