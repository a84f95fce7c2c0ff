// Web mode: the same renderer and the same API over HTTP, for browsers and end-to-end tests.
// It listens on 127.0.0.1 only and every request must carry the random token printed at start
// (in the address for pages, images and events; in a header for API calls, so a page from
// another site cannot call the API through the browser). The Host header must be ours too,
// which stops DNS-rebinding pages. No business logic here: api.call does the work.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { Api } from '../api/api';
import { realStoredPath, storedFileHeaders } from '../api/stored-path';
import { INTERFACE_TYPES, REFERRER_POLICY, interfaceCsp } from '../api/page-policy';
import { checkUploadPath, uploadBatchOf } from './upload-path';
import { UploadBatches, declaredTooLarge, receiveUpload, type UploadOutcome, type UploadPurpose } from './upload';
import type { Result } from '../../shared/errors';

export interface WebServerOptions {
  api: Api;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Where uploads are staged before they are imported. */
  uploadDir?: string;
}

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_JSON = 1024 * 1024;
const TYPES: Record<string, string> = { ...INTERFACE_TYPES, '.pdf': 'application/pdf', '.zip': 'application/zip', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
// Stored files and previews come from this same server.
const CSP = interfaceCsp("'self'");

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
const sendJson = (res: http.ServerResponse, status: number, body: Result<unknown>) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
const refuse = (res: http.ServerResponse, status: number, message: string) =>
  sendJson(res, status, { ok: false, error: { code: 'BAD_INPUT', message } });

/**
 * Answers an upload refused while its body may still be coming. The socket is not closed at
 * once — closing with unread bytes resets the connection and the client would lose the answer —
 * but the rest is read and dropped for a moment only: the body may never end (/dev/zero).
 */
function refuseUpload(req: http.IncomingMessage, res: http.ServerResponse, outcome: Exclude<UploadOutcome, { ok: true }>): void {
  if ('gone' in outcome) return void req.destroy();
  res.setHeader('Connection', 'close');
  sendJson(res, outcome.status, { ok: false, error: { code: outcome.code, message: outcome.message } });
  if (req.complete) return;
  const stop = setTimeout(() => req.destroy(), DRAIN_MS);
  req.once('end', () => clearTimeout(stop));
  req.once('close', () => clearTimeout(stop));
  req.resume();
}
const DRAIN_MS = 1000;
// A batch nothing has written to or imported for this long was abandoned (upload cancelled).
const BATCH_IDLE_MS = 60 * 60 * 1000;

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_JSON) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const uploadRoot = opts.uploadDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-upload-')));
  const staticRoot = path.resolve(opts.staticDir);
  const events = new Set<http.ServerResponse>();
  const batches = new UploadBatches(BATCH_IDLE_MS);
  const sweeper = setInterval(() => void batches.sweep().catch(() => undefined), BATCH_IDLE_MS / 6);
  sweeper.unref();
  const stop = opts.api.onEvent((e) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of events) res.write(line);
    // Uploaded files are copies: once their import has ended they are in the archive (or were
    // refused and reported), so the batch folder goes.
    if (e.type === 'job' && e.job.kind === 'import') {
      for (const p of e.job.inputs) {
        const batch = uploadBatchOf(uploadRoot, p);
        if (!batch) continue;
        if (e.job.state === 'running') batches.setImporting(batch, true);
        else void batches.remove(batch).catch(() => undefined);
      }
    }
  });
  let port = 0;

  const tokenOk = (given: string | null | undefined) => {
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };

  const serveStatic = async (res: http.ServerResponse, urlPath: string) => {
    const rel = urlPath === '/' ? 'index.html' : decoded(urlPath.slice(1));
    if (rel == null) return send(res, 404, '找不到该页面。');
    const abs = path.resolve(staticRoot, rel);
    if (!abs.startsWith(staticRoot + path.sep)) return send(res, 404, '找不到该页面。');
    const st = await fs.stat(abs).catch(() => null);
    if (!st?.isFile()) {
      if (rel === 'index.html') return send(res, 500, '界面尚未构建：请先运行 npm run build:renderer。');
      return send(res, 404, '找不到该页面。');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(abs)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    await pipeline(createReadStream(abs), res);
  };

  const serveFile = async (res: http.ServerResponse, abs: string, type: string, download?: string) => {
    const st = await fs.stat(abs);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': st.size,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=3600',
      ...(download ? { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download)}` } : {}),
    });
    await pipeline(createReadStream(abs), res);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // Page addresses carry the token: no link or resource request may pass them on.
    res.setHeader('Referrer-Policy', REFERRER_POLICY);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) {
      return send(res, 403, '只接受本机地址 127.0.0.1 的访问。');
    }
    const p = url.pathname;
    // Scripts, styles and fonts of the interface hold nothing of the archive; everything else needs the token.
    if (req.method === 'GET' && p.startsWith('/assets/')) return serveStatic(res, p);
    const headerToken = req.headers['x-taizhang-token'];
    const given = typeof headerToken === 'string' ? headerToken : url.searchParams.get('t');
    if (!tokenOk(given)) {
      const message = '访问被拒绝：请使用启动 npm run web 时显示的完整地址（带 ?t= 的那一行）。';
      return req.method === 'POST' ? refuse(res, 403, message) : send(res, 403, message);
    }

    if (req.method === 'POST' && p.startsWith('/api/')) {
      if (typeof headerToken !== 'string') return refuse(res, 403, '接口调用必须带访问令牌。');
      let args: unknown;
      try {
        args = await readJson(req);
      } catch {
        return refuse(res, 400, '请求内容不是有效的数据。');
      }
      const method = decoded(p.slice('/api/'.length));
      const answer = await opts.api.call(method, args);
      // An uploaded indicator table has been read (or refused) by now; it is not kept.
      const file = method === 'indicators.import' ? (args as { file?: unknown } | null)?.file : undefined;
      const batch = typeof file === 'string' ? uploadBatchOf(uploadRoot, file) : null;
      if (batch) await batches.remove(batch).catch(() => undefined);
      return sendJson(res, 200, answer);
    }
    if (req.method === 'POST' && p === '/upload') {
      if (typeof headerToken !== 'string') return refuse(res, 403, '上传必须带访问令牌。');
      const check = checkUploadPath(uploadRoot, url.searchParams.get('batch') ?? '', url.searchParams.get('path') ?? '');
      if (!check.ok) {
        req.resume();
        return refuse(res, 400, check.reason);
      }
      const purpose: UploadPurpose = url.searchParams.get('purpose') === 'indicators' ? 'indicators' : 'evidence';
      const { file } = check.target;
      const early = declaredTooLarge(req, path.basename(file), purpose);
      if (early) return refuseUpload(req, res, early);
      const batch = uploadBatchOf(uploadRoot, file)!;
      batches.touch(batch);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const handle = await fs.open(file, 'wx').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') return null;
        throw e;
      });
      if (!handle) {
        req.resume();
        return refuse(res, 400, `“${path.basename(file)}”在这次拖入的文件中出现了两次，只保留第一个。`);
      }
      const outcome = await receiveUpload(req, handle, file, purpose).catch(async (e: unknown) => {
        await batches.pruneEmpty(file, batch);
        throw e;
      });
      batches.touch(batch);
      if (!outcome.ok) {
        await batches.pruneEmpty(file, batch);
        return refuseUpload(req, res, outcome);
      }
      return sendJson(res, 200, { ok: true, value: { root: check.target.root } });
    }
    if (req.method !== 'GET') return send(res, 405, '不支持的请求。');
    if (p === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': 已连接\n\n');
      events.add(res);
      req.on('close', () => events.delete(res));
      return;
    }
    if (p.startsWith('/archive/')) {
      const dir = opts.api.archiveDir();
      const rel = p.slice('/archive/'.length);
      const abs = dir ? await realStoredPath(dir, rel) : null;
      const type = abs ? await opts.api.mimeOf(decoded(rel) ?? '') : null;
      const st = abs && type ? await fs.stat(abs).catch(() => null) : null;
      if (!abs || !type || !st?.isFile()) return send(res, 404, '找不到该文件。');
      res.writeHead(200, storedFileHeaders(type, st.size));
      await pipeline(createReadStream(abs), res);
      return;
    }
    if (p.startsWith('/download/')) {
      const out = opts.api.jobOutput(decoded(p.slice('/download/'.length)) ?? '');
      const st = out ? await fs.stat(out).catch(() => null) : null;
      if (!out || !st) return send(res, 404, '找不到导出的文件，它可能已被移走。');
      if (!st.isFile()) return send(res, 400, `导出的是一个文件夹：${out}。请在本机的文件管理器中打开它。`);
      return serveFile(res, out, TYPES[path.extname(out).toLowerCase()] ?? 'application/octet-stream', path.basename(out));
    }
    return serveStatic(res, p);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) send(res, 500, '软件内部出错，请重试。');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?t=${token}`,
    token,
    port,
    async close() {
      stop();
      clearInterval(sweeper);
      for (const res of events) res.end();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.uploadDir) await fs.rm(uploadRoot, { recursive: true, force: true });
    },
  };
}

/** A percent-decoded URL part, or null when it is malformed (answered as not found, not as a crash). */
function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

