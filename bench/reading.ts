// bench:reading — the background reader as the clerk meets it: a folder of photographed notices,
// sign-in sheets and event photos imported through the service, then read by text.start while
// the interface keeps clicking (items.list, items.get, indicators.tree, items.search every 250 ms).
// Reports the import's time (reading is after intake, not in it), the reading's pages per second
// and peak RSS, and each click's latency while reading against the same clicks with the reader
// idle (goal: p95 well under 300 ms).
import '../main/threadpool';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '../main/api/api';
import { makeEventPhoto, makeSignInJpeg } from '../main/demo/sample-files';
import type { JobInfo } from '../shared/api';
import type { TextProgress } from '../shared/text-types';
import { makeArchive } from '../test/helpers/archive';
import { makeNoticePhoto } from '../test/helpers/paper';
import { MB, RssSampler, log, machine, parseArgs, table } from './lib';

const NAMES = '张伟 王芳 李娜 刘洋 陈静 杨磊 赵敏 黄强 周杰 吴霞 孙丽 马超 朱红 胡军 郭敏 何平'.split(' ');

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['documents', 'scenes'], flags: [] });
  const documents = Number(args.get('documents') ?? 6);
  const scenes = Number(args.get('scenes') ?? 6);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tz-bench-reading-'));
  try {
    log(`making ${documents} document photos and ${scenes} event photos…`);
    const ev = path.join(root, 'evidence', '召开工作推进会');
    for (let i = 0; i < documents; i++) {
      const day = `2023-0${1 + (i % 9)}-1${i % 10}`;
      const folder = path.join(ev, `${day} 推进会`);
      if (i % 2) await makeNoticePhoto(path.join(folder, '通知.jpg'));
      else {
        await makeSignInJpeg(path.join(folder, '签到表.jpg'), {
          title: '科普工作推进会', date: day, place: '县科协会议室', seed: i + 1, exifTime: `${day.replace(/-/g, ':')} 09:00:00`,
          signers: NAMES.slice(0, 8 + (i % 8)).map((name) => ({ name, unit: '县科协', post: '干事' })),
        });
      }
    }
    for (let i = 0; i < scenes; i++) {
      await makeEventPhoto(path.join(ev, `2023-10-1${i % 10} 活动`, `现场${i + 1}.jpg`), { width: 4032, height: 3024, seed: 100 + i, banner: '科普宣传周活动', exifTime: `2023:10:1${i % 10} 10:00:00` });
    }
    const archive = await makeArchive(root, 'archive');
    const dir = archive.dir;
    await archive.close();
    const api = createApi({ stateDir: path.join(root, 'state'), desktop: null, version: 'bench' });
    await api.open(dir);
    const call = async <T>(m: string, a: unknown): Promise<T> => {
      const r = await api.call(m, a);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    let t = performance.now();
    const job = await call<JobInfo>('jobs.start', { kind: 'import', paths: [path.join(root, 'evidence')] });
    await new Promise<void>((resolve) => {
      const stop = api.onEvent((e) => {
        if (e.type === 'job' && e.job.id === job.id && e.job.state !== 'running') {
          stop();
          resolve();
        }
      });
    });
    const importSeconds = (performance.now() - t) / 1000;
    const items = await call<{ id: number }[]>('items.list', {});

    /** One round of the clicks the interface makes; each one's latency in ms. */
    const clicks = async (): Promise<number[]> => {
      const out: number[] = [];
      for (const [m, a] of [
        ['items.list', {}],
        ['items.get', { id: items[out.length % items.length].id }],
        ['indicators.tree', {}],
        ['items.search', { query: '张伟' }],
      ] as const) {
        const c = performance.now();
        await call(m, a);
        out.push(performance.now() - c);
      }
      return out;
    };
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) idle.push(...(await clicks()));

    const rss = new RssSampler(100).start();
    t = performance.now();
    await call('text.start', {});
    const busy: number[] = [];
    let status: TextProgress;
    for (;;) {
      busy.push(...(await clicks()));
      status = await call<TextProgress>('text.status', {});
      if (status.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const readSeconds = (performance.now() - t) / 1000;
    const mem = rss.stop();
    const pages = status.done;
    await api.close();
    const m = machine();
    console.log(`${m.cpus} × ${m.cpuModel}, ${m.node}; ${documents} document photos + ${scenes} event photos (4032×3024)`);
    console.log(`import ${importSeconds.toFixed(1)} s; reading ${readSeconds.toFixed(1)} s for ${pages} files = ${(pages / readSeconds).toFixed(2)} files/s; peak RSS ${Math.round(mem.peak / MB)} MB (start ${Math.round(mem.start / MB)} MB)`);
    console.log(table(['clicks', 'n', 'p50 ms', 'p95 ms', 'max ms'], [
      ['reader idle', String(idle.length), pct(idle, 0.5).toFixed(1), pct(idle, 0.95).toFixed(1), Math.max(...idle).toFixed(1)],
      ['while reading', String(busy.length), pct(busy, 0.5).toFixed(1), pct(busy, 0.95).toFixed(1), Math.max(...busy).toFixed(1)],
    ]));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

void main();
