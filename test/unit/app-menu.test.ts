// The Chinese menu and the Desktop of the shell (shell/dialog behind small interfaces).
import type { MenuItemConstructorOptions } from 'electron';
import type { OpenDialogOptionsLike } from '../../main/app/electron-api';
import { electronDesktop } from '../../main/app/electron-desktop';
import type { ApiDoor } from '../../main/app/ipc';
import { menuActions, menuState, menuTemplate, type MenuActions } from '../../main/app/menu';
import type { ApiEvent, SessionState } from '../../shared/api';
import type { Result } from '../../shared/errors';

type Item = MenuItemConstructorOptions;
const sub = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const find = (items: Item[], label: string): Item => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no menu item ${label} in ${items.map((i) => i.label).join(', ')}`);
  return found;
};

function recorder() {
  const done: string[] = [];
  const actions: MenuActions = {
    newArchive: () => done.push('new'),
    openArchive: () => done.push('open'),
    openRecent: (dir) => done.push(`recent:${dir}`),
    closeArchive: () => done.push('close'),
    about: () => done.push('about'),
  };
  return { done, actions };
}
const click = (item: Item) => (item.click as () => void)();

describe('menu template', () => {
  test('Chinese menus; 文件 has new, open, recent, close and quit', () => {
    const { done, actions } = recorder();
    const t = menuTemplate({ recent: ['D:\\台账\\2025', '/home/x/A&B'], archiveOpen: true, dev: false, platform: 'win32' }, actions);
    expect(t.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const file = sub(t[0]);
    expect(file.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual(['新建档案…', '打开档案…', '最近打开', '关闭档案', '退出']);
    click(find(file, '新建档案…'));
    click(find(file, '打开档案…'));
    click(find(file, '关闭档案'));
    const recent = sub(find(file, '最近打开'));
    expect(recent.map((i) => i.label)).toEqual(['D:\\台账\\2025', '/home/x/A&&B']);
    click(recent[1]);
    expect(done).toEqual(['new', 'open', 'close', 'recent:/home/x/A&B']);
    expect(find(file, '关闭档案').enabled).toBe(true);
    expect(find(file, '退出').role).toBe('quit');
  });

  test('without an archive: close is disabled, recent says （无）', () => {
    const t = menuTemplate({ recent: [], archiveOpen: false, dev: false, platform: 'linux' }, recorder().actions);
    const file = sub(t[0]);
    expect(find(file, '关闭档案').enabled).toBe(false);
    expect(sub(find(file, '最近打开'))).toEqual([{ label: '（无）', enabled: false }]);
  });

  test('developer tools only when unpackaged; every label Chinese', () => {
    const labels = (dev: boolean) => sub(menuTemplate({ recent: [], archiveOpen: false, dev, platform: 'linux' }, recorder().actions)[2]).map((i) => i.role);
    expect(labels(false)).not.toContain('toggleDevTools');
    expect(labels(true)).toContain('toggleDevTools');
    const all: Item[] = [];
    const walk = (items: Item[]) => items.forEach((i) => (all.push(i), walk(sub(i))));
    walk(menuTemplate({ recent: [], archiveOpen: true, dev: true, platform: 'linux' }, recorder().actions));
    for (const i of all.filter((x) => x.type !== 'separator')) expect(i.label).toMatch(/[\u4e00-\u9fff（]/);
  });

  test('macOS: the app menu comes first and 文件 has no quit of its own', () => {
    const t = menuTemplate({ recent: [], archiveOpen: false, dev: false, platform: 'darwin' }, recorder().actions);
    expect(t.map((m) => m.label)).toEqual(['创建台账', '文件', '编辑', '视图', '帮助']);
    expect(sub(t[1]).map((i) => i.role)).not.toContain('quit');
    expect(sub(t[0]).map((i) => i.role)).toContain('quit');
  });

  test('menuState follows the session', () => {
    const session = { archive: { dir: '/a' }, recent: [{ dir: '/a', name: 'A' }, { dir: '/b', name: '' }] } as unknown as SessionState;
    expect(menuState(session, false, 'linux')).toEqual({ recent: ['/a', '/b'], archiveOpen: true, dev: false, platform: 'linux' });
    expect(menuState(null, true, 'win32')).toEqual({ recent: [], archiveOpen: false, dev: true, platform: 'win32' });
  });
});

describe('menu actions', () => {
  function setup(answers: Record<string, Result<unknown>>) {
    const calls: [unknown, unknown][] = [];
    const sent: ApiEvent[] = [];
    const errors: string[] = [];
    const api: ApiDoor = {
      async call(method, args) {
        calls.push([method, args]);
        return answers[String(method)] ?? { ok: true, value: null };
      },
      onEvent: () => () => undefined,
    };
    const actions = menuActions({ api, send: (e) => sent.push(e), showError: (m) => errors.push(m), showAbout: () => errors.push('about') });
    return { calls, sent, errors, actions };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  test('新建档案 asks the interface for its form', () => {
    const s = setup({});
    s.actions.newArchive();
    expect(s.sent).toEqual([{ type: 'menu', action: 'archive.create' }]);
    expect(s.calls).toEqual([]);
  });

  test('打开档案 picks a folder and opens it through the Api', async () => {
    const s = setup({ 'desktop.pickFolder': { ok: true, value: '/home/x/档案' } });
    s.actions.openArchive();
    await settle();
    expect(s.calls).toEqual([
      ['desktop.pickFolder', { purpose: 'open' }],
      ['archive.open', { dir: '/home/x/档案' }],
    ]);
    expect(s.errors).toEqual([]);
  });

  test('a cancelled picker opens nothing', async () => {
    const s = setup({ 'desktop.pickFolder': { ok: true, value: null } });
    s.actions.openArchive();
    await settle();
    expect(s.calls.map((c) => c[0])).toEqual(['desktop.pickFolder']);
  });

  test("the service's message is shown when opening fails", async () => {
    const s = setup({ 'archive.open': { ok: false, error: { code: 'NOT_AN_ARCHIVE', message: '这个文件夹不是档案。' } } });
    s.actions.openRecent('/gone');
    s.actions.closeArchive();
    await settle();
    expect(s.calls).toEqual([
      ['archive.open', { dir: '/gone' }],
      ['archive.close', {}],
    ]);
    expect(s.errors).toEqual(['这个文件夹不是档案。']);
  });
});

describe('electronDesktop', () => {
  function setup(answer: { canceled: boolean; filePaths: string[] }, openError = '') {
    const dialogs: OpenDialogOptionsLike[] = [];
    const shown: string[] = [];
    const desktop = electronDesktop(
      { openPath: async (p) => (shown.push(`open:${p}`), openError), showItemInFolder: (p) => void shown.push(`show:${p}`) },
      { showOpenDialog: async (o) => (dialogs.push(o), answer) },
    );
    return { desktop, dialogs, shown };
  }

  test('pickFolder: the chosen folder, or null when cancelled', async () => {
    const a = setup({ canceled: false, filePaths: ['/x/档案'] });
    expect(await a.desktop.pickFolder('open')).toBe('/x/档案');
    expect(a.dialogs[0].properties).toContain('openDirectory');
    expect(a.dialogs[0].title).toMatch(/[\u4e00-\u9fff]/);
    expect(await setup({ canceled: true, filePaths: ['/x'] }).desktop.pickFolder('create')).toBeNull();
  });

  test('pickFiles: evidence allows many, indicators one table', async () => {
    const a = setup({ canceled: false, filePaths: ['/a.jpg', '/b.pdf'] });
    expect(await a.desktop.pickFiles('evidence')).toEqual(['/a.jpg', '/b.pdf']);
    expect(a.dialogs[0].properties).toEqual(['openFile', 'multiSelections']);
    await a.desktop.pickFiles('indicators');
    expect(a.dialogs[1].properties).toEqual(['openFile']);
    expect(a.dialogs[1].filters?.[0].extensions).toEqual(['xlsx', 'json']);
    expect(await setup({ canceled: true, filePaths: [] }).desktop.pickFiles('evidence')).toEqual([]);
  });

  test('openPath rejects with what the clerk can do (the system reason goes to the log); showItemInFolder passes through', async () => {
    const bad = setup({ canceled: true, filePaths: [] }, 'No application is associated');
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(bad.desktop.openPath('/x.wps')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('没有能打开“x.wps”的程序') });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('No application is associated'));
    log.mockRestore();
    const good = setup({ canceled: true, filePaths: [] });
    await good.desktop.openPath('/x.pdf');
    good.desktop.showItemInFolder('/y.pdf');
    expect(good.shown).toEqual(['open:/x.pdf', 'show:/y.pdf']);
  });
});
