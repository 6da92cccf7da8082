import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { readDynamic, renderTemplate, type VaultRequester } from '../../../electron/backends/vault/dynamic';
import { createLeaseKeeper } from '../../../electron/backends/vault/leases';
import type { Lease } from '../../../electron/backends/types';

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

describe('LeaseKeeper', () => {
  afterEach(() => vi.useRealTimers());
  const lease = (id: string, durationSeconds = 30, renewable = true): Lease => ({ id: `database/creds/ro/${id}`, backend: 'acme-vault', durationSeconds, renewable });

  it('renews only once less than a third of the TTL remains, asking for the original TTL again', async () => {
    let now = 0;
    const { client, calls } = fakeVault(() => ({ lease_id: 'x', lease_duration: 30, renewable: true }));
    const keeper = createLeaseKeeper({ client, backend: 'acme-vault', now: () => now });
    keeper.track(lease('a'));
    keeper.track(lease('fixed', 30, false));
    now = 19_000;
    expect(await keeper.tick()).toEqual({ renewed: [], failed: [] });
    now = 21_000;
    expect((await keeper.tick()).renewed).toEqual(['database/creds/ro/a']);
    expect(calls).toEqual([{ method: 'PUT', path: 'sys/leases/renew', body: { lease_id: 'database/creds/ro/a', increment: 30 } }]);
    now = 40_000; // 19 s after the renewal: not due again yet
    expect((await keeper.tick()).renewed).toEqual([]);
  });

  it('stops renewing a lease capped by its max TTL', async () => {
    let now = 0;
    const { client, calls } = fakeVault(() => ({ lease_id: 'x', lease_duration: 4, renewable: true }));
    const keeper = createLeaseKeeper({ client, backend: 'acme-vault', now: () => now });
    keeper.track(lease('a'));
    now = 25_000;
    await keeper.tick();
    now = 28_000;
    await keeper.tick();
    expect(calls).toHaveLength(1);
    expect(keeper.tracked()[0]?.durationSeconds).toBe(4);
  });

  it('drops a lease Vault no longer knows (EXPIRED) but keeps one that failed for a transient reason', async () => {
    let now = 0;
    const { client } = fakeVault((call) => {
      const id = (call.body as { lease_id: string }).lease_id;
      return id.endsWith('gone')
        ? new AppError('BAD_REQUEST', 'Vault backend "acme-vault" rejected the request.')
        : new AppError('BACKEND_UNAVAILABLE', 'Vault backend "acme-vault" did not answer.');
    });
    const keeper = createLeaseKeeper({ client, backend: 'acme-vault', now: () => now });
    keeper.track(lease('gone'));
    keeper.track(lease('flaky'));
    now = 25_000;
    const result = await keeper.tick();
    expect(result.failed.map((f) => [f.leaseId, f.error.code])).toEqual([
      ['database/creds/ro/gone', 'EXPIRED'],
      ['database/creds/ro/flaky', 'BACKEND_UNAVAILABLE'],
    ]);
    expect(result.failed[1]!.error.message).toBe('Vault backend "acme-vault" could not renew database/creds/ro/….');
    expect(keeper.tracked().map((l) => l.id)).toEqual(['database/creds/ro/flaky']);
  });

  it('revokeAll revokes synchronously, keeps the failures tracked and reports them in one error', async () => {
    const { client, calls } = fakeVault((call) =>
      (call.body as { lease_id: string }).lease_id.endsWith('b') ? new AppError('FORBIDDEN', 'denied') : null);
    const keeper = createLeaseKeeper({ client, backend: 'acme-vault' });
    keeper.track(lease('a'));
    keeper.track(lease('b'));
    const error = await keeper.revokeAll().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect((error as Error).message).toContain('could not revoke 1 of 2 leases');
    expect(calls[0]).toEqual({ method: 'PUT', path: 'sys/leases/revoke', body: { lease_id: 'database/creds/ro/a', sync: true } });
    expect(keeper.tracked().map((l) => l.id)).toEqual(['database/creds/ro/b']);
  });

  it('start() renews on an unref\'d timer aimed at the due time and reports background failures', async () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    let fail = false;
    const { client, calls } = fakeVault(() => (fail ? new AppError('BACKEND_UNAVAILABLE', 'down') : { lease_duration: 30, renewable: true }));
    const keeper = createLeaseKeeper({ client, backend: 'acme-vault', onError: (e) => errors.push(e.code) });
    keeper.track(lease('a'));
    keeper.start();
    await vi.advanceTimersByTimeAsync(19_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(1);
    fail = true; // next due at 40 s (renewed at 20 s for 30 s); one failed attempt by 40.5 s
    await vi.advanceTimersByTimeAsync(19_500);
    expect(errors).toEqual(['BACKEND_UNAVAILABLE']);
    keeper.stop();
    const count = calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(count);
  });
});
