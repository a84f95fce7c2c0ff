// Closing the desktop window with an unsaved edit: the page refuses to unload (beforeunload), and
// the window asks instead of staying open without a word — stay, or close without the edit.
import { guardUnsavedClose, unsavedCloseQuestion, type ClosableWindowLike } from '../../main/app/window';

function fakeWindow() {
  const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const on = (event: string, l: (...a: unknown[]) => void) => listeners.set(event, [...(listeners.get(event) ?? []), l]);
  const emit = (event: string, ...a: unknown[]) => (listeners.get(event) ?? []).forEach((l) => l(...a));
  const calls: string[] = [];
  const win = {
    on,
    close: () => {
      calls.push('close');
      emit('close');
    },
    webContents: { on, reload: () => calls.push('reload') },
  } as unknown as ClosableWindowLike;
  /** The page answered beforeunload with a refusal: Electron asks the main process. */
  const refuse = () => {
    let ignored = false;
    emit('will-prevent-unload', { preventDefault: () => (ignored = true) });
    return ignored;
  };
  return { win, calls, emit, refuse };
}

const tick = () => new Promise((r) => setImmediate(r));

test('closing with an unsaved edit asks; 留下 keeps the window, the refusal stands', async () => {
  const f = fakeWindow();
  const asked: boolean[] = [];
  guardUnsavedClose(f.win, async (closing) => (asked.push(closing), false));
  f.emit('close');
  expect(f.refuse()).toBe(false);
  await tick();
  expect(asked).toEqual([true]);
  expect(f.calls).toEqual([]);
});

test('不保存，关闭 closes the window, ignoring the page’s refusal the second time', async () => {
  const f = fakeWindow();
  guardUnsavedClose(f.win, async () => true);
  f.emit('close');
  expect(f.refuse()).toBe(false);
  await tick();
  expect(f.calls).toEqual(['close']);
  // The page still refuses (its edit is unsaved): this time the refusal is overridden.
  expect(f.refuse()).toBe(true);
});

test('a reload (not a close) that the clerk leaves anyway reloads, and the question says 离开', async () => {
  const f = fakeWindow();
  const asked: boolean[] = [];
  guardUnsavedClose(f.win, async (closing) => (asked.push(closing), true));
  expect(f.refuse()).toBe(false);
  await tick();
  expect(asked).toEqual([false]);
  expect(f.calls).toEqual(['reload']);
  expect(f.refuse()).toBe(true);
  expect(unsavedCloseQuestion(false).buttons).toEqual(['留下', '不保存，离开']);
  expect(unsavedCloseQuestion(true).buttons[1]).toBe('不保存，关闭');
  expect(unsavedCloseQuestion(true).cancelId).toBe(0);
});
