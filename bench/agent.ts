// Part `agent` of `npm run bench`: the goals of the agent (issue 12), side by side in one run. The CLI
// timings run in bench/agent-series.ts inside a private keyring session; the in-process export row runs here.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { createServices, type Services } from '../electron/services';
import { writeFileAtomic } from '../electron/fs/atomic';
import { MemoryStore } from '../test/support/memory-store';
import { repoRoot } from '../test/setup/tools';
import type { AgentResult, Tools } from './agent-series';
import { runInKeyringSession } from './cli-runner';
import { plainDotenv, refFor, type ExportWorld } from './export-world';
import { fmtMs, fmtRatio, median, table } from './stats';
import { tempDir } from './world';

/** The in-process export target (issue 4, again in issue 12): within 1.3× the floor with a durable write. */
const IN_PROCESS_TARGET = 1.3;

/**
 * The thin CLI and the full CLI bundled from the current sources into bench/.build, with a `latchkey.mjs`
 * that does what bin/latchkey.cjs does (thin first, full when needed), so the bench measures what ships
 * and leaves dist-electron alone.
 */
async function buildLatchkey(): Promise<string> {
  const dir = path.join(repoRoot, 'bench', '.build');
  const { cliBuildOptions, thinBuildOptions } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'build-main.mjs')).href)) as Record<'cliBuildOptions' | 'thinBuildOptions', (outfile: string) => Parameters<typeof build>[0]>;
  await build(cliBuildOptions(path.join(dir, 'cli.mjs')));
  await build(thinBuildOptions(path.join(dir, 'thin.cjs')));
  const bin = (await fs.readFile(path.join(repoRoot, 'bin', 'latchkey.cjs'), 'utf8')).replace("path.join(__dirname, '..', 'dist-electron')", '__dirname');
  await fs.writeFile(path.join(dir, 'latchkey.cjs'), bin);
  return path.join(dir, 'latchkey.cjs');
}

interface InProcessRow {
  keys: number;
  floorDurableMs: number;
  coldMs: number;
  warmMs: number;
}

/**
 * In-process export (the services API, as the agent runs it) against the floor with an fsync'd atomic
 * write (fetch + temp + fsync + rename + dir fsync). `cold`: the value cache off, every export reads
 * OpenBao; `warm`: the cache on, as in a running agent (the read is served from memory).
 */
async function inProcessVsFloor(world: ExportWorld, runs: number): Promise<InProcessRow[]> {
  const open = async (ttl: string): Promise<Services> => {
    const services = await createServices({ dataDir: await tempDir('agent-inproc'), secretStore: new MemoryStore(), env: { LATCHKEY_CACHE_TTL: ttl } });
    for (const backend of world.profile.backends) await services.backends.upsert(backend);
    await services.profiles.save(world.profile);
    await (await services.registry.get('bench')).login({ method: 'token', token: world.token });
    return services;
  };
  const cold = await open('0');
  const warm = await open('15m');
  const outDir = await tempDir('agent-inproc-out');
  const rows: InProcessRow[] = [];
  try {
    for (const keys of [10, 1000]) {
      const exportWith = (services: Services) => async (out: string) => {
        const created = await services.exports.create({ ref: refFor(keys), path: out, format: 'dotenv', ttl: '15m' });
        return () => services.exports.revoke(created.export.id).then(() => undefined);
      };
      const floorDurable = async (out: string) => {
        const res = await fetch(`${world.address}/v1/${world.mount}/data/exp/k${keys}`, { headers: { 'X-Vault-Token': world.token } });
        const body = (await res.json()) as { data: { data: Record<string, string> } };
        await writeFileAtomic(out, plainDotenv(body.data.data));
        return () => fs.rm(out, { force: true });
      };
      const methods = { floorDurable, cold: exportWith(cold), warm: exportWith(warm) };
      const times: Record<keyof typeof methods, number[]> = { floorDurable: [], cold: [], warm: [] };
      for (let run = -3; run < runs; run++) {
        for (const [name, fn] of Object.entries(methods) as Array<[keyof typeof methods, (out: string) => Promise<() => Promise<void>>]>) {
          const out = path.join(outDir, `${name}-${keys}.env`);
          const start = performance.now();
          const cleanup = await fn(out);
          const ms = performance.now() - start;
          await cleanup();
          if (run >= 0) times[name].push(ms);
        }
      }
      rows.push({ keys, floorDurableMs: median(times.floorDurable), coldMs: median(times.cold), warmMs: median(times.warm) });
    }
  } finally {
    await cold.close();
    await warm.close();
  }
  return rows;
}

const LABEL: Record<Tools, string> = { agent: 'latchkey, agent warm (ms)', cold: 'latchkey, no agent (ms)', vendor: 'vendor CLI (ms)' };
const goal = (ratio: number, limit: number) => (ratio <= limit ? 'met' : 'MISSED');

export async function agentPart(world: ExportWorld, runs: number): Promise<void> {
  process.stderr.write('agent: in-process export vs the durable floor…\n');
  const inProcess = await inProcessVsFloor(world, runs);
  process.stderr.write('agent: bundling the thin and full CLI, then the CLI series (inside a private keyring session)…\n');
  let result: AgentResult | null = null;
  let problem = '';
  try {
    result = await runInKeyringSession<AgentResult>('agent-series.ts', [await buildLatchkey(), String(runs)], { stdin: JSON.stringify(world), timeoutMs: 600_000, label: 'the agent series' });
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }

  console.log(`\n## The agent (issue 12): one warm agent for every command (medians of ${runs} runs after 1 warm-up, tools taking turns)\n`);
  if (result) {
    console.log(`### Against the Doppler CLI (${result.doppler}, default settings with its fallback cache), on one Doppler simulator\n`);
    console.log(table(['command', ...(['agent', 'cold', 'vendor'] as const).map((t) => LABEL[t]), 'agent / doppler', 'goal ≤ 1.0×', 'no agent / doppler'],
      result.dopplerRows.map((r) => [r.what, fmtMs(r.ms.agent), fmtMs(r.ms.cold), fmtMs(r.ms.vendor), fmtRatio(r.ms.agent / r.ms.vendor), goal(r.ms.agent / r.ms.vendor, 1), fmtRatio(r.ms.cold / r.ms.vendor)])));
    console.log(`\n### On a real OpenBao (the bao CLI reading the same secret, for context: no goal)\n`);
    console.log(table(['command', ...(['agent', 'cold', 'vendor'] as const).map((t) => LABEL[t]), 'agent / bao', 'no agent / agent'],
      result.baoRows.map((r) => [r.what, fmtMs(r.ms.agent), fmtMs(r.ms.cold), fmtMs(r.ms.vendor), fmtRatio(r.ms.agent / r.ms.vendor), fmtRatio(r.ms.cold / r.ms.agent)])));
    console.log(`\n\`node -e 0\` alone: ${fmtMs(result.nodeFloorMs)} ms (median of ${runs}).`);
    console.log(`\n### Second command within the TTL: HTTP requests that reached the server (goal 0)\n`);
    console.log(table(['server', 'command', 'requests', 'goal'], result.secondReadRequests.map((r) => [r.server, r.command, r.requests, r.requests === 0 ? 'met' : 'MISSED'])));
    console.log(`\n### Export removed after expiry, app closed, no command run (goal ≤ 5 s; 3 exports of 2 s each)\n`);
    console.log(table(['server', 'late by, each run (ms)', 'worst (ms)', 'goal'], result.expiryDelays.map((r) => [r.server, r.ms.map(fmtMs).join(', '), fmtMs(Math.max(...r.ms)), Math.max(...r.ms) <= 5000 ? 'met' : 'MISSED'])));
  } else {
    console.log(`The agent CLI series did not run: ${problem}`);
  }
  console.log(`\n### Export in-process vs the floor with an fsync'd atomic write (OpenBao; goal ≤ ${IN_PROCESS_TARGET}×)\n`);
  console.log(table(['keys', 'floor: fetch + durable write (ms)', 'in-process, cache off (ms)', 'in-process, cache warm as in the agent (ms)', 'cache off / floor', 'warm / floor', 'goal (warm)'],
    inProcess.map((r) => [r.keys, fmtMs(r.floorDurableMs), fmtMs(r.coldMs), fmtMs(r.warmMs), fmtRatio(r.coldMs / r.floorDurableMs), fmtRatio(r.warmMs / r.floorDurableMs), goal(r.warmMs / r.floorDurableMs, IN_PROCESS_TARGET)])));
}
