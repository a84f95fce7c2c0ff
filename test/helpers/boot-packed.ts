// Boots a packed app (an extracted app.asar) under plain Node with the fake 'electron', and
// drives it through its IPC handler and file protocol the way the renderer would. Run by
// test/integration/packaging.test.ts in a child process, so every require() resolves inside the
// packed tree (its node_modules, its unpacked sqlite3 and sharp), never in the repository.
// Prints one JSON line with what it saw.
//   tsx test/helpers/boot-packed.ts <extracted app> <resources dir> <work dir> <photo.jpg>
import Module from 'node:module';
import path from 'node:path';
import { fakeElectron } from './fake-electron';

type Res = { ok: boolean; value?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
  const [appDir, resources, work, photo] = process.argv.slice(2);
  const fake = fakeElectron({ userData: path.join(work, 'user'), appPath: appDir, isPackaged: true, resourcesPath: resources });
  const FAKE_ID = path.join(work, 'electron-fake.js');
  const mod = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const resolve = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? FAKE_ID : resolve.call(this, request, ...rest);
  };
  mod._cache[FAKE_ID] = { id: FAKE_ID, filename: FAKE_ID, loaded: true, exports: fake.module, children: [], paths: [] };

  const main = path.join(appDir, 'build', 'app', 'electron-main.js');
  require(main);
  await fake.ready();
  const { rec } = fake;
  const out: Record<string, unknown> = {
    exitCode: rec.exitCode,
    errorBoxes: rec.errorBoxes,
    windows: rec.windows.map((w) => w.url),
    assets: process.env.TAIZHANG_ASSETS,
  };
  const wc = rec.windows[0]?.webContents;
  if (!wc) return void console.log(JSON.stringify(out));
  const frame = { url: 'app://taizhang/index.html', parent: null };
  const call = (method: string, args: unknown) => fake.invoke('taizhang:call', wc, frame, method, args) as Promise<Res>;
  const untilDone = async (id: string): Promise<Res> => {
    for (;;) {
      const list = await call('jobs.list', {});
      const job = (list.value as { id: string; state: string }[]).find((j) => j.id === id);
      if (job && job.state !== 'running') return { ok: true, value: job };
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const archive = path.join(work, '档案');
  out.create = await call('archive.create', { dir: archive, campaign: { name: '全国科普示范县' } });
  const template = path.join(resources, 'assets', 'templates', 'kepu-shifan-xian.json');
  const imported = await call('indicators.import', { file: template });
  out.indicators = imported.ok ? 'ok' : imported.error;
  const started = await call('jobs.start', { kind: 'import', paths: [photo] });
  out.importJob = started.ok ? (await untilDone(started.value.id)).value.state : started.error;
  const items = await call('items.list', { inbox: true });
  const thumb: string | null = items.value?.[0]?.thumb ?? null;
  out.thumb = thumb;
  if (thumb) {
    const r = await rec.protocols.get('taizhang-file')!({ url: `taizhang-file://archive/${thumb}`, method: 'GET' });
    out.thumbResponse = { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
  }
  const pdf = await call('jobs.start', { kind: 'export-pdf', out: path.join(work, '台账.pdf') });
  out.pdfJob = pdf.ok ? (await untilDone(pdf.value.id)).value : pdf.error;
  const page = await rec.protocols.get('app')!({ url: 'app://taizhang/', method: 'GET' });
  out.page = { status: page.status, csp: page.headers.get('content-security-policy') };

  // Where the native parts were loaded from: must be the packed tree, not the repository.
  out.native = Object.keys(mod._cache).filter((k) => k.endsWith('.node'));

  const e = { preventDefault() {} };
  fake.emitApp('will-quit', e);
  for (let i = 0; i < 200 && rec.quit === 0; i++) await new Promise((r) => setTimeout(r, 10));
  out.quit = rec.quit;
  console.log(JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
