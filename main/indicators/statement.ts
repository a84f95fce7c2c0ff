// The clerk's statement on a lowest-level indicator: what the 提交表 prints under 结论性说明 and
// 自评分, and the 实际完成 figure that replaces the count made from the files when the clerk knows
// better ("另有 3 次在乡镇台账中"). Checked here, for every door: only lowest levels, a 自评分
// within the 分值, and a reason for every 实际完成.
import type { Archive } from '../archive/archive';
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import { listIndicators } from '../archive/indicators-repo';
import { getStatement, writeStatement } from '../archive/statements-repo';
import { TaizhangError } from '../../shared/errors';
import { effectiveTarget } from '../../shared/targets';
import { decimalText } from '../../shared/names';
import type { IndicatorStatement } from '../../shared/domain';
import type { StatementPatch } from '../../shared/api';


export async function stateIndicator(archive: Archive, code: string, patch: StatementPatch, actor = DEFAULT_ACTOR): Promise<{ statement: IndicatorStatement; message: string }> {
  return archive.db.transaction(async (tx) => {
    const all = await listIndicators(tx);
    const ind = all.find((i) => i.code === code && !i.removed);
    if (!ind) throw new TaizhangError('NOT_FOUND', `找不到编号为 ${code} 的指标。请刷新后重新选择。`);
    if (all.some((i) => i.parentId === ind.id && !i.removed)) {
      throw new TaizhangError('BAD_INPUT', `指标 ${code}「${ind.title}」下还有下级指标；结论性说明、自评分和实际完成填在末级指标上。`);
    }
    const before = await getStatement(tx, ind.id);
    const next = {
      conclusion: (patch.conclusion ?? before.conclusion).trim(),
      selfScore: patch.selfScore !== undefined ? patch.selfScore : before.selfScore,
      actual: patch.actual !== undefined ? patch.actual : before.actual,
      actualReason: (patch.actualReason ?? before.actualReason).trim(),
    };
    if (next.selfScore != null && ind.score != null && next.selfScore > ind.score) {
      throw new TaizhangError('BAD_INPUT', `自评分 ${decimalText(next.selfScore)} 超过了指标 ${code} 的分值 ${decimalText(ind.score)} 分，请填写 0 到 ${decimalText(ind.score)} 之间的分数。`);
    }
    if (patch.actual != null && patch.actual !== before.actual && patch.actualReason === undefined && before.actualReason) {
      throw new TaizhangError('BAD_INPUT', `实际完成改为 ${decimalText(patch.actual)} 后，原来的说明“${before.actualReason}”可能不再相符，请同时写明新的依据。`);
    }
    const unit = effectiveTarget(ind.requirement, ind.target)?.unit ?? '';
    if (next.actual != null && unit && unit !== '%' && !Number.isInteger(next.actual)) {
      throw new TaizhangError('BAD_INPUT', `实际完成以“${unit}”计，应为整数，而不是 ${decimalText(next.actual)}。`);
    }
    if (next.actual != null && !next.actualReason) {
      throw new TaizhangError('BAD_INPUT', `填写实际完成时请说明依据（例如“另有 3 次在乡镇台账中”），检查组会问到。`);
    }
    // A reason without a figure says nothing the count does not; it goes with the figure.
    if (next.actual == null && patch.actual === null) next.actualReason = '';
    await writeStatement(tx, ind.id, next, actor);
    const message = `已保存指标 ${code}「${ind.title}」的自评情况。`;
    await logChange(tx, {
      actor: actor || DEFAULT_ACTOR,
      action: 'indicator.state',
      subject: code,
      detail: { message, before: { ...before, updatedAt: undefined }, after: next },
    });
    return { statement: { ...next, updatedAt: new Date().toISOString() }, message };
  });
}
