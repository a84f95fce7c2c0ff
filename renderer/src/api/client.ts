// The renderer's one way to the main process: window.taizhang when the Electron preload put it
// there, else the web-mode bridge. Calls return the value or throw an ApiError with the
// service's Chinese message, ready to show.
import type { ApiMethod, ArgsOf, Bridge, ResultOf } from '../../../shared/api';
import type { ErrorCode } from '../../../shared/errors';
import { webBridge } from './web-bridge';

declare global {
  interface Window {
    taizhang?: Bridge;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const bridge: Bridge = window.taizhang ?? webBridge();
export const isDesktop = window.taizhang != null;

export async function call<M extends ApiMethod>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const r = await bridge.call(method, args);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.value;
}

/** The message to show for anything a call threw: the service's words, or a plain fallback. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) return e.message;
  return '操作没有完成，请重试；如果反复出现，请重新启动软件。';
}
