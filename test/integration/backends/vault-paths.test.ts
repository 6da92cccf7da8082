import { afterAll, describe, expect, inject, it } from 'vitest';
import type { VaultBackendConfig } from '../../../shared/backends';
import type { EnvLocator } from '../../../electron/backends/types';
import { createVaultBackend } from '../../../electron/backends/vault/adapter';
import { MemoryStore } from '../../support/memory-store';
import { countingProxy, rootClient } from '../catalog/openbao-fixture';

/**
 * Paths come from the team profile and from refs people type; the schemas refuse `.`/`..`, and the Vault
 * client refuses them again and encodes every segment. Judged at the server: a proxy logs every request
 * line OpenBao receives, and with a ROOT token (which may read `sys/policy`) none may leave the KV mount.
 */
describe('Vault paths never leave the KV mount', () => {
  const openbao = inject('openbao');
  const proxies: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => Promise.all(proxies.map((p) => p.close())));

  async function rootAdapter(overrides: Partial<VaultBackendConfig> = {}) {
    const root = rootClient(openbao.address, openbao.token);
    const mount = await root.kvMount();
    await root.put(mount, 'payments/dev', { API_KEY: 'fake-api-key-not-real' });
    const proxy = await countingProxy(openbao.address);
    proxies.push(proxy);
    // Built directly, past the schemas: this is the last line of defence.
    const config = { name: 'acme', kind: 'vault', url: proxy.url, kvMount: mount, auth: { method: 'token' }, ...overrides } as VaultBackendConfig;
    const adapter = createVaultBackend({ config, secretStore: new MemoryStore(), http: { maxAttempts: 1 } });
    await adapter.login({ method: 'token', token: openbao.token });
    proxy.reset();
    return { adapter, mount, proxy };
  }

  const at = (path: string): EnvLocator => ({ ref: 'acme:payments/dev', project: 'payments', env: 'dev', path });

  it.each(['../../sys/policy', 'payments/../../../sys/policy', './../sys/policy', 'payments/dev/..', 'payments\\..\\..\\sys\\policy'])(
    'refuses the secret path %s without sending anything',
    async (path) => {
      const { adapter, proxy } = await rootAdapter();
      await expect(adapter.describe(at(path))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(adapter.read(at(path))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(proxy.counted).toEqual([]);
    },
  );

  it('encodes every segment, so percent-encoded dots and a query stay names inside the mount', async () => {
    const { adapter, mount, proxy } = await rootAdapter();
    for (const path of ['payments/%2e%2e/%2e%2e/sys/policy', 'payments/dev?list=true', 'payments/dev#x', '%2E%2E/sys/policy']) {
      await expect(adapter.describe(at(path))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(proxy.counted.length).toBe(4);
    for (const line of proxy.counted) expect(line).toMatch(new RegExp(`^GET /v1/${mount}/data/\\S+ HTTP/1\\.1$`));
    expect(proxy.counted.join('\n')).not.toMatch(/ \/v1\/sys\/|\?/);
  });

  it('refuses a dynamic-secret path with ".." after reading only inside the mount', async () => {
    const { adapter, mount, proxy } = await rootAdapter();
    const env = { ...at('payments/dev'), dynamic: [{ variable: 'DATABASE_URL', path: 'database/creds/../../sys/policy', template: '{{keys}}' }] };
    await expect(adapter.read(env)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(proxy.counted).toEqual([`GET /v1/${mount}/data/payments/dev HTTP/1.1`]);
  });

  it('refuses a KV mount with ".." before it is used', async () => {
    const { adapter, proxy } = await rootAdapter({ kvMount: 'secret/../../sys' });
    await expect(adapter.describe(at('policy'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(adapter.discover()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(proxy.counted).toEqual([]);
  });
});
