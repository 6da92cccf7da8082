import type { Browser, BrowserContext, Page } from '@playwright/test';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Credentials } from '../../../electron/backends/types';
import type { Dispatch } from '../../../electron/ipc-dispatch';
import { createServices, type Services } from '../../../electron/services';
import { installBridge } from './bridge';

/**
 * One person of a browser test with several people: their own data dir and service graph (as their own
 * Latchkey app would have), their own browser context bridged to those services, and every payload their page
 * received (answers and pushed events), for the canary.
 */
export interface Person {
  services: Services;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Every answer and event this person's page was sent, as JSON. */
  payloads: string[];
  close(): Promise<void>;
}

const EVENTS = ['access:changed', 'access:notification', 'access:open', 'exports:expired'] as const;

/**
 * A person's data dir: `data` inside a fresh temp folder, so their project files can go beside it (Latchkey
 * never writes an export inside its data dir). Removing the temp folder removes both.
 */
async function freshDir(): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'latchkey-e2e-person-')));
  await mkdir(path.join(root, 'data'));
  return path.join(root, 'data');
}

/** A folder for this person's exports, beside their data dir. */
export const workDirOf = (dataDir: string) => path.dirname(dataDir);

/** Services over a fresh data dir with the team profile imported and signed in to `backend`. */
export async function signedInServices(profile: unknown, backend: string, credentials: Credentials): Promise<{ services: Services; dataDir: string }> {
  const dataDir = await freshDir();
  const services = await createServices({ dataDir });
  await services.setup.importProfile({ profile, source: 'team.json' });
  await services.setup.signIn(backend, credentials);
  return { services, dataDir };
}

export async function openPerson(browser: Browser, rendererUrl: string, profile: unknown, backend: string, credentials: Credentials): Promise<Person> {
  const { services, dataDir } = await signedInServices(profile, backend, credentials);
  const payloads: string[] = [];
  const recorded = (async (channel: unknown, input: unknown) => {
    const result = await services.dispatch(channel, input);
    payloads.push(JSON.stringify(result));
    return result;
  }) as Dispatch;
  const context = await browser.newContext();
  const bridge = await installBridge(context, recorded);
  const page = await context.newPage();
  // Main forwards these to its window; here each person's services forward to their own page.
  const offs = EVENTS.map((name) =>
    services.events.on(name, (payload) => {
      payloads.push(JSON.stringify(payload));
      bridge.emit(page, name, payload).catch(() => undefined);
    }),
  );
  await page.goto(rendererUrl);
  return {
    services,
    context,
    page,
    dataDir,
    payloads,
    async close() {
      for (const off of offs) off();
      await context.close();
      await services.close();
      await rm(workDirOf(dataDir), { recursive: true, force: true });
    },
  };
}
