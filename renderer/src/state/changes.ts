// The archive changed (an edit here or in another window, an import's files as they come in, its
// end): a view reloads once the changes have stopped for a moment, not for each one.
import { bridge } from '../api/client';

/**
 * The tree, the list and an open 自查 reload this long after the last change; the 自查 asks for the
 * report the service keeps (check.run {fresh: false}), so one edit costs one self-check.
 */
export const RELOAD_DELAY = 300;

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
