/**
 * A small stand-in for the `electron` module: records what main.ts and preload.ts ask of Electron so
 * tests can check window options, handlers and the exposed bridge without the Electron binary
 * (requiring the real module would try to download it).
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

/** Everything the stand-in recorded; reset between tests with resetStandIn(). */
export const recorded = {
  windows: [] as FakeBrowserWindow[],
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  exposed: new Map<string, unknown>(),
  rendererListeners: new Map<string, Handler[]>(),
  invokes: [] as unknown[][],
  quitCalls: 0,
  singleInstanceLock: true,
  /** Dialogs shown, and the button index the next one answers with. */
  dialogs: [] as { message: string; buttons: string[] }[],
  dialogAnswer: 0,
  /** dialog.showErrorBox calls, and app.exit codes. */
  errorBoxes: [] as { title: string; content: string }[],
  exitCodes: [] as number[],
};

let nextId = 1;

/** A fake WebContents: an EventEmitter with an id, send() and a window-open handler. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: unknown[][] = [];
  windowOpenHandler: Handler | null = null;
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  setWindowOpenHandler(h: Handler): void {
    this.windowOpenHandler = h;
  }
}

/** A fake BrowserWindow that remembers its constructor options and loaded URL. */
export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return recorded.windows;
  }
  readonly options: unknown;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(options: unknown) {
    super();
    this.options = options;
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
  closed = false;
  /** As Electron: 'close' (which a listener may prevent), then 'closed'. */
  close(): void {
    let prevented = false;
    this.emit('close', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (prevented) return;
    this.closed = true;
    this.emit('closed');
  }
}

let resolveReady: () => void = () => {};
const readyPromise = new Promise<void>((r) => {
  resolveReady = r;
});

class FakeApp extends EventEmitter {
  requestSingleInstanceLock(): boolean {
    return recorded.singleInstanceLock;
  }
  quit(): void {
    recorded.quitCalls++;
  }
  exit(code = 0): void {
    recorded.exitCodes.push(code);
  }
  whenReady(): Promise<void> {
    return readyPromise;
  }
  getPath(_name: string): string {
    return process.env.SYSBTAPE_TEST_USERDATA ?? '/nonexistent';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
}

/** The fake `app`. */
export const app = new FakeApp();
/** Lets main.ts's whenReady() continue. */
export function becomeReady(): void {
  resolveReady();
}

export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  handle(channel: string, h: Handler): void {
    recorded.ipcHandlers.set(channel, h);
  },
  removeHandler(channel: string): void {
    recorded.ipcHandlers.delete(channel);
  },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, h: (req: Request) => Promise<Response>): void {
    recorded.protocolHandlers.set(scheme, h);
  },
};
export const dialog = {
  async showMessageBox(_win: unknown, options: { message: string; buttons: string[] }): Promise<{ response: number }> {
    recorded.dialogs.push({ message: options.message, buttons: options.buttons });
    return { response: recorded.dialogAnswer };
  },
  showErrorBox(title: string, content: string): void {
    recorded.errorBoxes.push({ title, content });
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: Handler): void {
      recorded.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: Handler): void {
      recorded.permissionCheckHandler = h;
    },
  },
};
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async (s: string) => Buffer.from(s).reverse(),
  decryptStringAsync: async (b: Buffer) => ({ result: Buffer.from(b).reverse().toString(), shouldReEncrypt: false }),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    recorded.exposed.set(key, api);
  },
};
export const ipcRenderer = {
  invoke: async (...args: unknown[]) => {
    recorded.invokes.push(args);
    return { ok: true, value: 'from-main' };
  },
  on(channel: string, h: Handler): void {
    recorded.rendererListeners.set(channel, [...(recorded.rendererListeners.get(channel) ?? []), h]);
  },
  removeListener(channel: string, h: Handler): void {
    recorded.rendererListeners.set(
      channel,
      (recorded.rendererListeners.get(channel) ?? []).filter((x) => x !== h),
    );
  },
};
