// The viewer's page labels as ranges: front matter in lower-case roman, then the printed numbers,
// the unnumbered blank pages of duplex printing counted in place.
import { pageLabelRanges } from '../../main/export/dossier/nav';
import type { PageKind } from '../../main/export/dossier/pager';

const pager = (kinds: PageKind[]) => {
  const bodyStart = kinds.indexOf('body') + 1;
  return { kinds, bodyStart, printed: (physical: number) => physical - bodyStart + 1 };
};

test('cover, blank, contents as i–iii; numbered pages and a blank between them as one decimal run', () => {
  expect(pageLabelRanges(pager(['front', 'blank', 'front', 'body', 'body', 'blank', 'body']))).toEqual([
    { start: 0, style: 'roman', first: 1 },
    { start: 3, style: 'decimal', first: 1 },
  ]);
});

test('without cover and contents the first page is 1; without numbered pages all are roman', () => {
  expect(pageLabelRanges(pager(['body', 'body']))).toEqual([{ start: 0, style: 'decimal', first: 1 }]);
  expect(pageLabelRanges({ kinds: ['front', 'front'], bodyStart: 0, printed: (p) => p })).toEqual([{ start: 0, style: 'roman', first: 1 }]);
});

test('a numbering that does not run on (a page not counted) starts a new range at the printed number', () => {
  const skip = { kinds: ['front', 'body', 'blank', 'body'] as PageKind[], bodyStart: 2, printed: (p: number) => (p >= 4 ? p - 2 : p - 1) };
  expect(pageLabelRanges(skip)).toEqual([
    { start: 0, style: 'roman', first: 1 },
    { start: 1, style: 'decimal', first: 1 },
    { start: 3, style: 'decimal', first: 2 },
  ]);
});
