// Two archives kept in one folder, as clerks keep them (D:\创建台账\卫生县城, D:\创建台账\文明城市):
// each exports into its own folder by default, and no export replaces a file the clerk did not
// agree to lose — another archive's, a stranger's, or one changed since it was exported.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { exportDir, exportFolders, importSummary } from '../../main/api/job-work';
import { Archive } from '../../main/archive/archive';
import { EXPORT_RECORD } from '../../main/export/output-path';
import { makeJpeg } from '../../main/demo/sample-files';
import type { JobInfo, JobSpec } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { makeArchive } from '../helpers/archive';
import { REPO, runCli } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';
import { value } from '../helpers/api-calls';

jest.setTimeout(180_000);

const root = tmpDir('tz-own-');
const parent = path.join(root, '创建台账');
const dirA = path.join(parent, '卫生县城');
const dirB = path.join(parent, '文明城市');
const NAME_A = '某某县创建国家卫生县城';
const NAME_B = '某某县创建全国文明城市';
let apiA: Api;
let apiB: Api;
let photos: string;


/** Starts a job and waits for its end; a refusal before the start comes back as the Result. */
async function run(api: Api, spec: JobSpec): Promise<Result<JobInfo>> {
  const started = (await api.call('jobs.start', spec)) as Result<JobInfo>;
  if (!started.ok) return started;
  const id = started.value.id;
  for (;;) {
    const job = value<JobInfo[]>(await api.call('jobs.list', {})).find((j) => j.id === id)!;
    if (job.state !== 'running') return { ok: true, value: job };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function done(api: Api, spec: JobSpec): Promise<JobInfo> {
  const job = value<JobInfo>(await run(api, spec));
  if (job.state !== 'done') throw new Error(`${job.state}: ${job.error?.message}`);
  return job;
}

beforeAll(async () => {
  photos = path.join(root, '照片', '2023-03-22高血压防治知识讲座');
  await makeJpeg(path.join(photos, '现场1.jpg'), { width: 640, height: 480, seed: 1, exifTime: '2023:03:22 09:00:00' });
  await makeJpeg(path.join(photos, '现场2.jpg'), { width: 640, height: 480, seed: 2, exifTime: '2023:03:22 09:10:00' });
  fs.mkdirSync(parent, { recursive: true });
  for (const [dir, name] of [
    [dirA, NAME_A],
    [dirB, NAME_B],
  ]) {
    const a = await makeArchive(parent, path.basename(dir));
    await a.updateCampaign({ name });
    await a.close();
  }
  apiA = createApi({ stateDir: path.join(root, 'state-a'), desktop: null, version: 'test' });
  apiB = createApi({ stateDir: path.join(root, 'state-b'), desktop: null, version: 'test' });
  value(await apiA.call('archive.open', { dir: dirA }));
  value(await apiB.call('archive.open', { dir: dirB }));
});
afterAll(async () => {
  await apiA?.close();
  await apiB?.close();
});

test('re-importing a folder says there is nothing new, without contradicting itself', async () => {
  const first = await done(apiA, { kind: 'import', paths: [photos] });
  expect(first.summary).toMatch(/^已导入 1 件材料、2 个新文件/);
  const again = await done(apiA, { kind: 'import', paths: [photos] });
  expect(again.summary).toMatch(/^没有新材料：2 个文件此前已存档，未重复保存/);
  expect(again.summary).not.toContain('已导入');
  // Every shape the report can take reads one way.
  const base = { items: 0, stored: 0, duplicates: 0, repaired: 0, linkedExisting: 0, inbox: [] };
  expect(importSummary(base)).toBe('没有导入任何文件。');
  expect(importSummary({ ...base, items: 2, stored: 3, duplicates: 1 })).toBe('已导入 2 件材料、3 个新文件；另有 1 个文件此前已存档，未重复保存。');
  expect(importSummary({ ...base, items: 1, duplicates: 4 })).toBe('已导入 1 件材料；其中的文件此前都已存档（4 个），未重复保存。');
  expect(importSummary({ ...base, duplicates: 4, linkedExisting: 1 })).toBe('没有新材料：4 个文件此前已存档，未重复保存；1 件已有的材料同时归到了这次的指标下。');
});

test('two archives in one folder export by default into folders of their own, untouched by each other', async () => {
  await done(apiB, { kind: 'import', paths: [photos] });
  const stateA = value<{ archive: { exportDir: string } }>(await apiA.call('session.state', {}));
  const stateB = value<{ archive: { exportDir: string } }>(await apiB.call('session.state', {}));
  expect(stateA.archive.exportDir).toBe(path.join(parent, '卫生县城（导出）'));
  expect(stateB.archive.exportDir).toBe(path.join(parent, '文明城市（导出）'));

  const a = await done(apiA, { kind: 'export-xlsx' });
  const pdfA = await done(apiA, { kind: 'export-pdf' });
  expect(a.output).toBe(path.join(parent, '卫生县城（导出）', '台账目录.xlsx'));
  const bytesA = fs.readFileSync(a.output!);
  const pdfBytesA = fs.readFileSync(pdfA.output!);
  const b = await done(apiB, { kind: 'export-xlsx' });
  await done(apiB, { kind: 'export-pdf' });
  expect(b.output).toBe(path.join(parent, '文明城市（导出）', '台账目录.xlsx'));
  // The first archive's dossier and ledger are as it wrote them.
  expect(fs.readFileSync(a.output!).equals(bytesA)).toBe(true);
  expect(fs.readFileSync(pdfA.output!).equals(pdfBytesA)).toBe(true);
  // Nothing went into the shared folder earlier versions used.
  expect(fs.existsSync(path.join(parent, '导出'))).toBe(false);
});

test('an export over another archive’s file is refused, naming that archive, and replaces it when asked to', async () => {
  const target = path.join(parent, '卫生县城（导出）', '台账目录.xlsx');
  const before = fs.readFileSync(target);
  const refused = await run(apiB, { kind: 'export-xlsx', out: target });
  expect(refused).toMatchObject({ ok: false, error: { code: 'EXISTS', message: expect.stringContaining(`另一个档案（${NAME_A}）导出的`) } });
  expect(fs.readFileSync(target).equals(before)).toBe(true);

  const replaced = await done(apiB, { kind: 'export-xlsx', out: target, overwrite: true });
  expect(replaced.output).toBe(target);
  expect(fs.readFileSync(target).equals(before)).toBe(false);
  // Now it is B's: A is told so in turn.
  const back = await run(apiA, { kind: 'export-xlsx' });
  expect(back).toMatchObject({ ok: false, error: { code: 'EXISTS', message: expect.stringContaining(NAME_B) } });
  // No part file was left beside it.
  expect(fs.readdirSync(path.dirname(target)).filter((n) => n.endsWith('.part'))).toEqual([]);
});

test('the interface asks before replacing even this archive’s own earlier export', async () => {
  const again = await run(apiB, { kind: 'export-pdf' });
  expect(again).toMatchObject({ ok: false, error: { code: 'EXISTS', message: expect.stringContaining('本档案上次导出的') } });
  const job = await done(apiB, { kind: 'export-pdf', overwrite: true });
  expect(job.output).toBe(path.join(parent, '文明城市（导出）', '迎检材料台账.pdf'));
  const record = JSON.parse(fs.readFileSync(path.join(parent, '文明城市（导出）', EXPORT_RECORD), 'utf8')) as Record<string, { archiveName: string; kind: string; size: number }>;
  expect(record['迎检材料台账.pdf']).toMatchObject({ archiveName: NAME_B, kind: 'pdf', size: fs.statSync(job.output!).size });
});

test('the command line replaces its own earlier export silently and anything else only with --overwrite (exit 2)', async () => {
  // The archives are open in the Apis: the command line reads them beside the app, as a script would.
  const out = path.join(root, '脚本导出');
  fs.mkdirSync(out);
  const own = path.join(out, '目录.xlsx');
  expect(runCli(['export', 'xlsx', dirA, own]).code).toBe(0);
  const first = fs.statSync(own).mtimeMs;
  const rerun = runCli(['export', 'xlsx', dirA, own]);
  expect(rerun).toMatchObject({ code: 0, stderr: '' });
  expect(fs.statSync(own).mtimeMs).toBeGreaterThanOrEqual(first);

  // Another archive's file.
  const other = runCli(['export', 'xlsx', dirB, own]);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain(NAME_A);
  expect(other.stderr).toContain('--overwrite');
  expect(other.stderr.trim().split('\n')).toHaveLength(1);
  expect(runCli(['export', 'xlsx', dirB, own, '--overwrite']).code).toBe(0);

  // A file no archive wrote here.
  const stranger = path.join(out, '科员自己的.pdf');
  fs.writeFileSync(stranger, '%PDF-1.4 the clerk’s own file');
  const s = runCli(['export', 'boxes', dirA, stranger]);
  expect(s.code).toBe(2);
  expect(s.stderr).toContain('不是本档案导出的');
  expect(fs.readFileSync(stranger, 'utf8')).toBe('%PDF-1.4 the clerk’s own file');

  // This archive's own export, changed since (notes typed into the ledger): not replaced unasked.
  const mine = path.join(out, '我的.xlsx');
  expect(runCli(['export', 'xlsx', dirA, mine]).code).toBe(0);
  fs.appendFileSync(mine, 'edited');
  const changed = runCli(['export', 'xlsx', dirA, mine, '--json']);
  expect(changed.code).toBe(2);
  expect(changed.stderr).toContain('修改过');
  expect(runCli(['export', 'xlsx', dirA, mine, '--overwrite', '--json']).code).toBe(0);
  // Nine runs of the real command, each starting Node and tsx.
}, 480_000);

test('a read-only archive exports under the clerk’s home folder, one folder per archive', async () => {
  const a = await Archive.open(dirA, { readOnly: true });
  const b = await Archive.open(dirB, { readOnly: true });
  try {
    const [da, db] = [await exportDir(a), await exportDir(b)];
    expect(path.basename(path.dirname(da))).toBe('创建台账导出');
    expect(path.basename(da)).toMatch(new RegExp(`^${NAME_A}-[0-9a-f]{6}$`));
    expect(da).not.toBe(db);
    // Another copy of the same archive (the same campaign row) shares it; another campaign of the same name does not.
    await b.close();
    const w = await Archive.open(dirB);
    await w.updateCampaign({ name: NAME_A });
    await w.close();
    const again = await Archive.open(dirB, { readOnly: true });
    expect(await exportDir(again)).not.toBe(da);
    const w2 = await Archive.open(dirB);
    await w2.updateCampaign({ name: NAME_B });
    await w2.close();
    await again.close();
  } finally {
    await a.close();
    await b.close().catch(() => undefined);
  }
});

test('verify looks for leftovers of killed exports in the archive’s own export folder', async () => {
  const own = path.join(parent, '卫生县城（导出）');
  const leftover = path.join(own, '.台账目录.xlsx.999999.abcdef12.part');
  fs.writeFileSync(leftover, 'half');
  try {
    const r = runCli(['verify', dirA, '--json']);
    expect(r.stdout).toContain(`导出文件夹 ${own} 中有 1 个中断的导出留下的临时文件`);
    // The other archive's folder is not this archive's business.
    expect(runCli(['verify', dirB, '--json']).stdout).not.toContain('中断的导出');
  } finally {
    fs.rmSync(leftover);
  }
  const a = await Archive.open(dirA, { readOnly: true });
  try {
    expect(await exportFolders(a)).toEqual([expect.stringContaining('创建台账导出')]);
  } finally {
    await a.close();
  }
});

test('npm run web -- NEW_FOLDER offers the folder as a new archive; a folder with files in it is refused', async () => {
  const fresh = path.join(root, '新档案');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'main', 'web', 'serve.ts'), fresh, '--no-build'], {
    cwd: REPO,
    env: { ...process.env, TAIZHANG_STATE_DIR: path.join(root, 'state-web') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/http:\/\/127\.0\.0\.1:\d+\/\?t=\S+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toContain('还不是档案');
    const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?t=\S+/.exec(out)![0]);
    expect(url.searchParams.get('create')).toBe(fresh);
    // Nothing is made until the clerk names the campaign.
    expect(fs.existsSync(fresh)).toBe(false);
  } finally {
    child.kill('SIGTERM');
  }

  const full = path.join(root, '照片');
  const refused = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'main', 'web', 'serve.ts'), full, '--no-build'], {
      cwd: REPO,
      env: { ...process.env, TAIZHANG_STATE_DIR: path.join(root, 'state-web') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (code) => resolve({ code, stderr }));
  });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('找不到档案');
});
