// The item's metadata: 题名 (with 自拟题名), 日期, 类型, 地点, 责任者, 文号, 参与人数, 部门, 密级,
// 保管期限, 说明. Each field saves when it loses focus, and whatever is still typed is sent when the
// form goes (another item opened, the list changed); an error from the service stays next to it.
import { useEffect, useRef, useState } from 'react';
import type { ArgsOf } from '../../../../shared/api';
import { ITEM_KINDS, ITEM_KIND_LABELS, RETENTIONS, RETENTION_LABELS, type Item } from '../../../../shared/domain';
import { isFillable } from '../../../../shared/text-types';
import { ApiError, call, errorText } from '../../api/client';
import { Choice, Field, toast } from '../../components';
import { useReadOnly } from '../../state/app-state';
import { useFormSaving } from './saving';
import { SuggestionStrip, useSuggestions } from './Suggestions';

type Patch = ArgsOf<'items.update'>['patch'];
type Key = 'title' | 'date' | 'kind' | 'location' | 'responsible' | 'docNumber' | 'participants' | 'department' | 'secrecy' | 'retention' | 'description';

const LABELS: Record<Key, string> = {
  title: '题名',
  date: '日期',
  kind: '类型',
  location: '地点',
  responsible: '责任者',
  docNumber: '文号',
  participants: '参与人数',
  department: '部门',
  secrecy: '密级',
  retention: '保管期限',
  description: '说明',
};

function text(item: Item, k: Key): string {
  const v = item[k];
  return v == null ? '' : String(v);
}

/** The patch for one field from its text, or a Chinese message when the text cannot be one. */
function toPatch(k: Key, v: string): Patch | string {
  switch (k) {
    case 'participants': {
      const t = v.trim();
      if (t === '') return { participants: null };
      if (!/^\d+$/.test(t)) return '参与人数请填整数，例如 45；不清楚就留空。';
      return { participants: Number(t) };
    }
    case 'date':
      return { date: v === '' ? null : v };
    case 'retention':
      return { retention: v === '' ? null : (v as Item['retention']) };
    case 'kind':
      return { kind: v as Item['kind'] };
    case 'title':
      return { title: v.trim() };
    default:
      return { [k]: v } as Patch;
  }
}

export function MetaForm({ item, onSaved, defaultRetention }: { item: Item; onSaved(item: Item): void; defaultRetention: string }) {
  const [draft, setDraft] = useState<Partial<Record<Key, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<Key | 'form', string>>>({});
  /** A read-only archive: the fields show the values (selectable, copyable) and change nothing. */
  const readOnly = !!useReadOnly();
  const latest = useRef({ item, draft });
  latest.current = { item, draft };
  /** Values sent and not yet answered: not unsaved, and not to be sent twice. */
  const inflight = useRef<Partial<Record<Key, string>>>({});
  const formId = `meta:${item.id}`;
  const { saving, mounted } = useFormSaving(formId, () => unsent(item, draft).length > 0, () => save());

  useEffect(() => {
    setDraft({});
    setErrors({});
  }, [item.id]);

  const unsent = (it: Item, d: Partial<Record<Key, string>>) =>
    (Object.keys(d) as Key[]).filter((k) => d[k] !== undefined && d[k] !== text(it, k) && d[k] !== inflight.current[k]);


  const value = (k: Key) => draft[k] ?? text(item, k);
  const set = (k: Key, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  /** Saves the given fields (default: every changed one) in one update. */
  const save = async (keys?: Key[], override?: Partial<Record<Key, string>>) => {
    if (readOnly) return;
    const { item: it, draft: d } = latest.current;
    const all = { ...d, ...override };
    const asked = keys ?? (Object.keys(all) as Key[]);
    const dirty = asked.filter((k) => all[k] !== undefined && all[k] !== text(it, k) && all[k] !== inflight.current[k]);
    // A field typed back to its stored value has nothing to save and nothing wrong.
    const clean = asked.filter((k) => !dirty.includes(k) && all[k] !== inflight.current[k]);
    if (clean.length && mounted.current) {
      setErrors((e) => ({ ...e, ...Object.fromEntries(clean.map((k) => [k, undefined])) }));
      setDraft((d) => ({ ...d, ...Object.fromEntries(clean.map((k) => [k, undefined])) }));
    }
    if (dirty.length === 0) return;
    let patch: Patch = {};
    const bad: Partial<Record<Key, string>> = {};
    for (const k of dirty) {
      const p = k === 'title' && !all[k]!.trim() ? '题名不能为空；不知道时可按内容拟写，并勾选“自拟题名”。' : toPatch(k, all[k]!);
      if (typeof p === 'string') bad[k] = p;
      else patch = { ...patch, ...p };
    }
    if (!mounted.current && Object.keys(bad).length) toast(`“${it.title}”有修改没有保存：${Object.values(bad)[0]}`, { kind: 'error' });
    setErrors((e) => {
      const next = { ...e, form: undefined };
      for (const k of dirty) next[k] = bad[k];
      return next;
    });
    const sent = Object.keys(patch) as Key[];
    if (sent.length === 0) return;
    for (const k of sent) inflight.current[k] = all[k];
    const settle = () => {
      for (const k of sent) if (inflight.current[k] === all[k]) delete inflight.current[k];
    };
    try {
      const saved = await saving.track(call('items.update', { id: it.id, patch }));
      settle();
      setDraft((cur) => {
        const next = { ...cur };
        for (const k of sent) if (next[k] === all[k]) delete next[k];
        return next;
      });
      onSaved(saved);
    } catch (e) {
      settle();
      const msg = errorText(e);
      // The form is gone (another item opened): the clerk must still hear that it was not saved.
      if (!mounted.current) toast(`“${it.title}”的修改没有保存：${msg}`, { kind: 'error' });
      const named = e instanceof ApiError && e.field?.startsWith('patch.') ? (e.field.slice('patch.'.length) as Key) : undefined;
      const who = named && sent.includes(named) ? named : sent.length === 1 ? sent[0] : undefined;
      setErrors((er) => ({ ...er, [who ?? 'form']: msg }));
      // Unsaved again: the header says so until it goes through.
      setDraft((d) => ({ ...d }));
    }
  };



  const input = (k: Key, props: Record<string, unknown> = {}) => (
    <input
      value={value(k)}
      onChange={(e) => set(k, e.target.value)}
      onBlur={() => void save([k])}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save([k]);
        if (e.key === 'Escape') {
          setDraft((d) => ({ ...d, [k]: undefined }));
          setErrors((er) => ({ ...er, [k]: undefined }));
        }
      }}
      data-testid={`field-${k}`}
      readOnly={readOnly}
      {...props}
      // An example in an empty field that cannot be filled would read like a value.
      placeholder={readOnly ? undefined : (props.placeholder as string | undefined)}
    />
  );
  const choose = (k: Key, v: string) => {
    set(k, v);
    void save([k], { [k]: v });
  };
  const suggestions = useSuggestions(item.id);
  /** 采用: the suggested values go into the fields and are saved as if typed and left. */
  const take = (values: Partial<Record<Key, string>>) => {
    const keys = Object.keys(values) as Key[];
    setDraft((d) => ({ ...d, ...values }));
    void save(keys, values);
  };

  return (
    <div className="meta-form" data-testid="meta-form">
      <SuggestionStrip suggestions={suggestions} value={value} take={take} readOnly={readOnly} stopgap={(k) => isFillable(item, k, value(k))} />
      {errors.form && (
        <div className="tz-field-error" role="alert">
          {errors.form}
        </div>
      )}
      <Field label={LABELS.title} error={errors.title}>
        {input('title', { title: value('title'), maxLength: 500 })}
      </Field>
      <div className="tz-field">
        <span />
        <label className="check-inline" title="题名是整理时拟写的（如按文件夹名），目录中加方括号 [ ]">
          <input
            type="checkbox"
            checked={item.titleSupplied}
            disabled={readOnly}
            onChange={(e) => {
              const v = e.target.checked;
              void saving
                .track(call('items.update', { id: item.id, patch: { titleSupplied: v } }))
                .then(onSaved, (er) => setErrors((x) => ({ ...x, title: errorText(er) })));
            }}
            data-testid="field-titleSupplied"
          />
          自拟题名（目录中加 [ ]）
        </label>
      </div>
      <div className="row2">
        <Field label={LABELS.date} error={errors.date}>
          {input('date', { type: 'date', max: '2200-12-31', min: '1949-01-01' })}
        </Field>
        <Field label={LABELS.kind} error={errors.kind}>
          <Choice options={ITEM_KINDS} labels={ITEM_KIND_LABELS} value={value('kind')} onChange={(e) => choose('kind', e.target.value)} disabled={readOnly} data-testid="field-kind" />
        </Field>
      </div>
      <Field label={LABELS.location} error={errors.location}>
        {input('location')}
      </Field>
      <div className="row2">
        <Field label={LABELS.responsible} error={errors.responsible}>
          {input('responsible')}
        </Field>
        <Field label={LABELS.docNumber} error={errors.docNumber}>
          {input('docNumber', { placeholder: '如〔2023〕5号' })}
        </Field>
      </div>
      <div className="row2">
        <Field label={LABELS.participants} error={errors.participants}>
          {input('participants', { inputMode: 'numeric', placeholder: '人数' })}
        </Field>
        <Field label={LABELS.secrecy} error={errors.secrecy}>
          {input('secrecy', { placeholder: '公开', list: 'tz-secrecy' })}
        </Field>
      </div>
      <Field label={LABELS.department} error={errors.department}>
        {input('department')}
      </Field>
      {/* Its own row: the default option names the campaign's period, which a half row cut off. */}
      <Field label={LABELS.retention} error={errors.retention}>
        <Choice
          options={RETENTIONS}
          labels={RETENTION_LABELS}
          empty={`按项目设置（${defaultRetention}）`}
          value={value('retention')}
          onChange={(e) => choose('retention', e.target.value)}
          disabled={readOnly}
          data-testid="field-retention"
        />
      </Field>
      <datalist id="tz-secrecy">
        <option value="公开" />
        <option value="内部" />
      </datalist>
      <Field label={LABELS.description} error={errors.description}>
        <textarea
          value={value('description')}
          rows={3}
          readOnly={readOnly}
          onChange={(e) => set('description', e.target.value)}
          onBlur={() => void save(['description'])}
          data-testid="field-description"
        />
      </Field>
    </div>
  );
}
