// The archive changed (an edit here or in another window, an import's files as they come in, its
// end): a view reloads once the changes have stopped for a moment, not for each one.
import { bridge } from '../api/client';

/**
 * The tree and list reload this long after the last change. An open 自查 runs its fresh check a
 * little sooner (RECHECK_DELAY): the service then builds the tree from that same report instead of
 * computing a second one.
 */
export const RELOAD_DELAY = 300;
export const RECHECK_DELAY = 250;

/** Calls `fn` `delayMs` after the last `changed` event of a burst. Returns the unsubscribe function. */
export function onArchiveChanged(fn: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = bridge.onEvent((e) => {
    if (e.type !== 'changed') return;
    clearTimeout(timer);
    timer = setTimeout(fn, delayMs);
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}
