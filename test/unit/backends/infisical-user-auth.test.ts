import { packRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import { readRule } from '../../../electron/backends/infisical/access-approvals';
import { RequestViewWire, stateOf } from '../../../electron/backends/infisical/access-schemas';
import { jwtClaims, tokenFromPaste } from '../../../electron/backends/infisical/user-auth';
import { createRedactor } from '../../../electron/backends/redact';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const fakeJwt = (claims: Record<string, unknown>) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${b64url(claims)}.fake-signature-not-real`;

describe('Infisical user sign-in helpers', () => {
  it('packs the read rule exactly as the web app does with @casl/ability packRules', () => {
    const rule = { action: 'read', subject: 'secrets', conditions: { environment: 'prod', secretPath: { $glob: '/api' } } };
    expect(readRule('prod', '/api')).toEqual(packRules([rule]));
  });

  it('takes the paste fallback as the base64 JSON the page shows, or a bare token; anything else is refused', () => {
    const token = fakeJwt({ authTokenType: 'accessToken' });
    const shown = Buffer.from(JSON.stringify({ JTWToken: token, email: 'dev@acme.example.test', privateKey: '' })).toString('base64');
    expect(tokenFromPaste(`${shown}\n`)).toBe(token);
    expect(tokenFromPaste(token)).toBe(token);
    expect(() => tokenFromPaste('not a token')).toThrow(/not the sign-in token/);
    expect(() => tokenFromPaste(Buffer.from('{"token":"x"}').toString('base64'))).toThrow(/not the sign-in token/);
  });

  it('reads claims without trusting them, and gives null for what is not a JWT', () => {
    expect(jwtClaims(fakeJwt({ authTokenType: 'accessToken', organizationId: 'org-1', exp: 1_900_000_000 }))).toMatchObject({ organizationId: 'org-1', exp: 1_900_000_000 });
    expect(jwtClaims('garbage')).toBeNull();
    expect(jwtClaims('a.b!!.c')).toBeNull();
  });

  it('masks JWTs in any text as a safety net, even ones nobody registered', () => {
    const token = fakeJwt({ authTokenType: 'accessToken', userId: 'u-1' });
    expect(createRedactor().redact(`server said: bad token ${token}.`)).toBe('server said: bad token [redacted].');
  });
});

describe('Infisical request state, computed at read time', () => {
  const base = {
    id: 'r1', policyId: 'p1', privilegeId: null, isTemporary: true, temporaryRange: '1h', permissions: readRule('prod', '/'), requestedByUserId: 'u1',
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', environmentName: 'prod', isApproved: false, privilege: null,
    policy: { id: 'p1', name: 'prod-access', approvals: 1, approvers: [] }, reviewers: [], requestedByUser: { userId: 'u1' },
  };
  const at = (iso: string) => Date.parse(iso);
  const view = (extra: Record<string, unknown>) => RequestViewWire.parse({ ...base, ...extra });

  it.each([
    [{ status: 'pending', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-01T12:00:00.000Z', 'pending'],
    [{ status: 'pending', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-02T00:00:00.000Z', 'lapsed'],
    [{ status: 'rejected' }, '2026-01-01T12:00:00.000Z', 'rejected'],
    [{ status: 'approved', privilegeId: 'pv', privilege: { isTemporary: true, temporaryAccessStartTime: '2026-01-01T01:00:00.000Z', temporaryAccessEndTime: '2026-01-01T02:00:00.000Z' } }, '2026-01-01T01:59:59.999Z', 'active'],
    [{ status: 'approved', privilegeId: 'pv', privilege: { isTemporary: true, temporaryAccessStartTime: '2026-01-01T01:00:00.000Z', temporaryAccessEndTime: '2026-01-01T02:00:00.000Z' } }, '2026-01-01T02:00:00.000Z', 'expired'],
    [{ status: 'approved', revokedByUserId: 'u9' }, '2026-01-01T01:00:00.000Z', 'revoked'],
    // Releases without `status`: derived from isApproved and the reviews.
    [{ reviewers: [{ userId: 'u2', status: 'rejected' }] }, '2026-01-01T01:00:00.000Z', 'rejected'],
  ])('%o at %s is %s', (extra, now, state) => {
    expect(stateOf(view(extra), at(now))).toBe(state);
  });
});
