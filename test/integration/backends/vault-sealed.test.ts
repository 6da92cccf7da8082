import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenBao, type OpenBaoServer } from '../../setup/openbao-server';
import { envAt, makeAdapter, rootCall } from './vault-fixtures';

// A dedicated dev server: sealing the shared one would break every other integration file.
describe('Vault adapter against a sealed OpenBao', () => {
  let server: OpenBaoServer;

  beforeAll(async () => {
    server = await startOpenBao();
    await rootCall('POST', 'secret/data/sealed/dev', { data: { K: 'fake-value-not-real' } }, server.address, server.token);
  });
  afterAll(() => server?.stop());

  it('maps 503 "Vault is sealed" to SEALED with the operator hint, without retrying', async () => {
    const { adapter, counter } = makeAdapter({ url: server.address });
    await adapter.login({ method: 'token', token: server.token });
    await rootCall('PUT', 'sys/seal', undefined, server.address, server.token);
    counter.requests = 0;
    const error = await adapter.read(envAt('test-vault', 'sealed', 'dev')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SEALED',
      message: `Vault at ${server.address} is sealed.`,
      hint: 'Ask an operator to unseal it, then retry.',
    });
    expect(counter.requests).toBe(1);
    const health = await adapter.health();
    expect(health).toMatchObject({ reachable: true, signedIn: false, sealed: true });
    expect(health.detail).toContain('sealed');
  });
});
