import { describe, expect, it } from 'vitest';
import { withCache } from '../../../electron/backends/cache';
import type { SecretBundle, SecretsBackend } from '../../../electron/backends/types';
import { AppError } from '../../../shared/errors';

const env = { ref: 'v:p/dev', project: 'p', env: 'dev', path: 'p/dev' };

function fakeBackend(bundle: SecretBundle, failFirst?: AppError) {
  const calls = { read: 0, reloads: 0 };
  const backend = {
    name: 'v', kind: 'vault', config: {} as never,
    async read() {
      calls.read++;
      if (failFirst && calls.read === 1) throw failFirst;
      return bundle;
    },
    async describe() { return bundle.meta; },
    reloadCredentials() { calls.reloads++; },
  } as unknown as SecretsBackend;
  return { backend, calls };
}

const bundle = (leaseSeconds?: number): SecretBundle => ({
  values: { K: 'fake' }, meta: [{ key: 'K', version: 1, createdAt: null, updatedAt: null }],
  leases: leaseSeconds ? [{ id: 'l', backend: 'v', durationSeconds: leaseSeconds, renewable: true }] : [],
});

describe('withCache', () => {
  it('keeps a dynamic bundle no longer than half its shortest lease', async () => {
    let clock = 0;
    const { backend, calls } = fakeBackend(bundle(60));
    const cached = withCache(backend, { now: () => clock });
    await cached.read(env);
    clock = 29_000;
    await cached.read(env);
    expect(calls.read).toBe(1);
    clock = 30_001;
    await cached.read(env);
    expect(calls.read).toBe(2);
  });

  it('reloads credentials and retries once on FORBIDDEN, but not on other errors', async () => {
    const { backend, calls } = fakeBackend(bundle(), new AppError('FORBIDDEN', 'no'));
    expect((await withCache(backend).read(env)).values.K).toBe('fake');
    expect(calls).toEqual({ read: 2, reloads: 1 });
    const other = fakeBackend(bundle(), new AppError('NOT_FOUND', 'no'));
    await expect(withCache(other.backend).read(env)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(other.calls.reloads).toBe(0);
  });
});
