// What counts, in one place: which items are evidence an inspector accepts (a file the app can
// read, dated inside the campaign window), which of them record an occasion (a meeting, a
// lecture, a drill — not the plan or the report about it), and how the parts of one occasion
// filed apart are counted once. The self-check, the tree badge, the 提交表, the ledger and the
// exports all ask here, so no view decides a second time what counts.
import type { Campaign, Exclusion, Item, ItemKind, StoredFile, Target } from '../../shared/domain';
import { EXCLUSION_LABELS, LEFT_OUT_OF_EXPORTS } from '../../shared/domain';
import { parseDateFromName } from '../../shared/names';

/**
 * A file the app can read and print: not a WPS file, an encrypted PDF, a corrupt photo, nor a
 * spreadsheet or video (the probe's warning names each; the dossier prints a placeholder for them).
 */
export const usableFile = (f: StoredFile): boolean => !f.warning;

/**
 * Why the item does not count, or null when it does. `dated`: the target needs a date to place
 * the item in the window (every count target does; an undated 制度 under an indicator without a
 * target still supports it).
 */
export function exclusionOf(item: Item, campaign: Campaign, dated = true): Exclusion | null {
  // A department's submission counts once the 创建办 accepted it (or, by the campaign's option, once
  // submitted). In the department's own archive (填报模式) its items are its evidence, returned or not.
  if (campaign.mode !== 'department') {
    if (item.submission?.review === 'returned') return 'returned';
    if (item.submission?.review === 'pending' && !campaign.countSubmitted) return 'unreviewed';
  }
  if (!item.files.some(usableFile)) return 'unusable';
  if (!item.date) return dated ? 'no_date' : null;
  if ((campaign.windowStart && item.date < campaign.windowStart) || (campaign.windowEnd && item.date > campaign.windowEnd)) return 'outside_window';
  return null;
}

/** Why an export leaves the item out by default (创建时段外, 文件无法读取), or null. */
export function leftOutOfExports(item: Item, campaign: Campaign): Exclusion | null {
  const why = exclusionOf(item, campaign, false);
  return why && LEFT_OUT_OF_EXPORTS.has(why) ? why : null;
}

/** "不计入：创建时段外", printed on an excluded item an export was asked to include. */
export const exclusionMark = (why: Exclusion): string => `不计入：${EXCLUSION_LABELS[why]}`;

const OCCASION_KINDS = new Set<ItemKind>(['meeting', 'activity', 'training']);
const DOCUMENT_KINDS = new Set<ItemKind>(['document', 'plan', 'report']);
/** The parts that record an occasion itself: its photos, sign-in sheet, minutes. */
const RECORD_ROLES = new Set<StoredFile['role']>(['photo', 'signin', 'minutes']);
const SPREADSHEETS = new Set<StoredFile['type']>(['xlsx', 'xls', 'et']);

/**
 * Whether the item records an occasion. A roster or any list kept as a spreadsheet never does
 * (志愿者名册.xlsx is not an activity, whatever its kind says); documents (方案, 制度, 总结, 通知)
 * support an indicator but are not occasions; an item of photos, a sign-in sheet or minutes is.
 */
export function isOccasionRecord(item: Item): boolean {
  const usable = item.files.filter((f) => usableFile(f) && !SPREADSHEETS.has(f.type) && !(f.type === 'text' && /\.csv$/i.test(f.name)));
  if (!usable.length) return false;
  if (OCCASION_KINDS.has(item.kind)) return true;
  if (DOCUMENT_KINDS.has(item.kind)) return false;
  return usable.some((f) => RECORD_ROLES.has(f.role));
}

/** One occasion and the items that record it. */
export interface Occasion {
  /** Its first day (ISO). */
  day: string;
  items: Item[];
}

/** Photos taken this many days apart or less belong to one occasion (a two-day training). */
const SAME_OCCASION_GAP_DAYS = 3;
const dayNo = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/**
 * The days an item records, grouped into occasions. A folder dated by its name is one occasion
 * (the clerk said so); an undated folder whose photos were taken on days weeks apart holds one
 * occasion per run of days (三次月度大扫除 in one folder are three).
 */
function occasionDays(item: Item, window: { start: string | null; end: string | null }): string[][] {
  const inWindow = (d: string) => (!window.start || d >= window.start) && (!window.end || d <= window.end);
  const folderName = item.source.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const namedDate = item.files.length > 1 && parseDateFromName(folderName) != null;
  const days = new Set<string>(item.date ? [item.date] : []);
  if (!namedDate) {
    for (const f of item.files) {
      const d = f.role === 'photo' && usableFile(f) && f.exifTime ? f.exifTime.slice(0, 10) : null;
      if (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && inWindow(d)) days.add(d);
    }
  }
  const sorted = [...days].sort();
  const runs: string[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && dayNo(d) - dayNo(last[last.length - 1]) <= SAME_OCCASION_GAP_DAYS) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * A bundle (a folder of its parts, or items the clerk merged) is an occasion of its own; a single
 * loose file is a part of one — a sign-in sheet, a photo — and joins whatever occasion shares its day.
 */
const isBundle = (item: Item) => item.files.length > 1;
const titleKey = (item: Item) => item.title.replace(/[\s\p{P}]/gu, '');

/**
 * The occasions a set of counted occasion records amounts to. Loose parts of one day are one
 * occasion with the bundle of that day (a lecture's sign-in sheet and photos filed loose are one
 * lecture, not two); two bundles of one day with different titles are two occasions (城关镇 and
 * 东街社区 held lectures on the same day).
 */
export function occasionsOf(items: Item[], window: { start: string | null; end: string | null }): Occasion[] {
  const runs: { days: string[]; item: Item }[] = [];
  for (const item of items) for (const days of occasionDays(item, window)) runs.push({ days, item });
  const parent = runs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const union = (i: number, j: number) => {
    parent[find(i)] = find(j);
  };
  // Bundles: the same day and the same title are one occasion (a folder split by months is not
  // merged back: its runs are days apart).
  const bundleBy = new Map<string, number>();
  // Parts: any loose records of one day are one occasion among themselves…
  const partBy = new Map<string, number>();
  runs.forEach((r, i) => {
    for (const d of r.days) {
      const by = isBundle(r.item) ? bundleBy : partBy;
      const key = isBundle(r.item) ? `${d}|${titleKey(r.item)}` : d;
      const j = by.get(key);
      if (j == null) by.set(key, i);
      else union(i, j);
    }
  });
  // …and join the first bundle of that day, if there is one.
  const firstBundleOn = new Map<string, number>();
  runs.forEach((r, i) => {
    if (isBundle(r.item)) for (const d of r.days) if (!firstBundleOn.has(d)) firstBundleOn.set(d, i);
  });
  runs.forEach((r, i) => {
    if (isBundle(r.item)) return;
    const bundle = r.days.map((d) => firstBundleOn.get(d)).find((j) => j != null);
    if (bundle != null) union(i, bundle);
  });
  const groups = new Map<number, { days: string[]; items: Set<Item> }>();
  runs.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { days: [], items: new Set<Item>() };
    g.days.push(...r.days);
    g.items.add(r.item);
    groups.set(root, g);
  });
  return [...groups.values()]
    .map((g) => ({ day: g.days.sort()[0], items: [...g.items] }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

export const NOT_OCCASION_REASON = '是通知、方案、总结等佐证文件，不计次数';

/** How a target's evidence splits: what counts, what does not and why, in one line for every view. */
export interface Counting {
  counted: Item[];
  notCounted: { item: Item; exclusion: Exclusion | 'not_occasion'; reason: string }[];
  /** Present for occasion targets: the occasions the counted items amount to. */
  occasions: Occasion[] | null;
  /** "5 件中 2 件计入：2 件文件无法读取，1 件为方案、总结、名册等文件（不是活动记录）"; '' when all count. */
  text: string;
}

/**
 * Splits an indicator's items for its target. `occasionUnit`: the target counts occasions (次,
 * 场 …) or their participants, so documents do not count and same-day records count once.
 */
export function countEvidence(items: Item[], campaign: Campaign, target: Target | null, occasionUnit: boolean): Counting {
  const counted: Item[] = [];
  const notCounted: Counting['notCounted'] = [];
  // Staff on the books and rates are not occasions in the window: an undated 任命通知 still shows them.
  const dated = target != null && target.kind !== 'staffing' && target.kind !== 'rate';
  for (const item of items) {
    const why = exclusionOf(item, campaign, dated);
    if (why) notCounted.push({ item, exclusion: why, reason: EXCLUSION_LABELS[why] });
    else if (occasionUnit && !isOccasionRecord(item)) notCounted.push({ item, exclusion: 'not_occasion', reason: NOT_OCCASION_REASON });
    else counted.push(item);
  }
  const occasions = occasionUnit ? occasionsOf(counted, { start: campaign.windowStart, end: campaign.windowEnd }) : null;
  return { counted, notCounted, occasions, text: countingText(items.length, counted.length, notCounted, occasions) };
}

function countingText(total: number, counted: number, notCounted: Counting['notCounted'], occasions: Occasion[] | null): string {
  const parts: string[] = [];
  const reasons = new Map<string, number>();
  for (const n of notCounted) reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1);
  // The most frequent reason first: it is the one the clerk fixes first.
  const why = [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} 件${reason}`);
  if (notCounted.length) parts.push(`${total} 件中 ${counted} 件计入：${why.join('，')}`);
  if (occasions && occasions.length !== counted && counted > 0) {
    const merged = occasions.filter((o) => o.items.length > 1).length;
    const split = counted - occasions.length < 0;
    parts.push(
      split
        ? `${counted} 件材料记录了 ${occasions.length} 次活动（照片拍摄日期相隔较远的分别计次）`
        : `${counted} 件材料计为 ${occasions.length} 次（同一天零散归档的${merged > 1 ? '各组' : ''}材料合为一次）`,
    );
  }
  return parts.join('；');
}
