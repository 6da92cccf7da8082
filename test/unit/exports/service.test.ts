import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SecretsBackend } from '../../../electron/backends/types';
import { BackendRegistry } from '../../../electron/catalog/backend-registry';
import { CatalogService } from '../../../electron/catalog/catalog-service';
import { ProfileStore } from '../../../electron/config/profile-store';
import { BackendsStore } from '../../../electron/config/backends-store';
import { createEventBus } from '../../../electron/event-bus';
import { ExportLedger } from '../../../electron/exports/ledger';
import { ExportService } from '../../../electron/exports/service';
import { AppError } from '../../../shared/errors';
import { TeamProfile } from '../../../shared/profile';
import { useTempDirs } from '../../support/temp-dir';
import { vaultConfig } from '../catalog/fake-backend';

const tempDir = useTempDirs();
const REF = 'acme:payments/dev';

/** A backend whose read mints one dynamic credential (with a lease) when the profile asks for DATABASE_URL. */
function leasingBackend() {
  const revoked: string[] = [];
  const renewals: Array<{ id: string; increment: number }> = [];
  /** The role's max TTL, as Vault would cap a renewal; `fail` makes the next renewals reject. */
  const role = { maxTtl: 24 * 3600, fail: false };
  const reads: Array<string[]> = [];
  let minted = 0;
  const backend = {
    name: 'acme',
    kind: 'vault',
    config: vaultConfig('acme'),
    defaultPath: (project: string, env: string) => `${project}/${env}`,
    async read(env) {
      reads.push((env.dynamic ?? []).map((d) => d.variable));
      const values: Record<string, string> = { API_KEY: 'fake-api-key-not-real', PORT: '8080' };
      const leases = (env.dynamic ?? []).map((d) => {
        values[d.variable] = `postgres://fake-user-${++minted}:fake-pass@db/app`;
        return { id: `database/creds/app/lease-${minted}`, backend: 'acme', durationSeconds: 3600, renewable: true, variable: d.variable };
      });
      return { values, meta: [], leases };
    },
    revokeLease: async (id: string) => void revoked.push(id),
    async renewLease(id: string, increment: number) {
      renewals.push({ id, increment });
      if (role.fail) throw new AppError('BAD_REQUEST', 'Vault backend "acme" could not renew database/creds/app/….');
      return { durationSeconds: Math.min(increment, role.maxTtl) };
    },
  } as Partial<SecretsBackend> as SecretsBackend;
  return { backend, revoked, reads, renewals, role };
}

async function setup(envExtra: Record<string, unknown> = {}) {
  const dir = await tempDir();
  const backends = new BackendsStore(dir);
  await backends.upsert(vaultConfig('acme'));
  const profiles = new ProfileStore(dir);
  await profiles.save(TeamProfile.parse({
    version: 1,
    team: 'acme',
    environments: [{ ref: REF, dynamic: [{ variable: 'DATABASE_URL', path: 'database/creds/app', template: 'x' }], ...envExtra }],
  }));
  const fake = leasingBackend();
  const registry = new BackendRegistry(backends, () => fake.backend);
  const audit = { entries: [] as Array<{ action: string; outcome: string; details?: Record<string, unknown> }>, append: vi.fn(async (e) => void audit.entries.push(e)) };
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const events = createEventBus();
  const expired: string[] = [];
  events.on('exports:expired', (e) => expired.push(e.id));
  const service = new ExportService({
    ledger: new ExportLedger(dir),
    catalog: new CatalogService({ profiles, backends, registry }),
    profiles,
    registry,
    audit,
    events,
    now: () => clock,
  });
  const work = await tempDir(); // outside the data dir: nothing is ever written inside it
  return { dir, service, fake, audit, expired, advance: (ms: number) => (clock += ms), out: path.join(work, '.env') };
}

describe('the export service', () => {
  it('records the leases a read created and revokes them when the export expires', async () => {
    const { service, fake, audit, expired, advance, out } = await setup();
    const { export: e, record } = await service.create({ ref: REF, path: out, ttl: '1h' });
    expect(record.leases).toEqual([{ id: 'database/creds/app/lease-1', backend: 'acme', variable: 'DATABASE_URL' }]);
    expect(e.keys).toEqual(['API_KEY', 'PORT', 'DATABASE_URL']);
    expect(await fs.readFile(out, 'utf8')).toContain('expires 2026-03-01T11:00:00.000Z');
    advance(3_600_000);
    expect(await service.list()).toEqual([]);
    expect(fake.revoked).toEqual(['database/creds/app/lease-1']);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(audit.entries.map((x) => x.action)).toEqual(['export.create', 'export.expire']);
    expect(expired).toEqual([e.id]);
  });

  it('mints no dynamic credential for keys that were not asked for', async () => {
    const { service, fake, out } = await setup();
    const { record } = await service.create({ ref: REF, path: out, keys: ['PORT'] });
    expect(fake.reads).toEqual([[]]);
    expect(record.leases).toEqual([]);
    expect(await fs.readFile(out, 'utf8')).toMatch(/^PORT=8080$/m);
    expect(await fs.readFile(out, 'utf8')).not.toContain('API_KEY');
  });

  it('names an unknown key, writes nothing and gives back credentials already minted', async () => {
    const { service, fake, audit, out } = await setup();
    await expect(service.create({ ref: REF, path: out, keys: ['DATABASE_URL', 'NOPE'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"NOPE"'),
      next: { action: 'describe', ref: REF },
    });
    expect(fake.revoked).toEqual(['database/creds/app/lease-1']);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await service.list()).toEqual([]);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'export.create', outcome: 'failed', details: { code: 'NOT_FOUND' } });
  });

  it("uses the profile's defaultTtl, and refuses more than its maxTtl naming the max before reading anything", async () => {
    const { service, fake, out } = await setup({ defaultTtl: '30m', maxTtl: '2h' });
    const { export: e } = await service.create({ ref: REF, path: out, keys: ['PORT'] });
    expect(e.secondsLeft).toBe(1800);
    await expect(service.create({ ref: REF, path: `${out}.2`, ttl: '3h' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('the max is 2h') });
    expect(fake.reads).toHaveLength(1);
  });

  it('extends within the max counted from creation, keeps the header honest, and refuses beyond it', async () => {
    const { service, out, advance } = await setup({ maxTtl: '3h' });
    const { export: e } = await service.create({ ref: REF, path: out, keys: ['PORT'], ttl: '1h' });
    advance(30 * 60_000);
    const extended = await service.extend(e.id.slice(0, 4), '2h');
    expect(extended).toMatchObject({ headerUpdated: true, export: { expiresAt: '2026-03-01T12:30:00.000Z' } });
    expect(await fs.readFile(out, 'utf8')).toContain('expires 2026-03-01T12:30:00.000Z');
    await expect(service.extend(e.id, '3h')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('the max is 3h') });
    // The rewritten file is still "ours": the sweeper removes it at the new expiry.
    advance(2 * 3_600_000);
    expect(await service.list()).toEqual([]);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('revokes by id, audits it, and then no longer knows the id', async () => {
    const { service, fake, audit, out } = await setup();
    const { export: e } = await service.create({ ref: REF, path: out });
    expect(await service.revoke(e.id)).toEqual({ id: e.id, ref: REF, fileRemoved: true, left: null });
    expect(fake.revoked).toHaveLength(1);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'export.revoke', outcome: 'ok' });
    await expect(service.revoke(e.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("renews each lease to the export's TTL, without a warning when the backend grants it", async () => {
    const { service, fake, out } = await setup();
    const created = await service.create({ ref: REF, path: out, ttl: '8h' });
    expect(fake.renewals).toEqual([{ id: 'database/creds/app/lease-1', increment: 8 * 3600 }]);
    expect(created.warnings).toEqual([]);
  });

  it("warns with both times when the role's max TTL caps the credentials, and still writes the export", async () => {
    const { service, fake, out } = await setup();
    fake.role.maxTtl = 3600;
    const created = await service.create({ ref: REF, path: out, ttl: '8h' });
    expect(created.warnings).toEqual([
      "DATABASE_URL's credentials end at 2026-03-01T11:00:00.000Z, before the export expires at 2026-03-01T18:00:00.000Z; the role's max TTL caps them.",
    ]);
    expect(created.warnings.join()).not.toContain('lease-1');
    expect(await fs.readFile(out, 'utf8')).toMatch(/^DATABASE_URL=/m);
  });

  it('warns instead of failing when the backend refuses the renewal', async () => {
    const { service, fake, out } = await setup();
    fake.role.fail = true;
    const created = await service.create({ ref: REF, path: out, ttl: '2h' });
    expect(created.warnings).toEqual([expect.stringMatching(/^DATABASE_URL's credentials could not be renewed to last until 2026-03-01T12:00:00.000Z/)]);
    expect(fake.revoked).toEqual([]);
  });

  it('renews the leases again to the new expiry when an export is extended', async () => {
    const { service, fake, out, advance } = await setup({ maxTtl: '8h' });
    const { export: e } = await service.create({ ref: REF, path: out, ttl: '1h' });
    advance(30 * 60_000);
    fake.role.maxTtl = 3 * 3600;
    const extended = await service.extend(e.id, '4h');
    expect(fake.renewals.at(-1)).toEqual({ id: 'database/creds/app/lease-1', increment: 4 * 3600 });
    expect(extended.warnings).toEqual([
      "DATABASE_URL's credentials end at 2026-03-01T13:30:00.000Z, before the export expires at 2026-03-01T14:30:00.000Z; the role's max TTL caps them.",
    ]);
  });

  it("renews the credentials of every active export again, to each one's expiry (the agent's lease task), naming the export in its warnings", async () => {
    const { service, fake, out, advance } = await setup();
    const { export: live } = await service.create({ ref: REF, path: out, ttl: '8h' });
    const { export: short } = await service.create({ ref: REF, path: `${out}.short`, ttl: '1h' });
    const { export: plain } = await service.create({ ref: REF, path: `${out}.plain`, keys: ['PORT'], ttl: '8h' });
    expect(plain.keys).toEqual(['PORT']); // no credential: nothing to renew
    advance(2 * 3600_000); // `short` has expired (the sweeper's business now)
    fake.renewals.length = 0;
    fake.role.maxTtl = 3600;
    const warnings = await service.renewHeldLeases();
    expect(fake.renewals).toEqual([{ id: 'database/creds/app/lease-1', increment: 6 * 3600 }]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^export ${live.id}: DATABASE_URL's credentials end at`))]);
    expect(warnings.join()).not.toContain(short.id);
  });
});
