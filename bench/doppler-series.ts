// The child half of the Doppler bench (`bench/doppler.ts` starts it inside a private keyring session, so the
// Latchkey CLI keeps its token in a real keychain). Starts ONE Doppler simulator in this process, then times
// `latchkey export` against the real Doppler CLI on the same configs, taking turns inside every run.
// Prints one JSON line (DopplerResult) on stdout; everything it made is removed before it exits.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { createServices } from '../electron/services';
import { fakeToken, startDopplerSimulator, type DopplerSimulator } from '../test/fakes/doppler';
import { toolPath } from '../test/setup/tools';
import { median } from './stats';
import { timedProcess as timed } from './timed-process';
import { fakeValues } from './world';

export const DOPPLER_SIZES = [10, 100, 1000];
/** The series each run takes turns between; `doppler` is what a person types, `doppler-nofallback` skips the CLI's cache. */
export const TOOLS = ['latchkey', 'doppler', 'doppler-nofallback'] as const;
export type Tool = (typeof TOOLS)[number];

export interface DopplerRow {
  keys: number;
  ms: Record<Tool, number>;
  /** HTTP requests the simulator saw during ONE timed run of each tool (the last run), as "METHOD path status" → count. */
  requests: Record<Tool, Record<string, number>>;
  /** Both outputs parsed: same values for every seeded key. */
  sameValues: boolean;
  /** Keys only one side wrote (e.g. Doppler's managed DOPPLER_* keys), names only. */
  extraKeys: { latchkey: string[]; doppler: string[] };
}

export interface DopplerResult {
  doppler: string;
  nodeFloorMs: number;
  /** `latchkey --version`: the bundle's module loading, no services, keychain or HTTP. */
  latchkeyStartMs: number;
  dopplerFloorMs: number;
  rows: DopplerRow[];
}

const PROJECT = 'bench';
const configFor = (size: number) => `k${size}`;
/** A fake workplace-admin personal token; both tools use it, so neither gets a cheaper path through auth. */
const TOKEN = fakeToken('dp.pt.', 'benchadmin');

function countRequests(sim: DopplerSimulator, from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of sim.requests.slice(from)) {
    const key = `${r.method} ${r.path} ${r.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function main() {
  const [cli, runsText] = process.argv.slice(2);
  if (!cli) throw new Error('usage: doppler-series.ts <cli.mjs> <runs>');
  const runs = Number(runsText ?? 7);
  const seeded = new Map(DOPPLER_SIZES.map((size) => [size, fakeValues(size)]));
  const sim = await startDopplerSimulator({
    seed: {
      workplace: { name: 'Fake Bench Inc' },
      projects: [{
        slug: PROJECT,
        environments: DOPPLER_SIZES.map((size) => ({ id: configFor(size), name: `${size} keys` })),
        secrets: Object.fromEntries(DOPPLER_SIZES.map((size) => [configFor(size), seeded.get(size)!])),
      }],
      tokens: [{ kind: 'personal', key: TOKEN, name: 'bench@example.invalid', access: 'all' }],
    },
    // The bench's own request volume must never meet the simulator's rate limit (real plans: 240–480/min).
    rateLimit: { limit: 1_000_000 },
  });
  const work = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-doppler-'));
  try {
    const home = path.join(work, 'latchkey-home');
    const dopplerHome = path.join(work, 'doppler-home');
    await mkdir(dopplerHome, { mode: 0o700 });
    const latchkeyEnv = { ...process.env, LATCHKEY_HOME: home };
    // Only what the Doppler CLI needs: no real DOPPLER_* or ~/.doppler leaks in.
    const dopplerEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dopplerHome, DOPPLER_TOKEN: TOKEN };
    const dopplerBin = toolPath('doppler');
    const dopplerGlobal = ['--api-host', sim.url, '--config-dir', path.join(dopplerHome, '.doppler'), '--no-check-version'];

    // Set-up as a person would do it, outside any timing.
    await timed(process.execPath, [cli, 'backends', 'add', 'doppler', '--name', 'dop', '--url', sim.url], latchkeyEnv);
    await timed(process.execPath, [cli, 'login', 'dop', '--token-stdin'], latchkeyEnv, { stdin: `${TOKEN}\n` });
    // In-process services on the same home only to revoke each export after it was timed.
    const services = await createServices({ dataDir: home });

    const outFor = (tool: Tool, size: number) => path.join(work, `${tool}-${size}.env`);
    const once: Record<Tool, (size: number) => Promise<number>> = {
      latchkey: async (size) => {
        const { ms, stdout } = await timed(process.execPath,
          [cli, 'export', `dop:${PROJECT}/${configFor(size)}`, '--out', outFor('latchkey', size), '--format', 'dotenv', '--ttl', '15m', '--json'], latchkeyEnv);
        const created = JSON.parse(stdout) as { id: string; keys: string[] };
        if (created.keys.length < size) throw new Error(`latchkey export wrote ${created.keys.length} keys, expected at least ${size}`);
        return ms;
      },
      doppler: async (size) => (await timed(dopplerBin,
        ['secrets', 'download', '--no-file', '--format', 'env', '--project', PROJECT, '--config', configFor(size), ...dopplerGlobal],
        dopplerEnv, { stdoutFile: outFor('doppler', size) })).ms,
      'doppler-nofallback': async (size) => (await timed(dopplerBin,
        ['secrets', 'download', '--no-file', '--no-fallback', '--format', 'env', '--project', PROJECT, '--config', configFor(size), ...dopplerGlobal],
        dopplerEnv, { stdoutFile: outFor('doppler-nofallback', size) })).ms,
    };
    /** Latchkey's export is revoked (file + ledger entry) after timing, so each run starts from the same state. */
    const cleanUp = async (tool: Tool, size: number) => {
      if (tool !== 'latchkey') return rm(outFor(tool, size), { force: true });
      for (const e of await services.exports.list()) await services.exports.revoke(e.id);
    };

    const rows: DopplerRow[] = [];
    for (const size of DOPPLER_SIZES) {
      const times: Record<Tool, number[]> = { latchkey: [], doppler: [], 'doppler-nofallback': [] };
      const requests = {} as DopplerRow['requests'];
      let check: Pick<DopplerRow, 'sameValues' | 'extraKeys'> | null = null;
      for (let i = -1; i < runs; i++) {
        for (const tool of TOOLS) {
          const before = sim.requests.length;
          const ms = await once[tool](size);
          if (i >= 0) times[tool].push(ms);
          requests[tool] = countRequests(sim, before);
          // Compare the files once per size (after the warm-up), before they are removed.
          if (i === 0 && tool === TOOLS[TOOLS.length - 1]) check = await compare(size, seeded.get(size)!, outFor);
        }
        for (const tool of TOOLS) await cleanUp(tool, size);
      }
      rows.push({ keys: size, ms: { latchkey: median(times.latchkey), doppler: median(times.doppler), 'doppler-nofallback': median(times['doppler-nofallback']) }, requests, sameValues: check!.sameValues, extraKeys: check!.extraKeys });
    }

    const floor = async (cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
      const ms: number[] = [];
      for (let i = -1; i < runs; i++) {
        const t = (await timed(cmd, args, env)).ms;
        if (i >= 0) ms.push(t);
      }
      return median(ms);
    };
    const version = (await timed(dopplerBin, ['--version'], dopplerEnv)).stdout.trim();
    const result: DopplerResult = {
      doppler: version,
      nodeFloorMs: await floor(process.execPath, ['-e', '0'], latchkeyEnv),
      latchkeyStartMs: await floor(process.execPath, [cli, '--version'], latchkeyEnv),
      dopplerFloorMs: await floor(dopplerBin, ['--version'], dopplerEnv),
      rows,
    };
    await services.close();
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Parses the Latchkey file and the Doppler CLI file; same values for every seeded key? (Reports key names only.) */
async function compare(size: number, seeded: Record<string, string>, outFor: (tool: Tool, size: number) => string): Promise<Pick<DopplerRow, 'sameValues' | 'extraKeys'>> {
  const latchkey = parseDotenv(await readFile(outFor('latchkey', size), 'utf8'));
  const doppler = parseDotenv(await readFile(outFor('doppler', size), 'utf8'));
  const nofallback = parseDotenv(await readFile(outFor('doppler-nofallback', size), 'utf8'));
  const sameValues = Object.entries(seeded).every(([k, v]) => latchkey[k] === v && doppler[k] === v && nofallback[k] === v);
  return {
    sameValues,
    extraKeys: {
      latchkey: Object.keys(latchkey).filter((k) => !(k in doppler)),
      doppler: Object.keys(doppler).filter((k) => !(k in latchkey)),
    },
  };
}

// Only as the entry point: bench/doppler.ts imports this file for its types and constants.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
