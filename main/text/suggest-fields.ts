// 日期, 文号, 责任者, 题名 and 参与人数 read from an item's page texts, offered to the clerk (never
// written without a click). Where each is printed follows GB/T 9704: the 红头 (发文机关标志 "…文件"),
// the 发文字号 under it, the title below the red rule, the 落款 (署名 over the 成文日期) at the
// right under the body, and the 版记 (印发机关和印发日期) at the foot, whose date is not the
// document's. Minutes and sign-in sheets print the meeting's 时间：… near the top.
import type { FileRole, ItemKind } from '../../shared/domain';
import type { FieldSuggestion, PageText, SuggestionField } from '../../shared/text-types';
import { halfWidth } from '../../shared/names';
import { countSignedRows, rowsOf, SIGNIN_TITLE, type SheetRow } from './signin-count';

export interface SourceText {
  /** The file's name as the clerk sees it: 通知.pdf. */
  name: string;
  role: FileRole;
  pages: PageText[];
}

export type Suggestion = Omit<FieldSuggestion, 'current'>;

/** Spaces dropped except between two Latin letters or digits ("科普 中国 APP 2023" → "科普中国APP 2023"). */
const compact = (s: string) => s.replace(/\s+/g, (m, i: number, all: string) => (/[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + m.length] ?? '') ? ' ' : '')).trim();
/** As printed, without spaces, 曰 (a frequent misreading of 日) as 日. */
const printed = (s: string) => s.replace(/\s+/g, '').replace(/曰/g, '日');
/** For matching: the printed text half-width, character for character (an index in one is an index in the other). */
const flat = (s: string) => halfWidth(printed(s));
/** A title as the clerk would type it: full-width digits and letters half-width, Chinese punctuation kept. */
const titleText = (s: string) => compact(s).replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

// ---- dates ----

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, '○': 0, O: 0, o: 0, '0': 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN = '〇零○Oo0一二两三四五六七八九';

/** 二〇二三 → 2023; 十 → 10, 二十一 → 21. */
function cnNumber(s: string): number | null {
  if (s.includes('十')) {
    const [a, b] = s.split('十');
    const tens = a === '' ? 1 : CN_DIGITS[a];
    const ones = b === '' ? 0 : CN_DIGITS[b];
    return tens == null || ones == null || a.length > 1 || b.length > 1 ? null : tens * 10 + ones;
  }
  let n = 0;
  for (const c of s) {
    const d = CN_DIGITS[c];
    if (d == null) return null;
    n = n * 10 + d;
  }
  return s ? n : null;
}

/** A date that can stand on evidence: a real day, from 1990 to next year. */
function isoDate(y: number, m: number, d: number): string | null {
  const latest = new Date().getFullYear() + 1;
  if (y < 1990 || y > latest || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return null;
  return t.toISOString().slice(0, 10);
}

const ARABIC_DATE = /((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})[日号]/;
const CN_DATE = new RegExp(`([${CN}]{4})年([${CN}十]{1,3})月([${CN}十]{1,3})日`);
const SEP_DATE = /((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/;

export interface FoundDate {
  iso: string;
  /** As printed (spaces dropped): 2023年2月10日, 二〇二三年二月十日. */
  evidence: string;
  /** Where the match starts in the flattened text. */
  index: number;
}

/**
 * The first date in the text: 2023年2月10日 (also with spaces or 曰 from OCR), 二〇二三年二月十日.
 * `separators`: the text follows a 时间 label, so 2023.3.22 and a day without its 日 are dates too.
 */
export function findDate(text: string, separators = false): FoundDate | null {
  const s = flat(text);
  const shown = printed(text);
  const found: FoundDate[] = [];
  const a = ARABIC_DATE.exec(s);
  if (a) {
    const iso = isoDate(+a[1], +a[2], +a[3]);
    if (iso) found.push({ iso, evidence: a[0], index: a.index });
  }
  const c = CN_DATE.exec(s);
  if (c) {
    const y = cnNumber(c[1]);
    const m = cnNumber(c[2]);
    const d = cnNumber(c[3]);
    const iso = y != null && m != null && d != null ? isoDate(y, m, d) : null;
    if (iso) found.push({ iso, evidence: c[0], index: c.index });
  }
  if (separators) {
    const p = SEP_DATE.exec(s);
    if (p) {
      const iso = isoDate(+p[1], +p[2], +p[3]);
      if (iso) found.push({ iso, evidence: p[0], index: p.index });
    }
    // After a 时间 label the day may have lost its 日 to OCR ("2023年3月22晶地点"): shown as printed.
    const l = !a && /((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})(?!\d)/.exec(s);
    const iso = l ? isoDate(+l[1], +l[2], +l[3]) : null;
    if (l && iso) return { iso, evidence: `${+l[1]}年${+l[2]}月${+l[3]}日`, index: l.index };
  }
  const first = found.sort((x, y) => x.index - y.index)[0];
  return first ? { ...first, evidence: shown.slice(first.index, first.index + first.evidence.length) } : null;
}

/**
 * A row that is a date and nothing else: the 成文日期 of a 落款. The office's seal is pressed over
 * it, so OCR often misreads a character under the ink ("2023年2月10幽"): a row of three numbers
 * with a single character between them reads as the date, shown as it was printed.
 */
function dateOnly(text: string): FoundDate | null {
  const d = findDate(text);
  if (d) {
    const rest = printed(text).replace(d.evidence, '').replace(/[\p{P}\s]/gu, '');
    return rest === '' ? d : null;
  }
  const loose = /^((?:19|20)\d{2})\D(\d{1,2})\D(\d{1,2})\D?$/.exec(flat(text));
  const iso = loose ? isoDate(+loose[1], +loose[2], +loose[3]) : null;
  return loose && iso ? { iso, evidence: `${+loose[1]}年${+loose[2]}月${+loose[3]}日`, index: 0 } : null;
}

/** The 版记's 印发 line ("某县人民政府办公室 2023年2月12日印发") and what follows it are not the body. */
const PRINTED_LINE = /印发$|日印发|^抄送[:：]|^主题词/;

/** A meeting's 时间 field: 会议时间：2023年3月22日上午9:00, 时间：2023年3月22日. */
const TIME_FIELD = /(?:会议|活动|培训|讲座|签到)?(?:时间|日期)[:：]?/;

// ---- 文号 ----

const OPEN = '〔\\[(【{「<［（';
const CLOSE = '〕\\])】}」>］）';
const DOC_NUMBER = new RegExp(`^(?:发文字号|文号)?[:：]?([\\p{Script=Han}A-Za-z]{1,16}?)[${OPEN}]((?:19|20)\\d{2})[${CLOSE}]第?0*(\\d{1,5})号$`, 'u');

/**
 * A 发文字号 standing on its own row (a number cited in the body, "（某政发〔2022〕12号）", is not
 * the document's): 某政办〔2023〕5号 from "某政办 [2023〕 5 号", "某政办〔2023) 第05号". A 签发人 at
 * the right of the row (上行文) is left aside.
 */
export function readDocNumber(text: string): { value: string; evidence: string } | null {
  const s = flat(text).replace(/签发人[:：].*$/, '');
  const m = DOC_NUMBER.exec(s);
  if (!m) return null;
  return { value: `${m[1]}〔${m[2]}〕${m[3]}号`, evidence: printed(text).slice(0, s.length) };
}

// ---- 责任者 and 题名 ----

/** The last words of an issuing body's name. */
const BODY_END = /(?:人民政府|政府|办公室|委员会|办事处|委|办|局|厅|部|处|科|协会|学会|联合会|科协|妇联|团委|工会|党委|党组|支部|总支|工委|中心|站|所|院|校|学校|小学|中学|公司|集团|医院|社区|村|镇|乡|街道|领导小组|指挥部|队|会)$/;
const HAN_ONLY = /^[\p{Script=Han}（）()·]+$/u;
/** How titles end (GB/T 9704 文种, and the records filed with them). */
const TITLE_END = /(?:通知|通报|决定|决议|意见|方案|办法|规定|细则|规则|制度|报告|请示|批复|函|纪要|记录|计划|规划|总结|公告|通告|要点|讲话|名单|倡议书|简报|说明|签到表|安排|通讯录)$/;
/** Rows of the 版头 that are neither the 红头 nor the title: 份号, 密级, 紧急程度, 签发人, rules. */
const HEAD_NOISE = /^(?:\d{6}|机密|秘密|绝密|特急|加急|签发人|[-—_=─━]{3,}|★)/;

function redHead(rows: SheetRow[]): { value: string; evidence: string; index: number } | null {
  for (const [i, r] of rows.slice(0, 6).entries()) {
    const s = flat(r.text);
    const m = /^(.{2,40}?)文件$/.exec(s);
    if (m && HAN_ONLY.test(m[1])) return { value: m[1], evidence: printed(r.text), index: i };
  }
  return null;
}

/** Title rows from `start`: short rows, not ending like a sentence, up to the 主送 or the body; null when none reads as a title. */
function titleFrom(rows: SheetRow[], start: number, requireTitleWord: boolean): { value: string; index: number } | null {
  let i = start;
  while (i < rows.length && (HEAD_NOISE.test(flat(rows[i].text)) || flat(rows[i].text) === '')) i++;
  const taken: SheetRow[] = [];
  for (; i < rows.length && taken.length < 3; i++) {
    const s = compact(rows[i].text);
    const f = flat(rows[i].text);
    if (!f || /[:：]$/.test(f) || /[。；;，,]$/.test(f) || f.length > 40 || PRINTED_LINE.test(f) || findDate(f)?.evidence === f) break;
    // A row in a smaller face than the title's first row is the 主送 or the body (boxes known).
    if (taken.length && rows[i].bottom - rows[i].top < 0.75 * (taken[0].bottom - taken[0].top)) break;
    taken.push({ ...rows[i], text: s });
    if (TITLE_END.test(f)) break;
  }
  if (!taken.length) return null;
  const value = titleText(taken.map((r) => r.text).join(''));
  const f = flat(value);
  if (f.length < 4 || f.length > 80) return null;
  if (requireTitleWord && !TITLE_END.test(f) && !/^关于/.test(f)) return null;
  return { value, index: start };
}

// ---- the sources ----

interface Candidate extends Suggestion {
  /** Lower is better: how much this kind of evidence is worth for this kind of item. */
  rank: number;
  order: number;
}

type SourceKind = 'signin' | 'minutes' | 'document';
type Add = (field: SuggestionField, value: string | number, from: string, evidence: string, rank: number) => void;

function kindOfSource(src: SourceText): SourceKind {
  if (src.role === 'signin' || src.pages.some((p) => countSignedRows(p) != null)) return 'signin';
  const head = src.pages[0] ? flat(src.pages[0].text.split('\n').slice(0, 6).join('')) : '';
  if (src.role === 'minutes' || /会议记录|会议纪要|会议记要/.test(head)) return 'minutes';
  return 'document';
}

const where = (src: SourceText, page: number) => `${src.name} 第 ${page} 页`;
/** A 时间 field opening a row of a document ("二、会议时间：…"); a deadline (报送时间) is not a meeting's date. */
const BODY_TIME_FIELD = /^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\)|\d+[.、])?(?:会议|活动|培训|讲座)?时间[:：]/;

interface DateRow {
  d: FoundDate;
  page: number;
  signer: string | null;
  score: number;
}

/**
 * What the item's texts suggest, one suggestion per field, the best evidence first: for a
 * meeting, training or activity the date and title its minutes and sign-in sheet print; for a
 * document its own 落款 date and title. `sources` are the item's files in their order.
 */
export function suggestFields(sources: SourceText[], kind?: ItemKind): Suggestion[] {
  const kinds = sources.map(kindOfSource);
  const occasion =
    kind && ['meeting', 'activity', 'training', 'photos'].includes(kind) ? true
    : kind && ['document', 'plan', 'report'].includes(kind) ? false
    : kinds.some((k) => k !== 'document');
  // Ranks (lower wins): the evidence this kind of item is usually dated and named by comes first.
  const r = (forDocument: number, forOccasion: number) => (occasion ? forOccasion : forDocument);
  const cands: Candidate[] = [];
  const add: Add = (field, value, from, evidence, rank) => cands.push({ field, value, from, evidence, rank, order: cands.length });
  let signed = 0;
  const signedFrom: string[] = [];

  sources.forEach((src, si) => {
    const sk = kinds[si];
    const first = src.pages[0];
    if (!first) return;
    const firstRows = rowsOf(first);
    if (sk === 'document') readHead(where(src, first.page), firstRows, add, r);
    else {
      // 签到表 and 会议记录 name themselves in their first rows.
      const t = sk === 'signin' ? signinTitle(firstRows) : minutesTitle(firstRows);
      if (t) add('title', t, where(src, first.page), t, sk === 'minutes' ? r(1, 0) : r(2, 1));
      for (const row of firstRows.slice(0, 10)) {
        const m = /(?:主办|承办|组织|召集)单位[:：]([\p{Script=Han}（）()]{2,30})/u.exec(flat(row.text));
        if (m) add('responsible', m[1], where(src, first.page), m[0], 3);
      }
    }
    let dateRow: DateRow | null = null;
    let bodyEnded = false;
    const signedPages: number[] = [];
    for (const p of src.pages) {
      const rows = p === first ? firstRows : rowsOf(p);
      // The meeting's 时间 field: in the head of minutes and sheets, opening a row of a meeting notice.
      for (const row of sk === 'document' ? rows : rows.slice(0, 8)) {
        const f = flat(row.text);
        const m = sk === 'document' ? BODY_TIME_FIELD.exec(f) : TIME_FIELD.exec(f);
        if (!m) continue;
        const from = m.index + m[0].length;
        const d = findDate(printed(row.text).slice(from), true);
        if (d && d.index <= 2) {
          const label = printed(row.text).slice(m.index, from).replace(/^[^会活培讲签时日]+/, '');
          add('date', d.iso, where(src, p.page), `${label}${d.evidence}`, sk === 'document' ? r(3, 1) : r(1, 0));
          break;
        }
      }
      if (sk === 'signin') {
        const n = countSignedRows(p);
        if (n != null && n > 0) {
          signed += n;
          signedPages.push(p.page);
        }
      }
      if (sk !== 'document' || bodyEnded) continue;
      // The 落款 date: a row that is only a date, above the 版记; one under its 署名 and at the
      // right is the 落款, else the last.
      for (const [at, row] of rows.entries()) {
        if (PRINTED_LINE.test(flat(row.text))) {
          bodyEnded = true;
          break;
        }
        const d = dateOnly(row.text);
        if (!d) continue;
        const above = at > 0 ? flat(rows[at - 1].text) : '';
        const signer = above && HAN_ONLY.test(above) && above.length >= 3 && above.length <= 40 && BODY_END.test(above) ? above : null;
        const right = p.width > 0 && row.right > row.left && row.left > p.width * 0.35;
        const score = (signer ? 2 : 0) + (right ? 1 : 0);
        if (!dateRow || score >= dateRow.score) dateRow = { d, page: p.page, signer, score };
      }
    }
    if (signedPages.length) signedFrom.push(`${src.name} 第 ${signedPages.length > 1 ? `${signedPages[0]}–${signedPages[signedPages.length - 1]}` : signedPages[0]} 页`);
    const dr = dateRow as DateRow | null;
    if (dr) {
      add('date', dr.d.iso, where(src, dr.page), dr.d.evidence, r(0, 2));
      if (dr.signer) add('responsible', dr.signer, where(src, dr.page), dr.signer, 1);
    }
  });
  if (signed > 0) add('participants', signed, signedFrom.join('、'), `${signed} 人签名`, 0);

  const best = new Map<SuggestionField, Candidate>();
  for (const c of cands) {
    const b = best.get(c.field);
    if (!b || c.rank < b.rank || (c.rank === b.rank && c.order < b.order)) best.set(c.field, c);
  }
  const fieldOrder: SuggestionField[] = ['date', 'docNumber', 'responsible', 'title', 'participants'];
  return fieldOrder.filter((f) => best.has(f)).map((f) => {
    const { field, value, from, evidence } = best.get(f)!;
    return { field, value, from, evidence };
  });
}

/** A document's head: the 红头 (责任者), the 发文字号, and the title below them. */
function readHead(from: string, rows: SheetRow[], add: Add, r: (forDocument: number, forOccasion: number) => number): void {
  const head = redHead(rows);
  if (head) add('responsible', head.value, from, head.evidence, 0);
  let numberAt = -1;
  for (const [i, row] of rows.slice(0, 12).entries()) {
    const n = readDocNumber(row.text);
    if (n) {
      add('docNumber', n.value, from, n.evidence, 0);
      numberAt = i;
      break;
    }
  }
  const start = numberAt >= 0 ? numberAt + 1 : head ? head.index + 1 : 0;
  // Without a 版头 the first rows must read as a title (a 方案 or 总结 printed plainly).
  const t = titleFrom(rows, start, numberAt < 0 && !head);
  if (t) add('title', t.value, from, t.value, r(0, 2));
}

function signinTitle(rows: SheetRow[]): string | null {
  for (const [i, row] of rows.slice(0, 6).entries()) {
    const s = compact(row.text);
    if (!SIGNIN_TITLE.test(flat(s))) continue;
    // "签到表" alone under the meeting's name on the row above.
    if (/^签[到名字](?:表|册|单|簿)$/.test(flat(s)) && i > 0 && HAN_ONLY.test(flat(rows[i - 1].text))) return titleText(rows[i - 1].text) + s;
    return titleText(s).replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
  }
  return null;
}

function minutesTitle(rows: SheetRow[]): string | null {
  for (const row of rows.slice(0, 5)) {
    const s = compact(row.text);
    if (/(?:会议记录|会议纪要|会议记要|记录|纪要)$/.test(flat(s)) && flat(s).length <= 40 && !/[:：]/.test(s)) return titleText(s);
  }
  const name = rows.slice(0, 8).map((row) => /^会议(?:名称|主题)[:：](.{2,40})$/.exec(compact(row.text))).find(Boolean);
  return name ? name[1] : null;
}
