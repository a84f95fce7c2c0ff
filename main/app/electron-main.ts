// The Electron entry (built into build/app/electron-main.js): one instance, one window, the two
// protocols, the IPC door and the menu. Everything the app does lives in main/api and the
// services; this file only wires Electron to them. Tested through its parts (ipc, file-protocol,
// app-protocol, window, menu, electron-desktop) with fakes; the interface itself is tested in web mode.
import '../threadpool';
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { FILE_SCHEME, type ApiEvent, type SessionState } from '../../shared/api';
import { createApi, type Api } from '../api/api';
import { appProtocolHandler } from './app-protocol';
import { APP_SCHEME, APP_URL, EVENT_CHANNEL } from './channels';
import { electronDesktop } from './electron-desktop';
import { fileProtocolHandler } from './file-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { menuActions, menuState, menuTemplate } from './menu';
import { guardContents, guardUnsavedClose, permissionAllowed, unsavedCloseQuestion, windowOptions } from './window';

// This file lies in build/app; the interface in build/renderer (both inside app.asar when packed).
// Unpackaged, TAIZHANG_RENDERER_DIR may name another build of the interface (tests use it).
const RENDERER_DIR = (!app.isPackaged && process.env.TAIZHANG_RENDERER_DIR) || path.resolve(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.js');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: FILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();
// Windows groups the taskbar button and notifications by this id (the appId of electron-builder.yml).
app.setAppUserModelId('cn.taizhang.app');

// Fonts, templates and licences: the resources folder when packed, the source tree otherwise.
process.env.TAIZHANG_VERSION ??= app.getVersion();
process.env.TAIZHANG_ASSETS ??= app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(app.getAppPath(), 'assets');

let win: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow(windowOptions(PRELOAD));
  w.once('ready-to-show', () => w.show());
  guardUnsavedClose(w, async (closing) => (await dialog.showMessageBox(w, { type: 'warning', title: '创建台账', ...unsavedCloseQuestion(closing) })).response === 1);
  w.on('closed', () => {
    if (win === w) win = null;
  });
  void w.loadURL(APP_URL);
  return w;
}

function send(event: ApiEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
}

async function start(): Promise<Api | null> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    dialog.showErrorBox('创建台账', `找不到界面文件（${RENDERER_DIR}）。请先运行 npm run build。`);
    app.exit(1);
    return null;
  }
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  s.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));

  const desktop = electronDesktop(shell, {
    showOpenDialog: (options) => (win && !win.isDestroyed() ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
  });
  const api = createApi({ stateDir: app.getPath('userData'), desktop, version: app.getVersion(), autoRead: true });

  protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_DIR));
  protocol.handle(FILE_SCHEME, fileProtocolHandler(api));
  registerIpc(ipcMain, api, (id) => win != null && !win.isDestroyed() && win.webContents.id === id);
  forwardEvents(api, () => (win && !win.isDestroyed() ? [win.webContents] : []));

  const message = (type: 'error' | 'info', text: string, detail?: string) => {
    const options = { type, title: '创建台账', message: text, detail, buttons: ['确定'] };
    void (win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  const actions = menuActions({
    api,
    send,
    showError: (text) => message('error', text),
    showAbout: () => message('info', `创建台账 ${app.getVersion()}`, '创建工作佐证材料的归档、自查与迎检材料导出。'),
  });
  const refreshMenu = async () => {
    const r = await api.call('session.state', {});
    const state = menuState(r.ok ? (r.value as SessionState) : null, !app.isPackaged, process.platform);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(state, actions)));
  };
  api.onEvent((e) => {
    if (e.type === 'changed' && e.what === 'archive') void refreshMenu();
  });
  await refreshMenu();

  win = createWindow();
  return api;
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_e, wc) => guardContents(wc));

  let api: Api | null = null;
  let closed = false;
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (api && !win) win = createWindow();
  });
  // Close the archive (cancel jobs, checkpoint the database) before the process ends.
  app.on('will-quit', (e) => {
    if (closed || !api) return;
    e.preventDefault();
    api
      .close()
      .catch((err: unknown) => console.error(err))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .then((a) => {
      api = a;
    })
    .catch((err: unknown) => {
      console.error(err);
      dialog.showErrorBox('创建台账', `软件无法启动：${err instanceof Error ? err.message : String(err)}`);
      app.exit(1);
    });
}

main();
