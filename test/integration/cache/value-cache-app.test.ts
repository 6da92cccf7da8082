import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices, type Services } from '../../../electron/services';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { MotoWorld, READER_ACTIONS } from '../../support/aws';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();

/**
 * The value cache as the app uses it: every call goes through the IPC dispatch, and requests are counted
 * where they arrive — proxies in front of the real OpenBao and moto, and the simulators' own request logs.
 */
describe('the value cache in the app (dispatch), counted at the servers', () => {
  const openbao = inject('openbao');
  let proxy: FaultProxy;
  let awsProxy: FaultProxy;
  const aws = new MotoWorld(inject('moto'));
  let doppler: DopplerSimulator;
  let infisical: InfisicalSimulator;
  let services: Services;
  let world: Awaited<ReturnType<typeof acmeWorld>>;
  let dir: string;
  let project: string;

  /** Requests each server has seen so far. */
  const seen = () => ({ vault: proxy.requests.length, doppler: doppler.requests.length, infisical: infisical.requests.count, aws: awsProxy.requests.length });
  const since = (before: ReturnType<typeof seen>) => {
    const now = seen();
    return { vault: now.vault - before.vault, doppler: now.doppler - before.doppler, infisical: now.infisical - before.infisical, aws: now.aws - before.aws };
  };
  const refs = { vault: 'acme:payments/dev', doppler: 'dop:backend/dev', infisical: 'inf:payments/dev', aws: 'sm:payments/dev' } as const;
  const keys = { vault: 'API_KEY', doppler: 'API_KEY', infisical: 'STRIPE_KEY', aws: 'API_KEY' } as const;
  const values = { vault: 'fake-api-key-not-real', doppler: 'fake-api-key-dev-not-real', infisical: 'sk_test_fake_not_real_dev', aws: 'fake-api-key-aws-not-real' } as const;
  const kinds = ['vault', 'doppler', 'infisical', 'aws'] as const;

  async function revealAll() {
    for (const kind of kinds) {
      expect(await services.dispatch('secrets:reveal', { ref: refs[kind], key: keys[kind] })).toEqual({
        ok: true,
        value: { ref: refs[kind], key: keys[kind], value: values[kind] },
      });
    }
  }

  beforeAll(async () => {
    proxy = await startFaultProxy(openbao.address);
    awsProxy = await startFaultProxy(aws.moto.endpoint, { keepHost: true });
    await aws.secret('payments/dev', { API_KEY: values.aws });
    const awsKeys = await aws.user(READER_ACTIONS);
    doppler = await startDopplerSimulator();
    infisical = await startInfisicalSimulator({ seed: 'sample' });
    world = await acmeWorld(openbao, proxy.url);
    dir = await tempDir();
    project = await tempDir();
    services = await createServices({ dataDir: dir, secretStore: new MemoryStore(), env: {} });
    const { backends, registry } = services;
    await backends.upsert({ name: 'acme', kind: 'vault', url: proxy.url, kvMount: world.mount, auth: { method: 'token' } });
    await backends.upsert({ name: 'dop', kind: 'doppler', url: doppler.url, auth: { method: 'token' } });
    await backends.upsert({ name: 'inf', kind: 'infisical', url: infisical.url, auth: { method: 'universal' } });
    await backends.upsert(aws.config('sm', { endpoint: awsProxy.url }));
    await (await registry.get('acme')).login({ method: 'token', token: world.token });
    await (await registry.get('dop')).login({ method: 'token', token: SAMPLE_TOKENS.admin });
    await (await registry.get('inf')).login({ method: 'universal', ...SAMPLE.identities.admin });
    await (await registry.get('sm')).login({ method: 'keys', ...awsKeys });
  });
  afterAll(async () => {
    await services?.close();
    await Promise.all([proxy?.close(), awsProxy?.close(), doppler?.close(), infisical?.close()]);
    aws.close();
  });

  it('a second reveal, an export and a describe within the TTL make 0 requests; cache:clear and sign-out read again', async () => {
    // Answering access keeps no value: AWS reads secrets to learn access (BatchGetSecretValue), and drops them.
    const beforeList = seen();
    const listed = await services.dispatch('catalog:list', {});
    expect((listed as { value: Array<{ ref: string; access: string }> }).value).toContainEqual(expect.objectContaining({ ref: refs.aws, access: 'granted' }));
    expect(since(beforeList).aws).toBeGreaterThan(0);
    expect(await services.dispatch('cache:clear', {})).toEqual({ ok: true, value: { cleared: 0 } });

    // A fresh answer says so: read now, kept for the TTL.
    const started = Date.now();
    const fresh = await services.dispatch('secrets:describe', { ref: refs.vault });
    expect(fresh, JSON.stringify(fresh)).toMatchObject({ ok: true, value: { fromCache: false } });
    const kept = (fresh as { value: { readAt: string; cachedUntil: string } }).value;
    expect(Date.parse(kept.readAt)).toBeGreaterThanOrEqual(started - 1);
    expect(Date.parse(kept.cachedUntil) - Date.parse(kept.readAt)).toBe(15 * 60_000);

    let before = seen();
    await revealAll();
    const first = since(before);
    expect(first.vault).toBeGreaterThan(0);
    expect(first.doppler).toBeGreaterThan(0);
    expect(first.infisical).toBeGreaterThan(0);
    expect(first.aws).toBeGreaterThan(0);

    before = seen();
    await revealAll();
    for (const kind of kinds) {
      const out = path.join(project, `${kind}.env`); // never the data dir: Latchkey writes no export there
      const created = await services.dispatch('exports:create', { ref: refs[kind], path: out, keys: [keys[kind]] });
      expect(created.ok, JSON.stringify(created)).toBe(true);
      expect(await fs.readFile(out, 'utf8')).toContain(values[kind]);
      const described = await services.dispatch('secrets:describe', { ref: refs[kind] });
      expect(described).toMatchObject({ ok: true, value: { fromCache: true, readAt: expect.any(String), cachedUntil: expect.any(String) } });
      const { readAt, cachedUntil } = (described as { value: { readAt: string; cachedUntil: string } }).value;
      expect(Date.parse(cachedUntil) - Date.parse(readAt)).toBe(15 * 60_000);
    }
    const second = since(before);
    console.info(`[value cache] requests at the servers, first read: ${JSON.stringify(first)}; second read, export and describe: ${JSON.stringify(second)}`);
    expect(second).toEqual({ vault: 0, doppler: 0, infisical: 0, aws: 0 });

    expect(await services.dispatch('cache:clear', {})).toEqual({ ok: true, value: { cleared: 4 } });
    before = seen();
    await revealAll();
    const afterClear = since(before);
    expect(afterClear.vault).toBeGreaterThan(0);
    expect(afterClear.doppler).toBeGreaterThan(0);
    expect(afterClear.infisical).toBeGreaterThan(0);
    expect(afterClear.aws).toBeGreaterThan(0);

    // Signing out drops that backend's values: the next read goes to the server (and is refused).
    await (await services.registry.get('dop')).logout();
    before = seen();
    expect(await services.dispatch('secrets:reveal', { ref: refs.doppler, key: keys.doppler })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await services.dispatch('secrets:reveal', { ref: refs.vault, key: keys.vault })).toMatchObject({ ok: true });
    expect(since(before)).toMatchObject({ vault: 0 });
  });
});
