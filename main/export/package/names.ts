// Names inside the inspection package, safe wherever it is unpacked: Windows Explorer, a USB
// stick formatted FAT/exFAT/NTFS, Linux ext4, macOS. Pure functions, no file system.
//
// The rules: no <>:"/\|?* (replaced by their full-width forms, which read the same to a clerk),
// no control or bidi-override characters, no trailing dot or space, no reserved device names
// (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$, CONOUT$, also with an extension: CON.txt), each
// name at most SEGMENT_BYTES bytes in UTF-8 (ext4 allows 255), a whole path within PATH_UNITS
// UTF-16 units (what Windows counts against MAX_PATH; leaves room for the folder it is unpacked
// into), and no two names in one folder equal ignoring case (the second gets " (2)").
// Titles are shortened in the middle, keeping the numbers in front and the extension.

/** Longest package-relative path, in UTF-16 code units. */
export const PATH_UNITS = 240;
/** Longest single name, in UTF-8 bytes (ext4 and most Linux file systems: 255). */
export const SEGMENT_BYTES = 240;

const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  ':': '：',
  '"': '＂',
  '/': '／',
  '\\': '＼',
  '|': '｜',
  '?': '？',
  '*': '＊',
};

const RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidi overrides and isolates can make "照片‮gpj.exe" look like a photo; zero-width marks and the
// BOM are invisible. None belongs in a file name.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Text made safe to appear inside a name: well-formed, NFC, line breaks and tabs as one space,
 * other control characters as "_", the characters Windows forbids in their full-width form.
 * Not yet a whole name: trailing dots and reserved words are handled by safeName.
 */
export function cleanText(s: string): string {
  return s
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, '_')
    .replace(/[<>:"/\\|?*]/g, (c) => FULL_WIDTH[c])
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A reserved device name, with or without extension (CON, con.txt, LPT1.tar.gz, "NUL .txt"). */
export function isReservedName(name: string): boolean {
  const stem = name.split('.')[0].replace(/[ .]+$/, '');
  return RESERVED.test(stem);
}

/** "会议通知.pdf" → ["会议通知", ".pdf"]; "a." → ["a.", ""]; ".htaccess" → ["", ".htaccess"]. */
export function splitExt(name: string): [string, string] {
  const m = /\.[A-Za-z0-9]{1,10}$/.exec(name);
  return m ? [name.slice(0, m.index), m[0]] : [name, ''];
}

export function utf16Units(s: string): number {
  return s.length;
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** What a name is made of: fixed numbers in front, a title that may be shortened, an extension. */
export interface NameParts {
  /** Kept whole (e.g. "0003 20230308 " or "01 照片 "). */
  fixed?: string;
  /** Shortened in the middle when the name is too long. */
  title: string;
  /** Kept whole, including its dot (".pdf"), or empty. */
  ext?: string;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (g) => g.segment);
}

/** The title cut to `keep` graphemes: the head and the tail, joined by "…". */
function middle(g: string[], keep: number): string {
  if (keep >= g.length) return g.join('');
  if (keep <= 0) return '';
  const tail = Math.floor((keep - 1) * 0.4);
  const head = keep - 1 - tail;
  return `${g.slice(0, head).join('').trimEnd()}…${tail > 0 ? g.slice(g.length - tail).join('').trimStart() : ''}`;
}

/** Trailing dots and spaces removed (Windows drops them silently), reserved words escaped, never empty. */
function finish(stem: string, ext: string): string {
  let s = stem;
  if (!ext) s = s.replace(/[ .]+$/, '');
  else s = s.replace(/ +$/, '');
  let name = s + ext;
  if (!name) name = '_';
  if (isReservedName(name)) {
    const dot = name.indexOf('.');
    name = dot < 0 ? `${name}_` : `${name.slice(0, dot)}_${name.slice(dot)}`;
  }
  // A stem of only dots and spaces in front of an extension ("..pdf") is legal but invisible.
  if (/^[ .]*$/.test(s) && ext && s) name = `_${ext}`;
  return name;
}

export interface NameBudget {
  /** Most UTF-16 units the name may take. */
  units: number;
  /** Most UTF-8 bytes (default SEGMENT_BYTES). */
  bytes?: number;
}

/**
 * One safe name from its parts within the budget; `suffix` (e.g. " (2)") goes before the extension.
 * The title is shortened in the middle first; only when the numbers and extension alone do not
 * fit are they cut too (from the end of the fixed part), so the result always fits.
 */
export function safeName(parts: NameParts | string, budget: NameBudget, suffix = ''): string {
  const p = typeof parts === 'string' ? { title: parts } : parts;
  const fixed = cleanText(p.fixed ?? '').replace(/^ +/, '');
  // Keep the space between the numbers and the title: clean the title on its own.
  const fixedPart = p.fixed && /\s$/.test(p.fixed) && fixed ? `${fixed} ` : fixed;
  const title = cleanText(p.title);
  const ext = cleanText(p.ext ?? '').replace(/\s/g, '');
  const maxBytes = Math.min(budget.bytes ?? SEGMENT_BYTES, SEGMENT_BYTES);
  const fits = (n: string) => utf16Units(n) <= budget.units && utf8Bytes(n) <= maxBytes;
  // Most names fit as they are; only a name to shorten is split into graphemes.
  const whole = finish((fixedPart + title).replace(/ +$/, '') + suffix, ext);
  if (fits(whole)) return whole;
  const g = graphemes(title);
  const build = (keep: number) => finish((fixedPart + middle(g, keep)).replace(/ +$/, '') + suffix, ext);
  // Largest number of kept graphemes that fits; length grows with `keep`, so bisect.
  let lo = 0;
  let hi = g.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(build(mid))) lo = mid;
    else hi = mid - 1;
  }
  if (fits(build(lo))) return build(lo);
  // Even without a title it is too long: cut the fixed part too, keep suffix and extension.
  const fg = graphemes(fixed);
  for (let keep = fg.length; keep >= 0; keep--) {
    const n = finish(fg.slice(0, keep).join('').replace(/ +$/, '') + suffix, ext);
    if (fits(n)) return n;
  }
  // Nothing fits (a budget below the extension's length): the extension gives way as well.
  let cut = '';
  for (const ch of graphemes(finish(fixed + suffix, ext))) {
    if (!fits(cut + ch)) break;
    cut += ch;
  }
  return finish(cut, '') === cut && cut ? cut : '_';
}

/** How two names compare on a case-insensitive file system (Windows, macOS). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Names handed out per folder, so that no two in one folder are equal ignoring case (the later
 * one gets " (2)", " (3)" …). Paths are package-relative with "/" between names.
 */
export class NameTable {
  private readonly taken = new Map<string, Set<string>>();

  /**
   * Claims a name in `folder` ('' for the root) and returns the package-relative path. A plain
   * string is a file name: its extension stays at the end. The name is kept within what is left
   * of PATH_UNITS after the folder; the caller gives the folders budgets that leave room.
   */
  claim(folder: string, name: NameParts | string, budget: NameBudget): string {
    const parts = typeof name === 'string' ? (([title, ext]) => ({ title, ext }))(splitExt(name)) : name;
    const set = this.taken.get(folder) ?? new Set<string>();
    this.taken.set(folder, set);
    const prefix = folder ? `${folder}/` : '';
    const units = Math.min(budget.units, PATH_UNITS - utf16Units(prefix));
    const b = { units: Math.max(1, units), bytes: budget.bytes };
    for (let n = 1; ; n++) {
      const name = safeName(parts, b, n === 1 ? '' : ` (${n})`);
      const key = nameKey(name);
      if (!set.has(key)) {
        set.add(key);
        return prefix + name;
      }
    }
  }
}

/** What is wrong with one name by the rules above; empty when it is fine. */
export function nameProblems(name: string): string[] {
  const out: string[] = [];
  if (!name || name === '.' || name === '..') out.push('empty');
  if (/[<>:"/\\|?*]/.test(name)) out.push('forbidden character');
  if (/[\u0000-\u001F\u007F-\u009F]/.test(name)) out.push('control character');
  if (/[. ]$/.test(name)) out.push('trailing dot or space');
  if (isReservedName(name)) out.push('reserved name');
  if (utf8Bytes(name) > SEGMENT_BYTES) out.push('name too long');
  if (name.replace(LONE_SURROGATE, '') !== name) out.push('lone surrogate');
  if (name !== name.normalize('NFC')) out.push('not NFC');
  return out;
}

/** Problems of a package-relative path ("a/b/c.pdf"), each name checked, the whole length too. */
export function pathProblems(rel: string): string[] {
  const out = rel.split('/').flatMap((n) => nameProblems(n).map((p) => `${n}: ${p}`));
  if (utf16Units(rel) > PATH_UNITS) out.push(`path longer than ${PATH_UNITS}`);
  return out;
}

/** A package-relative path as a relative URL: each name percent-encoded, "/" between. */
export function relativeUrl(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}
