// What Word says about a paragraph's look, read from document.xml and styles.xml (mammoth keeps
// none of it), and how the dossier prints it: titles, 落款, headings in their GB/T 9704 faces.
import { docxBlocks, type Block } from '../../main/export/dossier/docx-blocks';
import { headingMarker, printedPara } from '../../main/export/dossier/docx-style';
import { docxBytes } from '../helpers/docx';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const docx = (body: string, styles: string): Promise<Buffer> =>
  docxBytes(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}<w:sectPr/></w:body></w:document>`, styles);

const run = (t: string, rpr = '') => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const p = (runs: string, ppr = '') => `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}${runs}</w:p>`;

// As Word writes them: document defaults 五号, a Normal style in 3号 仿宋 with a two-character
// indent and an exact 28 pt line, a Title style centred in 2号 小标宋, a body style based on Normal.
const STYLES =
  '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>' +
  '<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>' +
  '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Kai"><w:name w:val="楷体正文"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>';

test('formats from styles (based-on chains, document defaults) and from direct formatting', async () => {
  const { blocks } = await docxBlocks(
    await docx(
      p(run('关于开展科普活动的通知'), '<w:pStyle w:val="Title"/>') +
        p(run('各镇人民政府：'), '<w:ind w:firstLineChars="0" w:firstLine="0"/>') +
        p(run('正文一段。')) +
        p(run('楷体一段。'), '<w:pStyle w:val="Kai"/>') +
        // Direct formatting over the style: centred, 22 pt, bold, in 黑体.
        p(run('直接设置的标题', '<w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="44"/>'), '<w:jc w:val="center"/>') +
        // Mixed sizes: the size of most of the text; bold only in part, so not bold.
        p(run('短', '<w:sz w:val="44"/><w:b/>') + run('大部分文字是三号')) +
        p(run('县科协'), '<w:jc w:val="right"/>') +
        p(run('悬挂缩进'), '<w:ind w:hangingChars="200"/>'),
      STYLES,
    ),
  );
  const f = (text: string) => (blocks.find((b) => 'text' in b && b.text === text) as Extract<Block, { kind: 'paragraph' | 'heading' }>).format;
  expect(blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
  expect(f('关于开展科普活动的通知')).toMatchObject({ align: 'center', size: 22, face: 'title', indentChars: 0, pitch: 28 });
  expect(f('各镇人民政府：')).toMatchObject({ align: 'justify', size: 16, face: 'fang', indentChars: 0 });
  expect(f('正文一段。')).toMatchObject({ align: 'justify', size: 16, face: 'fang', indentChars: 2, pitch: 28 });
  expect(f('楷体一段。')).toMatchObject({ face: 'kai', size: 16, indentChars: 2 });
  expect(f('直接设置的标题')).toMatchObject({ align: 'center', size: 22, face: 'hei' });
  expect(blocks.find((b) => 'text' in b && b.text === '直接设置的标题')).toMatchObject({ bold: true });
  expect(f('短大部分文字是三号')).toMatchObject({ size: 16 });
  expect(f('短大部分文字是三号')?.bold).toBeUndefined();
  expect(f('县科协')).toMatchObject({ align: 'right' });
  expect(f('悬挂缩进')).toMatchObject({ indentChars: -2 });
});

test('a document without styles keeps its direct formatting; typed full-width spaces are an indent', async () => {
  const { blocks } = await docxBlocks(
    await docx(p(run('标题', '<w:sz w:val="44"/>'), '<w:jc w:val="center"/>') + p(run('　　　　四格缩进')) + p(run('普通')), ''),
  );
  expect(blocks).toEqual([
    { kind: 'paragraph', text: '标题', format: { align: 'center', size: 22 } },
    { kind: 'paragraph', text: '四格缩进', format: { indentChars: 4 } },
    { kind: 'paragraph', text: '普通' },
  ]);
});

test('GB/T 9704 heading markers', () => {
  expect(headingMarker('一、总体要求')).toBe(1);
  expect(headingMarker('十二、其他')).toBe(1);
  expect(headingMarker('（一）工作目标')).toBe(2);
  expect(headingMarker('(三)工作目标')).toBe(2);
  expect(headingMarker('1.具体任务')).toBe(3);
  expect(headingMarker('2．具体任务')).toBe(3);
  expect(headingMarker('（1）细项')).toBe(4);
  expect(headingMarker('2023年计划')).toBeNull();
  expect(headingMarker('3.5万人次参加')).toBeNull();
  expect(headingMarker('一些说明')).toBeNull();
});

test('printed: a centred 22 pt paragraph is a title; headings take 黑体, 楷体, 仿宋; 落款 right; 主送机关 flush left', () => {
  const title = printedPara({ kind: 'paragraph', text: '关于开展科普活动的通知', format: { align: 'center', size: 22 } });
  expect(title.style).toMatchObject({ role: 'title', size: 22, align: 'center' });
  expect(title.style.indentChars ?? 0).toBe(0);
  expect(printedPara({ kind: 'heading', level: 1, text: '关于开展科普活动的通知' }).style.role).toBe('title');
  // A Heading 1 that is an 「一、」 heading is a 黑体 heading, not a title.
  expect(printedPara({ kind: 'heading', level: 1, text: '一、总体要求' }).style).toMatchObject({ role: 'hei', indentChars: 2 });
  const kai = printedPara({ kind: 'paragraph', text: '（一）加强组织领导。县委成立领导小组。' });
  expect(kai.spans).toEqual([
    { text: '（一）加强组织领导。', role: 'kai' },
    { text: '县委成立领导小组。', role: 'fang' },
  ]);
  expect(printedPara({ kind: 'paragraph', text: '1.报名材料须于5月10日前报送。' }).spans[0].role).toBe('fang');
  expect(printedPara({ kind: 'paragraph', text: '（2）细项' }).spans[0].role).toBe('fang');
  expect(printedPara({ kind: 'paragraph', text: '县科协', format: { align: 'right' } }).style).toMatchObject({ align: 'right', indentChars: 0 });
  expect(printedPara({ kind: 'paragraph', text: '各乡镇人民政府，县直各单位：' }).style.indentChars).toBe(0);
  expect(printedPara({ kind: 'paragraph', text: '正文。' }).style).toMatchObject({ role: 'fang', size: 16, indentChars: 2, grid: true });
  // Word's own size and face are kept for body text; bold body text prints in 黑体.
  expect(printedPara({ kind: 'paragraph', text: '会议记录正文', format: { size: 14, face: 'kai' } }).style).toMatchObject({ role: 'kai', size: 14 });
  expect(printedPara({ kind: 'paragraph', text: '要点', bold: true }).style.role).toBe('hei');
});

test('a long numbered paragraph without a heading sentence stays in 仿宋', () => {
  const long = `（一）${'以习近平新时代中国特色社会主义思想为指导，深入贯彻落实全民科学素质行动规划纲要，'.repeat(2)}推动创建工作。`;
  expect(printedPara({ kind: 'paragraph', text: long }).spans).toEqual([{ text: long, role: 'fang' }]);
  expect(printedPara({ kind: 'paragraph', text: '一、时间：2023年5月20日上午' }).spans).toEqual([
    { text: '一、时间：', role: 'hei' },
    { text: '2023年5月20日上午', role: 'fang' },
  ]);
});
