// The IPC door of the Electron shell: who may call (sender check) and what reaches the Api.
import { createApi } from '../../main/api/api';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../main/app/channels';
import type { FrameLike, InvokeEventLike, WebContentsLike } from '../../main/app/electron-api';
import { forwardEvents, handleCall, registerIpc, senderProblem, type ApiDoor } from '../../main/app/ipc';
import type { ApiEvent } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { tmpDir } from '../helpers/tmp';

// Refusals are logged for whoever maintains the app; keep the test output quiet.
beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

const OURS = 7;
const isOurs = (id: number) => id === OURS;
const main = (url = 'app://taizhang/index.html'): FrameLike => ({ url, parent: null });
const ev = (frame: FrameLike | null, id = OURS): InvokeEventLike => ({ sender: { id }, senderFrame: frame });

function recordingApi(answer: Result<unknown> = { ok: true, value: 'done' }) {
  const calls: { method: unknown; args: unknown }[] = [];
  const listeners = new Set<(e: ApiEvent) => void>();
  const api: ApiDoor & { emit(e: ApiEvent): void } = {
    async call(method, args) {
      calls.push({ method, args });
      return answer;
    },
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
  };
  return { api, calls };
}

describe('sender check', () => {
  test('accepts the main frame of our window showing our page', () => {
    expect(senderProblem(ev(main()), isOurs)).toBeNull();
    expect(senderProblem(ev(main('app://taizhang/#/items?x=1')), isOurs)).toBeNull();
  });

  test.each([
    ['another web contents', ev(main(), 8)],
    ['a frame that is gone', ev(null)],
    ['a sub-frame of our page', ev({ url: 'app://taizhang/index.html', parent: main() })],
    ['a stored file shown in a frame', ev({ url: 'taizhang-file://archive/files/ab/x', parent: main() })],
    ['a stored file as the main frame', ev(main('taizhang-file://archive/files/ab/x'))],
    ['file://', ev(main('file:///work/main/build/renderer/index.html'))],
    ['a web page', ev(main('https://example.com/'))],
    ['a look-alike host', ev(main('app://taizhang.evil.com/index.html'))],
    ['a host with user info', ev(main('app://taizhang@evil.com/index.html'))],
    ['a longer host', ev(main('app://taizhangx/index.html'))],
    ['no path at all', ev(main('app://taizhang'))],
    ['about:blank', ev(main('about:blank'))],
    ['an empty URL', ev(main(''))],
  ])('refuses %s', (_what, event) => {
    expect(senderProblem(event, isOurs)).not.toBeNull();
  });
});

describe('handleCall', () => {
  test('passes method and arguments of a good sender through and returns the Result as is', async () => {
    const { api, calls } = recordingApi({ ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
    const r = await handleCall(api, isOurs, ev(main()), ['items.get', { id: 3 }]);
    expect(calls).toEqual([{ method: 'items.get', args: { id: 3 } }]);
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
  });

  test('a wrong sender gets an error and the Api is never called', async () => {
    const { api, calls } = recordingApi();
    const r = await handleCall(api, isOurs, ev(main('https://evil.example/')), ['archive.open', { dir: '/' }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_INPUT');
    expect(calls).toEqual([]);
    const sub = await handleCall(api, isOurs, ev({ url: 'app://taizhang/index.html', parent: main() }), ['session.state', {}]);
    expect(sub.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  test.each([[[]], [['session.state']], [['session.state', {}, 'extra']]])('refuses %j: one method and one argument object', async (args) => {
    const { api, calls } = recordingApi();
    const r = await handleCall(api, isOurs, ev(main()), args);
    expect(!r.ok && r.error.code).toBe('BAD_INPUT');
    expect(calls).toEqual([]);
  });

  test('an Api that throws still answers with a Result', async () => {
    const api: ApiDoor = { call: () => Promise.reject(new Error('boom')), onEvent: () => () => undefined };
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await handleCall(api, isOurs, ev(main()), ['session.state', {}]);
    spy.mockRestore();
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
  });

  test('registerIpc handles exactly one channel, through the sender check', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const { api, calls } = recordingApi();
    registerIpc({ handle: (c, fn) => handlers.set(c, fn) }, api, isOurs);
    expect([...handlers.keys()]).toEqual([CALL_CHANNEL]);
    const fn = handlers.get(CALL_CHANNEL)!;
    expect(await fn(ev(main()), 'session.state', {})).toEqual({ ok: true, value: 'done' });
    expect((await fn(ev(main(), 99), 'session.state', {})) as Result<unknown>).toMatchObject({ ok: false });
    expect(calls).toHaveLength(1);
  });
});

describe('with the real Api', () => {
  const api = createApi({ stateDir: tmpDir('tz-ipc-'), desktop: null, version: 'test' });
  afterAll(() => api.close());
  const call = (...args: unknown[]) => handleCall(api, isOurs, ev(main()), args);

  test('a good call answers ok', async () => {
    const r = await call('session.state', {});
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ archive: null, desktop: false, version: 'test' }) });
  });

  test.each([
    ['a wrong type', 'items.get', { id: 'three' }],
    ['a number out of range', 'items.get', { id: 0 }],
    ['a missing argument', 'archive.open', {}],
    ['an empty path', 'archive.open', { dir: '' }],
    ['a control character', 'archive.open', { dir: '/tmp/a\u0000b' }],
    ['a value not in the list', 'desktop.pickFolder', { purpose: 'anywhere' }],
    ['an array for an object', 'items.trash', []],
    ['a string for the arguments', 'items.get', '{"id":1}'],
  ])('bad arguments (%s) → BAD_INPUT with a Chinese message', async (_what, method, args) => {
    const r = await call(method, args);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_INPUT');
    expect(!r.ok && r.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test.each([['fs.readFile'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [{ toString: () => 'session.state' }]])(
    'unknown method %p is refused',
    async (method) => {
      const r = await call(method, {});
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('BAD_INPUT');
    },
  );

  test('a wrong sender never reaches the real Api', async () => {
    const spy = jest.spyOn(api, 'call');
    const r = await handleCall(api, isOurs, ev(main('https://evil.example/')), ['session.state', {}]);
    expect(r.ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('events', () => {
  test('Api events go to the live windows on the event channel until stopped', () => {
    const { api } = recordingApi();
    const sent: [number, string, unknown][] = [];
    const wc = (id: number, destroyed = false): WebContentsLike =>
      ({ id, isDestroyed: () => destroyed, send: (c: string, e: unknown) => sent.push([id, c, e]) }) as unknown as WebContentsLike;
    const stop = forwardEvents(api, () => [wc(1), wc(2, true)]);
    const e: ApiEvent = { type: 'changed', what: 'items' };
    api.emit(e);
    expect(sent).toEqual([[1, EVENT_CHANNEL, e]]);
    stop();
    api.emit(e);
    expect(sent).toHaveLength(1);
  });
});
