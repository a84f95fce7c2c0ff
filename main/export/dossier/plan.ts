// What the dossier holds and in which order: the indicator tree (or the chosen part of it), and
// under each indicator its items. An item linked to several indicators prints in full under the
// first one in tree order and as a cross-reference under the others, unless full copies are asked for.
import { Archive } from '../../archive/archive';
import { listIndicators, treeOrder } from '../../archive/indicators-repo';
import { listItems } from '../../archive/items-repo';
import { archivalCode, DEFAULT_ARRANGEMENT, type Arrangement } from '../../../shared/archival-code';
import { leftOutOfExports } from '../../check/evidence';
import type { Campaign, Exclusion, Indicator, Item } from '../../../shared/domain';
import { EXCLUSION_LABELS } from '../../../shared/domain';
import type { IndicatorCheck } from '../../../shared/check-types';

export interface PrintItem {
  item: Item;
  /** 件号: the item's number in print order, 1-based. */
  number: number;
  /** 档号 */
  code: string;
  /** 年度: the year the document was made (DA/T 22); the campaign's for undated items. */
  year: number | null;
  /** Why it does not count (创建时段外, 文件无法读取): set only when the export asked to include such items; printed as a mark. */
  excluded?: Exclusion;
}

export interface PrintEntry {
  print: PrintItem;
  /** false: printed elsewhere; only a cross-reference here. */
  full: boolean;
}

export interface PrintIndicator {
  indicator: Indicator;
  children: PrintIndicator[];
  entries: PrintEntry[];
}

export interface DossierPlan {
  campaign: Campaign;
  roots: PrintIndicator[];
  /** Items printed in full, in print order. */
  items: PrintItem[];
  /** Live items in no indicator of the plan (未归类, or outside the chosen indicators). */
  left: Item[];
  /**
   * Items of the chosen indicators left out because they do not count (创建时段外, 文件无法读取):
   * not planned, no 件号; empty when the export asked to include them.
   */
  excluded: { item: Item; why: Exclusion }[];
  /** Which numbering 件号 and 档号 follow (inspection unless asked). */
  arrangement: Arrangement;
  /** The self-check's verdict per indicator code, for the 提交表's 要求 · 实际 · 状态 line (set by the dossier). */
  checks?: Map<string, IndicatorCheck>;
}

export interface PlanOptions {
  /** Codes of indicators to print (with everything below them); all when empty. */
  indicators?: string[];
  fullCopies?: boolean;
  /**
   * Plan items that do not count (dated outside the campaign window, no readable file) as
   * before, marked; by default they are left out of every export and take no 件号.
   */
  includeExcluded?: boolean;
  /**
   * 件号 numbering: inspection (default, the dossier's): in indicator order over the whole archive;
   * archive (DA/T 22-2015): from 1 within each 年度-保管期限-机构 class, by date. Print order is the
   * indicator tree either way.
   */
  arrangement?: Arrangement;
}

export async function planDossier(archive: Archive, opts: PlanOptions = {}): Promise<DossierPlan> {
  const campaign = await archive.campaign();
  const indicators = (await listIndicators(archive.db)).filter((i) => !i.removed);
  const live = await listItems(archive.db);
  // What does not count stays out unless asked for; what is asked for is marked.
  const why = new Map<number, Exclusion>();
  for (const item of live) {
    const w = leftOutOfExports(item, campaign);
    if (w) why.set(item.id, w);
  }
  const items = opts.includeExcluded ? live : live.filter((i) => !why.has(i.id));
  const byCode = new Map<string, Item[]>();
  for (const item of items) {
    for (const code of item.indicators) {
      const list = byCode.get(code);
      if (list) list.push(item);
      else byCode.set(code, [item]);
    }
  }
  const { wanted, headingsOnly } = selection(indicators, opts.indicators ?? []);
  const children = new Map<number | null, Indicator[]>();
  for (const i of indicators) {
    if (!wanted.has(i.id)) continue;
    const list = children.get(i.parentId) ?? [];
    list.push(i);
    children.set(i.parentId, list);
  }

  // 件号 and 档号 come from the whole indicator system, so printing part of it (one department's
  // indicators, a reprint) gives every item the same number as the full dossier and the ledger.
  const arrangement = opts.arrangement ?? DEFAULT_ARRANGEMENT;
  const numbers = catalogueNumbers(indicators, byCode, arrangement, campaign);
  const printed = new Map<number, PrintItem>();
  const order: PrintItem[] = [];
  const build = (ind: Indicator): PrintIndicator => {
    const entries: PrintEntry[] = [];
    // An ancestor of a chosen indicator is a heading only; its own material was not chosen.
    for (const item of headingsOnly.has(ind.id) ? [] : (byCode.get(ind.code) ?? [])) {
      const earlier = printed.get(item.id);
      if (earlier && !opts.fullCopies) {
        entries.push({ print: earlier, full: false });
        continue;
      }
      const n = numbers.get(item.id)!;
      const year = yearOf(item, campaign);
      const print: PrintItem = earlier ?? {
        item,
        number: n,
        year,
        code: archivalCode({ ...campaign, year }, item.retention ?? campaign.retention, n),
        ...(why.has(item.id) && { excluded: why.get(item.id) }),
      };
      if (!earlier) {
        printed.set(item.id, print);
        order.push(print);
      }
      entries.push({ print, full: true });
    }
    return { indicator: ind, entries, children: (children.get(ind.id) ?? []).map(build) };
  };
  // Roots: selected indicators whose parent is not selected.
  const roots = indicators.filter((i) => wanted.has(i.id) && (i.parentId == null || !wanted.has(i.parentId))).map(build);
  // Left out for not counting: those filed under a chosen indicator (the rest are 未归类 or not chosen, as before).
  const chosen = new Set(indicators.filter((i) => wanted.has(i.id) && !headingsOnly.has(i.id)).map((i) => i.code));
  const excluded = opts.includeExcluded ? [] : live.filter((i) => why.has(i.id) && i.indicators.some((c) => chosen.has(c))).map((item) => ({ item, why: why.get(item.id)! }));
  const out = new Set(excluded.map((e) => e.item.id));
  return { campaign, arrangement, roots, items: order, left: live.filter((i) => !printed.has(i.id) && !out.has(i.id)), excluded };
}

/**
 * Said once by every export that left items out for not counting: "2 件材料不计入（创建时段外 1 件，
 * 文件无法读取 1 件），未排入台账；如需排入，请在导出时选择“包括不计入的材料”（命令行加 --include-excluded）".
 * Empty when nothing was left out.
 */
export function excludedWarning(excluded: DossierPlan['excluded'], what: string): string {
  if (!excluded.length) return '';
  // In one order whatever the items' order: the window first, as the clerk reads the self-check.
  const order = [...new Set<Exclusion>(['outside_window', ...(Object.keys(EXCLUSION_LABELS) as Exclusion[])])];
  const parts = order
    .map((w) => [w, excluded.filter((e) => e.why === w).length] as const)
    .filter(([, n]) => n > 0)
    .map(([w, n]) => `${EXCLUSION_LABELS[w]} ${n} 件`)
    .join('，');
  return `${excluded.length} 件材料不计入（${parts}），未排入${what}；如需排入，请在导出时选择“包括不计入的材料”（命令行加 --include-excluded）`;
}

/** The 年度 in a 档号 is the year the document was made (DA/T 22); undated items take the campaign's. */
function yearOf(item: Item, campaign: Campaign): number | null {
  return item.date && /^\d{4}-/.test(item.date) ? Number(item.date.slice(0, 4)) : campaign.year;
}

/**
 * 件号 of every filed item. inspection: its place in the full tree order, first indicator it is
 * under. archive: its place within its 年度-保管期限 class (机构 is the archive's one code), by date
 * (undated last), then tree order — so each class runs 1, 2, 3 … and a box holds a continuous run.
 */
function catalogueNumbers(indicators: Indicator[], byCode: Map<string, Item[]>, arrangement: Arrangement, campaign: Campaign): Map<number, number> {
  const tree = new Map<number, number>();
  const items: Item[] = [];
  for (const ind of treeOrder(indicators)) {
    for (const item of byCode.get(ind.code) ?? []) {
      if (tree.has(item.id)) continue;
      tree.set(item.id, tree.size + 1);
      items.push(item);
    }
  }
  if (arrangement === 'inspection') return tree;
  const classOf = (i: Item) => JSON.stringify([yearOf(i, campaign), i.retention ?? campaign.retention, campaign.orgCode]);
  const sorted = [...items].sort((a, b) => {
    const [da, db] = [a.date || '\uffff', b.date || '\uffff'];
    return da < db ? -1 : da > db ? 1 : tree.get(a.id)! - tree.get(b.id)!;
  });
  const next = new Map<string, number>();
  const numbers = new Map<number, number>();
  for (const item of sorted) {
    const k = classOf(item);
    const n = (next.get(k) ?? 0) + 1;
    next.set(k, n);
    numbers.set(item.id, n);
  }
  return numbers;
}

/** The chosen indicators with everything below them, and their ancestors as section headings. */
function selection(indicators: Indicator[], codes: string[]): { wanted: Set<number>; headingsOnly: Set<number> } {
  if (codes.length === 0) return { wanted: new Set(indicators.map((i) => i.id)), headingsOnly: new Set() };
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const chosen = new Set(indicators.filter((i) => codes.includes(i.code)).map((i) => i.id));
  const out = new Set<number>();
  for (const i of indicators) {
    for (let cur: Indicator | undefined = i; cur; cur = cur.parentId == null ? undefined : byId.get(cur.parentId)) {
      if (chosen.has(cur.id)) {
        out.add(i.id);
        break;
      }
    }
  }
  const headingsOnly = new Set<number>();
  for (const id of chosen) {
    for (let cur = byId.get(id); cur?.parentId != null; cur = byId.get(cur.parentId)) {
      if (!out.has(cur.parentId)) headingsOnly.add(cur.parentId);
      out.add(cur.parentId);
    }
  }
  return { wanted: out, headingsOnly };
}

/** Every indicator of the plan, depth first. */
export function walk(roots: PrintIndicator[]): PrintIndicator[] {
  const out: PrintIndicator[] = [];
  const visit = (n: PrintIndicator) => {
    out.push(n);
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}
