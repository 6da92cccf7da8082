import { describe, expect, it } from 'vitest';
import { DopplerBackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { createBackend } from '../../../electron/backends/factory';
import { tokenAccount, type EnvLocator } from '../../../electron/backends/types';
import { SAMPLE_TOKENS } from '../../fakes/doppler';
import { useDopplerSimulator } from '../../support/doppler-simulator';
import { MemoryStore } from '../../support/memory-store';

// The Doppler adapter against the loopback simulator (which the real SDK and CLI accept, see test/integration/fakes).
const sim = useDopplerSimulator();

function backend(store = new MemoryStore()) {
  const config = DopplerBackendConfig.parse({ name: 'acme-doppler', kind: 'doppler', url: sim().url });
  return { store, adapter: createBackend(config, { secretStore: store, http: { maxAttempts: 1, timeoutMs: 5_000 } }) };
}
const env = (project: string, config: string): EnvLocator => ({ ref: `acme-doppler:${project}/${config}`, project, env: config, path: `${project}/${config}` });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppError);

describe('Doppler adapter', () => {
  it('signs in with a personal token, stores it under tokenAccount, and reports who we are', async () => {
    const { store, adapter } = backend();
    const session = await adapter.login({ method: 'token', token: SAMPLE_TOKENS.admin });
    expect(session).toEqual({ identity: 'alice@example.invalid (Fake Rocket Inc)', policies: ['personal'], expiresAt: null, renewable: false });
    // Stored bound to this backend's identity (credential-binding.ts), so only this server ever gets it.
    expect(store.entries.get(tokenAccount('acme-doppler'))).toMatch(new RegExp(`^bound:v1:[0-9a-f]+:${SAMPLE_TOKENS.admin.replaceAll('.', '\\.')}$`));
    expect(await adapter.health()).toMatchObject({ reachable: true, signedIn: true });
  });

  it('rejects a wrong token without storing it or echoing it', async () => {
    const { store, adapter } = backend();
    const wrong = 'dp.pt.fakeWrongTokenNotRealAAAAAAAAAAAAAAAAAAAAAAAA';
    const error = await failure(adapter.login({ method: 'token', token: wrong }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(`${error?.message} ${error?.hint}`).not.toContain(wrong);
    expect(error?.message).toContain('acme-doppler');
    expect(store.entries.size).toBe(0);
    expect(await failure(adapter.login({ method: 'token', token: 'not-a-doppler-token' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('discovers projects × configs across pages', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.admin });
    const found = await adapter.discover();
    expect(found.map((e) => e.ref)).toEqual([
      'acme-doppler:backend/dev',
      'acme-doppler:backend/stg',
      'acme-doppler:backend/prd',
      'acme-doppler:backend/dev_personal',
      'acme-doppler:payments/dev',
      'acme-doppler:payments/stg',
      'acme-doppler:payments/prd',
      'acme-doppler:web/dev',
      'acme-doppler:web/stg',
      'acme-doppler:web/prd',
    ]);
    expect(found[0]).toEqual({ ref: 'acme-doppler:backend/dev', project: 'backend', env: 'dev', path: 'backend/dev' });
  });

  it('works out access with one configs listing per project', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.developer });
    const before = sim().requests.length;
    const access = await adapter.access([env('backend', 'dev'), env('backend', 'dev_personal'), env('backend', 'prd'), env('payments', 'dev')]);
    expect(Object.fromEntries(access)).toEqual({
      'acme-doppler:backend/dev': 'granted',
      'acme-doppler:backend/dev_personal': 'granted',
      'acme-doppler:backend/prd': 'denied',
      'acme-doppler:payments/dev': 'denied',
    });
    expect(sim().requests.slice(before).map((r) => `${r.path}?${r.query.project}`)).toEqual(['/v3/configs?backend', '/v3/configs?payments']);
  });

  it('lists each project once for a discover() followed by access(), as a catalog listing does', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.admin });
    const before = sim().requests.length;
    const found = await adapter.discover();
    const access = await adapter.access(found);
    expect([...access.values()].every((level) => level === 'granted')).toBe(true);
    const listings = sim().requests.slice(before).filter((r) => r.path === '/v3/configs').map((r) => r.query.project).sort();
    expect(listings).toEqual(['backend', 'payments', 'web']);
  });

  it('reads computed values via download, describes names without values', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.serviceAccount });
    const bundle = await adapter.read(env('payments', 'prd'));
    expect(bundle.values).toMatchObject({ STRIPE_KEY: 'sk_live_fake_not_real', MULTILINE: 'line one\nline "two"', DOPPLER_CONFIG: 'prd' });
    expect(bundle.leases).toEqual([]);
    expect(bundle.meta.map((m) => m.key)).toEqual(Object.keys(bundle.values));
    const meta = await adapter.describe(env('payments', 'dev'));
    expect(meta.map((m) => m.key)).toEqual(['DOPPLER_CONFIG', 'DOPPLER_ENVIRONMENT', 'DOPPLER_PROJECT', 'STRIPE_KEY', 'WEBHOOK_SECRET']);
    expect(sim().requests.at(-1)?.path).toBe('/v3/configs/config/secrets/names');
    expect(await failure(adapter.read(env('backend', 'dev')))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('maps 403 to FORBIDDEN for a config the principal may not read', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.developer });
    const error = await failure(adapter.read(env('backend', 'prd')));
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error?.message).toContain('backend/prd');
  });

  it('handles a service token: discovers its one config, reads it; once revoked → UNAUTHENTICATED', async () => {
    const created = await fetch(`${sim().url}/v3/configs/config/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project: 'web', config: 'prd', name: 'adapter', expire_at: Math.floor(Date.now() / 1000) + 600 }),
    }).then((r) => r.json() as Promise<{ token: { key: string; slug: string } }>);
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: created.token.key });
    expect((await adapter.discover()).map((e) => e.ref)).toEqual(['acme-doppler:web/prd']);
    expect(Object.fromEntries(await adapter.access([env('web', 'prd'), env('web', 'dev')]))).toEqual({ 'acme-doppler:web/prd': 'granted', 'acme-doppler:web/dev': 'denied' });
    expect((await adapter.read(env('web', 'prd'))).values.PUBLIC_URL).toBe('https://www.example.invalid');

    await fetch(`${sim().url}/v3/configs/config/tokens/token?project=web&config=prd`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slug: created.token.slug }),
    });
    const error = await failure(adapter.read(env('web', 'prd')));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(error?.next).toEqual({ action: 'login', backend: 'acme-doppler' });
    expect(JSON.stringify(error)).not.toContain(created.token.key);
    expect(`${error?.message}${error?.hint}`).not.toContain(created.token.key);
  });

  it('maps 429 to RATE_LIMITED with the wait the server asked for', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.admin });
    sim().rateLimit.limit = 1;
    sim().resetRateLimits();
    await adapter.read(env('web', 'dev'));
    const error = await failure(adapter.read(env('web', 'dev')));
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(error?.message).toMatch(/wait \d+ s/);
    expect(error?.message).toContain('acme-doppler');
  });

  it('maps 5xx to BACKEND_UNAVAILABLE and says it is not signed in without a token', async () => {
    const { adapter } = backend();
    await adapter.login({ method: 'token', token: SAMPLE_TOKENS.admin });
    sim().failNext({ status: 500 });
    expect(await failure(adapter.read(env('web', 'dev')))).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await adapter.logout();
    expect(await failure(adapter.read(env('web', 'dev')))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await adapter.health()).toMatchObject({ reachable: true, signedIn: false });
  });
});
