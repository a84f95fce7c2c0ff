// The packet jobs: 任务包 out (one department, or one per department into a folder), 回传包 back,
// and the 回传包 of a department's archive in 填报模式 — the same service functions the CLI calls.
import path from 'node:path';
import type { Archive } from '../../archive/archive';
import { DEFAULT_ACTOR } from '../../archive/change-log';
import { EXPORT_FILE_NAMES, packetFileName, type JobSpec } from '../../../shared/api';
import type { JobWork } from '../../api/jobs';
import { currentActor, logName } from '../../api/actor';
import { exportDir } from '../../api/job-work';
import { chineseDateTime, sizeText } from '../../../shared/names';
import { packetImportText } from '../../../shared/collect-types';
import { TaizhangError } from '../../../shared/errors';
import { exportAllTaskPackets, exportTaskPacket, packetOutput } from './export';
import { departmentsOverview } from '../departments';
import { importReturnPacket } from './import';
import { exportReturnPacket, unassignedWarning } from './return';
import fs from 'node:fs/promises';

/**
 * Checks the spec and returns the work; mistakes (an existing file without overwrite) are reported
 * before the job starts, as the other exports do. `onChanged` is told once a merge has written.
 */
export async function packetJobWork(a: Archive, spec: JobSpec, onChanged: () => void = () => undefined): Promise<JobWork> {
  const where = async (name: string) => {
    const dir = await exportDir(a);
    const out = path.resolve(dir, spec.out ?? name);
    if (path.dirname(out) === dir) await fs.mkdir(dir, { recursive: true });
    return out;
  };
  const free = async (file: string) => {
    // The clerk is asked before a file goes (the interface starts again with overwrite).
    if (spec.overwrite || !(await fs.stat(file).catch(() => null))) return;
    await packetOutput(a, file, false);
  };
  const opts = { ...(spec.deadline && { deadline: spec.deadline }), ...(spec.overwrite != null && { overwrite: spec.overwrite }) };
  switch (spec.kind) {
    case 'export-packet': {
      if (spec.department) {
        const department = spec.department;
        const out = await where(packetFileName(department));
        await free(out);
        return async (job) => {
          const r = await exportTaskPacket(a, department, out, opts, job);
          return {
            output: r.out,
            summary: `已导出“${r.department}”的任务包：${r.indicators} 个指标${r.returned ? `，退回修改的材料 ${r.returned} 件` : ''}，${sizeText(r.bytes)}。`,
            warnings: [],
            result: r,
          };
        };
      }
      const dir = await where(EXPORT_FILE_NAMES['export-packet']);
      for (const d of (await departmentsOverview(a)).departments) if (d.assignments > 0) await free(path.join(dir, packetFileName(d.name)));
      return async (job) => {
        const r = await exportAllTaskPackets(a, dir, opts, job);
        return { output: r.dir, summary: `已导出 ${r.packets.length} 个责任单位的任务包。`, warnings: [], result: r };
      };
    }
    case 'import-packet': {
      const file = spec.paths?.[0];
      if (!file) throw new TaizhangError('BAD_INPUT', '请选择要接收的回传包（.zip 文件）。');
      const actor = logName(currentActor(), DEFAULT_ACTOR);
      return async (job) => {
        const r = await importReturnPacket(a, file, actor, job).finally(onChanged);
        return { output: null, summary: packetImportText(r, chineseDateTime), warnings: r.left.map((t) => `《${t}》没有归到“${r.department}”负责的指标下，未接收。`), result: r };
      };
    }
    case 'export-return': {
      const out = await where(EXPORT_FILE_NAMES['export-return']);
      await free(out);
      return async (job) => {
        const r = await exportReturnPacket(a, out, opts, job);
        return {
          output: r.out,
          summary: `已生成第 ${r.sequence} 份回传包：${r.items} 件材料${r.corrected ? `（其中退回修改后重新提交 ${r.corrected} 件）` : ''}，${sizeText(r.bytes)}。请把它交给创建办。`,
          warnings: [...r.left.map((t) => `《${t}》还没有归到指标下，没有放进回传包。`), ...r.unassigned.map(unassignedWarning)],
          result: r,
        };
      };
    }
    default:
      throw new TaizhangError('INTERNAL', `不是任务包的任务：${spec.kind}`);
  }
}
