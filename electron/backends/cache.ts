import { isAppError } from '../../shared/errors';
import type { EnvLocator, SecretBundle, SecretMeta, SecretsBackend } from './types';

export const DEFAULT_CACHE_TTL_MS = 15 * 60 * 1000;
export const MAX_CACHE_TTL_MS = 60 * 60 * 1000;

export interface CacheOptions {
  /** Default 15 min; clamped to at most 60 min (values should not linger in memory). */
  ttlMs?: number;
  now?: () => number;
}

/** A backend whose read/describe answers come from memory within the TTL. */
export interface CachedBackend extends SecretsBackend {
  /** Forget one environment (after an export revoke, say) or everything. */
  invalidate(ref?: string): void;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** An adapter may offer this: forget its in-memory token so the keychain is read again. */
interface Reloadable {
  reloadCredentials?: () => void;
}

const keyOf = (env: EnvLocator) => `${env.ref}\u0000${env.path}`;

/**
 * Wraps a backend with a per-environment cache of values in main-process memory. On UNAUTHENTICATED or
 * FORBIDDEN the entry is dropped, the adapter re-reads its token (another process may have signed in
 * again) and the call is retried once.
 */
export function withCache(backend: SecretsBackend & Reloadable, options: CacheOptions = {}): CachedBackend {
  const ttlMs = Math.min(Math.max(options.ttlMs ?? DEFAULT_CACHE_TTL_MS, 0), MAX_CACHE_TTL_MS);
  const now = options.now ?? Date.now;
  const bundles = new Map<string, Entry<SecretBundle>>();
  const metas = new Map<string, Entry<SecretMeta[]>>();

  function fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt > now()) return entry.value;
    map.delete(key);
    return undefined;
  }

  async function retryOnAuth<T>(key: string, load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'UNAUTHENTICATED' && error.code !== 'FORBIDDEN')) throw error;
      bundles.delete(key);
      metas.delete(key);
      backend.reloadCredentials?.();
      return load();
    }
  }

  function expiryFor(bundle: SecretBundle): number {
    // Dynamic credentials must not outlive their lease in the cache.
    const shortest = Math.min(...bundle.leases.map((lease) => lease.durationSeconds * 1000));
    return now() + Math.min(ttlMs, Number.isFinite(shortest) ? shortest / 2 : ttlMs);
  }

  const cached: CachedBackend = Object.create(backend) as CachedBackend;
  return Object.assign(cached, {
    name: backend.name,
    kind: backend.kind,
    config: backend.config,
    login: (c: Parameters<SecretsBackend['login']>[0]) => (cached.invalidate(), backend.login(c)),
    logout: () => (cached.invalidate(), backend.logout()),
    health: () => backend.health(),
    discover: () => backend.discover(),
    access: (envs: EnvLocator[]) => backend.access(envs),
    revokeLease: (id: string) => backend.revokeLease(id),
    renewLease: (id: string, increment: number) => backend.renewLease(id, increment),
    invalidate(ref?: string) {
      if (ref === undefined) {
        bundles.clear();
        metas.clear();
        return;
      }
      for (const map of [bundles, metas]) for (const key of map.keys()) if (key.startsWith(`${ref}\u0000`)) map.delete(key);
    },
    async read(env: EnvLocator): Promise<SecretBundle> {
      const key = keyOf(env);
      const hit = fresh(bundles, key);
      if (hit) return hit;
      const bundle = await retryOnAuth(key, () => backend.read(env));
      if (ttlMs > 0) bundles.set(key, { value: bundle, expiresAt: expiryFor(bundle) });
      return bundle;
    },
    async describe(env: EnvLocator): Promise<SecretMeta[]> {
      const key = keyOf(env);
      const hit = fresh(metas, key) ?? fresh(bundles, key)?.meta;
      if (hit) return hit;
      const meta = await retryOnAuth(key, () => backend.describe(env));
      if (ttlMs > 0) metas.set(key, { value: meta, expiresAt: now() + ttlMs });
      return meta;
    },
  });
}
