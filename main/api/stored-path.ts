// Which archive files a door may serve: stored originals (files/ab/<sha256>) and thumbnails
// (thumbs/ab/<sha256>.jpg), named by the relative paths the API hands out. Anything else — the
// database, a path with "..", an absolute path, a separator smuggled in percent-encoded, a
// symlink out of the folder — is refused. Both the Electron protocol and web mode use this.
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '../archive/store';

const STORED = /^(files\/[0-9a-f]{2}\/[0-9a-f]{64}|thumbs\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg)$/;

/**
 * The absolute path of a stored file named by `rel` (as it appears in a URL: percent-encoded
 * once at most), or null when the name is not one the API hands out.
 */
export function storedPath(archiveDir: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  // Decoding once must give a plain name: "%2e%2e%2f" or "%252f" stay refused.
  if (decoded !== rel && decoded.includes('%')) return null;
  if (!STORED.test(decoded)) return null;
  const root = path.resolve(archiveDir);
  const abs = path.resolve(root, ...decoded.split('/'));
  return abs.startsWith(root + path.sep) ? abs : null;
}

/**
 * Like storedPath, and the file is a regular file reached through no link: a stored name replaced
 * by a link (to /etc/passwd, or to archive.sqlite beside it) is refused, as the exports refuse it.
 */
export async function realStoredPath(archiveDir: string, rel: string): Promise<string | null> {
  const abs = storedPath(archiveDir, rel);
  if (!abs) return null;
  const root = await fs.realpath(archiveDir).catch(() => null);
  if (!root) return null;
  return new FileStore(root).checkedAbs(decodeURIComponent(rel)).catch(() => null);
}

/**
 * A stored file is the clerk's evidence, not our code: should one be an HTML page or an SVG
 * opened as a document, it runs no script and loads nothing (CSP sandbox). PDFs are left
 * without it because Chromium's viewer does not run in a sandboxed document.
 */
const STORED_FILE_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

/** The response headers of a stored file, the same through the Electron protocol and in web mode. */
export function storedFileHeaders(type: string, size: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(size),
    'X-Content-Type-Options': 'nosniff',
    // Named by their SHA-256: the same name is always the same bytes.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
  if (type !== 'application/pdf') headers['Content-Security-Policy'] = STORED_FILE_CSP;
  return headers;
}
