// The inspection binders (迎检台账盒): the dossier's material boxed by top-level indicator, each
// indicator's items in print order, split by the page capacity; and the index an inspector looks
// an indicator up in: 指标 → 盒号 → 页码 (printed with the boxes and as a sheet of the ledger).
// Pages are the dossier's own (dossierPages), so the index agrees with the bound copy.
import { walk, type DossierPlan, type PrintItem } from '../dossier/plan';
import { pageRange, type ItemPages } from '../catalogue';
import { fillRuns } from './split';
import type { Indicator } from '../../../shared/domain';

export interface BinderItem {
  print: PrintItem;
  /** The indicator it is printed in full under. */
  under: string;
  pages: number;
}

export interface Binder {
  /** 盒号, from 1 over all indicators. */
  number: number;
  /** The top-level indicator. */
  root: Indicator;
  /** 第 part 盒 of this indicator's `parts`. */
  part: number;
  parts: number;
  items: BinderItem[];
  pages: number;
  oversize: boolean;
  /** Indicators whose material is inside, in tree order. */
  codes: string[];
  /** The dossier pages its items print on; null when the layout gave none. */
  span: { first: number; last: number } | null;
}

/** Boxes by top-level indicator, filled in print order up to `capacity` pages; an indicator without material has no box. */
export function inspectionBinders(plan: DossierPlan, pages: ItemPages, capacity: number): Binder[] {
  const binders: Binder[] = [];
  for (const root of plan.roots) {
    const list: BinderItem[] = [];
    for (const node of walk([root])) {
      for (const e of node.entries) if (e.full) list.push({ print: e.print, under: node.indicator.code, pages: pages.get(e.print.item.id)?.count ?? 0 });
    }
    const runs = fillRuns(list, capacity);
    runs.forEach((run, k) => {
      const spans = run.items.map((x) => pages.get(x.print.item.id)).filter((x) => !!x);
      binders.push({
        number: binders.length + 1,
        root: root.indicator,
        part: k + 1,
        parts: runs.length,
        ...run,
        codes: [...new Set(run.items.map((x) => x.under))],
        span: spans.length ? { first: Math.min(...spans.map((s) => s.first)), last: Math.max(...spans.map((s) => s.last)) } : null,
      });
    });
  }
  return binders;
}

export interface IndexRow {
  code: string;
  title: string;
  level: number;
  /** Lowest level: material is filed here. */
  leaf: boolean;
  /** 盒号 of the boxes holding its material (and that below it). */
  boxes: number[];
  /** Its material's dossier pages, 12—15; '' without material. */
  pages: string;
  /** Items printed in full under it (and below it). */
  items: number;
  /** Cross-references (另见第 N 页，第 b 盒), or 无材料. */
  note: string;
}

/** Every indicator of the plan in tree order; every lowest-level one with its boxes and pages. */
export function indicatorIndex(plan: DossierPlan, pages: ItemPages, binders: Binder[]): IndexRow[] {
  const boxOf = new Map<number, number>();
  for (const b of binders) for (const x of b.items) boxOf.set(x.print.item.id, b.number);
  return walk(plan.roots).map((node) => {
    const ids = walk([node]).flatMap((n) => n.entries.filter((e) => e.full).map((e) => e.print.item.id));
    const spans = ids.map((id) => pages.get(id)).filter((x) => !!x);
    const boxes = [...new Set(ids.map((id) => boxOf.get(id)).filter((x): x is number => x != null))].sort((a, b) => a - b);
    const leaf = node.children.length === 0;
    const cross = node.entries
      .filter((e) => !e.full)
      .map((e) => {
        const pg = pages.get(e.print.item.id);
        const box = boxOf.get(e.print.item.id);
        return pg ? `另见第 ${pg.first} 页${box ? `（第 ${box} 盒）` : ''}` : '';
      })
      .filter(Boolean);
    const note = [...new Set(cross)].join('；') || (leaf && ids.length === 0 ? '无材料' : '');
    return {
      code: node.indicator.code,
      title: node.indicator.title,
      level: node.indicator.level,
      leaf,
      boxes,
      pages: spans.length ? pageRange(Math.min(...spans.map((s) => s.first)), Math.max(...spans.map((s) => s.last))) : '',
      items: ids.length,
      note,
    };
  });
}

/** 1、2、3 or 1—3 for a run. */
export function boxesText(boxes: number[]): string {
  if (!boxes.length) return '';
  const contiguous = boxes.every((b, i) => i === 0 || b === boxes[i - 1] + 1);
  return contiguous && boxes.length > 2 ? `${boxes[0]}—${boxes[boxes.length - 1]}` : boxes.join('、');
}
