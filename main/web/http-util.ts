// Small answers and readers every route of web mode shares.
import type http from 'node:http';
import type { Result } from '../../shared/errors';

const MAX_JSON = 1024 * 1024;

export function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

export const sendJson = (res: http.ServerResponse, status: number, body: Result<unknown>) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
export const refuse = (res: http.ServerResponse, status: number, message: string, code: 'BAD_INPUT' | 'FORBIDDEN' = 'BAD_INPUT') =>
  sendJson(res, status, { ok: false, error: { code, message } });

export async function readBody(req: http.IncomingMessage, max = MAX_JSON): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A percent-decoded URL part, or null when it is malformed (answered as not found, not as a crash). */
export function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
