// The packed app, without the Electron binary: `npm run build`, then electron-builder's Linux
// "dir" target with a stub Electron (STACK.md), then the layout of what it packed — and the
// packed app itself booted under Node with a fake 'electron', driven through its IPC handler
// and file protocol (test/helpers/boot-packed.ts), so a missing dependency, a native part
// left inside the asar or assets not found in resources fail here, not on a clerk's PC.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeJpeg } from '../../main/demo/sample-files';
import { tmpDir } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const asar = require('@electron/asar') as {
  listPackage(archive: string, options?: unknown): string[];
  statFile(archive: string, file: string): { unpacked?: boolean };
  extractAll(archive: string, dest: string): void;
};

jest.setTimeout(240_000);

const repo = path.resolve(__dirname, '..', '..');
const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name);
const work = tmpDir('tz-pack-');
const project = path.join(work, 'project');
const out = path.join(work, 'dist');
const resources = path.join(out, 'linux-unpacked', 'resources');
const appAsar = path.join(resources, 'app.asar');
const timings: string[] = [];
let files: string[] = [];

/** Runs a command; on failure the error carries its output, so the test says why. */
function run(file: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  try {
    return execFileSync(file, args, { ...opts, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${x.message}\n${(x.stdout ?? '').slice(-4000)}\n${(x.stderr ?? '').slice(-4000)}`);
  }
}

function timed<T>(what: string, fn: () => T): T {
  const t = Date.now();
  const r = fn();
  timings.push(`${what} ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

// The stub method packs for the machine it runs on; sharp's native folder names say linux-x64.
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

(onLinuxX64 ? describe : describe.skip)('the packed app (Linux x64, stub Electron)', () => {
  beforeAll(() => {
    // A private copy of the project to pack, so that other tests (and people) rebuilding build/
    // meanwhile cannot pull files from under electron-builder: the same package.json, lock and
    // electron-builder.yml, node_modules hard-linked (same npm tree, no copying), assets linked.
    fs.mkdirSync(project);
    for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) fs.copyFileSync(path.join(repo, f), path.join(project, f));
    fs.symlinkSync(path.join(repo, 'assets'), path.join(project, 'assets'));
    timed('link node_modules', () => run('cp', ['-al', path.join(repo, 'node_modules'), path.join(project, 'node_modules')], { cwd: repo }));
    // npm run build, into the copy.
    timed('build:renderer', () => run('npm', ['run', '-s', 'build:renderer', '--', '--outDir', path.join(project, 'build', 'renderer'), '--emptyOutDir'], { cwd: repo }));
    timed('build:app', () => run('npm', ['run', '-s', 'build:app', '--', path.join(project, 'build', 'app')], { cwd: repo }));
    // The stub Electron: what electron-builder copies from an unpacked Electron zip.
    const stub = path.join(work, 'electron-stub');
    fs.mkdirSync(stub);
    fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\necho stub\n', { mode: 0o755 });
    fs.writeFileSync(path.join(stub, 'LICENSE'), 'stub');
    fs.writeFileSync(path.join(stub, 'LICENSES.chromium.html'), '<p>stub</p>');
    const version = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    fs.writeFileSync(path.join(stub, 'version'), version);
    timed('electron-builder --linux dir', () =>
      run(bin('electron-builder'), ['--projectDir', project, '--linux', 'dir', `-c.electronDist=${stub}`, `-c.directories.output=${out}`, '--publish', 'never'], { cwd: project }),
    );
    files = asar.listPackage(appAsar);
  });

  afterAll(() => console.log(`packaging check: ${timings.join(', ')}`));

  test('the Linux app folder: executable, Electron licences, app.asar', () => {
    const dir = path.join(out, 'linux-unpacked');
    expect(fs.statSync(path.join(dir, 'taizhang')).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(dir, 'LICENSE.electron.txt'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'LICENSES.chromium.html'))).toBe(true);
    expect(fs.statSync(appAsar).isFile()).toBe(true);
  });

  test('the asar holds the built main process, preload and interface, and no sources', () => {
    for (const f of ['/package.json', '/build/app/electron-main.js', '/build/app/preload.js', '/build/renderer/index.html']) expect(files).toContain(f);
    expect(files.some((f) => /^\/build\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => /^\/(main|shared|renderer|test|scripts|bench|assets)\//.test(f) || /^\/build\/.*\.map$/.test(f) || f.startsWith('/build/types'))).toEqual([]);
  });

  test('production dependencies are inside, development ones are not', () => {
    for (const dep of ['sqlite3', 'sharp', 'pdfkit', 'exceljs', 'yazl', 'mammoth', 'exifr', '@cantoo/pdf-lib', '@e965/xlsx']) expect(files).toContain(`/node_modules/${dep}`);
    const dev = ['jest', 'typescript', 'electron', 'electron-builder', 'vite', 'react', 'react-dom', 'tsx', 'esbuild', 'playwright-core', '@swc/core', '@swc/jest', '@expo-google-fonts/noto-serif-sc'];
    expect(dev.filter((d) => files.includes(`/node_modules/${d}`))).toEqual([]);
  });

  test('the native parts of sqlite3 and sharp are unpacked, the SQLite sources left out', () => {
    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules');
    expect(fs.existsSync(path.join(unpacked, 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))).toBe(true);
    expect(asar.statFile(appAsar, 'node_modules/sqlite3/build/Release/node_sqlite3.node').unpacked).toBe(true);
    const sharpNative = fs.readdirSync(path.join(unpacked, '@img')).filter((d) => /^sharp-(linux|libvips-linux)-x64$/.test(d));
    expect(sharpNative.sort()).toEqual(['sharp-libvips-linux-x64', 'sharp-linux-x64']);
    expect(fs.readdirSync(path.join(unpacked, '@img', 'sharp-linux-x64', 'lib')).some((f) => f.endsWith('.node'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'sharp', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'sqlite3', 'deps'))).toBe(false);
    expect(files.some((f) => f.endsWith('/sqlite3.c'))).toBe(false);
  });

  test('fonts with their licences, the indicator template and the licences are resources', () => {
    const fonts = fs.readdirSync(path.join(resources, 'assets', 'fonts'));
    expect(fonts).toEqual(
      expect.arrayContaining([
        'FandolFang-Regular.otf',
        'FandolHei-Regular.otf',
        'LXGWWenKai-Regular.ttf',
        'NotoSerifSC_400Regular.ttf',
        'NotoSerifSC_700Bold.ttf',
        'Fandol-COPYING.txt',
        'LXGWWenKai-OFL.txt',
        'NotoSerifSC-OFL.txt',
      ]),
    );
    expect(fs.existsSync(path.join(resources, 'assets', 'templates', 'kepu-shifan-xian.json'))).toBe(true);
    expect(fs.readdirSync(path.join(resources, 'licenses')).sort()).toEqual(['exceljs-LICENSE.txt', 'pdfkit-LICENSE.txt', 'sharp-LICENSE.txt', 'sqlite3-LICENSE.txt']);
  });

  test('the packed app boots and works from its own files', async () => {
    const extracted = path.join(work, 'app');
    timed('extract asar', () => asar.extractAll(appAsar, extracted));
    const pkg = JSON.parse(fs.readFileSync(path.join(extracted, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('build/app/electron-main.js');
    const photo = path.join(work, '活动照片.jpg');
    await makeJpeg(photo, { width: 1600, height: 1200, seed: 5 });
    const stdout = timed('boot packed app', () =>
      run(bin('tsx'), [path.join(repo, 'test', 'helpers', 'boot-packed.ts'), extracted, resources, work, photo], { cwd: work, env: { ...process.env, NODE_PATH: '' } }),
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.exitCode).toBeNull();
    expect(r.errorBoxes).toEqual([]);
    expect(r.windows).toEqual(['app://taizhang/index.html']);
    expect(r.assets).toBe(path.join(resources, 'assets'));
    expect(r.create).toMatchObject({ ok: true });
    expect(r.indicators).toBe('ok');
    expect(r.importJob).toBe('done');
    expect(r.thumbResponse).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(r.thumbResponse.bytes).toBeGreaterThan(1000);
    expect(r.pdfJob).toMatchObject({ state: 'done', error: null });
    expect(fs.statSync(r.pdfJob.output).size).toBeGreaterThan(10_000);
    expect(r.page.status).toBe(200);
    expect(r.page.csp).toMatch(/default-src 'self'/);
    expect(r.quit).toBe(1);
    // sqlite3 and sharp were loaded from the packed tree, not from the repository.
    expect(r.native.some((f: string) => f.endsWith('node_sqlite3.node'))).toBe(true);
    expect(r.native.some((f: string) => /sharp-linux-x64.*\.node$/.test(f))).toBe(true);
    for (const f of r.native) expect(f.startsWith(extracted + path.sep)).toBe(true);
  });
});
