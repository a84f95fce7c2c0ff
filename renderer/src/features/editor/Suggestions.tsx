// 识别建议: what the item's text suggests for its fields (日期, 文号, 责任者, 题名, 参与人数, and
// the names counted on its sign-in sheets), each with where it was read and 采用. 采用 goes
// through the form like typing would (same save, same 已保存); a field that holds something else
// says 替换“…” on the button, so nothing the clerk typed is replaced without seeing it.
import { useEffect, useState } from 'react';
import { SUGGESTION_LABELS, suggestionText, type FieldSuggestion, type ItemSuggestions, type SuggestionField } from '../../../../shared/text-types';
import { call } from '../../api/client';
import { Button } from '../../components';
import './suggestions.css';

/** The item's suggestions, loaded again when the archive changes (the reader finished a file of it). */
export function useSuggestions(itemId: number): ItemSuggestions | null {
  const [s, setS] = useState<ItemSuggestions | null>(null);
  useEffect(() => {
    let live = true;
    // A service that cannot read text yet answers with an error: no strip then, nothing to say.
    const load = () => void call('items.suggestions', { id: itemId }).then((r) => live && setS(r), () => live && setS(null));
    setS(null);
    load();
    window.addEventListener('tz-items-changed', load);
    return () => {
      live = false;
      window.removeEventListener('tz-items-changed', load);
    };
  }, [itemId]);
  return s;
}

interface Chip {
  field: SuggestionField;
  value: string;
  /** The words on the chip: 日期：2023-02-10, 签到表识别 10 人. */
  text: string;
  from: string;
  evidence: string;
}

function chipsOf(s: ItemSuggestions): Chip[] {
  const chips: Chip[] = s.fields.map((f: FieldSuggestion) => {
    const value = String(f.value);
    const signed = f.field === 'participants' && s.signed != null && Number(f.value) === s.signed;
    const text = signed ? `${SUGGESTION_LABELS.participants}：签到表识别 ${value} 人` : `${SUGGESTION_LABELS[f.field]}：${suggestionText(f.field, value)}`;
    // 签到表识别 already says where: the sheet's name is enough.
    return { field: f.field, value, text, from: signed ? f.from.replace(/（签到表）$/, '') : f.from, evidence: f.evidence };
  });
  if (s.signed != null && s.signed > 0 && !chips.some((c) => c.field === 'participants'))
    chips.push({ field: 'participants', value: String(s.signed), text: `${SUGGESTION_LABELS.participants}：签到表识别 ${s.signed} 人`, from: '签到表', evidence: `签名 ${s.signed} 行` });
  return chips;
}

/** What 替换“…” names: a date or a 文号 whole, a long title cut. */
const short = (v: string) => (v.length > 14 ? `${v.slice(0, 13)}…` : v);

/**
 * The strip above the form. `value(field)` is what the form shows now (typed or stored);
 * `take` fills fields through the form's own save.
 */
export function SuggestionStrip({
  suggestions,
  value,
  take,
  readOnly,
  stopgap,
}: {
  suggestions: ItemSuggestions | null;
  value(field: SuggestionField): string;
  /** A field that holds only a stand-in (a title made from the file's name): 填入空白项 fills it, as 接受建议 does. */
  stopgap(field: SuggestionField): boolean;
  take(values: Partial<Record<SuggestionField, string>>): void;
  readOnly: boolean;
}) {
  const chips = suggestions ? chipsOf(suggestions) : [];
  if (chips.length === 0) return null;
  const same = (a: string, b: string) => a.trim() === b.trim();
  const empties = chips.filter(
    (c, i) => (value(c.field).trim() === '' || stopgap(c.field)) && !same(value(c.field), c.value) && chips.findIndex((d) => d.field === c.field) === i,
  );
  return (
    <div className="sugg" data-testid="suggestions">
      <div className="sugg-head">
        <span className="sugg-title" title="从材料文件的文字（PDF 文字、扫描件和照片的识别结果）中读出；点“采用”填入，保存方式和手工填写一样">
          识别建议
        </span>
        <span className="tz-spacer" />
        {empties.length > 1 && !readOnly && (
          <Button
            small
            variant="link"
            onClick={() => take(Object.fromEntries(empties.map((c) => [c.field, c.value])))}
            title={`填入：${empties.map((c) => SUGGESTION_LABELS[c.field]).join('、')}（已填的不动）`}
            data-testid="suggestions-fill-empty"
          >
            填入空白项
          </Button>
        )}
      </div>
      <ul className="sugg-list">
        {chips.map((c, i) => {
          const now = value(c.field);
          const shown = suggestionText(c.field, now);
          const state = same(now, c.value) ? 'taken' : now.trim() === '' ? 'new' : 'differs';
          return (
            <li
              key={`${c.field}-${i}`}
              className={`sugg-chip sugg-${state}`}
              title={`原文：${c.evidence}\n来自：${c.from}${state === 'differs' ? `\n现在填的是：${shown}` : ''}`}
              data-testid="suggestion"
              data-field={c.field}
              data-state={state}
            >
              <span className="sugg-text">
                <span className="sugg-value">{c.text}</span>
                <span className="sugg-from">（{c.from}）</span>
              </span>
              {state === 'taken' ? (
                <span className="sugg-done" data-testid="suggestion-taken">
                  已采用
                </span>
              ) : (
                <Button
                  small
                  variant={state === 'new' ? 'primary' : 'default'}
                  disabled={readOnly}
                  onClick={() => take({ [c.field]: c.value })}
                  title={readOnly ? '档案是只读的，不能修改' : state === 'differs' ? `把“${shown}”换成“${suggestionText(c.field, c.value)}”` : `填入${SUGGESTION_LABELS[c.field]}`}
                  data-testid="suggestion-take"
                >
                  {state === 'differs' ? `替换“${short(shown)}”` : '采用'}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
