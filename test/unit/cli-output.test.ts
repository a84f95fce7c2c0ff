import { PassThrough } from 'node:stream';
import { displayWidth, progressBar, table } from '../../main/cli/output';

test('tables align Chinese text by display width and cut long cells', () => {
  const t = table(['编号', '指标'], [['1.1', '成立领导小组'], ['1.10', 'x'.repeat(60)]], 20).split('\n');
  expect(displayWidth('成立领导小组')).toBe(12);
  expect(t[0]).toBe('编号  指标');
  expect(t[2]).toBe('1.1   成立领导小组');
  expect(t[3]).toMatch(/^1\.10  x+…$/);
  expect(displayWidth(t[3])).toBe(4 + 2 + 20);
});

function terminal(columns: number | undefined) {
  const s = Object.assign(new PassThrough(), { isTTY: true, columns }) as unknown as NodeJS.WriteStream;
  let text = '';
  (s as unknown as PassThrough).on('data', (d) => (text += d));
  return { s, text: () => text };
}

test('the progress bar draws on a terminal, even one that reports no width', async () => {
  for (const cols of [0, undefined, 100]) {
    const t = terminal(cols);
    const bar = progressBar(t.s);
    bar.update({ phase: '存储文件', done: 5, total: 10 });
    bar.update({ phase: '存储文件', done: 10, total: 10 });
    bar.done();
    await new Promise((r) => setImmediate(r));
    expect(t.text()).toContain(' 50% 存储文件 5/10');
    expect(t.text()).toContain('100% 存储文件 10/10');
  }
});

test('the progress bar is silent when stderr is not a terminal', async () => {
  const s = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (s as unknown as PassThrough).on('data', (d) => (text += d));
  progressBar(s).update({ phase: 'x', done: 1, total: 2 });
  await new Promise((r) => setImmediate(r));
  expect(text).toBe('');
});
