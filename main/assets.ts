import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The assets folder (templates, fonts, licences). In a packaged app it lies in the resources
 * folder, which the Electron shell passes in TAIZHANG_ASSETS; from source it is beside main/.
 */
export function assetsDir(): string {
  return process.env.TAIZHANG_ASSETS ?? path.resolve(__dirname, '..', 'assets');
}

export function assetPath(...parts: string[]): string {
  return path.join(assetsDir(), ...parts);
}

/**
 * The app's version, for what exports record about themselves. The Electron shell passes it in
 * TAIZHANG_VERSION (its bundle does not sit where package.json is relative to the sources).
 */
export function appVersion(): string {
  if (process.env.TAIZHANG_VERSION) return process.env.TAIZHANG_VERSION;
  try {
    return (JSON.parse(readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}
