import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenAccount } from '../../../electron/backends/types';
import { AppError } from '../../../shared/errors';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { envAt, makeAdapter, NAME } from './infisical-fixtures';

let sim: InfisicalSimulator;
beforeEach(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
});
afterEach(() => sim.close());

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as AppError);

describe('Infisical adapter against the simulator', () => {
  it('signs in with universal auth and keeps client secret and access token in the store as JSON', async () => {
    const { adapter, store } = makeAdapter(sim);
    const info = await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    expect(info).toMatchObject({ identity: `machine identity ${SAMPLE.identities.devReader.clientId}`, renewable: true });
    expect(Date.parse(info.expiresAt ?? '') - sim.state.now()).toBeGreaterThan(3_500_000);
    const stored = JSON.parse((await store.get(tokenAccount(NAME)))!);
    expect(stored).toMatchObject({ method: 'universal', clientId: SAMPLE.identities.devReader.clientId, clientSecret: SAMPLE.identities.devReader.clientSecret });
    expect(stored.accessToken).toMatch(/^eyJ/);
  });

  it('discovers projects × environments the identity is a member of', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    expect((await adapter.discover()).map((e) => e.ref)).toEqual([`${NAME}:payments/dev`, `${NAME}:payments/staging`, `${NAME}:payments/prod`]);
    const admin = makeAdapter(sim).adapter;
    await admin.login({ method: 'universal', ...SAMPLE.identities.admin });
    expect((await admin.discover()).map((e) => e.ref)).toContain(`${NAME}:web-app/prod`);
  });

  it('grants dev and denies prod for the dev reader, with one project list and one concurrent probe per env', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    sim.requests.reset();
    const envs = [envAt('payments', 'dev'), envAt('payments', 'prod'), envAt('payments', 'staging'), envAt('web-app', 'dev')];
    const access = await adapter.access(envs);
    expect(Object.fromEntries(access)).toEqual({
      [`${NAME}:payments/dev`]: 'granted',
      [`${NAME}:payments/prod`]: 'denied',
      [`${NAME}:payments/staging`]: 'denied',
      [`${NAME}:web-app/dev`]: 'denied',
    });
    expect(sim.requests.count).toBe(4); // projects + 3 probes (web-app is not visible at all)
    expect(sim.requests.log.every((r) => !r.path.includes('viewSecretValue=true'))).toBe(true);
  });

  it('describes names, versions and ages without values, and reads values with imports and references resolved', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    const meta = await adapter.describe(envAt('payments', 'dev'));
    expect(meta.map((m) => m.key).sort()).toEqual(['CALLBACK_URL', 'DATABASE_URL', 'PUBLIC_URL', 'SENTRY_DSN', 'STRIPE_KEY']);
    expect(meta.find((m) => m.key === 'STRIPE_KEY')).toMatchObject({ version: 1 });
    expect(Date.parse(meta.find((m) => m.key === 'STRIPE_KEY')!.updatedAt!)).not.toBeNaN();
    expect(JSON.stringify(meta)).not.toContain('fake');

    const bundle = await adapter.read(envAt('payments', 'dev'));
    expect(bundle.values).toEqual({
      DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev',
      STRIPE_KEY: 'sk_test_fake_not_real_dev',
      PUBLIC_URL: 'https://dev.payments.example.test',
      CALLBACK_URL: 'https://dev.payments.example.test/callback',
      SENTRY_DSN: 'https://fake-dsn@sentry.example.test/1',
    });
    expect((await adapter.read(envAt('payments', 'dev', '/api'))).values).toEqual({ API_TOKEN: 'fake-api-token-dev' });
  });

  it('maps a prod read by the dev reader to FORBIDDEN naming the backend and the environment', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    const error = await failure(adapter.read(envAt('payments', 'prod')));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain(NAME);
    expect(error.message).toContain('payments/prod');
  });

  it('rejects bad credentials as UNAUTHENTICATED without echoing the secret, and says how to sign in when not signed in', async () => {
    const { adapter, store } = makeAdapter(sim);
    const error = await failure(adapter.login({ method: 'universal', clientId: SAMPLE.identities.devReader.clientId, clientSecret: 'wrong-fake-secret-value' }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toContain(NAME);
    expect(`${error.message} ${error.hint}`).not.toContain('wrong-fake-secret-value');
    expect(await store.get(tokenAccount(NAME))).toBeNull();
    const notSignedIn = await failure(adapter.discover());
    expect(notSignedIn.code).toBe('UNAUTHENTICATED');
    expect(notSignedIn.next).toEqual({ action: 'login', backend: NAME });
    expect(notSignedIn.hint).not.toContain('latchkey');
  });

  it('retries a 429 after Retry-After, and reports RATE_LIMITED when it persists', async () => {
    const { adapter, waits } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    sim.failNext({ status: 429, count: 1, retryAfterSeconds: 2, match: (_m, path) => path === '/api/v3/secrets/raw' });
    expect((await adapter.read(envAt('payments', 'dev'))).values.STRIPE_KEY).toBe('sk_test_fake_not_real_dev');
    expect(waits).toContain(2000);
    sim.failNext({ status: 429, count: 10, retryAfterSeconds: 1 });
    const error = await failure(adapter.read(envAt('payments', 'dev')));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toContain(NAME);
  });

  it('maps 5xx to BACKEND_UNAVAILABLE', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    sim.failNext({ status: 500, count: 1 });
    expect((await failure(adapter.discover())).code).toBe('BACKEND_UNAVAILABLE');
  });

  it('renews the access token ahead of expiry, and logs in again once it has expired or was revoked', async () => {
    const { adapter, store } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    const first = JSON.parse((await store.get(tokenAccount(NAME)))!).accessToken as string;

    sim.advance(3_400_000); // TTL is 1 h: inside the refresh margin
    sim.requests.reset();
    await adapter.discover();
    expect(sim.requests.log.map((r) => r.path)).toEqual(['/api/v1/auth/token/renew', '/api/v1/projects?type=secret-manager']);

    sim.advance(7_200_000); // well past expiry: renewal is impossible, the stored client secret logs in again
    sim.requests.reset();
    await adapter.discover();
    expect(sim.requests.log.map((r) => r.path)[0]).toBe('/api/v1/auth/universal-auth/login');

    for (const token of sim.state.tokens.values()) token.revoked = true; // revoked server-side → 401 → one re-login
    sim.requests.reset();
    expect((await adapter.discover()).length).toBe(3);
    expect(sim.requests.log.map((r) => r.status)).toEqual([401, 200, 200]);
    expect(JSON.parse((await store.get(tokenAccount(NAME)))!).accessToken).not.toBe(first);
  });

  it('logout revokes the token on the server and forgets it', async () => {
    const { adapter, store } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.devReader });
    await adapter.logout();
    expect(await store.get(tokenAccount(NAME))).toBeNull();
    expect([...sim.state.tokens.values()].every((t) => t.revoked)).toBe(true);
    expect(await adapter.health()).toMatchObject({ reachable: true, signedIn: false });
  });
});
