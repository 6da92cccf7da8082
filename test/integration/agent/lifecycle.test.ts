import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { agentPid, doppler, isAlive, latchkey, useAgentHomes, waitForExit, workDir } from '../../support/agent';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();
const homes = useAgentHomes();

describe.skipIf(skip !== null)('latchkey agent', () => {
  let sim: DopplerSimulator;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());
  const reads = (from: number) => sim.requests.slice(from).filter((r) => r.path.startsWith('/v3/configs/config/secrets')).length;

  it('is started by the first hot command; status names it, stop ends it', async () => {
    const home = await homes.home();
    const none = await latchkey(['agent', 'status', '--json'], { home });
    expect(JSON.parse(none.stdout)).toMatchObject({ running: false });
    expect((await latchkey(['exports'], { home })).stdout).toBe('No active exports.\n');
    const status = JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout) as { running: boolean; pid: number; socket: string; host: string; log: string };
    expect(status).toMatchObject({ running: true, host: 'cli', log: path.join(home, 'agent.log') });
    expect(status.socket.startsWith(path.join(process.env.XDG_RUNTIME_DIR!, 'latchkey'))).toBe(true);
    expect(status.pid).toBe(await agentPid(home));
    const stopped = await latchkey(['agent', 'stop'], { home });
    expect(stopped.stdout).toBe(`Stopped the agent (pid ${status.pid}).\n`);
    expect(isAlive(status.pid)).toBe(false);
    await expect(stat(status.socket)).rejects.toThrow();
  });

  it('keeps values warm across commands; cache clear and a sign-in in another process reach it', async () => {
    const home = await homes.home();
    const name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    const ref = `${name}:backend/dev`;
    let before = sim.requests.length;
    expect((await latchkey(['run', ref, '--', 'true'], { home })).code).toBe(0);
    expect(reads(before)).toBe(1);
    before = sim.requests.length;
    expect((await latchkey(['secrets', ref], { home })).code).toBe(0);
    expect((await latchkey(['export', ref, '--out', path.join(workDir(home), 'a.env')], { home })).code).toBe(0);
    expect(reads(before)).toBe(0);

    expect((await latchkey(['cache', 'clear'], { home })).stdout).toBe('Cleared the value cache (1 environment).\n');
    before = sim.requests.length;
    expect((await latchkey(['secrets', ref], { home })).code).toBe(0);
    expect(reads(before)).toBe(1);

    // A sign-in made by the full CLI in its own process: the agent drops the old session and its values.
    const login = await cli(['login', name, '--token-stdin'], { home, stdin: `${SAMPLE_TOKENS.developer}\n`, env: { LATCHKEY_NO_AGENT: '0' } });
    expect(login.code, login.stderr).toBe(0);
    before = sim.requests.length;
    const after = await latchkey(['secrets', `${name}:backend/stg`], { home });
    expect(after.code).toBe(3); // bob reads backend dev configs only: the agent now uses his token
    expect(sim.requests.length).toBeGreaterThan(before);
  });

  it('install writes a login service; its plain command runs the agent', async () => {
    const home = await homes.home();
    const config = path.join(home, 'xdg-config');
    const installed = await latchkey(['agent', 'install', '--json'], { home, env: { XDG_CONFIG_HOME: config } });
    expect(installed.code, installed.stderr).toBe(0);
    const { path: unitPath } = JSON.parse(installed.stdout) as { path: string };
    expect(unitPath).toBe(path.join(config, 'systemd', 'user', 'latchkey-agent.service'));
    const unit = await readFile(unitPath, 'utf8');
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1]!.split(' ');
    expect(exec.slice(-2)).toEqual(['agent', '--keep-running']);
    expect(unit).toContain(`Environment=LATCHKEY_HOME=${home}\n`);
    // What systemd would run, run directly.
    const child = spawn(exec[0]!, exec.slice(1), { env: { ...process.env, LATCHKEY_HOME: home }, stdio: 'ignore' });
    homes.track(child.pid!);
    await expect.poll(async () => JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout).running, { timeout: 15_000 }).toBe(true);
    const status = JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout) as { pid: number; idleExitMs: number | null };
    expect(status).toMatchObject({ pid: child.pid, idleExitMs: null });
    child.kill('SIGTERM');
    expect(await waitForExit(child.pid!)).toBe(true);
  });
});
