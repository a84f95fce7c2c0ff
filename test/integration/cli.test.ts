import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { writeClerkFolder } from '../helpers/clerk-folder';
import { runCli, tz, tzJson } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-cli-');

const json = tzJson;

async function officialTable(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标');
  ws.addRow(['附件1']);
  ws.addRow(['全国科普示范县创建测评体系']);
  ws.addRow(['一级指标', '二级指标', '评分标准', '分值', '责任单位']);
  ws.addRow(['加强组织领导（20分）', '成立领导小组', '印发成立领导小组文件', '5分', '办公室']);
  ws.addRow(['', '召开工作推进会', '全年召开推进会不少于3次', '15分', '办公室']);
  ws.mergeCells('A4:A5');
  ws.addRow(['突出工作重点（30分）', '党员干部科技培训', '举办培训不少于10次', '10', '组织部']);
  ws.addRow(['', '科技志愿服务活动', '参与不少于1000人次', '20', '科协']);
  ws.mergeCells('A6:A7');
  ws.addRow(['合计', '', '', '50', '']);
  ws.addRow(['注：本表由创建办负责解释。']);
  await wb.xlsx.writeFile(file);
}

describe('a clerk\'s session through the command', () => {
  const archive = path.join(root, '档案');
  let source: string;

  beforeAll(async () => {
    source = await writeClerkFolder(path.join(root, 'src'));
    await officialTable(path.join(root, '测评体系.xlsx'));
  });

  test('init, import the official table, list indicators', async () => {
    const init = await json('init', archive, '--name', '全国科普示范县创建', '--unit', '某县民政局', '--year', '2023', '--window', '2022-04-01..2023-12-31', '--fonds', 'Z109');
    expect(init.campaign).toMatchObject({ name: '全国科普示范县创建', fonds: 'Z109', year: 2023, windowStart: '2022-04-01', windowEnd: '2023-12-31' });
    const imp = await json('indicators', 'import', archive, path.join(root, '测评体系.xlsx'));
    expect(imp.table).toMatchObject({ sheet: '指标', headerRow: 3, levels: 2, indicators: 6 });
    expect(imp.merge.added).toBe(6);
    const { indicators } = await json('indicators', 'list', archive);
    expect(indicators.map((i: { code: string }) => i.code)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
    expect(indicators[0]).toEqual(expect.objectContaining({ code: '1', title: '加强组织领导', level: 1, score: 20, parent: null }));
    expect(indicators[2]).toEqual(expect.objectContaining({ code: '1.2', title: '召开工作推进会', level: 2, score: 15, parent: '1', department: '办公室', target: { count: 3, unit: '次' } }));
    const human = await tz('indicators', 'list', archive);
    expect(human.out).toContain('召开工作推进会');
    expect(human.out).toContain('共 6 个指标');
  });

  test('import a clerk folder; JSON has the documented fields', async () => {
    const r = await json('import', archive, source);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['items', 'files', 'stored', 'duplicates', 'inbox', 'warnings']));
    expect(r).toMatchObject({ items: 10, duplicates: 1 });
    expect(r.files).toBe(r.stored + r.duplicates);
    expect(r.inbox).toEqual(['创建材料/杂项/随手拍.jpg']);
    expect(r.warnings.map((w: { path: string }) => path.basename(w.path)).sort()).toEqual(['加密通知.pdf', '培训照片.HEIC', '培训课件.wps', '损坏的照片.jpg']);
    for (const w of r.warnings) expect(w.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  test('items list, by indicator, with files', async () => {
    const { items } = await json('items', 'list', archive, '--indicator', '1.2');
    expect(items.map((i: { title: string }) => i.title)).toEqual(['第一次推进会', '第二次推进会', '第三次推进会']);
    const first = items[0];
    expect(first).toMatchObject({ kind: 'meeting', date: '2023-03-08', indicators: ['1.2'] });
    expect(first.files[0]).toEqual(expect.objectContaining({ name: '会议通知.pdf', pages: 1, warning: null }));
    expect(first.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const all = await json('items', 'list', archive);
    expect(all.items).toHaveLength(10);
    expect((await tz('items', 'list', archive, '--indicator', '7.7')).code).toBe(2);
  });

  test('search, check and verify', async () => {
    const s = await json('search', archive, '推进会');
    expect(s.results.map((r: { title: string }) => r.title).sort()).toEqual(['第一次推进会', '第三次推进会', '第二次推进会']);
    expect((await json('search', archive, '纪要')).results.map((r: { title: string }) => r.title)).toEqual(['第三次推进会']);
    // By date, in either form, and short Latin queries regardless of case.
    expect((await json('search', archive, '2023-04-15')).results.map((r: { title: string }) => r.title)).toEqual(['第二次推进会']);
    expect((await json('search', archive, '2023年5月6日')).results.map((r: { title: string }) => r.title)).toEqual(['第三次推进会']);
    expect((await json('search', archive, 'img')).results.length).toBe((await json('search', archive, 'IMG')).results.length);
    expect((await json('search', archive, 'img')).results.length).toBeGreaterThan(0);
    const check = await json('check', archive);
    expect(check.indicators.find((i: { code: string }) => i.code === '1.2')).toEqual(expect.objectContaining({ status: 'met', items: 3, actual: 3, target: { count: 3, unit: '次' } }));
    expect(check.indicators.find((i: { code: string }) => i.code === '2.2')).toEqual(expect.objectContaining({ status: 'missing', items: 0 }));
    for (const p of check.problems) expect(Object.keys(p)).toEqual(expect.arrayContaining(['kind', 'message', 'item', 'file']));
    expect(check.problems.filter((p: { kind: string }) => p.kind === 'unreadable')).toHaveLength(4);
    const v = await json('verify', archive);
    expect(v).toMatchObject({ ok: true, problems: [] });
    const human = await tz('check', archive);
    expect(human.out).toContain('【指标无佐证材料】指标 2.2「科技志愿服务活动」还没有任何佐证材料。');
  });

  test('export pdf writes the dossier and reports pages, bytes and warnings', async () => {
    const out = path.join(root, '台账.pdf');
    const r = await json('export', 'pdf', archive, out, '--indicator', '1.2', '--photos-per-page', '2', '--dpi', '150');
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['pages', 'bytes', 'warnings']));
    expect(r.bytes).toBe(fs.statSync(out).size);
    expect(r.pages).toBeGreaterThan(5);
    expect((await tz('export', 'pdf', archive, out, '--photos-per-page', '3')).err).toContain('只能是 1 或 2');
    expect((await tz('export', 'pdf', archive, out, '--dpi', 'high')).code).toBe(2);
    expect((await tz('export', 'pdf', archive, out, '--indicator', '8.8')).err).toContain('找不到编号为 8.8 的指标');
  });

  test('exports refuse a missing folder and the archive folder itself, before any work', async () => {
    for (const kind of ['pdf', 'xlsx', 'package']) {
      const ext = kind === 'package' ? 'zip' : kind;
      const missing = await tz('export', kind, archive, path.join(root, '没有这个文件夹', `x.${ext}`));
      expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('不存在') });
      const inside = await tz('export', kind, archive, path.join(archive, 'files', `x.${ext}`));
      expect(inside).toMatchObject({ code: 2, err: expect.stringContaining('不能放在档案文件夹') });
    }
    expect(fs.readdirSync(path.join(archive, 'files')).every((n) => /^[0-9a-f]{2}$/.test(n))).toBe(true);
  });

  test('verify fails (exit 1) when a stored file was altered', async () => {
    const { items } = await json('items', 'list', archive, '--indicator', '1.1');
    const sha = items[0].files[0].sha256;
    const file = path.join(archive, 'files', sha.slice(0, 2), sha);
    fs.chmodSync(file, 0o644);
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([original.subarray(0, original.length - 1), Buffer.from([original[original.length - 1] ^ 1])]));
    const r = await tz('verify', archive, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).problems).toEqual([
      expect.objectContaining({ kind: 'hash_mismatch', sha256: sha, message: expect.stringContaining('《关于成立创建工作领导小组的通知》中的“关于成立创建工作领导小组的通知.pdf”') }),
    ]);
    fs.writeFileSync(file, original);
    expect((await tz('verify', archive)).code).toBe(0);
  });
});

describe('bad input: one clear line, exit 2', () => {
  test.each([
    [['check', path.join('/nonexistent', '档案')], '找不到档案'],
    [['frobnicate'], '没有“frobnicate”这个命令'],
    [['init', '/tmp/x'], '--name'],
    [['check', '/tmp', '--colour'], '不认识选项 --colour'],
    [['init', '/tmp/y', '--name'], '需要一个值'],
    [['init', '/tmp/z', '--name', 'x', '--window', '2023-13-01..2023'], '无法识别'],
    [['init', '/tmp/z', '--name', 'x', '--window', '2023-02-30..2023-12-31'], '须真实存在'],
    [['init', '/tmp/z', '--name', 'x', '--window', '2023-12-31..2023-01-01'], '结束日期早于起始日期'],
    [['check', '/tmp/a', 'extra'], '多余的参数：extra'],
    [['items'], 'taizhang items list'],
    [['indicators', 'import', '/tmp/nothing-here', '/tmp'], '找不到档案'],
  ])('%j', async (args, message) => {
    const r = await tz(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  test('an unreadable indicator table says why and what it looked for', async () => {
    const dir = path.join(root, 'bad');
    expect((await tz('init', dir, '--name', 'x')).code).toBe(0);
    const csv = path.join(root, '指标.xlsx');
    fs.writeFileSync(csv, '序号,内容\n1,组织领导\n');
    const r = await tz('indicators', 'import', dir, csv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^错误：.*xlsx/);
    const ws = new ExcelJS.Workbook();
    ws.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    const noHeader = path.join(root, '通讯录.xlsx');
    await ws.xlsx.writeFile(noHeader);
    const r2 = await tz('indicators', 'import', dir, noHeader);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('指标');
    expect((await tz('init', dir, '--name', 'again')).err).toContain('已是一个档案');
    const folder = path.join(root, 'a-folder');
    fs.mkdirSync(folder);
    const r3 = await tz('indicators', 'import', dir, folder);
    expect(r3).toMatchObject({ code: 2, err: expect.stringContaining('不是普通文件（是文件夹）') });
    fs.writeFileSync(path.join(folder, '笔记.txt'), '科员自己的文件');
    const r4 = await tz('init', folder, '--name', 'x');
    expect(r4).toMatchObject({ code: 2, err: expect.stringContaining('不是空的') });
    const r5 = await tz('import', dir, path.join(root, '不存在的文件夹'));
    expect(r5).toMatchObject({ code: 2, err: expect.stringContaining('找不到要导入的文件或文件夹') });
    expect((await tz('search', dir, '  ')).code).toBe(2);
  });

  test('dates as clerks type them are accepted for the window', async () => {
    const r = await json('init', path.join(root, 'win'), '--name', 'x', '--window', '2022年4月1日..2023/3/31');
    expect(r.campaign).toMatchObject({ windowStart: '2022-04-01', windowEnd: '2023-03-31' });
    expect((await tz('--version')).out).toMatch(/^创建台账 taizhang \d+\.\d+\.\d+$/);
  });
});

describe('the real process', () => {
  test('npm-style invocation: exit codes, stderr, no stack trace', () => {
    const missing = runCli(['items', 'list', path.join(root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('错误：找不到档案');
    const dir = path.join(root, 'proc');
    const ok = runCli(['init', dir, '--name', '进程测试', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).campaign.name).toBe('进程测试');
    const help = runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('taizhang import ARCHIVE PATH...');
  });
});
