import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { handOffAgent, startAppAgent } from './agent/app-agent';
import { runAgentProcess } from './agent/agent-process';
import type { AgentHost } from './agent/host';
import { APP_AGENT_FLAG, readyFdFrom } from './agent/launch';
import { appCliRuntime, cliModeArguments, runCliMode } from './cli-mode';
import { resolveDataDir } from './config/paths';
import { startSweeper, type SweeperHandle } from './exports/app-sweeper';
import { createEventPush, createSenderCheck, registerIpc } from './ipc';
import { createAppUrlPolicy } from './security/app-urls';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './security/csp';
import { showAccessNotices } from './access/desktop-notices';
import { createServices, type Services } from './services';
import { bringToFront, createDesktopHooks, createDesktopNotifier, createMainWindow, guardWebContents, hardenSession } from './window';

// Lifecycle only. Everything with behaviour lives in window.ts, ipc.ts and services.ts.

// Every renderer sandboxed, whatever a future window forgets to set. Must run before 'ready'.
app.enableSandbox();

const cliArgs = cliModeArguments(process.argv, app.isPackaged);
if (cliArgs) {
  // `latchkey …` in a terminal, through the launcher Settings installs: the packed CLI, no window, no lock.
  app.dock?.hide();
  void runCliMode(cliArgs).then((code) => app.exit(code), () => app.exit(1));
} else if (process.argv.includes(APP_AGENT_FLAG)) {
  // Started by a quitting app with exports pending: the agent, without a window or the single-instance
  // lock (opening the app takes the socket over). Exits when idle with nothing pending.
  app.dock?.hide();
  void runAgentProcess({ env: process.env, out: process.stderr, readyFd: readyFdFrom(process.argv) }).then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  // Another Latchkey owns the data dir and the expiry sweeper; it gets focused via 'second-instance'.
  app.quit();
} else {
  startApp();
}

function startApp(): void {
  // A packaged app never loads a URL from the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env.VITE_DEV_SERVER_URL || undefined;
  const root = app.getAppPath();
  const policy = createAppUrlPolicy({ rendererIndex: path.join(root, 'dist', 'renderer', 'index.html'), devServerUrl });
  const preloadPath = path.join(root, 'dist-electron', 'preload.cjs');

  let win: BrowserWindow | null = null;
  let services: Services | null = null;
  let sweeper: SweeperHandle | null = null;
  let agent: AgentHost | null = null;
  let stopNotifier: (() => void) | null = null;
  const getWindow = () => win;
  const openWindow = () => {
    win = createMainWindow({ policy, preloadPath });
    win.on('closed', () => (win = null));
  };

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy));
  app.on('second-instance', () => bringToFront(win));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && services) openWindow();
  });

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !services) return;
    // Finish what is in flight before the process ends: stop the sweeper and wait for a sweep it is
    // running (a file half-shredded, a ledger record half-updated), then close services, which waits
    // for pending audit lines to be written.
    event.preventDefault();
    const running = services;
    services = null;
    const stopping = sweeper?.stop();
    sweeper = null;
    stopNotifier?.();
    stopNotifier = null;
    // Exports still pending must end on time with the app closed: an agent without a window takes over.
    const agentCommand = { execPath: process.execPath, args: [...(app.isPackaged ? [] : [root]), APP_AGENT_FLAG], env: process.env };
    void Promise.resolve(stopping)
      .then(() => handOffAgent(agent, running, agentCommand, (line) => console.error(line)).catch(() => false))
      .then(() => running.close())
      .catch((error: unknown) => console.error('Latchkey: shutdown was not clean:', describe(error)))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession, {
      policy,
      contentSecurityPolicy: devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY,
    });
    services = await createServices({
      dataDir: resolveDataDir(),
      desktop: createDesktopHooks(getWindow),
      cliRuntime: appCliRuntime(process.execPath, root, app.isPackaged),
      // `npm run demo` opens the app from source on a throwaway data dir; a packaged app is never a demo.
      demo: !app.isPackaged && process.env.LATCHKEY_DEMO === '1',
    });
    registerIpc(ipcMain, createSenderCheck(getWindow, policy), services.dispatch);
    const push = createEventPush(getWindow);
    services.events.on('exports:expired', (payload) => push('exports:expired', payload));
    services.events.on('access:changed', (payload) => push('access:changed', payload));
    services.events.on('access:notification', (payload) => push('access:notification', payload));
    showAccessNotices(services.events, createDesktopNotifier(getWindow, push));
    // This process is the agent while it runs: the CLI shares its cache, sessions and expiry timers.
    agent = await startAppAgent(services, (line) => console.error(line));
    // Sweeps now (exports that expired while the app was closed) and then on a timer; looks at access
    // requests on a timer too (approved, denied, waiting for you, a grant ending).
    sweeper = startSweeper(services);
    stopNotifier = services.accessNotifier.start();
    openWindow();
  }).catch((error: unknown) => {
    console.error('Latchkey could not start:', describe(error));
    app.exit(1);
  });
}

function describe(error: unknown): string {
  // Only the message: a stack or a cause might carry a path or value we did not mean to log.
  return error instanceof Error ? error.message : 'unknown error';
}
