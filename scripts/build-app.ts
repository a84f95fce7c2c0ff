// Bundles the Electron main process and the preload into build/app (Electron cannot run .ts).
// Main: our code (main/, shared/) in one CommonJS file; every npm package stays a require() at
// run time — sqlite3 and sharp have native parts, pdfkit and exceljs read data files next to
// their code — and electron-builder packs the production node_modules beside it.
// Preload: one self-contained file, since a sandboxed preload can require nothing but 'electron'.
// OCR worker: the thread main/text/ocr/client.ts starts, found beside electron-main.js by name.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');

/** Writes electron-main.js, preload.js and ocr-worker.js into `outdir` (build/app unless told otherwise). */
export async function buildApp(outdir = path.join(root, 'build', 'app')): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 45 runs Node 22.
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
  } as const;
  await Promise.all([
    build({ ...common, entryPoints: { 'electron-main': 'main/app/electron-main.ts' }, outdir, packages: 'external' }),
    build({ ...common, entryPoints: { preload: 'main/app/preload.ts' }, outdir, external: ['electron'] }),
    build({ ...common, entryPoints: { 'ocr-worker': 'main/text/ocr/worker.ts' }, outdir, packages: 'external' }),
  ]);
}

if (require.main === module) {
  const t = Date.now();
  const outdir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  buildApp(outdir).then(
    () => console.log(`${path.relative(process.cwd(), outdir ?? path.join(root, 'build', 'app')) || '.'}: electron-main.js, preload.js, ocr-worker.js (${Date.now() - t} ms)`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
