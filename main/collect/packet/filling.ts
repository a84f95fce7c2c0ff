// What a department's archive (opened from a 任务包, 填报模式) is for (OWNED BY the packet helper, issue 15).
import type { Archive } from '../../archive/archive';
import type { FillingInfo } from '../../../shared/collect-types';

/** The packet this archive was opened from, or null for a 创建办 archive. */
export async function fillingInfo(_a: Archive): Promise<FillingInfo | null> {
  return null;
}
