// A stand-in for the 'electron' module, enough for main/app/electron-main to start under plain
// Node: it records what the shell registers (schemes, protocol handlers, the IPC handler, the
// window and its options, menus, dialogs) so tests can drive them. Used by the unit test of the
// wiring (jest.doMock) and by the packaging test, which boots the packed app with it.
import path from 'node:path';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Fn[]>();
  openHandler: Fn | null = null;
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
  on(event: string, fn: Fn): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(fn: Fn): void {
    this.openHandler = fn;
  }
  /** Emits a preventable event; true when a listener prevented it. */
  emitPreventable(event: string, fields: Record<string, unknown> = {}): boolean {
    let prevented = false;
    const e = { ...fields, preventDefault: () => (prevented = true) };
    for (const fn of this.listeners.get(event) ?? []) fn(e, fields.url);
    return prevented;
  }
}

export interface FakeElectronOptions {
  userData: string;
  appPath: string;
  isPackaged?: boolean;
  resourcesPath?: string;
  /** What requestSingleInstanceLock answers (false: another instance runs). */
  lock?: boolean;
}

export function fakeElectron(opts: FakeElectronOptions) {
  const appListeners = new Map<string, Fn[]>();
  const rec = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocols: new Map<string, (req: { url: string; method: string }) => Promise<Response>>(),
    ipc: new Map<string, Fn>(),
    windows: [] as FakeWindow[],
    menus: [] as unknown[],
    errorBoxes: [] as string[],
    messageBoxes: [] as { type?: string; message: string }[],
    quit: 0,
    exitCode: null as number | null,
    sandboxEnabled: false,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    openedPaths: [] as string[],
    dialogAnswers: [] as { canceled: boolean; filePaths: string[] }[],
  };
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));

  class FakeWindow {
    readonly webContents = new FakeWebContents();
    url = '';
    shown = false;
    constructor(readonly options: Record<string, any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
      rec.windows.push(this);
      for (const fn of appListeners.get('web-contents-created') ?? []) fn({}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    once(event: string, fn: Fn): void {
      if (event === 'ready-to-show') queueMicrotask(() => fn());
    }
    on(): void {}
    show(): void {
      this.shown = true;
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
  }

  const app = {
    isPackaged: opts.isPackaged ?? false,
    requestSingleInstanceLock: () => opts.lock ?? true,
    enableSandbox: () => (rec.sandboxEnabled = true),
    setAppUserModelId: () => undefined,
    whenReady: () => whenReady,
    getPath: (name: string) => (name === 'userData' ? opts.userData : path.join(opts.userData, name)),
    getAppPath: () => opts.appPath,
    getVersion: () => '0.0.0-test',
    on(event: string, fn: Fn) {
      appListeners.set(event, [...(appListeners.get(event) ?? []), fn]);
      return app;
    },
    quit: () => void rec.quit++,
    exit: (code: number) => void (rec.exitCode = code),
  };
  const module = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (list: typeof rec.privileged) => rec.privileged.push(...list),
      handle: (scheme: string, fn: (req: { url: string; method: string }) => Promise<Response>) => rec.protocols.set(scheme, fn),
    },
    ipcMain: { handle: (channel: string, fn: Fn) => rec.ipc.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (rec.permissionCheck = fn),
      },
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => rec.menus.push(m),
    },
    dialog: {
      showErrorBox: (_title: string, text: string) => rec.errorBoxes.push(text),
      showMessageBox: (...args: unknown[]) => {
        rec.messageBoxes.push(args[args.length - 1] as { message: string });
        return Promise.resolve({ response: 0 });
      },
      showOpenDialog: () => Promise.resolve(rec.dialogAnswers.shift() ?? { canceled: true, filePaths: [] }),
    },
    shell: {
      openPath: (p: string) => (rec.openedPaths.push(p), Promise.resolve('')),
      showItemInFolder: (p: string) => void rec.openedPaths.push(`show:${p}`),
    },
  };
  if (opts.resourcesPath) (process as unknown as { resourcesPath: string }).resourcesPath = opts.resourcesPath;

  return {
    module,
    rec,
    /** Lets whenReady resolve, then waits until the window exists (or the start failed). */
    async ready(): Promise<void> {
      ready();
      for (let i = 0; i < 500 && rec.windows.length === 0 && rec.exitCode === null; i++) await new Promise((r) => setTimeout(r, 10));
    },
    emitApp(event: string, ...args: unknown[]): void {
      for (const fn of appListeners.get(event) ?? []) fn(...args);
    },
    /** Calls the IPC handler as the renderer of `wc` would, from a frame at `url`. */
    invoke(channel: string, wc: { id: number }, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
      const fn = rec.ipc.get(channel);
      if (!fn) throw new Error(`no IPC handler for ${channel}`);
      return fn({ sender: wc, senderFrame: frame }, ...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof fakeElectron>;
