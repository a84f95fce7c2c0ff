// The bridge in web mode: the same contract as the Electron preload, over HTTP to main/web.
// One clerk on 127.0.0.1: the token comes from the address the server printed (?t=…). On the LAN
// (taizhang serve --lan) the signed-in session's cookie goes by itself, and the header carries
// the session's CSRF token, which the server set in the tz_csrf_<port> cookie at sign-in.
import type { ApiEvent, Bridge, DroppedFile } from '../../../shared/api';
import type { Result } from '../../../shared/errors';

const TOKEN_KEY = 'taizhang-token';
const CONNECTION_LOST = '与本机服务的连接断开了。请确认 npm run web 仍在运行，然后刷新页面。';

/** How far an upload is: files done of all, bytes sent of all. */
export interface UploadProgress {
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
}

/** Where the uploaded files landed, and the files the service refused, with its message. */
export interface UploadOutcome {
  roots: string[];
  skipped: { path: string; message: string }[];
}

/** `purpose: 'indicators'`: an indicator table, held to the server's smaller table limit. */
export interface UploadOptions {
  onProgress?(p: UploadProgress): void;
  signal?: AbortSignal;
  purpose?: 'evidence' | 'indicators';
}

/** The web bridge: the Bridge, and an upload that reports progress and goes on past a refused file. */
export interface WebBridge extends Bridge {
  upload(
    files: readonly DroppedFile[],
    relativePaths: readonly string[] | undefined,
    opts?: UploadOptions,
  ): Promise<UploadOutcome>;
}

/** One file to /upload with XMLHttpRequest (fetch cannot tell how much of the body has gone). */
function send(url: string, token: string, body: Blob, onBytes: (n: number) => void, signal?: AbortSignal): Promise<{ status: number; answer: Result<{ root: string }> | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('X-Taizhang-Token', token);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      let answer: Result<{ root: string }> | null = null;
      try {
        answer = JSON.parse(xhr.responseText) as Result<{ root: string }>;
      } catch {
        /* not JSON: a plain-text refusal */
      }
      resolve({ status: xhr.status, answer });
    };
    xhr.onerror = () => reject(new Error(CONNECTION_LOST));
    xhr.onabort = () => reject(new DOMException('上传已取消。', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    if (signal?.aborted) xhr.abort();
    else xhr.send(body);
  });
}

/**
 * The token stays in the address (?t=…) so that reloading the page works: the server refuses
 * every request without it, the page itself included. It is also kept for the tab, for the
 * case where someone navigates inside the app without it.
 */
function takeToken(): string {
  const fromUrl = new URL(window.location.href).searchParams.get('t');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The LAN session's CSRF token (read each time: signing in again in another tab changes it), or null. */
function csrfCookie(): string | null {
  // Named by the port, as the server names it (main/web/lan-gate.ts).
  const name = `tz_csrf_${window.location.port}=`;
  const found = document.cookie.split(/;\s*/).find((c) => c.startsWith(name));
  return found ? decodeURIComponent(found.slice(name.length)) : null;
}

/** On the LAN, a request answered 401 means the session has ended: to the sign-in page, and back here after. */
function toSignIn(): void {
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

/** LAN: ends the session (退出登录) and goes to the sign-in page. */
export async function signOut(): Promise<void> {
  await fetch('/logout', { method: 'POST', headers: { 'X-Taizhang-Token': csrfCookie() ?? '' }, redirect: 'manual' }).catch(() => undefined);
  window.location.assign('/login');
}

export function webBridge(): WebBridge {
  const given = takeToken();
  // The one-clerk token when the address gave one (a LAN server on another port of the same host
  // may have left its cookie here: cookies do not tell ports apart), else the LAN session's.
  const token = () => given || (csrfCookie() ?? '');
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | null = null;
  const q = (extra = '') => `t=${encodeURIComponent(given)}${extra}`;

  const connect = () => {
    if (source) return;
    source = new EventSource(`/events?${q()}`);
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as ApiEvent;
      for (const l of listeners) l(event);
    };
  };

  const alive = () =>
    fetch('/api/session.state', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': token() }, body: '{}' }).then(
      (r) => r.ok,
      () => false,
    );

  const upload: WebBridge['upload'] = async (files, relativePaths, opts = {}) => {
    // One batch folder per drop keeps the dropped folder names, which the import maps to indicators.
    const batch = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const roots = new Set<string>();
    const skipped: UploadOutcome['skipped'] = [];
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    let sent = 0;
    const report = (done: number, bytes: number) => opts.onProgress?.({ done, total: files.length, bytes, totalBytes });
    report(0, 0);
    for (let i = 0; i < files.length; i++) {
      const rel = relativePaths?.[i] || files[i].name;
      const url = `/upload?${q(`&batch=${batch}&path=${encodeURIComponent(rel)}${opts.purpose === 'indicators' ? '&purpose=indicators' : ''}`)}`;
      let reply: Awaited<ReturnType<typeof send>>;
      try {
        reply = await send(url, token(), files[i] as unknown as Blob, (n) => report(i, sent + n), opts.signal);
      } catch (e) {
        // The connection broke on this file (a server that refuses a large file before reading it
        // may close it): go on if the service still answers, else stop.
        if (opts.signal?.aborted || !(await alive())) throw e;
        reply = { status: 0, answer: { ok: false, error: { code: 'INTERNAL', message: '上传这个文件时连接中断了，本机服务没有收下它。' } } };
      }
      const { status, answer } = reply;
      if (status === 401) {
        toSignIn();
        throw new Error('登录已过期，请重新登录。');
      }
      if (answer?.ok) roots.add(answer.value.root);
      // Without the token nothing will go: stop. A file refused (its name, its size): skip it, go on.
      else if (status === 403) throw new Error(answer?.error.message ?? '访问被拒绝：请使用启动 npm run web 时显示的完整地址。');
      else skipped.push({ path: rel, message: answer?.error.message ?? `本机服务没有收下这个文件（${status}）。` });
      sent += files[i].size;
      report(i + 1, sent);
    }
    return { roots: [...roots], skipped };
  };

  return {
    async call(method, args) {
      try {
        const res = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': token() },
          body: JSON.stringify(args),
        });
        if (res.status === 401) toSignIn();
        return (await res.json()) as Result<never>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: CONNECTION_LOST } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
    fileUrl(rel) {
      return `/archive/${rel.split('/').map(encodeURIComponent).join('/')}?${q()}`;
    },
    upload,
    async dropPaths(files: readonly DroppedFile[], relativePaths?: readonly string[]) {
      const { roots, skipped } = await upload(files, relativePaths);
      if (roots.length === 0 && skipped.length > 0) throw new Error(skipped[0].message);
      return roots;
    },
    downloadUrl(jobId) {
      return `/download/${encodeURIComponent(jobId)}?${q()}`;
    },
  };
}
