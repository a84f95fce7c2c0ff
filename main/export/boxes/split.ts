// Which item goes into which archive box (档案盒). Items of different years, retention periods or
// 机构 never share a box (DA/T 22-2015); within one such group boxes are filled in 件号 order up to
// the page capacity, and an item is never split: one larger than a box gets a box of its own.
// Boxes are numbered 1, 2, 3 … over all groups: year first, then 永久 before 30 and 10 years.
import { RETENTIONS, type Retention } from '../../../shared/domain';

export interface BoxItem {
  /** 件号 */
  number: number;
  year: number | null;
  retention: Retention;
  /** 机构（问题）; '' when the archive keeps none. */
  org: string;
  /** Printed pages. */
  pages: number;
}

export interface Box<T extends BoxItem> {
  /** 盒号, from 1. */
  number: number;
  year: number | null;
  retention: Retention;
  org: string;
  /** In 件号 order. */
  items: T[];
  pages: number;
  /** Its one item alone is larger than the capacity. */
  oversize: boolean;
}

export const DEFAULT_CAPACITY = 200;

const groupKey = (i: BoxItem) => JSON.stringify([i.year, i.retention, i.org]);

function compareGroups(a: BoxItem, b: BoxItem): number {
  // An item without a year (no date, no campaign year) goes after the dated ones.
  const ya = a.year ?? Infinity;
  const yb = b.year ?? Infinity;
  if (ya !== yb) return ya - yb;
  const r = RETENTIONS.indexOf(a.retention) - RETENTIONS.indexOf(b.retention);
  if (r !== 0) return r;
  return a.org < b.org ? -1 : a.org > b.org ? 1 : 0;
}

/** Splits items into boxes of at most `capacity` pages. Pure: the same items give the same boxes. */
export function splitIntoBoxes<T extends BoxItem>(items: readonly T[], capacity: number): Box<T>[] {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.number - b.number)) {
    const key = groupKey(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const boxes: Box<T>[] = [];
  for (const list of [...groups.values()].sort((a, b) => compareGroups(a[0], b[0]))) {
    for (const run of fillRuns(list, capacity)) {
      const { year, retention, org } = run.items[0];
      boxes.push({ number: boxes.length + 1, year, retention, org, ...run });
    }
  }
  return boxes;
}

/**
 * Items in the order given, filled into runs of at most `capacity` pages; an item is never split,
 * one larger than the capacity is a run of its own (oversize). Shared by both arrangements.
 */
export function fillRuns<T extends { pages: number }>(items: readonly T[], capacity: number): { items: T[]; pages: number; oversize: boolean }[] {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  const runs: { items: T[]; pages: number; oversize: boolean }[] = [];
  let open: (typeof runs)[number] | null = null;
  for (const item of items) {
    if (open && open.pages + item.pages > capacity) open = null;
    if (!open) {
      open = { items: [], pages: 0, oversize: false };
      runs.push(open);
    }
    open.items.push(item);
    open.pages += item.pages;
    if (item.pages > capacity) {
      open.oversize = true;
      open = null;
    }
  }
  return runs;
}
