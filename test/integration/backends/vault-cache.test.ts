import { describe, expect, inject, it } from 'vitest';
import { ValueCache } from '../../../electron/backends/cache';
import { tokenAccount } from '../../../electron/backends/types';
import { envAt, makeAdapter, tokenWith, unique, writePolicy, writeSecret } from './vault-fixtures';

async function readableProject() {
  const project = unique('cache');
  await writeSecret(`${project}/dev`, { API_KEY: 'fake-api-key-not-real' });
  const policy = unique('cache-read');
  await writePolicy(policy, `path "secret/data/${project}/*" { capabilities = ["read"] }`);
  return { env: envAt('test-vault', project, 'dev'), policy };
}

describe('value cache over the Vault adapter', () => {
  it('serves a second read and a describe within the TTL with zero HTTP requests', async () => {
    const { env, policy } = await readableProject();
    const { adapter, counter } = makeAdapter();
    await adapter.login({ method: 'token', token: await tokenWith([policy]) });
    let clock = 1_000_000;
    const cached = new ValueCache({ ttlMs: 60_000, now: () => clock }).wrap(adapter);

    await cached.read(env);
    counter.requests = 0;
    expect((await cached.read(env)).values.API_KEY).toBe('fake-api-key-not-real');
    expect((await cached.describe(env)).map((m) => m.key)).toEqual(['API_KEY']);
    expect(counter.requests).toBe(0);

    clock += 60_001;
    await cached.read(env);
    expect(counter.requests).toBe(1);
  });

  it('on UNAUTHENTICATED re-reads the token from the keychain and retries once', async () => {
    const { env, policy } = await readableProject();
    const { adapter, store } = makeAdapter();
    const first = await tokenWith([policy]);
    await adapter.login({ method: 'token', token: first });
    const cached = new ValueCache().wrap(adapter);
    await cached.read(env);

    // Another process signs in again (new token in the keychain) and the old token dies.
    const second = await tokenWith([policy]);
    await store.set(tokenAccount('test-vault'), second);
    await fetch(`${inject('openbao').address}/v1/auth/token/revoke-self`, { method: 'POST', headers: { 'X-Vault-Token': first } });
    cached.invalidate(env.ref);

    expect((await cached.read(env)).values.API_KEY).toBe('fake-api-key-not-real');
  });

  it('clamps the TTL to 60 minutes', async () => {
    const { env, policy } = await readableProject();
    const { adapter, counter } = makeAdapter();
    await adapter.login({ method: 'token', token: await tokenWith([policy]) });
    let clock = 0;
    const cached = new ValueCache({ ttlMs: 24 * 3600_000, now: () => clock }).wrap(adapter);
    await cached.read(env);
    counter.requests = 0;
    clock = 60 * 60_000 + 1;
    await cached.read(env);
    expect(counter.requests).toBe(1);
  });
});
