// Attendance in the self-check, on a real archive: signed rows read from sign-in sheets (kept by
// savePages in blobs.signed_rows, as the background reader keeps them) stand in for participants
// nobody typed against "每次参加人数不少于50人", and a typed count well above the sheet is named.
import { Archive } from '../../main/archive/archive';
import { findIndicator, mergeIndicators } from '../../main/archive/indicators-repo';
import { insertItem, listItems, upsertBlob } from '../../main/archive/items-repo';
import { selfCheck, signedRowsOf, typedAboveSigned } from '../../main/check/self-check';
import { savePages } from '../../main/text/page-store';
import { countSignedRows } from '../../main/text/signin-count';
import { drafts, makeArchive, pdfBlob } from '../helpers/archive';
import { signInPage } from '../helpers/text-pages';
import { tmpDir } from '../helpers/tmp';
import type { PageText } from '../../shared/text-types';

const root = tmpDir('tz-attendance-');
let archive: Archive;
const ids: Record<string, number> = {};
const sha = (c: string) => c.repeat(64);

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
/** `n` signers over pages of 20 rows, as a sheet of several pages is photographed. */
function sheetPages(n: number): PageText[] {
  const signers: [string, string, string, string][] = Array.from({ length: n }, (_, i) => ['东街社区', i % 3 ? '居民' : '千事', SURNAMES[i % 20] + GIVEN[(i * 7) % 20], i % 2 ? `13${i % 10}****${1000 + i}` : '']);
  const pages: PageText[] = [];
  for (let p = 0; p * 20 < Math.max(n, 1); p++) pages.push({ ...signInPage({ title: '科普讲座签到表', signers: signers.slice(p * 20, p * 20 + 20) }), page: p + 1 });
  return pages;
}

beforeAll(async () => {
  archive = await makeArchive(root, 'archive', ['2023-01-01', '2023-12-31']);
  await archive.db.transaction((tx) =>
    mergeIndicators(tx, drafts([
      { code: '3', title: '科普宣传' },
      { code: '3.1', title: '举办科普讲座', requirement: '全年举办科普讲座不少于6次，每次参加人数不少于50人', target: { count: 6, unit: '次', perOccasion: { count: 50, unit: '人' } } },
    ])),
  );
  const ind = (await findIndicator(archive.db, '3.1'))!.id;
  // Each lecture: a sign-in sheet (a scan) and the typed participants, if any.
  const lectures: [string, string, number | null, string][] = [
    ['A', '2023-03-22', null, 'a'],
    ['B', '2023-05-18', null, 'b'],
    ['C', '2023-07-10', 80, 'c'],
    ['D', '2023-09-01', 45, 'd'],
    ['E', '2023-10-12', 55, 'e'],
    ['F', '2023-11-20', null, 'f'],
  ];
  await archive.db.transaction(async (tx) => {
    for (const [name, date, participants, c] of lectures) {
      await upsertBlob(tx, pdfBlob(sha(c)));
      ids[name] = await insertItem(tx, { kind: 'training', title: `科普讲座${name}`, date, participants }, [{ sha256: sha(c), name: '签到表.pdf', role: 'signin' }], [ind]);
    }
  });
});
afterAll(() => archive.close());

const lectureCheck = async () => {
  const r = await selfCheck(archive);
  return { r, c: r.indicators.find((i) => i.code === '3.1')! };
};

test('before the sheets are read, the lectures without typed participants are 未填人数', async () => {
  const { r, c } = await lectureCheck();
  expect(c.actualText).toBe('6/6次，1 次不足 50人，3 次未填人数');
  expect(r.problems.filter((p) => p.message.includes('签到表'))).toEqual([]);
});

test('read sheets stand in for untyped counts (and say so); a typed count well above its sheet is named on the item', async () => {
  // What the reader keeps: A 32 signed over two pages, B 60 over three, C and D 32 and 45, E 53; F not read yet.
  const counts: Record<string, number> = { a: 32, b: 60, c: 32, d: 45, e: 53 };
  await archive.db.transaction(async (tx) => {
    for (const [c, n] of Object.entries(counts)) {
      const pages = sheetPages(n);
      const signed = pages.map(countSignedRows).reduce<number>((a, b) => a + (b ?? 0), 0);
      await savePages(tx, sha(c), 'done', pages, { signed });
    }
    await savePages(tx, sha('f'), 'pending', []);
  });
  const items = await listItems(archive.db);
  const signed = await signedRowsOf(archive, items);
  expect(Object.fromEntries([...signed].map(([id, s]) => [Object.keys(ids).find((k) => ids[k] === id), s.rows]))).toEqual({ A: 32, B: 60, C: 32, D: 45, E: 53 });

  const { r, c } = await lectureCheck();
  // A is below on its sheet's 32, B holds on its 60; D's typed 45 is below; F is still unknown.
  expect(c.actualText).toBe('6/6次，2 次不足 50人，1 次未填人数，2 次人数为签到表识别');
  expect(c.status).toBe('below');
  const below = r.problems.find((p) => p.kind === 'below_target' && p.indicator === '3.1')!;
  expect(below.message).toContain('《科普讲座A》（2023年3月22日）签到表识别 32 人（未填写参与人数）');
  expect(below.message).toContain('《科普讲座D》（2023年9月1日）只有 45人');
  expect(below.message).toContain('《科普讲座F》（2023年11月20日）没有填写参与人数');
  expect(below.message).not.toContain('科普讲座B');

  // C: 80 typed, 32 signed. E: 55 typed, 53 signed (two forgot to sign): fine. D: equal: fine.
  const mismatch = r.problems.filter((p) => p.message.includes('签到表上只有'));
  expect(mismatch.map((p) => p.item)).toEqual([ids.C]);
  expect(mismatch[0]).toMatchObject({ kind: 'unverified_target', indicator: null });
  expect(mismatch[0].message).toContain('《科普讲座C》（2023年7月10日）填写的参与人数 80 人，签到表上只有 32 人签名');
  // Clicking it opens the sign-in sheet.
  expect(mismatch[0].file).toBe(items.find((i) => i.id === ids.C)!.files[0].id);
});

test('what is clearly above: a few missing signatures are not a problem', () => {
  expect(typedAboveSigned(80, 32)).toBe(true);
  expect(typedAboveSigned(33, 32)).toBe(false);
  expect(typedAboveSigned(34, 32)).toBe(false);
  expect(typedAboveSigned(40, 32)).toBe(true);
  expect(typedAboveSigned(130, 100)).toBe(true);
  expect(typedAboveSigned(115, 100)).toBe(false);
  expect(typedAboveSigned(32, 32)).toBe(false);
  expect(typedAboveSigned(20, 32)).toBe(false);
  expect(typedAboveSigned(null, 32)).toBe(false);
  // A sheet where no signature was read says nothing about the typed count.
  expect(typedAboveSigned(40, 0)).toBe(false);
  expect(typedAboveSigned(40, null)).toBe(false);
});
