import { displayWidth } from '../../shared/text-width';

test('Chinese counts two columns; ambiguous signs only where the font draws them wide', () => {
  expect(displayWidth('推进会 A1')).toBe(9);
  expect(displayWidth('𠮷')).toBe(2);
  expect(displayWidth('第1次—2次·×')).toBe(11);
  expect(displayWidth('第1次—2次·×', { ambiguousWide: true })).toBe(14);
});
