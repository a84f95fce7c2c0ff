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
