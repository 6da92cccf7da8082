import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../../shared/backends';
import { TeamProfile } from '../../../shared/profile';
import { bindCredentials } from '../../../electron/backends/credential-binding';
import { tokenAccount, type BackendHealth, type SecretsBackend } from '../../../electron/backends/types';
import { createServices } from '../../../electron/services';
import { fakeAdapterBasics } from '../../fakes/fake-adapter';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

const config = (name: string, kind: 'vault' | 'infisical' | 'doppler' = 'vault'): BackendConfig =>
  kind === 'vault'
    ? { name, kind, url: `https://${name}.acme.test`, kvMount: 'secret', auth: { method: 'token' } }
    : kind === 'infisical'
      ? { name, kind, url: `https://${name}.acme.test`, auth: { method: 'universal' } }
      : { name, kind, url: `https://${name}.acme.test`, auth: { method: 'token' } };

/** Fake adapters whose health() answers from a table (changeable during the test), counting the calls. */
function healthFactory(answers: Record<string, BackendHealth>) {
  const calls: string[] = [];
  const factory = (c: BackendConfig): SecretsBackend => ({
    ...fakeAdapterBasics(c),
    health: async () => (calls.push(c.name), answers[c.name]!),
    discover: async () => [],
    access: async () => new Map(),
    describe: async () => [],
    read: async () => ({ values: {}, meta: [], leases: [] }),
  });
  return { factory, calls };
}

async function team(answers: Record<string, BackendHealth>, stored: string[]) {
  const { factory, calls } = healthFactory(answers);
  const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore(), backendFactory: factory });
  const configs = [config('vault-a'), config('inf-b', 'infisical'), config('dop-c', 'doppler'), config('vault-d'), config('vault-e')];
  for (const c of configs) await services.backends.upsert(c);
  for (const c of configs.filter((c) => stored.includes(c.name))) await bindCredentials(services.secrets, c).set(tokenAccount(c.name), 'fake-token-not-real');
  await services.profiles.save(TeamProfile.parse({ version: 1, team: 'acme', environments: [{ ref: 'gone:payments/dev' }] }));
  return { services, calls };
}

const status = async (services: Awaited<ReturnType<typeof team>>['services'], input: object = {}) => {
  const result = await services.dispatch('backends:status', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Array<Record<string, unknown>>;
};

describe('backends:status: one model, asked of each backend', () => {
  it('names each state from the backend answer, never "signed in" beside a refused sign-in', async () => {
    const { services } = await team(
      {
        'vault-a': { reachable: true, signedIn: true, detail: 'up', session: { identity: 'alice', expiresAt: '2031-01-01T00:00:00.000Z' } },
        // A token is stored, but the server refuses it (revoked): refused, with "sign in again".
        'inf-b': { reachable: true, signedIn: false, detail: 'refused' },
        'dop-c': { reachable: true, signedIn: false, detail: 'no token' },
        'vault-d': { reachable: true, signedIn: false, sealed: true, detail: 'Vault at https://vault-d.acme.test is sealed.' },
        'vault-e': { reachable: false, signedIn: false, detail: 'Vault at https://vault-e.acme.test could not be reached.' },
      },
      ['vault-a', 'inf-b', 'vault-d', 'vault-e'],
    );
    const list = await status(services);
    expect(list.map((s) => [s.name, s.state, s.next])).toEqual([
      ['vault-a', 'signed-in', null],
      ['inf-b', 'refused', { action: 'login', backend: 'inf-b' }],
      ['dop-c', 'signed-out', { action: 'login', backend: 'dop-c' }],
      ['vault-d', 'sealed', { action: 'doctor' }],
      ['vault-e', 'unreachable', { action: 'retry' }],
      // Named by the profile only: not configured on this device.
      ['gone', 'not-configured', { action: 'profile-import' }],
    ]);
    expect(list[0]).toMatchObject({ identity: 'alice', expiresAt: '2031-01-01T00:00:00.000Z', kind: 'vault', authMethod: 'token', checkedAt: expect.any(String) });
    expect(list[1]).toMatchObject({ identity: null, detail: expect.stringContaining('refused the saved sign-in') });
    expect(JSON.stringify(list)).not.toContain('fake-token-not-real');
  });

  it('reuses a recent answer, asks again on refresh, and forgets a backend after a sign-in or sign-out', async () => {
    const answers: Record<string, BackendHealth> = {
      'vault-a': { reachable: true, signedIn: false, detail: 'no token' },
      'inf-b': { reachable: true, signedIn: true, detail: 'up' },
      'dop-c': { reachable: true, signedIn: true, detail: 'up' },
      'vault-d': { reachable: true, signedIn: true, detail: 'up' },
      'vault-e': { reachable: true, signedIn: true, detail: 'up' },
    };
    const { services, calls } = await team(answers, []);
    await status(services);
    expect(calls).toHaveLength(5);
    await status(services);
    expect(calls).toHaveLength(5);
    await status(services, { refresh: true });
    expect(calls).toHaveLength(10);

    answers['vault-a'] = { reachable: true, signedIn: true, detail: 'up', session: { identity: 'alice', expiresAt: null } };
    expect(await services.dispatch('backends:signIn', { backend: 'vault-a', credentials: { method: 'token', token: 'fake-token-not-real' } })).toMatchObject({ ok: true });
    const after = await status(services);
    expect(calls.filter((c) => c === 'vault-a')).toHaveLength(3);
    expect(after[0]).toMatchObject({ name: 'vault-a', state: 'signed-in', identity: 'alice' });

    answers['vault-a'] = { reachable: true, signedIn: false, detail: 'no token' };
    await services.dispatch('backends:signOut', { backend: 'vault-a' });
    expect((await status(services))[0]).toMatchObject({ name: 'vault-a', state: 'signed-out' });
  });
});
