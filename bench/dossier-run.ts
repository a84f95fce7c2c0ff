// The child processes of bench/dossier.ts, one per measured phase, so that each phase's peak RSS
// is its own and not what an earlier phase left behind:
//
//   node --import tsx bench/dossier-run.ts --generate <PhotoJob JSON>   photos for the pool (lib.ts)
//   node --import tsx bench/dossier-run.ts --floor @<FloorJob file>     bare sharp downscale
//   node --import tsx bench/dossier-run.ts --export <ExportJob JSON>    exportDossier of an archive
//   node --import tsx bench/dossier-run.ts --demo <DIR>                 the demo's dossier (DemoOut)
//
// --floor and --export print one line of JSON on stdout (FloorOut, ExportOut); progress goes to
// stderr. Modules are loaded per mode, so the floor's RSS holds sharp and nothing of the export.
// The pool the app's entry points set (main/threadpool.ts), for the floor and the export alike.
import '../main/threadpool';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
// Statically, so that it compiles to require('sharp'): the instance main/ gets. A dynamic
// import('sharp') would load sharp's separate ESM build, whose loading runs sharp.cache(true) and
// so silently undoes the sharp.cache(false) of main/intake/probe.ts for the whole process.
import sharp from 'sharp';
import type { PhotoJob } from './lib';

export interface FloorJob {
  /** Files in the archive's store, in print order. */
  files: string[];
  /** The box each photo is fitted into, in pixels. */
  width: number;
  height: number;
  /**
   * Indexes (into files) of the photos that open an item: they share their page with the item's
   * heading and are fitted into a box only `headedHeight` px tall.
   */
  headed: number[];
  headedHeight: number;
  quality: number;
}

export interface Snapshot {
  /** ms since the measured part began */
  t: number;
  done: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

interface Settings {
  sharpConcurrency: number;
  sharpCache: { memory: number; files: number; items: number };
}

export interface FloorOut extends Settings {
  seconds: number;
  /** Photos made at a time (one per core). */
  lanes: number;
  /** Output sizes: "WxH" → how many. */
  dims: Record<string, number>;
  pixels: number;
  jpegBytes: number;
  /** RSS when the measured part began (modules loaded). */
  startRss: number;
  /** process.resourceUsage().maxRSS at the end, in bytes. */
  maxRss: number;
  snapshots: Snapshot[];
}

export interface ExportJob {
  archive: string;
  out: string;
  /** The cover date, fixed so that runs are alike. */
  date: string;
  /** Passed to exportDossier; the default export prints them. */
  submissionForms: boolean;
}

export interface ExportOut extends Settings {
  /** Set when exportDossier threw; the time and memory figures are then those up to the throw. */
  error: { code: string | null; message: string } | null;
  seconds: number;
  /** When the layout pass (which reads no image) ended, seconds from the start. */
  layoutSeconds: number;
  pages: number;
  /** Pages that are not the items' own (cover, 目录, section pages, 提交表). */
  generated: number;
  bytes: number;
  warnings: { path: string; reason: string }[];
  startRss: number;
  maxRss: number;
  /** About 20 per pass. */
  layout: Snapshot[];
  write: Snapshot[];
}

function snapshot(t0: number, done: number): Snapshot {
  const m = process.memoryUsage();
  return { t: Math.round(performance.now() - t0), done, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

function settings(): Settings {
  const c = sharp.cache();
  return { sharpConcurrency: sharp.concurrency(), sharpCache: { memory: c.memory.max, files: c.files.max, items: c.items.max } };
}

/**
 * The work the export cannot avoid: decode each photo (JPEG shrink-on-load), turn it upright,
 * fit it into the print box and encode it — the very call of printImage() in
 * main/export/dossier/print-images.ts — on every core (as many pipelines at a time as the
 * machine has cores, each on one libvips thread as the export runs them), keeping nothing.
 */
async function floor(job: FloorJob): Promise<FloorOut> {
  // What main/intake/probe.ts sets process-wide, and so what the export runs under (it loads
  // probe.ts through main/export/pdf/embed-pdf.ts); the export child reports its settings after
  // the export and the parent compares.
  sharp.cache(false);
  sharp.concurrency(1);
  const dims: Record<string, number> = {};
  let pixels = 0;
  let jpegBytes = 0;
  const snapshots: Snapshot[] = [];
  const every = Math.max(1, Math.ceil(job.files.length / 20));
  const startRss = process.memoryUsage.rss();
  const headed = new Set(job.headed);
  const lanes = Math.max(1, availableParallelism());
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < job.files.length) {
      const i = next++;
      const { data, info } = await sharp(job.files[i], { failOn: 'error' })
        .rotate()
        .resize({ width: job.width, height: headed.has(i) ? job.headedHeight : job.height, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: job.quality, mozjpeg: false })
        .toBuffer({ resolveWithObject: true });
      const key = `${info.width}x${info.height}`;
      dims[key] = (dims[key] ?? 0) + 1;
      pixels += info.width * info.height;
      jpegBytes += data.length;
      done++;
      if (done % every === 0 || done === job.files.length) snapshots.push(snapshot(t0, done));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, lanes, dims, pixels, jpegBytes, startRss, maxRss: process.resourceUsage().maxRSS * 1024, snapshots, ...settings() };
}

async function exportOne(job: ExportJob): Promise<ExportOut> {
  const { Archive } = await import('../main/archive/archive.js');
  const { exportDossier } = await import('../main/export/dossier/dossier.js');
  const archive = await Archive.open(job.archive);
  try {
    const layout: Snapshot[] = [];
    const write: Snapshot[] = [];
    let layoutSeconds = 0;
    const startRss = process.memoryUsage.rss();
    const t0 = performance.now();
    let result: { pages: number; generated: number; bytes: number; warnings: { path: string; reason: string }[] } = { pages: 0, generated: 0, bytes: 0, warnings: [] };
    let error: ExportOut['error'] = null;
    try {
      result = await exportDossier(
        archive,
        job.out,
        { date: job.date, submissionForms: job.submissionForms },
        {
          onProgress: (p) => {
            const dry = p.phase === '排版';
            const every = Math.max(1, Math.ceil(p.total / 20));
            if (p.done % every !== 0 && p.done !== p.total) return;
            (dry ? layout : write).push(snapshot(t0, p.done));
            if (dry && p.done === p.total) layoutSeconds = (performance.now() - t0) / 1000;
            if (!dry && p.done % (every * 5) === 0) process.stderr.write(`    export: ${p.done} of ${p.total} items\n`);
          },
        },
      );
    } catch (e) {
      // Reported, not thrown: the parent shows the failure with what it cost.
      error = { code: (e as { code?: string }).code ?? null, message: e instanceof Error ? e.message : String(e) };
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      error,
      seconds,
      layoutSeconds,
      pages: result.pages,
      generated: result.generated,
      bytes: result.bytes,
      warnings: result.warnings,
      startRss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      layout,
      write,
      ...settings(),
    };
  } finally {
    await archive.close();
  }
}

export interface DemoOut {
  pages: number;
  generated: number;
  seconds: number;
}

/** The demo archive built and exported as `taizhang demo` does; its dossier's pages. */
async function demo(dir: string): Promise<DemoOut> {
  const { runDemo } = await import('../main/demo/demo.js');
  const t0 = performance.now();
  const r = await runDemo(dir);
  return { pages: r.dossier.pages, generated: r.dossier.generated, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2);
  if (mode === '--demo' && json) {
    process.stdout.write(`${JSON.stringify(await demo(json))}\n`);
    return;
  }
  if (json == null) throw new Error('usage: dossier-run.ts --generate|--floor|--export <JSON>');
  // @FILE: the job is in a file (a list of 2,000 paths is longer than one argument may be).
  const job: unknown = JSON.parse(json.startsWith('@') ? await readFile(json.slice(1), 'utf8') : json);
  if (mode === '--generate') return (await import('./lib.js')).generatePhotos(job as PhotoJob);
  const out = mode === '--floor' ? await floor(job as FloorJob) : mode === '--export' ? await exportOne(job as ExportJob) : null;
  if (!out) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`dossier-run ${process.argv[2] ?? ''} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
