// The part of Electron the shell's logic uses, as small structural interfaces. electron-main.ts
// passes the real objects (they fit these shapes); the unit tests pass fakes, so everything but
// the wiring runs under plain Node. Nothing here imports electron at run time.

/** A frame that sent an IPC message (Electron's WebFrameMain, as far as the sender check needs it). */
export interface FrameLike {
  readonly url: string;
  /** null for the main frame of a page. */
  readonly parent: FrameLike | null;
}

/** The event of ipcMain.handle. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  /** null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

/** What the shell does with a window's contents: send events, refuse navigation and new windows. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableLike, ...rest: unknown[]) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableLike, ...rest: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface PreventableLike {
  preventDefault(): void;
}

export interface ShellLike {
  /** Resolves with an error message, or '' on success (Electron's convention). */
  openPath(path: string): Promise<string>;
  showItemInFolder(fullPath: string): void;
}

export interface OpenDialogOptionsLike {
  title?: string;
  buttonLabel?: string;
  properties?: ('openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory' | 'promptToCreate')[];
  filters?: { name: string; extensions: string[] }[];
}

export interface DialogLike {
  showOpenDialog(options: OpenDialogOptionsLike): Promise<{ canceled: boolean; filePaths: string[] }>;
}
