// What does not count stays out of the exports unless asked for: an item dated outside the
// campaign window and items whose only file cannot be read are left out of the dossier, the
// ledger, the package and the boxes (no 件号, no gap in the numbering, one warning each); with
// includeExcluded they are in, marked 不计入：…. And the clerk's statement (结论性说明, 自评分,
// 实际完成) is printed in the 提交表 and the ledger's 指标完成情况.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Archive } from '../../main/archive/archive';
import { listItems } from '../../main/archive/items-repo';
import { importPaths } from '../../main/intake/import';
import { stateIndicator } from '../../main/indicators/statement';
import { exclusionMark } from '../../main/check/evidence';
import { parseArgs } from '../../main/cli/args';
import { COMMANDS } from '../../main/cli/commands';
import { exportDossier, type DossierResult } from '../../main/export/dossier/dossier';
import { planDossier } from '../../main/export/dossier/plan';
import { exportLedger, CATALOGUE_SHEET, STATUS_SHEET } from '../../main/export/ledger/ledger';
import { exportPackage, type Manifest } from '../../main/export/package/package';
import { exportBoxes } from '../../main/export/boxes/boxes';
import { jobWork } from '../../main/api/job-work';
import { makeJpeg, makePdf, makeWps } from '../../main/demo/sample-files';
import { makeArchive } from '../helpers/archive';
import { allText } from '../helpers/pdf-tools';
import { tmpDir } from '../helpers/tmp';
import { EXCLUSION_LABELS } from '../../shared/domain';

const root = tmpDir('tz-exclusion-');
let archive: Archive;
let plain: DossierResult;
let plainText: string[];
let withExcluded: DossierResult;
let withText: string[];

/** Titles of the items that do not count, and of those that do. */
const OUT = ['往年推进会', '第二次推进会', '培训签到'];
const IN = ['关于成立创建工作领导小组的通知', '第一次推进会', '科技培训'];
const OUTSIDE = exclusionMark('outside_window');
const UNUSABLE = exclusionMark('unusable');
const CONCLUSION = '全年召开推进会4次，其中1次记录在乡镇台账中，均有会议通知和现场照片。';
const REASON = '另有 3 次在乡镇台账中';
/** "2 件文件无法读取…" with whatever label the self-check gives the reason. */
const WARNING = new RegExp(`^3 件材料不计入（.*${EXCLUSION_LABELS.outside_window} 1 件.*${EXCLUSION_LABELS.unusable} 2 件.*），未排入.*包括不计入的材料`);
const flat = (s: string) => s.replace(/\s+/g, '');
/** The 归档章's top row on an item's first page: 全宗号, 年度, the 件号 that ends its 档号. */
const stampOf = (code: string) => new RegExp(`Z109\\s+\\d{4}\\s+${code.slice(-4)}`);

beforeAll(async () => {
  const base = path.join(root, 'src', '创建材料');
  const lead = path.join(base, '一、加强组织领导（20分）');
  await makePdf(path.join(lead, '（一）成立领导小组', '关于成立创建工作领导小组的通知.pdf'), { pages: 1 });
  const meetings = path.join(lead, '（二） 召开工作推进会');
  await makeJpeg(path.join(meetings, '2023-03-08 第一次推进会', 'IMG_0001.jpg'), { width: 1600, height: 1200, seed: 1, exifTime: '2023:03:08 09:30:00' });
  await makePdf(path.join(meetings, '2023-03-08 第一次推进会', '会议通知.pdf'), { pages: 1 });
  // A 2021 meeting in a 2022–2023 campaign, and a meeting whose only file is a WPS document.
  await makeJpeg(path.join(meetings, '2021-05-06 往年推进会', '现场.jpg'), { width: 1600, height: 1200, seed: 2, exifTime: '2021:05:06 10:00:00' });
  await makeWps(path.join(meetings, '2023-04-15 第二次推进会', '课件.wps'));
  const training = path.join(base, '二、突出工作重点', '2.1 党员干部科技培训');
  await makeJpeg(path.join(training, '2023-06-01 科技培训', '培训.jpg'), { width: 1600, height: 1200, seed: 3, exifTime: '2023:06:01 15:00:00' });
  // An encrypted PDF nobody can read.
  await makePdf(path.join(training, '2023-06-20 培训签到', '签到表.pdf'), { pages: 2, encrypted: true });
  archive = await makeArchive(root, 'archive', ['2022-04-01', '2023-12-31']);
  await archive.updateCampaign({ orgCode: 'BGS', fonds: 'Z109', year: 2023 });
  await importPaths(archive, [base]);
  await stateIndicator(archive, '1.2', { conclusion: CONCLUSION, selfScore: 12, actual: 4, actualReason: REASON });
  plain = await exportDossier(archive, path.join(root, 'plain.pdf'), { date: '2023-12-01' });
  plainText = allText(plain.file);
  withExcluded = await exportDossier(archive, path.join(root, 'with.pdf'), { date: '2023-12-01', includeExcluded: true });
  withText = allText(withExcluded.file);
});
afterAll(() => archive.close());

test('the archive is what the test means: six items filed, three of which do not count', async () => {
  const items = await listItems(archive.db);
  expect(items.map((i) => i.title).sort()).toEqual([...IN, ...OUT].sort());
  expect(items.every((i) => i.indicators.length === 1)).toBe(true);
  const plan = await planDossier(archive);
  expect(new Map(plan.excluded.map((e) => [e.item.title, e.why]))).toEqual(
    new Map([
      ['往年推进会', 'outside_window'],
      ['第二次推进会', 'unusable'],
      ['培训签到', 'unusable'],
    ]),
  );
  expect(plan.left).toEqual([]);
});

test('by default the dossier leaves them out: no trace of them, numbers without gaps, one warning', async () => {
  const all = plainText.join('\n');
  for (const t of IN) expect(flat(all)).toContain(t);
  for (const t of OUT) expect(flat(all)).not.toContain(t);
  expect(all).not.toContain('课件.wps');
  expect(all).not.toContain('签到表.pdf');
  expect(all).not.toContain('不计入：');
  const plan = await planDossier(archive);
  expect(plan.items.map((p) => p.number)).toEqual([1, 2, 3]);
  expect(plan.items.map((p) => p.code.slice(-4))).toEqual(['0001', '0002', '0003']);
  expect(plan.items.every((p) => p.excluded === undefined)).toBe(true);
  // Each printed once, its first page stamped with its 件号.
  for (const p of plan.items) expect(all).toMatch(stampOf(p.code));
  const warnings = plain.warnings.filter((w) => /不计入/.test(w.reason));
  expect(warnings).toHaveLength(1);
  expect(warnings[0].reason).toMatch(WARNING);
  expect(warnings[0].reason).toContain('未排入台账');
});

test('with includeExcluded they are printed, numbered as before, marked on their first page and in the 提交表', async () => {
  const plan = await planDossier(archive, { includeExcluded: true });
  expect(plan.excluded).toEqual([]);
  expect(plan.items.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
  const marks = new Map(plan.items.map((p) => [p.item.title, p.excluded]));
  expect(marks.get('往年推进会')).toBe('outside_window');
  expect(marks.get('第二次推进会')).toBe('unusable');
  expect(marks.get('第一次推进会')).toBeUndefined();
  expect(withExcluded.warnings.some((w) => /不计入/.test(w.reason))).toBe(false);
  // Each one's first page (the one with its 归档章) carries the mark under its heading.
  for (const p of plan.items) {
    const first = withText.find((t) => stampOf(p.code).test(t))!;
    expect(first).toBeDefined();
    if (p.excluded) expect(flat(first)).toMatch(new RegExp(`${p.code.slice(-4)}${p.item.title}(\\d{4}年\\d+月\\d+日)?${flat(exclusionMark(p.excluded))}`));
    else expect(first).not.toContain('不计入：');
  }
  // The 提交表 of 1.2 notes why a row does not count (the wrapped title cell read without the
  // date and pages pdftotext puts in the middle of it).
  const form = flat(withText.find((t) => t.includes('测评材料提交表') && t.includes('召开工作推进会'))!).replace(/\d{4}年\d{1,2}月\d{1,2}日\d+(—\d+)?/g, '');
  expect(form).toContain(flat(`往年推进会（${OUTSIDE}）`));
  expect(form).toContain(flat(`第二次推进会（${UNUSABLE}）`));
  expect(form).not.toContain('第一次推进会（');
});

test('the 提交表 prints the clerk\'s 结论性说明, 自评分 and the stated 实际完成 with its reason', () => {
  for (const text of [plainText, withText]) {
    const form = text.find((t) => t.includes('测评材料提交表') && t.includes('召开工作推进会'))!;
    const f = flat(form);
    expect(f).toContain(flat(CONCLUSION));
    expect(f).toMatch(/自评分12分/);
    // 要求 · 实际 · 状态 on one line, then the stated figure, said to be stated, with its reason.
    expect(f).toContain('要求不少于3次·实际4/3次（填报）·已达标');
    expect(f).toContain(flat(`实际完成 4次（填报：${REASON}；按材料计 1次）`));
  }
  // Where nothing was stated, the boxes stay empty to be written by hand.
  const other = plainText.find((t) => t.includes('测评材料提交表') && t.includes('成立领导小组'))!;
  expect(flat(other)).not.toMatch(/自评分\d/);
  expect(other).not.toContain('实际完成');
});

test('the ledger: 归档文件目录 without them by default, marked in 备注 when asked; 指标完成情况 with the statement', async () => {
  const read = async (file: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows = (name: string) => {
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 3) out.push(Array.from((row.values as unknown[]).slice(1), (v) => (v == null ? '' : String(v))));
      });
      return out;
    };
    const header = (name: string) => Array.from((wb.getWorksheet(name)!.getRow(3).values as unknown[]).slice(1), (v) => String(v ?? ''));
    return { rows, header };
  };
  const plainLedger = await exportLedger(archive, path.join(root, 'plain.xlsx'));
  const p = await read(plainLedger.file);
  const catalogue = p.rows(CATALOGUE_SHEET);
  expect(catalogue).toHaveLength(3);
  expect(catalogue.map((r) => r[0])).toEqual(['1', '2', '3']);
  for (const t of OUT) expect(catalogue.some((r) => r[4].includes(t))).toBe(false);
  expect(plainLedger.items).toBe(3);
  const warnings = plainLedger.warnings.filter((w) => /不计入/.test(w.reason));
  expect(warnings).toHaveLength(1);
  expect(warnings[0].reason).toMatch(WARNING);

  // 指标完成情况: 自评分, 结论性说明 and 计入说明 of 1.2, by column name.
  const h = p.header(STATUS_SHEET);
  const col = (name: string) => h.indexOf(name);
  expect(h.slice(col('完成'), col('结论性说明') + 1)).toEqual(['完成', '状态', '计入说明', '自评分', '结论性说明']);
  const status = p.rows(STATUS_SHEET);
  const r12 = status.find((r) => r[0] === '1.2')!;
  expect(r12[col('自评分')]).toBe('12');
  expect(r12[col('结论性说明')]).toBe(CONCLUSION);
  expect(r12[col('完成')]).toBe('4/3次（填报）');
  expect(r12[col('状态')]).toBe('已达标');
  expect(r12[col('计入说明')]).toContain(`实际完成 4次（填报：${REASON}；按材料计 1次）`);
  expect(r12[col('计入说明')]).toMatch(/3 件中 1 件计入/);
  const r11 = status.find((r) => r[0] === '1.1')!;
  expect([r11[col('自评分')], r11[col('结论性说明')]]).toEqual(['', '']);

  const withLedger = await exportLedger(archive, path.join(root, 'with.xlsx'), { dossier: { includeExcluded: true } });
  const w = await read(withLedger.file);
  const all = w.rows(CATALOGUE_SHEET);
  expect(all).toHaveLength(6);
  expect(all.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
  const note = (title: string) => all.find((r) => r[4].includes(title))![8];
  expect(note('往年推进会').split('\n')[0]).toBe(OUTSIDE);
  expect(note('第二次推进会').split('\n')[0]).toBe(UNUSABLE);
  expect(note('培训签到').split('\n')[0]).toBe(UNUSABLE);
  expect(note('第一次推进会')).not.toContain('不计入');
  expect(withLedger.warnings.some((x) => /不计入/.test(x.reason))).toBe(false);
});

test('the package: their files stay out by default, with one warning; put in and marked in index.html when asked', async () => {
  const walkFiles = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
  const plainPkg = await exportPackage(archive, path.join(root, 'pkg-plain'));
  const files = walkFiles(plainPkg.path);
  for (const t of OUT) expect(files.some((f) => f.includes(t))).toBe(false);
  expect(files.some((f) => /课件\.wps|签到表\.pdf|现场\.jpg/.test(f))).toBe(false);
  const index = fs.readFileSync(path.join(plainPkg.path, 'index.html'), 'utf8');
  for (const t of OUT) expect(index).not.toContain(t);
  for (const t of IN) expect(index).toContain(t);
  const manifest = JSON.parse(fs.readFileSync(path.join(plainPkg.path, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.items.map((i) => i.number)).toEqual([1, 2, 3]);
  const warnings = plainPkg.warnings.filter((x) => /不计入/.test(x.reason));
  expect(warnings).toHaveLength(1);
  expect(warnings[0].reason).toMatch(WARNING);
  expect(warnings[0].reason).toContain('未排入材料包');

  const withPkg = await exportPackage(archive, path.join(root, 'pkg-with'), { dossier: false, ledger: false, print: { includeExcluded: true } });
  const all = walkFiles(withPkg.path);
  expect(all.some((f) => f.endsWith('课件.wps'))).toBe(true);
  expect(all.some((f) => f.endsWith('现场.jpg'))).toBe(true);
  const html = fs.readFileSync(path.join(withPkg.path, 'index.html'), 'utf8');
  const article = (title: string) => html.split('<article').find((a) => new RegExp(`>\\[?${title}\\]?</a>`).test(a))!;
  expect(article('往年推进会')).toContain(`<span class="excl">${OUTSIDE}</span>`);
  expect(article('培训签到')).toContain(`<span class="excl">${UNUSABLE}</span>`);
  expect(article('往年推进会')).toMatch(/^ class="item excluded"/);
  expect(article('第一次推进会')).not.toContain('excl');
  expect(withPkg.warnings.some((x) => /不计入/.test(x.reason))).toBe(false);
});

test('the boxes follow: three items by default with one warning, six when asked', async () => {
  const plainBoxes = await exportBoxes(archive, path.join(root, 'boxes-plain.pdf'));
  expect(plainBoxes.boxes.reduce((n, b) => n + b.items, 0)).toBe(3);
  expect(plainBoxes.warnings.filter((w) => /不计入/.test(w.reason))).toEqual([{ path: '', reason: expect.stringMatching(WARNING) }]);
  const text = allText(plainBoxes.file).join('\n');
  for (const t of OUT) expect(flat(text)).not.toContain(t);
  const withBoxes = await exportBoxes(archive, path.join(root, 'boxes-with.pdf'), { dossier: { includeExcluded: true } });
  expect(withBoxes.boxes.reduce((n, b) => n + b.items, 0)).toBe(6);
  expect(flat(allText(withBoxes.file).join('\n'))).toContain(flat(OUTSIDE));
});

test('taizhang export xlsx|pdf --include-excluded', async () => {
  const run = async (name: 'export xlsx' | 'export pdf', argv: string[]) => {
    const out: string[] = [];
    const cmd = COMMANDS[name];
    const code = await cmd.run(parseArgs(argv, cmd.options, name), { out: (s) => out.push(s), err: (s) => out.push(s) });
    return { code, out: out.join('\n') };
  };
  const plainCli = await run('export xlsx', [archive.dir, path.join(root, 'cli.xlsx'), '--json']);
  expect(plainCli.code).toBe(0);
  const j = JSON.parse(plainCli.out);
  expect(j.items).toBe(3);
  expect(j.warnings.map((w: { reason: string }) => w.reason)).toEqual(expect.arrayContaining([expect.stringMatching(WARNING)]));
  const withCli = await run('export xlsx', [archive.dir, path.join(root, 'cli-with.xlsx'), '--include-excluded', '--json']);
  expect(JSON.parse(withCli.out).items).toBe(6);
  const pdf = await run('export pdf', [archive.dir, path.join(root, 'cli.pdf'), '--include-excluded', '--no-cover', '--no-contents']);
  expect(pdf.code).toBe(0);
  expect(pdf.out).not.toContain('不计入');
  expect(flat(allText(path.join(root, 'cli.pdf')).join('\n'))).toContain(flat(OUTSIDE));
});

test('the interface\'s export jobs pass includeExcluded to every export', async () => {
  const run = async (spec: Parameters<typeof jobWork>[1]) => (await jobWork(archive, spec, () => undefined))({});
  const items = (r: Awaited<ReturnType<typeof run>>) => (r.result as { items: number }).items;
  const plainJob = await run({ kind: 'export-xlsx', out: path.join(root, 'job.xlsx') });
  expect(items(plainJob)).toBe(3);
  expect(plainJob.warnings.some((w: string) => WARNING.test(w))).toBe(true);
  expect(items(await run({ kind: 'export-xlsx', out: path.join(root, 'job-with.xlsx'), includeExcluded: true }))).toBe(6);
  const boxes = await run({ kind: 'export-boxes', out: path.join(root, 'job-boxes.pdf'), includeExcluded: true });
  expect((boxes.result as { boxes: { items: number }[] }).boxes.reduce((n, b) => n + b.items, 0)).toBe(6);
  const pdf = await run({ kind: 'export-pdf', out: path.join(root, 'job.pdf'), includeExcluded: true });
  expect(flat(allText(pdf.output!).join('\n'))).toContain(flat(OUTSIDE));
  const pkg = await run({ kind: 'export-package', out: path.join(root, 'job-pkg'), includeExcluded: true });
  expect(fs.readFileSync(path.join(pkg.output!, 'index.html'), 'utf8')).toContain(OUTSIDE);
});
