// The A4 sheets of one archive box: the cover (盒面) with the 全宗名称 and the box's facts, the
// 卷内目录 (its items in 件号 order, landscape like the DA/T 22 归档文件目录, header repeated on
// every page), and the 备考表 that goes behind the items. No page numbers: each sheet stands alone.
import { textWidth, type FontSet } from '../pdf/fonts';
import { A4, MM, PT } from '../pdf/geometry';
import { table, type Cell } from '../dossier/table';
import { para, paraHeight, textAt, TITLE, type ParaStyle } from '../dossier/text';
import type { Flow } from '../dossier/pager';
import type { CatalogueEntry } from '../catalogue';
import { itemNumber } from '../../../shared/archival-code';
import { chineseDate } from '../../../shared/names';

type Orientation = 'portrait' | 'landscape';

const MARGINS: Record<Orientation, { top: number; bottom: number; left: number; right: number }> = {
  portrait: { top: 25 * MM, bottom: 20 * MM, left: 25 * MM, right: 20 * MM },
  landscape: { top: 20 * MM, bottom: 15 * MM, left: 20 * MM, right: 20 * MM },
};

/** Pages of box sheets: A4 either way round, no page numbers, a hook for repeating table headers. */
export class SheetFlow implements Flow {
  private orientation: Orientation = 'portrait';
  private area = { left: 0, top: 0, width: 0, height: 0 };
  /** Called on a page that ensureSpace had to start (the catalogue repeats its header there). */
  onNewPage: (() => void) | null = null;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
  ) {}

  get left(): number {
    return this.area.left;
  }
  get top(): number {
    return this.area.top;
  }
  get bottom(): number {
    return this.area.top + this.area.height;
  }
  get width(): number {
    return this.area.width;
  }

  page(orientation: Orientation): void {
    const [w, h] = orientation === 'portrait' ? [A4.width, A4.height] : [A4.height, A4.width];
    const m = MARGINS[orientation];
    this.orientation = orientation;
    this.doc.addPage({ size: [w, h], margins: m });
    this.area = { left: m.left, top: m.top, width: w - m.left - m.right, height: h - m.top - m.bottom };
    this.doc.x = m.left;
    this.doc.y = m.top;
  }

  ensureSpace(height: number): void {
    if (this.doc.y + height <= this.bottom + 0.5) return;
    this.page(this.orientation);
    this.onNewPage?.();
  }
}

/** What the sheets of one box show. */
export interface SheetBox {
  number: number;
  /** 全宗号 */
  fonds: string;
  year: number | null;
  retention: string;
  /** 机构（问题）; null when the archive keeps none. */
  org: string | null;
  first: number;
  last: number;
  pages: number;
  entries: CatalogueEntry[];
  /** 盒内文件情况说明, one paragraph each. */
  facts: string[];
}

export interface Signatures {
  arranger: string;
  /** YYYY-MM-DD, or '' to fill in by hand. */
  arrangedOn: string;
  checker: string;
  checkedOn: string;
}

const span = (b: SheetBox) => `${itemNumber(b.first)}—${itemNumber(b.last)}`;

/** On a new portrait page. */
export function coverPage(flow: SheetFlow, fondsName: string, campaignName: string, box: SheetBox): void {
  const { doc } = flow;
  doc.y = flow.top + 30 * MM;
  // The 全宗名称 over a double rule (DA/T 22-2015), the campaign below it.
  const size = 26;
  para(flow, fondsName, { ...TITLE, size, pitch: 40, after: 0 });
  const ruleW = Math.min(flow.width, textWidth(doc, flow.fonts, fondsName, 'title', size) + 16 * MM);
  const rx = flow.left + (flow.width - ruleW) / 2;
  doc.save().lineWidth(1.2);
  for (const dy of [4, 8]) doc.moveTo(rx, doc.y + dy).lineTo(rx + ruleW, doc.y + dy).stroke();
  doc.restore();
  doc.y += 8 + PT.san;
  if (campaignName && campaignName !== fondsName) para(flow, campaignName, { role: 'kai', size: PT.san, align: 'center', pitch: PT.san * 1.8 });

  // The table stands at a fixed height so covers of one run line up, lower when long names need the room.
  doc.y = Math.max(flow.top + 95 * MM, doc.y + 6 * MM);
  const label: ParaStyle = { role: 'hei', size: PT.san, align: 'center', pitch: PT.san * 1.3 };
  const value: ParaStyle = { role: 'fang', size: PT.san, align: 'center', pitch: PT.san * 1.3 };
  const rows: [string, string][] = [
    ['全 宗 号', box.fonds],
    ['年　　度', box.year == null ? '' : String(box.year)],
    ['保管期限', box.retention],
    ...(box.org != null ? [['机构（问题）', box.org] as [string, string]] : []),
    ['起止件号', span(box)],
    ['件　　数', `${box.entries.length} 件`],
    ['页　　数', `${box.pages} 页`],
    ['盒　　号', String(box.number)],
  ];
  const widths = [45 * MM, 85 * MM];
  const cell = (text: string, style: ParaStyle): Cell => ({ text, style, minHeight: 13 * MM, middle: true });
  table(flow, widths, rows.map(([k, v]) => [cell(k, label), cell(v || ' ', value)]), flow.left + (flow.width - 130 * MM) / 2);
}

const CELL_SIZE = PT.wu;
const cellStyle = (align: ParaStyle['align'], role: ParaStyle['role'] = 'song'): ParaStyle => ({ role, size: CELL_SIZE, align, pitch: CELL_SIZE * 1.4 });
const HEADERS = ['序号', '档号', '责任者', '题名', '日期', '页数', '备注'];
const ALIGN: ParaStyle['align'][] = ['center', 'left', 'left', 'left', 'center', 'center', 'left'];

/** A row must fit on one page: a title of more than 300 characters is cut (the ledger has it whole). */
function shortened(title: string): string {
  const chars = [...title];
  return chars.length > 300 ? `${chars.slice(0, 300).join('')}…` : title;
}

/** Column widths: the numbers and codes as wide as they are, the title what is left. */
function catalogueWidths(flow: SheetFlow, entries: CatalogueEntry[]): number[] {
  const w = (t: string) => textWidth(flow.doc, flow.fonts, t, 'song', CELL_SIZE) + 12;
  const fit = (header: string, values: string[]) => Math.max(w(header) + 4, ...values.map(w));
  const seq = fit('序号', [String(entries.length)]);
  const code = Math.min(80 * MM, fit('档号', entries.map((e) => e.code)));
  const date = fit('日期', ['00000000']);
  const pages = fit('页数', ['0000']);
  const responsible = 34 * MM;
  const notes = 46 * MM;
  return [seq, code, responsible, flow.width - (seq + code + responsible + date + pages + notes), date, pages, notes];
}

/** From a new landscape page, on as many as it takes. */
export function cataloguePages(flow: SheetFlow, box: SheetBox): void {
  const { doc } = flow;
  para(flow, '卷内目录', { ...TITLE, size: PT.xiaoEr, pitch: 30, after: 2 });
  const facts = [
    box.fonds && `全宗号：${box.fonds}`,
    box.year != null && `年度：${box.year}`,
    `保管期限：${box.retention}`,
    box.org && `机构（问题）：${box.org}`,
    `盒号：${box.number}`,
    `起止件号：${span(box)}`,
    `共 ${box.entries.length} 件 ${box.pages} 页`,
  ].filter(Boolean).join('　');
  para(flow, facts, { role: 'song', size: CELL_SIZE, align: 'left', pitch: CELL_SIZE * 1.8 });
  doc.y += 2;
  const widths = catalogueWidths(flow, box.entries);
  const header: Cell[] = HEADERS.map((h) => ({ text: h, style: cellStyle('center', 'hei') }));
  flow.onNewPage = () => {
    para(flow, `卷内目录（续）　第 ${box.number} 盒　起止件号：${span(box)}`, { role: 'song', size: CELL_SIZE, align: 'left', pitch: CELL_SIZE * 1.8 });
    table(flow, widths, [header]);
  };
  table(flow, widths, [header]);
  try {
    for (const e of box.entries) {
      const cells = [String(e.seq), e.code, e.responsible, shortened(e.title), e.date, e.pages == null ? '' : String(e.pages), e.notes.join('\n')];
      table(flow, widths, [cells.map((text, i) => ({ text, style: cellStyle(ALIGN[i]) }))]);
    }
  } finally {
    flow.onNewPage = null;
  }
}

const FACT: ParaStyle = { role: 'fang', size: PT.si, indentChars: 2, align: 'justify', pitch: PT.si * 1.7 };
const FACT_SMALL: ParaStyle = { ...FACT, size: PT.xiaoSi, pitch: PT.xiaoSi * 1.6 };

/** On a new portrait page. */
export function notesPage(flow: SheetFlow, box: SheetBox, who: Signatures): void {
  const { doc } = flow;
  doc.y = flow.top + 5 * MM;
  para(flow, '备　考　表', { ...TITLE, pitch: 40, after: 0 });
  const frameTop = doc.y + 6 * MM;
  const frameBottom = flow.bottom;
  doc.lineWidth(0.75).rect(flow.left, frameTop, flow.width, frameBottom - frameTop).stroke();
  const inset = 8 * MM;
  const x = flow.left + inset;
  const w = flow.width - 2 * inset;
  let y = frameTop + inset;
  y += textAt(flow, '盒内文件情况说明：', { role: 'hei', size: PT.san, align: 'left', pitch: PT.san * 1.8 }, { x, y, width: w }) + 2 * MM;

  // Signatures at the foot of the frame: 整理人, 整理日期 over 检查人, 检查日期.
  const signTop = frameBottom - inset - 30 * MM;
  // The facts in 4号, or 小四 when there are many, so they never run into the signatures.
  const room = signTop - 6 * MM - y;
  const height = (s: ParaStyle) => box.facts.reduce((h, f) => h + paraHeight(flow, f, s, w), 0);
  const style = height(FACT) <= room ? FACT : FACT_SMALL;
  for (const f of box.facts) y += textAt(flow, f, style, { x, y, width: w });

  const rows: [string, string, string, string][] = [
    ['整理人', who.arranger, '整理日期', chineseDate(who.arrangedOn)],
    ['检查人', who.checker, '检查日期', chineseDate(who.checkedOn)],
  ];
  const labelStyle: ParaStyle = { role: 'fang', size: PT.san, align: 'left', pitch: PT.san * 1.5 };
  const valueStyle: ParaStyle = { ...labelStyle, align: 'center' };
  const half = w / 2;
  rows.forEach((row, r) => {
    const ry = signTop + r * 15 * MM;
    for (const k of [0, 1]) {
      const lx = x + k * half;
      const text = `${row[k * 2]}：`;
      textAt(flow, text, labelStyle, { x: lx, y: ry, width: half });
      const vx = lx + textWidth(doc, flow.fonts, '整理日期：', 'fang', PT.san);
      const vw = half - (vx - lx) - 4 * MM;
      // A line to sign or write on; what the clerk gave is printed on it.
      doc.lineWidth(0.5).moveTo(vx, ry + PT.san * 1.3).lineTo(vx + vw, ry + PT.san * 1.3).stroke();
      if (row[k * 2 + 1]) textAt(flow, row[k * 2 + 1], valueStyle, { x: vx, y: ry, width: vw });
    }
  });
}
