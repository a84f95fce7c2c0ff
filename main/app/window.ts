// The one window and the rules every page lives under: sandboxed, isolated, no Node, a strict
// Content-Security-Policy, no navigation away from our page, no new windows, no permissions
// beyond writing to the clipboard.
import type { BrowserWindowConstructorOptions } from 'electron';
import { FILE_SCHEME } from '../../shared/api';
import { FILE_HOST } from './channels';
import type { PreventableLike, WebContentsLike } from './electron-api';
import { interfaceCsp } from '../api/page-policy';

/**
 * Sent as a header with every page of app://taizhang. No 'unsafe-eval', no inline script, no
 * remote origin; stored files only through our protocol (images, and PDF previews in a frame).
 * Inline styles stay allowed for React's style attributes.
 */
export const CONTENT_SECURITY_POLICY = interfaceCsp(`${FILE_SCHEME}:`);

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 960,
    minHeight: 600,
    title: '创建台账',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A file dropped outside a drop zone must not replace our page with file://….
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/**
 * Whether a frame may go to `url`. The main frame never navigates (the interface is one page;
 * in-page route changes do not count as navigation). A sub-frame may show a stored file, which
 * is how a PDF is previewed.
 */
export function navigationAllowed(url: string, isMainFrame: boolean): boolean {
  if (isMainFrame) return false;
  return url.startsWith(`${FILE_SCHEME}://${FILE_HOST}/`);
}

interface FrameNavigation {
  preventDefault(): void;
  url?: string;
  isMainFrame?: boolean;
}

/** Applied to every web contents the app creates (electron-main: 'web-contents-created'). */
export function guardContents(wc: WebContentsLike): void {
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-frame-navigate', (e) => {
    const nav = e as FrameNavigation;
    if (!navigationAllowed(String(nav.url ?? ''), nav.isMainFrame !== false)) nav.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Permission requests and checks (camera, notifications, geolocation …): only clipboard writes pass. */
export function permissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** The window as the unsaved-edits guard needs it (Electron's BrowserWindow fits). */
export interface ClosableWindowLike {
  on(event: 'close', listener: () => void): unknown;
  close(): void;
  readonly webContents: {
    on(event: 'will-prevent-unload', listener: (event: PreventableLike) => void): unknown;
    reload(): void;
  };
}

/**
 * The page refuses to unload while an edit is unsaved (renderer: features/editor/saving.ts sends
 * it and answers beforeunload). In a browser that refusal is the browser's question; in our
 * window it would silently keep the window open, so the question is asked here: stay (the edit
 * is being saved meanwhile) or close without it. `ask` answers true to leave.
 */
export function guardUnsavedClose(win: ClosableWindowLike, ask: (closing: boolean) => Promise<boolean>): void {
  let closing = false;
  let leaving = false;
  win.on('close', () => {
    closing = true;
  });
  win.webContents.on('will-prevent-unload', (event) => {
    if (leaving) {
      // The clerk chose to leave: this refusal is ignored and the window goes (or reloads).
      leaving = false;
      event.preventDefault();
      return;
    }
    const wasClosing = closing;
    closing = false;
    void ask(wasClosing).then((leave) => {
      if (!leave) return;
      leaving = true;
      if (wasClosing) win.close();
      else win.webContents.reload();
    });
  });
}

/** The question guardUnsavedClose asks, in the clerk's words. */
export function unsavedCloseQuestion(closing: boolean): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  return {
    message: '还有修改没有保存。',
    detail: `刚才输入的内容正在保存。点“留下”回到窗口，看到“已保存”后再${closing ? '关闭' : '离开'}；点“${closing ? '不保存，关闭' : '不保存，离开'}”会丢失还没有保存的内容。`,
    buttons: ['留下', closing ? '不保存，关闭' : '不保存，离开'],
    defaultId: 0,
    cancelId: 0,
  };
}
