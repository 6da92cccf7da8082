import { describe, expect, it } from 'vitest';
import { vaultError } from '../../../electron/backends/vault/errors';
import type { HttpResponse } from '../../../electron/backends/http';

const res = (status: number, errors: string[] = [], retryAfterMs: number | null = null): HttpResponse =>
  ({ status, headers: new Headers(), body: { errors }, retryAfterMs, attempts: 1 });
const ctx = { backend: 'acme', url: 'https://vault.acme:8200', path: 'secret/data/pay/prod' };

describe('vaultError', () => {
  it('maps each status to a code with a message naming the backend', () => {
    expect(vaultError(res(400, ['invalid username or password']), { ...ctx, login: true })).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong username or password for acme.' });
    expect(vaultError(res(403, ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n']), ctx)).toMatchObject({ code: 'UNAUTHENTICATED', next: { action: 'login', backend: 'acme' } });
    expect(vaultError(res(403, ['permission denied']), { ...ctx, tokenInvalid: true }).code).toBe('UNAUTHENTICATED');
    expect(vaultError(res(403, ['permission denied']), { ...ctx, tokenInvalid: false })).toMatchObject({ code: 'FORBIDDEN', message: 'Your acme account lacks access to secret/data/pay/prod.' });
    expect(vaultError(res(404), ctx).message).toContain('secret/data/pay/prod');
    expect(vaultError(res(503, ['Vault is sealed']), ctx)).toMatchObject({ code: 'SEALED', message: 'Vault at https://vault.acme:8200 is sealed.' });
    expect(vaultError(res(429, [], 30_000), ctx)).toMatchObject({ code: 'RATE_LIMITED', hint: 'Wait 30 s, then retry.' });
    expect(vaultError(res(500), ctx).code).toBe('BACKEND_UNAVAILABLE');
    expect(vaultError(res(503, ['maintenance']), ctx).code).toBe('BACKEND_UNAVAILABLE');
  });
});
