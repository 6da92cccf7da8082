import { randomBytes } from 'node:crypto';
import { freePortPair } from './ports';
import { startServerProcess } from './server-process';
import { toolPath } from './tools';

export interface OpenBaoServer {
  /** e.g. http://127.0.0.1:41234 */
  address: string;
  /** Root token of this throwaway dev server. Never log it. */
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts a real OpenBao dev server (in memory, unsealed, kv-v2 mounted at `secret/`) on a free loopback
 * port and waits until /v1/sys/health answers 200. Each call is an independent server.
 */
export async function startOpenBao(): Promise<OpenBaoServer> {
  const bao = toolPath('bao');
  const port = await freePortPair();
  const token = `test-root-${randomBytes(12).toString('hex')}`;
  const address = `http://127.0.0.1:${port}`;
  return startServerProcess({
    name: 'OpenBao dev server',
    bin: bao,
    args: ['server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, '-dev-no-store-token'],
    // The token goes through the environment, not argv, so `ps` does not show it. The private HOME keeps the
    // dev server's token helper away from the real ~/.vault-token.
    env: { BAO_DEV_ROOT_TOKEN_ID: token, BAO_LOG_LEVEL: 'warn' },
    ready: async (stop) => {
      const res = await fetch(`${address}/v1/sys/health`, { signal: AbortSignal.timeout(1_000) });
      return res.status === 200 ? { address, token, stop } : null;
    },
    scrub: (output) => output.split(token).join('<redacted>'),
  });
}
