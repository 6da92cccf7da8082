import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppUrlPolicy } from '../../../electron/security/app-urls';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security/csp';
import { createMainWindow, hardenSession } from '../../../electron/window';
import { fake, FakeBrowserWindow, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const policy = createAppUrlPolicy({ rendererIndex: '/opt/latchkey-test-app/dist/renderer/index.html' });
const preloadPath = '/opt/latchkey-test-app/dist-electron/preload.cjs';

function openWindow() {
  createMainWindow({ policy, preloadPath });
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

beforeEach(() => resetFakeElectron());

describe('main window web preferences', () => {
  const cases: Array<[string, string, unknown]> = [
    ['isolates the preload context from the page', 'contextIsolation', true],
    ['runs the renderer in the OS sandbox', 'sandbox', true],
    ['gives the page no Node', 'nodeIntegration', false],
    ['gives workers no Node', 'nodeIntegrationInWorker', false],
    ['gives subframes no Node', 'nodeIntegrationInSubFrames', false],
    ['keeps the same-origin policy', 'webSecurity', true],
    ['refuses insecure content', 'allowRunningInsecureContent', false],
    ['disables <webview>', 'webviewTag', false],
    ['disables the spellchecker (it downloads dictionaries)', 'spellcheck', false],
    ['loads the bundled preload', 'preload', preloadPath],
  ];
  for (const [behaviour, key, expected] of cases) {
    it(behaviour, () => {
      const win = openWindow();
      expect(win.options.webPreferences?.[key]).toBe(expected);
    });
  }

  it('loads our renderer page and nothing else', () => {
    const win = openWindow();
    expect(win.loadURL).toHaveBeenCalledWith('file:///opt/latchkey-test-app/dist/renderer/index.html');
  });
});

describe('navigation guard', () => {
  it('prevents navigating the window to another origin', () => {
    const win = openWindow();
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/phish').prevented).toBe(true);
  });

  it('prevents navigating to another local file', () => {
    const win = openWindow();
    expect(win.webContents.attempt('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
  });

  it('prevents redirects and subframe navigations away from our page', () => {
    const win = openWindow();
    expect(win.webContents.attempt('will-redirect', 'https://evil.example/').prevented).toBe(true);
    expect(win.webContents.attempt('will-frame-navigate', 'https://evil.example/').prevented).toBe(true);
  });

  it('allows reloading our own page', () => {
    const win = openWindow();
    expect(win.webContents.attempt('will-navigate', policy.entryUrl).prevented).toBe(false);
  });

  it('denies window.open for every URL', () => {
    const win = openWindow();
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler?.({ url: policy.entryUrl })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const win = openWindow();
    expect(win.webContents.attempt('will-attach-webview', 'https://example.com/').prevented).toBe(true);
  });
});

describe('hardened session', () => {
  const harden = () => {
    const ses = fake.session.defaultSession;
    hardenSession(ses as never, { policy, contentSecurityPolicy: CONTENT_SECURITY_POLICY });
    return ses;
  };

  it('denies every permission request', () => {
    const ses = harden();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      ses.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
  });

  it('answers every permission check with no', () => {
    const ses = harden();
    expect(ses.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'file://')).toBe(false);
    expect(ses.devicePermissionHandler?.({ deviceType: 'hid' })).toBe(false);
  });

  it('cancels renderer requests to the network', () => {
    const ses = harden();
    for (const url of ['https://vault.example:8200/v1/sys/health', 'http://127.0.0.1:8200/', 'ws://127.0.0.1:1/']) {
      const callback = vi.fn();
      ses.beforeRequest?.({ url }, callback);
      expect(callback).toHaveBeenCalledWith({ cancel: true });
    }
  });

  it('lets the renderer load its own build files only', () => {
    const ses = harden();
    const own = vi.fn();
    ses.beforeRequest?.({ url: 'file:///opt/latchkey-test-app/dist/renderer/assets/index-abc.js' }, own);
    expect(own).toHaveBeenCalledWith({ cancel: false });
    const outside = vi.fn();
    ses.beforeRequest?.({ url: 'file:///opt/latchkey-test-app/dist-electron/main.cjs' }, outside);
    expect(outside).toHaveBeenCalledWith({ cancel: true });
  });

  it('adds our CSP to every response', () => {
    const ses = harden();
    const callback = vi.fn();
    ses.headersReceived?.({ url: policy.entryUrl, responseHeaders: { 'X-Other': ['kept'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
});
