// 自查: what an inspector would find missing, late, unreadable or undocumented, before they do.
import { Archive } from '../archive/archive';
import { listIndicators } from '../archive/indicators-repo';
import { listItems } from '../archive/items-repo';
import { chineseDate } from '../../shared/names';
import type { Caption, Indicator, IndicatorStatus, Item, ItemKind, StoredFile, Target } from '../../shared/domain';
import { CAPTION_LABELS, isCaptionedPhoto } from '../../shared/domain';
import type { CheckReport, IndicatorCheck, Problem } from '../../shared/check-types';

/** Photos below this long edge print blurry on A4 (about 150 DPI across the text area). */
export const MIN_PRINT_LONG_EDGE = 1200;

const PEOPLE_UNITS = new Set(['人', '人次', '名', '名次']);
/** Units that count occasions: meetings, trainings, activities — not the plans and reports about them. */
const OCCASION_UNITS = new Set(['次', '场', '场次', '期', '轮', '届', '批', '节', '堂', '课', '班']);
/** Units that count places or things: each item of evidence is one of them. */
const THING_UNITS = new Set(['项', '个', '所', '篇', '条', '家', '户', '处', '支', '队', '件', '座']);
const NOT_OCCASIONS = new Set<ItemKind>(['document', 'plan', 'report']);


/** What counts toward a target: in-window items (undated ones too; they are reported apart). */
/**
 * "配备专人不少于6名" counts staff, not the people at a meeting: adding up attendance would pass
 * it with one big meeting. Such targets are left to the clerk (数量需人工核对).
 */
const STAFFING = /配备|配齐|专职|兼职|专人|编制|人员队伍|工作人员|联络员|管理员|讲解员/;

const staffing = (ind: Indicator) => STAFFING.test(`${ind.title} ${ind.requirement}`);
/** Targets counted from the participants entered on items. */
const counted = (ind: Indicator) => ind.target != null && PEOPLE_UNITS.has(ind.target.unit) && !staffing(ind);

function measure(target: Target | null, items: Item[], isStaffing = false): number | null {
  if (!target) return items.length;
  if (PEOPLE_UNITS.has(target.unit) && isStaffing) return null;
  if (PEOPLE_UNITS.has(target.unit)) {
    const known = items.filter((i) => i.participants != null);
    return known.length ? known.reduce((n, i) => n + i.participants!, 0) : null;
  }
  if (OCCASION_UNITS.has(target.unit)) return items.filter((i) => !NOT_OCCASIONS.has(i.kind)).length;
  if (THING_UNITS.has(target.unit)) return items.length;
  return null;
}

function inWindow(item: Item, start: string | null, end: string | null): boolean {
  return !item.date || ((!start || item.date >= start) && (!end || item.date <= end));
}

/** A photo's caption as it would print: its own fields, else what the item and EXIF say. */
export function effectiveCaption(file: StoredFile, item: Item): Caption {
  const c = file.caption;
  return {
    title: c.title || item.title,
    time: c.time || file.exifTime || item.date || '',
    place: c.place || item.location,
    people: c.people,
    subject: c.subject || item.description,
    photographer: c.photographer,
  };
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export async function selfCheck(archive: Archive): Promise<CheckReport> {
  const campaign = await archive.campaign();
  const indicators = await listIndicators(archive.db);
  const items = await listItems(archive.db);
  const problems: Problem[] = [];

  const byCode = new Map<string, Item[]>();
  for (const item of items) for (const code of item.indicators) pushTo(byCode, code, item);
  const children = new Map<number | null, Indicator[]>();
  for (const i of indicators) pushTo(children, i.parentId, i);

  const checks = new Map<number, IndicatorCheck>();
  const subtreeItems = (i: Indicator): Set<Item> => {
    const set = new Set(byCode.get(i.code) ?? []);
    for (const c of children.get(i.id) ?? []) for (const it of subtreeItems(c)) set.add(it);
    return set;
  };
  // Children first, so a parent's status can be derived from theirs.
  for (const ind of [...indicators].reverse()) {
    const own = [...subtreeItems(ind)];
    const kids = (children.get(ind.id) ?? []).filter((k) => !k.removed).map((k) => checks.get(k.id)!);
    const actual = measure(ind.target, own.filter((i) => inWindow(i, campaign.windowStart, campaign.windowEnd)), staffing(ind));
    let status: IndicatorStatus;
    if (own.length === 0) status = 'missing';
    else if (ind.target && counted(ind) && actual == null) status = 'below';
    else if (kids.length) {
      status = kids.some((k) => k.status === 'below' || k.status === 'missing') ? 'below' : kids.some((k) => k.status === 'unverified') ? 'unverified' : 'met';
    } else if (ind.target && actual != null && actual < ind.target.count) status = 'below';
    else if (ind.target && actual == null) status = 'unverified';
    else status = 'met';
    if (kids.length && ind.target && actual != null && actual < ind.target.count) status = 'below';
    checks.set(ind.id, { code: ind.code, title: ind.title, level: ind.level, leaf: !ind.removed && kids.length === 0, status, items: own.length, target: ind.target, actual });
  }

  for (const ind of indicators) {
    const c = checks.get(ind.id)!;
    if (ind.removed) {
      if (byCode.get(ind.code)?.length) {
        problems.push({
          kind: 'removed_indicator',
          message: `指标 ${ind.code}「${ind.title}」已不在指标体系中，但仍有 ${byCode.get(ind.code)!.length} 件材料挂在其下，请改挂到新指标。`,
          item: null, file: null, indicator: ind.code,
        });
      }
      continue;
    }
    const leaf = c.leaf;
    if (leaf && c.status === 'missing') {
      problems.push({ kind: 'no_evidence', message: `指标 ${ind.code}「${ind.title}」还没有任何佐证材料。`, item: null, file: null, indicator: ind.code });
    } else if (c.target && c.actual != null && c.actual < c.target.count && c.items > 0) {
      const what = PEOPLE_UNITS.has(c.target.unit)
        ? `参与人数合计 ${c.actual}`
        : `${campaign.windowStart || campaign.windowEnd ? '创建时段内' : ''}现有 ${c.actual}`;
      problems.push({
        kind: 'below_target',
        message: `指标 ${ind.code}「${ind.title}」要求不少于 ${c.target.count}${c.target.unit}，${what}${c.target.unit}。`,
        item: null, file: null, indicator: ind.code,
      });
    } else if (c.target && c.actual == null && c.items > 0 && leaf) {
      problems.push({
        kind: 'unverified_target',
        message: counted(ind)
          ? `指标 ${ind.code}「${ind.title}」要求不少于 ${c.target.count}${c.target.unit}，但材料中没有填写参与人数，请在材料信息中补填。`
          : `指标 ${ind.code}「${ind.title}」要求不少于 ${c.target.count}${c.target.unit}，数量无法从材料自动统计，请核对并在结论性说明中写明实际数量。`,
        item: null, file: null, indicator: ind.code,
      });
    }
    const direct = byCode.get(ind.code)?.length ?? 0;
    if (!leaf && direct > 0) {
      problems.push({
        kind: 'upper_level',
        message: `有 ${direct} 件材料挂在上级指标 ${ind.code}「${ind.title}」下，未计入任何末级指标，请归到具体的下级指标。`,
        item: null, file: null, indicator: ind.code,
      });
    }
  }

  const window = campaign.windowStart || campaign.windowEnd ? `${chineseDate(campaign.windowStart) || '…'}至${chineseDate(campaign.windowEnd) || '…'}` : null;
  for (const item of items) {
    // Several meetings share a title (推进会); the date tells the clerk which one is meant.
    const name = item.date ? `《${item.title}》（${chineseDate(item.date)}）` : `《${item.title}》`;
    if (item.indicators.length === 0) {
      problems.push({ kind: 'inbox', message: `${name}还未归到任何指标下（未归类）。`, item: item.id, file: null, indicator: null });
    }
    if (!item.date) {
      problems.push({ kind: 'no_date', message: `${name}没有日期，无法判断是否在创建时段内，请补填。`, item: item.id, file: null, indicator: null });
    } else if (
      (campaign.windowStart && item.date < campaign.windowStart) ||
      (campaign.windowEnd && item.date > campaign.windowEnd)
    ) {
      problems.push({
        kind: 'outside_window',
        message: `${name}日期为${chineseDate(item.date)}，不在创建时段（${window}）内，检查时不计入。`,
        item: item.id, file: null, indicator: null,
      });
    }
    // Caption gaps are reported once per item (a meeting has many photos), naming the photos.
    const uncaptioned: { file: StoredFile; missing: string[] }[] = [];
    for (const f of item.files) {
      if (f.warning) {
        problems.push({ kind: 'unreadable', message: `${name}中的文件“${f.name}”：${f.warning}`, item: item.id, file: f.id, indicator: null });
        continue;
      }
      if (!isCaptionedPhoto(f)) continue;
      const cap = effectiveCaption(f, item);
      const missing = (Object.keys(CAPTION_LABELS) as (keyof Caption)[]).filter((k) => !cap[k].trim()).map((k) => CAPTION_LABELS[k]);
      if (missing.length) uncaptioned.push({ file: f, missing });
      const longEdge = Math.max(f.width ?? 0, f.height ?? 0);
      if (longEdge > 0 && longEdge < MIN_PRINT_LONG_EDGE) {
        problems.push({
          kind: 'low_resolution',
          message: `${name}中的照片“${f.name}”只有 ${f.width}×${f.height} 像素，打印会模糊，请换用原图（长边至少 ${MIN_PRINT_LONG_EDGE} 像素）。`,
          item: item.id, file: f.id, indicator: null,
        });
      }
    }
    // One problem per photo, with that photo's own gaps: clicking it opens that photo, and a
    // caption filled in clears exactly its problem.
    for (const u of uncaptioned) {
      problems.push({
        kind: 'caption_missing',
        message: `${name}中的照片“${u.file.name}”缺少说明：${u.missing.join('、')}。`,
        item: item.id, file: u.file.id, indicator: null,
      });
    }
  }

  const list = indicators.filter((i) => !i.removed).map((i) => checks.get(i.id)!);
  const leaves = indicators.filter((i) => !i.removed && checks.get(i.id)!.leaf).map((i) => checks.get(i.id)!);
  return {
    indicators: list,
    problems,
    summary: {
      indicators: leaves.length,
      met: leaves.filter((c) => c.status === 'met').length,
      unverified: leaves.filter((c) => c.status === 'unverified').length,
      below: leaves.filter((c) => c.status === 'below').length,
      missing: leaves.filter((c) => c.status === 'missing').length,
      items: items.length,
      problems: problems.length,
    },
  };
}
