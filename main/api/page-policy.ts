// What the interface's pages may load, and the types of the files they are built from: the same
// for the Electron window (app://, stored files from taizhang-file:) and for web mode (all from
// 127.0.0.1). No eval, no inline script, nothing remote; inline styles are React's.

/** The Content-Security-Policy of the interface; `files` is where stored files and previews come from. */
export function interfaceCsp(files: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${files}`,
    `media-src 'self' ${files}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${files}`,
    `object-src ${files}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sent with every response of web mode: page addresses there carry the access token (?t=…),
 * and a Referer header would hand it to wherever a link or a resource leads.
 */
export const REFERRER_POLICY = 'no-referrer';

/** The built interface's files by extension; anything else is not ours to serve. */
export const INTERFACE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};
