// Text as Excel, WPS and LibreOffice accept it without a repair prompt: no characters XML 1.0
// forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF), no C1 controls, no literal _xHHHH_
// (Excel reads that as an escaped character), at most 32,767 characters a cell; and sheet
// names Excel allows. Widths count a Chinese character as two columns.
import { displayWidth as sharedDisplayWidth } from '../../../shared/text-width';

/** Excel's limit on the characters of one cell. */
export const CELL_MAX = 32767;
/** Excel's limit on a sheet name. */
export const SHEET_NAME_MAX = 31;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface Cleaned {
  text: string;
  /** Characters were removed (controls, lone surrogates). */
  stripped: boolean;
  /** Cut to the cell limit. */
  truncated: boolean;
}

/**
 * Text for one cell. Line breaks are kept when `multiline` (normalised to \n), else they and tabs
 * become spaces; everything XML or Excel cannot hold is removed.
 */
export function cleanText(raw: string | null | undefined, multiline = false): Cleaned {
  let s = (raw ?? '').replace(/\r\n?/g, '\n');
  s = multiline ? s.replace(/\t/g, ' ') : s.replace(/[\n\t]+/g, ' ');
  const before = s.length;
  s = s.replace(CONTROL, '').replace(LONE_SURROGATE, '');
  const stripped = s.length !== before;
  // Excel decodes _xHHHH_ in shared strings; the underscore escaped as _x005F_ keeps the text literal.
  s = s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  let truncated = false;
  if (s.length > CELL_MAX) {
    let cut = CELL_MAX - 1;
    if (/[\uD800-\uDBFF]/.test(s[cut - 1])) cut--; // never split a surrogate pair
    s = `${s.slice(0, cut)}…`;
    truncated = true;
  }
  return { text: s, stripped, truncated };
}

/**
 * Display columns: two for CJK and other wide characters, one otherwise. Characters of ambiguous
 * width that Chinese fonts draw full width (“”、‘’, ·, —, …, ①, Ⅱ, ★, □) count as two, so that
 * widths and row heights err on the roomy side.
 */
export function displayWidth(s: string): number {
  return sharedDisplayWidth(s, { ambiguousWide: true });
}

/** A column width (in Excel's character units) that fits the widest line, within [min, max]. */
export function columnWidth(texts: string[], min: number, max: number): number {
  // A loop rather than Math.max(...): an archive may hold more lines than a call takes arguments.
  let widest = 0;
  for (const t of texts) for (const line of t.split('\n')) widest = Math.max(widest, displayWidth(line));
  return Math.min(max, Math.max(min, widest + 2));
}

/** Lines a text takes when wrapped in a column of `width` character units. */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 2);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/** Excel's largest row height, in points. */
export const ROW_HEIGHT_MAX = 409;

/**
 * A sheet name Excel accepts: none of []:*?/\ (nor the apostrophe, which the print-title
 * reference would need escaped), no controls, not blank, at most 31 characters, not History,
 * and unique ignoring case among `taken` (which it is added to).
 */
export function sheetName(raw: string, taken: Set<string>): string {
  let base = cleanText(raw).text.replace(/[[\]:*?/\\']/g, ' ').replace(/\s+/g, ' ').trim();
  if (!base || base.toLowerCase() === 'history') base = `${base || '指标'}表`;
  const fit = (s: string, room: number) => {
    let out = '';
    for (const ch of s) {
      if (out.length + ch.length > room) break;
      out += ch;
    }
    return out.trim();
  };
  let name = fit(base, SHEET_NAME_MAX);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `(${n})`;
    name = `${fit(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}
