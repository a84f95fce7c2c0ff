// The LAN gate (`taizhang serve ARCHIVE --lan`): who is at the other end of a request on the
// office network. It only authenticates — accounts and their rights are the service's
// (main/collect/users.ts, main/api/access.ts):
// - sign-in with an account's password (argon2id in the service), throttled per account at an
//   address (five failures lock that account there, not for everyone: behind a proxy every
//   client has the proxy's address) and per address at four times that (guessing many accounts); sessions in memory under random ids, in an HttpOnly, SameSite=Strict cookie, ending
//   after an idle time, at most after a fixed time, at sign-out, and when the account is
//   disabled or its password changed;
// - every POST proves it comes from our own page: its Origin (or Referer) is this server, and it
//   carries the session's CSRF token in a header (X-Taizhang-Token, where the one-clerk mode sends
//   its token; the page reads it from the tz_csrf_<port> cookie, which scripts may read);
// - the Host header must name this server (DNS rebinding);
// - API arguments may name no path on the server but the caller's own uploads.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Api } from '../api/api';
import type { Caller } from '../api/actor';
import type { Account } from '../collect/users';
import type { Item } from '../../shared/domain';
import { readBody, refuse, send } from './http-util';
import { PAGE_CSP, PHONE_SCRIPT, loginPage, phonePage } from './lan-pages';
import type { Gate, LanOptions } from './server';
import { uploadBatchOf } from './upload-path';

interface Session {
  id: string;
  csrf: string;
  account: Account;
  address: string;
  created: number;
  seen: number;
}

/**
 * The cookies' names carry the port the browser addressed (as in its Host header; none for 80 or
 * 443): browsers keep cookies per host, not per port, and two servers on one computer must not
 * sign each other's users out. The page reads `tz_csrf_<location.port>`.
 */
function cookieNames(req: http.IncomingMessage): { session: string; csrf: string } {
  const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1] ?? '';
  return { session: `tz_session_${port}`, csrf: `tz_csrf_${port}` };
}
const MINUTE = 60_000;
const EXPIRED = '长时间未操作或登录时间已满，会话已过期';

/** Failed sign-ins by key (an account, an address): `max` within `lockMs` locks the key for `lockMs`. */
export class Throttle {
  private failures = new Map<string, { times: number[]; lockedUntil: number }>();

  constructor(
    private readonly max: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Until when the first of these keys that is locked stays locked, or 0. */
  lockedUntil(keys: string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => this.failures.get(k)?.lockedUntil ?? 0).filter((u) => u > t));
  }

  fail(keys: string[]): void {
    const t = this.now();
    // Made-up account names must not fill the memory: what no longer counts is forgotten.
    if (this.failures.size > 10_000) {
      for (const [k, f] of this.failures) if (f.lockedUntil <= t && f.times.every((x) => t - x >= this.lockMs)) this.failures.delete(k);
    }
    for (const k of keys) {
      const f = this.failures.get(k) ?? { times: [], lockedUntil: 0 };
      f.times = [...f.times.filter((x) => t - x < this.lockMs), t];
      if (f.times.length >= this.max) {
        f.lockedUntil = t + this.lockMs;
        f.times = [];
      }
      this.failures.set(k, f);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

function cookies(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Where to go after signing in: a path of this server only (never //elsewhere or a full address). */
function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s\\]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

/** The addresses this server is reached at: every IPv4 address of the computer when listening on all of them. */
export function lanUrls(host: string, port: number): string[] {
  const addresses =
    host === '0.0.0.0'
      ? Object.values(os.networkInterfaces())
          .flat()
          .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
          .map((i) => i.address)
      : [host];
  return [...addresses, ...(addresses.includes('127.0.0.1') ? [] : ['127.0.0.1'])].map((a) => `http://${a}:${port}/`);
}

export function lanGate(api: Api, opts: LanOptions, uploadRoot: string, port: () => number): Gate {
  const idleMs = opts.idleMs ?? 30 * MINUTE;
  const maxMs = opts.maxMs ?? 12 * 60 * MINUTE;
  const lockMs = opts.lockMs ?? 15 * MINUTE;
  const perAccount = new Throttle(opts.maxFailures ?? 5, lockMs);
  const perAddress = new Throttle((opts.maxFailures ?? 5) * 4, lockMs);
  const sessions = new Map<string, Session>();
  const ended = new Set<(session: string) => void>();
  const host = opts.host ?? '0.0.0.0';
  // Read once a minute at most: an address handed out anew by DHCP is taken up without a restart.
  let known: { at: number; names: Set<string> } | null = null;
  const names = () => {
    if (!known || Date.now() - known.at > MINUTE) {
      const all = [...lanUrls(host, port()).map((u) => new URL(u).hostname), os.hostname(), 'localhost', '127.0.0.1', ...(opts.names ?? [])];
      known = { at: Date.now(), names: new Set(all.map((n) => n.toLowerCase())) };
    }
    return known.names;
  };
  const hostOk = (h: string | undefined) => {
    if (!h) return false;
    const m = /^([^:]+)(?::(\d+))?$/.exec(h.toLowerCase());
    if (!m) return false;
    const p = m[2] ? Number(m[2]) : 80;
    return p === port() && names().has(m[1]);
  };
  const addressOf = (req: http.IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const callerOf = (s: Session): Caller => ({ actor: s.account.actor, address: s.address });

  const end = async (s: Session, why: string) => {
    if (!sessions.delete(s.id)) return;
    for (const l of ended) l(s.id);
    await api.accounts.signedOut(callerOf(s), why).catch(() => undefined);
  };
  /** The request's live session (expired or revoked ones are ended here), or null. */
  const sessionOf = async (req: http.IncomingMessage): Promise<Session | null> => {
    const s = sessions.get(cookies(req)[cookieNames(req).session] ?? '');
    if (!s) return null;
    const t = Date.now();
    if (t - s.seen > idleMs || t - s.created > maxMs) {
      await end(s, EXPIRED);
      return null;
    }
    const now = await api.accounts.current(s.account.actor.user, s.account.stamp).catch(() => null);
    if (!now) {
      await end(s, '账号已停用或密码已修改，会话结束');
      return null;
    }
    s.account = now;
    s.seen = t;
    return s;
  };
  /** A POST from a page of this server: its Origin (or, without one, its Referer) is this very host. */
  const fromOurPage = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin ?? (typeof req.headers.referer === 'string' ? safeOrigin(req.headers.referer) : undefined);
    // http, or https through a TLS proxy that passes the Host on: the same host either way.
    const host = (req.headers.host ?? '').toLowerCase();
    return origin != null && [`http://${host}`, `https://${host}`].includes(origin.toLowerCase());
  };
  const csrfOk = (req: http.IncomingMessage, s: Session) => {
    const given = req.headers['x-taizhang-token'];
    return typeof given === 'string' && same(given, s.csrf);
  };

  const htmlPage = (res: http.ServerResponse, status: number, html: string, extra: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': PAGE_CSP, ...extra });
    res.end(html);
  };
  const cookieAttrs = `SameSite=Strict; Path=/${opts.secureCookies ? '; Secure' : ''}`;

  const signIn = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!fromOurPage(req)) return send(res, 403, '访问被拒绝：登录请求不是从本服务的登录页发出的。');
    let form: URLSearchParams;
    try {
      form = new URLSearchParams(await readBody(req, 8 * 1024));
    } catch {
      return send(res, 400, '请求内容不是有效的数据。');
    }
    const name = (form.get('name') ?? '').trim();
    const password = form.get('password') ?? '';
    const next = safeNext(form.get('next'));
    const address = addressOf(req);
    const accountKey = [`u:${name}\u0000${address}`];
    const addressKey = [`a:${address}`];
    const lockedUntil = () => Math.max(perAccount.lockedUntil(accountKey), perAddress.lockedUntil(addressKey));
    const lockedText = (until: number) => `登录失败次数过多，请 ${Math.max(1, Math.ceil((until - Date.now()) / MINUTE))} 分钟后再试；忘记密码请找创建办重设。`;
    const locked = lockedUntil();
    if (locked) {
      await api.accounts.refused(name, address, '登录失败次数过多，暂时锁定').catch(() => undefined);
      return htmlPage(res, 429, loginPage({ next, error: lockedText(locked) }), { 'Retry-After': String(Math.ceil((locked - Date.now()) / 1000)) });
    }
    const account = name && password ? await api.accounts.signIn(name, password, address) : null;
    if (!account) {
      perAccount.fail(accountKey);
      perAddress.fail(addressKey);
      const now = lockedUntil();
      if (now) return htmlPage(res, 429, loginPage({ next, error: lockedText(now) }), { 'Retry-After': String(Math.ceil((now - Date.now()) / 1000)) });
      return htmlPage(res, 401, loginPage({ next, error: '账号或密码不对（也可能账号已停用），请重新输入。' }));
    }
    perAccount.clear(accountKey[0]);
    const names = cookieNames(req);
    const s: Session = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url'), account, address, created: Date.now(), seen: Date.now() };
    sessions.set(s.id, s);
    res.writeHead(303, {
      Location: next,
      'Cache-Control': 'no-store',
      'Set-Cookie': [`${names.session}=${s.id}; HttpOnly; ${cookieAttrs}`, `${names.csrf}=${s.csrf}; ${cookieAttrs}`],
    });
    res.end();
  };

  const signOut = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const names = cookieNames(req);
    const s = await sessionOf(req);
    if (s) {
      if (!fromOurPage(req) || !csrfOk(req, s)) return refuse(res, 403, '访问被拒绝：退出登录的请求不是从本服务的页面发出的。', 'FORBIDDEN');
      await end(s, '退出登录');
    }
    res.writeHead(303, {
      Location: '/login',
      'Cache-Control': 'no-store',
      'Set-Cookie': [`${names.session}=; HttpOnly; ${cookieAttrs}; Max-Age=0`, `${names.csrf}=; ${cookieAttrs}; Max-Age=0`],
    });
    res.end();
  };

  /** The item as the caller may see it (through the service's rules), or null. */
  const visibleItem = async (caller: Caller, id: number): Promise<Item | null> => {
    const r = await api.call('items.get', { id }, caller);
    return r.ok ? (r.value as Item) : null;
  };

  const own: Gate['own'] = async (req, res, url) => {
    const p = url.pathname;
    if (p === '/login' && req.method === 'GET') {
      const campaign = await api.call('session.state', {}).then((r) => (r.ok ? ((r.value as { archive?: { campaign?: { name?: string } } }).archive?.campaign?.name ?? '') : ''));
      htmlPage(res, 200, loginPage({ next: safeNext(url.searchParams.get('next')), campaign }));
      return true;
    }
    if (p === '/login' && req.method === 'POST') {
      await signIn(req, res);
      return true;
    }
    if (p === '/logout' && req.method === 'POST') {
      await signOut(req, res);
      return true;
    }
    if (p === '/m/phone.js' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(PHONE_SCRIPT);
      return true;
    }
    return false;
  };

  // Sessions left idle end (and are logged as expired) even when nobody comes back to them.
  const sweeper = setInterval(() => {
    const t = Date.now();
    for (const s of sessions.values()) if (t - s.seen > idleMs || t - s.created > maxMs) void end(s, EXPIRED);
  }, Math.min(idleMs, MINUTE));
  sweeper.unref();

  return {
    referrerPolicy: 'same-origin',
    hostOk,
    own,
    async caller(req, res, url) {
      const s = await sessionOf(req);
      if (!s) {
        const next = `${url.pathname}${url.search}`;
        if (req.method === 'POST' || url.pathname === '/events' || url.pathname.startsWith('/archive/') || url.pathname.startsWith('/download/')) {
          refuse(res, 401, '还没有登录，或登录已过期。请刷新页面，重新登录。', 'FORBIDDEN');
        } else {
          res.writeHead(303, { Location: `/login?next=${encodeURIComponent(safeNext(next))}`, 'Cache-Control': 'no-store' });
          res.end();
        }
        return null;
      }
      if (req.method === 'POST' && (!fromOurPage(req) || !csrfOk(req, s))) {
        req.resume();
        // A page of another site acting with this account's cookie: the 创建办 should see it was tried.
        const action = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : url.pathname;
        await api.accounts.forbidden(callerOf(s), action, '请求不是从本服务的页面发出的（缺少或不符的安全令牌），已拒绝').catch(() => undefined);
        refuse(res, 403, '访问被拒绝：请求不是从本服务的页面发出的（缺少或不符的安全令牌）。请刷新页面后重试。', 'FORBIDDEN');
        return null;
      }
      return { caller: callerOf(s), session: s.id };
    },
    // Each account its own folder of uploads: another's upload cannot be named, even by guessing its batch.
    uploadRoot: (caller) => path.join(uploadRoot, `u-${createHash('sha256').update(caller.actor.user).digest('hex').slice(0, 16)}`),
    argsRefusal(args, caller) {
      const root = this.uploadRoot(caller);
      const a = (args ?? {}) as Record<string, unknown>;
      const given = [...(Array.isArray(a.paths) ? a.paths : []), a.file, a.dir].filter((p): p is string => typeof p === 'string');
      if (given.some((p) => !uploadBatchOf(root, p))) return '局域网上只能使用从浏览器上传的文件，不能指定服务器上的文件或文件夹。';
      if (typeof a.out === 'string' && /[\\/]|^\.\.?$/.test(a.out)) return '局域网上导出的文件请用下载链接取回，不能指定服务器上的保存位置（只能给出文件名）。';
      return null;
    },
    onEnded(listener) {
      ended.add(listener);
    },
    async routes(req, res, url, caller) {
      const p = url.pathname;
      const m = /^\/m\/item\/(\d{1,12})$/.exec(p) ?? /^\/qr\/item\/(\d{1,12})\.svg$/.exec(p);
      if (!m || req.method !== 'GET') return false;
      const item = await visibleItem(caller, Number(m[1]));
      if (!item) {
        send(res, 404, '找不到这件材料，或您的账号不能查看它。');
        return true;
      }
      if (p.startsWith('/m/')) {
        const s = sessions.get(cookies(req)[cookieNames(req).session] ?? '')!;
        htmlPage(res, 200, phonePage(item, s.csrf));
        return true;
      }
      // The address the phone opens: the one this page was reached at, unless that is this computer's own (127.0.0.1).
      const here = req.headers.host ?? '';
      // Behind a TLS proxy (secure cookies) the public address is https.
      const base = /^(127\.|localhost)/.test(here) ? lanUrls(host, port())[0].replace(/\/$/, '') : `${opts.secureCookies ? 'https' : 'http'}://${here}`;
      const svg = await QRCode.toString(`${base}/m/item/${item.id}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
      res.end(svg);
      return true;
    },
    close() {
      clearInterval(sweeper);
      sessions.clear();
    },
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

