// Web mode: the same renderer and the same API over HTTP. Two gates in front of one set of
// routes (static files, API, uploads, events, stored files, downloads):
// - the token gate (default, `npm run web`): 127.0.0.1 only, every request carries the random token
//   printed at start (in the address for pages, images and events; in a header for API calls, so a
//   page from another site cannot call the API through the browser);
// - the LAN gate (`taizhang serve --lan`, lan-gate.ts): accounts, sessions, CSRF proof, rate limits.
// Either way the Host header must be ours (DNS rebinding). No business logic here: api.call does
// the work as the caller the gate names, and decides what that caller may see and do.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { Api } from '../api/api';
import { currentCaller, type Caller } from '../api/actor';
import { mayReceive, mayUpload } from '../api/access';
import { realStoredPath, storedFileHeaders } from '../api/stored-path';
import { INTERFACE_TYPES, REFERRER_POLICY, interfaceCsp } from '../api/page-policy';
import { checkUploadPath, uploadBatchOf } from './upload-path';
import { UploadBatches, declaredTooLarge, receiveUpload, type UploadOutcome, type UploadPurpose } from './upload';
import { LOCAL_ACTOR } from '../../shared/collect-types';
import type { ApiEvent } from '../../shared/api';
import { decoded, readBody, refuse, send, sendJson } from './http-util';
import { lanGate, lanUrls } from './lan-gate';

export interface WebServerOptions {
  api: Api;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Where uploads are staged before they are imported. */
  uploadDir?: string;
  /** Serve the office network with accounts (lan-gate.ts) instead of one clerk with a token. */
  lan?: LanOptions;
}

export interface LanOptions {
  /** The address to listen on; default 0.0.0.0 (every network of this computer). */
  host?: string;
  /** Names and addresses the clients may use for this server, beyond its own addresses, 127.0.0.1 and localhost. */
  names?: string[];
  /** Behind a TLS-terminating proxy: the cookies are marked Secure (sent over HTTPS only). */
  secureCookies?: boolean;
  /** How long a session lasts without a request, and at most (ms); default 30 minutes and 12 hours. */
  idleMs?: number;
  maxMs?: number;
  /** Failed sign-ins (per account, per address) before a lock, and how long the lock lasts (ms); default 5 and 15 minutes. */
  maxFailures?: number;
  lockMs?: number;
}

export interface WebServer {
  /** The address to open: with the token (token gate), or the first LAN address (LAN gate). */
  url: string;
  /** Every address the server can be reached at (LAN gate: one per network). */
  urls: string[];
  token: string;
  port: number;
  close(): Promise<void>;
}

/** What differs between the doors in front of the routes: who the request is from, and what it may name. */
export interface Gate {
  referrerPolicy: string;
  /** Whether the Host header names this server. */
  hostOk(host: string | undefined): boolean;
  /** Answers the gate's own pages (sign-in, sign-out); true when it did. */
  own(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
  /**
   * Who sends the request, and its session; null when refused (answered here). A POST must also
   * prove that it comes from our own page (the token, or the session's CSRF token).
   */
  caller(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<{ caller: Caller; session: string } | null>;
  /** The folder the caller's uploads go into, and the only one its API arguments may name. */
  uploadRoot(caller: Caller): string;
  /** Why these API arguments may not come through this door (a path on the server), or null. */
  argsRefusal(args: unknown, caller: Caller): string | null;
  /** The sessions that ended since (signed out, expired): their event streams are closed. */
  onEnded(listener: (session: string) => void): void;
  /** More routes of this door, after the caller is known (the phone's upload page); true when answered. */
  routes?(req: http.IncomingMessage, res: http.ServerResponse, url: URL, caller: Caller): Promise<boolean>;
  close(): void;
}

const TYPES: Record<string, string> = { ...INTERFACE_TYPES, '.pdf': 'application/pdf', '.zip': 'application/zip', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
// Stored files and previews come from this same server.
const CSP = interfaceCsp("'self'");


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
  const text = await readBody(req);
  return text ? JSON.parse(text) : {};
}

/** The one clerk's gate: 127.0.0.1, the token printed at start, 本机's rights. */
function tokenGate(token: string, uploadRoot: string, port: () => number): Gate {
  const tokenBuf = Buffer.from(token);
  const tokenOk = (given: string | null | undefined) => {
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };
  const local: Caller = { actor: LOCAL_ACTOR, address: '' };
  return {
    // Page addresses carry the token: no link or resource request may pass them on.
    referrerPolicy: REFERRER_POLICY,
    hostOk: (host) => host === `127.0.0.1:${port()}` || host === `localhost:${port()}`,
    own: async () => false,
    async caller(req, res, url) {
      const headerToken = req.headers['x-taizhang-token'];
      const given = typeof headerToken === 'string' ? headerToken : url.searchParams.get('t');
      if (!tokenOk(given)) {
        const message = '访问被拒绝：请使用启动 npm run web 时显示的完整地址（带 ?t= 的那一行）。';
        if (req.method === 'POST') refuse(res, 403, message);
        else send(res, 403, message);
        return null;
      }
      // The token in the address is enough for pages and images, not for a POST: a page elsewhere could put it in a form.
      if (req.method === 'POST' && typeof headerToken !== 'string') {
        refuse(res, 403, url.pathname === '/upload' ? '上传必须带访问令牌。' : '接口调用必须带访问令牌。');
        return null;
      }
      return { caller: local, session: '' };
    },
    uploadRoot: () => uploadRoot,
    argsRefusal: () => null,
    onEnded: () => undefined,
    close: () => undefined,
  };
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const uploadRoot = opts.uploadDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-upload-')));
  const staticRoot = path.resolve(opts.staticDir);
  let port = 0;
  const gate = opts.lan
    ? lanGate(opts.api, opts.lan, uploadRoot, () => port)
    : tokenGate(token, uploadRoot, () => port);
  const events = new Map<http.ServerResponse, { caller: Caller; session: string }>();
  gate.onEnded((session) => {
    for (const [res, e] of events) if (e.session === session) res.end();
  });
  const batches = new UploadBatches(BATCH_IDLE_MS);
  const sweeper = setInterval(() => void batches.sweep().catch(() => undefined), BATCH_IDLE_MS / 6);
  sweeper.unref();
  const stop = opts.api.onEvent((e: ApiEvent) => {
    // Emitted inside the call (or the job) it comes from: that caller is the event's origin.
    const origin = currentCaller().actor;
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const [res, viewer] of events) if (mayReceive(viewer.caller.actor, e, origin)) res.write(line);
    // Uploaded files are copies: once their import has ended they are in the archive (or were
    // refused and reported), so the batch folder goes.
    if (e.type === 'job' && e.job.kind === 'import') {
      for (const p of e.job.inputs) {
        const batch = batchOf(p);
        if (!batch) continue;
        if (e.job.state === 'running') batches.setImporting(batch, true);
        else void batches.remove(batch).catch(() => undefined);
      }
    }
  });
  // The batch folder of an upload, under whichever caller's root it lies (each is under uploadRoot).
  const batchOf = (p: string): string | null => {
    const root = path.resolve(uploadRoot) + path.sep;
    const abs = path.resolve(p);
    if (!abs.startsWith(root)) return null;
    const parts = abs.slice(root.length).split(path.sep);
    // The token gate's batches lie right under uploadRoot; the LAN gate's under a folder per account.
    const depth = opts.lan ? 2 : 1;
    return parts.length > depth ? path.join(root, ...parts.slice(0, depth)) : null;
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

  /** One uploaded file into the caller's batch folder; the path the import is given, or null when refused (answered). */
  const receive = async (req: http.IncomingMessage, res: http.ServerResponse, caller: Caller, batchName: string, rel: string, purpose: UploadPurpose): Promise<string | null> => {
    const check = checkUploadPath(gate.uploadRoot(caller), batchName, rel);
    if (!check.ok) {
      req.resume();
      refuse(res, 400, check.reason);
      return null;
    }
    const { file } = check.target;
    const early = declaredTooLarge(req, path.basename(file), purpose);
    if (early) {
      refuseUpload(req, res, early);
      return null;
    }
    const batch = uploadBatchOf(gate.uploadRoot(caller), file)!;
    batches.touch(batch);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, 'wx').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return null;
      throw e;
    });
    if (!handle) {
      req.resume();
      refuse(res, 400, `“${path.basename(file)}”在这次拖入的文件中出现了两次，只保留第一个。`);
      return null;
    }
    const outcome = await receiveUpload(req, handle, file, purpose).catch(async (e: unknown) => {
      await batches.pruneEmpty(file, batch);
      throw e;
    });
    batches.touch(batch);
    if (!outcome.ok) {
      await batches.pruneEmpty(file, batch);
      refuseUpload(req, res, outcome);
      return null;
    }
    return check.target.root;
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('Referrer-Policy', gate.referrerPolicy);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!gate.hostOk(req.headers.host)) {
      return send(res, 403, opts.lan ? '访问被拒绝：请使用服务启动时显示的地址访问。' : '只接受本机地址 127.0.0.1 的访问。');
    }
    const p = url.pathname;
    // Scripts, styles and fonts of the interface hold nothing of the archive; everything else needs the gate's word.
    if (req.method === 'GET' && p.startsWith('/assets/')) return serveStatic(res, p);
    if (await gate.own(req, res, url)) return;
    const who = await gate.caller(req, res, url);
    if (!who) return;
    const { caller } = who;
    if (gate.routes && (await gate.routes(req, res, url, caller))) return;

    if (req.method === 'POST' && p.startsWith('/api/')) {
      let args: unknown;
      try {
        args = await readJson(req);
      } catch {
        return refuse(res, 400, '请求内容不是有效的数据。');
      }
      const method = decoded(p.slice('/api/'.length));
      const refusal = gate.argsRefusal(args, caller);
      if (refusal) return refuse(res, 403, refusal, 'FORBIDDEN');
      const answer = await opts.api.call(method, args, caller);
      // An uploaded indicator table has been read (or refused) by now, photos added to an item are
      // in the archive (or refused): neither is kept.
      const a = (args ?? {}) as { file?: unknown; paths?: unknown };
      const used = method === 'indicators.import' ? [a.file] : method === 'files.add' && Array.isArray(a.paths) ? a.paths : [];
      for (const batch of new Set(used.map((f) => (typeof f === 'string' ? batchOf(f) : null)))) if (batch) await batches.remove(batch).catch(() => undefined);
      return sendJson(res, 200, answer);
    }
    if (req.method === 'POST' && p === '/upload') {
      if (!mayUpload(caller.actor)) {
        req.resume();
        return refuse(res, 403, `“${caller.actor.user}”是只读审阅账号，不能上传文件。`, 'FORBIDDEN');
      }
      const purpose: UploadPurpose = url.searchParams.get('purpose') === 'indicators' ? 'indicators' : 'evidence';
      const root = await receive(req, res, caller, url.searchParams.get('batch') ?? '', url.searchParams.get('path') ?? '', purpose);
      if (root) sendJson(res, 200, { ok: true, value: { root } });
      return;
    }
    if (req.method !== 'GET') return send(res, 405, '不支持的请求。');
    if (p === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': 已连接\n\n');
      events.set(res, who);
      req.on('close', () => events.delete(res));
      return;
    }
    if (p.startsWith('/archive/')) {
      const dir = opts.api.archiveDir();
      const rel = p.slice('/archive/'.length);
      const abs = dir ? await realStoredPath(dir, rel) : null;
      // A file the caller may not see is answered as one that does not exist.
      const type = abs ? await opts.api.mimeOf(decoded(rel) ?? '', caller.actor) : null;
      const st = abs && type ? await fs.stat(abs).catch(() => null) : null;
      if (!abs || !type || !st?.isFile()) return send(res, 404, '找不到该文件。');
      res.writeHead(200, storedFileHeaders(type, st.size));
      await pipeline(createReadStream(abs), res);
      return;
    }
    if (p.startsWith('/download/')) {
      const out = opts.api.jobOutput(decoded(p.slice('/download/'.length)) ?? '', caller.actor);
      const st = out ? await fs.stat(out).catch(() => null) : null;
      if (!out || !st) return send(res, 404, '找不到导出的文件，它可能已被移走。');
      if (!st.isFile()) return send(res, 400, `导出的是一个文件夹：${out}。请在本机的文件管理器中打开它。`);
      return serveFile(res, out, TYPES[path.extname(out).toLowerCase()] ?? 'application/octet-stream', path.basename(out));
    }
    return serveStatic(res, p);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // The browser went away mid-answer (a tab closed while a file streamed): nobody to tell.
      if ((e as NodeJS.ErrnoException | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE') return void res.destroy();
      console.error(e);
      if (!res.headersSent) send(res, 500, '软件内部出错，请重试。');
      else res.destroy();
    });
  });
  const host = opts.lan ? (opts.lan.host ?? '0.0.0.0') : '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urls = opts.lan ? lanUrls(host, port) : [`http://127.0.0.1:${port}/?t=${token}`];
  return {
    url: urls[0],
    urls,
    token,
    port,
    async close() {
      stop();
      gate.close();
      clearInterval(sweeper);
      for (const res of events.keys()) res.end();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.uploadDir) await fs.rm(uploadRoot, { recursive: true, force: true });
    },
  };
}

