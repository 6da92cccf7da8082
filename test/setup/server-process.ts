import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const startTimeoutMs = 20_000;

export interface ServerProcess {
  /** SIGTERM, then SIGKILL after 5 s; removes the private HOME. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Runs a real server binary for tests with a private HOME (so it never touches the user's dotfiles), kills it
 * if the test process exits first, and polls `ready` until it answers or the server dies. A start-up failure
 * throws with the tail of the server's output, passed through `scrub` first (for tokens in it).
 */
export async function startServerProcess<T>(options: {
  name: string;
  bin: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves to the ready value once the server answers, or null while it does not yet. */
  ready: (stop: () => Promise<void>) => Promise<T | null>;
  scrub?: (output: string) => string;
}): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'latchkey-server-'));
  const child = spawn(options.bin, options.args, {
    env: { ...process.env, ...options.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail of the output for a start-up failure report; pipes must be drained or the server blocks.
  let tail = '';
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(home, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const value = await options.ready(stop);
      if (value !== null) return value;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  const why = exited ? 'exited during start-up' : `did not answer within ${startTimeoutMs} ms`;
  throw new Error(`${options.name} (${options.bin}) ${why}. Its output:\n${(options.scrub ?? ((s) => s))(tail)}`);
}
