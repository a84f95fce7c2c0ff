// The A4 sheets of one archive box: the cover (盒面) with the 全宗名称 and the box's facts, the
// box's list (landscape: the nine-column 归档文件目录 of DA/T 22-2015 for the archival filing, the
// 盒内目录 of an inspection binder; header repeated on every page), the 备考表 that goes behind the
// items; and the 指标索引 of the inspection binders. No page numbers: each sheet stands alone.
import { textWidth, type FontSet } from '../pdf/fonts';
import { A4, MM, PT } from '../pdf/geometry';
import { table, type Cell } from '../dossier/table';
import { para, paraHeight, textAt, TITLE, type ParaStyle } from '../dossier/text';
import type { Flow } from '../dossier/pager';
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

export interface Signatures {
  arranger: string;
  /** YYYY-MM-DD, or '' to fill in by hand. */
  arrangedOn: string;
  checker: string;
  checkedOn: string;
}

/** On a new portrait page: the 全宗名称 over a double rule, the campaign, and the box's facts as a table. */
export function coverPage(flow: SheetFlow, fondsName: string, campaignName: string, rows: [string, string][]): void {
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
  const widths = [45 * MM, 85 * MM];
  const cell = (text: string, style: ParaStyle): Cell => ({ text, style, minHeight: 13 * MM, middle: true });
  table(flow, widths, rows.map(([k, v]) => [cell(k, label), cell(v || ' ', value)]), flow.left + (flow.width - 130 * MM) / 2);
}

const CELL_SIZE = PT.wu;
const cellStyle = (align: ParaStyle['align'], role: ParaStyle['role'] = 'song'): ParaStyle => ({ role, size: CELL_SIZE, align, pitch: CELL_SIZE * 1.4 });

/** A column of a list: as wide as its content up to `max` mm, a fixed width, or what is left (one column). */
export interface ListColumn {
  header: string;
  align: ParaStyle['align'];
  width: { max: number } | { mm: number } | 'fill';
}

export interface ListSpec {
  /** 归档文件目录, 盒内目录, 指标索引 */
  title: string;
  /** The line under the title. */
  facts: string;
  /** The line over the repeated header on a following page. */
  continued: string;
  columns: ListColumn[];
  rows: { cells: string[]; bold?: boolean }[];
}

/** A row must fit on one page: a text of more than 300 characters is cut (the ledger has it whole). */
function shortened(text: string): string {
  const chars = [...text];
  return chars.length > 300 ? `${chars.slice(0, 300).join('')}…` : text;
}

function listWidths(flow: SheetFlow, spec: ListSpec): number[] {
  const w = (t: string) => Math.max(0, ...t.split('\n').map((l) => textWidth(flow.doc, flow.fonts, l, 'song', CELL_SIZE))) + 12;
  const widths = spec.columns.map((c, i) => {
    if (c.width === 'fill') return 0;
    if ('mm' in c.width) return c.width.mm * MM;
    const header = textWidth(flow.doc, flow.fonts, c.header, 'hei', CELL_SIZE) + 16;
    return Math.min(c.width.max * MM, Math.max(header, ...spec.rows.map((r) => w(r.cells[i] ?? ''))));
  });
  const fill = spec.columns.findIndex((c) => c.width === 'fill');
  if (fill >= 0) widths[fill] = Math.max(20 * MM, flow.width - widths.reduce((a, b) => a + b, 0));
  // Too wide (long codes): every column shrinks in proportion.
  const total = widths.reduce((a, b) => a + b, 0);
  return total > flow.width ? widths.map((x) => (x * flow.width) / total) : widths;
}

/** From a new landscape page, on as many as it takes; the header repeats on every page. */
export function listPages(flow: SheetFlow, spec: ListSpec): void {
  const { doc } = flow;
  para(flow, spec.title, { ...TITLE, size: PT.xiaoEr, pitch: 30, after: 2 });
  para(flow, spec.facts, { role: 'song', size: CELL_SIZE, align: 'left', pitch: CELL_SIZE * 1.8 });
  doc.y += 2;
  const widths = listWidths(flow, spec);
  const header: Cell[] = spec.columns.map((c) => ({ text: c.header, style: cellStyle('center', 'hei') }));
  flow.onNewPage = () => {
    para(flow, spec.continued, { role: 'song', size: CELL_SIZE, align: 'left', pitch: CELL_SIZE * 1.8 });
    table(flow, widths, [header]);
  };
  table(flow, widths, [header]);
  try {
    for (const r of spec.rows) {
      table(flow, widths, [r.cells.map((text, i) => ({ text: shortened(text), style: cellStyle(spec.columns[i].align, r.bold ? 'hei' : 'song') }))]);
    }
  } finally {
    flow.onNewPage = null;
  }
}

const FACT: ParaStyle = { role: 'fang', size: PT.si, indentChars: 2, align: 'justify', pitch: PT.si * 1.7 };
const FACT_SMALL: ParaStyle = { ...FACT, size: PT.xiaoSi, pitch: PT.xiaoSi * 1.6 };

/** On a new portrait page. */
export function notesPage(flow: SheetFlow, facts: string[], who: Signatures): void {
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
  const height = (s: ParaStyle) => facts.reduce((h, f) => h + paraHeight(flow, f, s, w), 0);
  const style = height(FACT) <= room ? FACT : FACT_SMALL;
  for (const f of facts) y += textAt(flow, f, style, { x, y, width: w });

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
