// Intake benchmark: how fast does `importPaths` file a clerk's folder of phone photos, compared
// with the bare work any importer must do on the same files (hash every byte, make a thumbnail)?
//
//   npm run -s bench:intake -- [--photos 50,200] [--size 4032x3024] [--runs 2] [--keep DIR] [--json]
//
// For each size N: N photo-like JPEGs with EXIF, laid out as a clerk keeps them (a folder named
// after the indicator, holding dated meeting subfolders of about five photos each). Then, with
// the page cache warm, the floor and the real import run alternately, `--runs` times each; the
// table shows medians. Every import is checked (N files, one item per meeting, no warnings, a
// thumbnail per photo) so a broken import cannot pass for a fast one.
//
// Photos are generated once, for the largest N, with seeds 1…N; a smaller size uses the first
// ones (hard links), which is what generating it with the same seeds would write. Generation is
// not measured. With --keep the generated photos are reused on the next run in the same DIR.
// The pool the app's entry points set (main/threadpool.ts), for the floor and the import alike.
import '../main/threadpool';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Archive } from '../main/archive/archive';
import { sql } from '../main/archive/db';
import { mergeIndicators } from '../main/archive/indicators-repo';
import { makeJpeg } from '../main/demo/sample-files';
import { importPaths, type ImportReport } from '../main/intake/import';
// Imported for its side effect too: probe.ts sets sharp's process-wide cache and concurrency.
import '../main/intake/probe';
import { mapLimit } from '../main/jobs/cancel';
import type { IndicatorDraft } from '../shared/indicator-types';
import { MB, log, machine, measure, meetingDate, median, parseArgs, photoPlan, table } from './lib';

/** Files the importer stores and probes at once (its default; passed explicitly to both sides). */
const CONCURRENCY = 3;
const PER_MEETING = 5;
const INDICATOR: IndicatorDraft = {
  code: '1',
  title: '召开工作推进会',
  requirement: '全年召开推进会不少于3次',
  score: 10,
  basis: '',
  department: '',
  target: { count: 3, unit: '次' },
  level: 1,
  parentCode: null,
};

// The settings main/intake/probe.ts applies to sharp, repeated here so the floor runs under the
// same ones even if probe.ts changes how it loads; checked below against what sharp reports.
sharp.cache(false);
sharp.concurrency(1);

interface Options {
  sizes: number[];
  width: number;
  height: number;
  runs: number;
  keep: string | null;
  json: boolean;
}

interface Phase {
  seconds: number;
  /** Processor time of this process (all its threads), user + system: what a busy machine blurs least. */
  cpuSeconds: number;
  peakRssMb: number;
  startRssMb: number;
}

interface SizeResult {
  photos: number;
  meetings: number;
  bytes: number;
  import: { runs: Phase[]; seconds: number; cpuSeconds: number; filesPerSecond: number; peakRssMb: number };
  floor: { runs: Phase[]; seconds: number; cpuSeconds: number; filesPerSecond: number; peakRssMb: number };
  ratio: number;
  /** The same ratio in processor time. */
  cpuRatio: number;
}

function options(): Options {
  const a = parseArgs(process.argv.slice(2), { values: ['photos', 'size', 'runs', 'keep'], flags: ['json', 'help'] });
  if (a.has('help')) {
    log('usage: npm run -s bench:intake -- [--photos 50,200] [--size 4032x3024] [--runs 2] [--keep DIR] [--json]');
    process.exit(0);
  }
  const sizes = String(a.get('photos') ?? '50,200')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--photos wants positive whole numbers, e.g. 50,200');
  const size = /^(\d+)x(\d+)$/i.exec(String(a.get('size') ?? '4032x3024'));
  if (!size || +size[1] < 16 || +size[2] < 16) throw new Error('--size wants WxH, e.g. 4032x3024');
  const runs = Number(a.get('runs') ?? 2);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive whole number');
  const keep = a.get('keep');
  return { sizes, width: +size[1], height: +size[2], runs, keep: typeof keep === 'string' ? path.resolve(keep) : null, json: a.has('json') };
}

// ---------------------------------------------------------------------------------------------
// The photos

interface Photo {
  /** The generated file, in the pool. */
  pool: string;
  meeting: number;
  /** Name in the meeting folder, as a phone names it. */
  name: string;
}

/**
 * Generates (or, with --keep, reuses) `count` photos. The work is done by two child processes,
 * one per core: drawing the pixels is plain JavaScript, and the 36 MB pixel buffers would
 * otherwise stay in this process's RSS and blur the memory figures of the measured phases.
 */
async function generatePool(root: string, count: number, o: Options): Promise<Photo[]> {
  const dir = path.join(root, 'photos', `${o.width}x${o.height}`);
  await fs.mkdir(dir, { recursive: true });
  const plan = photoPlan(count, PER_MEETING);
  const file = (i: number) => path.join(dir, `${String(i + 1).padStart(5, '0')}.jpg`);
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!(await fs.stat(file(i)).then((s) => s.size > 0, () => false))) missing.push(i);
  const t0 = performance.now();
  if (missing.length) {
    const workers = Math.max(1, Math.min(2, missing.length));
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const job: GenJob = { dir, width: o.width, height: o.height, count, indices: missing.filter((_, k) => k % workers === w) };
        return runChild(job);
      }),
    );
    log(`generated ${missing.length} photos of ${o.width}×${o.height} in ${((performance.now() - t0) / 1000).toFixed(0)} s (not measured)`);
  } else {
    log(`reusing ${count} photos in ${dir}`);
  }
  return plan.map((p, i) => ({ pool: file(i), meeting: p.meeting, name: p.name }));
}

interface GenJob {
  dir: string;
  width: number;
  height: number;
  count: number;
  indices: number[];
}

/** This script again, in a child process with the same loader (tsx), in generator mode. */
function runChild(job: GenJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--generate', JSON.stringify(job)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`photo generator exited with ${signal ?? code}`))));
  });
}

/** Generator mode: writes the photos of `job.indices`, two at a time so encoding overlaps drawing. */
async function generate(job: GenJob): Promise<void> {
  const plan = photoPlan(job.count, PER_MEETING);
  let made = 0;
  await mapLimit(job.indices, 2, async (i) => {
    const p = plan[i];
    const file = path.join(job.dir, `${String(i + 1).padStart(5, '0')}.jpg`);
    const tmp = `${file}.part`;
    await makeJpeg(tmp, { width: job.width, height: job.height, seed: p.seed, exifTime: p.exifTime, offset: '+08:00', orientation: p.orientation });
    await fs.rename(tmp, file);
    if (++made % 25 === 0) log(`  generated ${made} of ${job.indices.length} photos in worker ${process.pid}…`);
  });
}

/** The clerk's folder for the first n photos: 召开工作推进会/2023-01-04 第1次推进会/IMG_….jpg. */
async function clerkFolder(root: string, photos: Photo[], n: number): Promise<{ folder: string; files: string[]; meetings: number }> {
  const folder = path.join(root, 'sets', `${n}`, INDICATOR.title);
  await fs.rm(path.dirname(folder), { recursive: true, force: true });
  const files: string[] = [];
  for (const p of photos.slice(0, n)) {
    const dest = path.join(folder, `${meetingDate(p.meeting).iso} 第${p.meeting + 1}次推进会`, p.name);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.link(p.pool, dest).catch(() => fs.copyFile(p.pool, dest));
    files.push(dest);
  }
  return { folder, files, meetings: Math.ceil(n / PER_MEETING) };
}

// ---------------------------------------------------------------------------------------------
// The two contestants

/** The floor: per file, SHA-256 while streaming it and a 320 px thumbnail; CONCURRENCY at a time. */
async function floor(files: string[], outDir: string): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  const hashes = await mapLimit(files, CONCURRENCY, async (file, i) => {
    const hash = createHash('sha256');
    // Same chunk size as FileStore.put.
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    await sharp(file).rotate().resize(320, 320, { fit: 'inside' }).jpeg({ quality: 80 }).toFile(path.join(outDir, `${i}.jpg`));
    return hash.digest('hex');
  });
  const distinct = new Set(hashes).size;
  const thumbs = (await fs.readdir(outDir)).length;
  if (distinct !== files.length || thumbs !== files.length) {
    throw new Error(`floor is broken: ${files.length} files gave ${distinct} distinct hashes and ${thumbs} thumbnails`);
  }
}

async function openArchive(dir: string): Promise<Archive> {
  await fs.rm(dir, { recursive: true, force: true });
  const archive = await Archive.create(dir, { name: '基准测试' });
  await archive.db.transaction((tx) => mergeIndicators(tx, [INDICATOR]));
  return archive;
}

/** Fails loudly unless the import filed every photo, one item per meeting, with no complaint. */
async function checkImport(archive: Archive, report: ImportReport, n: number, meetings: number): Promise<void> {
  const problems: string[] = [];
  if (report.files !== n) problems.push(`${report.files} files, expected ${n}`);
  if (report.items !== meetings) problems.push(`${report.items} items, expected ${meetings}`);
  if (report.stored !== n) problems.push(`${report.stored} stored, expected ${n}`);
  if (report.duplicates) problems.push(`${report.duplicates} duplicates`);
  if (report.inbox.length) problems.push(`${report.inbox.length} files in the inbox (folder not matched to the indicator)`);
  if (report.skipped.length) problems.push(`${report.skipped.length} skipped`);
  if (report.warnings.length) {
    problems.push(`${report.warnings.length} warnings, first: ${report.warnings[0].path}: ${report.warnings[0].reason}`);
  }
  const db = await archive.db.get<{ files: number; thumbs: number; dated: number; linked: number }>(sql`SELECT
      (SELECT count(*) FROM files) AS files,
      (SELECT count(*) FROM blobs WHERE has_thumb = 1 AND type = 'jpeg') AS thumbs,
      (SELECT count(*) FROM blobs WHERE exif_time IS NOT NULL) AS dated,
      (SELECT count(DISTINCT item_id) FROM links) AS linked`);
  if (db?.files !== n) problems.push(`${db?.files} file rows, expected ${n}`);
  if (db?.thumbs !== n) problems.push(`${db?.thumbs} JPEG blobs with a thumbnail, expected ${n}`);
  if (db?.dated !== n) problems.push(`${db?.dated} blobs with an EXIF time, expected ${n}`);
  if (db?.linked !== meetings) problems.push(`${db?.linked} items linked to the indicator, expected ${meetings}`);
  if (problems.length) throw new Error(`the import of ${n} photos is broken, not measuring it:\n  - ${problems.join('\n  - ')}`);
}

// ---------------------------------------------------------------------------------------------

async function benchSize(root: string, photos: Photo[], n: number, o: Options): Promise<SizeResult> {
  const { folder, files, meetings } = await clerkFolder(root, photos, n);
  // Warm the page cache: both sides then read the photos from memory, not from disk.
  let bytes = 0;
  for (const f of files) bytes += (await fs.readFile(f)).length;
  log(`\n${n} photos (${(bytes / MB).toFixed(0)} MB, ${meetings} meetings) in ${folder}`);

  const floorRuns: Phase[] = [];
  const importRuns: Phase[] = [];
  const phase = (m: { seconds: number; peakRss: number; startRss: number }, cpu: NodeJS.CpuUsage): Phase => ({
    seconds: m.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: m.peakRss / MB,
    startRssMb: m.startRss / MB,
  });
  for (let run = 1; run <= o.runs; run++) {
    const outDir = path.join(root, 'floor', `${n}-run${run}`);
    await fs.rm(outDir, { recursive: true, force: true });
    const fc = process.cpuUsage();
    const f = phase(await measure(() => floor(files, outDir)), process.cpuUsage(fc));
    floorRuns.push(f);
    log(`  run ${run}: floor  ${f.seconds.toFixed(2)} s (cpu ${f.cpuSeconds.toFixed(2)} s), peak RSS ${f.peakRssMb.toFixed(0)} MB`);
    if (!o.keep) await fs.rm(outDir, { recursive: true, force: true });

    const dir = path.join(root, 'archives', `${n}-run${run}`);
    const archive = await openArchive(dir);
    try {
      const ic = process.cpuUsage();
      const m = await measure(() => importPaths(archive, [folder], { concurrency: CONCURRENCY }));
      const cpu = process.cpuUsage(ic);
      await checkImport(archive, m.result, n, meetings);
      const i = phase(m, cpu);
      importRuns.push(i);
      log(`  run ${run}: import ${i.seconds.toFixed(2)} s (cpu ${i.cpuSeconds.toFixed(2)} s), peak RSS ${i.peakRssMb.toFixed(0)} MB (${m.result.items} items, ${m.result.files} files, 0 warnings)`);
    } finally {
      await archive.close();
    }
    if (!o.keep) await fs.rm(dir, { recursive: true, force: true });
  }
  const summary = (runs: Phase[]) => {
    const seconds = median(runs.map((r) => r.seconds));
    const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
    return { runs, seconds, cpuSeconds, filesPerSecond: n / seconds, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
  };
  const imp = summary(importRuns);
  const fl = summary(floorRuns);
  return { photos: n, meetings, bytes, import: imp, floor: fl, ratio: imp.seconds / fl.seconds, cpuRatio: imp.cpuSeconds / fl.cpuSeconds };
}

function spread(runs: Phase[]): string {
  const xs = runs.map((r) => r.seconds);
  return `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
}

function conclusion(results: SizeResult[]): string {
  const worst = results.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const ratios = results.map((r) => `${r.ratio.toFixed(2)}×`).join(' / ');
  const verdict =
    worst.ratio <= 1.5
      ? 'close to the floor: little left to gain without doing less work per file'
      : worst.ratio <= 2
        ? 'within 2× of the floor'
        : 'more than 2× the floor: the import does a lot beyond hashing and thumbnailing (profile it)';
  const scaling =
    results.length > 1
      ? `; throughput ${results.map((r) => r.import.filesPerSecond.toFixed(1)).join(' → ')} files/s from ${results[0].photos} to ${results[results.length - 1].photos} photos`
      : '';
  return `Import takes ${ratios} the floor's time — ${verdict}${scaling}.`;
}

async function main(): Promise<void> {
  const gen = process.argv.indexOf('--generate');
  if (gen >= 0) return generate(JSON.parse(process.argv[gen + 1]) as GenJob);
  const o = options();
  if (sharp.concurrency() !== 1 || sharp.cache().files.max !== 0 || sharp.cache().memory.max !== 0) {
    throw new Error('sharp is not set up as main/intake/probe.ts sets it (cache off, one thread per image)');
  }
  const root = o.keep ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-bench-intake-')));
  await fs.mkdir(root, { recursive: true });
  const cleanup = async () => {
    if (!o.keep) await fs.rm(root, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  const results: SizeResult[] = [];
  const t0 = performance.now();
  try {
    const photos = await generatePool(root, Math.max(...o.sizes), o);
    for (const n of o.sizes) results.push(await benchSize(root, photos, n, o));
  } finally {
    await cleanup();
  }
  if (o.keep) log(`\nkept: ${root}`);
  const m = machine();
  const maxRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
  const totalSeconds = (performance.now() - t0) / 1000;

  if (o.json) {
    const out = {
      machine: m,
      photo: { width: o.width, height: o.height, perMeeting: PER_MEETING },
      concurrency: CONCURRENCY,
      runs: o.runs,
      results,
      maxRssMb,
      totalSeconds,
      conclusion: conclusion(results),
    };
    const round = (_: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
    process.stdout.write(`${JSON.stringify(out, round, 2)}\n`);
    return;
  }
  const rows = results.map((r) => [
    String(r.photos),
    r.import.seconds.toFixed(2),
    r.import.filesPerSecond.toFixed(1),
    r.floor.seconds.toFixed(2),
    r.ratio.toFixed(2),
    r.cpuRatio.toFixed(2),
    r.import.peakRssMb.toFixed(0),
    r.floor.peakRssMb.toFixed(0),
  ]);
  const lines = [
    '',
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMb} MB RAM, node ${m.node}, ${m.platform}`,
    `photos: ${o.width}×${o.height} JPEG with EXIF, ${PER_MEETING} per meeting folder; ${CONCURRENCY} files at a time; median of ${o.runs} run(s), page cache warm`,
    '',
    table(['N', 'import s', 'files/s', 'floor s', 'import/floor', 'cpu import/floor', 'peak RSS import MB', 'peak RSS floor MB'], rows),
    '',
    `spread over runs (min–max s): ${results
      .map((r) => `N=${r.photos} import ${spread(r.import.runs)}, floor ${spread(r.floor.runs)}`)
      .join('; ')}`,
    `process maxRSS (resourceUsage, at the end; photos are generated in child processes): ${maxRssMb.toFixed(0)} MB; total ${totalSeconds.toFixed(0)} s`,
    conclusion(results),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench:intake failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
