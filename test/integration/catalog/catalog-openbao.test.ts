import { describe, expect, inject, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { TeamProfile } from '../../../shared/profile';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from './openbao-fixture';

const tempDir = useTempDirs();

// Services with an in-memory secret store (no keychain needed) and the adapter's request-counter hook.
async function servicesFor(profile: unknown) {
  const requests: string[] = [];
  const services = await createServices({
    dataDir: await tempDir(),
    secretStore: new MemoryStore(),
    backendHttp: { onRequest: ({ method, path }) => void requests.push(`${method} ${path}`) },
  });
  const parsed = TeamProfile.parse(profile);
  for (const backend of parsed.backends) await services.backends.upsert(backend);
  await services.profiles.save(parsed);
  return { services, requests };
}

describe('catalog against a real OpenBao', () => {
  const openbao = inject('openbao');

  it('lists granted, requestable, denied and discovered environments over the contract', async () => {
    const world = await acmeWorld(openbao);
    const { services } = await servicesFor(world.profile);
    await services.registry.get('acme').then((b) => b.login({ method: 'token', token: world.token }));
    const result = await services.dispatch('catalog:list', {});
    expect(result.ok).toBe(true);
    const envs = (result as { value: Array<{ ref: string; access: string; source: string }> }).value;
    expect(Object.fromEntries(envs.map((e) => [e.ref, [e.access, e.source]]))).toEqual({
      'acme:payments/dev': ['granted', 'profile'],
      'acme:payments/staging': ['requestable', 'profile'],
      'acme:payments/prod': ['denied', 'profile'],
      'acme:search/qa': ['denied', 'discovered'],
    });
  });

  it('checks 500 profile environments with at most 4 HTTP requests', async () => {
    const world = await acmeWorld(openbao);
    const environments = Array.from({ length: 500 }, (_, i) => ({ ref: `acme:team${i % 50}/env${i}` }));
    const { services, requests } = await servicesFor({ ...world.profile, environments });
    await services.registry.get('acme').then((b) => b.login({ method: 'token', token: world.token }));
    requests.splice(0);
    const envs = await services.catalog.list();
    expect(envs.length).toBe(500 + 3); // + the discovered payments/dev, payments/staging, search/qa
    expect(requests.length, requests.join('\n')).toBeLessThanOrEqual(4);
  });

  it('describes secrets without values and reveals one key over the contract, audited', async () => {
    const world = await acmeWorld(openbao);
    const { services } = await servicesFor(world.profile);
    await services.registry.get('acme').then((b) => b.login({ method: 'token', token: world.token }));
    const described = await services.dispatch('secrets:describe', { ref: 'acme:payments/dev' });
    expect(described).toMatchObject({ ok: true, value: { secrets: [{ key: 'API_KEY', version: 1, stale: false }, { key: 'PORT' }] } });
    expect(JSON.stringify(described)).not.toContain('fake-api-key-not-real');
    expect(await services.dispatch('secrets:reveal', { ref: 'acme:payments/dev', key: 'API_KEY' })).toEqual({
      ok: true,
      value: { ref: 'acme:payments/dev', key: 'API_KEY', value: 'fake-api-key-not-real' },
    });
    expect(await services.dispatch('secrets:reveal', { ref: 'acme:payments/staging', key: 'API_KEY' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const audit = await services.audit.list();
    expect(audit.map((e) => [e.action, e.target, e.outcome])).toEqual([
      ['secret.reveal', 'acme:payments/dev', 'ok'],
      ['secret.reveal', 'acme:payments/staging', 'denied'],
    ]);
  });
});
