import { TaizhangError } from '../../shared/errors';
import type { ProgressFn } from '../../shared/jobs';

export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Throws the app's own CANCELLED error when the clerk pressed cancel. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TaizhangError('CANCELLED', '操作已取消。');
}

/** Runs fn over items with at most `limit` running at once; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
