// 日期, 文号, 责任者, 题名, 参与人数 read from page texts as the readers give them: a 红头 notice's
// PDF text layer (runs split into several boxes), the OCR of a phone photo of it (tilted, letters
// spaced, brackets misread, full-width digits, 〇 dates), a sign-in sheet, minutes.
import { findDate, readDocNumber, suggestFields, type SourceText } from '../../main/text/suggest-fields';
import type { PageText, TextLine } from '../../shared/text-types';
import { boxed, PADDLE_NOTICE, PADDLE_SHEET, page, signInPage, TESSERACT_SHEET } from '../helpers/text-pages';

const A4 = { width: 595.28, height: 841.89, source: 'pdf' as const, engine: 'pdfjs' };
const pdfLine = (text: string, x0: number, y: number, size: number, x1 = x0 + text.length * size): TextLine => boxed(text, x0, y, x1, y + size, 0, 1);

/** 某县人民政府办公室's notice as makeNoticePdf lays it out (GB/T 9704), read from its text layer. */
function noticePdf(o: { office?: string; number?: TextLine[]; title?: string[]; date?: string; printed?: boolean; extra?: TextLine[] } = {}): PageText {
  const office = o.office ?? '某县人民政府办公室';
  const lines: TextLine[] = [
    pdfLine(`${office}文件`, 100, 116, 36, 495),
    // pdfjs gives the 文号 as three runs on one baseline.
    ...(o.number ?? [pdfLine('某政办〔', 240, 206, 15.75), pdfLine('2023', 303, 206, 15.75, 338), pdfLine('〕5号', 338, 206, 15.75)]),
  ];
  const title = o.title ?? ['关于开展2023年防灾减灾宣传', '周活动的通知'];
  title.forEach((t, i) => lines.push(pdfLine(t, 120, 270 + i * 32, 22, 475)));
  let y = 270 + title.length * 32 + 28;
  const body = [
    '各乡镇人民政府，县直各单位：',
    '为做好防灾减灾宣传工作，根据《某县应急管理局关于做好2023年防灾减灾工作的通知》（某应急发〔2023〕3号）要求，现就有关事项通知如下。',
    '一、活动时间：2023年5月12日至5月18日',
    '二、请各单位于2023年5月8日前将活动方案报县应急管理局。',
    ...(o.extra ? [] : []),
  ];
  for (const b of body) {
    lines.push(pdfLine(b.slice(0, 28), 80, y, 15.75, 518));
    y += 28.7;
    if (b.length > 28) {
      lines.push(pdfLine(b.slice(28), 80, y, 15.75));
      y += 28.7;
    }
  }
  lines.push(...(o.extra ?? []));
  y += 28.7;
  lines.push(pdfLine(office, 330, y, 15.75));
  lines.push(pdfLine(o.date ?? '2023年2月10日', 360, y + 28.7, 15.75, 470));
  if (o.printed !== false) {
    lines.push(pdfLine('某县人民政府办公室', 80, 760, 14, 210), pdfLine('2023年2月12日印发', 380, 760, 14, 515));
  }
  return { page: 1, ...A4, text: lines.map((l) => l.text).join('\n'), lines };
}

const byField = (s: ReturnType<typeof suggestFields>) => Object.fromEntries(s.map((x) => [x.field, x]));

test('a 红头 notice from its PDF text layer: the 落款 date (not the 印发 date nor a body date), 文号, issuing body, the title on two lines', () => {
  const s = byField(suggestFields([{ name: '通知.pdf', role: 'notice', pages: [noticePdf()] }], 'document'));
  expect(s.date).toEqual({ field: 'date', value: '2023-02-10', from: '通知.pdf 第 1 页', evidence: '2023年2月10日' });
  expect(s.docNumber).toMatchObject({ value: '某政办〔2023〕5号', evidence: '某政办〔2023〕5号' });
  expect(s.responsible).toMatchObject({ value: '某县人民政府办公室', evidence: '某县人民政府办公室文件' });
  expect(s.title).toMatchObject({ value: '关于开展2023年防灾减灾宣传周活动的通知' });
  expect(s.participants).toBeUndefined();
});

test('real PP-OCRv4 readings: the photographed notice (its date under the seal read 2023年2月10幽) and the sign-in sheet', () => {
  const notice = byField(suggestFields([{ name: '通知.jpg', role: 'notice', pages: [PADDLE_NOTICE] }]));
  expect(notice.date).toMatchObject({ value: '2023-02-10', evidence: '2023年2月10日', from: '通知.jpg 第 1 页' });
  expect(notice.docNumber).toMatchObject({ value: '某政办〔2023〕5号', evidence: '某政办[2023]5号' });
  expect(notice.responsible).toMatchObject({ value: '某县人民政府办公室', evidence: '某县人民政府办公室文件' });
  expect(notice.title).toMatchObject({ value: '关于开展2023年科普宣传周活动的通知' });
  const sheet = byField(suggestFields([{ name: '签到表.jpg', role: 'photo', pages: [PADDLE_SHEET] }], 'meeting'));
  expect(sheet.date).toMatchObject({ value: '2023-03-22', evidence: '时间：2023年3月22日' });
  expect(sheet.title).toMatchObject({ value: '科普工作推进会签到表' });
  expect(sheet.participants).toMatchObject({ value: 10 });
  // tesseract's reading of the sheet: 时间: 2023年3月22晶地点 still dates it.
  const tess = byField(suggestFields([{ name: '签到表.jpg', role: 'signin', pages: [TESSERACT_SHEET] }]));
  expect(tess.date).toMatchObject({ value: '2023-03-22', evidence: '时间:2023年3月22日' });
  expect(tess.participants).toMatchObject({ value: 10 });
});

test('the photo of that notice read by OCR: tilted 3°, letters spaced, 〔2023) misread, full-width digits, a 〇 date', () => {
  const t = (3 * Math.PI) / 180;
  const lines = [
    boxed('某 县 人 民 政 府 办 公 室 文 件', 120, 140, 1120, 230, t, 0.93),
    boxed('某政办〔2023) 5号', 470, 330, 770, 368, t, 0.88),
    boxed('关于开展２０２３年防灾减灾', 250, 450, 990, 500, t),
    boxed('宣传周活动的通知', 420, 520, 820, 570, t),
    boxed('各乡镇人民政府，县直各单位：', 110, 640, 600, 676, t),
    boxed('为做好防灾减灾宣传工作，现就有关事项通知如下。', 170, 700, 1130, 736, t),
    boxed('一、活动时间：2023年5月12日至5月18日', 170, 760, 900, 796, t),
    // The seal over the 落款: its ring read as a stray line.
    boxed('某县人民政府办公室', 720, 980, 1060, 1016, t, 0.7),
    boxed('二〇二三年二月十日', 740, 1040, 1060, 1076, t),
    boxed('某县人民政府办公室', 110, 1560, 420, 1592, t),
    boxed('2023年2月12日印发', 800, 1560, 1120, 1592, t),
  ];
  const photo = page(lines, { width: 1330, height: 1810 });
  const s = byField(suggestFields([{ name: 'IMG_2041.jpg', role: 'notice', pages: [photo] }], 'document'));
  expect(s.date).toMatchObject({ value: '2023-02-10', evidence: '二〇二三年二月十日', from: 'IMG_2041.jpg 第 1 页' });
  expect(s.docNumber).toMatchObject({ value: '某政办〔2023〕5号', evidence: '某政办〔2023)5号' });
  expect(s.responsible).toMatchObject({ value: '某县人民政府办公室' });
  // Full-width digits typed as the clerk would: half-width.
  expect(s.title).toMatchObject({ value: '关于开展2023年防灾减灾宣传周活动的通知' });
});

test('文号 in every form clerks and OCR give it, always as 〔〕 and 号; a number cited in the body is not the document’s', () => {
  expect(readDocNumber('某科协发[2023]12号')).toEqual({ value: '某科协发〔2023〕12号', evidence: '某科协发[2023]12号' });
  expect(readDocNumber('某科协发［２０２３］１２号')?.value).toBe('某科协发〔2023〕12号');
  expect(readDocNumber('某政办 [2023〕 第05号')?.value).toBe('某政办〔2023〕5号');
  expect(readDocNumber('某政办（2023）5号')?.value).toBe('某政办〔2023〕5号');
  expect(readDocNumber('某政发〔2023〕5号          签发人：王建国')?.value).toBe('某政发〔2023〕5号');
  expect(readDocNumber('根据（某应急发〔2023〕3号）要求')).toBeNull();
  expect(readDocNumber('〔2023〕5号')).toBeNull();
  // A notice without a 文号 of its own, citing one in its body: no 文号 suggested.
  const plain = noticePdf({ number: [] });
  const s = byField(suggestFields([{ name: '通知.pdf', role: 'notice', pages: [plain] }]));
  expect(s.docNumber).toBeUndefined();
  expect(s.title?.value).toBe('关于开展2023年防灾减灾宣传周活动的通知');
});

test('dates: Arabic and Chinese numerals, OCR spaces and 曰, only real days from 1990 to next year', () => {
  expect(findDate('2023 年 3 月 22 曰')).toMatchObject({ iso: '2023-03-22', evidence: '2023年3月22日' });
  expect(findDate('二〇二三年十二月三十一日')?.iso).toBe('2023-12-31');
  expect(findDate('二O二三年三月二十二日')?.iso).toBe('2023-03-22');
  expect(findDate('２０２３年２月１０日')?.iso).toBe('2023-02-10');
  expect(findDate('2023.3.22', true)?.iso).toBe('2023-03-22');
  expect(findDate('2023.3.22')).toBeNull();
  expect(findDate('2023年2月30日')).toBeNull();
  expect(findDate('2203年3月22日')).toBeNull();
  expect(findDate('1985年3月22日')).toBeNull();
  // An implausible 落款 (OCR read 2023 as 2028 is plausible; 3023 is not) gives no date.
  const s = byField(suggestFields([{ name: '通知.pdf', role: 'notice', pages: [noticePdf({ date: '3023年2月10日' })] }], 'document'));
  // The body's 活动时间 is all that is left, and it is the week of the activity, not the notice: offered last.
  expect(s.date).toMatchObject({ value: '2023-05-12', evidence: '活动时间：2023年5月12日' });
});

const minutes = (): PageText =>
  page([
    boxed('科普工作推进会会议记录', 380, 150, 860, 200),
    boxed('会议时间：二〇二三年三月二十二日上午九时', 110, 260, 900, 296),
    boxed('会议地点：县科协会议室', 110, 310, 600, 346),
    boxed('主持人：王建国 记录人：李明', 110, 360, 700, 396),
    boxed('参会人员：县科协、县教育局、县卫健局等单位干事', 110, 410, 1100, 446),
    boxed('会议内容：', 110, 460, 300, 496),
  ]);

test('a sign-in sheet: its title, the 时间 it prints, and its signed rows as 参与人数', () => {
  const s = byField(suggestFields([{ name: '签到表.jpg', role: 'signin', pages: [signInPage()] }]));
  expect(s.title).toMatchObject({ value: '科普工作推进会签到表', from: '签到表.jpg 第 1 页' });
  expect(s.date).toMatchObject({ value: '2023-03-22', evidence: '时间：2023年3月22日' });
  expect(s.participants).toEqual({ field: 'participants', value: 10, from: '签到表.jpg 第 1 页', evidence: '10 人签名' });
  expect(s.docNumber).toBeUndefined();
  // Two pages (and a second file) are summed.
  const two = suggestFields([
    { name: '签到表.pdf', role: 'signin', pages: [signInPage(), { ...signInPage({ signers: [['县科协', '干事', '黄蕾', '']] }), page: 2 }] },
    { name: '补签.jpg', role: 'signin', pages: [signInPage({ signers: [['县科协', '干事', '郑洁', '']] })] },
  ]);
  expect(byField(two).participants).toMatchObject({ value: 12, from: '签到表.pdf 第 1–2 页、补签.jpg 第 1 页' });
});

test('a meeting: dated and named by its minutes and sign-in sheet; its notice still gives the 文号 and the issuing body', () => {
  const notice = noticePdf({ title: ['关于召开全县科普工作推进会的通知'], date: '2023年3月15日' });
  const sources: SourceText[] = [
    { name: '通知.pdf', role: 'notice', pages: [notice] },
    { name: '签到表.jpg', role: 'signin', pages: [signInPage()] },
    { name: '会议记录.jpg', role: 'minutes', pages: [minutes()] },
  ];
  const meeting = byField(suggestFields(sources, 'meeting'));
  expect(meeting.date).toMatchObject({ value: '2023-03-22', from: '签到表.jpg 第 1 页' });
  expect(meeting.title).toMatchObject({ value: '科普工作推进会会议记录', from: '会议记录.jpg 第 1 页' });
  expect(meeting.docNumber).toMatchObject({ value: '某政办〔2023〕5号', from: '通知.pdf 第 1 页' });
  expect(meeting.responsible).toMatchObject({ value: '某县人民政府办公室' });
  expect(meeting.participants).toMatchObject({ value: 10 });
  // The same files as a document item: the notice's own date and title.
  const doc = byField(suggestFields(sources, 'document'));
  expect(doc.date).toMatchObject({ value: '2023-03-15', from: '通知.pdf 第 1 页' });
  expect(doc.title).toMatchObject({ value: '关于召开全县科普工作推进会的通知' });
  // Minutes alone: the 〇 date of its 会议时间.
  expect(byField(suggestFields([{ name: '会议记录.jpg', role: 'minutes', pages: [minutes()] }])).date).toMatchObject({ value: '2023-03-22', evidence: '会议时间：二〇二三年三月二十二日' });
});

test('a plan printed without a 版头: its first rows are the title when they read as one; the 落款 gives date and body', () => {
  const lines = [
    pdfLine('某县创建全国科普示范县', 120, 90, 22, 475),
    pdfLine('工作方案', 240, 122, 22, 330),
    pdfLine('为深入实施全民科学素质行动，推进全国科普示范县创建工作，制定本方案。', 80, 180, 15.75, 518),
    pdfLine('一、指导思想', 80, 210, 15.75),
    pdfLine('某县科学技术协会', 360, 600, 15.75),
    pdfLine('2023年1月6日', 380, 629, 15.75, 470),
    // The seal's ring in the text layer, as pdfjs chains its characters: tall runs across the 落款.
    boxed('某县科学', 350, 566, 393, 645, 0, 1),
    boxed('技术协会', 422, 566, 464, 645, 0, 1),
    boxed('协', 401, 562, 414, 575, 0, 1),
  ];
  const s = byField(suggestFields([{ name: '方案.pdf', role: 'body', pages: [{ page: 1, ...A4, text: lines.map((l) => l.text).join('\n'), lines }] }], 'plan'));
  expect(s.title).toMatchObject({ value: '某县创建全国科普示范县工作方案' });
  expect(s.date).toMatchObject({ value: '2023-01-06' });
  expect(s.responsible).toMatchObject({ value: '某县科学技术协会', evidence: '某县科学技术协会' });
  // A page of body text is not a title.
  const prose = [pdfLine('为深入实施全民科学素质行动，推进全国科普示范县创建工作。', 80, 90, 15.75, 518)];
  expect(byField(suggestFields([{ name: '说明.pdf', role: 'body', pages: [{ page: 1, ...A4, text: prose[0].text, lines: prose }] }])).title).toBeUndefined();
  // A photo of an event has no text to suggest from.
  expect(suggestFields([{ name: 'IMG_1.jpg', role: 'photo', pages: [] }], 'activity')).toEqual([]);
});
