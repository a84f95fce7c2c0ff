// The packet jobs (OWNED BY the packet helper, issue 15): 任务包 out, 回传包 back, the return of a
// department's archive in 填报模式.
import type { Archive } from '../../archive/archive';
import type { JobSpec } from '../../../shared/api';
import type { JobWork } from '../../api/jobs';
import { TaizhangError } from '../../../shared/errors';

export async function packetJobWork(_a: Archive, _spec: JobSpec): Promise<JobWork> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
