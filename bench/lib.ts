// Small helpers shared by the benchmarks in bench/: argument parsing, statistics, memory
// sampling and a plain-text table. Nothing here touches the archive.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeJpeg } from '../main/demo/sample-files';

/** `--name value`, `--name=value` and bare `--flag`; anything else is an error. */
export function parseArgs(argv: string[], known: { values: string[]; flags: string[] }): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument: ${a}`);
    const [, name, inline] = m;
    if (known.flags.includes(name)) {
      if (inline != null) throw new Error(`--${name} takes no value`);
      out.set(name, true);
    } else if (known.values.includes(name)) {
      const v = inline ?? argv[++i];
      if (v == null || v.startsWith('--')) throw new Error(`--${name} needs a value`);
      out.set(name, v);
    } else {
      throw new Error(`unknown option --${name} (known: ${[...known.values, ...known.flags].map((k) => `--${k}`).join(' ')})`);
    }
  }
  return out;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const MB = 1024 * 1024;

/**
 * Samples process.memoryUsage().rss every `everyMs` while a phase runs and keeps the maximum.
 * The timer runs on the main thread, so a long synchronous stretch delays a sample; the first
 * and last samples are taken explicitly so a phase always has at least two.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private peak = 0;
  private samples = 0;
  readonly startRss: number;

  constructor(private readonly everyMs = 50) {
    this.startRss = this.sample();
  }

  private sample(): number {
    const rss = process.memoryUsage.rss();
    this.samples++;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }

  start(): this {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  stop(): { peak: number; start: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return { peak: this.peak, start: this.startRss, samples: this.samples };
  }
}

/** Runs fn while sampling RSS; returns its result, the wall time in seconds and the RSS peak. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number; startRss: number }> {
  const sampler = new RssSampler().start();
  const t0 = performance.now();
  let seconds = 0;
  let rss = { peak: 0, start: 0 };
  const result = await fn().finally(() => {
    seconds = (performance.now() - t0) / 1000;
    rss = sampler.stop();
  });
  return { result, seconds, peakRss: rss.peak, startRss: rss.start };
}

export function machine(): { cpus: number; cpuModel: string; node: string; platform: string; totalMemMb: number } {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemMb: Math.round(os.totalmem() / MB),
  };
}

/** A left-aligned first column, the rest right-aligned; widths from the widest cell. */
export function table(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Progress for the person waiting; stderr, so stdout stays clean for --json. */
export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

// ---------------------------------------------------------------------------------------------
// Photos shared by the benchmarks that need a clerk's folder of phone photos. The plan (seeds,
// names, EXIF times, every fourth one stored sideways with Orientation 6) and the pool layout
// (DIR/photos/WxH/00001.jpg) are those of bench/intake.ts, so a --keep folder serves both.

/** Parses `WxH` (e.g. 4032x3024). */
export function parseSize(s: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/i.exec(s.trim());
  if (!m || +m[1] < 16 || +m[2] < 16) throw new Error(`--size wants WxH, e.g. 4032x3024, not ${s}`);
  return { width: +m[1], height: +m[2] };
}

/** Parses `100,500,2000` (underscores allowed: 2_000). */
export function parseCounts(s: string, flag = '--photos'): number[] {
  const xs = s
    .split(',')
    .map((x) => x.trim().replace(/_/g, ''))
    .filter(Boolean)
    .map(Number);
  if (!xs.length || xs.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} wants positive whole numbers, e.g. 100,500`);
  return xs;
}

/** Meeting m (0-based): a Wednesday a week after the previous one, from 2023-01-04. */
export function meetingDate(m: number): { iso: string; exif: string; compact: string } {
  const d = new Date(Date.UTC(2023, 0, 4 + 7 * m));
  const iso = d.toISOString().slice(0, 10);
  return { iso, exif: iso.replace(/-/g, ':'), compact: iso.replace(/-/g, '') };
}

export interface PlannedPhoto {
  seed: number;
  /** 0-based meeting the photo belongs to: photos perMeeting at a time. */
  meeting: number;
  /** Name in the meeting folder, as a phone names it. */
  name: string;
  exifTime: string;
  orientation?: number;
}

export function photoPlan(count: number, perMeeting = 5): PlannedPhoto[] {
  return Array.from({ length: count }, (_, i) => {
    const meeting = Math.floor(i / perMeeting);
    const k = i % perMeeting;
    const d = meetingDate(meeting);
    const time = `09:${String(30 + k * 3).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
    return {
      seed: i + 1,
      meeting,
      name: `IMG_${d.compact}_${time.replace(/:/g, '')}.jpg`,
      exifTime: `${d.exif} ${time}`,
      orientation: i % 4 === 3 ? 6 : undefined,
    };
  });
}

export interface PoolPhoto extends PlannedPhoto {
  /** The generated file, in the pool; link it where it is needed. */
  file: string;
}

export interface PhotoJob {
  dir: string;
  width: number;
  height: number;
  count: number;
  perMeeting: number;
  indices: number[];
}

/**
 * The pool of `count` photos in ROOT/photos/WxH, generating what is missing (none, when a kept
 * folder already has them). The drawing is plain JavaScript, so it runs in two child processes,
 * one per core, which also keeps the 36 MB pixel buffers out of the caller's RSS: each runs
 * `node --import tsx <workerScript> --generate <job>`, and the script must hand that job to
 * generatePhotos(). Generation is not something to measure; the time is logged.
 */
export async function photoPool(
  root: string,
  count: number,
  size: { width: number; height: number },
  workerScript: string,
  perMeeting = 5,
): Promise<PoolPhoto[]> {
  const dir = path.join(root, 'photos', `${size.width}x${size.height}`);
  await fs.mkdir(dir, { recursive: true });
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!(await fs.stat(poolFile(dir, i)).then((s) => s.size > 0, () => false))) missing.push(i);
  const t0 = performance.now();
  if (missing.length) {
    log(`generating ${missing.length} photos of ${size.width}×${size.height} in ${dir} (not measured)…`);
    const workers = Math.max(1, Math.min(2, missing.length));
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const job: PhotoJob = { dir, ...size, count, perMeeting, indices: missing.filter((_, k) => k % workers === w) };
        return runTsx(workerScript, ['--generate', JSON.stringify(job)]);
      }),
    );
    log(`generated ${missing.length} photos in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } else {
    log(`reusing ${count} photos in ${dir}`);
  }
  return photoPlan(count, perMeeting).map((p, i) => ({ ...p, file: poolFile(dir, i) }));
}

function poolFile(dir: string, i: number): string {
  return path.join(dir, `${String(i + 1).padStart(5, '0')}.jpg`);
}

/** Worker side of photoPool: writes the photos of `job.indices`, two at a time so encoding overlaps drawing. */
export async function generatePhotos(job: PhotoJob): Promise<void> {
  const plan = photoPlan(job.count, job.perMeeting);
  let made = 0;
  let next = 0;
  const worker = async () => {
    while (next < job.indices.length) {
      const i = job.indices[next++];
      const p = plan[i];
      const file = poolFile(job.dir, i);
      const tmp = `${file}.part`;
      await makeJpeg(tmp, { width: job.width, height: job.height, seed: p.seed, exifTime: p.exifTime, offset: '+08:00', orientation: p.orientation });
      await fs.rename(tmp, file);
      if (++made % 100 === 0) log(`  generated ${made} of ${job.indices.length} photos in worker ${process.pid}…`);
    }
  };
  await Promise.all([worker(), worker()]);
}

/** `node --import tsx script ...args` from the repository root, stdio inherited; rejects unless it exits 0. */
function runTsx(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(script)} ${args[0] ?? ''} exited with ${signal ?? code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring a child process from outside

/** VmRSS of a live process in bytes (Linux /proc); null when it is gone or /proc is not there. */
export function vmRss(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] * 1024 : null;
  } catch {
    return null;
  }
}

export interface ChildRun {
  /** Everything the child wrote to stdout. */
  stdout: string;
  /** Wall time from spawn to exit, seconds (includes start-up). */
  wallSeconds: number;
  /** Highest VmRSS seen by sampling /proc every `everyMs` (0 when /proc is not available). */
  sampledPeakRss: number;
  /** [ms since spawn, VmRSS bytes] for every sample. */
  samples: [number, number][];
}

/**
 * Runs `node [nodeArgs] --import tsx script ...args` from the repository root, its stderr passed
 * through, its stdout collected, while VmRSS is sampled every `everyMs`. Rejects unless it exits 0.
 * A sampler outside the process sees what a task manager would see, whatever the child's event
 * loop is doing; a short spike between two samples escapes it (the child's own maxRSS does not).
 */
export function runMeasuredChild(script: string, args: string[], opts: { nodeArgs?: string[]; everyMs?: number } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
      cwd: path.resolve(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const samples: [number, number][] = [];
    let peak = 0;
    const sample = () => {
      const rss = child.pid != null ? vmRss(child.pid) : null;
      if (rss == null) return;
      samples.push([Math.round(performance.now() - t0), rss]);
      if (rss > peak) peak = rss;
    };
    const timer = setInterval(sample, opts.everyMs ?? 100);
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code !== 0) {
        reject(new Error(`${path.basename(script)} ${args[0] ?? ''} exited with ${signal ?? code}${stdout ? `; stdout: ${stdout.slice(-500)}` : ''}`));
        return;
      }
      resolve({ stdout, wallSeconds: (performance.now() - t0) / 1000, sampledPeakRss: peak, samples });
    });
  });
}
