import fs from 'node:fs';
import path from 'node:path';
import type { JobOptions } from '../../main/jobs/cancel';

/**
 * Starts an export once per phase and cancels it as that phase reports progress: each run must
 * fail with CANCELLED and leave nothing in `dir` (no file, no part file).
 */
export async function expectCancelledAtEveryPhase(
  dir: string,
  ext: string,
  phases: string[],
  start: (out: string, job: JobOptions) => Promise<unknown>,
): Promise<void> {
  for (const phase of phases) {
    const ac = new AbortController();
    const out = path.join(dir, `cancelled-${phase}.${ext}`);
    const p = start(out, { signal: ac.signal, onProgress: (pr) => { if (pr.phase === phase) ac.abort(); } });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(dir).filter((n) => n.includes('cancelled'))).toEqual([]);
  }
}
