// 新增指标 / 编辑指标: 编号, 名称, 要求 with the target read from it beside it (and a target set by
// hand when the reading is wrong), 分值, 方法/依据, 责任单位.
import { useState } from 'react';
import type { IndicatorNode } from '../../../../shared/api';
import type { Target } from '../../../../shared/domain';
import { describeTarget, parseTarget } from '../../../../shared/targets';
import { ApiError, call } from '../../api/client';
import { Button, Dialog, Field } from '../../components';
import { editIndicators } from './indicator-edits';

export type EditMode =
  | { kind: 'add'; parent: IndicatorNode | null; position?: number }
  | { kind: 'edit'; node: IndicatorNode };

export function IndicatorEditDialog({ mode, onClose }: { mode: EditMode; onClose(): void }) {
  const node = mode.kind === 'edit' ? mode.node : null;
  const [code, setCode] = useState(node?.code ?? '');
  const [title, setTitle] = useState(node?.title ?? '');
  const [requirement, setRequirement] = useState(node?.requirement ?? '');
  const [score, setScore] = useState(node?.score != null ? String(node.score) : '');
  const [basis, setBasis] = useState(node?.basis ?? '');
  const [department, setDepartment] = useState(node?.department ?? '');
  const [count, setCount] = useState(node?.target ? String(node.target.count) : '');
  const [unit, setUnit] = useState(node?.target?.unit ?? '');
  const [targetTouched, setTargetTouched] = useState(false);
  const [error, setError] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // The target as the service would read it: from the new text, unless the clerk set one by hand.
  const read = parseTarget(requirement);
  const requirementChanged = requirement !== (node?.requirement ?? '');
  // A target set by hand earlier stays when the text changes (the service keeps it too).
  const wasRead = parseTarget(node?.requirement ?? '');
  const same = (a: Target | null, b: Target | null) => (a && b ? a.count === b.count && a.unit === b.unit : a === b);
  const handSet = !!node && !same(node.target, wasRead);
  // The target the fields show until the clerk types in them.
  const untouched = node && (!requirementChanged || handSet) ? node.target : read;
  const shownTarget = targetTouched
    ? count.trim() && unit.trim()
      ? describeTarget({ count: Number(count), unit: unit.trim() })
      : '无数量目标'
    : node && !requirementChanged
      ? node.targetText || '无数量目标'
      : node && handSet
        ? `${describeTarget(node.target) || '无数量目标'}（以前手动设定，不随要求改变）`
        : describeTarget(read) || '无数量目标';

  const scoreValue = score.trim() === '' ? null : Number(score);
  /** The first thing wrong with the form, or null. */
  const problem = (): { field: string; text: string } | null => {
    if (!title.trim()) return { field: 'title', text: '请填写指标名称。' };
    if (scoreValue != null && !(Number.isFinite(scoreValue) && scoreValue >= 0)) return { field: 'score', text: '分值应是不小于 0 的数，不计分请留空。' };
    if (targetTouched && (count.trim() || unit.trim()) && !(Number(count) > 0 && unit.trim()))
      return { field: 'target', text: '目标要填数量（大于 0）和单位（如 次、人次、%），不要目标请两项都留空。' };
    return null;
  };

  const submit = async () => {
    const wrong = problem();
    setError(wrong);
    if (wrong) return;
    const target: Target | null | undefined = targetTouched ? (count.trim() && unit.trim() ? { count: Number(count), unit: unit.trim() } : null) : undefined;
    setBusy(true);
    let refused: unknown = null;
    const ok = await editIndicators(async () => {
      try {
        if (mode.kind === 'add')
          return await call('indicators.add', {
            parent: mode.parent?.code ?? null,
            position: mode.position,
            code: code.trim() || undefined,
            title: title.trim(),
            requirement,
            score: scoreValue,
            basis,
            department: department.trim(),
            target,
          });
        const n = mode.node;
        const patch: Parameters<typeof call<'indicators.update'>>[1]['patch'] = {};
        if (code.trim() && code.trim() !== n.code) patch.code = code.trim();
        if (title.trim() !== n.title) patch.title = title.trim();
        if (requirement !== n.requirement) patch.requirement = requirement;
        if (scoreValue !== n.score) patch.score = scoreValue;
        if (basis !== n.basis) patch.basis = basis;
        if (department.trim() !== n.department) patch.department = department.trim();
        if (target !== undefined) patch.target = target;
        return await call('indicators.update', { code: n.code, patch });
      } catch (e) {
        // A field the service refused is shown at that field, not only in a notice.
        refused = e;
        throw e;
      }
    });
    setBusy(false);
    if (ok) onClose();
    else if (refused instanceof ApiError) setError({ field: refused.field?.replace(/^patch\./, '') ?? '', text: refused.message });
  };

  const at = (f: string) => (error?.field === f ? error.text : null);
  const other = error && !['title', 'score', 'target', 'code'].includes(error.field) ? error.text : null;
  const heading = mode.kind === 'edit' ? `编辑指标 ${mode.node.code}` : mode.parent ? `在 ${mode.parent.code} ${mode.parent.title} 下新增指标` : '新增一级指标';

  return (
    <Dialog
      title={heading.length > 40 ? `${heading.slice(0, 39)}…` : heading}
      onClose={onClose}
      width={720}
      testId="indicator-edit"
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void submit()} disabled={busy} data-testid="indicator-edit-save">
            {mode.kind === 'add' ? '新增' : '保存'}
          </Button>
        </>
      }
    >
      <form
        className="form-grid indicator-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="编号" error={at('code')} hint={mode.kind === 'add' ? '留空按位置自动编号' : '改编号时，下级指标的编号随之改变'}>
          <input className="tz-input" value={code} onChange={(e) => setCode(e.target.value)} placeholder={mode.kind === 'add' ? '自动编号' : ''} data-testid="indicator-edit-code" style={{ width: 160 }} />
        </Field>
        <Field label="名称" error={at('title')}>
          <input className="tz-input" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="indicator-edit-title" />
        </Field>
        <Field label="要求" hint="评分标准、测评内容">
          <textarea className="tz-input" rows={3} value={requirement} onChange={(e) => setRequirement(e.target.value)} data-testid="indicator-edit-requirement" />
        </Field>
        <Field label="目标" error={at('target')} hint={targetTouched ? '按这里填的目标自查；数量和单位都留空表示没有数量目标' : '从要求中读出；读得不对时直接改全年数量和单位（手填的目标按全年总数核对）'}>
          <div className="indicator-target" data-testid="indicator-edit-target">
            <span className="indicator-target-text" data-testid="indicator-edit-target-text">
              {shownTarget}
            </span>
            <span className="muted" style={{ flex: 'none' }}>
              全年共
            </span>
            <input
              className="tz-input"
              aria-label="目标数量"
              inputMode="decimal"
              value={targetTouched ? count : untouched ? String(untouched.count) : ''}
              onChange={(e) => {
                if (!targetTouched) setUnit(untouched?.unit ?? '');
                setTargetTouched(true);
                setCount(e.target.value);
              }}
              style={{ width: 80 }}
            />
            <input
              className="tz-input"
              aria-label="目标单位"
              value={targetTouched ? unit : (untouched?.unit ?? '')}
              onChange={(e) => {
                if (!targetTouched) setCount(untouched ? String(untouched.count) : '');
                setTargetTouched(true);
                setUnit(e.target.value);
              }}
              placeholder="单位"
              style={{ width: 72 }}
            />
          </div>
        </Field>
        <Field label="分值" error={at('score')}>
          <input className="tz-input" inputMode="decimal" value={score} onChange={(e) => setScore(e.target.value)} placeholder="不计分留空" data-testid="indicator-edit-score" style={{ width: 120 }} />
        </Field>
        <Field label="方法/依据" hint="测评方法、考核依据">
          <textarea className="tz-input" rows={2} value={basis} onChange={(e) => setBasis(e.target.value)} data-testid="indicator-edit-basis" />
        </Field>
        <Field label="责任单位" hint="多个单位用顿号分开">
          <input className="tz-input" value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="indicator-edit-department" />
        </Field>
        {other && (
          <div className="tz-field-error" role="alert" data-testid="indicator-edit-error">
            {other}
          </div>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
