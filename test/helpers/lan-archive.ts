// An archive for the LAN tests: indicators owed by three departments (one of them shared by
// two), an item of the 创建办's own, and the accounts of each role.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import { importPaths } from '../../main/intake/import';
import { addUser } from '../../main/collect/users';
import { makeJpeg } from '../../main/demo/sample-files';
import type { Api } from '../../main/api/api';
import type { Caller } from '../../main/api/actor';
import type { JobInfo } from '../../shared/api';
import type { Actor } from '../../shared/collect-types';
import { drafts } from './archive';

export const PASSWORD = 'mima-2023-kepu';

export const LAN_INDICATORS = drafts([
  { code: '1', title: '加强组织领导' },
  { code: '1.1', title: '成立领导小组', department: '县科协' },
  { code: '1.2', title: '召开工作推进会', department: '县科协、县教育局' },
  { code: '2', title: '突出工作重点' },
  { code: '2.1', title: '党员干部科技培训', department: '县教育局' },
  { code: '2.2', title: '科技志愿服务活动', department: '县卫健委' },
]);

export const ACTORS = {
  office: { user: 'zhang', role: 'office', department: null },
  kexie: { user: 'kexie', role: 'department', department: '县科协' },
  jiaoyu: { user: 'jiaoyu', role: 'department', department: '县教育局' },
  reviewer: { user: 'shen', role: 'reviewer', department: null },
} satisfies Record<string, Actor>;

export const as = (actor: Actor): Caller => ({ actor, address: '127.0.0.1' });

/** The archive folder, with the 创建办's own item (two photos) filed under 2.2. */
export async function lanArchive(root: string): Promise<string> {
  const dir = path.join(root, 'archive');
  const a = await Archive.create(dir, { name: '全国科普示范县创建', unit: '某县科协', year: 2023 });
  try {
    await a.db.transaction((tx) => mergeIndicators(tx, LAN_INDICATORS));
    const own = path.join(root, 'office', '2023-05-20 志愿服务');
    await makeJpeg(path.join(own, '现场1.jpg'), { width: 1200, height: 900, seed: 31 });
    await makeJpeg(path.join(own, '现场2.jpg'), { width: 1200, height: 900, seed: 32 });
    await importPaths(a, [own], { indicatorCode: '2.2' });
    for (const actor of Object.values(ACTORS)) {
      await addUser(a, { name: actor.user, role: actor.role, department: actor.department ?? undefined, password: PASSWORD });
    }
  } finally {
    await a.close();
  }
  return dir;
}

/** Photos for a department to file: a folder of `n` JPEGs, each different. */
export async function photos(dir: string, n: number, seed: number): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, `照片${i + 1}.jpg`);
    await makeJpeg(file, { width: 1000, height: 750, seed: seed + i, exifTime: '2023:06:01 10:00:00' });
    out.push(file);
  }
  return out;
}

/** Runs an import job as the caller and waits for it to end. */
export async function importAs(api: Api, caller: Caller, paths: string[], indicator: string): Promise<JobInfo> {
  const ended = new Promise<JobInfo>((resolve) => {
    const stop = api.onEvent((e) => {
      if (e.type === 'job' && e.job.state !== 'running') {
        stop();
        resolve(e.job);
      }
    });
  });
  const r = await api.call('jobs.start', { kind: 'import', paths, indicator }, caller);
  if (!r.ok) throw new Error(r.error.message);
  const job = await ended;
  if (job.state !== 'done') throw new Error(job.error?.message ?? job.state);
  return job;
}
