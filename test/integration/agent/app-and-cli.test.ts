import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handOffAgent, startAppAgent } from '../../../electron/agent/app-agent';
import type { AgentHost } from '../../../electron/agent/host';
import { createServices, type Services } from '../../../electron/services';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { agentPid, doppler, latchkey, useAgentHomes, waitForExit, workDir } from '../../support/agent';
import { ROOT } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();
const homes = useAgentHomes();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app's main process, as main.ts builds it: services for the data dir, and the agent socket on them. */
async function startApp(home: string): Promise<{ services: Services; agent: AgentHost; log: string[] }> {
  const log: string[] = [];
  const services = await createServices({ dataDir: home });
  const agent = await startAppAgent(services, (line) => log.push(line));
  if (!agent) throw new Error(`the app could not serve the agent socket: ${log.join('; ')}`);
  return { services, agent, log };
}

describe.skipIf(skip !== null)('the app is the agent while it runs', () => {
  let sim: DopplerSimulator;
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());
  afterEach(async () => {
    app?.agent.stop('test over');
    await app?.services.close();
    app = null;
  });
  const downloads = (from: number) => sim.requests.slice(from).filter((r) => r.path === '/v3/configs/config/secrets/download').length;

  it('CLI and app share one cache: the second read, by either, makes no request', async () => {
    const home = await homes.home();
    const name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    app = await startApp(home);

    // The app reads first (a reveal in the window), the CLI second.
    let before = sim.requests.length;
    const revealed = await app.services.dispatch('secrets:reveal', { ref: `${name}:backend/dev`, key: 'API_KEY' });
    expect(revealed).toMatchObject({ ok: true, value: { value: 'fake-api-key-dev-not-real' } });
    expect(downloads(before)).toBe(1);
    before = sim.requests.length;
    const run = await latchkey(['run', `${name}:backend/dev`, '--', process.execPath, '-e', 'process.stdout.write(process.env.API_KEY)'], { home });
    expect(run).toMatchObject({ code: 0, stdout: 'fake-api-key-dev-not-real' });
    expect(downloads(before)).toBe(0);

    // The CLI reads first, the app second.
    before = sim.requests.length;
    expect((await latchkey(['export', `${name}:payments/dev`, '--out', path.join(workDir(home), 'pay.env')], { home })).code).toBe(0);
    expect(downloads(before)).toBe(1);
    before = sim.requests.length;
    expect(await app.services.dispatch('secrets:reveal', { ref: `${name}:payments/dev`, key: 'STRIPE_KEY' })).toMatchObject({ ok: true });
    expect(downloads(before)).toBe(0);

    // No agent process was started: the CLI talked to the app (this process).
    expect(await agentPid(home)).toBe(process.pid);
  });

  it('takes the socket over from a running latchkey agent', async () => {
    const home = await homes.home();
    expect((await latchkey(['exports'], { home })).code).toBe(0);
    const cliAgent = (await agentPid(home))!;
    expect(cliAgent).not.toBe(process.pid);
    app = await startApp(home);
    const status = JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout) as { host: string; pid: number };
    expect(status).toMatchObject({ host: 'app', pid: process.pid });
    expect(await waitForExit(cliAgent, 10_000)).toBe(true);
    // `latchkey agent stop` does not stop the app.
    const stop = await latchkey(['agent', 'stop'], { home });
    expect(stop).toMatchObject({ code: 4 });
    expect(stop.stderr).toContain('The Latchkey app is the agent for this data folder.');
  });

  it('quitting with an export pending hands over to an agent that ends it on time', async () => {
    const home = await homes.home();
    const name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    app = await startApp(home);
    const out = path.join(workDir(home), 'app.env');
    const made = await app.services.dispatch('exports:create', { ref: `${name}:backend/dev`, path: out, ttl: '4s' });
    expect(made).toMatchObject({ ok: true });
    // What main.ts does on will-quit (the CLI bundle stands in for the app binary: no Electron here).
    const handedOver = await handOffAgent(app.agent, app.services, { execPath: process.execPath, args: [path.join(ROOT, 'dist-electron', 'cli.mjs'), 'agent', 'serve'], env: { ...process.env, LATCHKEY_HOME: home } }, () => undefined);
    await app.services.close();
    app = null;
    expect(handedOver).toBe(true);
    const agent = (await agentPid(home))!;
    expect(agent).not.toBe(process.pid);
    const expiresAt = Date.parse((made as { ok: true; value: { export: { expiresAt: string } } }).value.export.expiresAt);
    while (await stat(out).then(() => true, () => false)) {
      expect(Date.now()).toBeLessThan(expiresAt + 5_000);
      await sleep(50);
    }
  });
});
