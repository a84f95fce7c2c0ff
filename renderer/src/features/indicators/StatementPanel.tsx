// 自评: the clerk's statement on the selected lowest-level indicator, above its items — 要求 ·
// 实际 · status, which items count and which do not (with the reason), and the 结论性说明,
// 自评分 and 实际完成 the 提交表 prints. Folds to one line. Edits are saved with 保存 and also when
// the focus leaves the panel (clicking the tree or the list saves them); an edit the service
// refuses stays as a draft of that indicator, shown again with the reason when it is selected.
import { useEffect, useId, useState, type FocusEvent } from 'react';
import type { IndicatorNode, StatementPatch } from '../../../../shared/api';
import { chineseDate } from '../../../../shared/names';
import type { IndicatorCheck } from '../../../../shared/check-types';
import type { IndicatorStatement } from '../../../../shared/domain';
import { call, errorText, isDesktop } from '../../api/client';
import { Button, StatusBadge, toast } from '../../components';
import { progressText } from '../../format';
import { app, openItem, useReadOnly } from '../../state/app-state';
import { createStore } from '../../state/store';
import { indicatorUndo } from './indicator-edits';
import './statement.css';

/** The fields as typed (numbers as text, so a half-typed "2." is not lost). */
interface Draft {
  conclusion: string;
  selfScore: string;
  actual: string;
  actualReason: string;
}

const numText = (n: number | null): string => (n == null ? '' : String(n));

function fromStatement(s: IndicatorStatement): Draft {
  return { conclusion: s.conclusion, selfScore: numText(s.selfScore), actual: numText(s.actual), actualReason: s.actualReason };
}

function sameDraft(a: Draft, b: Draft): boolean {
  const n = (t: string) => (t.trim() === '' ? '' : String(Number(t.trim())));
  return a.conclusion.trim() === b.conclusion.trim() && n(a.selfScore) === n(b.selfScore) && n(a.actual) === n(b.actual) && a.actualReason.trim() === b.actualReason.trim();
}

/** Edits not saved yet, by indicator code (kept when the clerk selects another indicator). */
const drafts = createStore<{ byCode: Record<string, { draft: Draft; error: string | null }> }>({ byCode: {} });

function setEntry(code: string, entry: { draft: Draft; error: string | null } | null): void {
  drafts.set((s) => {
    const byCode = { ...s.byCode };
    if (entry) byCode[code] = entry;
    else delete byCode[code];
    return { byCode };
  });
}

// Drafts belong to the archive they were typed in: another archive (its own 2.1) starts without them.
let draftsOf: string | null = null;
app.subscribe(() => {
  const dir = app.get().session?.archive?.dir ?? null;
  if (dir === draftsOf) return;
  draftsOf = dir;
  if (Object.keys(drafts.get().byCode).length) drafts.set({ byCode: {} });
});

/** Drafts that differ from what the archive holds. */
function unsavedCodes(): string[] {
  const tree = app.get().tree;
  return Object.entries(drafts.get().byCode)
    .filter(([code, e]) => {
      const n = tree?.nodes.find((x) => x.code === code);
      return n && !sameDraft(e.draft, fromStatement(n.statement));
    })
    .map(([code]) => code);
}

// A reload or a closed tab in the browser while a draft is unsaved: the browser asks first. (Not in
// the desktop window, where a beforeunload answer would silently keep the window from closing.)
if (!isDesktop)
  window.addEventListener('beforeunload', (e) => {
    if (unsavedCodes().length === 0) return;
    e.preventDefault();
    e.returnValue = '';
  });

/** A number field's value for the service: null when empty, NaN when not a number. */
function parseNumber(t: string): number | null {
  const s = t.trim();
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

/** Saves the draft of `code`; the refusal stays with the draft. True when saved (or nothing to save). */
async function saveDraft(code: string): Promise<boolean> {
  const entry = drafts.get().byCode[code];
  if (!entry) return true;
  const { draft } = entry;
  const selfScore = parseNumber(draft.selfScore);
  const actual = parseNumber(draft.actual);
  if (Number.isNaN(selfScore) || Number.isNaN(actual)) {
    setEntry(code, { draft, error: `${Number.isNaN(selfScore) ? '自评分' : '实际完成'}请填写数字。` });
    return false;
  }
  const statement: StatementPatch = { conclusion: draft.conclusion, selfScore, actual, actualReason: draft.actualReason };
  try {
    const r = await call('indicators.state', { code, statement });
    app.set({ tree: r.tree });
    indicatorUndo.set({ label: r.undo });
    // Typed on while it was saving: the newer text stays a draft.
    const now = drafts.get().byCode[code];
    if (now && now.draft === draft) setEntry(code, null);
    return true;
  } catch (e) {
    const now = drafts.get().byCode[code];
    setEntry(code, { draft: now?.draft ?? draft, error: errorText(e) });
    return false;
  }
}

/**
 * This indicator's verdict from the report the service keeps (check.indicator): which items do
 * not count and why. Asked again when the tree is reloaded (after every change), and for this
 * indicator only — the whole report of a large archive is megabytes.
 */
function useIndicatorCheck(code: string): IndicatorCheck | null {
  const tree = app.use((s) => s.tree);
  const [check, setCheck] = useState<IndicatorCheck | null>(null);
  useEffect(() => {
    let live = true;
    call('check.indicator', { code }).then(
      (c) => live && setCheck(c),
      () => live && setCheck(null),
    );
    return () => {
      live = false;
    };
  }, [tree, code]);
  return check?.code === code ? check : null;
}

const OPEN_KEY = 'taizhang-statement-open';

/** The items that do not count, by reason, in the order the self-check gave them. */
function byReason(list: { item: number; reason: string }[]): [string, number[]][] {
  const groups = new Map<string, number[]>();
  for (const n of list) groups.set(n.reason, [...(groups.get(n.reason) ?? []), n.item]);
  return [...groups];
}

function timeText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false }) : d.toLocaleDateString('zh-CN');
}

export function StatementPanel({ node }: { node: IndicatorNode }) {
  const readOnly = useReadOnly();
  const entry = drafts.use((s) => s.byCode[node.code]);
  const items = app.use((s) => s.items);
  const check = useIndicatorCheck(node.code);
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(OPEN_KEY) !== '0';
    } catch {
      return true;
    }
  });
  const [saving, setSaving] = useState(false);
  const id = useId();

  const saved = fromStatement(node.statement);
  const draft = entry?.draft ?? saved;
  const dirty = !!entry && !sameDraft(entry.draft, saved);
  const error = entry?.error ?? null;
  const notCounted = check?.notCounted ?? [];
  // Dated, since several loose photos of one folder share a title.
  const titles = new Map((items ?? []).map((i) => [i.id, `${i.titleSupplied ? `[${i.title}]` : i.title}${i.date ? `（${chineseDate(i.date)}）` : ''}`]));
  const unit = node.target && !node.target.cadence && (node.target.kind ?? 'count') === 'count' ? node.target.unit : '';

  const toggle = () => {
    setOpen((o) => {
      try {
        localStorage.setItem(OPEN_KEY, o ? '0' : '1');
      } catch {
        /* private mode */
      }
      return !o;
    });
  };

  const edit = (field: keyof Draft, value: string) => {
    const cur = drafts.get().byCode[node.code]?.draft ?? saved;
    setEntry(node.code, { draft: { ...cur, [field]: value }, error: null });
  };

  const save = async () => {
    if (readOnly) return;
    if (!dirty) {
      setEntry(node.code, null);
      return;
    }
    setSaving(true);
    await saveDraft(node.code);
    setSaving(false);
  };

  // Leaving the panel (a click in the tree or the list) saves; a refusal stays here with its reason,
  // and is told as a notice when the clerk has gone on to another indicator.
  const code = node.code;
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (readOnly || e.currentTarget.contains(e.relatedTarget as Node | null)) return;
    if (!unsavedCodes().includes(code)) return;
    void saveDraft(code).then((ok) => {
      const v = app.get().view;
      if (!ok && !(v?.kind === 'indicator' && v.code === code))
        toast(`指标 ${code} 的自评没有保存：${drafts.get().byCode[code]?.error ?? ''}回到这条指标可以修改后再保存。`, { kind: 'error' });
    });
  };

  const state = saving ? (
    <span className="save-state">正在保存…</span>
  ) : error ? (
    <span className="save-state error">没有保存</span>
  ) : dirty ? (
    <span className="save-state" data-testid="statement-dirty">
      有未保存的修改
    </span>
  ) : node.statement.updatedAt ? (
    <span className="save-state saved" title={new Date(node.statement.updatedAt).toLocaleString('zh-CN')}>
      已保存 {timeText(node.statement.updatedAt)}
    </span>
  ) : (
    <span className="save-state">未填写</span>
  );

  // The field the refusal is about, outlined in red.
  const badScore = !!error && /自评分/.test(error);
  const badReason = !!error && !badScore && /依据|说明/.test(error);
  const badActual = !!error && !badScore && !badReason && /实际完成/.test(error);
  const scoreHint = node.score != null ? `满分 ${node.score} 分` : '无分值';
  return (
    <section
      className={`stmt ${open ? 'stmt-open' : ''}`}
      aria-label={`指标 ${node.code} 的自评`}
      data-testid="statement-panel"
      onBlur={onBlur}
      onKeyDown={(e) => {
        // Enter in a one-line field, Ctrl+Enter in the 结论性说明: 保存.
        const el = e.target as HTMLElement;
        if (e.key !== 'Enter' || e.nativeEvent.isComposing || !(el.tagName === 'INPUT' || (el.tagName === 'TEXTAREA' && (e.ctrlKey || e.metaKey)))) return;
        e.preventDefault();
        void save();
      }}
    >
      <div className="stmt-head">
        <button type="button" className="stmt-toggle" aria-expanded={open} aria-controls={`${id}-body`} onClick={toggle} data-testid="statement-toggle" title={open ? '收起自评' : '展开自评：结论性说明、自评分、实际完成'}>
          <span className="stmt-twisty" aria-hidden="true">
            {open ? '▼' : '▶'}
          </span>
          自评
        </button>
        <span className="stmt-facts ellipsis" data-testid="statement-facts" title={`要求：${node.targetText || node.requirement || '无数量要求'}\n实际：${node.actualText || '—'}${node.countText ? `\n${node.countText}` : ''}`}>
          <span className="muted">要求</span> {node.targetText || '无数量要求'} <span className="muted">· 实际</span> {node.actualText || '—'}
        </span>
        <StatusBadge status={node.status} text={progressText(node.status, '')} />
        <span className="tz-spacer" />
        {!open && node.statement.selfScore != null && !dirty && <span className="muted small">自评 {node.statement.selfScore} 分</span>}
        {state}
      </div>
      {open && (
        <div className="stmt-body" id={`${id}-body`}>
          {(node.countText || notCounted.length > 0) && (
            <div className="stmt-count">
              {node.countText && (
                <div className="small" data-testid="statement-count">
                  {node.countText}
                </div>
              )}
              {notCounted.length > 0 && (
                <ul className="stmt-excluded" aria-label="不计入的材料" data-testid="statement-excluded">
                  {byReason(notCounted).map(([reason, ids]) => (
                    <li key={reason}>
                      <span className="stmt-reason">不计入（{reason}）：</span>
                      {ids.map((item, i) => (
                        <span key={item}>
                          {i > 0 && '、'}
                          <button type="button" className="stmt-excluded-item" onClick={() => openItem(item)} title="打开这件材料" data-testid="statement-excluded-item" data-item={item}>
                            {titles.get(item) ?? `第 ${item} 号材料`}
                          </button>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <textarea
            className="tz-input stmt-conclusion"
            rows={2}
            aria-label="结论性说明"
            placeholder={readOnly ? '' : '结论性说明：例如“全年召开推进会 4 次，达到要求”（打印在测评材料提交表中；Ctrl+Enter 保存）'}
            value={draft.conclusion}
            readOnly={!!readOnly}
            maxLength={5000}
            onChange={(e) => edit('conclusion', e.target.value)}
            data-testid="statement-conclusion"
          />
          <div className="stmt-row">
            <label className="stmt-inline">
              自评分
              <input
                className="tz-input stmt-num"
                type="number"
                min={0}
                max={node.score ?? undefined}
                step="any"
                inputMode="decimal"
                value={draft.selfScore}
                readOnly={!!readOnly}
                aria-invalid={badScore || undefined}
                onChange={(e) => edit('selfScore', e.target.value)}
                data-testid="statement-score"
              />
              <span className="muted small">{scoreHint}</span>
            </label>
            <label className="stmt-inline" title="知道的比材料多时填写（例如另有几次在乡镇台账中）；留空按材料计数">
              实际完成
              <input
                className="tz-input stmt-num"
                type="number"
                min={0}
                step="any"
                inputMode="decimal"
                value={draft.actual}
                readOnly={!!readOnly}
                aria-invalid={badActual || undefined}
                onChange={(e) => edit('actual', e.target.value)}
                data-testid="statement-actual"
              />
              {unit && <span className="muted small">{unit}</span>}
            </label>
            <label className="stmt-inline stmt-reason-field">
              说明
              <input
                className="tz-input"
                value={draft.actualReason}
                readOnly={!!readOnly}
                maxLength={500}
                title={draft.actualReason || undefined}
                placeholder={readOnly ? '' : draft.actual.trim() ? '必填：依据' : '填实际完成时必填'}
                aria-invalid={badReason || undefined}
                onChange={(e) => edit('actualReason', e.target.value)}
                data-testid="statement-reason"
              />
            </label>
            {!readOnly && (
              <Button small variant={dirty ? 'primary' : 'default'} onClick={() => void save()} disabled={saving || !dirty} data-testid="statement-save">
                保存
              </Button>
            )}
          </div>
          {error && (
            <p className="tz-alert-error stmt-error" role="alert" data-testid="statement-error">
              {error}
            </p>
          )}
          {readOnly && <p className="muted small stmt-note">档案是只读的，自评只能查看。</p>}
        </div>
      )}
    </section>
  );
}
