// The Chinese application menu. Opening, reopening and closing an archive need no form, so the
// main process does them through the same Api the interface uses (which then tells the interface
// that the archive changed); a new archive needs the interface's form, so that item sends it a
// {type: 'menu'} event instead.
import type { MenuItemConstructorOptions } from 'electron';
import type { ApiEvent, SessionState } from '../../shared/api';
import type { ApiDoor } from './ipc';

export interface MenuState {
  recent: readonly string[];
  archiveOpen: boolean;
  /** Unpackaged: reload and developer tools in 视图. */
  dev: boolean;
  platform: NodeJS.Platform;
}

export interface MenuActions {
  newArchive(): void;
  openArchive(): void;
  openRecent(dir: string): void;
  closeArchive(): void;
  about(): void;
}

/** A path as a menu label: '&' would become a Windows access key. */
function label(text: string): string {
  return text.replace(/&/g, '&&');
}

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? state.recent.map((dir) => ({ label: label(dir), click: () => actions.openRecent(dir) }))
    : [{ label: '（无）', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: '文件',
    submenu: [
      { label: '新建档案…', accelerator: 'CmdOrCtrl+N', click: () => actions.newArchive() },
      { label: '打开档案…', accelerator: 'CmdOrCtrl+O', click: () => actions.openArchive() },
      { label: '最近打开', submenu: recent },
      { type: 'separator' },
      { label: '关闭档案', enabled: state.archiveOpen, click: () => actions.closeArchive() },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: '退出', role: 'quit', accelerator: 'Ctrl+Q' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '编辑',
    submenu: [
      { label: '撤销', role: 'undo' },
      { label: '重做', role: 'redo' },
      { type: 'separator' },
      { label: '剪切', role: 'cut' },
      { label: '复制', role: 'copy' },
      { label: '粘贴', role: 'paste' },
      { label: '全选', role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '视图',
    submenu: [
      ...(state.dev
        ? ([
            { label: '重新载入', role: 'reload' },
            { label: '开发者工具', role: 'toggleDevTools' },
            { type: 'separator' },
          ] as const)
        : []),
      { label: '实际大小', role: 'resetZoom' },
      { label: '放大', role: 'zoomIn' },
      { label: '缩小', role: 'zoomOut' },
      { type: 'separator' },
      { label: '全屏', role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '帮助',
    role: 'help',
    submenu: [{ label: '关于创建台账', click: () => actions.about() }],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: '创建台账',
    submenu: [
      { label: '关于创建台账', click: () => actions.about() },
      { type: 'separator' },
      { label: '隐藏创建台账', role: 'hide' },
      { label: '隐藏其他', role: 'hideOthers' },
      { label: '全部显示', role: 'unhide' },
      { type: 'separator' },
      { label: '退出创建台账', role: 'quit' },
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, help];
}

export interface MenuDeps {
  api: ApiDoor;
  /** Sends an event to the interface (the 'menu' events; the Api sends its own). */
  send(event: ApiEvent): void;
  /** A native error box with the service's Chinese message. */
  showError(message: string): void;
  showAbout(): void;
}

/** What the menu items do. Errors end in a message box; nothing throws into Electron's menu code. */
export function menuActions(deps: MenuDeps): MenuActions {
  const run = async (method: string, args: unknown): Promise<void> => {
    const r = await deps.api.call(method, args);
    if (!r.ok) deps.showError(r.error.message);
  };
  return {
    newArchive: () => deps.send({ type: 'menu', action: 'archive.create' }),
    openArchive: () => {
      void (async () => {
        const picked = await deps.api.call('desktop.pickFolder', { purpose: 'open' });
        if (!picked.ok) return deps.showError(picked.error.message);
        if (typeof picked.value === 'string') await run('archive.open', { dir: picked.value });
      })();
    },
    openRecent: (dir) => void run('archive.open', { dir }),
    closeArchive: () => void run('archive.close', {}),
    about: () => deps.showAbout(),
  };
}

/** The menu's state from the session the Api reports. */
export function menuState(session: SessionState | null, dev: boolean, platform: NodeJS.Platform): MenuState {
  return { recent: session?.recent.map((r) => r.dir) ?? [], archiveOpen: session?.archive != null, dev, platform };
}
