import fs from 'node:fs';
import path from 'node:path';
import { DOCX_WARNINGS, docxBlocks, type Block } from '../../main/export/dossier/docx-blocks';
import { makeDocx } from '../../main/demo/sample-files';
import { tmpDir } from '../helpers/tmp';

// ---------------------------------------------------------------------------------------------
// A test-only DOCX writer: richer than makeDocx (styles, numbering, tables, images, notes, text
// boxes), so mammoth reads the real Word constructs rather than hand-written HTML.

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NAMESPACES = [
  `xmlns:w="${W}"`,
  `xmlns:r="${REL}"`,
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"',
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"',
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"',
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"',
].join(' ');
// A 1×1 PNG, so the image relationship points at a real picture.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const esc = (s: string): string => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/** A run; '\n' in the text becomes <w:br/>. */
function run(text: string, opts: { bold?: boolean } = {}): string {
  const texts = text.split('\n').map((t) => `<w:t xml:space="preserve">${esc(t)}</w:t>`).join('<w:br/>');
  return `<w:r>${opts.bold ? '<w:rPr><w:b/></w:rPr>' : ''}${texts}</w:r>`;
}

/** A paragraph of one plain run, or of the given runs; `num` is [numId, level]. */
function para(content: string | string[], opts: { style?: string; num?: [number, number] } = {}): string {
  const runs = Array.isArray(content) ? content.join('') : run(content);
  const style = opts.style ? `<w:pStyle w:val="${opts.style}"/>` : '';
  const num = opts.num ? `<w:numPr><w:ilvl w:val="${opts.num[1]}"/><w:numId w:val="${opts.num[0]}"/></w:numPr>` : '';
  return `<w:p>${style || num ? `<w:pPr>${style}${num}</w:pPr>` : ''}${runs}</w:p>`;
}

function image(descr: string): string {
  return (
    `<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="图片 1" descr="${esc(descr)}"/>` +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
    '<pic:nvPicPr><pic:cNvPr id="0" name="photo.png"/><pic:cNvPicPr/></pic:nvPicPr>' +
    '<pic:blipFill><a:blip r:embed="rIdImage"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>' +
    '</wp:inline></w:drawing></w:r>'
  );
}

/** A text box as Word writes it: DrawingML, and (unless `noFallback`) the VML fallback. */
function textBox(text: string, opts: { noFallback?: boolean } = {}): string {
  const drawing =
    '<w:drawing><wp:anchor><wp:docPr id="2" name="文本框 2"/><a:graphic>' +
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
    `<wps:wsp><wps:txbx><w:txbxContent>${para(text)}</w:txbxContent></wps:txbx></wps:wsp>` +
    '</a:graphicData></a:graphic></wp:anchor></w:drawing>';
  const fallback = opts.noFallback
    ? ''
    : `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${para(text)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>`;
  return `<w:r><mc:AlternateContent><mc:Choice Requires="wps">${drawing}</mc:Choice>${fallback}</mc:AlternateContent></w:r>`;
}

function chart(): string {
  return (
    '<w:r><w:drawing><wp:inline><wp:docPr id="3" name="图表 3"/><a:graphic>' +
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart"/></a:graphicData>' +
    '</a:graphic></wp:inline></w:drawing></w:r>'
  );
}

function footnoteRef(id: number): string {
  return `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${id}"/></w:r>`;
}

/** A cell's text ('\n\n' separates its paragraphs), horizontal span and vertical merge. */
type Cell = string | { text: string; span?: number; vMerge?: 'restart' | 'continue' };

function table(rows: { cells: Cell[]; header?: boolean }[]): string {
  const trs = rows.map(({ cells, header }) => {
    const tcs = cells.map((c) => {
      const cell = typeof c === 'string' ? { text: c } : c;
      const merge = cell.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : cell.vMerge === 'continue' ? '<w:vMerge/>' : '';
      const tcPr = `${cell.span ? `<w:gridSpan w:val="${cell.span}"/>` : ''}${merge}`;
      const paras = cell.text.split('\n\n').map((t) => para(t)).join('');
      return `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${paras}</w:tc>`;
    });
    // w:tblPrEx (row-level table settings) is in many real tables; mammoth warns about it.
    return `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}<w:tblPrEx><w:tblBorders/></w:tblPrEx>${tcs.join('')}</w:tr>`;
  });
  return `<w:tbl><w:tblPr/><w:tblGrid/>${trs.join('')}</w:tbl>`;
}

const STYLES =
  `<w:styles xmlns:w="${W}">` +
  [1, 2, 3, 4].map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`).join('') +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="BodyIndent"><w:name w:val="正文缩进"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>' +
  '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style>' +
  '</w:styles>';

const level = (i: number, format: string): string =>
  `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${format === 'bullet' ? '•' : `%${i + 1}.`}"/></w:lvl>`;
/** numId 1: numbered, with bullets at level 1 and numbers again at level 2; numId 2: bullets. */
const NUMBERING =
  `<w:numbering xmlns:w="${W}">` +
  `<w:abstractNum w:abstractNumId="0">${level(0, 'decimal')}${level(1, 'bullet')}${level(2, 'decimal')}</w:abstractNum>` +
  `<w:abstractNum w:abstractNumId="1">${level(0, 'bullet')}${level(1, 'bullet')}</w:abstractNum>` +
  '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>' +
  '</w:numbering>';

async function docx(body: string, opts: { footnotes?: Record<number, string> } = {}): Promise<Buffer> {
  const rel = (id: string, type: string, target: string): string => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;
  const parts: Record<string, string | Buffer> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `${rel('rId1', 'officeDocument', 'word/document.xml')}</Relationships>`,
    'word/_rels/document.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      rel('rIdStyles', 'styles', 'styles.xml') +
      rel('rIdNumbering', 'numbering', 'numbering.xml') +
      rel('rIdImage', 'image', 'media/image1.png') +
      (opts.footnotes ? rel('rIdFootnotes', 'footnotes', 'footnotes.xml') : '') +
      '</Relationships>',
    'word/styles.xml': STYLES,
    'word/numbering.xml': NUMBERING,
    'word/media/image1.png': PNG,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NAMESPACES}><w:body>${body}<w:sectPr/></w:body></w:document>`,
  };
  if (opts.footnotes) {
    const notes = Object.entries(opts.footnotes).map(
      ([id, text]) => `<w:footnote w:id="${id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:footnoteRef/></w:r>${run(text)}</w:p></w:footnote>`,
    );
    parts['word/footnotes.xml'] =
      `<w:footnotes xmlns:w="${W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>${notes.join('')}</w:footnotes>`;
  }
  return zip(parts);
}

// yazl ships no type declarations; describe the part used here, as sample-files.ts does.
interface YazlZipFile {
  addBuffer(buffer: Buffer, name: string): void;
  end(): void;
  outputStream: NodeJS.ReadableStream;
}

async function zip(parts: Record<string, string | Buffer>): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ZipFile } = require('yazl') as { ZipFile: new () => YazlZipFile };
  const file = new ZipFile();
  for (const [name, data] of Object.entries(parts)) file.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), name);
  file.end();
  const chunks: Buffer[] = [];
  for await (const chunk of file.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------

const dir = tmpDir('tz-docx-blocks-');

describe('docxBlocks', () => {
  test('headings: Heading1 → 1, Heading2 → 2, Heading3 and deeper → 3, Title → 1; Chinese markers kept', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(
        para('关于开展2024年创建工作的通知', { style: 'Title' }) +
          para('一、总体要求', { style: 'Heading1' }) +
          para('（一）工作目标', { style: 'Heading2' }) +
          para('1. 具体任务', { style: 'Heading3' }) +
          para('（1）细项', { style: 'Heading4' }) +
          para('　', { style: 'Heading2' }) +
          para('正文'),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: '关于开展2024年创建工作的通知' },
      { kind: 'heading', level: 1, text: '一、总体要求' },
      { kind: 'heading', level: 2, text: '（一）工作目标' },
      { kind: 'heading', level: 3, text: '1. 具体任务' },
      { kind: 'heading', level: 3, text: '（1）细项' },
      { kind: 'paragraph', text: '正文' },
    ]);
    expect(warnings).toEqual([]);
  });

  test('paragraphs: spaces and tabs collapse, the full-width indent goes, blanks inside a line stay, empty ones are dropped', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(
        para('　　会议由  县委办\t主任 主持。 ') +
          para('   ') +
          para('　　') +
          para('签名：　　　　日期：') +
          // A style mammoth has no mapping for: it warns, but the text is printed all the same.
          para('　　二〇二四年三月八日', { style: 'BodyIndent' }) +
          // WPS files often name styles they never define: mammoth warns, the text is plain text.
          para('县创建办', { style: 'WpsUndefined' }),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '会议由 县委办 主任 主持。' },
      { kind: 'paragraph', text: '签名：　　　　日期：' },
      { kind: 'paragraph', text: '二〇二四年三月八日' },
      { kind: 'paragraph', text: '县创建办' },
    ]);
    expect(warnings).toEqual([]);
  });

  test('a paragraph is bold only when all of its text is', async () => {
    const { blocks } = await docxBlocks(
      await docx(
        para([run('会议纪要', { bold: true }), run('（第三期）', { bold: true })]) +
          para([run('主持人：', { bold: true }), run('王主任')]) +
          para([run('  '), run('参会人员', { bold: true }), run(' ')]),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '会议纪要（第三期）', bold: true },
      { kind: 'paragraph', text: '主持人：王主任' },
      { kind: 'paragraph', text: '参会人员', bold: true },
    ]);
  });

  test('line breaks become \\n in paragraphs, headings and cells; leading and trailing breaks go', async () => {
    const { blocks } = await docxBlocks(
      await docx(
        para('第一行 \n  第二行\n　　第三行') +
          para('一、标题\n续行', { style: 'Heading1' }) +
          para('\n只有一行\n') +
          table([{ cells: ['上\n下'] }]),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '第一行\n第二行\n　　第三行' },
      { kind: 'heading', level: 1, text: '一、标题\n续行' },
      { kind: 'paragraph', text: '只有一行' },
      { kind: 'table', rows: [[{ text: '上\n下', colspan: 1, rowspan: 1, header: false }]] },
    ]);
  });

  test('entities come back as the characters typed: & < > "', async () => {
    const { blocks } = await docxBlocks(await docx(para('A&B <创建> "台账" \'卷\' &amp;')));
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'A&B <创建> "台账" \'卷\' &amp;' }]);
  });

  test('checkbox content controls print as ☑ and ☐', async () => {
    const box = (checked: boolean): string =>
      `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="${checked ? 1 : 0}"/></w14:checkbox></w:sdtPr>` +
      `<w:sdtContent>${run(checked ? '☒' : '☐')}</w:sdtContent></w:sdt>`;
    const { blocks } = await docxBlocks(await docx(`<w:p>${box(true)}${run('已整改 ')}${box(false)}${run('未整改')}</w:p>`));
    expect(blocks).toEqual([{ kind: 'paragraph', text: '☑已整改 ☐未整改' }]);
  });

  test('ordered, unordered and nested lists, flattened with depth', async () => {
    const { blocks } = await docxBlocks(
      await docx(
        para('工作安排如下：') +
          para('成立领导小组', { num: [1, 0] }) +
          para('组长：县长', { num: [1, 1] }) +
          para('负责统筹', { num: [1, 2] }) +
          para('制定实施方案', { num: [1, 0] }) +
          para('　　 ', { num: [1, 0] }) +
          para('注：') +
          para('资料齐全', { num: [2, 0] }) +
          para('按时上报', { num: [2, 1] }),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '工作安排如下：' },
      {
        kind: 'list',
        ordered: true,
        items: [
          { text: '成立领导小组', depth: 0 },
          { text: '组长：县长', depth: 1 },
          { text: '负责统筹', depth: 2 },
          { text: '制定实施方案', depth: 0 },
        ],
      },
      { kind: 'paragraph', text: '注：' },
      { kind: 'list', ordered: false, items: [{ text: '资料齐全', depth: 0 }, { text: '按时上报', depth: 1 }] },
    ]);
  });

  test('a list that starts at level 2 keeps its depth', async () => {
    const { blocks } = await docxBlocks(await docx(para('子项', { num: [2, 1] })));
    expect(blocks).toEqual([{ kind: 'list', ordered: false, items: [{ text: '子项', depth: 1 }] }]);
  });

  test('tables: header row, colspan, rowspan, cell paragraphs joined with \\n, empty cells kept', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(
        table([
          { header: true, cells: ['序号', { text: '工作内容', span: 2 }] },
          { cells: [{ text: '1', vMerge: 'restart' }, '环境整治', '第一段\n\n第二段'] },
          { cells: [{ text: '', vMerge: 'continue' }, '宣传发动', ''] },
        ]),
      ),
    );
    expect(blocks).toEqual([
      {
        kind: 'table',
        rows: [
          [
            { text: '序号', colspan: 1, rowspan: 1, header: true },
            { text: '工作内容', colspan: 2, rowspan: 1, header: true },
          ],
          [
            { text: '1', colspan: 1, rowspan: 2, header: false },
            { text: '环境整治', colspan: 1, rowspan: 1, header: false },
            { text: '第一段\n第二段', colspan: 1, rowspan: 1, header: false },
          ],
          [
            { text: '宣传发动', colspan: 1, rowspan: 1, header: false },
            { text: '', colspan: 1, rowspan: 1, header: false },
          ],
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  test('lists inside a cell become lines with their numbers; a table inside a cell becomes text, with a warning', async () => {
    const inner = table([{ cells: ['姓名', '职务'] }, { cells: ['张三', '科长'] }]);
    const cell = `<w:tc>${para('要求：')}${para('按时', { num: [1, 0] })}${para('细则', { num: [1, 1] })}${para('齐全', { num: [1, 0] })}${inner}${para('')}</w:tc>`;
    const { blocks, warnings } = await docxBlocks(await docx(`<w:tbl><w:tblPr/><w:tblGrid/><w:tr>${cell}</w:tr></w:tbl>`));
    expect(blocks).toEqual([
      { kind: 'table', rows: [[{ text: '要求：\n1. 按时\n  • 细则\n2. 齐全\n姓名　职务\n张三　科长', colspan: 1, rowspan: 1, header: false }]] },
    ]);
    expect(warnings).toEqual([DOCX_WARNINGS.nestedTables]);
  });

  test('an image becomes an image block after its paragraph, with a warning; in a cell it is a mark in the text', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(
        para([run('会议现场：'), image('县委书记讲话 & "动员"')]) +
          para([image('')]) +
          table([{ cells: [{ text: '照片' }] }]).replace('<w:t xml:space="preserve">照片</w:t></w:r>', `<w:t xml:space="preserve">照片</w:t></w:r>${image('签到表')}`),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '会议现场：' },
      { kind: 'image', alt: '县委书记讲话 & "动员"' },
      { kind: 'image', alt: '' },
      { kind: 'table', rows: [[{ text: '照片[图片：签到表]', colspan: 1, rowspan: 1, header: false }]] },
    ]);
    expect(warnings).toEqual([DOCX_WARNINGS.images(3)]);

    const one = await docxBlocks(await docx(para([image('现场照片')])));
    expect(one).toEqual({ blocks: [{ kind: 'image', alt: '现场照片' }], warnings: [DOCX_WARNINGS.images(1)] });
  });

  test('footnotes: the reference keeps its [1], the note is printed at the end, with a warning', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(para([run('全县共有行政村 120 个'), footnoteRef(5)]) + para('下一段'), { footnotes: { 5: '数据来源：县统计局。' } }),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '全县共有行政村 120 个[1]' },
      { kind: 'paragraph', text: '下一段' },
      { kind: 'paragraph', text: '[1] 数据来源：县统计局。' },
    ]);
    expect(warnings).toEqual([DOCX_WARNINGS.footnotes(1)]);
  });

  test('a text box is printed after its paragraph, with a warning; one without the VML fallback is lost, and said so', async () => {
    const moved = await docxBlocks(await docx(para([run('正文'), textBox('文本框里的文字')]) + para('后文')));
    expect(moved.blocks).toEqual([
      { kind: 'paragraph', text: '正文' },
      { kind: 'paragraph', text: '文本框里的文字' },
      { kind: 'paragraph', text: '后文' },
    ]);
    expect(moved.warnings).toEqual([DOCX_WARNINGS.textBoxesMoved]);

    const lost = await docxBlocks(await docx(para([run('正文'), textBox('看不到', { noFallback: true })])));
    expect(lost.blocks).toEqual([{ kind: 'paragraph', text: '正文' }]);
    expect(lost.warnings).toEqual([DOCX_WARNINGS.textBoxesLost]);
  });

  test('charts, formulas, fields and unknown elements are named in warnings', async () => {
    const { blocks, warnings } = await docxBlocks(
      await docx(
        para([run('完成率见下图'), chart()]) +
          `<w:p>${run('面积')}<m:oMath><m:r><m:t>S=πr²</m:t></m:r></m:oMath></w:p>` +
          `<w:p>${run('第')}<w:fldSimple w:instr="PAGE">${run('3')}</w:fldSimple>${run('页')}</w:p>` +
          `<w:p>${run('拼音')}<w:ruby><w:rt>${run('pīn')}</w:rt><w:rubyBase>${run('拼')}</w:rubyBase></w:ruby></w:p>`,
      ),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '完成率见下图' },
      { kind: 'paragraph', text: '面积' },
      { kind: 'paragraph', text: '第页' },
      { kind: 'paragraph', text: '拼音' },
    ]);
    expect(warnings).toEqual([DOCX_WARNINGS.math, DOCX_WARNINGS.fields, DOCX_WARNINGS.unknown(['w:ruby']), DOCX_WARNINGS.charts(1)]);
  });

  test('a DOCX written by makeDocx (paragraphs only) reads', async () => {
    const file = path.join(dir, 'minutes.docx');
    await makeDocx(file, { paragraphs: ['创建工作推进会会议纪要', '', '　　时间：2024年3月8日', 'A & B <C>'] });
    const { blocks, warnings } = await docxBlocks(fs.readFileSync(file));
    expect(blocks).toEqual<Block[]>([
      { kind: 'paragraph', text: '创建工作推进会会议纪要' },
      { kind: 'paragraph', text: '时间：2024年3月8日' },
      { kind: 'paragraph', text: 'A & B <C>' },
    ]);
    expect(warnings).toEqual([]);
  });

  describe('what is not a readable DOCX throws an Error', () => {
    test.each<[string, () => Promise<Buffer>]>([
      ['random bytes', async () => Buffer.from('这不是 Word 文档'.repeat(50))],
      ['no bytes at all', async () => Buffer.alloc(0)],
      ['a DOCX cut in half', async () => (await docx(para('正文'))).subarray(0, 300)],
      ['a zip without a document part', async () => zip({ 'readme.txt': '你好' })],
    ])('%s', async (_name, bytes) => {
      const input = await bytes();
      await expect(docxBlocks(input)).rejects.toThrow(/^无法读取 Word 文档：/);
      await expect(docxBlocks(input)).rejects.toBeInstanceOf(Error);
    });
  });
});
