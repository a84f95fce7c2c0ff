// 自查: what an inspector would find missing, late, unreadable or undocumented, before they do.
import { Archive } from '../archive/archive';
import { listIndicators } from '../archive/indicators-repo';
import { listItems } from '../archive/items-repo';
import { chineseDate } from '../../shared/names';
import type { Caption, Indicator, IndicatorStatus, Item, StoredFile, Target } from '../../shared/domain';
import { CAPTION_LABELS } from '../../shared/domain';
import type { CheckReport, IndicatorCheck, Problem } from '../../shared/check-types';

/** Photos below this long edge print blurry on A4 (about 150 DPI across the text area). */
export const MIN_PRINT_LONG_EDGE = 1200;

const PEOPLE_UNITS = new Set(['人', '人次', '名', '名次']);
/** Units that count events or places: one item of evidence is one of them. */
const ITEM_UNITS = new Set(['次', '场', '场次', '期', '项', '个', '所', '篇', '条', '家', '户', '批', '轮', '届', '处', '支', '队', '件', '座', '节', '堂', '课', '班']);

const PHOTO_TYPES = new Set(['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp', 'heic']);

function measure(target: Target | null, items: Item[]): number | null {
  if (!target) return items.length;
  if (PEOPLE_UNITS.has(target.unit)) return items.reduce((n, i) => n + (i.participants ?? 0), 0);
  if (ITEM_UNITS.has(target.unit)) return items.length;
  return null;
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
    const actual = measure(ind.target, own);
    let status: IndicatorStatus;
    if (own.length === 0) status = 'missing';
    else if (kids.length) status = kids.every((k) => k.status === 'met') ? 'met' : 'below';
    else if (ind.target && actual != null && actual < ind.target.count) status = 'below';
    else status = 'met';
    if (kids.length && ind.target && actual != null && actual < ind.target.count) status = 'below';
    checks.set(ind.id, { code: ind.code, title: ind.title, level: ind.level, status, items: own.length, target: ind.target, actual });
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
    const leaf = !(children.get(ind.id) ?? []).some((k) => !k.removed);
    if (leaf && c.status === 'missing') {
      problems.push({ kind: 'no_evidence', message: `指标 ${ind.code}「${ind.title}」还没有任何佐证材料。`, item: null, file: null, indicator: ind.code });
    } else if (c.target && c.actual != null && c.actual < c.target.count && c.items > 0) {
      const what = PEOPLE_UNITS.has(c.target.unit) ? `参与人数合计 ${c.actual}` : `现有 ${c.actual}`;
      problems.push({
        kind: 'below_target',
        message: `指标 ${ind.code}「${ind.title}」要求不少于 ${c.target.count}${c.target.unit}，${what}${c.target.unit}。`,
        item: null, file: null, indicator: ind.code,
      });
    }
  }

  const window = campaign.windowStart || campaign.windowEnd ? `${chineseDate(campaign.windowStart) || '…'}至${chineseDate(campaign.windowEnd) || '…'}` : null;
  for (const item of items) {
    const name = `《${item.title}》`;
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
      if (!PHOTO_TYPES.has(f.type) || f.role !== 'photo') continue;
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
    if (uncaptioned.length) {
      const fields = [...new Set(uncaptioned.flatMap((u) => u.missing))];
      const names = uncaptioned.map((u) => `“${u.file.name}”`);
      problems.push({
        kind: 'caption_missing',
        message: `${name}中${uncaptioned.length === 1 ? `的照片${names[0]}` : `有 ${uncaptioned.length} 张照片（${names.slice(0, 3).join('、')}${names.length > 3 ? '等' : ''}）`}缺少说明：${fields.join('、')}。`,
        item: item.id, file: uncaptioned[0].file.id, indicator: null,
      });
    }
  }

  const list = indicators.filter((i) => !i.removed).map((i) => checks.get(i.id)!);
  const leaves = indicators.filter((i) => !i.removed && !(children.get(i.id) ?? []).some((k) => !k.removed)).map((i) => checks.get(i.id)!);
  return {
    indicators: list,
    problems,
    summary: {
      indicators: leaves.length,
      met: leaves.filter((c) => c.status === 'met').length,
      below: leaves.filter((c) => c.status === 'below').length,
      missing: leaves.filter((c) => c.status === 'missing').length,
      items: items.length,
      problems: problems.length,
    },
  };
}
