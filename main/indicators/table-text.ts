// Cell text as issued tables write it: numbered lines, list markers, codes inside titles
// ("Ⅱ—1 组织领导（20分）"), scores as "5分"; full-width punctuation kept in what is stored.
import { normalizeWidth, splitScoreNote, stripListMarker } from '../../shared/names';
import { chineseNumber } from '../../shared/targets';


/** Multi-line text kept as lines (scoring rules are often numbered lines), spaces collapsed. */
export function cleanMultiline(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\s\u3000\u00A0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** One line; a break inside Chinese text ("组织\n领导") is a wrap, not a space. */
export function oneLine(s: string): string {
  return cleanMultiline(s)
    .split('\n')
    .reduce((a, b) => (a === '' ? b : a + (/[\x21-\x7E]$/.test(a) && /^[\x21-\x7E]/.test(b) ? ' ' : '') + b), '');
}

// names.ts compares in half width; stored titles keep the clerk's full-width punctuation (，（）).
// normalizeWidth maps one char to one char once whitespace is collapsed, so positions carry over.
export function keepSuffix(flat: string, normalized: string): string {
  const cand = flat.slice(flat.length - normalized.length);
  return normalizeWidth(cand) === normalized ? cand.trim() : normalized;
}
export function keepPrefix(flat: string, normalized: string): string {
  const cand = flat.slice(0, normalized.length);
  return normalizeWidth(cand) === normalized ? cand.trim() : normalized;
}

export const ROMAN_CODE_RE = /^([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+(?:\s*[-—–－‐―]\s*\d+)*)\s*[、.．:：)]?\s*(?=\S)/;
export const ASCII_ROMAN_CODE_RE = /^([IVX]+(?:\s*[-—–－‐―]\s*\d+)+)\s*[、.．:：)]?\s*(?=\S)/;
export const LETTER_CODE_RE = /^([A-Z]\d+(?:[.\-]\d+)*)\s*[、.．:：)]?\s*(?=\S)/;

export function normalizeCode(raw: string): string | null {
  let s = normalizeWidth(raw)
    .replace(/[—–‐―]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^[(\[]|[)\]]$/g, '')
    .replace(/[、.,:：]+$/, '');
  if (!s) return null;
  const cn = chineseNumber(s);
  if (cn !== null) s = String(cn);
  // A 序号 cell holding words is not a code.
  if (s.length > 16 || /[\u4e00-\u9fff]/.test(s)) return null;
  return s;
}

export interface TitleParts {
  title: string;
  code: string | null;
  score: number | null;
}

/** "Ⅱ—1 组织领导（20分）" → code Ⅱ-1, title 组织领导, score 20; "一、" markers dropped. */
export function parseTitle(raw: string): TitleParts {
  let flat = oneLine(raw);
  let code: string | null = null;
  const norm = normalizeWidth(flat);
  const m = ROMAN_CODE_RE.exec(norm) ?? ASCII_ROMAN_CODE_RE.exec(norm) ?? LETTER_CODE_RE.exec(norm);
  if (m) {
    code = normalizeCode(m[1]);
    flat = keepSuffix(flat, normalizeWidth(norm.slice(m[0].length)));
  }
  const stripped = stripListMarker(flat);
  if (!code && stripped.numericCode) code = stripped.numericCode;
  const text = keepSuffix(flat, stripped.text);
  const split = splitScoreNote(text);
  const title = keepPrefix(text, split.title) || oneLine(raw);
  return { title, code, score: split.score };
}

export function parseScore(raw: string): number | null {
  const s = normalizeWidth(raw).replace(/\s+/g, '');
  const m = /^(\d+(?:\.\d+)?)分?(?:\(.*\))?$/.exec(s);
  return m ? Number(m[1]) : null;
}

export const TOTAL_RE = /^(合计|总计|总分|小计|共计|总分值|分值合计)/;
export const NOTE_RE = /^(注|说明|备注|附注|填表说明)\s*(?:[:：]|\d|[一二三四五六七八九]、|$)/;
