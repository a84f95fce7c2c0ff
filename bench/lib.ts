// Small helpers shared by the benchmarks in bench/: argument parsing, statistics, memory
// sampling and a plain-text table. Nothing here touches the archive.
import os from 'node:os';

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
