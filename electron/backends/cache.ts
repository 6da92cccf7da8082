import { AppError, isAppError } from '../../shared/errors';
import { Duration, durationSeconds } from '../../shared/profile';
import type { EnvLocator, Freshness, SecretBundle, SecretMeta, SecretsBackend } from './types';

const DEFAULT_CACHE_TTL_MS = 15 * 60 * 1000;
/** The ceiling: values should not linger in memory longer than this, whatever the setting says. */
const MAX_CACHE_TTL_MS = 60 * 60 * 1000;
/** The setting: `90s`, `15m`, `1h` (more is lowered to the ceiling); `0` keeps no value in memory. */
export const CACHE_TTL_VARIABLE = 'LATCHKEY_CACHE_TTL';

export interface CacheOptions {
  /** Default 15 min; clamped to 0…60 min. */
  ttlMs?: number;
  now?: () => number;
}

/** A backend whose read/describe answers come from memory within the TTL. */
export interface CachedBackend extends SecretsBackend {
  /** Forget one environment (after an export revoke, say) or everything of this backend. */
  invalidate(ref?: string): void;
  freshness(env: EnvLocator): Freshness | null;
}

interface Entry<T> {
  value: T;
  readAt: number;
  expiresAt: number;
}

/** An adapter may offer this: forget its in-memory token so the keychain is read again. */
interface Reloadable {
  reloadCredentials?: () => void;
}

const keyOf = (env: EnvLocator) => `${env.ref}\u0000${env.path}`;

/** One backend's cached answers. Holds values in this process's memory only; never written anywhere. */
class Partition {
  readonly bundles = new Map<string, Entry<SecretBundle>>();
  readonly metas = new Map<string, Entry<SecretMeta[]>>();
  /** How the last answer per environment was served (times only, no values). */
  readonly served = new Map<string, Freshness>();

  /** Drops every entry (or one environment's); returns how many environments held something. */
  drop(ref?: string): number {
    const matches = (key: string) => ref === undefined || key.startsWith(`${ref}\u0000`);
    const held = new Set([...this.bundles.keys(), ...this.metas.keys()].filter(matches));
    for (const map of [this.bundles, this.metas, this.served]) for (const key of [...map.keys()]) if (matches(key)) map.delete(key);
    return held.size;
  }
}

/**
 * Secret values in main-process memory, per backend, for the TTL (default 15 min, at most 60). The
 * composition root makes one per process and the backend factory wraps every adapter with it, so the app,
 * the CLI and exports read through it; `clear()` empties it (`cache:clear`, sign-out, shutdown).
 */
export class ValueCache {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly partitions = new Map<string, Partition>();

  constructor(options: CacheOptions = {}) {
    this.ttlMs = Math.min(Math.max(options.ttlMs ?? DEFAULT_CACHE_TTL_MS, 0), MAX_CACHE_TTL_MS);
    this.now = options.now ?? Date.now;
  }

  /** Wraps a newly built adapter. A new adapter means a new config (say, another URL): it starts empty. */
  wrap(backend: SecretsBackend & Reloadable): CachedBackend {
    const partition = new Partition();
    this.partitions.set(backend.name, partition);
    return cachedBackend(backend, partition, this.ttlMs, this.now);
  }

  /** Forgets every value (or one backend's); returns how many environments were dropped. */
  clear(backend?: string): number {
    let dropped = 0;
    for (const [name, partition] of this.partitions) if (backend === undefined || name === backend) dropped += partition.drop();
    return dropped;
  }
}

/** The TTL from the environment ({@link CACHE_TTL_VARIABLE}), clamped to the 60-minute ceiling. */
export function cacheTtlFrom(env: NodeJS.ProcessEnv): number {
  const text = env[CACHE_TTL_VARIABLE]?.trim();
  if (!text) return DEFAULT_CACHE_TTL_MS;
  if (text === '0') return 0;
  if (!Duration.safeParse(text).success) {
    throw new AppError('BAD_REQUEST', `${CACHE_TTL_VARIABLE} "${text}" is not a duration.`, 'Write it like 90s, 15m or 1h (at most 60 minutes), or 0 to keep no value in memory.');
  }
  return Math.min(durationSeconds(text) * 1000, MAX_CACHE_TTL_MS);
}

/**
 * On UNAUTHENTICATED or FORBIDDEN the entry is dropped, the adapter re-reads its token (another process
 * may have signed in again) and the call is retried once. Bundles with leases (dynamic credentials) are
 * never kept: each export or run owns, renews and revokes its own, so sharing one would end it for both.
 */
function cachedBackend(backend: SecretsBackend & Reloadable, entries: Partition, ttlMs: number, now: () => number): CachedBackend {
  function fresh<T>(map: Map<string, Entry<T>>, key: string): Entry<T> | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt > now()) return entry;
    map.delete(key);
    return undefined;
  }

  function served<T>(key: string, entry: Entry<T>, fromCache: boolean, kept: boolean): T {
    const iso = (ms: number) => new Date(ms).toISOString();
    entries.served.set(key, { readAt: iso(entry.readAt), cachedUntil: kept ? iso(entry.expiresAt) : null, fromCache });
    return entry.value;
  }

  async function retryOnAuth<T>(key: string, load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'UNAUTHENTICATED' && error.code !== 'FORBIDDEN')) throw error;
      entries.bundles.delete(key);
      entries.metas.delete(key);
      backend.reloadCredentials?.();
      return load();
    }
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
      entries.drop(ref);
    },
    freshness: (env: EnvLocator) => entries.served.get(keyOf(env)) ?? null,
    async read(env: EnvLocator): Promise<SecretBundle> {
      // Dynamic variables mint credentials on every read, and a bundle without them must not answer for one with them.
      if ((env.dynamic?.length ?? 0) > 0) return backend.read(env);
      const key = keyOf(env);
      const hit = fresh(entries.bundles, key);
      if (hit) return copy(served(key, hit, true, true));
      const readAt = now();
      const bundle = await retryOnAuth(key, () => backend.read(env));
      const entry = { value: bundle, readAt, expiresAt: readAt + ttlMs };
      const kept = ttlMs > 0 && bundle.leases.length === 0;
      if (kept) entries.bundles.set(key, { ...entry, value: copy(bundle) });
      served(key, entry, false, kept);
      return bundle;
    },
    async describe(env: EnvLocator): Promise<SecretMeta[]> {
      const key = keyOf(env);
      const hit = fresh(entries.metas, key) ?? toMeta(fresh(entries.bundles, key));
      if (hit) return served(key, hit, true, true);
      const readAt = now();
      const meta = await retryOnAuth(key, () => backend.describe(env));
      const entry = { value: meta, readAt, expiresAt: readAt + ttlMs };
      if (ttlMs > 0) entries.metas.set(key, entry);
      return served(key, entry, false, ttlMs > 0);
    },
  });
}

const toMeta = (entry: Entry<SecretBundle> | undefined): Entry<SecretMeta[]> | undefined => entry && { ...entry, value: entry.value.meta };

/** Callers get their own copy: an export that trims its values must not trim the cached ones. */
const copy = (bundle: SecretBundle): SecretBundle => ({
  values: { ...bundle.values },
  meta: bundle.meta.map((m) => ({ ...m })),
  leases: bundle.leases.map((l) => ({ ...l })),
});
