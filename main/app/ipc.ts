// The IPC door: one channel, checked twice. The shell checks who is asking — the main frame of
// one of our windows, showing our own page — and the Api checks what is asked (the method name
// and its arguments against the schemas of shared/api.ts) before a service runs. Replies are
// always a Result; nothing is thrown across the bridge.
import type { ApiEvent } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { APP_ORIGIN, CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import type { InvokeEventLike, IpcMainLike, WebContentsLike } from './electron-api';

/** What the IPC door needs of main/api (createApi's Api fits it). */
export interface ApiDoor {
  call(method: unknown, args: unknown): Promise<Result<unknown>>;
  onEvent(listener: (e: ApiEvent) => void): () => void;
}

/** Why a message is refused, or null when it comes from the main frame of our page in one of our windows. */
export function senderProblem(event: InvokeEventLike, isOurWindow: (webContentsId: number) => boolean): string | null {
  if (!isOurWindow(event.sender.id)) return 'not one of our windows';
  const frame = event.senderFrame;
  if (!frame) return 'the frame is gone';
  if (frame.parent !== null) return 'not the main frame';
  // Chromium hands over canonical URLs (scheme and host lower case), so a prefix test is exact:
  // app://taizhang/… and nothing else — not app://taizhang.evil/, not app://taizhang@host/.
  const own = frame.url.startsWith(`${APP_ORIGIN}/`);
  return own ? null : `foreign page ${JSON.stringify(frame.url.slice(0, 200))}`;
}

const REFUSED: Result<never> = { ok: false, error: { code: 'BAD_INPUT', message: '请求被拒绝：它不是来自本程序的窗口。' } };

/** One call from the renderer: sender check, then the Api (which validates and never throws). */
export async function handleCall(
  api: ApiDoor,
  isOurWindow: (webContentsId: number) => boolean,
  event: InvokeEventLike,
  args: unknown[],
): Promise<Result<unknown>> {
  const problem = senderProblem(event, isOurWindow);
  if (problem) {
    console.warn(`taizhang: IPC refused (${problem})`);
    return REFUSED;
  }
  if (args.length !== 2) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `请求格式不正确：应为方法名和一个参数对象（收到 ${args.length} 项）。` } };
  }
  try {
    return await api.call(args[0], args[1]);
  } catch (e) {
    // The Api promises not to throw; if it does anyway the renderer still gets a Result.
    console.error('taizhang: api.call threw', e);
    return { ok: false, error: { code: 'INTERNAL', message: '操作没有完成，请重试；如果反复出现，请重新启动软件。' } };
  }
}

export function registerIpc(ipc: IpcMainLike, api: ApiDoor, isOurWindow: (webContentsId: number) => boolean): void {
  ipc.handle(CALL_CHANNEL, (event, ...args) => handleCall(api, isOurWindow, event, args));
}

/** Sends every Api event (job progress, changes) to the windows; returns the function that stops it. */
export function forwardEvents(api: ApiDoor, windows: () => readonly WebContentsLike[]): () => void {
  return api.onEvent((e) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, e);
  });
}
