import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortPair } from './ports';
import { toolPath } from './tools';

export interface OpenBaoServer {
  /** e.g. http://127.0.0.1:41234 */
  address: string;
  /** Root token of this throwaway dev server. Never log it. */
  token: string;
  stop(): Promise<void>;
}

const startTimeoutMs = 20_000;

/**
 * Starts a real OpenBao dev server (in memory, unsealed, kv-v2 mounted at `secret/`) on a free loopback
 * port and waits until /v1/sys/health answers 200. Each call is an independent server.
 */
export async function startOpenBao(): Promise<OpenBaoServer> {
  const bao = toolPath('bao');
  const port = await freePortPair();
  const token = `test-root-${randomBytes(12).toString('hex')}`;
  // A private HOME so the dev server's token helper never touches the real ~/.vault-token.
  const home = mkdtempSync(join(tmpdir(), 'latchkey-bao-'));
  const child = spawn(bao, ['server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, '-dev-no-store-token'], {
    // The token goes through the environment, not argv, so `ps` does not show it.
    env: { ...process.env, HOME: home, BAO_DEV_ROOT_TOKEN_ID: token, BAO_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail of the output for a start-up failure report; pipes must be drained or bao blocks.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
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

  const address = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${address}/v1/sys/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return { address, token, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  const why = exited ? 'exited during start-up' : `did not become healthy within ${startTimeoutMs} ms`;
  throw new Error(`OpenBao dev server (${bao}) ${why}. Its output:\n${tail.split(token).join('<redacted>')}`);
}
