import { RotateSecretCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsBackend } from '../../../electron/backends/aws/adapter';
import { createBackend } from '../../../electron/backends/factory';
import { BackendRegistry } from '../../../electron/catalog/backend-registry';
import { CatalogService } from '../../../electron/catalog/catalog-service';
import { ProfileStore } from '../../../electron/config/profile-store';
import { BackendsStore } from '../../../electron/config/backends-store';
import { useTempDirs } from '../../support/temp-dir';
import type { EnvLocator } from '../../../electron/backends/types';
import { MemoryStore } from '../../support/memory-store';
import { MotoWorld, READER_ACTIONS, type AwsKeys } from '../../support/aws';

// moto enforces IAM actions here (test/setup/moto.ts): the access answers below come from moto's own
// policy decisions, not from anything this file stubs.
const world = new MotoWorld(inject('moto'));
afterAll(() => world.close());
const tempDir = useTempDirs();

const env = (name: string, project: string, envName: string, extra: Partial<EnvLocator> = {}): EnvLocator => ({ ref: `${name}:${project}/${envName}`, project, env: envName, path: `${world.prefix}${project}/${envName}`, ...extra });

async function signedIn(keys: AwsKeys, name = 'acme-aws') {
  const requests: string[] = [];
  const adapter = createAwsBackend({ config: world.config(name), secretStore: new MemoryStore(), http: { onRequest: (r) => void requests.push(r.path) } });
  await adapter.login({ method: 'keys', ...keys });
  requests.length = 0;
  return { adapter, requests };
}

beforeAll(async () => {
  await world.secret('payments/dev', { API_KEY: 'fake-api-key-dev-not-real', PORT: 8080, DEBUG: true, LIMITS: { max: 3 }, EMPTY: null });
  await world.secret('payments/staging', { API_KEY: 'fake-api-key-staging-not-real' });
  await world.secret('web/prod', 'postgres://fake-user:fake-pass@db.invalid/web');
  // Not environments: a deeper path, and Latchkey's own request ledger under the prefix.
  await world.secret('payments/dev/extra', { X: '1' });
  await world.secret('latchkey/requests/r-1', { state: 'pending' });
});

describe('AWS adapter on a real moto server', () => {
  it('discovers <prefix><project>/<env> secrets, paging through ListSecrets, and nothing else', async () => {
    const paging = new MotoWorld(inject('moto'));
    try {
      await Promise.all(Array.from({ length: 105 }, (_, i) => paging.secret(`p${Math.floor(i / 10)}/e${i % 10}`, { K: 'fake-value-not-real' })));
      await paging.secret('latchkey/requests/r-2', '{}');
      const keys = await paging.user(READER_ACTIONS);
      const requests: string[] = [];
      const adapter = createAwsBackend({ config: paging.config('paging'), secretStore: new MemoryStore(), http: { onRequest: (r) => void requests.push(r.path) } });
      await adapter.login({ method: 'keys', ...keys });
      requests.length = 0;
      const found = await adapter.discover();
      expect(found).toHaveLength(105);
      // The path is the secret's whole name: what reads ask for, and what defaultPath makes for a profile environment.
      expect(found).toContainEqual({ ref: 'paging:p3/e7', project: 'p3', env: 'e7', path: `${paging.prefix}p3/e7` });
      expect(adapter.defaultPath('p3', 'e7')).toBe(`${paging.prefix}p3/e7`);
      expect(requests).toEqual(['/ListSecretsCommand', '/ListSecretsCommand']);
    } finally {
      paging.close();
    }
  });

  it('the discovered environments of the main world exclude deeper paths and the request ledger', async () => {
    const { adapter } = await signedIn(await world.user(READER_ACTIONS));
    const refs = (await adapter.discover()).map((e) => e.ref).sort();
    expect(refs).toEqual(['acme-aws:payments/dev', 'acme-aws:payments/staging', 'acme-aws:web/prod']);
  });

  it('answers access for many environments with one BatchGetSecretValue per 20, missing secrets denied', async () => {
    const { adapter, requests } = await signedIn(await world.user(READER_ACTIONS));
    const envs = [env('acme-aws', 'payments', 'dev'), env('acme-aws', 'payments', 'staging'), env('acme-aws', 'payments', 'qa')];
    const access = await adapter.access(envs);
    expect(Object.fromEntries(access)).toEqual({ 'acme-aws:payments/dev': 'granted', 'acme-aws:payments/staging': 'granted', 'acme-aws:payments/qa': 'denied' });
    expect(requests).toEqual(['/BatchGetSecretValueCommand']);
  });

  it('an identity without BatchGetSecretValue (GetSecretValue only) gets the same answer, one secret at a time', async () => {
    const { adapter, requests } = await signedIn(await world.user(['secretsmanager:ListSecrets', 'secretsmanager:GetSecretValue']));
    const envs = [env('acme-aws', 'payments', 'dev'), env('acme-aws', 'payments', 'qa')];
    expect(Object.fromEntries(await adapter.access(envs))).toEqual({ 'acme-aws:payments/dev': 'granted', 'acme-aws:payments/qa': 'denied' });
    expect(requests.sort()).toEqual(['/BatchGetSecretValueCommand', '/GetSecretValueCommand', '/GetSecretValueCommand']);
  });

  it('an identity that may only list sees the environments but may read none of them', async () => {
    const { adapter } = await signedIn(await world.user(['secretsmanager:ListSecrets']));
    const found = await adapter.discover();
    expect(found.length).toBe(3);
    expect([...(await adapter.access(found)).values()]).toEqual(['denied', 'denied', 'denied']);
    await expect(adapter.read(env('acme-aws', 'payments', 'dev'))).rejects.toMatchObject({ code: 'FORBIDDEN', next: { action: 'request-access', ref: 'acme-aws:payments/dev' } });
  });

  it('reads a JSON object as variables: numbers, booleans and nested values become text', async () => {
    const { adapter, requests } = await signedIn(await world.user(READER_ACTIONS));
    const bundle = await adapter.read(env('acme-aws', 'payments', 'dev'));
    expect(bundle.values).toEqual({ API_KEY: 'fake-api-key-dev-not-real', PORT: '8080', DEBUG: 'true', LIMITS: '{"max":3}', EMPTY: '' });
    expect(bundle.leases).toEqual([]);
    expect(requests.sort()).toEqual(['/DescribeSecretCommand', '/GetSecretValueCommand']);
  });

  it('reads a plain-string secret under the profile valueKey, and refuses it without one (value never in the message)', async () => {
    const { adapter } = await signedIn(await world.user(READER_ACTIONS));
    const plain = env('acme-aws', 'web', 'prod');
    expect((await adapter.read({ ...plain, valueKey: 'DATABASE_URL' })).values).toEqual({ DATABASE_URL: 'postgres://fake-user:fake-pass@db.invalid/web' });
    const refused = await adapter.read(plain).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('one plain string') });
    expect(JSON.stringify(refused)).not.toContain('fake-pass');
    expect(String((refused as { hint?: string }).hint)).toContain('valueKey');
  });

  it('describes keys with the version id, the version date, the last change and the rotation', async () => {
    const { adapter } = await signedIn(await world.user(READER_ACTIONS));
    const staging = env('acme-aws', 'payments', 'staging');
    const id = `${world.prefix}payments/staging`;
    const before = await world.sm.send(new GetSecretValueCommand({ SecretId: id }));
    const described = await world.sm.send(new DescribeSecretCommand({ SecretId: id }));
    expect(await adapter.describe(staging)).toEqual([
      {
        key: 'API_KEY',
        version: null,
        versionId: before.VersionId,
        createdAt: before.CreatedDate!.toISOString(),
        updatedAt: described.LastChangedDate!.toISOString(),
        rotation: { enabled: false, lastRotatedAt: null, nextRotationAt: null, everyDays: null },
      },
    ]);

    // moto applies a rotation without a Lambda (AWS would run one); RotateImmediately false keeps the value.
    await world.sm.send(new RotateSecretCommand({ SecretId: id, RotationRules: { AutomaticallyAfterDays: 30 }, RotateImmediately: false }));
    const rotated = await world.sm.send(new DescribeSecretCommand({ SecretId: id }));
    const [meta] = await adapter.describe(staging);
    expect(meta!.rotation).toEqual({ enabled: true, lastRotatedAt: rotated.LastRotatedDate!.toISOString(), nextRotationAt: rotated.NextRotationDate!.toISOString(), everyDays: 30 });
    expect(meta!.updatedAt).toBe(rotated.LastRotatedDate!.toISOString());
    expect((await adapter.read(staging)).values).toEqual({ API_KEY: 'fake-api-key-staging-not-real' });
  });

  it('a missing secret is NOT_FOUND, naming the secret and never a credential', async () => {
    const keys = await world.user(READER_ACTIONS);
    const { adapter } = await signedIn(keys);
    const error = await adapter.read(env('acme-aws', 'payments', 'qa')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`${world.prefix}payments/qa`) });
    expect(JSON.stringify({ m: (error as Error).message, h: (error as { hint?: string }).hint })).not.toContain(keys.secretAccessKey);
  });

  it('login with an unknown key is refused before anything is stored', async () => {
    const store = new MemoryStore();
    const adapter = createAwsBackend({ config: world.config('acme-aws'), secretStore: store });
    await expect(adapter.login({ method: 'keys', accessKeyId: 'FAKEACCESSKEYEXAMPLE', secretAccessKey: 'fake-secret-access-key-not-real' })).rejects.toMatchObject({
      code: expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/),
    });
    expect(store.entries.size).toBe(0);
  });

  it('the catalog flags a secret unchanged for over 365 days as stale (the clock moved, not the secret)', async () => {
    const dir = await tempDir();
    const backends = new BackendsStore(dir);
    await backends.upsert(world.config('acme-aws'));
    const store = new MemoryStore();
    const registry = new BackendRegistry(backends, (config) => createBackend(config, { secretStore: store }));
    await (await registry.get('acme-aws')).login({ method: 'keys', ...(await world.user(READER_ACTIONS)) });
    const at = (days: number) => new CatalogService({ profiles: new ProfileStore(dir), backends, registry, now: () => new Date(Date.now() + days * 86_400_000) });
    expect((await at(0).describe('acme-aws:payments/dev')).secrets[0]).toMatchObject({ ageDays: 0, stale: false });
    expect((await at(366).describe('acme-aws:payments/dev')).secrets[0]).toMatchObject({ ageDays: 366, stale: true });
  });
});
