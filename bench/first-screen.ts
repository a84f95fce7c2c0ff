// What the interface asks for when an archive opens — the indicator tree with statuses and the
// item list — timed on an archive of N items (default 10,000: the issue's "first screen within a
// second"). Items are written straight into SQLite (test/helpers/large-archive.ts, which the
// 10,000-item browser test shares) so that the benchmark measures reading, not intake. coldScreen
// opens the archive and asks at once (the self-check computed on opening is still running);
// warmScreen asks again once it is ready. The floor in the same run is a bare scan over items
// joined with files, so the ratios read across machines.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createApi } from '../main/api/api';
import { sql } from '../main/archive/db';
import { Archive } from '../main/archive/archive';
import { buildLargeArchive } from '../test/helpers/large-archive';
import { median, parseArgs } from './lib';

const args = parseArgs(process.argv.slice(2), { values: ['items', 'runs'], flags: [] });
const N = Number(args.get('items') ?? 10_000);
const RUNS = Number(args.get('runs') ?? 5);

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tz-bench-screen-'));
  const archiveDir = path.join(dir, 'archive');
  try {
    const t0 = performance.now();
    await buildLargeArchive(archiveDir, N);
    console.log(`archive: ${N} items, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const api = createApi({ stateDir: path.join(dir, 'state'), desktop: null, version: 'bench' });
    const open = await time(() => api.open(archiveDir));
    const raw = await Archive.open(archiveDir);
    const rows: Record<string, number[]> = { floor: [], selfCheck: [], coldScreen: [], tree: [], listAll: [], listLeaf: [], warmScreen: [] };
    const leaf = ((await api.call('indicators.tree', {})) as { value: { nodes: { code: string; items: number }[] } }).value.nodes.find((n) => n.items > 0)!.code;
    for (let r = 0; r < RUNS; r++) {
      rows.floor.push(await time(() => raw.db.all(sql`SELECT i.id, count(f.id) AS n FROM items i JOIN files f ON f.item_id = i.id GROUP BY i.id`)));
      // Cold: the archive just opened, its self-check still running (the tree waits for it).
      rows.coldScreen.push(await time(async () => {
        await api.open(archiveDir);
        await Promise.all([api.call('session.state', {}), api.call('indicators.tree', {}), api.call('items.list', {})]);
      }));
      rows.selfCheck.push(await time(() => api.call('check.run', {})));
      rows.tree.push(await time(() => api.call('indicators.tree', {})));
      rows.listAll.push(await time(() => api.call('items.list', {})));
      rows.listLeaf.push(await time(() => api.call('items.list', { indicator: leaf })));
      rows.warmScreen.push(await time(() => Promise.all([api.call('session.state', {}), api.call('indicators.tree', {}), api.call('items.list', {})])));
    }
    const floor = median(rows.floor);
    console.log(`open archive: ${open.toFixed(0)} ms`);
    for (const [name, xs] of Object.entries(rows)) {
      console.log(`${name.padEnd(12)} median ${median(xs).toFixed(0).padStart(5)} ms  (${(median(xs) / floor).toFixed(1)}× floor)`);
    }
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    await raw.close();
    await api.close();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main();
