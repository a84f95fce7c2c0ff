// A department opens its 任务包 (OWNED BY the packet helper, issue 15).
import type { PacketOpenReport } from '../../../shared/collect-types';
import { TaizhangError } from '../../../shared/errors';

/** Verifies the packet and makes the department's own archive (填报模式) in the empty folder dir. */
export async function openPacket(_zip: string, _dir: string): Promise<PacketOpenReport> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
