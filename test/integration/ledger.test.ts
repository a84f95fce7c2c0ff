// The Excel ledger (台账.xlsx), read back with exceljs and with SheetJS as a second reader, on an
// archive filled from a clerk's folder, and checked against the dossier it must agree with.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { Archive } from '../../main/archive/archive';
import { listItems, updateItem } from '../../main/archive/items-repo';
import { selfCheck } from '../../main/check/self-check';
import { parseArgs } from '../../main/cli/args';
import { exportXlsx } from '../../main/cli/ledger-command';
import { dossierPages, exportDossier, type DossierPages } from '../../main/export/dossier/dossier';
import { planDossier, walk } from '../../main/export/dossier/plan';
import { boxesText, indicatorIndex, inspectionBinders } from '../../main/export/boxes/binders';
import { cleanText, sheetName } from '../../main/export/ledger/cell-text';
import { exportLedger, type LedgerResult } from '../../main/export/ledger/ledger';
import { filedArchive } from '../helpers/clerk-folder';
import { allText } from '../helpers/pdf-tools';
import { expectCancelledAtEveryPhase } from '../helpers/jobs';
import { tmpDir } from '../helpers/tmp';
import { STATUS_LABELS, type Item } from '../../shared/domain';
import type { CheckReport } from '../../shared/check-types';
import type { Progress } from '../../shared/jobs';

const DAT22 = ['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注'];
const STATUS_HEADER = ['编号', '指标', '分值', '责任单位', '材料件数', '目标', '完成', '状态', '计入说明', '自评分', '结论性说明', '台账页码', '自查问题'];
/** Characters XML 1.0 or Excel cannot hold in a cell. */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const HEADER_ROW = 3;

// 120 characters, with the : ? * that Windows names and sheet names refuse.
const LONG_TITLE = ('关于印发《全国科普示范县创建工作实施方案》的通知：目标?任务*措施——' + '各乡镇人民政府、县直各单位认真贯彻落实'.repeat(6)).slice(0, 120);
const CONTROL_TITLE = '培训\u0001课件\u0007（第\u001F一期）\u000B\uFFFF';
const CONTROL_CLEAN = '培训课件（第一期）';
const DOC_NUMBER = '科普办〔2023〕3号_x0041_';

const root = tmpDir('tz-ledger-');
let archive: Archive;
let items: Item[];
let pages: DossierPages;
let check: CheckReport;
let result: LedgerResult;
let progress: Progress[] = [];
let xl: ExcelJS.Workbook;
let sj: XLSX.WorkBook;

const item = (title: string) => items.find((i) => i.title === title)!;
const cellText = (c: ExcelJS.Cell) => {
  const v = c.isMerged ? c.master.value : c.value;
  return v == null ? '' : String(v);
};
const xlRow = (ws: ExcelJS.Worksheet, r: number, n: number) => Array.from({ length: n }, (_, i) => cellText(ws.getRow(r).getCell(i + 1)));
/** SheetJS rows as arrays of cell values, '' for blanks. */
const sjRows = (name: string) => XLSX.utils.sheet_to_json<(string | number)[]>(sj.Sheets[name], { header: 1, defval: '', raw: true, blankrows: true });
const dataRows = (name: string) => sjRows(name).slice(HEADER_ROW);

beforeAll(async () => {
  // The first meeting is evidence for 2.2 too (cross-referenced there), with 45 participants.
  archive = await filedArchive(root);
  items = await listItems(archive.db);
  await archive.db.transaction(async (tx) => {
    await updateItem(tx, item('第一次推进会').id, { participants: 45, responsible: '县科协', docNumber: DOC_NUMBER, secrecy: '内部' });
    await updateItem(tx, item('领导讲话').id, { title: LONG_TITLE, date: '2023-02-01' });
    await updateItem(tx, item('培训课件').id, { title: CONTROL_TITLE });
  });
  items = await listItems(archive.db);
  check = await selfCheck(archive);
  // The four files under 2.1 are items the app cannot read, left out by default
  // (exclusion-exports.test.ts); listed here, marked, for their notes and their titles.
  pages = await dossierPages(archive, { includeExcluded: true });
  result = await exportLedger(archive, path.join(root, '台账.xlsx'), { perIndicatorSheets: true, dossier: { includeExcluded: true } }, { onProgress: (p) => progress.push(p) });
  xl = new ExcelJS.Workbook();
  await xl.xlsx.readFile(result.file);
  sj = XLSX.readFile(result.file, { cellStyles: true });
});
afterAll(() => archive.close());

test('both readers open it and see the same sheets; nothing is a formula, nothing is invalid text', () => {
  expect(result.sheets).toEqual(['归档文件目录', '指标完成情况', '指标索引', '1 加强组织领导', '2 突出工作重点']);
  expect(xl.worksheets.map((w) => w.name)).toEqual(result.sheets);
  expect(sj.SheetNames).toEqual(result.sheets);
  expect(fs.statSync(result.file).size).toBe(result.bytes);
  let strings = 0;
  for (const name of sj.SheetNames) {
    const ws = sj.Sheets[name];
    for (const [ref, cell] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const c = cell as XLSX.CellObject;
      expect(c.f).toBeUndefined();
      if (typeof c.v === 'string') {
        strings++;
        expect(c.v).not.toMatch(INVALID);
        expect(c.v.length).toBeLessThanOrEqual(32767);
      }
    }
  }
  expect(strings).toBeGreaterThan(50);
  // Merged ranges: the title and the facts line, each across the whole table, value in the first cell only.
  for (const name of sj.SheetNames) {
    const ws = sj.Sheets[name];
    const width = XLSX.utils.decode_range(ws['!ref']!).e.c;
    expect((ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m))).toEqual([
      XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: 0, c: width } }),
      XLSX.utils.encode_range({ s: { r: 1, c: 0 }, e: { r: 1, c: width } }),
    ]);
    for (let c = 1; c <= width; c++) {
      for (const r of [0, 1]) expect(ws[XLSX.utils.encode_cell({ r, c })]?.v ?? '').toBe('');
    }
  }
  expect(xl.getWorksheet('归档文件目录')!.model.merges).toEqual(['A1:I1', 'A2:I2']);
});

test('指标索引: every indicator with the binder (盒号) and dossier pages its material is in, as export boxes makes them', () => {
  const index = indicatorIndex(pages.plan, pages.items, inspectionBinders(pages.plan, pages.items, 200));
  const rows = dataRows('指标索引');
  expect(sjRows('指标索引')[HEADER_ROW - 1]).toEqual(['编号', '指标', '材料件数', '盒号', '台账页码', '备注']);
  expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5]])).toEqual(index.map((x) => [x.code, x.title, x.items || '', boxesText(x.boxes), x.pages, x.note]));
  // Every lowest-level indicator with material has its box and pages; those without say so.
  for (const n of walk(pages.plan.roots).filter((x) => x.children.length === 0)) {
    const row = rows.find((r) => r[0] === n.indicator.code)!;
    if (n.entries.some((e) => e.full)) expect([row[3], row[4]]).toEqual([expect.stringMatching(/^\d/), expect.stringMatching(/^\d/)]);
    else if (!n.entries.length) expect(row[5]).toBe('无材料');
  }
  expect(cellText(xl.getWorksheet('指标索引')!.getCell('A2'))).toContain('每盒不超过 200 页');
});

test('--arrangement archive: the 归档文件目录 the 档案室 gets, 件号 from 0001 within each 年度-保管期限-机构 class, class by class', async () => {
  const file = path.join(root, '归档目录.xlsx');
  const out: string[] = [];
  const argv = [archive.dir, file, '--arrangement', 'archive', '--include-excluded', '--json'];
  expect(await exportXlsx.run(parseArgs(argv, exportXlsx.options, 'export xlsx'), { out: (s) => out.push(s), err: (s) => out.push(s) })).toBe(0);
  const wb = XLSX.readFile(file);
  const all = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['归档文件目录'], { header: 1, defval: '' });
  expect(String(all[1][0])).toContain('件号按归档排列：在每个年度-保管期限-机构（问题）类内从 0001 起编');
  const rows = all.slice(HEADER_ROW);
  const filed = await planDossier(archive, { includeExcluded: true, arrangement: 'archive' });
  expect(rows).toHaveLength(filed.items.length);
  // Class by class; within a class 1, 2, 3 … (the class is the 档号 without its 件号).
  const classes = rows.map((r) => String(r[1]).replace(/-\d{4}$/, ''));
  expect(classes.filter((k, i) => i === 0 || k !== classes[i - 1])).toEqual([...new Set(classes)]);
  rows.forEach((r, i) => {
    const before = classes.slice(0, i).filter((k) => k === classes[i]).length;
    expect(String(r[1]).slice(-4)).toBe(String(before + 1).padStart(4, '0'));
    expect(r[0]).toBe(i + 1);
  });
  // The same codes the archive boxes print (boxes.test.ts has several classes).
  expect(rows.map((r) => r[1]).sort()).toEqual(filed.items.map((p) => p.code).sort());
  const bad = await exportXlsx.run(parseArgs([archive.dir, path.join(root, 'bad.xlsx'), '--arrangement', 'x'], exportXlsx.options, 'export xlsx'), { out: () => undefined, err: () => undefined }).catch((e: { code: string }) => e.code);
  expect(bad).toBe('BAD_INPUT');
});

test('归档文件目录: the DA/T 22 header, every printed item in print order with the dossier\'s 档号', () => {
  const ws = xl.getWorksheet('归档文件目录')!;
  expect(xlRow(ws, HEADER_ROW, 9)).toEqual(DAT22);
  expect(sjRows('归档文件目录')[HEADER_ROW - 1]).toEqual(DAT22);
  expect(cellText(ws.getCell('A1'))).toBe('全国科普示范县创建 归档文件目录');
  expect(cellText(ws.getCell('A2'))).toMatch(/全宗号：Z109.*年度：2023.*保管期限：定期30年.*机构（问题）：BGS/);
  // Which arrangement the 件号 belong to: the dossier's, inspection order.
  expect(cellText(ws.getCell('A2'))).toContain('件号按迎检排列：按指标体系顺序统一编号，与装订本台账一致');

  const rows = dataRows('归档文件目录');
  expect(pages.plan.items.length).toBeGreaterThanOrEqual(8);
  expect(rows).toHaveLength(pages.plan.items.length);
  expect(result.items).toBe(pages.plan.items.length);
  pages.plan.items.forEach((p, i) => {
    expect(rows[i][0]).toBe(p.number);
    expect(rows[i][1]).toBe(p.code);
    expect(xlRow(ws, HEADER_ROW + 1 + i, 2)[1]).toBe(p.code);
    expect(p.code).toMatch(/^Z109-WS·2023-D30-BGS-\d{4}$/);
  });
  // Every item filed under an indicator is there; the one in the inbox is not.
  const filed = items.filter((i) => i.indicators.length > 0);
  expect(new Set(rows.map((r) => r[1])).size).toBe(filed.length);
  expect(rows.some((r) => String(r[4]).includes('随手拍'))).toBe(false);
  expect(result.warnings.map((w) => w.reason)).toContain('1 件未归类材料未编入目录，请先在“未归类”中归档');
});

test('dates are 8 digits or empty, 文号/责任者/密级 as entered, [ ] on titles the clerk supplied', () => {
  const rows = dataRows('归档文件目录');
  let dated = 0;
  pages.plan.items.forEach((p, i) => {
    const d = rows[i][5];
    expect(typeof d).toBe('string');
    expect(d).toMatch(/^(\d{8})?$/);
    expect(d).toBe(p.item.date ? p.item.date.replace(/-/g, '') : '');
    if (d) dated++;
    const title = cleanText(p.item.title).text;
    expect(rows[i][4]).toBe(p.item.titleSupplied ? `[${title}]` : title);
  });
  expect(dated).toBeGreaterThanOrEqual(4);
  expect(rows.map((r) => r[4])).toEqual(expect.arrayContaining(['[第一次推进会]', '关于成立创建工作领导小组的通知']));
  const meeting = rows.find((r) => r[4] === '[第一次推进会]')!;
  expect(meeting[5]).toBe('20230308');
  expect(meeting[2]).toBe(DOC_NUMBER); // a literal _x0041_ is not read as an escaped "A"
  expect(meeting[3]).toBe('县科协');
  expect(meeting[6]).toBe('内部');
  expect(String(meeting[8])).toContain('指标 1.2');
  expect(String(meeting[8])).toContain('另见 2.2');
  const xlMeeting = xl.getWorksheet('归档文件目录')!.getRows(HEADER_ROW + 1, rows.length)!.find((r) => r.getCell(5).value === '[第一次推进会]')!;
  expect(xlMeeting.getCell(3).value).toBe(DOC_NUMBER);
});

test('页数 are the dossier\'s page counts; ranges follow each other in print order', () => {
  const rows = dataRows('归档文件目录');
  let sum = 0;
  let lastPage = 0;
  pages.plan.items.forEach((p, i) => {
    const r = pages.items.get(p.item.id)!;
    expect(rows[i][7]).toBe(r.count);
    expect(String(rows[i][8])).toContain(`台账第 ${r.first === r.last ? r.first : `${r.first}—${r.last}`} 页`);
    expect(r.first).toBeGreaterThan(lastPage);
    lastPage = r.last;
    sum += r.count;
  });
  // 页数 is each item's own pages: no header page, no placeholder, no cover, 目录 or 提交表.
  expect(sum).toBe(pages.pages - pages.generated);
  // The notice is a 3-page PDF: its 3 merged pages.
  const notice = rows.find((r) => r[4] === '关于成立创建工作领导小组的通知')!;
  expect(notice[7]).toBe(3);
  // Files the dossier cannot print are noted.
  const wps = rows.find((r) => String(r[4]).startsWith('[培训课件') || String(r[4]).startsWith('培训课件'))!;
  expect(String(wps[8])).toContain('1 个文件未能打印');
});

test('the 档号 and first page in the ledger are where the printed dossier has them', async () => {
  const pdf = await exportDossier(archive, path.join(root, 'dossier.pdf'), { includeExcluded: true });
  const text = allText(pdf.file);
  const byPrinted = new Map<number, string>();
  for (const t of text) {
    const m = /—\s*(\d+)\s*—\s*$/.exec(t.trimEnd());
    if (m) byPrinted.set(Number(m[1]), t);
  }
  const rows = dataRows('归档文件目录');
  for (const r of rows) {
    const m = /台账第 (\d+)/.exec(String(r[8]))!;
    // The item's first page carries its 归档章: 全宗号, 年度, and the 件号 that ends the 档号.
    expect(byPrinted.get(Number(m[1]))).toMatch(new RegExp(`Z109\\s+\\d{4}\\s+${String(r[1]).slice(-4)}`));
  }
});

test('a 120-character title survives whole; control characters are stripped and reported', () => {
  expect([...LONG_TITLE].length).toBe(120);
  const rows = dataRows('归档文件目录');
  expect(rows.map((r) => r[4])).toContain(LONG_TITLE);
  expect(rows.map((r) => r[4])).toContain(CONTROL_CLEAN);
  const xlTitles = xl.getWorksheet('归档文件目录')!.getRows(HEADER_ROW + 1, rows.length)!.map((r) => r.getCell(5).value);
  expect(xlTitles).toContain(LONG_TITLE);
  expect(xlTitles).toContain(CONTROL_CLEAN);
  expect(result.warnings).toContainEqual({ path: CONTROL_CLEAN, reason: '含有表格无法保存的控制字符，已去除' });
  // The long title wraps: its row is taller than a one-line row.
  const ws = xl.getWorksheet('归档文件目录')!;
  const longRow = ws.getRows(HEADER_ROW + 1, rows.length)!.find((r) => r.getCell(5).value === LONG_TITLE)!;
  expect(longRow.height).toBeGreaterThan(3 * 14);
  expect(longRow.getCell(5).alignment).toMatchObject({ wrapText: true, vertical: 'middle' });
});

test('指标完成情况: a row per indicator in tree order, statuses and counts as the self-check has them', () => {
  const ws = xl.getWorksheet('指标完成情况')!;
  expect(xlRow(ws, HEADER_ROW, 13)).toEqual(STATUS_HEADER);
  expect(sjRows('指标完成情况')[HEADER_ROW - 1]).toEqual(STATUS_HEADER);
  const rows = dataRows('指标完成情况');
  const nodes = walk(pages.plan.roots);
  expect(rows.map((r) => String(r[0]))).toEqual(nodes.map((n) => n.indicator.code));
  expect(rows.map((r) => String(r[0]))).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
  const statuses = new Set<string>();
  for (const r of rows) {
    const c = check.indicators.find((i) => i.code === String(r[0]))!;
    expect(r[1]).toBe(c.title);
    expect(r[4]).toBe(c.items);
    expect(r[7]).toBe(STATUS_LABELS[c.status]);
    // Target and progress in the self-check's own words, not re-decided by the sheet.
    expect(r[6]).toBe(c.actualText);
    expect(r[5]).toBe(c.targetText);
    expect(r[9]).toBe(''); // 自评分 is the clerk's
    expect(r[10]).toBe(''); // and so is 结论性说明
    // Which items count and why not, as the 提交表 prints it.
    expect(String(r[8])).toBe(c.countText);
    statuses.add(String(r[7]));
    // Every problem the self-check files under this indicator is in the row.
    for (const p of check.problems.filter((x) => x.indicator === c.code)) expect(String(r[12])).toContain(p.message);
  }
  expect(statuses.size).toBeGreaterThanOrEqual(2);
  const volunteers = rows.find((r) => r[0] === '2.2')!;
  expect(volunteers[6]).toBe('45/1000人次'); // participants summed, as the self-check counts them
  expect(volunteers[5]).toBe('不少于 1000 人次');
  expect(volunteers[2]).toBe(20);
  // Item problems show under the indicator the item is filed under.
  const training = rows.find((r) => r[0] === '2.1')!;
  expect(String(training[12])).toContain('培训照片.HEIC');
  expect(String(training[12]).split('\n').length).toBeGreaterThan(1);
});

test('指标完成情况: page ranges from the dossier, tree levels indented, upper levels bold', () => {
  const ws = xl.getWorksheet('指标完成情况')!;
  const rows = dataRows('指标完成情况');
  const node = walk(pages.plan.roots).find((n) => n.indicator.code === '1.2')!;
  const spans = node.entries.filter((e) => e.full).map((e) => pages.items.get(e.print.item.id)!);
  expect(spans.length).toBe(3);
  const r12 = rows.find((r) => r[0] === '1.2')!;
  expect(r12[11]).toBe(`${Math.min(...spans.map((s) => s.first))}—${Math.max(...spans.map((s) => s.last))}`);
  const meeting = pages.items.get(item('第一次推进会').id)!;
  expect(String(rows.find((r) => r[0] === '2.2')![11])).toContain(`另见第 ${meeting.first} 页`);
  for (let i = 0; i < rows.length; i++) {
    const row = ws.getRow(HEADER_ROW + 1 + i);
    const code = String(rows[i][0]);
    const upper = !code.includes('.');
    expect(!!row.getCell(2).font?.bold).toBe(upper);
    expect(row.getCell(2).alignment?.indent ?? 0).toBe(upper ? 0 : 1);
  }
});

test('print-ready: A4 landscape, fit to width, header repeated and frozen, page footer, borders', () => {
  for (const ws of xl.worksheets) {
    const ps = ws.pageSetup;
    expect(ps.orientation).toBe('landscape');
    expect(ps.paperSize).toBe(9);
    expect(ps.fitToPage).toBe(true);
    expect(ps.fitToWidth).toBe(1);
    expect(ps.fitToHeight).toBe(0);
    expect(ps.printTitlesRow).toBe(`${HEADER_ROW}:${HEADER_ROW}`);
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页');
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页，共 &N 页');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    const header = ws.getRow(HEADER_ROW).getCell(1);
    expect(header.border?.bottom?.style).toBe('thin');
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getRow(HEADER_ROW + 1).getCell(2).border?.left?.style).toBe('thin');
    // Widths suit Chinese text: 题名 / 指标 wide, 序号 narrow, every column given a width.
    const widths = ws.columns.map((c) => c.width ?? 9);
    expect(Math.max(...widths)).toBeGreaterThanOrEqual(24);
    expect(widths[0]).toBeLessThan(10);
  }
  // SheetJS sees the print titles and the frozen pane too.
  const names = sj.Workbook?.Names ?? [];
  expect(names.filter((n) => n.Name === '_xlnm.Print_Titles').map((n) => n.Sheet)).toEqual([0, 1, 2, 3, 4]);
  expect(names.find((n) => n.Name === '_xlnm.Print_Titles' && n.Sheet === 0)!.Ref).toMatch(/^'?归档文件目录'?!\$3:\$3$/);
});

test('per-indicator sheets list each top-level indicator\'s items, cross-references included', () => {
  for (const root of pages.plan.roots) {
    const name = `${root.indicator.code} ${root.indicator.title}`;
    const rows = dataRows(name);
    expect(sjRows(name)[HEADER_ROW - 1]).toEqual(DAT22);
    const ids = new Set(walk([root]).flatMap((n) => n.entries.map((e) => e.print.code)));
    expect(new Set(rows.map((r) => r[1]))).toEqual(ids);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => i + 1));
  }
  const two = dataRows('2 突出工作重点');
  expect(two.map((r) => r[4])).toContain('[第一次推进会]');
});

test('sheet names are made valid for Excel: ≤ 31 characters, none of []:*?/\\ \', unique', () => {
  const taken = new Set(['归档文件目录', '指标完成情况'].map((s) => s.toLowerCase()));
  const raw = ['3 关于[科普]:示范*县?创建/工作\\推进的非常非常长的指标名称超过了三十一个字的限制', "4 '引号'", '归档文件目录', 'History', '', '5 ABC', '5 abc'];
  const names = raw.map((r) => sheetName(r, taken));
  for (const n of names) {
    expect(n.length).toBeGreaterThan(0);
    expect(n.length).toBeLessThanOrEqual(31);
    expect(n).not.toMatch(/[[\]:*?/\\']/);
    expect(n.toLowerCase()).not.toBe('history');
  }
  expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  expect(names[2]).not.toBe('归档文件目录');
  expect(names[6]).not.toBe(names[5]);
});

test('progress is reported by phase; a cancelled export leaves no file and no part file', async () => {
  expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['排版', '生成台账目录', '写入文件']));
  for (const p of progress) expect(p.done).toBeLessThanOrEqual(p.total);
  await expectCancelledAtEveryPhase(root, 'xlsx', ['排版', '生成台账目录', '写入文件'], (out, job) => exportLedger(archive, out, {}, job));
});

test('atomic: a failed export leaves the previous file as it was; no .part files anywhere', async () => {
  const out = path.join(root, 'keep.xlsx');
  fs.writeFileSync(out, 'the previous ledger');
  await expect(exportLedger(archive, out, { indicators: ['9.9'] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  expect(fs.readFileSync(out, 'utf8')).toBe('the previous ledger');
  await expect(exportLedger(archive, path.join(root, '台账.xls'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  const r = await exportLedger(archive, out);
  expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  expect(r.sheets).toEqual(['归档文件目录', '指标完成情况', '指标索引']);
  // The rename onto the target fails (a folder of that name): the part file is cleaned up.
  const blocked = path.join(root, 'blocked.xlsx');
  fs.mkdirSync(blocked);
  fs.writeFileSync(path.join(blocked, 'inside.txt'), 'x');
  await expect(exportLedger(archive, blocked)).rejects.toThrow();
  expect(fs.readdirSync(blocked)).toEqual(['inside.txt']);
  expect(fs.readdirSync(root).filter((n) => n.endsWith('.part'))).toEqual([]);
  // Nothing was written into the archive folder.
  expect(fs.readdirSync(archive.dir).filter((n) => /\.(xlsx|part)$/.test(n))).toEqual([]);
});

test('taizhang export xlsx --indicator 1.2 --per-indicator --json', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const file = path.join(root, 'cli 台账.xlsx');
  const argv = [archive.dir, file, '--indicator', '1.2', '--per-indicator', '--json'];
  const code = await exportXlsx.run(parseArgs(argv, exportXlsx.options, 'export xlsx'), { out: (s) => out.push(s), err: (s) => err.push(s) });
  expect(code).toBe(0);
  const j = JSON.parse(out.join('\n'));
  expect(Object.keys(j).sort()).toEqual(['bytes', 'file', 'items', 'sheets', 'warnings']);
  expect(j.file).toBe(file);
  expect(j.bytes).toBe(fs.statSync(file).size);
  // The subset keeps its ancestor as a heading: 1 with 1.2 below it (and, as the dossier prints
  // them, the items filed directly under 1).
  const subset = await dossierPages(archive, { indicators: ['1.2'] });
  expect(j.items).toBe(subset.plan.items.length);
  expect(j.sheets).toEqual(['归档文件目录', '指标完成情况', '1 加强组织领导']);
  const wb = XLSX.readFile(file);
  const codes = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['归档文件目录'], { header: 1, defval: '' }).slice(HEADER_ROW).map((r) => r[1]);
  expect(codes).toEqual(subset.plan.items.map((p) => p.code));
  const titles = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['归档文件目录'], { header: 1, defval: '' }).slice(HEADER_ROW).map((r) => r[4]);
  expect(titles).toEqual(expect.arrayContaining(['[第一次推进会]', '[第二次推进会]', '[第三次推进会]']));
  expect(titles).not.toContain('关于成立创建工作领导小组的通知');
  const status = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['指标完成情况'], { header: 1, defval: '' }).slice(HEADER_ROW).map((r) => String(r[0]));
  expect(status).toEqual(['1', '1.2']);
  expect(err).toEqual([]);
  await expect(exportXlsx.run(parseArgs([archive.dir], exportXlsx.options, 'export xlsx'), { out: () => {}, err: () => {} })).rejects.toMatchObject({ code: 'BAD_INPUT' });
});
