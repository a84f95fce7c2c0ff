// The background reader (文字识别) as this page knows it: fed by the service's 'text' events, by
// text.status when the workspace opens and by a slow poll while it runs (a dropped connection
// loses events). The files it finishes reach the list and the editor through the service's
// 'changed' events, like any other change.
import type { TextProgress } from '../../../shared/text-types';
import { bridge, call } from '../api/client';
import { failed, mayEdit } from './app-state';
import { createStore } from './store';

/** 全部重新识别 asked for (from the top bar or 项目设置): its confirmation is shown. */
export const rereadAsked = createStore<{ open: boolean }>({ open: false });

/** null until the service answered (or when it cannot read text at all). */
export const reading = createStore<{ progress: TextProgress | null }>({ progress: null });

function note(progress: TextProgress): void {
  reading.set({ progress });
  pollWhileRunning();
}

let poll: ReturnType<typeof setInterval> | null = null;

function pollWhileRunning(): void {
  const running = reading.get().progress?.state === 'running';
  if (running && !poll) poll = setInterval(() => void call('text.status', {}).then(note, () => undefined), 3000);
  else if (!running && poll) {
    clearInterval(poll);
    poll = null;
  }
}

/** Listens to the reader's events; called once by the workspace. Returns the unsubscribe function. */
export function watchReading(): () => void {
  reading.set({ progress: null });
  const stop = bridge.onEvent((e) => {
    if (e.type === 'text') note(e.progress);
  });
  // A service without the reader answers with an error: the top bar then shows nothing.
  refreshReading();
  return () => {
    stop();
    if (poll) clearInterval(poll);
    poll = null;
  };
}

/** Asks where the reader stands (another archive was opened in the same window). */
export function refreshReading(): void {
  void call('text.status', {}).then(note, () => reading.set({ progress: null }));
}

/** 继续 (or 全部重新识别 with force): the reader starts on what waits. */
export async function startReading(force = false): Promise<void> {
  if (!mayEdit()) return;
  try {
    note(await call('text.start', force ? { force: true } : {}));
  } catch (e) {
    failed(e);
  }
}

/** 暂停: the page being read is finished, then the reader waits for 继续. */
export async function pauseReading(): Promise<void> {
  try {
    note(await call('text.pause', {}));
  } catch (e) {
    failed(e);
  }
}
