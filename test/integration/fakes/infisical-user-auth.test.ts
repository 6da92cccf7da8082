import { InfisicalSDK } from '@infisical/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { simHttp } from '../../fakes/infisical/http-helper';

// The simulator's user sign-in, checked against the shapes read from the Infisical source (login-router.ts,
// auth-login-service.ts, auth-router.ts, verify-auth.ts, inject-identity.ts). @infisical/sdk has no user sign-in,
// so the vendor's own client is used only where it applies: reading secrets with the resulting user token.
let sim: InfisicalSimulator;
let call: ReturnType<typeof simHttp>;
const { lead, dev } = SAMPLE.users;

beforeAll(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
  call = simHttp(sim.url);
});
afterAll(() => sim.close());

async function signIn(user: { email: string; password: string }, org?: string) {
  const login = await call('POST', '/api/v3/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const orgs = await call('GET', '/api/v1/organization', { token: login.body.accessToken });
  const organizationId = org ?? orgs.body.organizations[0].id;
  const chosen = await call('POST', '/api/v3/auth/select-organization', { token: login.body.accessToken, body: { organizationId, userAgent: 'cli' } });
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  return { first: login.body.accessToken as string, token: chosen.body.token as string, orgs: orgs.body.organizations as Array<{ id: string; name: string; slug: string }> };
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('Infisical simulator: user sign-in as the CLI does it', () => {
  it('logs in with email + password, then scopes the token to the organization picked', async () => {
    const { first, token, orgs } = await signIn(dev);
    expect(claims(first)).toMatchObject({ authTokenType: 'accessToken', authMethod: 'email' });
    expect(claims(first).organizationId).toBeUndefined();
    expect(orgs.map((o) => o.name)).toEqual([SAMPLE.orgs.acme]);
    const scoped = claims(token);
    expect(scoped).toMatchObject({ authTokenType: 'accessToken', organizationId: orgs[0]!.id });
    // JWT_AUTH_LIFETIME defaults to 10 days.
    expect(scoped.exp - scoped.iat).toBe(864_000);
    expect(await call('POST', '/api/v1/auth/checkAuth', { token })).toEqual({ status: 200, body: { message: 'Authenticated' } });
    expect((await call('GET', '/api/v1/user', { token })).body.user).toMatchObject({ email: dev.email, username: dev.email });
  });

  it('refuses a token from login alone on project routes (no organization), but not on checkAuth', async () => {
    const { first } = await signIn(dev);
    expect((await call('POST', '/api/v1/auth/checkAuth', { token: first })).status).toBe(200);
    const projects = await call('GET', '/api/v1/projects', { token: first });
    expect(projects.status).toBe(401);
    expect(projects.body.error).toBe('/api/v1/projects Unauthorized Access, no organization found in request');
  });

  it('answers a wrong password, an unknown email and a legacy SRP account with 400s as the server does', async () => {
    const wrong = await call('POST', '/api/v3/auth/login', { body: { email: dev.email, password: 'fake-wrong-password' } });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'BadRequest', message: 'Invalid username or email' } });
    const unknown = await call('POST', '/api/v3/auth/login', { body: { email: 'nobody@acme.example.test', password: 'x' } });
    expect(unknown).toMatchObject({ status: 400, body: { message: 'User not found' } });
    const legacy = await call('POST', '/api/v3/auth/login', { body: SAMPLE.users.legacy });
    expect(legacy).toMatchObject({ status: 400, body: { error: 'LegacyEncryptionScheme', message: 'Legacy encryption scheme not supported' } });
    // The route schema trims the password.
    expect((await call('POST', '/api/v3/auth/login', { body: { email: dev.email, password: ` ${dev.password}\n` } })).status).toBe(200);
  });

  it('lets a member of two organizations pick either, and refuses one they do not belong to', async () => {
    const { orgs, first } = await signIn(lead);
    expect(orgs.map((o) => o.slug).sort()).toEqual(['acme', 'side-project']);
    const side = orgs.find((o) => o.slug === 'side-project')!;
    const inSide = await call('POST', '/api/v3/auth/select-organization', { token: first, body: { organizationId: side.id } });
    // Projects live in Acme: a Side Project token sees none of them.
    expect((await call('GET', '/api/v1/projects', { token: inSide.body.token })).body.projects).toEqual([]);
    const devLogin = await call('POST', '/api/v3/auth/login', { body: dev });
    const refused = await call('POST', '/api/v3/auth/select-organization', { token: devLogin.body.accessToken, body: { organizationId: side.id } });
    expect(refused).toMatchObject({ status: 403, body: { message: `User does not have access to the organization with ID ${side.id}` } });
  });

  it('answers isMfaEnabled with a short MFA token instead of a session for an MFA account', async () => {
    const login = await call('POST', '/api/v3/auth/login', { body: SAMPLE.users.mfa });
    const chosen = await call('POST', '/api/v3/auth/select-organization', { token: login.body.accessToken, body: { organizationId: sim.state.orgId } });
    expect(chosen.body).toMatchObject({ isMfaEnabled: true, mfaMethod: 'email' });
    expect(claims(chosen.body.token).authTokenType).toBe('mfaToken');
    expect((await call('GET', '/api/v1/projects', { token: chosen.body.token })).status).toBe(401);
  });

  it('logout ends the session at the server: the token then gets 404 "Session not found"', async () => {
    const { token } = await signIn(dev);
    expect((await call('POST', '/api/v1/auth/logout', { token })).body).toEqual({ message: 'Successfully logged out' });
    expect(await call('POST', '/api/v1/auth/checkAuth', { token })).toMatchObject({ status: 404, body: { error: 'Session not found' } });
  });

  it('expires user tokens after their lifetime with the TokenError the error handler sends', async () => {
    const local = await startInfisicalSimulator({ seed: 'sample', options: { userTokenLifetimeSeconds: 60 } });
    try {
      const token = local.userToken(dev.email);
      local.advance(61_000);
      const res = await simHttp(local.url)('GET', '/api/v1/projects', { token });
      expect(res).toMatchObject({ status: 403, body: { error: 'TokenError', message: 'Your token has expired. Please re-authenticate.' } });
    } finally {
      await local.close();
    }
  });

  it('takes requests and reviews only from a user token: a machine identity gets 403 "Forbidden access to …"', async () => {
    const sdk = await new InfisicalSDK({ siteUrl: sim.url }).auth().universalAuth.login(SAMPLE.identities.admin);
    const res = await call('GET', '/api/v1/access-approvals/requests?projectSlug=payments', { token: sdk.auth().getAccessToken() ?? undefined });
    expect(res).toMatchObject({ status: 403, body: { error: 'Forbidden access to /api/v1/access-approvals/requests?projectSlug=payments' } });
  });

  it('the vendor SDK reads secrets with a user token, within that user\'s project permissions', async () => {
    const { token } = await signIn(dev);
    const client = new InfisicalSDK({ siteUrl: sim.url }).auth().accessToken(token);
    const projectId = sim.state.projectBySlug(SAMPLE.projects.payments)!.id;
    const devSecrets = await client.secrets().listSecrets({ projectId, environment: 'dev', expandSecretReferences: false });
    expect(devSecrets.secrets.map((s) => s.secretKey)).toContain('STRIPE_KEY');
    await expect(client.secrets().listSecrets({ projectId, environment: 'prod' })).rejects.toThrow(/not allowed to read on secrets/);
  });
});
