// 一图多用: one photo printed under two activities with two captions is what inspectors treat as
// fabrication. Found by content: the same bytes (SHA-256) in two items, or near-identical photos
// (perceptual hash: a resized, recompressed or forwarded copy) in two items of different
// occasions. The same item linked to two indicators is one item, and is fine.
import type { Item, StoredFile } from '../../shared/domain';
import { IMAGE_TYPES } from '../../shared/domain';
import type { ReusedCopy } from '../../shared/check-types';

import { itemName } from './judge-target';
import { usableFile } from './evidence';

/** Bits a copy's hash may differ by: a recompressed or resized copy differs by 0–2, a slightly cropped one by about 4; different photos by 13 or more (measured on generated photos). */
export const NEAR_COPY_BITS = 6;
if (NEAR_COPY_BITS >= 8) throw new Error('the byte buckets of findReuse need fewer than 8 differing bits');

export interface ReuseGroup {
  /** exact: the same bytes; near: near-identical images. */
  how: 'exact' | 'near';
  copies: { item: Item; file: StoredFile }[];
}

const CAMERA_NAME = /^(?:img|dsc|dscn|dji|p|pxl|mvimg|wp|vid|微信图片|mmexport|wx_camera|screenshot|photo|截图|照片)[_\-\s\d]/i;

/**
 * Two items are one occasion when they share a date and a title, or share a date and one of them
 * is a loose photo named by the camera (IMG_0012): burst shots of one event filed loose are not reuse.
 */
function sameOccasion(a: Item, b: Item): boolean {
  if (a.date !== b.date) return false;
  const t = (i: Item) => i.title.replace(/\s+/g, '');
  return t(a) === t(b) || CAMERA_NAME.test(a.title) || CAMERA_NAME.test(b.title);
}

/** Every photo used in more than one item, grouped; `hashes` by SHA-256 (photoHashes). */
export function findReuse(items: Item[], hashes: Map<string, string>): ReuseGroup[] {
  const photos: { item: Item; file: StoredFile }[] = [];
  for (const item of items) for (const file of item.files) if (IMAGE_TYPES.has(file.type) && usableFile(file)) photos.push({ item, file });

  const groups: ReuseGroup[] = [];
  const bySha = new Map<string, { item: Item; file: StoredFile }[]>();
  for (const p of photos) bySha.set(p.file.sha256, [...(bySha.get(p.file.sha256) ?? []), p]);
  for (const list of bySha.values()) {
    const items = new Set(list.map((p) => p.item.id));
    if (items.size > 1) groups.push({ how: 'exact', copies: firstPerItem(list) });
  }

  // Near copies: one representative per distinct content. Two hashes within NEAR_COPY_BITS (< 8)
  // bits differ in at most that many of their 8 bytes, so they share at least one byte in the same
  // place: only hashes sharing a byte somewhere are compared (10,000 photos: thousands of pairs,
  // not 50 million).
  // Photos only: scans of one printed form (every sign-in sheet, every notice on the same 红头)
  // look alike to a perceptual hash whatever is written on them.
  const reps = [...bySha.values()].map((list) => list[0]).filter((p) => p.file.role === 'photo' && hashes.has(p.file.sha256));
  const bytes = reps.map((p) => hashes.get(p.file.sha256)!);
  const halves = bytes.map((h) => [parseInt(h.slice(0, 8), 16) >>> 0, parseInt(h.slice(8, 16), 16) >>> 0]);
  const parent = reps.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let pos = 0; pos < 8; pos++) {
    const buckets = new Map<string, number[]>();
    bytes.forEach((h, i) => {
      const k = h.slice(pos * 2, pos * 2 + 2);
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    });
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) {
        const i = list[x];
        for (let y = x + 1; y < list.length; y++) {
          const j = list[y];
          // A pair sharing several bytes is compared once per byte: cheaper than remembering it.
          const d = popcount((halves[i][0] ^ halves[j][0]) >>> 0) + popcount((halves[i][1] ^ halves[j][1]) >>> 0);
          if (d > NEAR_COPY_BITS || reps[i].item.id === reps[j].item.id || sameOccasion(reps[i].item, reps[j].item)) continue;
          parent[find(j)] = find(i);
        }
      }
    }
  }
  const near = new Map<number, { item: Item; file: StoredFile }[]>();
  reps.forEach((r, i) => near.set(find(i), [...(near.get(find(i)) ?? []), r]));
  for (const list of near.values()) {
    if (list.length > 1 && new Set(list.map((p) => p.item.id)).size > 1) groups.push({ how: 'near', copies: firstPerItem(list) });
  }
  return groups;
}

function firstPerItem(list: { item: Item; file: StoredFile }[]): { item: Item; file: StoredFile }[] {
  const seen = new Set<number>();
  return list.filter((p) => !seen.has(p.item.id) && seen.add(p.item.id));
}

export const copyLabel = (c: { item: Item; file: StoredFile }) => `${itemName(c.item)}中的“${c.file.name}”`;

export function reuseMessage(g: ReuseGroup): string {
  const what = g.how === 'exact' ? `同一张照片用于 ${g.copies.length} 件材料` : `几乎相同的照片（同一照片的缩小或压缩副本）用于 ${g.copies.length} 件材料`;
  return `${what}：${g.copies.map(copyLabel).join('、')}。检查组会把一图多用视为造假，请只保留在一件材料中。`;
}

const pixels = (f: StoredFile) => (f.width ?? 0) * (f.height ?? 0);

export function reuseCopies(g: ReuseGroup): ReusedCopy[] {
  // The original: the largest, and of equals one that still has the camera's time.
  const best = [...g.copies].sort((a, b) => pixels(b.file) - pixels(a.file) || Number(!!b.file.exifTime) - Number(!!a.file.exifTime))[0];
  return g.copies.map((c) => ({
    item: c.item.id,
    file: c.file.id,
    label: copyLabel(c),
    width: c.file.width,
    height: c.file.height,
    camera: !!c.file.exifTime,
    original: c === best,
    alone: c.item.files.length === 1,
  }));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
