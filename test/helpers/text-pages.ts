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

type Read = [string, [Point, Point, Point, Point], number];
const paddle = (width: number, height: number, read: Read[]): PageText =>
  page(read.map(([text, box, score]) => ({ text, box, score })), { width, height });

// Real readings by PP-OCRv4 (helper A's paddle engine, prepareForOcr at 1600 px), boxes in the
// full-size image's pixels. The sheet: makeSignInJpeg with the demo's first 10 SIGNERS (seed 7),
// 20 numbered rows. The notice: makeNoticePdf rendered at 110 dpi, turned 3°, JPEG q70 (the lead's
// makeNoticePhoto); the seal over the 落款 made 日 read as 幽 and dropped 县 from the signature.
export const PADDLE_SHEET = paddle(1240, 1754, [
  ['科普工作推进会签到表', [[406,148],[854,155],[854,196],[406,190]], 0.98],
  ['时间：2023年3月22日 地点：县科协会议室', [[125,244],[925,255],[925,285],[125,273]], 0.99],
  ['序号 单位 职务 签名 联系电话', [[130,343],[1096,357],[1095,393],[130,380]], 1.00],
  ['1 县科协 主席 王建国 129****1257', [[151,413],[1120,421],[1119,452],[151,434]], 0.99],
  ['2 县科协 副主席 刘海燕 132****6065', [[150,474],[1116,480],[1116,511],[150,498]], 1.00],
  ['3 县教育局 副局长 张丽华 188****2348', [[148,534],[1117,543],[1117,572],[148,560]], 1.00],
  ['4 城关镇人民政府 副镇长 陈志强 198****q673', [[151,594],[1116,603],[1116,632],[147,618]], 0.98],
  ['5 县科技局 副局长 赵文斌 157****7805', [[148,658],[1116,664],[1116,694],[148,682]], 1.00],
  ['6 县卫生健康局 科长 孙红梅 104****2563', [[148,719],[1114,725],[1114,754],[148,743]], 1.00],
  ['7 县人力资源社会保障局 副局长 周永刚 103****0398', [[147,781],[1115,789],[1115,818],[147,804]], 1.00],
  ['8 县民政局 科长 吴晓燕', [[146,842],[886,843],[883,884],[146,865]], 1.00],
  ['9 县农业农村局 副局长 郑海涛', [[145,903],[899,905],[898,946],[145,928]], 1.00],
  ['10 县妇联 副主席 黄秀英 180****3638', [[139,964],[1115,970],[1115,1004],[139,988]], 0.98],
  ['11', [[138,1025],[167,1025],[167,1049],[138,1049]], 1.00],
  ['12', [[137,1087],[167,1087],[167,1111],[137,1111]], 1.00],
  ['13', [[137,1148],[167,1148],[167,1172],[137,1172]], 1.00],
  ['14', [[136,1209],[166,1209],[166,1233],[136,1233]], 1.00],
  ['15', [[136,1271],[164,1271],[164,1296],[136,1296]], 1.00],
  ['16', [[135,1332],[164,1332],[164,1356],[135,1356]], 1.00],
  ['17', [[132,1392],[166,1392],[166,1419],[132,1419]], 1.00],
  ['18', [[132,1454],[163,1454],[163,1481],[132,1481]], 1.00],
  ['19', [[130,1515],[163,1515],[163,1543],[130,1543]], 1.00],
  ['20', [[129,1577],[162,1577],[162,1605],[129,1605]], 1.00],
]);

export const PADDLE_NOTICE = paddle(976, 1333, [
  ['某县人民政府办公室文件', [[197,200],[829,234],[826,285],[194,251]], 0.99],
  ['某政办[2023]5号', [[409,311],[612,320],[611,347],[408,338]], 0.91],
  ['关于开展2023年科普', [[347,410],[659,427],[658,461],[346,444]], 1.00],
  ['宣传周活动的通知', [[368,460],[634,475],[633,508],[366,494]], 0.99],
  ['各乡镇人民政府，县直各单位：', [[162,535],[483,551],[482,577],[161,561]], 1.00],
  ['为提高全民科学素质，经县政府同意，决定于2023年5月开', [[207,582],[831,614],[830,640],[206,608]], 1.00],
  ['展科普宣传周活动。现将有关事项通知如下。', [[159,626],[622,649],[621,673],[158,650]], 0.99],
  ['一、各单位要高度重视，精心组织，确保活动取得实效。', [[205,671],[788,701],[787,727],[204,697]], 1.00],
  ['二、活动结束后请于5月31日前报送活动总结。', [[203,716],[677,740],[676,764],[202,740]], 0.99],
  ['民政府', [[589,765],[703,768],[702,804],[588,801]], 1.00],
  ['某人民政府办公室', [[539,820],[754,830],[753,862],[538,851]], 0.94],
  ['2023年2月10幽', [[562,863],[727,871],[726,900],[561,892]], 0.89],
]);
