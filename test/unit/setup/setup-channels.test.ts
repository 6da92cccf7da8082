import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { Credentials, SecretsBackend } from '../../../electron/backends/types';
import { createServices } from '../../../electron/services';
import { fakeAdapterBasics } from '../../fakes/fake-adapter';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

const acme = { name: 'acme', kind: 'vault', url: 'https://vault-a.acme.test', kvMount: 'secret', auth: { method: 'token' } } as const;
const moved = { ...acme, url: 'https://vault-b.acme.test' };
const profile = (backend: object) => ({ version: 1, team: 'acme', backends: [backend], environments: [{ ref: 'acme:payments/dev' }] });

/** Fake adapters that record what the setup service asks of them, per config (old and new url). */
function recordingFactory() {
  const calls: Array<{ url: string; call: string; credentials?: Credentials }> = [];
  const factory = (config: BackendConfig): SecretsBackend => ({
    ...fakeAdapterBasics(config),
    login: async (credentials) => {
      calls.push({ url: config.url, call: 'login', credentials });
      if (credentials.method === 'token' && credentials.token.includes('wrong')) {
        throw new AppError('UNAUTHENTICATED', `${config.name} refused the token.`);
      }
      return { identity: 'fake-user', policies: ['dev'], expiresAt: null, renewable: false };
    },
    logout: async () => void calls.push({ url: config.url, call: 'logout' }),
    forget: async () => {
      calls.push({ url: config.url, call: 'forget' });
      return true;
    },
    discover: async () => [],
    access: async () => new Map(),
    describe: async () => [],
    read: async () => ({ values: {}, meta: [], leases: [] }),
  });
  return { factory, calls };
}

async function setup(factory?: (config: BackendConfig) => SecretsBackend) {
  const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore(), backendFactory: factory, backendHttp: { timeoutMs: 2_000, maxAttempts: 1 } });
  const actions = async () => (await services.audit.list()).map((e) => `${e.action} ${e.target} ${e.outcome}`);
  return { services, dispatch: services.dispatch, actions };
}

describe('day-one setup channels (through dispatch)', () => {
  it('backends:add adds, refuses a duplicate, and refuses a re-pointing replacement until it is accepted', async () => {
    const { factory, calls } = recordingFactory();
    const { dispatch, actions } = await setup(factory);
    expect(await dispatch('backends:add', { config: acme })).toMatchObject({ ok: true, value: { name: 'acme', result: 'added', changes: [], signedOut: false } });
    expect(await dispatch('backends:add', { config: acme })).toMatchObject({ ok: false, error: { code: 'CONFLICT', next: { action: 'replace-backend', backend: 'acme' } } });

    const refused = await dispatch('backends:add', { config: moved, replace: true });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('url https://vault-a.acme.test → https://vault-b.acme.test'), next: { action: 'accept-changes', backend: 'acme' } },
    });
    expect(calls).toEqual([]);
    expect(await dispatch('backends:list', {})).toMatchObject({ ok: true, value: [{ url: 'https://vault-a.acme.test' }] });

    const accepted = await dispatch('backends:add', { config: moved, replace: true, acceptChanges: true });
    expect(accepted).toMatchObject({ ok: true, value: { result: 'updated', signedOut: true, changes: [{ field: 'url', from: 'https://vault-a.acme.test', to: 'https://vault-b.acme.test' }] } });
    // The OLD adapter forgot its credential; nothing was sent anywhere.
    expect(calls).toEqual([{ url: 'https://vault-a.acme.test', call: 'forget' }]);
    expect(await actions()).toEqual(['backend.add acme ok', 'backend.repoint acme ok', 'backend.add acme ok']);
  });

  it('keeps the sign-in when a replacement changes only the KV mount', async () => {
    const { factory, calls } = recordingFactory();
    const { dispatch } = await setup(factory);
    await dispatch('backends:add', { config: acme });
    expect(await dispatch('backends:add', { config: { ...acme, kvMount: 'teams' }, replace: true })).toMatchObject({ ok: true, value: { result: 'updated', changes: [], signedOut: false } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['kind', { name: 'acme', kind: 'infisical', url: acme.url }, 'kind vault → infisical'],
    ['namespace', { ...acme, namespace: 'team-a' }, 'namespace (none) → team-a'],
    ['auth method', { ...acme, auth: { method: 'userpass' } }, 'authMethod token → userpass'],
    ['auth mount', { ...acme, auth: { method: 'oidc', mount: 'oidc-b' } }, 'authMount (none) → oidc-b'],
  ])('treats a new %s as a change of identity', async (_what, config, change) => {
    const { dispatch } = await setup(recordingFactory().factory);
    await dispatch('backends:add', { config: acme });
    expect(await dispatch('backends:add', { config, replace: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(change) } });
  });

  it('profile:import takes text or parsed JSON, refuses a re-pointing import whole, and applies it when accepted', async () => {
    const { factory, calls } = recordingFactory();
    const { services, dispatch, actions } = await setup(factory);
    expect(await dispatch('profile:import', { profile: profile(acme) })).toMatchObject({ ok: true, value: { team: 'acme', environments: 1, backends: [{ name: 'acme', result: 'added' }] } });
    const again = await dispatch('profile:import', { text: JSON.stringify(profile(acme)), source: 'team.json' });
    expect(again).toMatchObject({ ok: true, value: { backends: [{ result: 'unchanged' }] } });

    const text = JSON.stringify({ ...profile(moved), environments: [] });
    const refused = await dispatch('profile:import', { text, source: 'team.json' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'team.json changes where acme signs in: url https://vault-a.acme.test → https://vault-b.acme.test. Nothing was changed.', next: { action: 'accept-changes', backend: 'acme' } } });
    expect((await services.profiles.load())?.environments).toHaveLength(1); // the profile was not replaced either

    expect(await dispatch('profile:import', { text, source: 'team.json', acceptChanges: true })).toMatchObject({ ok: true, value: { environments: 0, backends: [{ result: 'updated', signedOut: true }] } });
    expect(calls).toEqual([{ url: 'https://vault-a.acme.test', call: 'forget' }]);
    expect(await actions()).toEqual(['profile.import acme ok', 'profile.import acme ok', 'backend.repoint acme ok', 'profile.import acme ok']);
  });

  it('profile:import names the JSON path of a bad field and refuses ambiguous input', async () => {
    const { dispatch } = await setup(recordingFactory().factory);
    const bad = await dispatch('profile:import', { profile: { ...profile(acme), environments: [{ ref: 'acme:p/dev', maxTTL: '8h' }] }, source: 'team.json' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'team.json is not a valid team profile: environments[0].maxTTL: unknown field.' } });
    expect(await dispatch('profile:import', { text: '{}', profile: {} })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch('profile:import', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const huge = { ...profile(acme), environments: Array.from({ length: 300_000 }, (_, i) => ({ ref: `acme:p${i}/dev`, approvers: ['lead@acme.test'] })) };
    expect(await dispatch('profile:import', { profile: huge, source: 'team.json' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^team\.json is 1\d\.\d MiB \(\d+ bytes\); a team profile may be at most 16\.0 MiB\.$/) },
    });
  });

  it('backends:signIn, backends:signOut and backends:remove go through the adapter and the audit log', async () => {
    const { factory, calls } = recordingFactory();
    const { dispatch, actions } = await setup(factory);
    await dispatch('backends:add', { config: acme });
    expect(await dispatch('backends:signIn', { backend: 'acme', credentials: { method: 'token', token: 'fake-token-not-real' } })).toEqual({
      ok: true,
      value: { backend: 'acme', identity: 'fake-user', policies: ['dev'], expiresAt: null, renewable: false },
    });
    expect(await dispatch('backends:signIn', { backend: 'acme', credentials: { method: 'token', token: 'fake-wrong-token' } })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // An unknown backend is a usage error, not a failed sign-in: nothing is audited for it.
    expect(await dispatch('backends:signIn', { backend: 'nope', credentials: { method: 'token', token: 'fake-token-not-real' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', next: { action: 'backends-add' } } });
    expect(await dispatch('backends:signOut', { backend: 'acme' })).toMatchObject({ ok: true, value: { backend: 'acme' } });
    expect(await dispatch('backends:remove', { name: 'acme' })).toMatchObject({ ok: true, value: { backend: 'acme', signedOut: true } });
    expect(await dispatch('backends:list', {})).toEqual({ ok: true, value: [] });
    expect(calls.map((c) => c.call)).toEqual(['login', 'login', 'logout', 'forget', 'forget']);
    expect(await actions()).toEqual(['backend.add acme ok', 'login acme ok', 'login acme failed', 'logout acme ok', 'backend.remove acme ok']);
  });
});

describe('secrets in setup inputs are never echoed', () => {
  const SECRET = 'fake-secret-canary-not-real';

  it.each<[string, unknown]>([
    ['a token the server cannot be reached with', { backend: 'acme', credentials: { method: 'token', token: SECRET } }],
    ['a password', { backend: 'acme', credentials: { method: 'userpass', username: 'ada', password: SECRET } }],
    ['a client secret', { backend: 'acme', credentials: { method: 'universal', clientId: 'fake-client', clientSecret: SECRET } }],
    ['a secret in an unknown field', { backend: 'acme', credentials: { method: 'token', token: 'x', extra: SECRET } }],
    ['a secret in a misspelt field', { backend: 'acme', credentials: { method: 'token', tokn: SECRET } }],
    ['a secret where a method belongs', { backend: 'acme', credentials: { method: SECRET, token: SECRET } }],
  ])('backends:signIn with %s', async (_what, input) => {
    // The real adapters, pointed at a port nothing listens on.
    const { services, dispatch } = await setup();
    await services.setup.addBackend({ config: { ...acme, url: 'http://127.0.0.1:9' } });
    const result = await dispatch('backends:signIn', input);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(await services.audit.list())).not.toContain(SECRET);
  });

  it('backends:add and profile:import with a password in the URL', async () => {
    const { dispatch } = await setup(recordingFactory().factory);
    const url = `https://ops:${SECRET}@vault.acme.test`;
    for (const result of [
      await dispatch('backends:add', { config: { ...acme, url } }),
      await dispatch('profile:import', { profile: profile({ ...acme, url }) }),
      await dispatch('profile:import', { text: JSON.stringify(profile({ ...acme, url })) }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
    expect(await dispatch('backends:list', {})).toEqual({ ok: true, value: [] });
  });
});
