// Package benchmark: how long does `exportPackage` take to write the inspection zip, compared
// with a plain `zip -0 -r` of the same stored originals (same files, same bytes) in the same run?
// Goal: within 1.2 ×.
//
//   npm run -s bench:package -- [--photos 600] [--size 2000x1500] [--runs 5] [--keep DIR] [--dossier] [--json]
//
// N phone-like photos (EXIF, every fourth stored sideways) are filed as a clerk keeps them: six
// indicators, meetings of five photos each. Then, with the page cache warm, the package export
// (dossier and ledger left out: they are their own exports, measured by their own benchmarks)
// and `zip -0 -r -q -X files/` of the archive's store run alternately, `--runs` times each; the
// table shows medians. The package also carries index.html, manifest.json and a thumbnail per
// photo, and hashes every byte it writes; zip computes a CRC-32 of every byte. Each package is
// verified (file count, verifyPackage) so a broken one cannot pass for a fast one.
// `--dossier` adds one run of the full package with the dossier PDF and the ledger, and one of
// exportDossier alone on the same archive: the package lays the dossier out once for its index,
// its dossier and its ledger, so its extra cost over the plain package is about the dossier's
// own; the layout passes it ran are counted from its progress (phase 排版) and printed.
// Photos are generated once (not measured); with --keep DIR they and the archive are reused.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../main/archive/archive';
import { mergeIndicators } from '../main/archive/indicators-repo';
import { listItems } from '../main/archive/items-repo';
import { exportDossier } from '../main/export/dossier/dossier';
import { exportPackage, verifyPackage } from '../main/export/package/package';
import { importPaths } from '../main/intake/import';
import type { IndicatorDraft } from '../shared/indicator-types';
import { MB, generatePhotos, log, machine, measure, median, parseArgs, parseSize, photoPool, table, vmRss, type PhotoJob } from './lib';

const PER_MEETING = 5;

const LEAVES = ['召开工作推进会', '党员干部科技培训', '科技志愿服务活动', '科普宣传进社区', '青少年科技教育', '科普设施建设'];
const INDICATORS: IndicatorDraft[] = [
  { code: '1', title: '加强组织领导', level: 1, parentCode: null },
  { code: '2', title: '突出工作重点', level: 1, parentCode: null },
  ...LEAVES.map((title, i) => ({ code: `${i < 3 ? 1 : 2}.${(i % 3) + 1}`, title, level: 2, parentCode: i < 3 ? '1' : '2' })),
].map((d) => ({ requirement: '', score: null, basis: '', department: '', target: null, ...d }));

interface Options {
  photos: number;
  width: number;
  height: number;
  runs: number;
  keep: string | null;
  dossier: boolean;
  json: boolean;
}

function options(): Options {
  const a = parseArgs(process.argv.slice(2), { values: ['photos', 'size', 'runs', 'keep'], flags: ['dossier', 'json', 'help'] });
  if (a.has('help')) {
    log('usage: npm run -s bench:package -- [--photos 600] [--size 2000x1500] [--runs 5] [--keep DIR] [--dossier] [--json]');
    process.exit(0);
  }
  const photos = Number(a.get('photos') ?? 600);
  if (!Number.isInteger(photos) || photos < 1) throw new Error('--photos wants a positive whole number');
  const runs = Number(a.get('runs') ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive whole number');
  const keep = a.get('keep');
  return { photos, ...parseSize(String(a.get('size') ?? '2000x1500')), runs, keep: typeof keep === 'string' ? path.resolve(keep) : null, dossier: a.has('dossier'), json: a.has('json') };
}

/** The archive: photos filed under six indicators, meetings of five; reused when --keep has it. */
async function archiveWith(root: string, o: Options): Promise<Archive> {
  const dir = path.join(root, `archive-${o.photos}-${o.width}x${o.height}`);
  const ready = await fs.stat(path.join(dir, 'archive.sqlite')).then(() => true, () => false);
  if (ready) {
    log(`reusing the archive in ${dir}`);
    return Archive.open(dir);
  }
  await fs.rm(dir, { recursive: true, force: true });
  const pool = await photoPool(root, o.photos, o, __filename, PER_MEETING);
  const src = path.join(root, 'src');
  await fs.rm(src, { recursive: true, force: true });
  for (const p of pool) {
    const leaf = INDICATORS.filter((i) => i.level === 2)[p.meeting % LEAVES.length];
    const meetingDir = path.join(src, `${leaf.code} ${leaf.title}`, `${p.name.slice(4, 12)} 第${p.meeting + 1}次活动`);
    await fs.mkdir(meetingDir, { recursive: true });
    await fs.link(p.file, path.join(meetingDir, p.name)).catch(() => fs.copyFile(p.file, path.join(meetingDir, p.name)));
  }
  const archive = await Archive.create(dir, { name: '全国科普示范县创建（基准测试）', unit: '某县科协', fonds: 'Z109', year: 2023 });
  await archive.db.transaction((tx) => mergeIndicators(tx, INDICATORS));
  log(`importing ${o.photos} photos (not measured)…`);
  const t0 = performance.now();
  const r = await importPaths(archive, [src]);
  log(`imported ${r.files} files as ${r.items} items in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (r.files !== o.photos || r.inbox.length) throw new Error(`import filed ${r.files} of ${o.photos} photos, ${r.inbox.length} unfiled`);
  await fs.rm(src, { recursive: true, force: true });
  return archive;
}

/** `zip -0 -r -q -X out files` in the archive folder: wall time and the child's sampled peak RSS. */
function plainZip(archiveDir: string, out: string): Promise<{ seconds: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('zip', ['-0', '-r', '-q', '-X', out, 'files'], { cwd: archiveDir, stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const timer = setInterval(() => {
      const rss = child.pid != null ? vmRss(child.pid) : null;
      if (rss != null && rss > peak) peak = rss;
    }, 20);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`zip exited with ${code}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakRss: peak });
    });
  });
}

async function run(o: Options): Promise<void> {
  const root = o.keep ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'tz-bench-package-')));
  await fs.mkdir(root, { recursive: true });
  const archive = await archiveWith(root, o);
  try {
    const items = await listItems(archive.db);
    const files = items.flatMap((i) => i.files);
    const bytes = files.reduce((s, f) => s + f.size, 0);
    const outDir = path.join(root, 'out');
    await fs.rm(outDir, { recursive: true, force: true });
    await fs.mkdir(outDir);
    // Warm the page cache with one read of every stored file and thumbnail, as a clerk's second
    // export would find them; then one untimed package, so both sides run with code loaded.
    await plainZip(archive.dir, path.join(outDir, 'warm.zip'));
    await fs.rm(path.join(outDir, 'warm.zip'));
    for (const f of files) if (f.thumbPath) await fs.readFile(archive.store.abs(f.thumbPath));
    const t0 = performance.now();
    await exportPackage(archive, path.join(outDir, 'warm-package.zip'), { dossier: false, ledger: false });
    const firstSeconds = (performance.now() - t0) / 1000;
    await fs.rm(path.join(outDir, 'warm-package.zip'));
    log(`first package (not counted): ${firstSeconds.toFixed(2)} s`);

    const pkg: { seconds: number; peakRss: number; startRss: number; bytes: number }[] = [];
    const zip: { seconds: number; peakRss: number; bytes: number }[] = [];
    for (let i = 0; i < o.runs; i++) {
      const out = path.join(outDir, `package-${i}.zip`);
      const m = await measure(() => exportPackage(archive, out, { dossier: false, ledger: false }));
      const v = await verifyPackage(out);
      const evidence = m.result.files - 2 - files.filter((f) => f.thumbPath).length; // minus index.html, manifest.json, thumbnails
      if (!v.ok || evidence !== files.length) throw new Error(`package ${i}: ${evidence} evidence files of ${files.length}, verify ${v.ok ? 'ok' : JSON.stringify(v.problems.slice(0, 3))}`);
      pkg.push({ seconds: m.seconds, peakRss: m.peakRss, startRss: m.startRss, bytes: m.result.bytes });
      await fs.rm(out);
      const zout = path.join(outDir, `plain-${i}.zip`);
      const z = await plainZip(archive.dir, zout);
      zip.push({ ...z, bytes: (await fs.stat(zout)).size });
      await fs.rm(zout);
      log(`run ${i + 1}/${o.runs}: package ${m.seconds.toFixed(2)} s, zip -0 ${z.seconds.toFixed(2)} s`);
    }
    let full: { seconds: number; peakRss: number; bytes: number; layoutPasses: number; dossierAloneSeconds: number } | null = null;
    if (o.dossier) {
      const out = path.join(outDir, 'full.zip');
      let layoutPasses = 0;
      const m = await measure(() =>
        exportPackage(archive, out, {}, {
          onProgress: (p) => {
            if (p.phase === '排版' && p.done === p.total) layoutPasses++;
          },
        }),
      );
      await fs.rm(out);
      const pdf = path.join(outDir, 'alone.pdf');
      const d = await measure(() => exportDossier(archive, pdf, {}));
      await fs.rm(pdf);
      full = { seconds: m.seconds, peakRss: m.peakRss, bytes: m.result.bytes, layoutPasses, dossierAloneSeconds: d.seconds };
    }
    const pkgS = median(pkg.map((r) => r.seconds));
    const zipS = median(zip.map((r) => r.seconds));
    const result = {
      machine: machine(),
      files: files.length,
      megabytes: bytes / MB,
      runs: o.runs,
      firstPackageSeconds: firstSeconds,
      package: { seconds: pkgS, runs: pkg.map((r) => r.seconds), peakRssMb: Math.max(...pkg.map((r) => r.peakRss)) / MB, startRssMb: pkg[0].startRss / MB, zipMb: pkg[0].bytes / MB },
      zip: { seconds: zipS, runs: zip.map((r) => r.seconds), peakRssMb: Math.max(...zip.map((r) => r.peakRss)) / MB, zipMb: zip[0].bytes / MB },
      ratio: pkgS / zipS,
      bestRatio: Math.min(...pkg.map((r) => r.seconds)) / Math.min(...zip.map((r) => r.seconds)),
      goal: 1.2,
      withDossier: full && { seconds: full.seconds, peakRssMb: full.peakRss / MB, zipMb: full.bytes / MB, layoutPasses: full.layoutPasses, dossierAloneSeconds: full.dossierAloneSeconds },
    };
    if (o.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const m = result.machine;
    console.log(`${m.cpuModel} ×${m.cpus}, ${m.totalMemMb} MB, Node ${m.node}, ${m.platform}`);
    console.log(table(
      ['N files', 'MB', 'package s', 'zip -0 s', 'ratio', 'peak RSS package', 'peak RSS zip'],
      [[
        String(result.files),
        result.megabytes.toFixed(0),
        pkgS.toFixed(2),
        zipS.toFixed(2),
        `${result.ratio.toFixed(2)} ×`,
        `${result.package.peakRssMb.toFixed(0)} MB (start ${result.package.startRssMb.toFixed(0)})`,
        `${result.zip.peakRssMb.toFixed(1)} MB`,
      ]],
    ));
    const best = Math.min(...pkg.map((r) => r.seconds)) / Math.min(...zip.map((r) => r.seconds));
    console.log(`first package of the process (code loading, not counted): ${firstSeconds.toFixed(2)} s; best run against best run: ${best.toFixed(2)} ×`);
    console.log(`medians of ${o.runs} alternating runs; package ${result.package.zipMb.toFixed(0)} MB with thumbnails, index.html and manifest.json; goal within ${result.goal} ×: ${result.ratio <= result.goal ? 'met' : 'NOT met'}`);
    if (full) {
      console.log(`with the dossier PDF and ledger: ${full.seconds.toFixed(1)} s, ${(full.bytes / MB).toFixed(0)} MB, peak RSS ${(full.peakRss / MB).toFixed(0)} MB (one run); dossier layout passes: ${full.layoutPasses}`);
      console.log(`  extra over the plain package: ${(full.seconds - pkgS).toFixed(1)} s; exportDossier alone on the same archive: ${full.dossierAloneSeconds.toFixed(1)} s`);
    }
  } finally {
    await archive.close();
    if (!o.keep) await fs.rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--generate') {
  generatePhotos(JSON.parse(process.argv[3]) as PhotoJob).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  run(options()).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
