// The CLI half of the export bench. Runs as a child inside a private keyring session
// (dbus-run-session + test/setup/keyring-session.sh) so the CLI processes read the token from a real
// keychain. Reads the world (JSON, holds the bench token) on stdin; prints one JSON result on stdout.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../electron/services';
import { EXPORT_SIZES, refFor, type ExportWorld } from './export-world';
import { median } from './stats';
import { timedProcess } from './timed-process';

export interface CliResult {
  processFloorMs: number;
  /** `latchkey --version`: loading the bundle and its modules, no services, no keychain, no HTTP. */
  cliStartMs: number;
  rows: Array<{ keys: number; cliMs: number }>;
}

const timedRun = (args: string[], env: NodeJS.ProcessEnv) => timedProcess(process.execPath, args, env);

async function main() {
  const [cli, runsText] = process.argv.slice(2);
  if (!cli) throw new Error('usage: export-cli.ts <cli.mjs> <runs>');
  const runs = Number(runsText ?? 7);
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const world = JSON.parse(input) as ExportWorld;

  const home = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-cli-'));
  // Exports go beside the data dir, never into it: Latchkey refuses to write inside its own data dir.
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-cli-out-'));
  try {
    // Prepare LATCHKEY_HOME as a person would have it: backend + profile, token in the (session) keychain.
    const services = await createServices({ dataDir: home });
    for (const backend of world.profile.backends) await services.backends.upsert(backend);
    await services.profiles.save(world.profile);
    await (await services.registry.get('bench')).login({ method: 'token', token: world.token });
    const env = { ...process.env, LATCHKEY_HOME: home };

    const floor: number[] = [];
    for (let i = -1; i < runs; i++) {
      const { ms } = await timedRun(['-e', '0'], env);
      if (i >= 0) floor.push(ms);
    }
    const start: number[] = [];
    for (let i = -1; i < runs; i++) {
      const { ms } = await timedRun([cli, '--version'], env);
      if (i >= 0) start.push(ms);
    }
    const rows: CliResult['rows'] = [];
    for (const size of EXPORT_SIZES) {
      const times: number[] = [];
      for (let i = -1; i < runs; i++) {
        const out = path.join(outDir, `cli-${size}.env`);
        const { ms, stdout } = await timedRun([cli, 'export', refFor(size), '--out', out, '--ttl', '15m', '--json'], env);
        const created = JSON.parse(stdout) as { id: string; keys: string[] };
        if (created.keys.length !== size) throw new Error(`CLI export wrote ${created.keys.length} keys, expected ${size}`);
        await services.exports.revoke(created.id); // outside the timing: removes the file and the ledger entry
        if (i >= 0) times.push(ms);
      }
      rows.push({ keys: size, cliMs: median(times) });
    }
    // LATCHKEY_BENCH_CPU_PROF=<dir>: one more, profiled CLI export of the largest secret, for `bench/cpuprofile-summary.ts`.
    const profDir = process.env.LATCHKEY_BENCH_CPU_PROF;
    if (profDir) {
      const size = EXPORT_SIZES[EXPORT_SIZES.length - 1]!;
      const out = path.join(outDir, 'cli-prof.env');
      const { stdout } = await timedRun(['--cpu-prof', '--cpu-prof-dir', profDir, cli, 'export', refFor(size), '--out', out, '--ttl', '15m', '--json'], env);
      await services.exports.revoke((JSON.parse(stdout) as { id: string }).id);
    }
    await services.close();
    const result: CliResult = { processFloorMs: median(floor), cliStartMs: median(start), rows };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await rm(home, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
