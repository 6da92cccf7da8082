import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../electron/backends/http';
import { infisicalError, isAuthFailure } from '../../../electron/backends/infisical/errors';
import { merged } from '../../../electron/backends/infisical/secrets';

const res = (status: number, body: unknown, retryAfterMs: number | null = null): HttpResponse =>
  ({ status, body, retryAfterMs, headers: new Headers(), attempts: 1 }) as HttpResponse;
const ctx = { backend: 'acme-infisical', url: 'http://127.0.0.1:1', what: 'payments/prod' };

describe('Infisical error mapping', () => {
  it.each([
    [401, { error: 'UnauthorizedError', message: 'Token missing' }, 'UNAUTHENTICATED'],
    [403, { error: 'TokenError', message: 'Your token has expired. Please re-authenticate.' }, 'UNAUTHENTICATED'],
    [403, { error: 'PermissionDenied', message: 'You are not allowed to read on secrets' }, 'FORBIDDEN'],
    [404, { error: 'NotFound', message: "Secret with name 'X' not found" }, 'NOT_FOUND'],
    [422, { error: 'ValidationFailure', message: [{ path: ['recursive'], message: 'Invalid enum value' }] }, 'BAD_REQUEST'],
    [429, { error: 'RateLimitExceeded', message: 'Rate limit exceeded. Please try again in 3 seconds' }, 'RATE_LIMITED'],
    [503, null, 'BACKEND_UNAVAILABLE'],
  ])('maps HTTP %i (%o) to %s and names the backend', (status, body, code) => {
    const error = infisicalError(res(status, { reqId: 'req-AAAAAAAAAAAAAA', statusCode: status, ...body }), ctx);
    expect(error.code).toBe(code);
    expect(error.message).toContain('acme-infisical');
  });

  it('gives "sign in again" as a next step on 401, in the way the session was made, with no CLI words', () => {
    const plain = infisicalError(res(401, { error: 'UnauthorizedError', message: 'x' }), ctx);
    expect(plain.next).toEqual({ action: 'login', backend: 'acme-infisical' });
    expect(plain.hint).not.toMatch(/latchkey/);
    const person = infisicalError(res(401, { error: 'UnauthorizedError', message: 'x' }), { ...ctx, relogin: { action: 'login', backend: 'acme-infisical', via: 'browser' } });
    expect(person.next).toEqual({ action: 'login', backend: 'acme-infisical', via: 'browser' });
    expect(infisicalError(res(403, { error: 'PermissionDenied', message: 'x' }), ctx).hint).not.toMatch(/latchkey/);
  });

  it('treats 401, TokenError 403 and a logged-out user session (404 "Session not found") as a dead token', () => {
    expect(isAuthFailure(res(401, {}))).toBe(true);
    expect(isAuthFailure(res(403, { error: 'TokenError' }))).toBe(true);
    expect(isAuthFailure(res(404, { error: 'Session not found', message: 'The requested entity is not found' }))).toBe(true);
    expect(isAuthFailure(res(404, { error: 'NotFound', message: "Secret with name 'X' not found" }))).toBe(false);
    expect(isAuthFailure(res(403, { error: 'PermissionDenied' }))).toBe(false);
  });

  it('lets own secrets win over imported ones, whether imports is [] or absent', () => {
    const own = { secretKey: 'A', secretValue: 'own' };
    expect(merged({ secrets: [own], imports: [{ secretPath: '/s', environment: 'dev', secrets: [{ secretKey: 'A', secretValue: 'imp' }, { secretKey: 'B', secretValue: 'b' }] }] }).map((s) => s.secretValue)).toEqual(['own', 'b']);
    expect(merged({ secrets: [own] })).toEqual([own]);
  });
});
