import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module (no Electron binary on CI). It records what our glue code asks of
 * Electron so the tests can assert the security-relevant calls. Use with:
 *   vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
 *
 * vi.resetModules() (used to re-run main.ts and preload.ts) also gives a fresh copy of this module to the
 * mock factory, so the classes and the state live once on globalThis and every copy shares them.
 */

function defineFakes() {
  class FakeFrame {
    constructor(public url: string) {}
  }

  class FakeWebContents extends EventEmitter {
    mainFrame = new FakeFrame('');
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    send = vi.fn();
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    /** Emits like Electron does: an event object with `url` and a working `preventDefault`. */
    attempt(eventName: string, url: string): { prevented: boolean } {
      const outcome = { prevented: false };
      const event = { url, preventDefault: () => (outcome.prevented = true) };
      this.emit(eventName, event, url);
      return outcome;
    }
  }

  class FakeBrowserWindow extends EventEmitter {
    static instances: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    destroyed = false;
    loadURL = vi.fn(async (url: string) => {
      this.webContents.mainFrame.url = url;
    });
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => false);
    isDestroyed = () => this.destroyed;
    constructor(public options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      FakeBrowserWindow.instances.push(this);
    }
  }

  class FakeSession {
    permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
    devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
    beforeRequest: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    headersReceived: ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']) { this.permissionRequestHandler = h; }
    setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']) { this.permissionCheckHandler = h; }
    setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']) { this.devicePermissionHandler = h; }
    webRequest = {
      onBeforeRequest: (h: FakeSession['beforeRequest']) => { this.beforeRequest = h; },
      onHeadersReceived: (h: FakeSession['headersReceived']) => { this.headersReceived = h; },
    };
  }

  class FakeApp extends EventEmitter {
    gotLock = true;
    isPackaged = false;
    enableSandbox = vi.fn();
    requestSingleInstanceLock = vi.fn(() => this.gotLock);
    quit = vi.fn();
    exit = vi.fn();
    getAppPath = vi.fn(() => '/opt/latchkey-test-app');
    whenReady = vi.fn(() => Promise.resolve());
  }

  class FakeIpcMain {
    handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
    handle = vi.fn((channel: string, fn: (event: unknown, payload: unknown) => unknown) => {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.handlers.set(channel, fn);
    });
    removeHandler = vi.fn((channel: string) => this.handlers.delete(channel));
    on = vi.fn();
  }

  class FakeIpcRenderer extends EventEmitter {
    invoke = vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: null }));
    sendSync = vi.fn();
    send = vi.fn();
  }

  /** Holds one text, like the system clipboard. */
  class FakeClipboard {
    text = '';
    writeText = vi.fn(async (text: string) => void (this.text = text));
    readText = vi.fn(async () => this.text);
    clear = vi.fn(() => void (this.text = ''));
  }

  /** A system notification: records what it would show; tests emit 'click' / 'close' on it. */
  class FakeNotification extends EventEmitter {
    static instances: FakeNotification[] = [];
    static supported = true;
    static isSupported = () => FakeNotification.supported;
    shown = false;
    constructor(public options: { title: string; body: string }) {
      super();
      FakeNotification.instances.push(this);
    }
    show() {
      this.shown = true;
    }
  }

  return { FakeFrame, FakeWebContents, FakeBrowserWindow, FakeSession, FakeApp, FakeIpcMain, FakeIpcRenderer, FakeClipboard, FakeNotification };
}

function freshState(fakes: ReturnType<typeof defineFakes>) {
  return {
    app: new fakes.FakeApp(),
    BrowserWindow: fakes.FakeBrowserWindow,
    ipcMain: new fakes.FakeIpcMain(),
    ipcRenderer: new fakes.FakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    session: { defaultSession: new fakes.FakeSession() },
    dialog: {
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => ({ canceled: true, filePaths: [] })),
    },
    shell: { showItemInFolder: vi.fn() },
    clipboard: new fakes.FakeClipboard(),
    Notification: fakes.FakeNotification,
  };
}

type Store = { classes: ReturnType<typeof defineFakes>; state: ReturnType<typeof freshState> };
const holder = globalThis as typeof globalThis & { __latchkeyFakeElectron?: Store };
const store: Store = (holder.__latchkeyFakeElectron ??= (() => {
  const classes = defineFakes();
  return { classes, state: freshState(classes) };
})());

export const { FakeFrame, FakeWebContents, FakeBrowserWindow, FakeSession, FakeNotification } = store.classes;

/** The current fakes; read through this object so a reset is always seen. */
export const fake = store.state;

/** Fresh fakes for each test. */
export function resetFakeElectron(): void {
  Object.assign(fake, freshState(store.classes));
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
}

/** What `vi.mock('electron', …)` returns: getters, so a reset is seen by modules already imported. */
export const electronModule = {
  get app() { return fake.app; },
  get BrowserWindow() { return fake.BrowserWindow; },
  get ipcMain() { return fake.ipcMain; },
  get ipcRenderer() { return fake.ipcRenderer; },
  get contextBridge() { return fake.contextBridge; },
  get session() { return fake.session; },
  get dialog() { return fake.dialog; },
  get shell() { return fake.shell; },
  get clipboard() { return fake.clipboard; },
  get Notification() { return fake.Notification; },
};
