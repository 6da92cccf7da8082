import { describe, expect, it } from 'vitest';
import { cacheTtlFrom, ValueCache } from '../../../electron/backends/cache';
import type { SecretBundle, SecretsBackend } from '../../../electron/backends/types';
import { AppError } from '../../../shared/errors';

const env = { ref: 'v:p/dev', project: 'p', env: 'dev', path: 'p/dev' };
const other = { ref: 'v:p/qa', project: 'p', env: 'qa', path: 'p/qa' };

function fakeBackend(bundle: () => SecretBundle, failFirst?: AppError, name = 'v') {
  const calls = { read: 0, describe: 0, reloads: 0 };
  const backend = {
    name, kind: 'vault', config: {} as never,
    async read() {
      calls.read++;
      if (failFirst && calls.read === 1) throw failFirst;
      return bundle();
    },
    async describe() { calls.describe++; return bundle().meta; },
    async login() { return { identity: 'x', policies: [], expiresAt: null, renewable: false }; },
    async logout() {},
    reloadCredentials() { calls.reloads++; },
  } as unknown as SecretsBackend;
  return { backend, calls };
}

const bundle = (leaseSeconds?: number) => (): SecretBundle => ({
  values: { K: 'fake' }, meta: [{ key: 'K', version: 1, createdAt: null, updatedAt: null }],
  leases: leaseSeconds ? [{ id: `l-${Math.random()}`, backend: 'v', durationSeconds: leaseSeconds, renewable: true }] : [],
});

describe('ValueCache', () => {
  it('answers a second read and a describe from memory within the TTL, and says when it was read', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { backend, calls } = fakeBackend(bundle());
    const cached = new ValueCache({ now: () => clock }).wrap(backend);
    await cached.read(env);
    expect(cached.freshness(env)).toEqual({ readAt: '2026-01-01T00:00:00.000Z', cachedUntil: '2026-01-01T00:15:00.000Z', fromCache: false });
    clock += 3 * 60_000;
    await cached.read(env);
    await cached.describe(env);
    expect(calls).toMatchObject({ read: 1, describe: 0 });
    expect(cached.freshness(env)).toEqual({ readAt: '2026-01-01T00:00:00.000Z', cachedUntil: '2026-01-01T00:15:00.000Z', fromCache: true });
    clock += 12 * 60_000;
    await cached.read(env);
    expect(calls.read).toBe(2);
  });

  it('never keeps dynamic credentials: each read mints its own leases', async () => {
    const { backend, calls } = fakeBackend(bundle(3600));
    const cached = new ValueCache().wrap(backend);
    const first = await cached.read(env);
    const second = await cached.read(env);
    expect(calls.read).toBe(2);
    expect(first.leases[0]!.id).not.toBe(second.leases[0]!.id);
    expect(cached.freshness(env)).toMatchObject({ fromCache: false, cachedUntil: null });
    // And a read that asks for dynamic variables never takes the static bundle from memory.
    const plain = fakeBackend(bundle());
    const withDynamic = new ValueCache().wrap(plain.backend);
    await withDynamic.read(env);
    await withDynamic.read({ ...env, dynamic: [{ variable: 'DB', path: 'database/creds/app', template: '{{username}}' }] });
    expect(plain.calls.read).toBe(2);
  });

  it('hands out copies: a caller that changes its values does not change the cached ones', async () => {
    const cached = new ValueCache().wrap(fakeBackend(bundle()).backend);
    (await cached.read(env)).values.K = 'changed';
    expect((await cached.read(env)).values.K).toBe('fake');
  });

  it('clear() drops every value, or one backend\'s, and counts the environments', async () => {
    const cache = new ValueCache();
    const a = fakeBackend(bundle(), undefined, 'a');
    const b = fakeBackend(bundle(), undefined, 'b');
    const ca = cache.wrap(a.backend);
    const cb = cache.wrap(b.backend);
    await ca.read(env);
    await ca.describe(other);
    await cb.read(env);
    expect(cache.clear('a')).toBe(2);
    await cb.read(env);
    expect(b.calls.read).toBe(1);
    expect(cache.clear()).toBe(1);
    await ca.read(env);
    await cb.read(env);
    expect([a.calls.read, b.calls.read]).toEqual([2, 2]);
  });

  it('sign-in and sign-out through the wrapper drop the backend\'s values; a rebuilt adapter starts empty', async () => {
    const cache = new ValueCache();
    const { backend, calls } = fakeBackend(bundle());
    const cached = cache.wrap(backend);
    await cached.read(env);
    await cached.logout();
    await cached.read(env);
    await cached.login({ method: 'token', token: 'fake-token' });
    await cached.read(env);
    expect(calls.read).toBe(3);
    await cache.wrap(backend).read(env);
    expect(calls.read).toBe(4);
  });

  it('a TTL of 0 keeps nothing; more than 60 minutes is lowered to 60', async () => {
    const none = fakeBackend(bundle());
    const off = new ValueCache({ ttlMs: 0 }).wrap(none.backend);
    await off.read(env);
    await off.read(env);
    expect(none.calls.read).toBe(2);
    expect(off.freshness(env)).toMatchObject({ cachedUntil: null, fromCache: false });
    expect(new ValueCache({ ttlMs: 24 * 3600_000 }).ttlMs).toBe(60 * 60_000);
  });

  it('reloads credentials and retries once on FORBIDDEN, but not on other errors', async () => {
    const { backend, calls } = fakeBackend(bundle(), new AppError('FORBIDDEN', 'no'));
    expect((await new ValueCache().wrap(backend).read(env)).values.K).toBe('fake');
    expect(calls).toMatchObject({ read: 2, reloads: 1 });
    const failing = fakeBackend(bundle(), new AppError('NOT_FOUND', 'no'));
    await expect(new ValueCache().wrap(failing.backend).read(env)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(failing.calls.reloads).toBe(0);
  });
});

describe('cacheTtlFrom (LATCHKEY_CACHE_TTL)', () => {
  it('defaults to 15 minutes, takes a duration or 0, clamps to 60 minutes and refuses anything else', () => {
    expect(cacheTtlFrom({})).toBe(15 * 60_000);
    expect(cacheTtlFrom({ LATCHKEY_CACHE_TTL: '0' })).toBe(0);
    expect(cacheTtlFrom({ LATCHKEY_CACHE_TTL: '90s' })).toBe(90_000);
    expect(cacheTtlFrom({ LATCHKEY_CACHE_TTL: '30m' })).toBe(30 * 60_000);
    expect(cacheTtlFrom({ LATCHKEY_CACHE_TTL: '2h' })).toBe(60 * 60_000);
    expect(() => cacheTtlFrom({ LATCHKEY_CACHE_TTL: 'soon' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('"soon"') }));
  });
});
