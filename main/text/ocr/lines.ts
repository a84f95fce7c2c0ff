// Reading order and box arithmetic shared by both engines, so a page reads the same whichever
// engine read it.
import type { Point, TextLine } from '../../../shared/text-types';

export type Box = TextLine['box'];

function centreY(b: Box): number {
  return (b[0][1] + b[1][1] + b[2][1] + b[3][1]) / 4;
}

function heightOf(b: Box): number {
  return Math.max(1, (b[3][1] + b[2][1] - b[0][1] - b[1][1]) / 2);
}

/**
 * Top to bottom, then left to right. Lines whose centres lie within half a line height of a row's
 * first line share that row: a photo is never perfectly level, so a plain sort by y would put the
 * right half of a tilted row (or a signature written a little high) before its left half.
 */
export function readingOrder(lines: TextLine[]): TextLine[] {
  const byY = [...lines].sort((a, b) => centreY(a.box) - centreY(b.box));
  const rows: TextLine[][] = [];
  for (const line of byY) {
    const row = rows.at(-1);
    if (row && Math.abs(centreY(line.box) - centreY(row[0].box)) < Math.min(heightOf(row[0].box), heightOf(line.box)) / 2) row.push(line);
    else rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box[0][0] - b.box[0][0]));
}

/** A box from an engine's points, scaled into another pixel space and kept inside it. */
export function scaleBox(points: ArrayLike<ArrayLike<number>>, scale: number, width: number, height: number): Box {
  const at = (i: number): Point => {
    const p = points[i];
    return [clamp(Math.round(p[0] * scale), 0, width), clamp(Math.round(p[1] * scale), 0, height)];
  };
  return [at(0), at(1), at(2), at(3)];
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The part of the page the boxes cover (0–1); overlaps counted twice, which few lines have. */
export function areaShare(boxes: ArrayLike<ArrayLike<number>>[], width: number, height: number): number {
  let area = 0;
  for (const b of boxes) {
    const w = Math.hypot(b[1][0] - b[0][0], b[1][1] - b[0][1]);
    const h = Math.hypot(b[3][0] - b[0][0], b[3][1] - b[0][1]);
    area += w * h;
  }
  return area / Math.max(1, width * height);
}
