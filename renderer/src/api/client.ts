// The renderer's one way to the main process: window.taizhang when the Electron preload put it
// there, else the web-mode bridge. Calls return the value or throw an ApiError with the
// service's Chinese message, ready to show.
import type { ApiMethod, ArgsOf, Bridge, DroppedFile, ResultOf } from '../../../shared/api';
import type { ErrorCode } from '../../../shared/errors';
import { signOut, webBridge, type UploadOptions, type UploadOutcome, type UploadProgress } from './web-bridge';

export { signOut };

export type { UploadOutcome, UploadProgress };

declare global {
  interface Window {
    taizhang?: Bridge;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The argument at fault (patch.title …), when the service names one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const web = window.taizhang ? null : webBridge();
export const bridge: Bridge = window.taizhang ?? web!;
export const isDesktop = window.taizhang != null;

/**
 * Hands dropped or chosen files to the service. Web mode uploads them with progress, skipping the
 * files the service refuses; the desktop passes the real paths (nothing to upload, nothing refused).
 */
export async function uploadFiles(
  files: readonly DroppedFile[],
  relativePaths: readonly string[] | undefined,
  opts: UploadOptions = {},
): Promise<UploadOutcome> {
  if (!web) return { roots: await bridge.dropPaths(files, relativePaths), skipped: [] };
  return web.upload(files, relativePaths, opts);
}

export async function call<M extends ApiMethod>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const r = await bridge.call(method, args);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.field);
  return r.value;
}

/** The message to show for anything a call threw: the service's words, or a plain fallback. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) return e.message;
  return '操作没有完成，请重试；如果反复出现，请重新启动软件。';
}
