import { BrowserWindow, clipboard, dialog, Notification, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { DesktopNotice } from './access/desktop-notices';
import type { DesktopHooks } from './desktop/desktop-hooks';
import type { EventPush } from './ipc';
import type { AppUrlPolicy } from './security/app-urls';

/**
 * The renderer is untrusted: it runs in a sandboxed, context-isolated process with no Node and talks to
 * main only through the preload's contract functions. Each flag is asserted in test/unit/electron/window.test.ts.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false, // the spellchecker downloads dictionaries: no network from the renderer side
    navigateOnDragDrop: false,
  };
}

export interface MainWindowOptions {
  policy: AppUrlPolicy;
  preloadPath: string;
}

/** The one BrowserWindow factory. */
export function createMainWindow({ policy, preloadPath }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 880,
    minHeight: 600,
    title: 'Latchkey',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardWebContents(win.webContents, policy);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(policy.entryUrl);
  return win;
}

/**
 * Applied to our window and, from main.ts, to every web contents ever created: no navigation away from
 * our page, no new windows, no <webview>. Links to the outside world are simply denied; a page that
 * needs the system browser (e.g. OIDC sign-in) asks main through a contract channel instead.
 */
export function guardWebContents(contents: WebContents, policy: AppUrlPolicy): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!policy.isAppDocument(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!policy.isAppDocument(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!policy.isAppDocument(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface SessionHardening {
  policy: AppUrlPolicy;
  contentSecurityPolicy: string;
}

/**
 * Session-wide rules: every permission (camera, notifications, clipboard, HID, …) is refused, every
 * response gets our CSP, and any request that is not one of our own app files is cancelled, so the
 * renderer has no network of its own. Backend traffic happens in main with Node's fetch, which does
 * not pass through this session.
 */
export function hardenSession(ses: Session, { policy, contentSecurityPolicy }: SessionHardening): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !policy.isAllowedRequest(details.url) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

/**
 * The desktop around the window, lent to the services (desktop/desktop-hooks.ts): the save dialog is
 * modal to our window, the rest passes straight through. What the window may ask of these is decided by
 * the services (e.g. only the ledger names a file to show), not here.
 */
export function createDesktopHooks(getWindow: () => BrowserWindow | null): DesktopHooks {
  return {
    async chooseSavePath({ title, defaultName }) {
      const options = { title, defaultPath: defaultName, buttonLabel: 'Export here', properties: ['createDirectory' as const] };
      const win = liveWindow(getWindow);
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenPath({ title, extensions }) {
      const options = { title, buttonLabel: 'Import', properties: ['openFile' as const], filters: [{ name: 'Team profile', extensions }] };
      const win = liveWindow(getWindow);
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showItemInFolder: (file) => shell.showItemInFolder(file),
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      readText: () => clipboard.readText(),
      clear: () => clipboard.clear(),
    },
  };
}

/**
 * System notifications (access/desktop-notices.ts words them). A click brings the window forward and tells
 * the renderer what to open. Each notification is held until it is clicked or closed: Electron drops the
 * click handler of one that was garbage-collected.
 */
export function createDesktopNotifier(getWindow: () => BrowserWindow | null, push: EventPush): (notice: DesktopNotice) => void {
  const live = new Set<Notification>();
  return (notice) => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: notice.title, body: notice.body });
    live.add(note);
    note.on('close', () => live.delete(note));
    note.on('click', () => {
      live.delete(note);
      bringToFront(getWindow());
      push('access:open', notice.open);
    });
    note.show();
  };
}

/** Our window, unless there is none or it is being torn down. */
function liveWindow(getWindow: () => BrowserWindow | null): BrowserWindow | null {
  const win = getWindow();
  return win && !win.isDestroyed() ? win : null;
}

/** Restores and focuses the window (a second launch, a click on a notification); nothing without one. */
export function bringToFront(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}
