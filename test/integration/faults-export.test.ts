// What offices do to exports and the archive behind them, as the fault probe did it (issue 9):
// a full disk under every export (the CLI and a web-mode job), cancelled work stuck in I/O,
// stored files and thumbnails replaced by links or gone, and the leftovers of killed exports.
// The full-disk cases need root (a 1 MB tmpfs); the rest run anywhere.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApi, type Api } from '../../main/api/api';
import { JobRunner } from '../../main/api/jobs';
import type { Archive } from '../../main/archive/archive';
import { listItems } from '../../main/archive/items-repo';
import { exportDossier } from '../../main/export/dossier/dossier';
import { exportLedger } from '../../main/export/ledger/ledger';
import { exportPackage } from '../../main/export/package/package';
import { listLeftovers } from '../../main/export/leftovers';
import { ZipReader } from '../../main/export/package/zip-reader';
import type { JobInfo } from '../../shared/api';
import type { StoredFile } from '../../shared/domain';

import { TaizhangError } from '../../shared/errors';
import { filedArchive } from '../helpers/clerk-folder';
import { runCli } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';
import { smallDisk } from '../helpers/mounts';
import { value, jobEnded } from '../helpers/api-calls';

const root = tmpDir('tz-faults-export-');
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;

const ended = jobEnded;

(asRoot ? describe : describe.skip)('a full disk under every export', () => {
  let disk: string;
  let archiveDir: string;
  let api: Api | null = null;

  beforeAll(async () => {
    const a = await filedArchive(path.join(root, 'full'));
    archiveDir = a.dir;
    await a.close();
    disk = smallDisk(root, 'usb', '1m');
    // Room for a few pages: every export gets some bytes out, then meets the full disk mid-stream.
    const { bavail, bsize } = fs.statfsSync(disk);
    fs.writeFileSync(path.join(disk, 'filler'), Buffer.alloc(bavail * bsize - 8192));
  });
  afterAll(() => {
    api?.close();
  });

  test.each([
    ['pdf', '台账.pdf'],
    ['xlsx', '台账目录.xlsx'],
    ['package', '迎检材料包.zip'],
    ['package', '迎检材料包'],
    ['boxes', '档案盒.pdf'],
  ])('export %s → %s: exit 1, one line naming the folder, nothing left behind', (kind, name) => {
    const r = runCli(['export', kind, archiveDir, path.join(disk, name)]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`错误：磁盘空间不足，无法写入 ${disk}。请在该磁盘上腾出空间（删除不用的文件或清空回收站）后重试；已存档的材料没有受影响。`]);
    expect(fs.readdirSync(disk)).toEqual(['filler']);
  });

  test('the archive still verifies after the failed exports', () => {
    const r = runCli(['verify', archiveDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('a web job onto the full disk fails with the line and frees the slot for the next export', async () => {
    api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'test' });
    value(await api.call('archive.open', { dir: archiveDir }));
    const job = value<JobInfo>(await api.call('jobs.start', { kind: 'export-pdf', out: path.join(disk, '台账.pdf') }));
    const failed = await ended(api, job.id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'DISK_FULL', message: expect.stringContaining(`磁盘空间不足，无法写入 ${disk}`) } });
    expect(fs.readdirSync(disk)).toEqual(['filler']);

    const good = path.join(root, 'full', '导出-好');
    fs.mkdirSync(good);
    const next = value<JobInfo>(await api.call('jobs.start', { kind: 'export-pdf', out: path.join(good, '台账.pdf') }));
    expect(await ended(api, next.id)).toMatchObject({ state: 'done', output: path.join(good, '台账.pdf') });
    expect(fs.statSync(path.join(good, '台账.pdf')).size).toBeGreaterThan(10_000);
  });
});

describe('jobs', () => {
  const describeError = (e: unknown) => (e instanceof TaizhangError ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: String(e) });

  test('cancel ends a job whose work is stuck in I/O and never settles; the next job starts', async () => {
    const seen: JobInfo[] = [];
    const jobs = new JobRunner((j) => seen.push(j), describeError, 100);
    const stuck = jobs.start('export-pdf', () => new Promise(() => undefined));
    jobs.cancel(stuck.id);
    await new Promise((r) => setTimeout(r, 400));
    expect(jobs.get(stuck.id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(seen.filter((j) => j.id === stuck.id && j.state === 'cancelled')).toHaveLength(1);
    const next = jobs.start('export-xlsx', async () => ({ output: null, summary: '好', warnings: [], result: null }));
    await jobs.idle();
    expect(jobs.get(next.id)).toMatchObject({ state: 'done', summary: '好' });
  });

  test('work that settles after its grace period does not change the ended job', async () => {
    const jobs = new JobRunner(() => undefined, describeError, 20);
    let finish!: () => void;
    const late = jobs.start('export-pdf', () => new Promise((resolve) => (finish = () => resolve({ output: '/x', summary: '晚了', warnings: [], result: null }))));
    jobs.cancel(late.id);
    await new Promise((r) => setTimeout(r, 100));
    finish();
    await new Promise((r) => setTimeout(r, 20));
    expect(jobs.get(late.id)).toMatchObject({ state: 'cancelled', output: null });
  });

  test('a failing job ends failed with its message', async () => {
    const jobs = new JobRunner(() => undefined, describeError);
    const j = jobs.start('export-pdf', async () => {
      throw new TaizhangError('DISK_FULL', '磁盘空间不足，无法写入 /x。');
    });
    await jobs.idle();
    expect(jobs.get(j.id)).toMatchObject({ state: 'failed', error: { code: 'DISK_FULL', message: '磁盘空间不足，无法写入 /x。' } });
  });
});

describe('damaged stored files and thumbnails', () => {
  const MARKER = 'TZ-LEAK-MARKER-7f3a9c';
  const dir = path.join(root, 'damaged');
  const out = path.join(root, 'damaged-out');
  const outside = path.join(root, 'outside');
  let archive: Archive;
  let pdf: StoredFile & { itemTitle: string };
  let photo: StoredFile;

  beforeAll(async () => {
    archive = await filedArchive(dir);
    fs.mkdirSync(out);
    fs.mkdirSync(outside);
    const items = await listItems(archive.db);
    const withFiles = items.flatMap((i) => i.files.map((f) => ({ ...f, itemTitle: i.title, filed: i.indicators.length > 0 })));
    pdf = withFiles.find((f) => f.filed && f.type === 'pdf' && !f.encrypted && !f.warning)!;
    photo = withFiles.find((f) => f.filed && f.thumbPath && f.role === 'photo')!;
  });
  afterAll(() => archive.close());

  /** Runs fn with the stored file at rel damaged as `how`, then puts the good bytes back. */
  async function damaged<T>(rel: string, how: 'link' | 'missing' | 'folder', fn: () => Promise<T>): Promise<T> {
    const abs = path.join(archive.dir, rel);
    const good = fs.readFileSync(abs);
    fs.rmSync(abs, { force: true });
    if (how === 'link') {
      const target = path.join(outside, path.basename(rel));
      fs.writeFileSync(target, Buffer.concat([good, Buffer.from(`\n%${MARKER}\n`)]));
      fs.symlinkSync(target, abs);
    } else if (how === 'folder') fs.mkdirSync(abs);
    try {
      return await fn();
    } finally {
      fs.rmSync(abs, { recursive: true, force: true });
      fs.writeFileSync(abs, good, { mode: 0o444 });
    }
  }

  const leaks = (file: string) => fs.readFileSync(file).includes(MARKER);

  const DAMAGE = [['replaced by a link', 'link'], ['missing', 'missing'], ['replaced by a folder', 'folder']] as const;

  test.each(DAMAGE)('a stored PDF %s: the dossier prints a placeholder page, names it, and goes on', async (_label, how) => {
    const normal = await exportDossier(archive, path.join(out, 'normal.pdf'));
    const r = await damaged(pdf.storePath, how, () => exportDossier(archive, path.join(out, `dossier-${how}.pdf`)));
    expect(r.warnings).toContainEqual({ path: pdf.name, reason: expect.stringContaining(pdf.storePath) });
    // One placeholder page for its pages.
    expect(r.pages).toBe(normal.pages - (pdf.pages ?? 1) + 1);
    expect(leaks(r.file)).toBe(false);
  });

  test.each(DAMAGE)('a stored original %s: the package is refused with the file named', async (_label, how) => {
    const target = path.join(out, `package-${how}.zip`);
    const p = damaged(pdf.storePath, how, () => exportPackage(archive, target, { dossier: false, ledger: false }));
    await expect(p).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringContaining(`“${pdf.itemTitle}”的文件“${pdf.name}”`) });
    await expect(p).rejects.toMatchObject({ message: expect.stringContaining(pdf.storePath) });
    expect(fs.readdirSync(out).filter((n) => n.includes(`package-${how}`))).toEqual([]);
  });

  test.each(DAMAGE)('a thumbnail %s is made again from the original; the package goes on', async (_label, how) => {
    const target = path.join(out, `thumb-${how}.zip`);
    const r = await damaged(photo.thumbPath!, how, () => exportPackage(archive, target, { dossier: false, ledger: false }));
    expect(r.warnings).toContainEqual({ path: '缩略图', reason: expect.stringContaining('1 张缩略图缺失或已损坏') });
    expect(leaks(target)).toBe(false);
    const zip = await ZipReader.open(target);
    expect(zip.entries.some((e) => e.name === `_缩略图/${photo.sha256}.jpg` && e.size > 1000)).toBe(true);
    expect(runCli(['verify-package', target]).code).toBe(0);
  });

  test('an undamaged archive packs its own thumbnails, without a warning', async () => {
    const r = await exportPackage(archive, path.join(out, 'good.zip'), { dossier: false, ledger: false });
    expect(r.warnings.filter((w) => w.path === '缩略图')).toEqual([]);
    expect(leaks(r.path)).toBe(false);
  });
});

describe('leftovers of killed exports', () => {
  const dir = path.join(root, 'leftovers');
  let archive: Archive;
  const deadPid = spawnSync('true').pid!;
  const old = new Date(Date.now() - 3600_000);
  const names = {
    stalePart: `.台账.pdf.${deadPid}.ab12cd34.part`,
    staleOldStyle: `.台账.pdf.${deadPid}.part`,
    staleWork: `.迎检材料包.zip.${deadPid}.abcdef.work`,
    ancient: `.台账目录.xlsx.${process.pid}.0badf00d.part`,
    running: `.迎检材料包.zip.${process.pid}.12345678.part`,
    freshDead: `.档案盒.pdf.${deadPid}.feedbeef.part`,
    notOurs: '.notes.part',
    alsoNotOurs: '报告.pdf.part',
  };

  beforeAll(async () => {
    archive = await filedArchive(path.join(root, 'lo'));
    fs.mkdirSync(dir);
    for (const n of Object.values(names)) fs.writeFileSync(path.join(dir, n), Buffer.alloc(4096));
    fs.rmSync(path.join(dir, names.staleWork));
    fs.mkdirSync(path.join(dir, names.staleWork));
    fs.writeFileSync(path.join(dir, names.staleWork, '迎检材料台账.pdf'), Buffer.alloc(10_000));
    const age = (n: string, when: Date) => fs.utimesSync(path.join(dir, n), when, when);
    for (const n of [names.stalePart, names.staleOldStyle, names.notOurs, names.alsoNotOurs]) age(n, old);
    age(path.join(names.staleWork, '迎检材料台账.pdf'), old);
    age(names.staleWork, old);
    // Our own pid: alive, so only age makes it a leftover.
    age(names.ancient, new Date(Date.now() - 25 * 3600_000));
  });
  afterAll(() => archive.close());

  test('listLeftovers finds our temporary names only, with sizes, and tells which are safe to remove', async () => {
    const found = await listLeftovers(dir);
    const by = new Map(found.map((l) => [path.basename(l.path), l]));
    expect([...by.keys()].sort()).toEqual([names.ancient, names.freshDead, names.running, names.stalePart, names.staleOldStyle, names.staleWork].sort());
    expect(by.get(names.staleWork)).toMatchObject({ size: 10_000, pid: deadPid, stale: true });
    expect(by.get(names.stalePart)?.stale).toBe(true);
    expect(by.get(names.staleOldStyle)?.stale).toBe(true);
    expect(by.get(names.ancient)?.stale).toBe(true);
    expect(by.get(names.running)?.stale).toBe(false);
    // Just written: its writer may be on another computer sharing the folder.
    expect(by.get(names.freshDead)?.stale).toBe(false);
  });

  test('the next export into the folder removes the stale leftovers and nothing else', async () => {
    await exportLedger(archive, path.join(dir, '台账目录.xlsx'));
    expect(fs.readdirSync(dir).sort()).toEqual([names.alsoNotOurs, names.freshDead, names.notOurs, names.running, '台账目录.xlsx'].sort());
  });
});
