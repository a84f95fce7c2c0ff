// The 催报单: what each department still owes, by when, printed (PDF) for the 创建办 to send.
import type { Archive } from '../archive/archive';
import type { JobOptions } from '../jobs/cancel';
import { TaizhangError } from '../../shared/errors';

export interface ReminderResult {
  file: string;
  pages: number;
  departments: number;
}

export async function exportReminder(_a: Archive, _out: string, _opts: { department?: string }, _job: JobOptions): Promise<ReminderResult> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
