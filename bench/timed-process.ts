import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const TIMEOUT_MS = 30_000;

/**
 * Spawns one process and times it from spawn to exit; stdout goes to `stdoutFile` when given (a `>` without a
 * shell), `stdin` is written and closed when given. A non-zero exit rejects with the head of its stderr.
 */
export async function timedProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { stdin?: string; stdoutFile?: string } = {}): Promise<{ ms: number; stdout: string }> {
  const file = opts.stdoutFile ? await open(opts.stdoutFile, 'w', 0o600) : null;
  try {
    return await new Promise((resolve, reject) => {
      const start = performance.now();
      const child = spawn(cmd, args, { env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', file ? file.fd : 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (c: Buffer) => void (stdout += c.toString()));
      child.stderr?.on('data', (c: Buffer) => void (stderr += c.toString()));
      if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        const ms = performance.now() - start;
        if (code !== 0) reject(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
        else resolve({ ms, stdout });
      });
    });
  } finally {
    await file?.close();
  }
}
