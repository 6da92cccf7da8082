import type { AccessLevel } from '../../../shared/backends';
import type { EnvLocator } from '../types';
import type { VaultClient } from './client';

/** The policy path whose `read` capability decides whether an environment's values can be read. */
export const dataPath = (mount: string, env: EnvLocator) => `${trimSlashes(mount)}/data/${trimSlashes(env.path)}`;

/** Paths per capabilities-self request: under OpenBao's default limit of 1,000 strings per JSON body. */
export const CAPABILITIES_BATCH = 900;

// Policies match raw paths, so these are not URL-encoded (they travel in the JSON body).
const trimSlashes = (p: string) => p.replace(/^\/+|\/+$/g, '');

/**
 * Access for many environments in ONE `sys/capabilities-self` request (one per 900 paths). `granted` when
 * the token may read (or is root); otherwise `denied` — the catalog upgrades denied to requestable using
 * the team profile.
 */
export async function accessFor(client: VaultClient, mount: string, envs: EnvLocator[]): Promise<Map<string, AccessLevel>> {
  const result = new Map<string, AccessLevel>();
  if (envs.length === 0) return result;
  const paths = [...new Set(envs.map((env) => dataPath(mount, env)))];
  // OpenBao (2.4+) refuses a JSON body of more than 1,000 strings (a listener limit), so
  // 999+ paths in one call fail with "high complexity": ask in batches, one request per batch.
  const position = new Map(paths.map((p, i) => [p, i]));
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += CAPABILITIES_BATCH) batches.push(paths.slice(i, i + CAPABILITIES_BATCH));
  const answers = await Promise.all(
    batches.map(async (batch) => {
      const res = await client.call<Record<string, unknown> & { data?: Record<string, unknown> }>({
        method: 'POST',
        path: 'sys/capabilities-self',
        body: { paths: batch },
        // Asking is side-effect free, so a dropped connection may be retried.
        idempotent: true,
      });
      return res.body ?? {};
    }),
  );
  for (const env of envs) {
    const path = dataPath(mount, env);
    // The answer carries each path under `data` and (sys injection) at the top level; prefer `data`.
    const body = answers[Math.floor((position.get(path) ?? 0) / CAPABILITIES_BATCH)] ?? {};
    const caps = body.data?.[path] ?? body[path];
    const list = Array.isArray(caps) ? caps : [];
    result.set(env.ref, list.includes('read') || list.includes('root') ? 'granted' : 'denied');
  }
  return result;
}
