import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../../shared/contract';
import { createEventBus, type EventBus } from '../../../electron/event-bus';
import { fake, FakeBrowserWindow, FakeFrame, FakeNotification, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const services = vi.hoisted(() => ({
  createServices: vi.fn(),
  close: vi.fn(async () => {}),
  sweep: vi.fn(async () => []),
  stopNotifier: vi.fn(),
  bus: null as EventBus | null,
}));

/** What main needs from createServices: the dispatch, the (real) event bus, the export sweeper, the access notifier. */
function fakeServices() {
  services.bus = createEventBus();
  return {
    dispatch: vi.fn(),
    handlers: {},
    close: services.close,
    exports: { sweep: services.sweep },
    events: services.bus,
    accessNotifier: { start: vi.fn(() => services.stopNotifier) },
  };
}
vi.mock('../../../electron/services', () => ({ createServices: services.createServices }));

/** The agent half of main: the app serves the agent socket while it runs and hands over at quit. */
const agent = vi.hoisted(() => ({
  host: { stop: () => undefined },
  startAppAgent: vi.fn(),
  handOffAgent: vi.fn(async () => true),
  runAgentProcess: vi.fn(async () => 0),
}));
vi.mock('../../../electron/agent/app-agent', () => ({ startAppAgent: agent.startAppAgent, handOffAgent: agent.handOffAgent }));
vi.mock('../../../electron/agent/agent-process', () => ({ runAgentProcess: agent.runAgentProcess }));

/** Imports main.ts as Electron would start it, then lets the 'ready' continuation run. */
async function startMain(options: { gotLock: boolean }) {
  resetFakeElectron();
  fake.app.gotLock = options.gotLock;
  vi.resetModules();
  services.createServices.mockReset();
  services.createServices.mockResolvedValue(fakeServices());
  agent.startAppAgent.mockReset();
  agent.startAppAgent.mockResolvedValue(agent.host);
  agent.handOffAgent.mockClear();
  await import('../../../electron/main');
  await vi.waitFor(() => {
    if (options.gotLock) expect(FakeBrowserWindow.instances.length).toBe(1);
  });
}

beforeEach(() => {
  vi.stubEnv('LATCHKEY_HOME', '/tmp/latchkey-main-test-home');
  vi.stubEnv('VITE_DEV_SERVER_URL', '');
});

describe('main process lifecycle', () => {
  it('takes the single-instance lock', async () => {
    await startMain({ gotLock: true });
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).not.toHaveBeenCalled();
  });

  it('quits without a window or services when another instance holds the lock', async () => {
    await startMain({ gotLock: false });
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(services.createServices).not.toHaveBeenCalled();
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('enables the sandbox for every renderer', async () => {
    await startMain({ gotLock: true });
    expect(fake.app.enableSandbox).toHaveBeenCalledTimes(1);
  });

  it('hardens the default session before opening the window', async () => {
    await startMain({ gotLock: true });
    const callback = vi.fn();
    fake.session.defaultSession.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.session.defaultSession.beforeRequest).not.toBeNull();
  });

  it('builds services in the configured data dir and registers every channel', async () => {
    await startMain({ gotLock: true });
    expect(services.createServices).toHaveBeenCalledWith({
      dataDir: '/tmp/latchkey-main-test-home',
      desktop: expect.any(Object),
      // From source the launcher runs `electron <app dir> --cli`: the installed command reaches this app's CLI.
      cliRuntime: { command: process.execPath, args: ['/opt/latchkey-test-app', '--cli'] },
      demo: false,
    });
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
  });

  it('wires the sender check in front of dispatch: only the main frame of our window reaches a service', async () => {
    await startMain({ gotLock: true });
    const win = FakeBrowserWindow.instances[0]!;
    const built = (await services.createServices.mock.results[0]!.value) as ReturnType<typeof fakeServices>;
    const serviceDispatch = built.dispatch;
    serviceDispatch.mockResolvedValue({ ok: true, value: 'from-the-service' });
    const handler = fake.ipcMain.handlers.get('app:info')!;
    const appPage = win.webContents.mainFrame.url;
    expect(appPage).toMatch(/^file:/);

    // Our window's main frame, showing our page: dispatched.
    expect(await handler({ senderFrame: win.webContents.mainFrame }, {})).toEqual({ ok: true, value: 'from-the-service' });
    expect(serviceDispatch).toHaveBeenCalledTimes(1);

    // A subframe (even one showing our page), another window, a navigated-away frame, no frame: refused
    // before any service is called.
    const other = new FakeBrowserWindow({});
    other.webContents.mainFrame.url = appPage;
    const navigatedAway = win.webContents.mainFrame;
    const strangers = [new FakeFrame(appPage), other.webContents.mainFrame, null];
    for (const senderFrame of strangers) {
      expect(await handler({ senderFrame }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    navigatedAway.url = 'https://evil.example/';
    expect(await handler({ senderFrame: navigatedAway }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(serviceDispatch).toHaveBeenCalledTimes(1);
  });

  it('sweeps expired exports at start and forwards exports:expired to the window', async () => {
    services.sweep.mockClear();
    await startMain({ gotLock: true });
    expect(services.sweep).toHaveBeenCalledTimes(1);
    const ended = { id: 'abc123', ref: 'acme:payments/dev', path: '/home/fake/app/.env', reason: 'expired', fileRemoved: true, left: null };
    services.bus!.emit('exports:expired', ended as never);
    expect(FakeBrowserWindow.instances[0]?.webContents.send).toHaveBeenCalledWith('exports:expired', ended);
  });

  it('polls access requests, forwards their events to the window, and stops polling on quit', async () => {
    await startMain({ gotLock: true });
    const built = (await services.createServices.mock.results[0]!.value) as ReturnType<typeof fakeServices>;
    expect(built.accessNotifier.start).toHaveBeenCalledTimes(1);
    const send = FakeBrowserWindow.instances[0]!.webContents.send;
    services.bus!.emit('access:changed', {});
    expect(send).toHaveBeenCalledWith('access:changed', {});
    const note = { kind: 'approved', id: '0123456789abcdef', ref: 'acme:payments/staging', minutesLeft: null, message: 'lead approved acme:payments/staging until 18:00.' } as const;
    services.bus!.emit('access:notification', note);
    expect(send).toHaveBeenCalledWith('access:notification', note);
    services.stopNotifier.mockClear();
    fake.app.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(services.stopNotifier).toHaveBeenCalledTimes(1);
  });

  it('shows a system notification for each access notification; a click brings the window and opens what it is about', async () => {
    await startMain({ gotLock: true });
    const win = FakeBrowserWindow.instances[0]!;
    services.bus!.emit('access:notification', { kind: 'waiting', id: '0123456789abcdef', ref: 'acme:payments/staging', minutesLeft: null, message: 'alice asks for acme:payments/staging for 4h: "INC-1"' });
    services.bus!.emit('access:notification', { kind: 'ending', id: 'fedcba9876543210', ref: 'acme:payments/dev', minutesLeft: 10, message: 'Your access to acme:payments/dev ends in 9m59s.' });
    expect(FakeNotification.instances.map((n) => [n.options.title, n.shown])).toEqual([
      ['A request waits for you', true],
      ['Access to acme:payments/dev ends in 10 minutes', true],
    ]);
    expect(FakeNotification.instances[1]!.options.body).toContain('Click to request again.');
    win.webContents.send.mockClear();
    win.isMinimized.mockReturnValue(true);
    FakeNotification.instances[1]!.emit('click');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(win.webContents.send).toHaveBeenCalledWith('access:open', { id: 'fedcba9876543210', ref: 'acme:payments/dev', action: 'request-again' });
    FakeNotification.instances[0]!.emit('click');
    expect(win.webContents.send).toHaveBeenCalledWith('access:open', { id: '0123456789abcdef', ref: 'acme:payments/staging', action: 'show' });
  });

  it('shows no system notification where the desktop has none', async () => {
    await startMain({ gotLock: true });
    FakeNotification.supported = false;
    services.bus!.emit('access:notification', { kind: 'denied', id: '0123456789abcdef', ref: 'acme:payments/staging', minutesLeft: null, message: 'lead denied acme:payments/staging.' });
    expect(FakeNotification.instances).toEqual([]);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startMain({ gotLock: true });
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.instances[0]?.focus).toHaveBeenCalled();
  });

  it('guards every web contents created later', async () => {
    await startMain({ gotLock: true });
    const stray = new FakeBrowserWindow({}).webContents;
    fake.app.emit('web-contents-created', {}, stray);
    expect(stray.attempt('will-navigate', 'https://evil.example/').prevented).toBe(true);
    expect(stray.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('closes services before quitting', async () => {
    await startMain({ gotLock: true });
    services.close.mockClear();
    const event = { preventDefault: vi.fn() };
    fake.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(services.close).toHaveBeenCalledTimes(1);
  });

  it('serves the agent socket with its services, and hands over to an agent without a window at quit', async () => {
    await startMain({ gotLock: true });
    const built = await services.createServices.mock.results[0]!.value;
    expect(agent.startAppAgent).toHaveBeenCalledWith(built, expect.any(Function));
    fake.app.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(agent.handOffAgent).toHaveBeenCalledWith(agent.host, built, expect.objectContaining({ args: ['/opt/latchkey-test-app', '--latchkey-agent'] }), expect.any(Function));
    // The hand-over reads the ledger, so it runs before the services close.
    expect(agent.handOffAgent.mock.invocationCallOrder[0]!).toBeLessThan(services.close.mock.invocationCallOrder.at(-1)!);
  });

  it('started with --latchkey-agent, runs only the agent: no lock, no window, no IPC', async () => {
    resetFakeElectron();
    vi.resetModules();
    services.createServices.mockReset();
    vi.stubGlobal('process', Object.assign(Object.create(process), { argv: [...process.argv, '--latchkey-agent', '--ready-fd', '3'] }));
    try {
      await import('../../../electron/main');
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(0));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(agent.runAgentProcess).toHaveBeenCalledWith(expect.objectContaining({ readyFd: 3 }));
    expect(fake.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('on quit, waits for a sweep in flight before closing services', async () => {
    let finishSweep!: () => void;
    // The sweep at start is slow: quit arrives while it runs.
    services.sweep.mockImplementationOnce(() => new Promise((resolve) => (finishSweep = () => resolve([]))));
    await startMain({ gotLock: true });
    services.close.mockClear();
    fake.app.emit('will-quit', { preventDefault: vi.fn() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(services.close).not.toHaveBeenCalled();
    finishSweep();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(services.close).toHaveBeenCalledTimes(1);
  });

  it('with --cli runs the CLI and exits with its code: no lock, no services, no window', async () => {
    resetFakeElectron();
    fake.app.isPackaged = true;
    vi.resetModules();
    services.createServices.mockReset();
    const argv = process.argv;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.argv = ['/opt/latchkey-test-app/latchkey', '--cli', '--version'];
    try {
      await import('../../../electron/main');
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(0), { timeout: 5_000 });
      expect(write).toHaveBeenCalledWith(expect.stringMatching(/^\d+\.\d+\.\d+\n$/));
    } finally {
      process.argv = argv;
      write.mockRestore();
    }
    expect(fake.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(services.createServices).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('ignores VITE_DEV_SERVER_URL in a packaged app', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', 'http://127.0.0.1:5173/');
    resetFakeElectron();
    fake.app.isPackaged = true;
    vi.resetModules();
    services.createServices.mockResolvedValue(fakeServices());
    await import('../../../electron/main');
    await vi.waitFor(() => expect(FakeBrowserWindow.instances.length).toBe(1));
    expect(FakeBrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('file:///opt/latchkey-test-app/dist/renderer/index.html');
  });
});
