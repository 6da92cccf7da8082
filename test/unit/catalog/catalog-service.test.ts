import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/audit/audit-log';
import { BackendRegistry } from '../../../electron/catalog/backend-registry';
import { revealSecret } from '../../../electron/secrets/reveal';
import { CatalogService } from '../../../electron/catalog/catalog-service';
import { ProfileStore } from '../../../electron/config/profile-store';
import { BackendsStore } from '../../../electron/config/backends-store';
import { AppError } from '../../../shared/errors';
import { TeamProfile } from '../../../shared/profile';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';
import { fakeBackend, vaultConfig } from './fake-backend';

const tempDir = useTempDirs();
const NOW = new Date('2026-01-01T00:00:00Z');

async function setup(tables: Parameters<typeof fakeBackend>[1], profileEnvs: unknown[], roles: unknown[] = []) {
  const dir = await tempDir();
  const backends = new BackendsStore(dir);
  await backends.upsert(vaultConfig('acme'));
  const profiles = new ProfileStore(dir);
  await profiles.save(TeamProfile.parse({ version: 1, team: 'acme', environments: profileEnvs, roles }));
  const fake = fakeBackend(vaultConfig('acme'), tables);
  const registry = new BackendRegistry(backends, () => fake.backend);
  const catalog = new CatalogService({ profiles, backends, registry, now: () => NOW });
  const audit = new AuditLog({ dataDir: dir, store: new MemoryStore(), device: async () => null });
  return { catalog, audit, calls: fake.calls, dir };
}

describe('catalog', () => {
  it('marks granted from the backend, requestable from the profile, denied otherwise, in one access call', async () => {
    const { catalog, calls } = await setup(
      { granted: ['acme:payments/dev'], discovered: [{ project: 'payments', env: 'dev' }, { project: 'search', env: 'qa' }] },
      [
        { ref: 'acme:payments/dev' },
        { ref: 'acme:payments/staging', grantPolicy: 'payments-staging-read', approvers: ['lead@acme.test'], maxTtl: '8h' },
        { ref: 'acme:payments/prod' },
      ],
    );
    const envs = await catalog.list();
    const byRef = Object.fromEntries(envs.map((e) => [e.ref, e]));
    expect(byRef['acme:payments/dev']).toMatchObject({ access: 'granted', source: 'profile', kind: 'vault', project: 'payments', env: 'dev', requestable: null });
    expect(byRef['acme:payments/staging']).toMatchObject({
      access: 'requestable',
      requestable: { grantPolicy: 'payments-staging-read', approvers: ['lead@acme.test'], maxTtl: '8h', defaultTtl: null },
    });
    expect(byRef['acme:payments/prod']).toMatchObject({ access: 'denied', requestable: null });
    expect(byRef['acme:search/qa']).toMatchObject({ access: 'denied', source: 'discovered' });
    expect(envs).toHaveLength(4);
    expect(calls.discover).toBe(1);
    expect(calls.access).toHaveLength(1);
    expect(calls.access[0]!.sort()).toEqual(['acme:payments/dev', 'acme:payments/prod', 'acme:payments/staging', 'acme:search/qa']);
  });

  it('narrows to a role, including discovered environments', async () => {
    const { catalog } = await setup(
      { discovered: [{ project: 'search', env: 'qa' }, { project: 'other', env: 'x' }] },
      [{ ref: 'acme:payments/dev' }, { ref: 'acme:payments/prod' }],
      [{ name: 'search-dev', environments: ['acme:payments/dev', 'acme:search/qa'] }],
    );
    expect((await catalog.list({ role: 'search-dev' })).map((e) => e.ref).sort()).toEqual(['acme:payments/dev', 'acme:search/qa']);
    await expect(catalog.list({ role: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND', hint: expect.stringContaining('search-dev') });
  });

  it('still lists profile environments when a backend fails, with the reason', async () => {
    const { catalog } = await setup(
      { failWith: new AppError('UNAUTHENTICATED', 'You are not signed in to acme.') },
      [{ ref: 'acme:payments/dev', approvers: ['lead@acme.test'] }, { ref: 'ghost:payments/dev' }],
    );
    const envs = await catalog.list();
    // Unknown, never a guess: the backend was not asked, so "denied" would not be true. Who grants it still shows.
    expect(envs.find((e) => e.ref === 'acme:payments/dev')).toMatchObject({
      access: 'unknown',
      problem: 'You are not signed in to acme.',
      requestable: { approvers: ['lead@acme.test'] },
    });
    expect(envs.find((e) => e.ref === 'ghost:payments/dev')).toMatchObject({ access: 'unknown', kind: null, requestable: null, problem: expect.stringContaining('not configured') });
    expect((await catalog.scan()).problems).toEqual([
      { backend: 'acme', message: 'You are not signed in to acme.' },
      { backend: 'ghost', message: expect.stringContaining('not configured') },
    ]);
  });

  it('keeps an environment the backend could not answer for unknown, even when the profile says who grants it', async () => {
    const { catalog } = await setup({ unknown: ['acme:payments/staging'] }, [{ ref: 'acme:payments/staging', approvers: ['lead@acme.test'] }]);
    expect((await catalog.list())[0]).toMatchObject({ access: 'unknown', requestable: { approvers: ['lead@acme.test'] } });
  });

  it('reports a signed-out backend even when it has no environment to show', async () => {
    const { catalog } = await setup({ failWith: new AppError('UNAUTHENTICATED', 'You are not signed in to acme.') }, []);
    expect(await catalog.scan()).toEqual({ environments: [], problems: [{ backend: 'acme', message: 'You are not signed in to acme.' }] });
  });

  it('a failed discovery is a note for the backend, never a problem on environments whose access was answered', async () => {
    const { catalog, calls } = await setup(
      { granted: ['acme:payments/dev'], discoverFailsWith: new AppError('BAD_REQUEST', 'acme refused the request to list secret/metadata/.') },
      [{ ref: 'acme:payments/dev' }, { ref: 'acme:payments/staging', approvers: ['lead@acme.test'] }],
    );
    const { environments, problems } = await catalog.scan();
    expect(environments.map((e) => [e.ref, e.access, e.problem])).toEqual([
      ['acme:payments/dev', 'granted', null],
      ['acme:payments/staging', 'requestable', null],
    ]);
    expect(calls.access).toHaveLength(1);
    expect(problems).toEqual([{ backend: 'acme', message: 'acme refused the request to list secret/metadata/.' }]);
  });

  it('flags secrets unchanged for more than 365 days as stale', async () => {
    const { catalog } = await setup(
      {
        secrets: {
          'payments/dev': { values: { OLD_KEY: 'fake-old' }, updatedAt: '2024-12-01T00:00:00Z' },
          'payments/custom-path': { values: { NEW_KEY: 'fake-new' }, updatedAt: '2025-12-01T00:00:00Z' },
        },
      },
      [{ ref: 'acme:payments/staging', path: 'payments/custom-path' }],
    );
    expect((await catalog.describe('acme:payments/dev')).secrets).toEqual([
      { key: 'OLD_KEY', version: 3, createdAt: '2024-12-01T00:00:00Z', updatedAt: '2024-12-01T00:00:00Z', ageDays: 396, stale: true },
    ]);
    // The profile's `path` decides where the environment lives.
    expect((await catalog.describe('acme:payments/staging')).secrets[0]).toMatchObject({ key: 'NEW_KEY', ageDays: 31, stale: false });
  });

  it('rejects a malformed ref as a usage error', async () => {
    const { catalog } = await setup({}, []);
    await expect(catalog.describe('not a ref')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('<backend>:<project>/<env>') });
  });

  it('reveals one key and audits the reveal by key name, never by value', async () => {
    const { catalog, audit, calls } = await setup({ secrets: { 'payments/dev': { values: { API_KEY: 'fake-api-key-not-real', OTHER: 'fake-other' }, updatedAt: '2025-12-01T00:00:00Z' } } }, [
      { ref: 'acme:payments/dev', dynamic: [{ variable: 'DATABASE_URL', path: 'database/creds/app', template: 'postgres://{{username}}:{{password}}@db/app' }] },
    ]);
    expect(await revealSecret({ catalog, audit }, 'acme:payments/dev', 'API_KEY')).toEqual({ ref: 'acme:payments/dev', key: 'API_KEY', value: 'fake-api-key-not-real' });
    // A reveal must not mint dynamic credentials.
    expect(calls.read[0]!.dynamic).toEqual([]);
    await expect(revealSecret({ catalog, audit }, 'acme:payments/dev', 'MISSING')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const entries = await audit.list();
    expect(entries.map((e) => [e.action, e.target, e.outcome, e.details.key])).toEqual([
      ['secret.reveal', 'acme:payments/dev', 'ok', 'API_KEY'],
      ['secret.reveal', 'acme:payments/dev', 'failed', 'MISSING'],
    ]);
    expect(await fs.readFile(audit.file, 'utf8')).not.toContain('fake-api-key-not-real');
  });

  it('records a refused reveal as denied', async () => {
    const { catalog, audit } = await setup({}, []);
    await expect(revealSecret({ catalog, audit }, 'acme:payments/prod', 'API_KEY')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await audit.list())[0]).toMatchObject({ action: 'secret.reveal', outcome: 'denied', details: { key: 'API_KEY', code: 'FORBIDDEN' } });
  });
});
