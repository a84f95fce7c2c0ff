// Where an inbox item belongs: the lowest-level indicators whose title and requirement share the
// most telling words with the item's title and text. Words come from jieba (@node-rs/jieba, its
// dictionary loaded once per process, on first use); the ranking is BM25 over the indicators,
// an indicator's title counting three times its requirement, and the item's title twice its text.
// Words every campaign's indicators and documents use (工作, 开展, 情况) tell nothing and weigh little.
import type { Indicator } from '../../shared/domain';
import type { FilingSuggestion } from '../../shared/text-types';
import { jieba } from './jieba';

export interface FilingIndicator {
  code: string;
  title: string;
  requirement: string;
}

export type Cutter = (text: string) => string[];

/** jieba in search mode (科普讲座 → 科普, 讲座), or null when its native part cannot be loaded here (character pairs stand in). */
function cutter(): Cutter | null {
  const j = jieba();
  return j ? (text) => j.cutForSearch(text, true) : null;
}

/** Words that say nothing about which indicator is meant. */
const STOP = new Set([
  '关于', '通知', '的', '和', '与', '及', '以及', '或', '等', '对', '为', '在', '了', '是', '有', '将', '把', '被', '由', '从', '向', '于', '其', '并', '各', '每', '本', '该',
  '不少', '少于', '不少于', '以上', '以下', '不低于', '达到', '全年', '每年', '年度', '一次', '次数', '人次', '有关', '相关', '进行', '要求', '按照', '根据', '通过', '结合',
  '我们', '同志', '单位', '部门', '各级', '全县', '县级', '我县', '某县', '现将', '如下', '事项', '附件', '联系人', '联系电话', '电话', '地点', '时间', '序号', '姓名', '签名', '职务',
  '一是', '二是', '三是', '第一', '第二', '第三', '上午', '下午', '印发', '办公室', '文件',
]);
/** Words every indicator of a campaign and every document about it uses: kept, at a fifth of their weight. */
const GENERIC = new Set([
  '工作', '开展', '情况', '组织', '活动', '创建', '加强', '落实', '建立', '健全', '完善', '实施', '举办', '召开', '制定', '明确', '做好', '提高', '提升', '积极', '深入',
  '全面', '广泛', '参与', '参加', '人员', '干部', '职工', '群众', '内容', '形式', '方面', '问题', '意见', '方案', '制度', '材料', '记录', '台账', '资料', '会议', '报告', '总结', '计划',
  '示范', '宣传', '签到', '签到表', '照片', '领导', '县委', '政府', '人民政府',
]);

const TITLE_FIELD = 3;
const QUERY_TITLE = 2;
const K1 = 1.2;
const B = 0.75;
/** An item's text beyond this (a notice's head, title and first paragraph; a sheet's title and first rows) tells little more, and cutting it is most of the time when 10,000 items are ranked. */
const TEXT_CHARS = 800;

/**
 * The words of a text that can tell an indicator: two characters or more, not a number, not a
 * stop word. `cut` null: character pairs, as where jieba cannot load.
 */
export function filingWords(text: string, cut: Cutter | null = cutter()): string[] {
  const out: string[] = [];
  // One call into jieba for the whole text (a call per phrase costs more than the cutting).
  for (const raw of cut ? cut(text) : pairs(text)) {
    const w = raw.toLowerCase();
    if (w.length < 2 || !/^[\p{Script=Han}a-z0-9]+$/u.test(w) || /^[\d]+$/.test(w) || /^\d+[年月日次人个名份]$/.test(w) || STOP.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Overlapping pairs of Han characters (and Latin words whole): the segmenter's stand-in. */
function pairs(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\p{Script=Han}]+|[A-Za-z0-9]+/gu) ?? []) {
    if (!/\p{Script=Han}/u.test(run)) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** The shared words for the tooltip, the weightiest first: 志愿者, not also 志愿 and 愿者 (search mode's pieces of it). */
function shown(words: string[]): string[] {
  return words.filter((w) => !words.some((o) => o !== w && o.length > w.length && o.includes(w))).slice(0, 5);
}

const count = (words: string[]) => {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
};

/**
 * The lowest-level indicators, indexed once for ranking many items: an inverted index from each
 * word to the indicators it weighs in, with its BM25 weight there.
 */
export class FilingIndex {
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  /** Words that single out a few indicators: not generic, and in at most 40% of them (科普 in a 科普 campaign's tree is not). */
  private readonly telling = new Set<string>();
  /** What an item whose title held all of an indicator's title words would score: the 1 of the scale. */
  private readonly full: number[];

  constructor(private readonly indicators: FilingIndicator[]) {
    const docs = indicators.map((ind) => {
      const tf = count(filingWords(ind.requirement));
      for (const [w, n] of count(filingWords(ind.title))) tf.set(w, (tf.get(w) ?? 0) + TITLE_FIELD * n);
      return tf;
    });
    const lengths = docs.map((tf) => [...tf.values()].reduce((a, b) => a + b, 0));
    const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length) || 1;
    const df = new Map<string, number>();
    for (const tf of docs) for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    const n = docs.length;
    for (const [w, f] of df) if (!GENERIC.has(w) && f <= Math.max(1, Math.ceil(n * 0.4))) this.telling.add(w);
    const weights = docs.map((tf, d) => {
      const out = new Map<string, number>();
      for (const [w, f] of tf) {
        const idf = Math.log(1 + (n - df.get(w)! + 0.5) / (df.get(w)! + 0.5));
        const sat = (f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[d]) / avg));
        out.set(w, idf * sat * (GENERIC.has(w) ? 0.2 : 1));
      }
      return out;
    });
    weights.forEach((ws, doc) => {
      for (const [w, weight] of ws) {
        const list = this.postings.get(w) ?? [];
        list.push({ doc, weight });
        this.postings.set(w, list);
      }
    });
    this.full = indicators.map((ind, d) => {
      const own = new Set(filingWords(ind.title));
      let s = 0;
      for (const w of own) s += QUERY_TITLE * (weights[d].get(w) ?? 0);
      // A title of nothing but generic words: the whole indicator is the scale.
      if (s <= 0) for (const v of weights[d].values()) s += QUERY_TITLE * v;
      return s;
    });
  }

  /** The lowest-level, live indicators of a tree. */
  static ofTree(indicators: Indicator[]): FilingIndex {
    const parents = new Set(indicators.filter((i) => !i.removed).map((i) => i.parentId));
    return new FilingIndex(indicators.filter((i) => !i.removed && !parents.has(i.id)).map((i) => ({ code: i.code, title: i.title, requirement: i.requirement })));
  }

  get size(): number {
    return this.indicators.length;
  }

  /** The indicators an item's title and text match best, at most `limit`, best first; [] when none shares a telling word. */
  rank(title: string, text: string, limit = 3): FilingSuggestion[] {
    const query = new Map<string, number>();
    for (const [w, n] of count(filingWords(text.slice(0, TEXT_CHARS)))) query.set(w, Math.min(QUERY_TITLE, 1 + 0.5 * Math.log2(n)));
    for (const w of filingWords(title)) query.set(w, QUERY_TITLE);
    const scores = new Map<number, { score: number; words: Map<string, number> }>();
    for (const [w, q] of query) {
      for (const { doc, weight } of this.postings.get(w) ?? []) {
        const s = scores.get(doc) ?? { score: 0, words: new Map<string, number>() };
        s.score += q * weight;
        s.words.set(w, q * weight);
        scores.set(doc, s);
      }
    }
    const ranked = [...scores.entries()]
      .map(([doc, s]) => ({ doc, score: Math.min(1, s.score / (this.full[doc] || 1)), raw: s.score, words: s.words }))
      // Words every indicator shares ("科普", "活动") are no reason to file anything.
      .filter((s) => s.score >= 0.1 && [...s.words.keys()].some((w) => this.telling.has(w)))
      .sort((a, b) => b.raw - a.raw || a.doc - b.doc)
      .slice(0, limit);
    let cap = 1;
    return ranked.map((s) => {
      // Ranked by the match itself; the score shown never rises down the list.
      cap = Math.min(cap, s.score);
      return {
        code: this.indicators[s.doc].code,
        title: this.indicators[s.doc].title,
        score: Math.round(cap * 100) / 100,
        words: shown([...s.words.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w)),
      };
    });
  }
}
