import { describe, expect, it } from 'vitest';
import { CAPABILITIES_BATCH, accessFor, dataPath } from '../../../electron/backends/vault/capabilities';
import type { VaultCall, VaultClient } from '../../../electron/backends/vault/client';
import type { EnvLocator } from '../../../electron/backends/types';

const env = (i: number): EnvLocator => ({ ref: `team:p${i}/e`, project: `p${i}`, env: 'e', path: `p${i}/e` });

/**
 * A fake client that answers capabilities-self like OpenBao: each path under `data` and at the top level,
 * refusing (like OpenBao's JSON limit) a body of more than 1,000 strings. `grant` decides per path.
 */
function fakeClient(grant: (path: string) => string[], options: { topLevelOnly?: boolean } = {}) {
  const calls: string[][] = [];
  const client: VaultClient = {
    backend: 'vault-fake',
    url: 'http://127.0.0.1:1',
    async call<T>(req: VaultCall) {
      expect(req).toMatchObject({ method: 'POST', path: 'sys/capabilities-self' });
      const paths = (req.body as { paths: string[] }).paths;
      if (paths.length >= 1000) throw new Error('refused JSON input due to high complexity');
      calls.push(paths);
      const answer = Object.fromEntries(paths.map((p) => [p, grant(p)]));
      const body = options.topLevelOnly ? answer : { ...answer, data: answer };
      return { status: 200, headers: new Headers(), body: body as T, retryAfterMs: null, attempts: 1 };
    },
  };
  return { client, calls };
}

describe('vault accessFor (capabilities-self in batches)', () => {
  it('asks 1,000 paths in 2 requests, each under the limit, and maps every answer to its environment', async () => {
    const envs = Array.from({ length: 1000 }, (_, i) => env(i));
    // Granted: every third environment, and one whose answer sits in the second batch only.
    const granted = (i: number) => i % 3 === 0 || i === 950;
    const { client, calls } = fakeClient((p) => (granted(Number(/^kv\/data\/p(\d+)\/e$/.exec(p)![1])) ? ['read', 'list'] : ['deny']));
    const access = await accessFor(client, 'kv', envs);

    expect(calls.map((c) => c.length)).toEqual([CAPABILITIES_BATCH, 1000 - CAPABILITIES_BATCH]);
    expect(new Set(calls.flat()).size).toBe(1000);
    expect(access.size).toBe(1000);
    for (const [i, e] of envs.entries()) expect(access.get(e.ref), e.ref).toBe(granted(i) ? 'granted' : 'denied');
  });

  it('uses one request up to the batch size, and three past twice the batch size', async () => {
    const small = fakeClient(() => ['read']);
    await accessFor(small.client, 'kv', Array.from({ length: CAPABILITIES_BATCH }, (_, i) => env(i)));
    expect(small.calls).toHaveLength(1);

    const large = fakeClient((p) => (p.endsWith('p1800/e') ? ['root'] : []), { topLevelOnly: true });
    const envs = Array.from({ length: 2 * CAPABILITIES_BATCH + 1 }, (_, i) => env(i));
    const access = await accessFor(large.client, 'kv', envs);
    expect(large.calls.map((c) => c.length)).toEqual([CAPABILITIES_BATCH, CAPABILITIES_BATCH, 1]);
    // The last path is alone in the third answer (top-level form); root counts as read.
    expect(access.get(env(1800).ref)).toBe('granted');
    expect([...access.values()].filter((a) => a === 'granted')).toHaveLength(1);
  });

  it('asks once per distinct path and makes no request for no environments', async () => {
    const { client, calls } = fakeClient(() => ['read']);
    expect((await accessFor(client, 'kv', [])).size).toBe(0);
    expect(calls).toHaveLength(0);
    const twins = [env(1), { ...env(1), ref: 'team:alias' }];
    const access = await accessFor(client, '/kv/', twins);
    expect(calls).toEqual([[dataPath('kv', env(1))]]);
    expect([...access.entries()]).toEqual([[env(1).ref, 'granted'], ['team:alias', 'granted']]);
  });
});
