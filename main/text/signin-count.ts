// Attendance read from a sign-in sheet: the rows of its table that someone signed. The OCR gives
// line boxes, not a table: a row comes as one long box ("1 县科协 干事 张伟 138****2811") or as a
// box per cell, so boxes are put into rows by their vertical centres (after undoing the photo's
// tilt), and a row counts when it holds words beyond its printed number.
import type { PageText, TextLine } from '../../shared/text-types';
import { halfWidth } from '../../shared/names';

/** A sheet's title: a short row ending in 签到表, 签到册, 签到单, 签到簿 or 签名表 (a part number after it), not "附件：签到表" in a notice. */
export const SIGNIN_TITLE = /^(?!附件)[^:：，。；]{0,30}签[到名字](?:表|册|单|簿|名单)(?:[（(][^）)]{1,6}[）)])?$/;

/** Words of a sign-in table's header row; a row made of them (and little else) is the header. */
const HEADER_WORDS = [
  '联系电话', '联系方式', '手机号码', '手机号', '电话', '工作单位', '单位名称', '单位', '部门', '所在单位', '职务', '职称', '职位', '岗位',
  '序号', '编号', '姓名', '签名', '签字', '本人签名', '签到', '签到时间', '时间', '备注', '性别', '年龄', '身份证号', '身份证', '村(社区)', '村', '社区', '类别', '民族',
];
const HEADER_BY_LENGTH = HEADER_WORDS.map((w) => w.replace(/[()]/g, '')).sort((a, b) => b.length - a.length);
const HEADER_NEEDS = /签名|签字|姓名|签到/;
/** Lines under the table that are no one's signature. */
const FOOTER = /^(?:合计|总计|小计|共计|备注|注[:：]|说明|制表|填表|审核|统计|负责人|记录人|第\s*\d+\s*页|共\s*\d+\s*页|[-—]\s*\d+\s*[-—]$)/;

interface Placed {
  text: string;
  /** Vertical centre after undoing the page's tilt. */
  cy: number;
  top: number;
  bottom: number;
  height: number;
  left: number;
  right: number;
}

/** One row of a page: its boxes read left to right, and where it lies (deskewed page units). */
export interface SheetRow {
  text: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Its boxes, left to right. */
  cells: { text: string; left: number; right: number }[];
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The tilt of the page's text (radians), from the boxes that are wider than tall: the median of their top edges' slopes. */
function tiltOf(lines: TextLine[]): number {
  const slopes: number[] = [];
  for (const l of lines) {
    const [tl, tr] = l.box;
    const dx = tr[0] - tl[0];
    const h = Math.abs(l.box[3][1] - tl[1]);
    if (dx > 2 * h && dx > 0) slopes.push(Math.atan2(tr[1] - tl[1], dx));
  }
  if (!slopes.length) return 0;
  slopes.sort((a, b) => a - b);
  return slopes[Math.floor(slopes.length / 2)];
}

function place(lines: TextLine[]): Placed[] {
  const a = -tiltOf(lines);
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return lines
    .filter((l) => clean(l.text) !== '')
    .map((l) => {
      const pts = l.box.map(([x, y]) => [x * cos - y * sin, x * sin + y * cos]);
      const ys = pts.map((p) => p[1]);
      const top = Math.min(...ys);
      const bottom = Math.max(...ys);
      return { text: clean(l.text), cy: (top + bottom) / 2, top, bottom, height: Math.max(1, bottom - top), left: Math.min(...pts.map((p) => p[0])), right: Math.max(...pts.map((p) => p[0])) };
    });
}

/**
 * The page's lines put into rows: boxes whose centres lie within half a line's height of each
 * other are one row, read left to right. Pages without boxes (every box empty) keep their lines.
 */
export function rowsOf(page: PageText): SheetRow[] {
  // Words running down or round the page (a seal's ring in a PDF's text layer) are no row's.
  const placed = place(page.lines)
    .filter((p) => [...p.text.replace(/\s/g, '')].length < 2 || p.height <= 1.5 * (p.right - p.left))
    .sort((a, b) => a.cy - b.cy);
  if (!placed.length) return page.text.split('\n').map(clean).filter(Boolean).map((text, i) => ({ text, top: i, bottom: i + 0.9, left: 0, right: 0, cells: [{ text, left: 0, right: 0 }] }));
  const heights = placed.map((p) => p.height).sort((a, b) => a - b);
  const tol = heights[Math.floor(heights.length / 2)] * 0.5;
  const rows: Placed[][] = [];
  for (const p of placed) {
    const row = rows[rows.length - 1];
    const centre = row ? row.reduce((s, q) => s + q.cy, 0) / row.length : 0;
    if (row && p.cy - centre <= tol) row.push(p);
    else rows.push([p]);
  }
  return rows.map((r) => ({
    text: r.sort((a, b) => a.left - b.left).map((p) => p.text).join(' '),
    top: Math.min(...r.map((p) => p.top)),
    bottom: Math.max(...r.map((p) => p.bottom)),
    left: Math.min(...r.map((p) => p.left)),
    right: Math.max(...r.map((p) => p.right)),
    cells: r.map((p) => ({ text: p.text, left: p.left, right: p.right })),
  }));
}

/** A row made of a sign-in table's column names: 序号 单位 职务 签名 联系电话. */
export function isHeaderRow(text: string): boolean {
  let rest = halfWidth(text).replace(/[\s|｜:：/、,，.。()（）]/g, '');
  if (!HEADER_NEEDS.test(rest) || rest.length > 40) return false;
  let words = 0;
  for (const w of HEADER_BY_LENGTH) {
    const parts = rest.split(w);
    words += parts.length - 1;
    rest = parts.join('');
  }
  // Two column names at least ("8:30 签到" in a schedule is not a header); a misread name or two
  // ("职各") may stay; a sentence ("请各单位于8时前签到") does not.
  return words >= 2 && rest.length <= 3;
}

/** Whether the row holds a person: Han or Latin letters beyond its number, phone and marks. */
function signed(text: string): boolean {
  const rest = halfWidth(text)
    .replace(/^\s*\d{1,3}(?=\s|$|[^\d])/, '')
    .replace(/[\d*＊xX]{7,}/g, '')
    .replace(/[\s\d\p{P}\p{S}]/gu, '');
  return /[\p{Script=Han}A-Za-z]/u.test(rest) && rest.length >= 2;
}

/**
 * The people on one row of a table printed `sides` times side by side (序号 姓名 单位 | 序号 姓名
 * 单位): its boxes split at the header's equal parts; a box spanning them (one long OCR line) split
 * at the serial numbers inside it ("1 张伟 县科协 21 李强 县教育局").
 */
function peopleOn(row: SheetRow, sides: number, header: SheetRow): string[] {
  if (sides < 2) return signed(row.text) ? [row.text] : [];
  const width = (header.right - header.left) / sides;
  const parts: string[][] = Array.from({ length: sides }, () => []);
  for (const c of row.cells) {
    const from = Math.floor((c.left - header.left) / width + 0.15);
    const to = Math.floor((c.right - header.left) / width - 0.15);
    if (to > from) {
      // One box over several parts: cut its text at the numbers that open a part.
      const pieces = halfWidth(c.text).split(/\s+(?=\d{1,3}(?:\s|$|[^\d*]))/);
      pieces.forEach((piece, k) => parts[Math.max(0, Math.min(sides - 1, from + k))].push(piece));
    } else parts[Math.max(0, Math.min(sides - 1, from))].push(c.text);
  }
  return parts.map((p) => p.join(' ')).filter((p) => p && signed(p));
}

/** How many times the header repeats a column name: 2 for a table printed twice side by side (序号 姓名 … 序号 姓名 …; 姓名 and 签名 once each is one table). */
function sidesOf(header: string): number {
  const h = halfWidth(header).replace(/\s+/g, '');
  return Math.max(1, ...['序号', '姓名', '签名', '签字'].map((w) => h.split(w).length - 1));
}

const numbered = (r: SheetRow) => /^\d{1,3}(?:\s|$|[^\d*])/.test(halfWidth(r.cells[0]?.text ?? r.text).trim());
const centre = (r: SheetRow) => (r.top + r.bottom) / 2;

/**
 * A signature written above or below its line forms a row of its own, with no number: it joins
 * the nearer numbered row beside it when that lies within most of a row's pitch, so one person
 * counts once.
 */
function strayJoined(rows: SheetRow[]): SheetRow[] {
  const anchors = rows.filter(numbered);
  if (anchors.length < 3) return rows;
  const gaps = anchors.slice(1).map((r, i) => centre(r) - centre(anchors[i])).sort((a, b) => a - b);
  const pitch = gaps[Math.floor(gaps.length / 2)];
  const out = rows.map((r) => ({ ...r, cells: [...r.cells] }));
  const gone = new Set<number>();
  out.forEach((r, i) => {
    if (numbered(r) || isHeaderRow(r.text) || FOOTER.test(halfWidth(r.text))) return;
    const near = [out[i - 1], out[i + 1]]
      .filter((q): q is SheetRow => !!q && numbered(q) && Math.abs(centre(q) - centre(r)) < 0.8 * pitch)
      .sort((a, b) => Math.abs(centre(a) - centre(r)) - Math.abs(centre(b) - centre(r)))[0];
    if (!near) return;
    near.cells.push(...r.cells);
    near.cells.sort((a, b) => a.left - b.left);
    near.text = near.cells.map((c) => c.text).join(' ');
    gone.add(i);
  });
  return out.filter((_, i) => !gone.has(i));
}

/**
 * The number of signed rows on one page of a sign-in sheet, or null when the page is not one
 * (neither a header row with 签名/姓名/签到 nor a 签到表 title). Rows above the header (title,
 * 时间, 地点) and below the table (合计, 备注, 制表人) do not count; a header repeated lower on the
 * page (two sheets photographed together) is skipped; an empty numbered row does not count; a
 * table printed twice side by side counts each side. Pages of one sheet are summed by the caller.
 */
export function countSignedRows(page: PageText): number | null {
  const rows = rowsOf(page);
  const headerAt = rows.findIndex((r) => isHeaderRow(r.text));
  const title = rows.findIndex((r) => SIGNIN_TITLE.test(r.text.replace(/\s+/g, '')));
  if (headerAt < 0 && title < 0) return null;
  let start: number;
  if (headerAt >= 0) start = headerAt + 1;
  else {
    // A title without a header row (a list written by hand): below the title and its 时间/地点 lines.
    start = title + 1;
    while (start < rows.length && /^(?:会议|活动|培训)?(?:时间|日期|地点|主持|主办|承办|组织)/.test(rows[start].text.trim())) start++;
  }
  let header = headerAt >= 0 ? rows[headerAt] : null;
  const slots: string[] = [];
  for (const r of strayJoined(rows.slice(start))) {
    if (isHeaderRow(r.text)) {
      header = r;
      continue;
    }
    if (FOOTER.test(halfWidth(r.text)) || SIGNIN_TITLE.test(r.text.replace(/\s+/g, ''))) continue;
    slots.push(...(header ? peopleOn(r, sidesOf(header.text), header) : signed(r.text) ? [r.text] : []));
  }
  // A form with units and posts printed on every row: the rows nobody signed still carry words.
  // When most rows hold a person's name, the rows without one are taken as unsigned; when few do
  // (handwriting the recogniser could not read as a name), every row with words counts.
  const named = slots.filter(hasName).length;
  return slots.length >= 3 && named >= slots.length / 2 ? named : slots.length;
}

/** The common surnames (百家姓, the ~120 that cover nine in ten people) and the compound ones. */
const SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝']);
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '夏侯', '长孙', '宇文', '司徒', '端木'];
/** Ends of words that name a unit or a post, not a person: 县科协, 办公室, 负责人, 干事. */
const NOT_A_NAME = /(局|委|办|科|室|处|站|所|队|院|校|会|村|镇|乡|街|部|厅|厂|司|社|中心|协|府|团|馆|人|长|任|员|事|记|书|主席|代表|部长|职工|群众|老师|同志)$/;

/** Whether a slot's words include one that reads as a person's name: 2–4 Han characters, a surname first. */
function hasName(text: string): boolean {
  // Single characters split by the recogniser's spacing (张 伟) are joined first.
  const words = halfWidth(text)
    .replace(/[\d*＊xX]{3,}/g, ' ')
    .replace(/(?<=^|\s)(\p{Script=Han})\s+(?=\p{Script=Han}(?:\s|$))/gu, '$1')
    .split(/[\s\p{P}\p{S}\d]+/u)
    .filter(Boolean);
  return words.some((w) => {
    if (!/^\p{Script=Han}{2,4}$/u.test(w) || NOT_A_NAME.test(w)) return false;
    return SURNAMES.has(w[0]) || COMPOUND.some((c) => w.startsWith(c) && w.length > 2);
  });
}
