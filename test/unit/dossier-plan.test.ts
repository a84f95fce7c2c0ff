import PDFDocument from 'pdfkit';
import { insertItem, upsertBlob } from '../../main/archive/items-repo';
import { submissionForm } from '../../main/export/dossier/indicator-pages';
import { Pager } from '../../main/export/dossier/pager';
import { loadFonts } from '../../main/export/pdf/fonts';
import { findIndicator } from '../../main/archive/indicators-repo';
import { planDossier, walk } from '../../main/export/dossier/plan';
import { archivalCode, itemNumber } from '../../shared/archival-code';
import { makeArchive, pdfBlob } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-plan-');

test('档号 follows DA/T 22: 全宗号-WS·年度-保管期限-机构-件号', () => {
  expect(archivalCode({ fonds: 'Z109', year: 2023, orgCode: 'BGS' }, 'D30', 1)).toBe('Z109-WS·2023-D30-BGS-0001');
  expect(archivalCode({ fonds: 'Z109', year: 2023, orgCode: '' }, 'Y', 12)).toBe('Z109-WS·2023-Y-0012');
  expect(itemNumber(123)).toBe('0123');
});

test('items number in print order; a second link is a cross-reference unless full copies are asked for', async () => {
  const a = await makeArchive(root, 'a');
  await a.updateCampaign({ fonds: 'Z109', year: 2023, orgCode: 'BGS' });
  await a.db.transaction(async (tx) => {
    await upsertBlob(tx, pdfBlob('d'.repeat(64)));
    const f = [{ sha256: 'd'.repeat(64), name: 'a.pdf', role: 'body' as const }];
    const id = async (c: string) => (await findIndicator(tx, c))!.id;
    await insertItem(tx, { kind: 'meeting', title: '培训会', date: '2023-02-01' }, f, [await id('2.1'), await id('1.2')]);
    await insertItem(tx, { kind: 'meeting', title: '推进会', date: '2023-03-01' }, f, [await id('1.2')]);
    await insertItem(tx, { kind: 'other', title: '未归类', date: null }, f, []);
    await insertItem(tx, { kind: 'report', title: '工作重点总结', date: '2023-04-01' }, f, [await id('2')]);
  });
  const plan = await planDossier(a);
  expect(plan.items.map((p) => [p.item.title, p.code])).toEqual([
    ['培训会', 'Z109-WS·2023-D30-BGS-0001'],
    ['推进会', 'Z109-WS·2023-D30-BGS-0002'],
    ['工作重点总结', 'Z109-WS·2023-D30-BGS-0003'],
  ]);
  const at = (code: string) => walk(plan.roots).find((n) => n.indicator.code === code)!;
  expect(at('1.2').entries.map((e) => [e.print.item.title, e.full])).toEqual([['培训会', true], ['推进会', true]]);
  expect(at('2.1').entries.map((e) => [e.print.item.title, e.full])).toEqual([['培训会', false]]);
  expect(plan.left.map((i) => i.title)).toEqual(['未归类']);
  const full = await planDossier(a, { fullCopies: true });
  expect(walk(full.roots).find((n) => n.indicator.code === '2.1')!.entries[0].full).toBe(true);
  const subset = await planDossier(a, { indicators: ['2.1'] });
  expect(walk(subset.roots).map((n) => n.indicator.code)).toEqual(['2', '2.1']);
  // 2 is only the heading of the chosen 2.1: its own material is not printed.
  expect(subset.items.map((p) => p.item.title)).toEqual(['培训会']);
  // Printing part of the tree keeps every item's number and 档号.
  const sub12 = await planDossier(a, { indicators: ['1.2'] });
  expect(sub12.items.map((p) => [p.item.title, p.code])).toEqual([
    ['培训会', 'Z109-WS·2023-D30-BGS-0001'],
    ['推进会', 'Z109-WS·2023-D30-BGS-0002'],
  ]);
  const sub2 = await planDossier(a, { indicators: ['2'] });
  expect(sub2.items.map((p) => [p.item.title, p.code])).toEqual([
    ['工作重点总结', 'Z109-WS·2023-D30-BGS-0003'],
    ['培训会', 'Z109-WS·2023-D30-BGS-0001'],
  ]);
  await a.close();
});

test('a 提交表 row is as tall whatever page numbers it shows, so both layout passes agree', async () => {
  const fonts = await loadFonts();
  const heightWith = (range: { first: number; last: number } | null, full: boolean) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    fonts.register(doc);
    const pager = new Pager(doc, fonts, { duplex: false });
    const indicator = { id: 1, parentId: null, code: '1.1', title: '召开工作推进会', requirement: '不少于3次', score: 5, basis: '', department: '办公室', target: null, level: 2, position: 0, removed: false };
    const item = { id: 9, title: '第一次推进会', date: '2023-03-08' } as never;
    submissionForm(pager, { indicator, children: [], entries: [{ print: { item, number: 1, code: 'x', year: 2023 }, full }] }, () => range);
    return doc.y;
  };
  for (const full of [true, false]) {
    const layout = heightWith(null, full);
    expect(heightWith({ first: 1003, last: 1011 }, full)).toBe(layout);
    expect(heightWith({ first: 7, last: 7 }, full)).toBe(layout);
  }
});
