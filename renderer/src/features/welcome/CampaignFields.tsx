// The campaign's fields (创建项目名称, 单位, 全宗号, 机构代码, 年度, 保管期限, 创建时段) as one form
// piece: the draft the inputs edit, its check before the service sees it, and the Campaign it
// becomes. Used by the welcome page to create an archive; the same fields edit it later.
import { RETENTIONS, RETENTION_LABELS, type Campaign, type Retention } from '../../../../shared/domain';
import { Field } from '../../components';
import { ApiError } from '../../api/client';
import './campaign-fields.css';

/** What the inputs hold: text as typed. */
export interface CampaignDraft {
  name: string;
  unit: string;
  fonds: string;
  orgCode: string;
  year: string;
  retention: Retention;
  windowStart: string;
  windowEnd: string;
}

export type CampaignField = 'name' | 'year' | 'window';
export interface CampaignProblem {
  field: CampaignField | null;
  text: string;
}

/** A draft of an existing campaign, or of a new one (this year, 定期30年 as the service defaults). */
export function campaignDraft(c?: Campaign): CampaignDraft {
  return {
    name: c?.name ?? '',
    unit: c?.unit ?? '',
    fonds: c?.fonds ?? '',
    orgCode: c?.orgCode ?? '',
    year: c ? (c.year == null ? '' : String(c.year)) : String(new Date().getFullYear()),
    retention: c?.retention ?? 'D30',
    windowStart: c?.windowStart ?? '',
    windowEnd: c?.windowEnd ?? '',
  };
}

/** What is wrong with a draft, in the clerk's words; null when it can be sent. */
export function campaignProblem(d: CampaignDraft): CampaignProblem | null {
  if (!d.name.trim()) return { field: 'name', text: '请填写创建项目名称，例如“2024年全国科普示范县创建”。' };
  if (d.year.trim() && !/^\d{4}$/.test(d.year.trim())) return { field: 'year', text: '年度请填写四位数字，例如 2024。' };
  if (d.windowStart && d.windowEnd && d.windowStart > d.windowEnd) return { field: 'window', text: '创建时段的开始日期晚于结束日期，请检查。' };
  return null;
}

/** Which field an error from the service is about, so it can be shown beside that field. */
export function problemField(e: unknown): CampaignField | null {
  const key = e instanceof ApiError && e.field ? e.field.split('.').pop() : null;
  if (key === 'name' || key === 'year') return key;
  return key === 'windowStart' || key === 'windowEnd' ? 'window' : null;
}

export function draftToCampaign(d: CampaignDraft): Campaign {
  return {
    name: d.name.trim(),
    unit: d.unit.trim(),
    fonds: d.fonds.trim(),
    orgCode: d.orgCode.trim(),
    year: d.year.trim() ? Number(d.year.trim()) : null,
    retention: d.retention,
    windowStart: d.windowStart || null,
    windowEnd: d.windowEnd || null,
  };
}

/**
 * The inputs, each a labelled row (Field); `problem` shows beside its field; `pairs` lays the short
 * ones out two to a row. `testId` prefixes data-testids
 * (PREFIX-name, -unit, -fonds, -org, -year, -retention, -window-start, -window-end).
 */
export function CampaignFields(props: {
  draft: CampaignDraft;
  onChange(d: CampaignDraft): void;
  problem?: CampaignProblem | null;
  testId?: string;
  /** Two short fields to a row (全宗号 | 机构代码, 年度 | 保管期限). */
  pairs?: boolean;
  /** Shown, not edited (a read-only archive): inputs read-only, lists disabled. */
  readOnly?: boolean;
}) {
  const ro = !!props.readOnly;
  const { draft: d } = props;
  const id = (s: string) => (props.testId ? `${props.testId}-${s}` : undefined);
  const set =
    <K extends keyof CampaignDraft>(k: K) =>
    (e: { target: { value: string } }) =>
      props.onChange({ ...d, [k]: e.target.value as CampaignDraft[K] });
  const err = (f: CampaignField) => (props.problem?.field === f ? props.problem.text : null);

  return (
    <div className={props.pairs ? 'campaign-fields campaign-fields-pairs' : 'campaign-fields'}>
      <div className="campaign-f-name">
        <Field
          label={
            <>
              创建项目名称<b className="campaign-required" aria-hidden="true">*</b>
            </>
          }
          error={err('name')}
        >
          <input readOnly={ro} value={d.name} onChange={set('name')} placeholder="如 2024年全国科普示范县创建" aria-required="true" data-testid={id('name')} />
        </Field>
      </div>
      <div className="campaign-f-unit">
        <Field label="创建单位">
          <input readOnly={ro} value={d.unit} onChange={set('unit')} placeholder="如 某某县科学技术协会" data-testid={id('unit')} />
        </Field>
      </div>
      <div className="campaign-f-fonds">
        <Field label="全宗号">
          <input readOnly={ro} value={d.fonds} onChange={set('fonds')} placeholder="没有可留空" title="档案馆给的全宗号；没有可留空" data-testid={id('fonds')} />
        </Field>
      </div>
      <div className="campaign-f-org">
        <Field label="机构代码">
          <input readOnly={ro} value={d.orgCode} onChange={set('orgCode')} placeholder="档号中的代码，如 KX" data-testid={id('org')} />
        </Field>
      </div>
      <div className="campaign-f-year">
        <Field label="年度" error={err('year')}>
          <input readOnly={ro} value={d.year} onChange={set('year')} inputMode="numeric" maxLength={4} placeholder="如 2024" data-testid={id('year')} />
        </Field>
      </div>
      <div className="campaign-f-retention">
        <Field label="保管期限">
          <select disabled={ro} value={d.retention} onChange={set('retention')} data-testid={id('retention')}>
            {RETENTIONS.map((r) => (
              <option key={r} value={r}>
                {RETENTION_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="campaign-f-window">
        <Field label="创建时段" error={err('window')} hint="此时段以外的材料不计入达标数量，自查时会提示；可以以后再填。">
          <span className="campaign-range">
            <input readOnly={ro} className="tz-input" type="date" aria-label="创建时段开始日期" value={d.windowStart} onChange={set('windowStart')} data-testid={id('window-start')} />
            <span>至</span>
            <input readOnly={ro} className="tz-input" type="date" aria-label="创建时段结束日期" value={d.windowEnd} onChange={set('windowEnd')} data-testid={id('window-end')} />
          </span>
        </Field>
      </div>
    </div>
  );
}
