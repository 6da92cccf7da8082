import { describe, expect, it } from 'vitest';
import { dopplerError, waitSeconds } from '../../../electron/backends/doppler/errors';
import { assertTokenShape, tokenKind } from '../../../electron/backends/doppler/client';
import type { HttpResponse } from '../../../electron/backends/http';
import { createRedactor } from '../../../electron/backends/redact';

const res = (status: number, body: unknown, headers: Record<string, string> = {}, retryAfterMs: number | null = null): HttpResponse => ({
  status,
  body,
  headers: new Headers(headers),
  retryAfterMs,
  attempts: 1,
});
const redactor = createRedactor();
const ctx = { backend: 'acme-doppler', url: 'https://api.doppler.invalid', what: 'backend/prd', redact: (t: string) => redactor.redact(t) };

describe('dopplerError', () => {
  it.each([
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [400, 'BAD_REQUEST'],
    [500, 'BACKEND_UNAVAILABLE'],
    [503, 'BACKEND_UNAVAILABLE'],
  ])('maps HTTP %i to %s and names the backend', (status, code) => {
    const error = dopplerError(res(status, { messages: ['x'], success: false }), ctx);
    expect(error.code).toBe(code);
    expect(error.message).toContain('acme-doppler');
  });

  it('never repeats a token the server echoed', () => {
    const token = 'dp.st.dev.fakeEchoedTokenNotRealAAAAAAAAAAAAAAAAAAAAAA';
    const error = dopplerError(res(403, { messages: [`token ${token} may not read`], success: false }), ctx);
    expect(error.message).not.toContain(token);
    expect(error.message).toContain('[redacted]');
  });

  it('says how long to wait: Retry-After first, then x-ratelimit-reset', () => {
    expect(dopplerError(res(429, null, {}, 7_000), ctx).message).toContain('wait 7 s');
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(waitSeconds(res(429, null, { 'x-ratelimit-reset': String(now / 1000 + 42) }), now)).toBe(42);
    expect(waitSeconds(res(429, null), now)).toBeNull();
  });
});

describe('Doppler token shapes', () => {
  it('tells service, service-account and personal tokens apart', () => {
    expect(tokenKind('dp.st.dev.abc')).toBe('service');
    expect(tokenKind('dp.sa.abc')).toBe('service_account');
    expect(tokenKind('dp.pt.abc')).toBe('personal');
  });

  it('rejects things that are not Doppler tokens without repeating them', () => {
    expect(() => assertTokenShape('hvs.fakeVaultTokenNotReal', 'acme-doppler')).toThrow(/does not look like a Doppler token/);
    expect(() => assertTokenShape('dp.pt.fakePersonalTokenNotRealAAAAAAAAAAAAAAAAAA', 'acme-doppler')).not.toThrow();
  });
});
