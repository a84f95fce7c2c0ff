// Evidence DOCX files (minutes, reports, plans) are printed in the dossier in the body style, not
// as page images. This module turns a DOCX into the few block kinds the PDF layout knows. mammoth
// reads Word's XML and hands over plain, regular HTML; a small tokenizer reads that back. What
// cannot be printed faithfully is named in warnings a clerk can read, one line per kind.
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { DOCX_LIMITS, zipLimitProblem } from '../../intake/zip-limits';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; format?: ParaFormat } // h1→1, h2→2, h3+→3
  | { kind: 'paragraph'; text: string; bold?: boolean; format?: ParaFormat } // bold only when the whole paragraph is
  | { kind: 'list'; ordered: boolean; items: { text: string; depth: number }[] }
  | { kind: 'table'; rows: TableCell[][] }
  | { kind: 'image'; alt: string }; // the dossier prints a note, not the image

/**
 * What Word says about a paragraph's look (direct formatting, then its style's, then the
 * document defaults), read from document.xml itself: mammoth keeps none of it. Only what is
 * stated is set; a paragraph with nothing stated has no `format`.
 */
export interface ParaFormat {
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Point size of most of the paragraph's text. */
  size?: number;
  /** The whole text is bold. */
  bold?: boolean;
  /** The face most of the text is set in, by its east-Asian font name (黑体, 楷体_GB2312, 方正小标宋简体 …). */
  face?: 'fang' | 'hei' | 'kai' | 'song' | 'title';
  /** First-line indent in characters (negative for a hanging indent); typed full-width spaces count too. */
  indentChars?: number;
  /** Line pitch in points, when Word's line spacing is exact or at least a value. */
  pitch?: number;
  /** Space after the paragraph, in points. */
  after?: number;
}

export interface TableCell {
  text: string;
  colspan: number;
  rowspan: number;
  header: boolean;
}

export interface DocxBlocks {
  blocks: Block[];
  warnings: string[];
}

/** The warnings, in the words a clerk reads next to the printed document. */
export const DOCX_WARNINGS = {
  images: (n: number) => `文档中有 ${n} 张图片，卷宗中只打印图片说明，不打印图片本身`,
  footnotes: (n: number) => `文档中有 ${n} 条脚注，改在正文末尾打印`,
  nestedTables: '文档中有表格套表格，内层表格改为单元格中的文字打印',
  textBoxesMoved: '文档中有文本框，框内文字改在所在段落之后按正文打印',
  textBoxesLost: '文档中有文本框的文字未能读出，未打印',
  charts: (n: number) => `文档中有 ${n} 个图表或 SmartArt 图形，未打印`,
  math: '文档中有公式，未打印',
  fields: '文档中有域（如页码、日期）的文字未打印',
  symbols: '文档中有无法识别的特殊符号，未打印',
  imagesUnreadable: '文档中有图片无法读取，未打印图片说明',
  tableMerges: '文档中有结构异常的表格，合并单元格可能与原文不同',
  unknown: (names: string[]) => `文档中有无法识别的内容（${names.join('、')}），未打印`,
  other: (message: string) => `文档部分内容可能未按原样打印（${message}）`,
} as const;

/**
 * The blocks of a DOCX, in reading order, and warnings for what they leave out.
 * Throws an Error when the bytes are not a readable DOCX (the caller prints a placeholder page).
 */
export async function docxBlocks(bytes: Buffer): Promise<DocxBlocks> {
  const refused = await zipLimitProblem(bytes, DOCX_LIMITS);
  // `reason` is the clerk's wording, printed on the placeholder page in place of the document.
  if (refused) throw Object.assign(new Error(`无法读取 Word 文档：${refused.message}`), { reason: refused.message });
  let result: MammothResult;
  try {
    result = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP, convertImage: ALT_ONLY });
  } catch (err) {
    throw new Error(`无法读取 Word 文档：${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const walk: Walk = { images: 0, footnotes: 0, nestedTables: 0, noteLabels: new Map() };
  const blocks = parseHtml(result.value).children.flatMap((node) => blocksOf(asElement(node), walk));
  const documentXml = zipEntryText(bytes, 'word/document.xml');
  attachFormats(blocks, documentXml, bytes);
  const warnings = [...walkWarnings(walk), ...mammothWarnings(result.messages), ...drawingWarnings(documentXml)];
  return { blocks, warnings: [...new Set(warnings)] };
}

// ---------------------------------------------------------------------------------------------
// mammoth

type MammothResult = Awaited<ReturnType<typeof mammoth.convertToHtml>>;

// mammoth maps "heading N" and "HeadingN" by itself; Word's Title style is the document's own
// title ("关于……的通知"), which the dossier prints as a top-level heading.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh"];

// The image bytes are never read: only the alt text reaches the HTML (mammoth adds it itself).
const ALT_ONLY = mammoth.images.imgElement(async () => ({ src: '' }));

/** mammoth's own messages, translated; style and field bookkeeping loses no text and is dropped. */
function mammothWarnings(messages: MammothResult['messages']): string[] {
  const out: string[] = [];
  const unknown = new Set<string>();
  for (const { message } of messages) {
    const ignored = /^An unrecognised element was ignored: (.+)$/.exec(message)?.[1];
    if (ignored !== undefined) {
      // Unknown namespaces come as "{uri}name"; the math namespace is the one worth naming.
      if (/\/math\}/.test(ignored)) out.push(DOCX_WARNINGS.math);
      else if (ignored === 'w:fldSimple') out.push(DOCX_WARNINGS.fields);
      else if (!TEXTLESS_ELEMENTS.has(ignored)) unknown.add(ignored.replace(/^\{[^}]*\}/, ''));
    } else if (/^Unrecognised (paragraph|run) style|was referenced but not defined|complex field|^Unsupported break type|unlikely to display in web browsers/.test(message)) {
      // Formatting only: the text is printed in the body style anyway; images are not printed.
    } else if (/cell merging may be incorrect/.test(message)) out.push(DOCX_WARNINGS.tableMerges);
    else if (/^A w:sym element/.test(message)) out.push(DOCX_WARNINGS.symbols);
    else if (/image file|v:imagedata/.test(message)) out.push(DOCX_WARNINGS.imagesUnreadable);
    else out.push(DOCX_WARNINGS.other(message));
  }
  if (unknown.size > 0) out.push(DOCX_WARNINGS.unknown([...unknown]));
  return out;
}

/** Elements mammoth does not know that hold no printable text: row exceptions, edit permissions. */
const TEXTLESS_ELEMENTS = new Set(['w:tblPrEx', 'w:permStart', 'w:permEnd']);

// ---------------------------------------------------------------------------------------------
// HTML → blocks

type HtmlNode = string | HtmlElement;
interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}

/** What the walk noticed on the way, for the warnings. */
interface Walk {
  images: number;
  footnotes: number;
  nestedTables: number;
  /** Note id ("footnote-3") → the label printed at its reference ("[1]"). */
  noteLabels: Map<string, string>;
}

function walkWarnings(walk: Walk): string[] {
  const out: string[] = [];
  if (walk.images > 0) out.push(DOCX_WARNINGS.images(walk.images));
  if (walk.footnotes > 0) out.push(DOCX_WARNINGS.footnotes(walk.footnotes));
  if (walk.nestedTables > 0) out.push(DOCX_WARNINGS.nestedTables);
  return out;
}

function blocksOf(el: HtmlElement, walk: Walk): Block[] {
  const h = /^h([1-6])$/.exec(el.tag);
  if (h) return paragraphBlocks(el, walk, Math.min(3, Number(h[1])) as 1 | 2 | 3);
  if (isList(el)) return isNoteList(el) ? noteBlocks(el, walk) : listBlocks(el, walk);
  if (el.tag === 'table') return tableBlocks(el, walk);
  return paragraphBlocks(el, walk); // <p>, and anything unexpected is read as a paragraph too
}

/**
 * A paragraph or heading, then its images as image blocks: an image usually stands alone in its
 * paragraph, and printing the note after the text keeps a sentence around an icon whole.
 */
function paragraphBlocks(el: HtmlElement, walk: Walk, headingLevel?: 1 | 2 | 3): Block[] {
  const alts: string[] = [];
  const text = normalise(
    textOf(el, walk, (alt) => {
      alts.push(alt);
      return '';
    }),
  );
  const out: Block[] = [];
  if (headingLevel) {
    if (text) out.push({ kind: 'heading', level: headingLevel, text });
  } else if (text) {
    out.push(textOutsideStrong(el).trim() === '' ? { kind: 'paragraph', text, bold: true } : { kind: 'paragraph', text });
  }
  for (const alt of alts) out.push({ kind: 'image', alt });
  return out;
}

function listBlocks(list: HtmlElement, walk: Walk): Block[] {
  const items = listLines(list, walk, 0).map(({ text, depth }) => ({ text, depth }));
  // A nested list's own kind is not kept: the layout numbers or bullets by the outer list.
  return items.length > 0 ? [{ kind: 'list', ordered: list.tag === 'ol', items }] : [];
}

interface ListLine {
  text: string;
  depth: number;
  /** "1." or "•", for lists inside table cells, where the text is all there is. */
  marker: string;
}

/** Nested lists flattened with their depth; items without text (a placeholder for a skipped level) dropped. */
function listLines(list: HtmlElement, walk: Walk, depth: number): ListLine[] {
  const out: ListLine[] = [];
  let n = 0;
  for (const li of childElements(list, 'li')) {
    n++;
    const own = li.children.filter((c) => typeof c === 'string' || !isList(c));
    const text = normalise(own.map((c) => textOf(c, walk, imageMark)).join(''));
    if (text) out.push({ text, depth, marker: list.tag === 'ol' ? `${n}.` : '•' });
    for (const c of li.children) if (typeof c !== 'string' && isList(c)) out.push(...listLines(c, walk, depth + 1));
  }
  return out;
}

// mammoth ends the HTML with the footnotes and endnotes as <ol><li id="footnote-3"><p>…</p></li></ol>.
function isNoteList(list: HtmlElement): boolean {
  const items = childElements(list, 'li');
  return list.tag === 'ol' && items.length > 0 && items.every((li) => /^(footnote|endnote)-/.test(li.attrs.id ?? ''));
}

/** Each note as paragraphs led by the label printed at its reference: "[1] 资料来源：……". */
function noteBlocks(list: HtmlElement, walk: Walk): Block[] {
  const out: Block[] = [];
  for (const li of childElements(list, 'li')) {
    const id = li.attrs.id ?? '';
    // Endnotes sit at the end in Word too; only footnotes move from the foot of their page.
    if (id.startsWith('footnote-')) walk.footnotes++;
    const label = walk.noteLabels.get(id) ?? '';
    const blocks = li.children.flatMap((c) => blocksOf(asElement(c), walk));
    const first = blocks.find((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph');
    if (first) first.text = `${label} ${first.text}`.trim();
    else if (label) blocks.unshift({ kind: 'paragraph', text: label });
    out.push(...blocks);
  }
  return out;
}

function tableBlocks(table: HtmlElement, walk: Walk): Block[] {
  const rows = tableRows(table).map((tr) =>
    childElements(tr, 'td', 'th').map((cell) => ({
      text: cellText(cell, walk),
      colspan: span(cell.attrs.colspan),
      rowspan: span(cell.attrs.rowspan),
      header: cell.tag === 'th', // mammoth writes <th> for Word's repeated header rows
    })),
  );
  return rows.length > 0 ? [{ kind: 'table', rows }] : [];
}

function tableRows(table: HtmlElement): HtmlElement[] {
  return childElements(table).flatMap((c) => (c.tag === 'tr' ? [c] : /^t(head|body|foot)$/.test(c.tag) ? childElements(c, 'tr') : []));
}

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  return n > 1 ? n : 1;
}

/** A cell's paragraphs one to a line; lists and tables inside a cell become lines of text too. */
function cellText(cell: HtmlElement, walk: Walk): string {
  const lines: string[] = [];
  let inline = '';
  const flush = (): void => {
    lines.push(normalise(inline));
    inline = '';
  };
  for (const c of cell.children) {
    if (typeof c === 'string' || !(isList(c) || c.tag === 'table' || /^(p|h[1-6])$/.test(c.tag))) {
      inline += textOf(c, walk, imageMark);
      continue;
    }
    flush();
    if (isList(c)) {
      for (const l of listLines(c, walk, 0)) lines.push(`${'  '.repeat(l.depth)}${l.marker} ${l.text}`);
    } else if (c.tag === 'table') {
      walk.nestedTables++;
      for (const tr of tableRows(c)) {
        lines.push(childElements(tr, 'td', 'th').map((inner) => cellText(inner, walk).replace(/\n/g, ' ')).join('　'));
      }
    } else {
      lines.push(normalise(textOf(c, walk, imageMark)));
    }
  }
  flush();
  return lines.filter((l) => l !== '').join('\n');
}

/**
 * The text of inline content: <br> is '\n', a checkbox is ☑/☐, an image is counted and replaced
 * by what `onImage` returns. A footnote reference keeps its "[1]"; the "↑" back-link is dropped.
 */
function textOf(node: HtmlNode, walk: Walk, onImage: (alt: string) => string): string {
  if (typeof node === 'string') return node;
  switch (node.tag) {
    case 'br':
      return '\n';
    case 'img':
      walk.images++;
      return onImage(normalise(node.attrs.alt ?? ''));
    case 'input':
      return node.attrs.type === 'checkbox' ? (node.attrs.checked !== undefined ? '☑' : '☐') : '';
    case 'a': {
      const href = node.attrs.href ?? '';
      if (/^#(footnote|endnote)-ref-/.test(href)) return '';
      const text = node.children.map((c) => textOf(c, walk, onImage)).join('');
      if (/^#(footnote|endnote)-/.test(href)) walk.noteLabels.set(href.slice(1), text);
      return text;
    }
    default:
      return node.children.map((c) => textOf(c, walk, onImage)).join('');
  }
}

/** Inside list items and table cells an image can only be a mark in the text. */
function imageMark(alt: string): string {
  return alt ? `[图片：${alt}]` : '[图片]';
}

/** The text not inside <strong>: a paragraph is bold when this is only whitespace. */
function textOutsideStrong(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  return node.tag === 'strong' ? '' : node.children.map(textOutsideStrong).join('');
}

/**
 * Runs of spaces and tabs become one space. Full-width spaces (U+3000) lead a clerk's paragraph
 * as its indent — the layout indents two characters itself, so they go — but inside a line they
 * are blanks to fill in ("签名：　　　　日期："), and at the start of a line after a <br> they
 * indent what was typed as a new paragraph, so both of those stay.
 */
function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[^\S\u3000]+/g, ' ').replace(/^ +/, '').trimEnd())
    .join('\n')
    .replace(/^[\s\u3000]+/, '')
    .replace(/\n+$/, '');
}

function isList(el: HtmlElement): boolean {
  return el.tag === 'ul' || el.tag === 'ol';
}

function childElements(el: HtmlElement, ...tags: string[]): HtmlElement[] {
  return el.children.filter((c): c is HtmlElement => typeof c !== 'string' && (tags.length === 0 || tags.includes(c.tag)));
}

/** Stray top-level text (mammoth writes none) is read as a paragraph of its own. */
function asElement(node: HtmlNode): HtmlElement {
  return typeof node === 'string' ? { tag: 'p', attrs: {}, children: [node] } : node;
}

// ---------------------------------------------------------------------------------------------
// A tokenizer for mammoth's HTML: well-formed, attributes always double-quoted, text escaped.

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*(\/?)>|[^<]+/g;
const ATTR = /([a-zA-Z-]+)(?:="([^"]*)")?/g;
const VOID = new Set(['br', 'img', 'input', 'hr']);

function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const open = [root];
  for (const [token, closing, name, attrText, selfClosing] of html.matchAll(TOKEN)) {
    const parent = open[open.length - 1];
    if (name === undefined) {
      parent.children.push(decodeEntities(token));
      continue;
    }
    const tag = name.toLowerCase();
    if (closing) {
      // Close up to the matching open element; a stray closing tag changes nothing.
      const i = open.findLastIndex((el) => el.tag === tag);
      if (i > 0) open.length = i;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, value] of attrText.matchAll(ATTR)) attrs[key.toLowerCase()] = decodeEntities(value ?? '');
    const el: HtmlElement = { tag, attrs, children: [] };
    parent.children.push(el);
    if (!selfClosing && !VOID.has(tag)) open.push(el);
  }
  return root;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// ---------------------------------------------------------------------------------------------
// What mammoth drops without a message

/**
 * mammoth reads a text box only in its VML form (the fallback Word writes next to the modern
 * one), prints its text after the paragraph it is anchored to, and drops charts and SmartArt
 * without a word. The document part itself tells. Best effort: any surprise gives no warnings.
 */
function drawingWarnings(xml: string | null): string[] {
  if (xml === null) return [];
  const count = (re: RegExp): number => xml.match(re)?.length ?? 0;
  const vmlTextBoxes = count(/<v:textbox\b/g);
  const out: string[] = [];
  if (vmlTextBoxes > 0) out.push(DOCX_WARNINGS.textBoxesMoved);
  if (count(/<wps:txbx\b/g) > vmlTextBoxes) out.push(DOCX_WARNINGS.textBoxesLost);
  const charts = count(/<c:chart\b/g) + count(/<dgm:relIds\b/g);
  if (charts > 0) out.push(DOCX_WARNINGS.charts(charts));
  return out;
}

/** One entry of a zip file as UTF-8 text, or null (absent, zip64, or anything unexpected). */
function zipEntryText(zip: Buffer, name: string): string | null {
  try {
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // end of central directory
    if (end < 0) return null;
    let at = zip.readUInt32LE(end + 16);
    for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
      if (zip.readUInt32LE(at) !== 0x02014b50) return null;
      const method = zip.readUInt16LE(at + 10);
      const size = zip.readUInt32LE(at + 20);
      const nameLength = zip.readUInt16LE(at + 28);
      if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
        const local = zip.readUInt32LE(at + 42);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + size);
        if (method === 0) return data.toString('utf8');
        return method === 8 ? inflateRawSync(data, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8') : null;
      }
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    return null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Direct formatting, which mammoth drops: alignment, size, bold, face, indent, line spacing

interface RawPara {
  /** The text without any white space, to find the block it became. */
  key: string;
  format: ParaFormat;
}

/**
 * Gives each paragraph and heading block the format of the body paragraph it came from. Blocks
 * and paragraphs are paired in order by their text; a block whose paragraph cannot be found
 * (text changed by mammoth: notes, fields) keeps no format. Best effort: any surprise, no formats.
 */
function attachFormats(blocks: Block[], xml: string | null, bytes: Buffer): void {
  let paras: RawPara[];
  try {
    if (xml === null) return;
    paras = bodyParagraphs(xml, wordStyles(zipEntryText(bytes, 'word/styles.xml') ?? ''));
  } catch {
    return;
  }
  let at = 0;
  for (const b of blocks) {
    if (b.kind !== 'paragraph' && b.kind !== 'heading') continue;
    const key = b.text.replace(/\s+/g, '');
    const end = Math.min(paras.length, at + 200);
    for (let i = at; i < end; i++) {
      if (paras[i].key !== key) continue;
      const format = { ...paras[i].format };
      if (b.kind === 'paragraph' && b.bold) delete format.bold; // said already
      if (Object.keys(format).length > 0) b.format = format;
      at = i + 1;
      break;
    }
  }
}

interface StyleProps {
  basedOn?: string;
  align?: ParaFormat['align'];
  size?: number;
  bold?: boolean;
  face?: ParaFormat['face'];
  indentChars?: number;
  pitch?: number;
  after?: number;
}

interface Styles {
  byId: Map<string, StyleProps>;
  defaults: StyleProps;
  defaultParagraph?: string;
}

const attr = (xml: string, tag: string, name: string): string | undefined =>
  new RegExp(`<w:${tag}\\b[^>]*?\\bw:${name}="([^"]*)"`).exec(xml)?.[1];

/** An element's inner XML (the first one; these property elements never nest in themselves). */
const inner = (xml: string, tag: string): string => new RegExp(`<w:${tag}\\b[^>]*?(?:/>|>([\\s\\S]*?)</w:${tag}>)`).exec(xml)?.[1] ?? '';

function alignOf(jc: string | undefined): ParaFormat['align'] {
  switch (jc) {
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
      return 'justify';
    case 'left':
    case 'start':
      return 'left';
    default:
      return undefined;
  }
}

/** The dossier's face for a Word font name. */
function faceOf(name: string | undefined): ParaFormat['face'] {
  if (!name) return undefined;
  if (/小标宋|标宋|XBS|BiaoSong/i.test(name)) return 'title';
  if (/黑体|雅黑|SimHei|Hei/i.test(name)) return 'hei';
  if (/楷|Kai/i.test(name)) return 'kai';
  if (/仿宋|FangSong|Fang/i.test(name)) return 'fang';
  if (/宋|Song|Ming/i.test(name)) return 'song';
  return undefined;
}

function onOff(rpr: string, tag: string): boolean | undefined {
  const m = new RegExp(`<w:${tag}(?:\\s+w:val="([^"]*)")?\\s*/>`).exec(rpr);
  if (!m) return undefined;
  return !(m[1] === '0' || m[1] === 'false' || m[1] === 'off');
}

function runProps(rpr: string): StyleProps {
  const sz = attr(rpr, 'sz', 'val');
  const fonts = /<w:rFonts\b[^>]*>/.exec(rpr)?.[0] ?? '';
  const name = /w:eastAsia="([^"]*)"/.exec(fonts)?.[1] ?? /w:ascii="([^"]*)"/.exec(fonts)?.[1];
  return { size: sz ? Number(sz) / 2 : undefined, bold: onOff(rpr, 'b'), face: faceOf(name) };
}

function paraProps(ppr: string, size: number | undefined): StyleProps {
  const out: StyleProps = { align: alignOf(attr(ppr, 'jc', 'val')) };
  const ind = /<w:ind\b[^>]*>/.exec(ppr)?.[0];
  if (ind) {
    const n = (name: string): number | undefined => {
      const v = new RegExp(`\\bw:${name}="(-?\\d+)"`).exec(ind)?.[1];
      return v === undefined ? undefined : Number(v);
    };
    const em = (size ?? 16) * 20; // twips in one character
    const firstChars = n('firstLineChars');
    const hangingChars = n('hangingChars');
    const first = n('firstLine');
    const hanging = n('hanging');
    if (hangingChars !== undefined && hangingChars > 0) out.indentChars = -hangingChars / 100;
    else if (hanging !== undefined && hanging > 0) out.indentChars = -hanging / em;
    else if (firstChars !== undefined) out.indentChars = firstChars / 100;
    else if (first !== undefined) out.indentChars = first / em;
  }
  const spacing = /<w:spacing\b[^>]*>/.exec(ppr)?.[0];
  if (spacing) {
    const line = /\bw:line="(\d+)"/.exec(spacing)?.[1];
    const rule = /\bw:lineRule="(\w+)"/.exec(spacing)?.[1];
    if (line && (rule === 'exact' || rule === 'atLeast')) out.pitch = Number(line) / 20;
    const after = /\bw:after="(\d+)"/.exec(spacing)?.[1];
    if (after) out.after = Number(after) / 20;
  }
  return out;
}

function wordStyles(xml: string): Styles {
  const byId = new Map<string, StyleProps>();
  let defaultParagraph: string | undefined;
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = /w:styleId="([^"]*)"/.exec(m[1])?.[1];
    if (!id) continue;
    if (/w:type="paragraph"/.test(m[1]) && /w:default="(1|true)"/.test(m[1])) defaultParagraph = id;
    const body = m[2];
    const r = runProps(inner(body, 'rPr'));
    const p = paraProps(inner(body, 'pPr'), r.size);
    byId.set(id, { ...definedOnly(p), ...definedOnly(r), basedOn: attr(body, 'basedOn', 'val') });
  }
  const docDefaults = inner(xml, 'docDefaults');
  const r = runProps(inner(inner(docDefaults, 'rPrDefault'), 'rPr'));
  return { byId, defaults: { size: r.size, face: r.face }, defaultParagraph };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A style's properties with those of the styles it is based on. */
function resolveStyle(styles: Styles, id: string | undefined, seen = new Set<string>()): StyleProps {
  if (!id || seen.has(id)) return {};
  seen.add(id);
  const own = styles.byId.get(id);
  if (!own) return {};
  return { ...resolveStyle(styles, own.basedOn, seen), ...definedOnly({ ...own, basedOn: undefined }) };
}

/** The body's paragraphs outside tables, text boxes and notes, in order, with their formats. */
function bodyParagraphs(xml: string, styles: Styles): RawPara[] {
  const out: RawPara[] = [];
  let depth = 0; // inside w:tbl or w:txbxContent
  let start = -1;
  let nested = 0; // paragraphs inside a text box inside a paragraph
  for (const m of xml.matchAll(/<(\/?)(w:tbl|w:txbxContent|w:p)(?=[\s>/])[^>]*?(\/?)>/g)) {
    const [, closing, tag, self] = m;
    if (tag !== 'w:p') {
      if (self) continue;
      depth += closing ? -1 : 1;
      continue;
    }
    if (depth > 0) continue;
    if (self) {
      if (start < 0) out.push({ key: '', format: {} });
      continue;
    }
    if (!closing) {
      if (start < 0) start = m.index! + m[0].length;
      else nested++;
    } else if (nested > 0) nested--;
    else if (start >= 0) {
      out.push(rawPara(xml.slice(start, m.index), styles));
      start = -1;
    }
  }
  return out;
}

function rawPara(body: string, styles: Styles): RawPara {
  const ppr = inner(body, 'pPr');
  const styleId = attr(ppr, 'pStyle', 'val') ?? styles.defaultParagraph;
  const style = { ...styles.defaults, ...resolveStyle(styles, styleId) };
  // Runs: their text, and their size, bold and face over the style's.
  const tally = { size: new Map<number, number>(), face: new Map<string, number>() };
  let text = '';
  let allBold = true;
  let any = false;
  for (const r of body.matchAll(/<w:r\b[^>]*>([\s\S]*?)<\/w:r>/g)) {
    const t = [...r[1].matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>/g)].map((x) => decodeEntities(x[1])).join('');
    if (!t) continue;
    text += t;
    const own = runProps(inner(r[1], 'rPr'));
    const n = t.replace(/\s/g, '').length;
    if (n === 0) continue;
    any = true;
    const size = own.size ?? style.size;
    const face = own.face ?? style.face;
    if (size) tally.size.set(size, (tally.size.get(size) ?? 0) + n);
    if (face) tally.face.set(face, (tally.face.get(face) ?? 0) + n);
    if (!(own.bold ?? style.bold)) allBold = false;
  }
  const most = <K>(m: Map<K, number>): K | undefined => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const size = most(tally.size);
  const direct = paraProps(ppr, size ?? style.size);
  // Full-width spaces typed before the text are its indent, as the clerk saw it in Word.
  const typedChars = /^\u3000+/.exec(text)?.[0].length ?? 0;
  let indentChars = direct.indentChars ?? style.indentChars;
  if (typedChars > 0 && typedChars !== 2) indentChars = (indentChars ?? 0) + typedChars;
  const format: ParaFormat = definedOnly({
    align: direct.align ?? style.align,
    size,
    bold: any && allBold ? true : undefined,
    face: most(tally.face) as ParaFormat['face'],
    indentChars,
    pitch: direct.pitch ?? style.pitch,
    after: direct.after ?? style.after,
  });
  return { key: text.replace(/\s+/g, ''), format };
}
