// 审核: the 创建办 accepts or returns (退回, with a reason) the items a department submitted.
import type { Archive } from '../archive/archive';
import type { ItemsOutcome } from '../items/action';
import { TaizhangError } from '../../shared/errors';

export type ReviewDecision = 'accept' | 'return' | 'pending';

export async function reviewItems(_a: Archive, _ids: number[], _decision: ReviewDecision, _reason: string, _actor: string): Promise<ItemsOutcome> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
