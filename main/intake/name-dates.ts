// When a file or folder was made, as its name tells it. Phones, WeChat and screenshot tools name
// files after the moment they were taken (微信图片_20230210093512, mmexport1675996512345,
// Screenshot_2023-02-10-09-35-12, IMG_20230322_151022); clerks name folders after the occasion
// (2023-03-22高血压防治知识讲座, 3.22讲座, 3月) — the two readings live here, side by side.
import { halfWidth, listMarkerLength, parseDateFromName } from '../../shared/names';

export interface NameTime {
  /** YYYY-MM-DD */
  date: string;
  /** YYYY-MM-DD HH:MM:SS when the name carries the time of day too. */
  time: string | null;
  /** The name says nothing but when it was taken: a clerk would file it by its folder. */
  camera: boolean;
}

const CAMERA_PREFIX = /^(?:img|dsc|dscn|dcim|pxl|mvimg|vid|video|p|photo|image|wp|mmexport|wx_camera|微信图片|微信截图|qq图片|screenshot|screen\s?shot|截图|截屏|屏幕截图|录屏|lv)(?=[_\-\s]?\d)/i;

// Beijing time, whatever this computer's clock is set to: a phone in China wrote the name.
const BEIJING_MS = 8 * 3600 * 1000;
// Millisecond clocks of 2001-09 to 2033-05 have 13 digits starting with 1; earlier or later is no photo of ours.
const EPOCH_MS = /(?<!\d)(1[0-9]{12})(?!\d)/;

function valid(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCMonth() === mo - 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

function stamp(y: number, mo: number, d: number, time?: [number, number, number]): { date: string; time: string | null } | null {
  if (!valid(y, mo, d, ...(time ?? []))) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  return { date, time: time ? `${date} ${time.map(pad).join(':')}` : null };
}

// Date and time written out by phones and tools, most specific first. Each yields [y, mo, d, h, mi, s].
const DATE_TIMES: RegExp[] = [
  // 2023-02-10-09-35-12, 2023-02-10 09.35.12, 2023-02-10_093512, 2023-02-10 at 9.35.12 (Screen Shot …)
  /(?<!\d)(\d{4})[-._](\d{2})[-._](\d{2})(?:[\s_-]+(?:at\s+)?|T)(\d{1,2})[-.:](\d{2})[-.:](\d{2})(?!\d)/i,
  /(?<!\d)(\d{4})[-._](\d{2})[-._](\d{2})[\s_-]+(\d{2})(\d{2})(\d{2})(?!\d)/,
  // 20230210093512 (WeChat), 20230322_151022 and 20230322-151022123 (Android cameras, Pixel with ms)
  /(?<!\d)(\d{4})(\d{2})(\d{2})[_-]?(\d{2})(\d{2})(\d{2})(?:\d{1,3})?(?!\d)/,
];

/**
 * The date (and time) a file's name carries: the phone and screenshot forms above, millisecond
 * clocks (mmexport…), else any date a clerk wrote (2023-03-22 通知.docx). Null when it has none.
 */
export function nameTime(fileName: string): NameTime | null {
  const stem = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  const s = halfWidth(stem);
  let found: { date: string; time: string | null } | null = null;
  let rest = s;
  for (const re of DATE_TIMES) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
    const pm = /^\s*PM/i.test(s.slice(m.index + m[0].length)) && h < 12 ? 12 : 0;
    found = stamp(y, mo, d, [h + pm, mi, sec]);
    if (found) {
      rest = s.slice(0, m.index) + s.slice(m.index + m[0].length);
      break;
    }
  }
  if (!found) {
    const ms = EPOCH_MS.exec(s);
    // Only where a phone writes one: a bare clock, or after a WeChat or camera prefix.
    if (ms && (CAMERA_PREFIX.test(s) || s === ms[1] || /^[A-Za-z_]+_?$/.test(s.slice(0, ms.index)))) {
      const iso = new Date(Number(ms[1]) + BEIJING_MS).toISOString();
      found = { date: iso.slice(0, 10), time: `${iso.slice(0, 10)} ${iso.slice(11, 19)}` };
      rest = s.slice(0, ms.index) + s.slice(ms.index + ms[1].length);
    }
  }
  if (!found) {
    const date = parseDateFromName(s);
    if (!date) return null;
    found = { date, time: null };
  }
  // What is left once the moment is taken out: a camera prefix, a counter, a tool's suffix (AM/PM,
  // com.tencent.mm) — or the clerk's own words, which make it a named document.
  const words = rest
    .replace(CAMERA_PREFIX, '')
    .replace(/\b(?:at|AM|PM|com\.[\w.]+)\b/gi, '')
    .replace(/[\s\d_\-.:()（）~年月日号]+/g, '');
  return { ...found, camera: CAMERA_PREFIX.test(s) || words === '' };
}

/** 1月, 01月, 三月, 3月份, 2023年3月, 2023-03, 2023.3: a month, with its year when written. */
export function monthOfName(name: string): { year: number | null; month: number } | null {
  const s = halfWidth(name).trim();
  const text = s.slice(listMarkerLength(s).length).trim();
  const m =
    /^(?:(\d{4})\s*年\s*)?(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?$/.exec(text) ??
    /^(\d{4})\s*[-._]\s*(\d{1,2})$/.exec(text);
  if (!m) return null;
  const month = /\d/.test(m[2]) ? Number(m[2]) : CN_MONTH.indexOf(m[2]) + 1;
  const year = m[1] ? Number(m[1]) : null;
  if (month < 1 || month > 12 || (year != null && (year < 1990 || year > 2100))) return null;
  return { year, month };
}
const CN_MONTH = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** 2023, 2023年, 2023年度: a year folder, which only says when the folders in it were. */
export function yearOfName(name: string): number | null {
  const m = /^(\d{4})\s*(?:年度?)?$/.exec(halfWidth(name).trim());
  return m && +m[1] >= 1990 && +m[1] <= 2100 ? +m[1] : null;
}

/**
 * A folder named after a day: a full date (2023-03-22, 20230322, 2023年3月22日) or a month and day
 * (3月22日, 3.22讲座). "2.1 党员干部培训" is an indicator number, not 2 January: a dotted pair set
 * apart from the words by a space counts only when its second number cannot be a sub-indicator's
 * (3.22 讲座).
 */
export function isDatedName(name: string): boolean {
  return parseDateFromName(name) != null || monthDayAt(name) != null;
}

/** Where a month and day (3月22日, 3.22) stand in the name, as isDatedName reads them; null when none. */
export function monthDayAt(name: string): { index: number; length: number } | null {
  const s = halfWidth(name);
  const md = /(?<![\d.A-Za-z])(1[0-2]|0?[1-9])\s*月\s*(3[01]|[12]\d|0?[1-9])\s*[日号]/.exec(s);
  if (md) return { index: md.index, length: md[0].length };
  const dotted = /(?<![\d.A-Za-z])(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?![\d.])(\s|、)?/.exec(s);
  if (!dotted || (dotted[3] && Number(dotted[2]) <= 12)) return null;
  return { index: dotted.index, length: dotted[0].length - (dotted[3]?.length ?? 0) };
}
