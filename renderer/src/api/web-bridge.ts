// The bridge in web mode: the same contract as the Electron preload, over HTTP to main/web on
// 127.0.0.1. The token comes from the address the server printed (?t=…).
import type { ApiEvent, Bridge, DroppedFile } from '../../../shared/api';
import type { Result } from '../../../shared/errors';

const TOKEN_KEY = 'taizhang-token';

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

export function webBridge(): Bridge {
  const token = takeToken();
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | null = null;
  const q = (extra = '') => `t=${encodeURIComponent(token)}${extra}`;

  const connect = () => {
    if (source) return;
    source = new EventSource(`/events?${q()}`);
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as ApiEvent;
      for (const l of listeners) l(event);
    };
  };

  return {
    async call(method, args) {
      try {
        const res = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Taizhang-Token': token },
          body: JSON.stringify(args),
        });
        return (await res.json()) as Result<never>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: '与本机服务的连接断开了。请确认 npm run web 仍在运行，然后刷新页面。' } };
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
    async dropPaths(files: readonly DroppedFile[], relativePaths?: readonly string[]) {
      // One batch folder per drop keeps the dropped folder names, which the import maps to indicators.
      const batch = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const roots = new Set<string>();
      for (let i = 0; i < files.length; i++) {
        const rel = relativePaths?.[i] || files[i].name;
        const res = await fetch(`/upload?${q(`&batch=${batch}&path=${encodeURIComponent(rel)}`)}`, {
          method: 'POST',
          headers: { 'X-Taizhang-Token': token },
          body: files[i] as unknown as Blob,
        });
        const body = (await res.json()) as Result<{ root: string }>;
        if (!body.ok) throw new Error(body.error.message);
        roots.add(body.value.root);
      }
      return [...roots];
    },
    downloadUrl(jobId) {
      return `/download/${encodeURIComponent(jobId)}?${q()}`;
    },
  };
}
