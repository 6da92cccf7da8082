import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import type { build as esbuildBuild } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { agentPaths } from '../../../electron/agent/paths';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { agentPid, doppler, isAlive, latchkey, useAgentHomes, waitForExit, workDir } from '../../support/agent';
import { ROOT } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();
const homes = useAgentHomes();
const CLI = path.join(ROOT, 'dist-electron', 'cli.mjs');

describe.skipIf(skip !== null)('the agent when things go wrong', () => {
  let sim: DopplerSimulator;
  let proxy: FaultProxy;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
    proxy = await startFaultProxy(sim.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });

  it('killed with -9 mid-export: no partial file, the CLI says so and exports in its own process', async () => {
    const home = await homes.home();
    const name = await doppler(home, proxy.url, SAMPLE_TOKENS.admin);
    expect((await latchkey(['exports'], { home })).code).toBe(0); // the agent is up
    const agent = (await agentPid(home))!;
    proxy.reset();
    proxy.setMode({ kind: 'hang', times: 1 });
    const out = path.join(workDir(home), 'app.env');
    const exporting = latchkey(['export', `${name}:backend/dev`, '--out', out, '--json'], { home });
    // The agent is mid-export once its read reached the server.
    await expect.poll(() => proxy.requests.some((r) => r.includes('/secrets/download')), { timeout: 15_000 }).toBe(true);
    process.kill(agent, 'SIGKILL');
    const result = await exporting;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('latchkey: the agent stopped before it answered; doing it in this process instead.\n');
    expect(Object.keys(parseDotenv(await readFile(out, 'utf8')))).toEqual(expect.arrayContaining(['API_KEY', 'DB_PASSWORD', 'DATABASE_URL']));
    expect((await readdir(home)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const ledger = JSON.parse(await readFile(path.join(home, 'exports.json'), 'utf8')) as { exports: Array<{ path: string }> };
    expect(ledger.exports.map((e) => e.path)).toEqual([out]);
  });

  it('replaces the stale socket a crashed agent left', async () => {
    const home = await homes.home();
    expect((await latchkey(['exports'], { home })).code).toBe(0);
    const crashed = (await agentPid(home))!;
    process.kill(crashed, 'SIGKILL');
    expect(await waitForExit(crashed)).toBe(true);
    const socket = agentPaths(home).socket;
    const stale = await stat(socket);
    const again = await latchkey(['exports'], { home });
    expect(again).toEqual({ code: 0, stdout: 'No active exports.\n', stderr: '' });
    const fresh = (await agentPid(home))!;
    expect(fresh).not.toBe(crashed);
    expect(isAlive(fresh)).toBe(true);
    expect((await stat(socket)).ctimeMs).toBeGreaterThan(stale.ctimeMs);
  });

  it('two agents starting at once: one serves, the other leaves', async () => {
    const home = await homes.home();
    const start = () => spawn(process.execPath, [CLI, 'agent', 'serve'], { env: { ...process.env, LATCHKEY_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
    const children = [start(), start()];
    for (const child of children) homes.track(child.pid!);
    const exited = await Promise.race(children.map((child) => new Promise<number>((resolve) => child.once('exit', () => resolve(child.pid!)))));
    const survivor = children.find((c) => c.pid !== exited)!;
    expect(isAlive(survivor.pid!)).toBe(true);
    const status = JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout) as { pid: number };
    expect(status.pid).toBe(survivor.pid);
    expect(await readFile(path.join(home, 'agent.json'), 'utf8')).toContain(`"pid":${survivor.pid}`);
  });

  it('an agent of another version is stopped and replaced', async () => {
    const home = await homes.home();
    const old = await buildOldAgent();
    const child = spawn(process.execPath, [old, 'agent', 'serve'], { env: { ...process.env, LATCHKEY_HOME: home }, stdio: 'ignore' });
    homes.track(child.pid!);
    await expect.poll(async () => JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout).version, { timeout: 15_000 }).toBe('0.0.0-old');
    const result = await latchkey(['exports'], { home });
    expect(result).toEqual({ code: 0, stdout: 'No active exports.\n', stderr: '' });
    expect(await waitForExit(child.pid!)).toBe(true);
    const status = JSON.parse((await latchkey(['agent', 'status', '--json'], { home })).stdout) as { version: string; pid: number };
    expect(status.version).toBe(pkg.version);
    expect(status.pid).not.toBe(child.pid);
    await rm(path.dirname(old), { recursive: true, force: true });
  });

  it('never writes a secret value or a token to its log', async () => {
    const home = await homes.home();
    const name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    const ref = `${name}:backend/dev`;
    expect((await latchkey(['export', ref, '--out', path.join(workDir(home), 'a.env'), '--ttl', '1s'], { home })).code).toBe(0);
    expect((await latchkey(['run', ref, '--', 'true'], { home })).code).toBe(0);
    expect((await latchkey(['secrets', ref, '--reveal', 'DB_PASSWORD'], { home })).stdout).toBe('fake-db-password-not-real\n');
    // Calls that fail inside the agent are logged too (by code only).
    expect((await latchkey(['secrets', ref, '--reveal', 'NO_SUCH_KEY'], { home })).code).toBe(4);
    await expect.poll(async () => (await readFile(path.join(home, 'agent.log'), 'utf8')).includes('expired'), { timeout: 10_000 }).toBe(true);
    const log = await readFile(path.join(home, 'agent.log'), 'utf8');
    expect(log).toContain('listening on');
    expect(log).toContain('call secrets:reveal: NOT_FOUND');
    for (const canary of ['fake-api-key-dev-not-real', 'fake-db-password-not-real', SAMPLE_TOKENS.admin, await readFile(agentPaths(home).token, 'utf8')]) {
      expect(log).not.toContain(canary);
    }
  });

  it('when the agent cannot start, the CLI says so once and works in its own process', async () => {
    const home = await homes.home();
    const name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    // A socket directory that is a link is refused (someone could have pointed it anywhere).
    const runtime = path.join(home, 'runtime');
    await mkdir(path.join(home, 'elsewhere'), { recursive: true });
    await mkdir(runtime, { mode: 0o700 });
    await symlink(path.join(home, 'elsewhere'), path.join(runtime, 'latchkey'));
    const env = { XDG_RUNTIME_DIR: runtime };
    const first = await latchkey(['secrets', `${name}:web/dev`], { home, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('PUBLIC_URL');
    expect(first.stderr).toMatch(/^latchkey: the agent could not start \(.*is not a plain directory.*\); working in this process instead\.\n$/);
    const second = await latchkey(['secrets', `${name}:web/dev`], { home, env });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(await agentPid(home)).toBeNull();
  });

  it('LATCHKEY_NO_AGENT=1 keeps everything in the command\'s own process', async () => {
    const home = await homes.home();
    const result = await latchkey(['exports'], { home, env: { LATCHKEY_NO_AGENT: '1' } });
    expect(result).toEqual({ code: 0, stdout: 'No active exports.\n', stderr: '' });
    expect(await agentPid(home)).toBeNull();
    await expect(stat(agentPaths(home).token)).rejects.toThrow();
  });
});

/** The CLI as it ships, built with another version number, where it still finds node_modules. */
async function buildOldAgent(): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'latchkey-test-old-agent');
  await rm(dir, { recursive: true, force: true });
  const outfile = path.join(dir, 'cli.mjs');
  const { build } = (await import('esbuild')) as { build: typeof esbuildBuild };
  const { cliBuildOptions } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-main.mjs')).href)) as { cliBuildOptions: (f: string) => Parameters<typeof esbuildBuild>[0] };
  const options = cliBuildOptions(outfile);
  await build({
    ...options,
    sourcemap: false,
    plugins: [
      ...(options.plugins ?? []),
      { name: 'old-version', setup: (b) => b.onLoad({ filter: /package\.json$/ }, async (args) => ({ contents: JSON.stringify({ ...JSON.parse(await readFile(args.path, 'utf8')), version: '0.0.0-old' }), loader: 'json' })) },
    ],
  });
  return outfile;
}
