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

/**
 * Runs one bench series script (`bench/<script>`) with tsx inside a private keyring session, so the CLI
 * processes it starts read their token from a real keychain. The series prints one JSON line last; that
 * is the result. The child gets its own process group so a time-out kills the whole tree
 * (dbus-run-session → bash → node → CLIs), not just its head.
 */
export function runInKeyringSession<T>(script: string, args: string[], options: { stdin?: string; timeoutMs: number; label: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'dbus-run-session',
      ['--', 'bash', path.join(repoRoot, 'test/setup/keyring-session.sh'), process.execPath, '--import', 'tsx', path.join(repoRoot, 'bench', script), ...args],
      { cwd: repoRoot, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as T);
      else reject(new Error(`${options.label} failed (exit ${code ?? signal}): ${stderr.slice(-800)}`));
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}

/** Runs bench/export-cli.ts once inside a private keyring session; the world (with the token) goes on stdin. */
export function runCliSeries(world: ExportWorld, cli: string, runs: number): Promise<CliResult> {
  return runInKeyringSession<CliResult>('export-cli.ts', [cli, String(runs)], {
    stdin: JSON.stringify(world),
    timeoutMs: 180_000,
    label: 'the CLI export series',
  });
}
