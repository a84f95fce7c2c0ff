// How clerks write indicator names and dates in folder names and table cells, and how we
// reduce them to something comparable. Pure functions; used by the importer, intake and UI.

/** Full-width ASCII to half-width, ideographic space to space, whitespace collapsed and trimmed. */
export function normalizeWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const CN_NUM = '一二三四五六七八九十百零〇';
const ROMAN_UNICODE = 'ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

// Applied after normalizeWidth, so full-width brackets and dots are already ASCII.
const MARKER_PATTERNS: RegExp[] = [
  new RegExp(`^[${CN_NUM}]+\\s*[、.．,，]\\s*`), // 一、 十二、
  new RegExp(`^\\(\\s*[${CN_NUM}]+\\s*\\)\\s*[、.]?\\s*`), // (一) （一）
  new RegExp(`^[${CIRCLED}]\\s*[、.]?\\s*`), // ①
  new RegExp(`^[${ROMAN_UNICODE}]+(?:\\s*[-—–－]\\s*\\d+)*\\s*[)、.]?\\s*(?=\\S)`), // Ⅱ-1 Ⅱ—1-2)
  // Latin letters only with a number or a separator after them, so IMG_0001 keeps its I.
  /^[IVX]+(?:\s*[-—–－]\s*\d+)+\s*[)、.]?\s*(?=\S)|^[IVX]+\s*[、.)]\s*(?=\S)/, // II-1, IV、
  /^\(\s*\d+\s*\)\s*[、.]?\s*/, // (1)
  /^\d+\s*\)\s*/, // 1)
  /^第[一二三四五六七八九十\d]+(?:章|节|部分|条|项)\s*[、.:：]?\s*/, // 第一部分
];

/** Full-width ASCII to half-width, one character for one, so positions carry over to the input. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\u3000\u00A0]/g, ' ');
}

/**
 * How many leading characters of `raw` are list markers such as 一、 （一） (一) 1. 1、 (1) ① Ⅱ-1,
 * and, when the marker was a plain dotted number (1.2.3), that number as a possible code.
 * Width-independent and length-preserving, so callers can cut the original text.
 */
export function listMarkerLength(raw: string): { length: number; numericCode: string | null } {
  const s = halfWidth(raw);
  let pos = s.length - s.trimStart().length;
  let numericCode: string | null = null;
  const dotted = /^(\d+(?:\.\d+)*)(?:\s*[、.．]\s*|\s+)(?=\S)/.exec(s.slice(pos));
  if (dotted) {
    numericCode = dotted[1];
    pos += dotted[0].length;
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of MARKER_PATTERNS) {
      const rest = s.slice(pos);
      const m = re.exec(rest);
      if (m && m[0].length > 0 && m[0].length < rest.trimEnd().length) {
        pos += m[0].length;
        changed = true;
      }
    }
  }
  return { length: pos, numericCode };
}

/** Strips leading list markers; returns the rest (width-normalised) and any dotted number. */
export function stripListMarker(raw: string): { text: string; numericCode: string | null } {
  const s = normalizeWidth(raw);
  const { length, numericCode } = listMarkerLength(s);
  return { text: s.slice(length).trim(), numericCode };
}

/** Score notes in titles: "组织领导（20分）" → {title: 组织领导, score: 20}. */
export function splitScoreNote(raw: string): { title: string; score: number | null } {
  const s = normalizeWidth(raw);
  const m = /\s*[(\[]\s*(?:分值\s*[:：]?\s*)?(\d+(?:\.\d+)?)\s*分\s*[)\]]\s*$/.exec(s) ?? /\s+(\d+(?:\.\d+)?)\s*分$/.exec(s);
  if (!m) return { title: s, score: null };
  return { title: s.slice(0, m.index).trim(), score: Number(m[1]) };
}

/** The key two names are compared by: markers, score notes, width, spaces and trailing punctuation gone. */
export function nameKey(raw: string): string {
  const { text } = stripListMarker(raw);
  return splitScoreNote(text)
    .title.replace(/[\s。.;；:：,，、]+$/g, '')
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’《》〈〉「」]/g, '')
    .toLowerCase();
}

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date in a folder or file name: 2023-03-08, 20230308, 2023年3月8日, 2023.3.8, 2023_3_8. */
export function parseDateFromName(raw: string): string | null {
  const s = normalizeWidth(raw);
  const sep = /(?<!\d)(\d{4})\s*(?:年|[-./_])\s*(\d{1,2})\s*(?:月|[-./_])\s*(\d{1,2})(?:日|号)?(?!\d)/.exec(s);
  if (sep) return isoDate(+sep[1], +sep[2], +sep[3]);
  const compact = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/.exec(s);
  if (compact) return isoDate(+compact[1], +compact[2], +compact[3]);
  return null;
}

/** 2023-03-08 → 2023年3月8日 (GB/T 9704: full year, no leading zeros). */
/**
 * A photo's 时间 as its caption keeps it, from a taking time ("2023-03-08 09:30:00", EXIF or a
 * phone's file name): to the minute, the way the form, batch captions and intake all write it.
 */
export function captionTime(taken: string): string {
  return taken.slice(0, 16);
}

export function chineseDate(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${+m[1]}年${+m[2]}月${+m[3]}日` : iso;
}

/** A moment stored as ISO (2026-12-07T01:44:41.763Z) as the clerk reads it, in local time: 2026年12月7日 09:44. */
export function chineseDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A file size as clerks read it: 812 字节, 54 KB, 5.2 MB, 1.03 GB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** A limit as the messages name it: "8 GB", "20 MB" (round numbers stay round, unlike sizeText). */
export function limitText(bytes: number): string {
  const GB = 1024 ** 3;
  if (bytes >= GB) return `${bytes % GB ? (bytes / GB).toFixed(1) : bytes / GB} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/**
 * Departments as indicator tables list them: "宣传部、科协", "宣传部/科协" and "宣传部 科协" answer
 * for both; a department named twice (merged cells repeat it) is listed once, and a note in
 * brackets ("县卫健局（牵头）") does not make it another department. Group names ("各乡镇",
 * "县直各部门") stay whole: each is one entry, since the table assigns the group, not its members.
 * The one rule for every department list (self-check, dashboard, tree filter, exports).
 */
export function departmentsOf(field: string): string[] {
  const out: string[] = [];
  for (const raw of normalizeWidth(field ?? '').split(/[、，,；;/／\\\s]+/)) {
    const d = raw.replace(/\((?:牵头|配合|责任|主责|协助|参与)[^)]*\)$/, '').trim();
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
}

/** A score or figure as people write it: at most two decimals, no trailing zeros (7.5, 12, 0.33). */
export const decimalText = (n: number): string => String(Math.round(n * 100) / 100);
