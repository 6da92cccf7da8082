import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendFactory } from '../../../electron/catalog/backend-registry';
import { createServices, type Services } from '../../../electron/services';
import { startSampleTeam, type SampleTeam } from '../../fakes/sample-team';
import { installBridge, type Bridge } from './bridge';
import { serveStatic } from './static-server';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const rendererDist = path.join(projectRoot, 'dist', 'renderer');

type TestFixtures = {
  /** Option: build backend adapters with this factory (e.g. `fakeTeamFactory`) instead of the real one. */
  backendFactory: BackendFactory | undefined;
  /** A fresh, empty Latchkey data directory for this test; removed afterwards. */
  dataDir: string;
  /** The real service graph (`createServices`) over `dataDir`, in the test process. */
  services: Services;
  /** Installed on the context before any page opens: `window.latchkey` → `services.dispatch`. */
  bridge: Bridge;
  /** Console errors, page errors and CSP violations seen by `page`; a test asserts it stays empty. */
  pageProblems: string[];
  /**
   * Where a browser sign-in (Infisical user, Vault OIDC) opens its page: a new tab of the test's browser, as
   * the system browser would. `next()` resolves to the next page opened, already at the sign-in address.
   */
  systemBrowser: { open(url: string): Promise<void>; next(): Promise<Page> };
};

type WorkerFixtures = {
  /** http://127.0.0.1:<port>/ serving dist/renderer (run `npx vite build` first). */
  rendererUrl: string;
  /** The sample team (real OpenBao, Infisical and Doppler simulators), started on first use per worker. */
  sampleTeam: SampleTeam;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rendererUrl: [
    async ({}, use) => {
      if (!existsSync(path.join(rendererDist, 'index.html'))) {
        throw new Error(`No built renderer at ${rendererDist}. Run \`npx vite build\` before the browser tests.`);
      }
      const server = await serveStatic(rendererDist);
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],

  sampleTeam: [
    async ({}, use) => {
      const team = await startSampleTeam();
      if (!team.openbao) {
        await team.stop();
        throw new Error('The day-one browser tests need OpenBao: run `node test/setup/host.mjs` (npm test does).');
      }
      await use(team);
      await team.stop();
    },
    { scope: 'worker' },
  ],

  systemBrowser: async ({ context }, use) => {
    const opened: Page[] = [];
    const waiting: Array<(page: Page) => void> = [];
    const open = async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      const waiter = waiting.shift();
      if (waiter) waiter(page);
      else opened.push(page);
    };
    await use({ open, next: () => new Promise<Page>((resolve) => (opened.length > 0 ? resolve(opened.shift()!) : waiting.push(resolve))) });
  },

  dataDir: async ({}, use) => {
    // realpath: on macOS the tmp dir is a symlink, and the app reports the path it was given.
    // The data dir is `data` inside a temp folder; projectDir() puts project folders beside it, since
    // Latchkey never writes an export inside its data dir.
    const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'latchkey-e2e-')));
    const dir = path.join(root, 'data');
    await mkdir(dir);
    await use(dir);
    await rm(root, { recursive: true, force: true });
  },

  backendFactory: [undefined, { option: true }],

  services: async ({ dataDir, backendFactory, systemBrowser }, use) => {
    const services = await createServices({ dataDir, backendFactory, openBrowser: systemBrowser.open });
    await use(services);
    await services.close();
  },

  bridge: async ({ context, services }, use) => {
    await use(await installBridge(context, services.dispatch));
  },

  // Depends on `bridge` so that every page a test opens already has window.latchkey. Service events
  // (`exports:expired` from the sweeper) are forwarded to the page as main forwards them to the window.
  page: async ({ page, bridge, services }, use) => {
    const off = services.events.on('exports:expired', (payload) => {
      bridge.emit(page, 'exports:expired', payload).catch(() => undefined);
    });
    await use(page);
    off();
  },

  pageProblems: async ({ page }, use) => {
    const problems: string[] = [];
    const onConsole = (msg: ConsoleMessage) => {
      // CSP violations are reported by Chromium as console errors ("Refused to …").
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
    };
    page.on('console', onConsole);
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    // Also listen for the DOM event, which fires even when the console message is suppressed.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });
    await use(problems);
  },
});

export { expect };
