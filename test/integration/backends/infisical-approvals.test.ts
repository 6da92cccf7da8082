import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InfisicalBackend } from '../../../electron/backends/infisical/adapter';
import { tokenAccount } from '../../../electron/backends/types';
import { AppError } from '../../../shared/errors';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { envAt, makeAdapter, NAME } from './infisical-fixtures';

// The access-approvals client (electron/backends/infisical/access-approvals.ts) against the simulator, two people
// with their own sessions: a requester (dev) and approvers (lead, ops).
let sim: InfisicalSimulator;
beforeEach(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
});
afterEach(() => sim.close());

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as AppError);

async function person(user: { email: string; password: string }, organization?: string) {
  const made = makeAdapter(sim);
  await made.adapter.login({ method: 'password', ...user, ...(organization ? { organization } : {}) });
  return made as { adapter: InfisicalBackend; store: typeof made.store };
}

describe('Infisical access approvals through the client', () => {
  it('request → shorten → approve → read → ends at the server; states are computed from the server times', async () => {
    const lead = await person(SAMPLE.users.lead, 'acme');
    const dev = await person(SAMPLE.users.dev);
    const ops = SAMPLE.users.ops.email;
    const policy = await lead.adapter.approvals.createPolicy({ project: 'payments', env: 'staging', approvers: [SAMPLE.users.lead.email, ops], maxTimePeriod: '8h', requestExpirationTime: '1d' });
    expect(policy).toMatchObject({ envSlugs: ['staging'], secretPath: '/', approvals: 1, allowedSelfApprovals: false, maxTimePeriod: '8h', requestExpirationTime: '1d' });
    expect(policy.approverUserIds).toHaveLength(2);
    expect(await dev.adapter.approvals.policyCount('payments', 'staging')).toBe(1);
    expect(await dev.adapter.approvals.policyCount('payments', 'dev')).toBe(0);

    const staging = envAt('payments', 'staging');
    expect((await failure(dev.adapter.read(staging))).code).toBe('FORBIDDEN');
    const asked = await dev.adapter.approvals.requestRead({ project: 'payments', env: 'staging', duration: '4h', note: 'debug the staging webhook' });
    expect(Date.parse(asked.requestExpiresAt!) - sim.state.now()).toBeGreaterThan(86_000_000);
    const [mine] = await dev.adapter.approvals.listRequests('payments', { mine: true });
    expect(mine).toMatchObject({ id: asked.id, env: 'staging', secretPath: '/', duration: '4h', state: 'pending', note: 'debug the staging webhook', requester: { email: SAMPLE.users.dev.email }, grant: null });
    expect(await dev.adapter.approvals.inbox('payments')).toEqual([]); // not an approver
    expect((await lead.adapter.approvals.inbox('payments')).map((r) => r.id)).toEqual([asked.id]);
    expect(await lead.adapter.approvals.requestCount('payments')).toEqual({ pending: 1, finalized: 0 });

    await lead.adapter.approvals.shorten(asked.id, '2h', 'two hours is enough');
    expect((await failure(lead.adapter.approvals.shorten(asked.id, '6h', 'longer'))).code).toBe('BAD_REQUEST');
    await lead.adapter.approvals.review(asked.id, 'approved');
    const [active] = await dev.adapter.approvals.listRequests('payments', { mine: true });
    expect(active).toMatchObject({ state: 'active', duration: '2h' });
    expect(Date.parse(active!.grant!.endsAt!) - Date.parse(active!.grant!.startsAt!)).toBe(2 * 3_600_000);
    expect((await dev.adapter.read(staging)).values).toMatchObject({ STRIPE_KEY: 'sk_test_fake_not_real_staging' });

    sim.advance(2 * 3_600_000 + 1_000);
    expect((await failure(dev.adapter.read(staging))).code).toBe('FORBIDDEN');
    expect((await dev.adapter.approvals.listRequests('payments', { mine: true }))[0]!.state).toBe('expired');
  });

  it('names the rule that refused: duplicate, no policy, over the max, self-approval, not an approver', async () => {
    const lead = await person(SAMPLE.users.lead, 'acme');
    const dev = await person(SAMPLE.users.dev);
    const ask = (env: string, duration = '1h') => dev.adapter.approvals.requestRead({ project: 'payments', env, duration, note: 'fake reason' });
    const first = await ask('prod');
    expect(await failure(ask('prod'))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already have a pending request') });
    expect(await failure(ask('staging'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('No access-approval policy') });
    expect(await failure(lead.adapter.approvals.requestRead({ project: 'payments', env: 'prod', duration: '3d', note: 'x' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('limited to 1d') });
    expect((await failure(ask('prod', 'forever'))).code).toBe('BAD_REQUEST');
    const own = await lead.adapter.approvals.requestRead({ project: 'payments', env: 'prod', duration: '1h', note: 'x' });
    expect((await failure(lead.adapter.approvals.review(own.id, 'approved'))).code).toBe('FORBIDDEN');
    expect((await failure(dev.adapter.approvals.review(first.id, 'approved'))).code).toBe('FORBIDDEN');
    // The lead's own request is not in the lead's inbox (the policy forbids self-approval).
    expect((await lead.adapter.approvals.inbox('payments')).map((r) => r.id)).toEqual([first.id]);
  });

  it('revoke ends access now; a privilege made by an approval cannot be deleted directly (CONFLICT)', async () => {
    const lead = await person(SAMPLE.users.lead, 'acme');
    const dev = await person(SAMPLE.users.dev);
    const asked = await dev.adapter.approvals.requestRead({ project: 'payments', env: 'prod', duration: '8h', note: 'incident 42' });
    await lead.adapter.approvals.review(asked.id, 'approved');
    const [granted] = await dev.adapter.approvals.listRequests('payments', { mine: true });
    expect((await failure(lead.adapter.approvals.deletePrivilege(granted!.grant!.privilegeId!))).code).toBe('CONFLICT');
    expect((await failure(dev.adapter.approvals.revoke(asked.id))).code).toBe('FORBIDDEN');
    await lead.adapter.approvals.revoke(asked.id);
    expect((await dev.adapter.approvals.listRequests('payments', { mine: true }))[0]).toMatchObject({ state: 'revoked', grant: null });
    expect((await failure(dev.adapter.read(envAt('payments', 'prod')))).code).toBe('FORBIDDEN');
  });

  it('a request that waited past the policy lapse time is "lapsed" and can no longer be approved', async () => {
    const lead = await person(SAMPLE.users.lead, 'acme');
    const dev = await person(SAMPLE.users.dev);
    const asked = await dev.adapter.approvals.requestRead({ project: 'payments', env: 'prod', duration: '1h', note: 'fake reason' });
    sim.advance(86_400_000 + 1_000);
    expect((await dev.adapter.approvals.listRequests('payments'))[0]!.state).toBe('lapsed');
    expect(await lead.adapter.approvals.inbox('payments')).toEqual([]);
    expect((await failure(lead.adapter.approvals.review(asked.id, 'approved'))).code).toBe('CONFLICT');
  });

  it('refuses requests and reviews from a machine identity before asking the server, with "sign in as yourself" as the step', async () => {
    const { adapter } = makeAdapter(sim);
    await adapter.login({ method: 'universal', ...SAMPLE.identities.admin });
    sim.requests.reset();
    const error = await failure(adapter.approvals.requestRead({ project: 'payments', env: 'prod', duration: '1h', note: 'x' }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', next: { action: 'login', backend: NAME, via: 'browser' } });
    expect(sim.requests.count).toBe(0);
    // Policy routes take identity tokens (UNVERIFIED option, on by default), so an admin identity can set one up.
    expect(await adapter.approvals.policyCount('payments', 'prod')).toBe(1);
  });
});

describe('Infisical user sessions in the adapter', () => {
  it('keeps the token, email and organization in the store (never the password), valid for the server lifetime', async () => {
    const { adapter, store } = makeAdapter(sim);
    const info = await adapter.login({ method: 'password', ...SAMPLE.users.dev });
    expect(info).toEqual({ identity: `${SAMPLE.users.dev.email} (${SAMPLE.orgs.acme})`, policies: [], expiresAt: expect.any(String), renewable: false });
    expect(Date.parse(info.expiresAt!) - sim.state.now()).toBeGreaterThan(863_000_000);
    const saved = JSON.parse((await store.get(tokenAccount(NAME)))!);
    expect(saved).toMatchObject({ method: 'password', email: SAMPLE.users.dev.email, organizationId: sim.state.orgId });
    expect(JSON.stringify(saved)).not.toContain(SAMPLE.users.dev.password);
    expect((await adapter.discover()).map((e) => e.ref)).toContain(`${NAME}:payments/prod`);
  });

  it('asks which organization when the account has several, and says which exist', async () => {
    const { adapter } = makeAdapter(sim);
    const several = await failure(adapter.login({ method: 'password', ...SAMPLE.users.lead }));
    expect(several).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('acme') });
    expect(several.message).toContain('side-project');
    expect((await failure(adapter.login({ method: 'password', ...SAMPLE.users.lead, organization: 'nope' }))).code).toBe('NOT_FOUND');
    expect((await adapter.login({ method: 'password', ...SAMPLE.users.lead, organization: SAMPLE.orgs.side })).identity).toContain(SAMPLE.orgs.side);
  });

  it('says what to do about a wrong password, a legacy SRP account and MFA, never echoing the password', async () => {
    const { adapter, store } = makeAdapter(sim);
    const wrong = await failure(adapter.login({ method: 'password', email: SAMPLE.users.dev.email, password: 'fake-wrong-password-123' }));
    expect(wrong).toMatchObject({ code: 'UNAUTHENTICATED', message: `Wrong email or password for ${NAME}.` });
    expect(JSON.stringify(wrong.toShape())).not.toContain('fake-wrong-password-123');
    expect(await failure(adapter.login({ method: 'password', ...SAMPLE.users.legacy }))).toMatchObject({ code: 'UNAUTHENTICATED', next: { via: 'browser' }, message: expect.stringContaining('SRP') });
    expect(await failure(adapter.login({ method: 'password', ...SAMPLE.users.mfa }))).toMatchObject({ code: 'UNAUTHENTICATED', next: { via: 'browser' }, message: expect.stringContaining('multi-factor') });
    expect(await store.get(tokenAccount(NAME))).toBeNull();
  });

  it('an expired user token: UNAUTHENTICATED naming the expiry, with "sign in again the same way" as the step', async () => {
    const { adapter, store } = makeAdapter(sim);
    await adapter.login({ method: 'password', ...SAMPLE.users.dev });
    sim.advance(864_000_000 + 1_000); // the adapter shares the simulator's clock here
    adapter.reloadCredentials();
    sim.requests.reset();
    const local = await failure(adapter.discover());
    expect(local).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/session .* expired at/), next: { action: 'login', backend: NAME, via: 'password', email: SAMPLE.users.dev.email } });
    expect(sim.requests.count).toBe(0);
    expect(await store.get(tokenAccount(NAME))).not.toBeNull();
  });

  it('a token the server no longer takes (its session was logged out elsewhere) is UNAUTHENTICATED with the same step', async () => {
    const { adapter, store } = makeAdapter(sim);
    await adapter.login({ method: 'password', ...SAMPLE.users.dev });
    const token = JSON.parse((await store.get(tokenAccount(NAME)))!).accessToken as string;
    await fetch(`${sim.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await failure(adapter.discover())).toMatchObject({ code: 'UNAUTHENTICATED', next: { via: 'password', email: SAMPLE.users.dev.email } });
  });

  it('logout ends the session at the server and forgets the token', async () => {
    const { adapter, store } = makeAdapter(sim);
    await adapter.login({ method: 'password', ...SAMPLE.users.dev });
    const token = JSON.parse((await store.get(tokenAccount(NAME)))!).accessToken as string;
    await adapter.logout();
    expect(await store.get(tokenAccount(NAME))).toBeNull();
    const check = await fetch(`${sim.url}/api/v1/auth/checkAuth`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(check.status).toBe(404);
  });
});

