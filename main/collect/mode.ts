// An archive is the 创建办's own, or a department's opened from a 任务包 (填报模式), which makes
// only the 回传包: its dossier would be a part posing as the whole.
import type { Archive } from '../archive/archive';
import { sql } from '../archive/db';
import { TaizhangError } from '../../shared/errors';

export type ArchiveMode = 'office' | 'department';

export async function archiveMode(a: Archive): Promise<ArchiveMode> {
  const r = await a.db.get<{ mode: ArchiveMode }>(sql`SELECT mode FROM campaign WHERE id = 1`);
  return r?.mode ?? 'office';
}

/** Refuses what the archive's mode does not make (an export in 填报模式, a 回传包 in the 创建办's archive). */
export async function assertMode(a: Archive, want: ArchiveMode, what: string): Promise<void> {
  if ((await archiveMode(a)) === want) return;
  throw new TaizhangError(
    'BAD_INPUT',
    want === 'office'
      ? `这是责任单位的填报档案（填报模式），不能${what}；填好材料后请生成回传包，交给创建办。`
      : `只有从任务包打开的填报档案才能${what}；创建办的档案请用“导出任务包”。`,
  );
}
