// OCR benchmark: how fast does OcrClient (worker process, prepare + scene check + engine) read a
// clerk's pages, compared with the bare engine on the same pages in-process (the floor), and does
// the main thread stay responsive meanwhile?
//
//   npm run -s bench:ocr -- [--copies 2] [--runs 2] [--engines paddle,tesseract] [--threads 1] [--keep DIR] [--json]
//
// Pages, made once (not measured): a 红头 notice rendered at 150 dpi and photographed (3°, JPEG
// q 70), a ruled sign-in sheet with 10 names (1240×1754), an event photo with a banner (4000×3000);
// each read `--copies` times. Each side runs in a child process of its own, so its peak memory is
// its own (the child's maxRSS and /proc samples; for the client, plus its OCR process); floor and
// client alternate, `--runs` times each; the table shows medians.
//   floor  — the engine's own API on images already prepared (grey, long side 1600): @gutenye/ocr-node's
//            Ocr.detect (stock, as published) or tesseract.js's recognize, awaited on the main thread.
//   client — OcrClient.read(path, {sceneCheck: true}) as the background reader calls it: decode,
//            EXIF-turn, scale, scene check, engine, boxes back to full size, all in its worker process.
// While either reads, a 10 ms interval on the main thread records how late it fires: the delay a
// click in the interface (or a web request) would wait. It must stay far under 300 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { makeEventPhoto, makeSignInJpeg } from '../main/demo/sample-files';
import { makeNoticePhoto } from '../test/helpers/paper';
import { OcrClient } from '../main/text/ocr/client';
import type { EngineName } from '../main/text/ocr/engine';
import { prepareForOcr } from '../main/text/ocr/prepare';
import { MB, log, machine, median, parseArgs, runMeasuredChild, table, vmRss } from './lib';

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞'];
const TITLE = '关于开展2023年科普宣传周活动的通知';
const PAGES = ['notice.jpg', 'signin.jpg', 'scene.jpg'] as const;

interface Options {
  copies: number;
  runs: number;
  engines: EngineName[];
  threads: number;
  keep: string | null;
  json: boolean;
}

/** What a child reports on stdout (one JSON line). */
interface ChildOut {
  loadSeconds: number;
  readSeconds: number;
  pages: number;
  lagMaxMs: number;
  lagP95Ms: number;
  /** Peak RSS, bytes: the child's own (getrusage), or for the client the child and its OCR process together (sampled). */
  maxRss: number;
  /** This process's own peak RSS (getrusage): what the app's process carries. */
  mainRss: number;
  engine: string;
  /** What the side read, checked by the parent: names found on the sheet, title found, scene pages. */
  names: number;
  title: boolean;
  scenes: number;
}

interface Side {
  runs: (ChildOut & { sampledPeakRss: number })[];
  pagesPerSecond: number;
  secondsPerPage: number;
  loadSeconds: number;
  lagMaxMs: number;
  lagP95Ms: number;
  peakRssMb: number;
  mainRssMb: number;
}

function options(): Options {
  const a = parseArgs(process.argv.slice(2), { values: ['copies', 'runs', 'engines', 'threads', 'keep'], flags: ['json', 'help'] });
  if (a.has('help')) {
    log('usage: npm run -s bench:ocr -- [--copies 2] [--runs 2] [--engines paddle,tesseract] [--threads 1] [--keep DIR] [--json]');
    process.exit(0);
  }
  const whole = (name: string, dflt: number): number => {
    const v = Number(a.get(name) ?? dflt);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} wants a positive whole number`);
    return v;
  };
  const engines = String(a.get('engines') ?? 'paddle,tesseract').split(',') as EngineName[];
  for (const e of engines) if (e !== 'paddle' && e !== 'tesseract') throw new Error(`unknown engine ${e} (paddle, tesseract)`);
  const keep = a.get('keep');
  return { copies: whole('copies', 2), runs: whole('runs', 2), engines, threads: whole('threads', 1), keep: typeof keep === 'string' ? path.resolve(keep) : null, json: a.has('json') };
}

async function makePages(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  if (PAGES.every((p) => fs.existsSync(path.join(dir, p)))) {
    log(`reusing the pages in ${dir}`);
    return;
  }
  await makeNoticePhoto(path.join(dir, 'notice.jpg'), {
    office: '某县科学技术协会',
    docNumber: '某科协发〔2023〕5号',
    title: TITLE,
    addressee: '各乡镇科协：',
    body: [
      '为深入贯彻落实全民科学素质行动规划纲要，经研究，决定于2023年5月开展科普宣传周活动。现将有关事项通知如下。',
      '一、活动时间。2023年5月20日至26日。',
      '二、活动内容。各乡镇科协要结合实际，组织科普讲座、科普展览和科技咨询等活动，做好宣传报道。',
      '三、工作要求。请各单位高度重视，认真组织实施，于活动结束后5个工作日内报送总结和照片。',
    ],
    date: '2023-02-10',
  }, { dpi: 150, angle: 3 });
  await makeSignInJpeg(path.join(dir, 'signin.jpg'), {
    title: '科普工作推进会签到表',
    date: '2023年3月22日',
    place: '县科协会议室',
    signers: NAMES.map((name) => ({ name, unit: '县科协', post: '干事' })),
    exifTime: '2023:03:22 09:00:00',
    seed: 3,
  });
  await makeEventPhoto(path.join(dir, 'scene.jpg'), { width: 4000, height: 3000, banner: '科普宣传进社区活动', seed: 5, exifTime: '2023:03:22 09:30:00' });
}

/** A 10 ms interval on this thread; how late each tick came. */
function lagMeter(): { stop(): { max: number; p95: number } } {
  const delays: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      const s = delays.sort((a, b) => a - b);
      return { max: s.at(-1) ?? 0, p95: s[Math.floor(s.length * 0.95)] ?? 0 };
    },
  };
}

interface Read {
  texts: string[];
  scene: boolean;
}

function tally(reads: Read[]): Pick<ChildOut, 'names' | 'title' | 'scenes'> {
  const all = reads.map((r) => r.texts.join('\n'));
  const sheet = all.find((t) => t.includes('签到表')) ?? '';
  return {
    names: NAMES.filter((n) => sheet.includes(n)).length,
    title: all.some((t) => t.replace(/\s/g, '').includes(TITLE)),
    scenes: reads.filter((r) => r.scene).length,
  };
}

// ---------------------------------------------------------------------------------------------
// The children

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

interface Reader {
  read(file: string): Promise<Read>;
}

async function floorReader(engine: EngineName, threads: number, files: string[]): Promise<Reader> {
  // The floor reads what prepareForOcr made, prepared before the clock starts.
  const prepared = new Map<string, Buffer>();
  for (const f of new Set(files)) prepared.set(f, (await prepareForOcr(f)).image);
  if (engine === 'paddle') {
    const mod = await importEsm(pathToFileURL(require.resolve('@gutenye/ocr-node')).href);
    const Ocr = mod.default as { create(o: object): Promise<{ detect(img: Buffer): Promise<{ text: string }[]> }> };
    const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } });
    return { read: async (f) => ({ texts: (await ocr.detect(prepared.get(f)!)).map((l) => l.text), scene: false }) };
  }
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
  const worker = await createWorker('chi_sim', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  // The settings main/text/ocr/tesseract.ts uses: with tesseract.js's default (one block of text)
  // a ruled table reads as noise.
  await worker.setParameters({ user_defined_dpi: '300', tessedit_pageseg_mode: PSM.AUTO });
  return {
    async read(f) {
      const { data } = await worker.recognize(prepared.get(f)!, {}, { blocks: true });
      const texts = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.map((l) => l.text.replace(/\s+/g, ''))));
      return { texts, scene: false };
    },
  };
}

async function child(side: 'floor' | 'client', engine: EngineName, threads: number, dir: string, copies: number): Promise<void> {
  const files = Array.from({ length: copies }, () => PAGES.map((p) => path.join(dir, p))).flat();
  const t0 = performance.now();
  let client: OcrClient | null = null;
  let reader: Reader;
  if (side === 'client') {
    const c = await OcrClient.start({ engine, threads });
    client = c;
    reader = { read: async (f) => {
      const page = await c.read(f, { sceneCheck: true });
      return { texts: page.lines.map((l) => l.text), scene: page.scene };
    } };
  } else reader = await floorReader(engine, threads, files);
  const loadSeconds = (performance.now() - t0) / 1000;
  // The client's engine is in its own process: its memory is added to this one's, sampled.
  let together = 0;
  const sampler = setInterval(() => {
    const pid = client?.pid;
    together = Math.max(together, process.memoryUsage.rss() + (pid ? (vmRss(pid) ?? 0) : 0));
  }, 50);
  const lag = lagMeter();
  const t1 = performance.now();
  const reads: Read[] = [];
  for (const f of files) reads.push(await reader.read(f));
  const readSeconds = (performance.now() - t1) / 1000;
  const { max, p95 } = lag.stop();
  clearInterval(sampler);
  await client?.close();
  const out: ChildOut = {
    loadSeconds,
    readSeconds,
    pages: files.length,
    lagMaxMs: max,
    lagP95Ms: p95,
    maxRss: client ? together : process.resourceUsage().maxRSS * 1024,
    mainRss: process.resourceUsage().maxRSS * 1024,
    engine: client?.engine ?? engine,
    ...tally(reads),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  // The floor's tesseract worker and onnxruntime's threads would keep the process alive.
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------

function summary(runs: Side['runs']): Side {
  const readSeconds = median(runs.map((r) => r.readSeconds));
  return {
    runs,
    pagesPerSecond: runs[0].pages / readSeconds,
    secondsPerPage: readSeconds / runs[0].pages,
    loadSeconds: median(runs.map((r) => r.loadSeconds)),
    lagMaxMs: Math.max(...runs.map((r) => r.lagMaxMs)),
    lagP95Ms: median(runs.map((r) => r.lagP95Ms)),
    peakRssMb: Math.max(...runs.map((r) => Math.max(r.maxRss, r.sampledPeakRss))) / MB,
    mainRssMb: Math.max(...runs.map((r) => r.mainRss)) / MB,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, side, engine, threads, dir, copies] = argv;
    await child(side as 'floor' | 'client', engine as EngineName, Number(threads), dir, Number(copies));
    return;
  }
  const o = options();
  const dir = o.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tz-bench-ocr-'));
  await makePages(dir);
  const results: { engine: EngineName; floor: Side; client: Side }[] = [];
  for (const engine of o.engines) {
    const floorRuns: Side['runs'] = [];
    const clientRuns: Side['runs'] = [];
    for (let run = 1; run <= o.runs; run++) {
      for (const side of ['floor', 'client'] as const) {
        const r = await runMeasuredChild(__filename, ['--child', side, engine, String(o.threads), dir, String(o.copies)]);
        const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildOut;
        // A fast side that read nothing is no result: the sheet's names and the notice's title must be there.
        if (out.names < 8 || !out.title) throw new Error(`${engine} ${side} read too little: ${out.names}/10 names, title ${out.title}`);
        if (side === 'client' && out.scenes !== o.copies) throw new Error(`${engine} client: ${out.scenes} scenes of ${o.copies}`);
        (side === 'floor' ? floorRuns : clientRuns).push({ ...out, sampledPeakRss: r.sampledPeakRss });
        log(
          `${engine} run ${run}: ${side.padEnd(6)} ${(out.readSeconds / out.pages).toFixed(2)} s/page, load ${out.loadSeconds.toFixed(1)} s, ` +
            `lag max ${out.lagMaxMs.toFixed(0)} ms p95 ${out.lagP95Ms.toFixed(0)} ms, peak RSS ${(Math.max(out.maxRss, r.sampledPeakRss) / MB).toFixed(0)} MB, ` +
            `${out.names}/10 names, title ${out.title ? 'yes' : 'no'}, ${out.scenes} scenes`,
        );
      }
    }
    results.push({ engine, floor: summary(floorRuns), client: summary(clientRuns) });
  }
  if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), options: o, results }, null, 2)}\n`);
    return;
  }
  const m = machine();
  const rows = results.flatMap((r) =>
    (['floor', 'client'] as const).map((side) => {
      const s = r[side];
      return [
        `${r.engine} ${side}`,
        s.secondsPerPage.toFixed(2),
        s.pagesPerSecond.toFixed(2),
        s.loadSeconds.toFixed(1),
        s.peakRssMb.toFixed(0),
        s.mainRssMb.toFixed(0),
        s.lagMaxMs.toFixed(0),
        s.lagP95Ms.toFixed(0),
      ];
    }),
  );
  console.log(
    [
      `machine: ${m.cpus} × ${m.cpuModel}, ${m.platform}, node ${m.node}, ${m.totalMemMb} MB`,
      `pages: notice photo, sign-in sheet, event photo × ${o.copies}; onnxruntime threads ${o.threads}; median of ${o.runs} run(s)`,
      'floor: the engine alone in-process on prepared images; client: OcrClient.read in its worker (prepare, scene check, engine)',
      '',
      table(['side', 's/page', 'pages/s', 'load s', 'peak RSS MB', 'main RSS MB', 'lag max ms', 'lag p95 ms'], rows),
      '',
      ...results.map((r) => `${r.engine}: client/floor time per page ${(r.client.secondsPerPage / r.floor.secondsPerPage).toFixed(2)}`),
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
