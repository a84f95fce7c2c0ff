// 10,000 items under one indicator, written straight into SQLite (test/helpers/large-archive.ts,
// shared with bench/first-screen.ts): the list renders only the rows in view, scrolls to the
// last item, and the keyboard moves the selection. The first screen's time is reported, not asserted.
import path from 'node:path';
import type { ItemSummary } from '../../shared/api';
import { buildLargeArchive } from '../helpers/large-archive';
import { tmpDir } from '../helpers/tmp';
import { startE2E, textOf, until, VIEWPORT, type E2E } from './harness';

const N = 10_000;
const root = tmpDir('tz-e2e-large-');
let e: E2E;
let leaf: { code: string; title: string };
/** The indicator's list as the service orders it (by date within the indicator), which the list shows. */
let items: ItemSummary[];
const timings: string[] = [];

const rowsInDom = () => e.page.getByTestId('item-row').count();
const currentId = () => e.page.getByTestId('item-editor').getAttribute('data-id');

beforeAll(async () => {
  const t0 = performance.now();
  const archive = path.join(root, 'archive');
  // No bytes are stored behind the rows: no thumbnails claimed, so the list asks for none.
  await buildLargeArchive(archive, N, { oneList: true, thumbs: false });
  timings.push(`archive of ${N} items built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  e = await startE2E({ root, archive, goto: false });
  const tree = await e.call('indicators.tree', {});
  const node = tree.nodes.find((n) => n.ownItems > 0)!;
  leaf = { code: node.code, title: node.title };
  items = await e.call('items.list', { indicator: leaf.code });
}, 60_000);

afterAll(async () => {
  // Reported for the run's record; machines differ too much to assert it.
  console.log(`large archive (e2e): ${timings.join('; ')}`);
  await e?.close();
});

test('the first screen shows the indicator with 10,000 items, rendering only the rows in view', async () => {
  const t0 = performance.now();
  await e.page.goto(e.server.url);
  await e.page.getByTestId('item-row').first().waitFor({ timeout: 30_000 });
  timings.push(`first screen (page load → first row) ${(performance.now() - t0).toFixed(0)} ms`);

  expect(items).toHaveLength(N);
  await textOf(e.page.getByTestId('list-title'), `${leaf.code} ${leaf.title}`);
  await textOf(e.page.getByTestId('item-count'), `共 ${N} 件`);
  await textOf(e.page.locator(`[data-testid="tree-node"][data-code="${leaf.code}"]`), new RegExp(`${N} 件`));
  const rows = await rowsInDom();
  // 768 px of window hold about a dozen 48 px rows; a few more are rendered above and below.
  expect(rows).toBeGreaterThan(5);
  expect(rows).toBeLessThan(60);
  await textOf(e.page.getByTestId('item-row').first().locator('.irow-title'), items[0].title);
  // The list's scrolling height is that of all 10,000 rows.
  const height = await e.page.getByTestId('item-list').evaluate((el) => el.scrollHeight);
  expect(height).toBeGreaterThanOrEqual(N * 48);
  expect(await e.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  await e.shot('10000-items');
});

test('scrolling to the end shows the last item, still with a window of rows', async () => {
  const list = e.page.getByTestId('item-list');
  const t0 = performance.now();
  // Ten steps of a screen each, a frame apart, then the end: how a clerk drags the scrollbar.
  const frames = await list.evaluate(async (el) => {
    const times: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const t = performance.now();
      el.scrollTop = i * el.clientHeight * 50;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      times.push(performance.now() - t);
    }
    el.scrollTop = el.scrollHeight;
    return times;
  });
  const last = e.page.locator(`[data-testid="item-row"][data-id="${items[N - 1].id}"]`);
  await last.waitFor();
  timings.push(`scroll to the end ${(performance.now() - t0).toFixed(0)} ms (slowest jump of 50 screens, to the rows painted: ${Math.max(...frames).toFixed(0)} ms)`);
  await textOf(last.locator('.irow-title'), items[N - 1].title);
  await textOf(last.locator('.irow-no'), String(N));
  expect(await last.isVisible()).toBe(true);
  expect(await rowsInDom()).toBeLessThan(60);
  expect(await e.page.locator(`[data-testid="item-row"][data-id="${items[0].id}"]`).count()).toBe(0);
});

test('the keyboard moves the selection: Home, ArrowDown, End', async () => {
  const list = e.page.getByTestId('item-list');
  const ids = items.map((i) => i.id);
  await list.focus();
  await e.page.keyboard.press('Home');
  await until('the first item open', async () => (await currentId()) === String(ids[0]));
  await e.page.keyboard.press('ArrowDown');
  await until('the second item open', async () => (await currentId()) === String(ids[1]));
  const selected = e.page.locator('[data-testid="item-row"][aria-selected="true"]');
  await until('one row selected', async () => (await selected.count()) === 1);
  expect(await selected.getAttribute('data-id')).toBe(String(ids[1]));
  await until('its title in the editor', async () => (await e.page.getByTestId('field-title').inputValue()) === items[1].title);

  const t0 = performance.now();
  await e.page.keyboard.press('End');
  await until('the last item open', async () => (await currentId()) === String(ids[N - 1]));
  await until('the last row shown selected', async () => (await selected.getAttribute('data-id')) === String(ids[N - 1]));
  timings.push(`End → last item open ${(performance.now() - t0).toFixed(0)} ms`);
  await e.page.keyboard.press('ArrowUp');
  await until('the one before open', async () => (await currentId()) === String(ids[N - 2]));
  expect(await rowsInDom()).toBeLessThan(60);
  await e.shot('10000-items-end');
  // The page made no errors of its own (the rows have no stored bytes, so their previews 404).
  expect(e.consoleErrors.filter((m) => !/404/.test(m) || !/\/archive\/files\//.test(m))).toEqual([]);
  expect(e.foreignRequests).toEqual([]);
});
