// Splitting filed items into archive boxes (pure), and where the spine labels go on a sheet.
import { splitIntoBoxes, type BoxItem } from '../../main/export/boxes/split';
import { SPINE_HEIGHT_MM, SPINE_WIDTHS, spineSlots, stacked } from '../../main/export/boxes/spine';
import { A4, MM } from '../../main/export/pdf/geometry';
import { readsAsDocNumber } from '../../shared/archival-code';
import type { Retention } from '../../shared/domain';

/** Items numbered 1, 2, 3 … with the given pages; 2023, 30 years, one 机构 unless said otherwise. */
function items(pages: number[], over: (n: number) => Partial<BoxItem> = () => ({})): BoxItem[] {
  return pages.map((p, i) => ({ number: i + 1, year: 2023, retention: 'D30' as Retention, org: 'BGS', pages: p, ...over(i + 1) }));
}
const numbersOf = (boxes: { items: BoxItem[] }[]) => boxes.map((b) => b.items.map((i) => i.number));

test('boxes fill in 件号 order up to the capacity, an exact fit included, and are numbered from 1', () => {
  const boxes = splitIntoBoxes(items([60, 60, 60, 60, 100, 100, 101, 99]), 200);
  expect(numbersOf(boxes)).toEqual([[1, 2, 3], [4, 5], [6], [7, 8]]);
  expect(boxes.map((b) => b.pages)).toEqual([180, 160, 100, 200]);
  expect(boxes.map((b) => b.number)).toEqual([1, 2, 3, 4]);
  expect(boxes.every((b) => !b.oversize)).toBe(true);
  // Items given out of order are boxed by 件号; the input is left as it was.
  const shuffled = items([10, 20, 30]).reverse();
  expect(numbersOf(splitIntoBoxes(shuffled, 25))).toEqual([[1], [2], [3]]);
  expect(shuffled.map((i) => i.number)).toEqual([3, 2, 1]);
});

test('items of different years never share a box; earlier years first, undated (no year) last', () => {
  const years = [2023, 2022, 2023, 2022, null, 2023];
  const boxes = splitIntoBoxes(items([1, 1, 1, 1, 1, 1], (n) => ({ year: years[n - 1] })), 200);
  expect(numbersOf(boxes)).toEqual([[2, 4], [1, 3, 6], [5]]);
  expect(boxes.map((b) => b.year)).toEqual([2022, 2023, null]);
  for (const b of boxes) expect(new Set(b.items.map((i) => i.year)).size).toBe(1);
});

test('retention periods and 机构 are never mixed: 永久 before 30 years before 10 years', () => {
  const retention: Retention[] = ['D10', 'D30', 'Y', 'D30', 'D10', 'Y'];
  const boxes = splitIntoBoxes(items([5, 5, 5, 5, 5, 5], (n) => ({ retention: retention[n - 1] })), 200);
  expect(boxes.map((b) => b.retention)).toEqual(['Y', 'D30', 'D10']);
  expect(numbersOf(boxes)).toEqual([[3, 6], [2, 4], [1, 5]]);
  const orgs = splitIntoBoxes(items([5, 5, 5], (n) => ({ org: n === 2 ? 'ZZB' : 'BGS' })), 200);
  expect(orgs.map((b) => [b.org, b.items.map((i) => i.number)])).toEqual([['BGS', [1, 3]], ['ZZB', [2]]]);
});

test('an item larger than a box gets a box of its own, flagged, and is never split', () => {
  const boxes = splitIntoBoxes(items([50, 250, 30, 20]), 200);
  expect(numbersOf(boxes)).toEqual([[1], [2], [3, 4]]);
  expect(boxes.map((b) => b.oversize)).toEqual([false, true, false]);
  expect(boxes[1].pages).toBe(250);
  // Every page is in exactly one box.
  expect(boxes.reduce((n, b) => n + b.pages, 0)).toBe(350);
  // At the start of a group, and twice in a row.
  expect(numbersOf(splitIntoBoxes(items([300, 300, 1]), 200))).toEqual([[1], [2], [3]]);
});

test('the capacity must be a positive whole number of pages', () => {
  for (const bad of [0, -1, 1.5, NaN]) expect(() => splitIntoBoxes(items([1]), bad)).toThrow(RangeError);
  expect(splitIntoBoxes([], 200)).toEqual([]);
});

test('spine labels: true width, the full height, as many side by side as fit on A4 with room for cut marks', () => {
  const expected: Record<number, number> = { 20: 8, 30: 5, 40: 4, 50: 3 };
  for (const w of SPINE_WIDTHS) {
    const s = spineSlots(w);
    expect(s.perSheet).toBe(expected[w]);
    expect(s.width).toBeCloseTo((w * 72) / 25.4, 6);
    expect(s.height).toBeCloseTo((SPINE_HEIGHT_MM * 72) / 25.4, 6);
    // Nothing overlaps, and 7 mm (the cut marks) stays free at every edge of the sheet.
    s.xs.slice(1).forEach((x, i) => expect(x).toBeGreaterThanOrEqual(s.xs[i] + s.width + 2 * MM));
    expect(s.xs[0]).toBeGreaterThanOrEqual(7 * MM);
    expect(A4.width - (s.xs[s.perSheet - 1] + s.width)).toBeGreaterThanOrEqual(7 * MM);
    expect(s.y).toBeGreaterThanOrEqual(7 * MM);
    expect(A4.height - (s.y + s.height)).toBeGreaterThanOrEqual(7 * MM);
  }
});

test('spine values: Chinese one character a line, numbers and codes kept whole', () => {
  expect(stacked('定期30年')).toEqual(['定', '期', '30', '年']);
  expect(stacked('永久')).toEqual(['永', '久']);
  expect(stacked('BGS')).toEqual(['BGS']);
  expect(stacked('Z109')).toEqual(['Z109']);
  expect(stacked('')).toEqual([]);
});

test('a 文号 reads as one: 机关代字〔年份〕序号, brackets as typed on a keyboard too', () => {
  for (const ok of ['某政办〔2023〕5号', '县委发〔2022〕12号', '科普办[2023]3号', '县文明办（2023）第7号', '某政办 〔2023〕 5 号', 'XKX〔2023〕1号']) expect(readsAsDocNumber(ok)).toBe(true);
  for (const bad of ['5', '通知', '2023', '第五号通知', '〔2023〕5号', '某政办2023年5号', '某政办〔23〕5号', '某政办〔2023〕5']) expect(readsAsDocNumber(bad)).toBe(false);
});
