import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { readDynamic, renderTemplate, type VaultRequester } from '../../../electron/backends/vault/dynamic';
import { vaultLeases } from '../../../electron/backends/vault/leases';

type Call = { method: string; path: string; body?: unknown };

/** A scripted VaultRequester: `answer` decides per call; every call is recorded. */
function fakeVault(answer: (call: Call) => unknown) {
  const calls: Call[] = [];
  const client: VaultRequester = {
    async request(method, path, body) {
      const call = { method, path, body };
      calls.push(call);
      const result = answer(call);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { client, calls };
}

const creds = (data: Record<string, unknown>, lease = 'database/creds/readonly/fakeLeaseSuffix') => ({
  lease_id: lease, lease_duration: 60, renewable: true, data,
});

describe('renderTemplate', () => {
  it('percent-encodes values when the template is a URL, so reserved characters cannot break it', () => {
    const out = renderTemplate('postgres://{{username}}:{{ password }}@127.0.0.1:5432/app',
      { username: 'v-root-ro', password: 'fake:p@ss/word?#' }, 'x');
    expect(out).toBe('postgres://v-root-ro:fake%3Ap%40ss%2Fword%3F%23@127.0.0.1:5432/app');
    expect(decodeURIComponent(new URL(out).password)).toBe('fake:p@ss/word?#');
  });

  it('inserts values verbatim when the template is not a URL, including any other data field', () => {
    expect(renderTemplate('user={{username}} pass={{password}} ttl={{ttl}}', { username: 'u', password: 'fake:p@ss', ttl: 30 }, 'x'))
      .toBe('user=u pass=fake:p@ss ttl=30');
  });

  it('rejects a placeholder the engine did not return, naming the field and never a value', () => {
    const error = (() => {
      try {
        renderTemplate('{{username}}/{{hostname}}', { username: 'u', password: 'fake-secret-value' }, 'Vault backend "b"');
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(error.message).toContain('{{hostname}}');
    expect(`${error.message} ${error.hint}`).not.toContain('fake-secret-value');
    expect(error.hint).toContain('password, username');
  });
});

describe('readDynamic', () => {
  it('GETs the path without a leading /v1/ and returns the rendered value with its lease', async () => {
    const { client, calls } = fakeVault(() => creds({ username: 'u1', password: 'fake-pw' }));
    const variable = { variable: 'DATABASE_URL', path: '/v1/database/creds/readonly', template: 'postgres://{{username}}:{{password}}@h/app' };
    const out = await readDynamic(client, variable, 'acme-vault');
    expect(calls).toEqual([{ method: 'GET', path: 'database/creds/readonly', body: undefined }]);
    expect(out).toEqual({
      value: 'postgres://u1:fake-pw@h/app',
      lease: { id: 'database/creds/readonly/fakeLeaseSuffix', backend: 'acme-vault', durationSeconds: 60, renewable: true },
    });
  });

  it('revokes the fresh lease when the template cannot be rendered', async () => {
    const { client, calls } = fakeVault((call) => (call.method === 'GET' ? creds({ username: 'u1' }) : null));
    const variable = { variable: 'DATABASE_URL', path: 'database/creds/readonly', template: '{{username}}:{{password}}' };
    await expect(readDynamic(client, variable, 'acme-vault')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(calls[1]).toEqual({ method: 'PUT', path: 'sys/leases/revoke', body: { lease_id: 'database/creds/readonly/fakeLeaseSuffix' } });
  });

  it('refuses an answer without a lease (e.g. a KV path), since it could never be revoked', async () => {
    const { client } = fakeVault(() => ({ lease_id: '', lease_duration: 0, renewable: false, data: { username: 'u' } }));
    const error = await readDynamic(client, { variable: 'X', path: 'secret/data/app', template: '{{username}}' }, 'acme-vault').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error as Error).message).toContain('acme-vault');
  });

  it('passes the http layer\'s AppError through unchanged', async () => {
    const denied = new AppError('FORBIDDEN', 'Vault backend "acme-vault" refused access to database/creds/readonly.');
    const { client } = fakeVault(() => denied);
    await expect(readDynamic(client, { variable: 'X', path: 'database/creds/readonly', template: '{{username}}' }, 'acme-vault')).rejects.toBe(denied);
  });
});

describe('vaultLeases', () => {
  it('renews by the increment asked for and reports what Vault granted (less at the max TTL)', async () => {
    const { client, calls } = fakeVault(() => ({ lease_id: 'x', lease_duration: 4, renewable: true }));
    expect(await vaultLeases({ client, backend: 'acme-vault' }).renew('database/creds/ro/a', 30)).toEqual({ durationSeconds: 4 });
    expect(calls).toEqual([{ method: 'PUT', path: 'sys/leases/renew', body: { lease_id: 'database/creds/ro/a', increment: 30 } }]);
  });

  it('revokes synchronously, and names the path (not the lease id) when it cannot', async () => {
    const { client, calls } = fakeVault(() => new AppError('FORBIDDEN', 'denied'));
    const error = await vaultLeases({ client, backend: 'acme-vault' }).revoke('database/creds/ro/secretSuffix').catch((e: unknown) => e);
    expect(calls[0]).toEqual({ method: 'PUT', path: 'sys/leases/revoke', body: { lease_id: 'database/creds/ro/secretSuffix', sync: true } });
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'Vault backend "acme-vault" could not revoke database/creds/ro/….' });
  });
});
