// The CLI half of the envs bench, inside a private keyring session: per size, a Doppler simulator seeded
// with that many configs, a LATCHKEY_HOME with the profile imported and the token signed in, then timed
// `latchkey envs` processes. Prints one JSON line ({rows}) on stdout; removes everything it made.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../electron/services';
import { fakeToken, startDopplerSimulator, type DopplerSeed } from '../test/fakes/doppler';
import { ENVS_PER_PROJECT, ENVS_SIZES, type EnvsRow } from './envs';
import { median } from './stats';

/** A personal token that may read the even-numbered projects: the listing has granted and denied rows. */
const TOKEN = fakeToken('dp.pt.', 'benchenvs');

/** GNU time, when the machine has it: the CPU a run used, which a busy machine does not inflate like wall time. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function timedRun(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const [command, argv] = GNU_TIME ? [GNU_TIME, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void out.push(c));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      const cpu = /(?:^|\n)cpu ([\d.]+) ([\d.]+)\n?$/.exec(stderr);
      const rest = cpu ? stderr.slice(0, cpu.index) : stderr;
      if (code !== 0 || rest.trim() !== '') reject(new Error(`latchkey ${args.slice(1).join(' ')} exited ${code}: ${rest.slice(0, 500)}`));
      else resolve({ ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null, stdout: Buffer.concat(out).toString() });
    });
  });
}

/** `size` configs: `size / 500` projects, each with the root `dev` config and 499 branch configs. */
function seedOf(size: number): { seed: DopplerSeed; refs: string[] } {
  const projects = Array.from({ length: size / ENVS_PER_PROJECT }, (_, p) => ({
    slug: `p${p}`,
    environments: [{ id: 'dev', name: 'Development' }],
    branchConfigs: Array.from({ length: ENVS_PER_PROJECT - 1 }, (_, i) => `dev_${i}`),
  }));
  const access = Object.fromEntries(projects.filter((_, p) => p % 2 === 0).map((p) => [p.slug, '*' as const]));
  const refs = projects.flatMap((p) => ['dev', ...p.branchConfigs].map((config) => `bench:${p.slug}/${config}`));
  return { seed: { projects, tokens: [{ kind: 'personal', key: TOKEN, name: 'bench', access }] }, refs };
}

async function main() {
  const [cli, runsText] = process.argv.slice(2);
  if (!cli) throw new Error('usage: envs-series.ts <cli.mjs> <runs>');
  const runs = Number(runsText ?? 5);
  const rows: EnvsRow[] = [];
  for (const size of ENVS_SIZES) {
    const { seed, refs } = seedOf(size);
    const sim = await startDopplerSimulator({ seed, rateLimit: { limit: 1e9 } });
    const home = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-envs-'));
    try {
      // Prepared as a person would: the profile imported and the token signed in, through the services.
      // Every third environment names approvers; the profile leaves out 100 configs of the readable project p0,
      // which the listing discovers.
      const environments = refs.filter((_, i) => i < 100 || i >= 200).map((ref, i) => ({ ref, ...(i % 3 === 0 ? { approvers: ['lead@bench.test'] } : {}) }));
      const services = await createServices({ dataDir: home });
      await services.setup.importProfile({ profile: { version: 1, team: 'bench', backends: [{ name: 'bench', kind: 'doppler', url: sim.url }], environments } });
      await services.setup.signIn('bench', { method: 'token', token: TOKEN });
      await services.close();
      const env = { ...process.env, LATCHKEY_HOME: home };
      const text: number[] = [];
      const json: number[] = [];
      const cpu: number[] = [];
      let printed: string[] = [];
      let requests = 0;
      for (let i = -1; i < runs; i++) {
        const before = sim.requests.length;
        const plain = await timedRun([cli, 'envs'], env);
        requests = sim.requests.length - before;
        const asJson = await timedRun([cli, 'envs', '--json'], env);
        // The rows, then (after a blank line) a hint on how to ask for one: only the rows count.
        printed = plain.stdout.split('\n\n')[0]!.split('\n').filter(Boolean);
        const listed = (JSON.parse(asJson.stdout) as unknown[]).length;
        if (listed !== printed.length || printed.length !== size) throw new Error(`envs printed ${printed.length} rows and --json ${listed}, expected ${size}`);
        if (i >= 0) {
          text.push(plain.ms);
          json.push(asJson.ms);
          if (plain.cpuMs !== null) cpu.push(plain.cpuMs);
        }
      }
      const granted = printed.filter((line) => /\sgranted\s/.test(line)).length;
      rows.push({ environments: size, rows: printed.length, granted, requests, cliMs: median(text), jsonMs: median(json), cpuMs: cpu.length > 0 ? median(cpu) : null });
      process.stderr.write(`envs: ${size}: ${text.map((ms) => ms.toFixed(0)).join(', ')} ms; --json ${json.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
    } finally {
      await sim.close();
      await rm(home, { recursive: true, force: true });
    }
  }
  process.stdout.write(JSON.stringify({ rows }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
