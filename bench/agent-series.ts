// The child half of the `agent` bench part (bench/agent.ts starts it inside a private keyring session, so the
// agent and the CLI keep their tokens in a real keychain). Times the thin CLI through a warm agent against
// the real Doppler CLI (on one Doppler simulator) and against the real OpenBao CLI, counts requests at the
// servers, and measures how late an expired export is removed with no command running. Reads the OpenBao
// world on stdin; prints one JSON line (AgentResult); removes everything it made, agents included.
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../electron/services';
import { fakeToken, startDopplerSimulator } from '../test/fakes/doppler';
import { startFaultProxy } from '../test/fakes/fault-proxy';
import { toolPath } from '../test/setup/tools';
import { refFor, type ExportWorld } from './export-world';
import { median } from './stats';
import { timedProcess as timed } from './timed-process';
import { fakeValues } from './world';

export interface AgentResult {
  doppler: string;
  nodeFloorMs: number;
  dopplerRows: Array<{ what: string; ms: Record<Tools, number> }>;
  baoRows: Array<{ what: string; ms: Record<Tools, number> }>;
  /** HTTP requests the server saw during the second command within the TTL (agent warm). */
  secondReadRequests: Array<{ server: string; command: string; requests: number }>;
  /** ms from an export's expiresAt to its file being gone, no command running (per server, each run). */
  expiryDelays: Array<{ server: string; ms: number[] }>;
}

const PROJECT = 'bench';
const SIZES = [10, 1000];
const TOKEN = fakeToken('dp.pt.', 'benchadmin');

export type Tools = 'agent' | 'cold' | 'vendor';

/** Runs the tools in turn `runs` times after one warm-up round (drift hits all alike); medians per tool. */
async function series(runs: number, fns: Record<Tools, () => Promise<number>>): Promise<Record<Tools, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = -1; i < runs; i++) for (const [name, fn] of Object.entries(fns)) {
    const ms = await fn();
    if (i >= 0) times[name]!.push(ms);
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<Tools, number>;
}

async function main() {
  const [latchkey, runsText] = process.argv.slice(2);
  if (!latchkey) throw new Error('usage: agent-series.ts <latchkey.cjs> <runs>');
  const runs = Number(runsText ?? 7);
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const world = JSON.parse(input) as ExportWorld;

  const sim = await startDopplerSimulator({
    seed: {
      workplace: { name: 'Fake Bench Inc' },
      projects: [{ slug: PROJECT, environments: SIZES.map((s) => ({ id: `k${s}`, name: `${s} keys` })), secrets: Object.fromEntries(SIZES.map((s) => [`k${s}`, fakeValues(s)])) }],
      tokens: [{ kind: 'personal', key: TOKEN, name: 'bench@example.invalid', access: 'all' }],
    },
    rateLimit: { limit: 1_000_000 },
  });
  // Requests reaching OpenBao are counted here, in front of it.
  const bao = await startFaultProxy(world.address);
  const work = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-agent-'));
  const homes = { dop: path.join(work, 'home-dop'), bao: path.join(work, 'home-bao') };
  try {
    for (const home of Object.values(homes)) await mkdir(home, { mode: 0o700 });
    // Set-up as a person would have it (outside any timing): backends, profile, tokens in the keychain.
    const dopServices = await createServices({ dataDir: homes.dop });
    await dopServices.backends.upsert({ name: 'dop', kind: 'doppler', url: sim.url, auth: { method: 'token' } });
    await (await dopServices.registry.get('dop')).login({ method: 'token', token: TOKEN });
    await dopServices.close();
    const baoServices = await createServices({ dataDir: homes.bao });
    const profile = { ...world.profile, backends: world.profile.backends.map((b) => ({ ...b, url: bao.url })) };
    for (const backend of profile.backends) await baoServices.backends.upsert(backend);
    await baoServices.profiles.save(profile);
    await (await baoServices.registry.get('bench')).login({ method: 'token', token: world.token });
    await baoServices.close();

    const env = (home: string, agent: boolean) => ({ ...process.env, LATCHKEY_HOME: home, LATCHKEY_NO_AGENT: agent ? '0' : '1' });
    const lk = async (home: string, agent: boolean, args: string[]) => (await timed(process.execPath, [latchkey, ...args], env(home, agent))).ms;
    const exportOnce = async (home: string, agent: boolean, ref: string) => {
      const out = path.join(work, `${path.basename(home)}-${agent ? 'agent' : 'cold'}.env`);
      const { ms, stdout } = await timed(process.execPath, [latchkey, 'export', ref, '--out', out, '--ttl', '15m', '--json'], env(home, agent));
      await timed(process.execPath, [latchkey, 'revoke', (JSON.parse(stdout) as { id: string }).id], env(home, true)); // not timed
      return ms;
    };

    // The Doppler CLI, as a person runs it: its own config dir, the token in the environment.
    const dopplerHome = path.join(work, 'doppler-home');
    await mkdir(dopplerHome, { mode: 0o700 });
    const dopplerEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dopplerHome, DOPPLER_TOKEN: TOKEN };
    const dopplerBin = toolPath('doppler');
    const dopplerGlobal = ['--api-host', sim.url, '--config-dir', path.join(dopplerHome, '.doppler'), '--no-check-version'];
    /** The global flags go before any `--` (after it everything is the command doppler runs). */
    const doppler = async (args: string[], stdoutFile?: string) => {
      const dash = args.indexOf('--');
      const argv = dash === -1 ? [...args, ...dopplerGlobal] : [...args.slice(0, dash), ...dopplerGlobal, ...args.slice(dash)];
      return (await timed(dopplerBin, argv, dopplerEnv, { stdoutFile })).ms;
    };

    // The OpenBao CLI reading the same secret (context: a vendor CLI on this server).
    const baoEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, BAO_ADDR: world.address, VAULT_ADDR: world.address, BAO_TOKEN: world.token, VAULT_TOKEN: world.token };
    const baoCli = async (size: number) => (await timed(toolPath('bao'), ['kv', 'get', '-format=json', `-mount=${world.mount}`, `exp/k${size}`], baoEnv)).ms;

    // Start both agents (not timed): the first hot command does it.
    await lk(homes.dop, true, ['exports']);
    await lk(homes.bao, true, ['exports']);

    const dopplerRows: AgentResult['dopplerRows'] = [];
    const runRow = await series(runs, {
      agent: () => lk(homes.dop, true, ['run', `dop:${PROJECT}/k10`, '--', 'true']),
      cold: () => lk(homes.dop, false, ['run', `dop:${PROJECT}/k10`, '--', 'true']),
      vendor: () => doppler(['run', '--project', PROJECT, '--config', 'k10', '--', 'true']),
    });
    dopplerRows.push({ what: 'run <ref> -- true (10 keys) vs doppler run -- true', ms: runRow });
    for (const size of SIZES) {
      const row = await series(runs, {
        agent: () => exportOnce(homes.dop, true, `dop:${PROJECT}/k${size}`),
        cold: () => exportOnce(homes.dop, false, `dop:${PROJECT}/k${size}`),
        vendor: () => doppler(['secrets', 'download', '--no-file', '--format', 'env', '--project', PROJECT, '--config', `k${size}`], path.join(work, 'doppler.env')),
      });
      dopplerRows.push({ what: `export (${size} keys) vs doppler secrets download --no-file`, ms: row });
    }

    const baoRows: AgentResult['baoRows'] = [];
    const baoRun = await series(runs, {
      agent: () => lk(homes.bao, true, ['run', refFor(10), '--', 'true']),
      cold: () => lk(homes.bao, false, ['run', refFor(10), '--', 'true']),
      vendor: () => baoCli(10),
    });
    baoRows.push({ what: 'run <ref> -- true (10 keys) vs bao kv get', ms: baoRun });
    for (const size of SIZES) {
      const row = await series(runs, {
        agent: () => exportOnce(homes.bao, true, refFor(size)),
        cold: () => exportOnce(homes.bao, false, refFor(size)),
        vendor: () => baoCli(size),
      });
      baoRows.push({ what: `export (${size} keys) vs bao kv get`, ms: row });
    }

    // Second command within the TTL (the agent read these above): requests that reached each server.
    const secondReadRequests: AgentResult['secondReadRequests'] = [];
    let n = 0;
    const count = async (server: string, seen: () => number, home: string, command: string, args: () => string[]) => {
      await lk(home, true, args()); // the first read (or a repeat): fills the cache if it was not full yet
      const before = seen();
      await lk(home, true, args());
      secondReadRequests.push({ server, command, requests: seen() - before });
    };
    const exportTo = (ref: string) => () => ['export', ref, '--out', path.join(work, `second-${n++}.env`), '--ttl', '15m'];
    await count('Doppler simulator', () => sim.requests.length, homes.dop, 'latchkey secrets', () => ['secrets', `dop:${PROJECT}/k10`]);
    await count('Doppler simulator', () => sim.requests.length, homes.dop, 'latchkey export', exportTo(`dop:${PROJECT}/k10`));
    await count('OpenBao', () => bao.requests.length, homes.bao, 'latchkey secrets', () => ['secrets', refFor(10)]);
    await count('OpenBao', () => bao.requests.length, homes.bao, 'latchkey export', exportTo(refFor(10)));

    // Expiry with no command running: export for 2 s, then only watch the file.
    const expiryDelays: AgentResult['expiryDelays'] = [];
    for (const [server, home, ref] of [['Doppler simulator', homes.dop, `dop:${PROJECT}/k10`], ['OpenBao', homes.bao, refFor(10)]] as const) {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const out = path.join(work, `expiry-${i}.env`);
        const { stdout } = await timed(process.execPath, [latchkey, 'export', ref, '--out', out, '--ttl', '2s', '--json'], env(home, true));
        const expiresAt = Date.parse((JSON.parse(stdout) as { expiresAt: string }).expiresAt);
        while (await stat(out).then(() => true, () => false)) {
          if (Date.now() > expiresAt + 30_000) throw new Error('an expired export was not removed within 30 s');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        ms.push(Date.now() - expiresAt);
      }
      expiryDelays.push({ server, ms });
    }

    const nodeFloor: number[] = [];
    for (let i = -1; i < runs; i++) {
      const { ms } = await timed(process.execPath, ['-e', '0'], process.env);
      if (i >= 0) nodeFloor.push(ms);
    }
    const version = (await timed(dopplerBin, ['--version'], dopplerEnv)).stdout.trim();
    for (const home of Object.values(homes)) await timed(process.execPath, [latchkey, 'agent', 'stop'], env(home, true)).catch(() => undefined);
    const result: AgentResult = { doppler: version, nodeFloorMs: median(nodeFloor), dopplerRows, baoRows, secondReadRequests, expiryDelays };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    for (const home of Object.values(homes)) await stopAgentOf(home);
    await bao.close();
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Whatever happened above, no agent outlives the bench. */
async function stopAgentOf(home: string): Promise<void> {
  try {
    const { pid } = JSON.parse(await readFile(path.join(home, 'agent.json'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGTERM');
  } catch {
    // none running
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
