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
