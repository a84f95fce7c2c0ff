// app://taizhang/<path>: the built interface (build/renderer), read from inside the app (asar in a
// packaged app, which Electron's fs reads transparently). Every response carries the CSP. Only
// files under the renderer folder are served; "/" is index.html.
import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './channels';
import type { RequestLike } from './file-protocol';
import { CONTENT_SECURITY_POLICY } from './window';
import { INTERFACE_TYPES } from '../api/page-policy';


/** The file under `root` that `raw` names, or null when it names nothing we serve. */
export function rendererFile(root: string, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  // After one decoding: no second layer of encoding, no backslash, no NUL, no dot segment.
  if (/[%\\\0]/.test(rel) || rel.split('/').some((s) => s === '.' || s === '..')) return null;
  const base = path.resolve(root);
  const abs = path.resolve(base, ...rel.split('/').filter(Boolean));
  return abs.startsWith(base + path.sep) && INTERFACE_TYPES[path.extname(abs).toLowerCase()] ? abs : null;
}

export function appProtocolHandler(root: string, readFile: (p: string) => Promise<Buffer> = fs.promises.readFile): (request: RequestLike) => Promise<Response> {
  return async (request) => {
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers });
    const abs = rendererFile(root, request.url);
    if (!abs) return new Response(null, { status: 404, headers });
    let body: Buffer;
    try {
      body = await readFile(abs);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    const type = INTERFACE_TYPES[path.extname(abs).toLowerCase()];
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  };
}
