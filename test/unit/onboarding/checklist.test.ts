import { describe, expect, it } from 'vitest';
import type { AccessListing, AccessRequestView } from '../../../shared/access';
import { AppError } from '../../../shared/errors';
import { TeamProfile } from '../../../shared/profile';
import { bindCredentials } from '../../../electron/backends/credential-binding';
import { tokenAccount } from '../../../electron/backends/types';
import { OnboardingService } from '../../../electron/onboarding/onboarding-service';
import { RoleStore } from '../../../electron/onboarding/role-store';
import { createServices } from '../../../electron/services';
import { fakeBackend, vaultConfig } from '../catalog/fake-backend';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

/** One signed-in fake Vault (`acme`) and one signed-out (`down`); the profile's role spans both. */
async function world(mine: AccessRequestView[] = []) {
  const acme = fakeBackend(vaultConfig('acme'), {
    granted: ['acme:payments/dev', 'acme:payments/broken'],
    secrets: { 'payments/dev': { values: { API_KEY: 'fake-api-key-not-real' }, updatedAt: '2026-01-01T00:00:00Z' } },
  });
  const down = fakeBackend(vaultConfig('down'), { failWith: new AppError('UNAUTHENTICATED', 'You are not signed in to down.') });
  const dataDir = await tempDir();
  const services = await createServices({
    dataDir,
    secretStore: new MemoryStore(),
    backendFactory: (config) => (config.name === 'acme' ? acme.backend : { ...down.backend, health: async () => ({ reachable: true, signedIn: false, detail: 'no token' }) }),
  });
  await services.backends.upsert(vaultConfig('acme'));
  await services.backends.upsert(vaultConfig('down'));
  await bindCredentials(services.secrets, vaultConfig('acme')).set(tokenAccount('acme'), 'fake-token-not-real');
  const refs = ['acme:payments/dev', 'acme:payments/broken', 'acme:payments/staging', 'acme:payments/asked', 'acme:payments/prod', 'down:web/dev'];
  await services.profiles.save(
    TeamProfile.parse({
      version: 1,
      team: 'acme',
      environments: [
        { ref: 'acme:payments/dev' },
        { ref: 'acme:payments/broken' },
        { ref: 'acme:payments/staging', approvers: ['lead@acme.test'], maxTtl: '8h', defaultTtl: '4h' },
        { ref: 'acme:payments/asked', approvers: ['lead@acme.test'] },
        { ref: 'acme:payments/prod' },
        { ref: 'down:web/dev', approvers: ['lead@acme.test'] },
      ],
      roles: [{ name: 'engineer', environments: refs }, { name: 'reader', environments: ['acme:payments/dev'] }],
    }),
  );
  const listing: AccessListing = { requests: mine, problems: [] };
  const onboarding = new OnboardingService({ profiles: services.profiles, roles: new RoleStore(dataDir), status: services.status, catalog: services.catalog, myRequests: async () => listing });
  return { services, onboarding, acme };
}

const pending = (ref: string): AccessRequestView =>
  ({ id: 'req-1', ref, backend: 'acme', reason: 'Day one', durationSeconds: 3600, requester: null, createdAt: '', requestExpiresAt: '', state: 'pending', box: 'mine',
     device: { fingerprint: 'ffff', trust: 'mine' }, tampered: false, decision: null, secondsLeft: 100, problem: null }) as AccessRequestView;

describe('the day-one checklist (electron/onboarding)', () => {
  it('names each environment by what a real read found, and each backend by what it answered', async () => {
    const { onboarding, acme } = await world([pending('acme:payments/asked')]);
    const list = await onboarding.checklist('engineer');
    expect(list.backends.map((b) => [b.name, b.state])).toEqual([['acme', 'signed-in'], ['down', 'signed-out']]);
    expect(list.environments.map((e) => [e.ref, e.state, e.next?.action ?? null])).toEqual([
      ['acme:payments/dev', 'ready', null],
      // Granted by the access answer, but the read fails: not ready.
      ['acme:payments/broken', 'unreadable', null],
      ['acme:payments/staging', 'missing', 'request-access'],
      ['acme:payments/asked', 'requested', 'list-requests'],
      ['acme:payments/prod', 'denied', null],
      // The backend could not be asked: its own next step (sign in), never a "denied".
      ['down:web/dev', 'unknown', 'login'],
    ]);
    expect(list.environments[1]!.detail).toContain('acme has no secret at payments/broken');
    expect(list.environments[2]).toMatchObject({ maxTtl: '8h', defaultTtl: '4h', approvers: ['lead@acme.test'] });
    expect(list.environments[3]).toMatchObject({ request: { id: 'req-1', state: 'pending' } });
    expect(list.done).toBe(false);
    // "Ready" came from reading: the fake recorded no read of values (describe is names only), and no value is in the answer.
    expect(JSON.stringify(list)).not.toContain('fake-api-key-not-real');
    expect(acme.calls.read).toEqual([]);
  });

  it('is done only when every backend answers and every environment was read', async () => {
    const { onboarding } = await world();
    expect(await onboarding.checklist('reader')).toMatchObject({ done: true, backends: [{ name: 'acme', state: 'signed-in' }], environments: [{ state: 'ready' }] });
  });

  it('keeps the chosen role (and forgets one the profile no longer has); refuses an unknown role', async () => {
    const { onboarding, services } = await world();
    await expect(onboarding.checklist()).rejects.toMatchObject({ code: 'BAD_REQUEST', next: { action: 'choose-role' } });
    await expect(onboarding.chooseRole('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', hint: 'Roles in the acme profile: engineer, reader.' });
    await onboarding.chooseRole('reader');
    expect((await onboarding.checklist()).role).toBe('reader');
    await services.profiles.save(TeamProfile.parse({ version: 1, team: 'acme', roles: [{ name: 'engineer', environments: [] }] }));
    expect(await onboarding.chosenRole()).toBeNull();
  });
});
