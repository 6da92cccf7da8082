import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { agentPid, doppler, isAlive, latchkey, useAgentHomes, waitForExit, workDir } from '../../support/agent';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();
const homes = useAgentHomes();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (file: string) => stat(file).then(() => true, () => false);

describe.skipIf(skip !== null)('exports end on time with nothing else running', () => {
  let sim: DopplerSimulator;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());

  it('an export with a 3 s TTL disappears within 5 s while no Latchkey command runs', async () => {
    const home = await homes.home();
    const ref = `${await doppler(home, sim.url, SAMPLE_TOKENS.admin)}:backend/dev`;
    const out = path.join(workDir(home), 'app.env');
    const made = await latchkey(['export', ref, '--out', out, '--ttl', '3s', '--json'], { home });
    const createdAt = Date.now();
    expect(made.code, made.stderr).toBe(0);
    const { expiresAt } = JSON.parse(made.stdout) as { expiresAt: string };
    expect(await exists(out)).toBe(true);
    // Watch the file only: no latchkey command runs from here on.
    while ((await exists(out)) && Date.now() - createdAt < 10_000) await sleep(50);
    const goneAt = Date.now();
    expect(await exists(out)).toBe(false);
    expect(goneAt).toBeGreaterThanOrEqual(Date.parse(expiresAt) - 50);
    expect(goneAt - createdAt).toBeLessThanOrEqual(5_000);
    // The record goes last (file first, then leases, then the audit line): until then it is marked as ending.
    const ledger = async () => (JSON.parse(await readFile(path.join(home, 'exports.json'), 'utf8')) as { exports: unknown[] }).exports;
    await expect.poll(ledger, { timeout: 5_000 }).toEqual([]);
    const expired = async () => (JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<{ action: string; outcome: string }>).filter((e) => e.action === 'export.expire');
    await expect.poll(expired, { timeout: 5_000 }).toMatchObject([{ outcome: 'ok' }]);
  });

  it('the agent stays while an export is pending, then exits when idle', async () => {
    const home = await homes.home();
    const ref = `${await doppler(home, sim.url, SAMPLE_TOKENS.admin)}:backend/dev`;
    const env = { LATCHKEY_AGENT_IDLE: '1s' };
    const made = await latchkey(['export', ref, '--out', path.join(workDir(home), 'app.env'), '--ttl', '3s'], { home, env });
    expect(made.code, made.stderr).toBe(0);
    const pid = (await agentPid(home))!;
    expect(pid).not.toBeNull();
    await sleep(2_000); // idle for longer than LATCHKEY_AGENT_IDLE, but the export is still pending
    expect(isAlive(pid)).toBe(true);
    expect(await waitForExit(pid, 8_000)).toBe(true);
    expect(await readFile(path.join(home, 'agent.log'), 'utf8')).toMatch(/stopping: idle for 1 s with nothing pending/);
  });
});
