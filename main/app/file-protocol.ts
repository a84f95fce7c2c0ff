// taizhang-file://archive/<rel>: stored files and thumbnails of the open archive, for <img> and
// previews in the renderer. Only the names the API hands out are served (storedPath decides:
// files/ab/<sha256>, thumbs/ab/<sha256>.jpg) and only once links are followed inside the archive
// (realStoredPath); everything else is 403 or 404. The renderer never sees a file:// URL.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { FILE_SCHEME } from '../../shared/api';
import { realStoredPath, storedFileHeaders, storedPath } from '../api/stored-path';
import { FILE_HOST } from './channels';

/** What the protocol needs of main/api (createApi's Api fits it). */
export interface FileSource {
  archiveDir(): string | null;
  mimeOf(rel: string): Promise<string | null>;
}

export interface RequestLike {
  readonly url: string;
  readonly method: string;
}

function refuse(status: 400 | 403 | 404 | 405): Response {
  return new Response(null, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The relative name asked for, still percent-encoded as in the URL, or a refusal. */
export function relFromUrl(raw: string): string | 403 {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 403;
  }
  if (url.protocol !== `${FILE_SCHEME}:` || url.host !== FILE_HOST || url.username || url.password) return 403;
  if (!url.pathname.startsWith('/')) return 403;
  return url.pathname.slice(1);
}

export function fileProtocolHandler(source: FileSource): (request: RequestLike) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const rel = relFromUrl(request.url);
    if (rel === 403) return refuse(403);
    const dir = source.archiveDir();
    if (!dir) return refuse(404);
    if (!storedPath(dir, rel)) return refuse(403);
    const abs = await realStoredPath(dir, rel);
    if (!abs) return refuse(404);
    let size: number;
    try {
      const st = await fs.promises.stat(abs);
      if (!st.isFile()) return refuse(404);
      size = st.size;
    } catch {
      return refuse(404);
    }
    const type = (await source.mimeOf(decodeURIComponent(rel)).catch(() => null)) ?? 'application/octet-stream';
    const headers = storedFileHeaders(type, size);
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(fs.createReadStream(abs)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}
