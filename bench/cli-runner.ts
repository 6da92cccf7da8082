import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot } from '../test/setup/tools';
import type { CliResult } from './export-cli';
import type { ExportWorld } from './export-world';

/**
 * Bundles the CLI from the current sources exactly as scripts/build-main.mjs does, into bench/.build (so a
 * stale dist-electron is never measured and dist-electron is left alone).
 */
export async function buildCli(): Promise<string> {
  const outfile = path.join(repoRoot, 'bench', '.build', 'cli.mjs');
  // The same options as scripts/build-main.mjs (which zod/commander get bundled, minify, banner).
  const { cliBuildOptions } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'build-main.mjs')).href)) as { cliBuildOptions: (outfile: string) => Parameters<typeof build>[0] };
  await build(cliBuildOptions(outfile));
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
