import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../test/setup/tools';
import type { CliResult } from './export-cli';
import type { ExportWorld } from './export-world';

/**
 * Bundles the CLI from the current sources exactly as scripts/build-main.mjs does, into bench/.build (so a
 * stale dist-electron is never measured and dist-electron is left alone); node_modules stay external.
 */
export async function buildCli(): Promise<string> {
  const outfile = path.join(repoRoot, 'bench', '.build', 'cli.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'electron/cli/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    banner: { js: "import { createRequire as __lkRequire } from 'node:module'; const require = __lkRequire(import.meta.url);" },
  });
  return outfile;
}

/** Runs bench/export-cli.ts once inside a private keyring session; the world (with the token) goes on stdin. */
export function runCliSeries(world: ExportWorld, cli: string, runs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'dbus-run-session',
      ['--', 'bash', path.join(repoRoot, 'test/setup/keyring-session.sh'), process.execPath, '--import', 'tsx', path.join(repoRoot, 'bench/export-cli.ts'), cli, String(runs)],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as CliResult);
      else reject(new Error(`the CLI export series failed (exit ${code}): ${stderr.slice(-800)}`));
    });
    child.stdin.end(JSON.stringify(world));
  });
}
