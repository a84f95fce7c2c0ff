// Indicator tables as issued, written as real files for the import tests.
import { Workbook, type CellValue } from 'exceljs';

export type Row = (CellValue | undefined)[];

export interface SheetSpec {
  name: string;
  rows: Row[];
  merges?: string[];
}

export async function writeXlsx(path: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v !== undefined && v !== null) ws.getCell(i + 1, j + 1).value = v;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  await wb.xlsx.writeFile(path);
  return path;
}

const PROJECTS = ['爱国卫生组织管理', '健康教育和健康促进', '市容环境卫生', '环境保护', '重点场所卫生', '食品和生活饮用水安全', '公共卫生与医疗服务', '病媒生物预防控制'];
const CN = ['一', '二', '三', '四', '五', '六', '七', '八'];
/** 指标 per 项目: 19 in all. */
const PER_PROJECT = [3, 2, 3, 2, 2, 2, 3, 2];

export interface WeishengRow {
  project: number;
  indicator: number;
  content: string;
  standard: string;
  score: number;
  department: string;
}

/**
 * The 国家卫生县城 评分细则 of issue 10: 项目 | 指标 | 评价内容 | 评价标准 | 分值 | 评价方法 | 责任单位,
 * 项目 and 指标 merged down over their rows, 43 scored rows of 评价内容, a title and a 填报单位 row
 * above, 合计 and 说明 below. 指标 7.3 is 卫生应急 with its drill row.
 */
export function weishengTable(): { spec: SheetSpec; rows: WeishengRow[] } {
  const rows: WeishengRow[] = [];
  let extra = 5; // 19 指标 × 2 rows + 5 = 43
  PER_PROJECT.forEach((n, p) => {
    for (let i = 0; i < n; i++) {
      const count = extra > 0 && i === 0 ? 3 : 2;
      if (count === 3) extra--;
      for (let k = 0; k < count; k++) {
        rows.push({ project: p + 1, indicator: i + 1, content: `内容${p + 1}.${i + 1}.${k + 1}`, standard: `按要求落实第${k + 1}项`, score: 2, department: k % 2 ? '县教育局' : '县卫健局' });
      }
    }
  });
  // 7.3 卫生应急: a rate and the drill count, each with its own score.
  const drill = rows.filter((r) => r.project === 7 && r.indicator === 3);
  drill[0].content = '建立卫生应急队伍';
  drill[0].standard = '应急队伍人员培训率≥60%';
  drill[0].department = '县卫健局';
  drill[1].content = '开展卫生应急演练';
  drill[1].standard = '每年开展卫生应急演练不少于2次';
  drill[1].department = '县教育局';
  const body: Row[] = [];
  const merges = ['A1:G1', 'A2:G2'];
  const first = 4;
  let r = first;
  let projectStart = r;
  let indicatorStart = r;
  rows.forEach((x, i) => {
    const prev = rows[i - 1];
    const newProject = !prev || prev.project !== x.project;
    const newIndicator = newProject || prev.indicator !== x.indicator;
    if (newProject) projectStart = r;
    if (newIndicator) indicatorStart = r;
    const indicatorScore = rows.filter((y) => y.project === x.project && y.indicator === x.indicator).reduce((a, y) => a + y.score, 0);
    const projectScore = rows.filter((y) => y.project === x.project).reduce((a, y) => a + y.score, 0);
    body.push([
      newProject ? `${CN[x.project - 1]}、${PROJECTS[x.project - 1]}（${projectScore}分）` : null,
      newIndicator ? (x.project === 7 && x.indicator === 3 ? `卫生应急（${indicatorScore}分）` : `指标${x.project}-${x.indicator}（${indicatorScore}分）`) : null,
      x.content,
      x.standard,
      x.score,
      '查阅资料',
      x.department,
    ]);
    const next = rows[i + 1];
    if (!next || next.project !== x.project || next.indicator !== x.indicator) {
      if (r > indicatorStart) merges.push(`B${indicatorStart}:B${r}`);
    }
    if (!next || next.project !== x.project) {
      if (r > projectStart) merges.push(`A${projectStart}:A${r}`);
    }
    r++;
  });
  const total = rows.reduce((a, y) => a + y.score, 0);
  merges.push(`A${r}:D${r}`, `A${r + 1}:G${r + 1}`);
  return {
    rows,
    spec: {
      name: '评分细则',
      rows: [
        ['国家卫生县城评分细则'],
        ['填报单位：某某县爱国卫生运动委员会办公室'],
        ['项目', '指标', '评价内容', '评价标准', '分值', '评价方法', '责任单位'],
        ...body,
        ['合计', null, null, null, total],
        ['说明：1.各项得分由评审组现场评定。'],
      ],
      merges,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The same table in the other formats clerks receive.

const cellRef = (ref: string): { r: number; c: number } => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return { r: Number(m[2]), c: [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) };
};

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function mergeBoxes(merges: string[] = []): Box[] {
  return merges.map((m) => {
    const [a, b] = m.split(':').map(cellRef);
    return { top: a.r, left: a.c, bottom: b.r, right: b.c };
  });
}

export const cellText = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** GBK bytes of a string, from a table built by decoding every two-byte sequence (no iconv in the tree). */
let gbkTable: Map<string, Buffer> | null = null;
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(Uint8Array.from([a, b]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, Buffer.from([a, b]));
      }
    }
  }
  return Buffer.concat(
    [...text].map((ch) => {
      if (ch.charCodeAt(0) < 0x80) return Buffer.from(ch, 'latin1');
      const b = gbkTable!.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      return b;
    }),
  );
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** word/document.xml with one w:tbl: merges become w:gridSpan across and w:vMerge down, as Word writes them. */
export function docxTableXml(rows: Row[], merges: string[] = [], before: string[] = []): string {
  const boxes = mergeBoxes(merges);
  const width = Math.max(...rows.map((r) => r.length), ...boxes.map((b) => b.right));
  const boxAt = (r: number, c: number) => boxes.find((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right);
  const para = (t: string) => t.split('\n').map((l) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(l)}</w:t></w:r></w:p>`).join('');
  let tbl = '<w:tbl><w:tblPr/><w:tblGrid>' + '<w:gridCol/>'.repeat(width) + '</w:tblGrid>';
  rows.forEach((row, i) => {
    const r = i + 1;
    tbl += '<w:tr>';
    for (let c = 1; c <= width; c++) {
      const box = boxAt(r, c);
      if (box && c !== box.left) continue;
      const span = box ? box.right - box.left + 1 : 1;
      const props = (span > 1 ? `<w:gridSpan w:val="${span}"/>` : '') + (box && box.bottom > box.top ? (r === box.top ? '<w:vMerge w:val="restart"/>' : '<w:vMerge/>') : '');
      const text = box && r !== box.top ? '' : cellText(row[c - 1]);
      tbl += `<w:tc><w:tcPr>${props}</w:tcPr>${para(text) || '<w:p/>'}</w:tc>`;
    }
    tbl += '</w:tr>';
  });
  tbl += '</w:tbl>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    before.map(para).join('') +
    tbl +
    '</w:body></w:document>'
  );
}
