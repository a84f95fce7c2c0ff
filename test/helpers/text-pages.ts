// Page texts as the readers give them, for tests of what is read from them: the OCR output of a
// photographed sign-in sheet (paddle, 1240×1754, as measured on makeSignInJpeg's sheet) and a
// notice's lines with their boxes.
import type { PageText, Point, TextLine } from '../../shared/text-types';

/** A box from its left, top, right and bottom, turned by `tilt` radians about the page's origin (a photo taken askew). */
export function boxed(text: string, x0: number, y0: number, x1: number, y1: number, tilt = 0, score = 0.95): TextLine {
  const turn = ([x, y]: Point): Point => [x * Math.cos(tilt) - y * Math.sin(tilt), x * Math.sin(tilt) + y * Math.cos(tilt)];
  return { text, box: [turn([x0, y0]), turn([x1, y0]), turn([x1, y1]), turn([x0, y1])], score };
}

export function page(lines: TextLine[], o: Partial<PageText> = {}): PageText {
  return { page: 1, width: 1240, height: 1754, source: 'ocr', engine: 'paddle', text: lines.map((l) => l.text).join('\n'), lines, ...o };
}

export const SIGNERS: [string, string, string, string][] = [
  ['县科协', '千事', '张伟', '113****2811'],
  ['县科协', '副主席', '刘海燕', '139****0415'],
  ['县教育局', '科员', '王芳', ''],
  ['县卫健局', '干事', '李强', '135****7720'],
  ['城关镇', '千事', '陈静', '158****3306'],
  ['县科技局', '科长', '杨帆', ''],
  ['县农业农村局', '干事', '赵磊', '187****1093'],
  ['县科协', '科员', '周敏', '133****5268'],
  ['东街社区', '主任', '孙丽', '150****9931'],
  ['县科协', '千事', '吴霞', '121****6800'],
];

const ROW_H = 62;
const TABLE_TOP = 330;
const rowTop = (r: number) => TABLE_TOP + (r + 1) * ROW_H + 14;

/**
 * The sheet as paddle reads it: title, 时间/地点, the header (联系电话 a box of its own), each row
 * one box spanning it, empty rows only their number. `cells`: a box per cell instead (another
 * engine, or a sharper photo). `tilt`: the photo's turn.
 */
export function signInPage(o: { signers?: [string, string, string, string][]; cells?: boolean; tilt?: number; title?: string; rows?: number } = {}): PageText {
  const signers = o.signers ?? SIGNERS;
  const t = o.tilt ?? 0;
  const lines: TextLine[] = [
    boxed(o.title ?? '科普工作推进会签到表', 390, 150, 850, 200, t),
    boxed('时间：2023年3月22日 地点：县科协会议室', 110, 245, 1000, 280, t),
    boxed('序号 单位 职务 签名', 120, 352, 900, 384, t),
    boxed('联系电话', 980, 354, 1100, 382, t),
  ];
  for (let r = 0; r < (o.rows ?? 20); r++) {
    const y0 = rowTop(r);
    const s = signers[r];
    if (!s) {
      lines.push(boxed(String(r + 1), 140, y0 + 6, 165, y0 + 32, t));
      continue;
    }
    const [unit, post, name, phone] = s;
    if (o.cells) {
      lines.push(boxed(String(r + 1), 140, y0 + 6, 165, y0 + 32, t));
      lines.push(boxed(unit, 202, y0 + 6, 202 + unit.length * 24, y0 + 32, t));
      lines.push(boxed(post, 590, y0 + 6, 590 + post.length * 24, y0 + 32, t));
      // A signature sits higher or lower than the printed cells and is larger.
      lines.push(boxed(name, 780, y0 - 2 + (r % 3) * 3, 780 + name.length * 40, y0 + 38 + (r % 3) * 3, t, 0.81));
      if (phone) lines.push(boxed(phone, 960, y0 + 4, 1110, y0 + 34, t, 0.88));
    } else {
      lines.push(boxed(['' + (r + 1), unit, post, name, phone].filter(Boolean).join(' '), 140, y0 + 2, phone ? 1110 : 900, y0 + 36, t, 0.9));
    }
  }
  return page(lines);
}
