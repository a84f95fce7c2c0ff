// DA/T 22-2015 档号: 全宗号-门类代码·年度-保管期限-机构（问题）代码-件号, e.g. Z109-WS·2023-D30-BGS-0001.
import type { Campaign, Retention } from './domain';

/** 件号: four digits, zero-padded. */
export function itemNumber(n: number): string {
  return String(n).padStart(4, '0');
}

/** Parts that are not set are left out rather than printed empty, so the code stays readable. */
export function archivalCode(campaign: Pick<Campaign, 'fonds' | 'year' | 'orgCode'>, retention: Retention, n: number): string {
  const parts = [
    campaign.fonds,
    `WS·${campaign.year ?? ''}`.replace(/·$/, ''),
    retention,
    campaign.orgCode,
    itemNumber(n),
  ];
  return parts.filter((p) => p !== '').join('-');
}

/**
 * How items are numbered and boxed. inspection (迎检): 件号 in indicator order over the whole
 * archive, binders by top-level indicator. archive (归档, DA/T 22-2015): 件号 from 0001 within each
 * 年度-保管期限-机构 class, boxes by class.
 */
export const ARRANGEMENTS = ['inspection', 'archive'] as const;
export type Arrangement = (typeof ARRANGEMENTS)[number];
export const DEFAULT_ARRANGEMENT: Arrangement = 'inspection';
export const ARRANGEMENT_LABELS: Record<Arrangement, string> = {
  inspection: '迎检排列（按指标）',
  archive: '归档排列（DA/T 22-2015，按年度-保管期限-机构）',
};
/** One line for a catalogue's or dossier's header: which arrangement its 件号 and 档号 belong to. */
export function numberingNote(a: Arrangement): string {
  return a === 'archive'
    ? '件号按归档排列：在每个年度-保管期限-机构（问题）类内从 0001 起编（DA/T 22-2015），与迎检台账的件号不同'
    : '件号按迎检排列：按指标体系顺序统一编号，与装订本台账一致；归档时在每个年度-保管期限-机构类内另行编号';
}

/**
 * A 文号 as GB/T 9704 writes it: 发文机关代字〔年份〕序号, e.g. 某政办〔2023〕5号. Brackets typed as
 * [ ]、（ ）、【 】 are read too (common on keyboards); '' is no 文号 at all, which is fine.
 */
export function readsAsDocNumber(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return /^[\p{Script=Han}A-Za-z]{1,20}[〔［[（(【](19|20)\d{2}[〕］\]）)】]第?\d{1,5}号$/u.test(t);
}
