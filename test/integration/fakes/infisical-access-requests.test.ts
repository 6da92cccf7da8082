import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { readRule, simHttp } from '../../fakes/infisical/http-helper';

// Access-approval policies, requests and reviews in the simulator, as access-approval-request-service.ts has them
// (ACCESS_REQUESTS.md §1a). A fresh simulator per test: requests and privileges are state.
let sim: InfisicalSimulator;
let call: ReturnType<typeof simHttp>;
let as: { lead: string; dev: string; ops: string; outsider: string };
const P = `?projectSlug=${SAMPLE.projects.payments}`;

beforeEach(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
  call = simHttp(sim.url);
  const u = SAMPLE.users;
  as = { lead: sim.userToken(u.lead.email), dev: sim.userToken(u.dev.email), ops: sim.userToken(u.ops.email), outsider: sim.userToken(u.outsider.email) };
});
afterEach(() => sim.close());

const ask = (token: string, env = 'prod', range: string | undefined = '1h', path = '/') =>
  call('POST', `/api/v1/access-approvals/requests${P}`, { token, body: { permissions: readRule(env, path), isTemporary: true, temporaryRange: range, note: 'deploy hotfix' } });
const review = (token: string, id: string, status: string) => call('POST', `/api/v1/access-approvals/requests/${id}/review`, { token, body: { status } });
const list = async (token: string, query = '') => (await call('GET', `/api/v1/access-approvals/requests${P}${query}`, { token })).body.requests as any[];
const userId = (email: string) => sim.state.users.find((u) => u.email === email)!.id;

async function policy(body: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/access-approvals/policies', { token: as.lead, body: { projectSlug: 'payments', secretPath: '/', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.approval;
}

describe('Infisical simulator: access-approval policies', () => {
  it('creates, lists, counts, gets, patches and deletes a policy (project admin)', async () => {
    const made = await policy({ environment: 'staging', approvers: [{ type: 'user', username: SAMPLE.users.ops.email }], approvals: 1, maxTimePeriod: '8h', requestExpirationTime: 'never' });
    expect(made).toMatchObject({ name: expect.stringMatching(/^staging-/), secretPath: '/', environment: { slug: 'staging' }, approvers: [{ type: 'user', id: userId(SAMPLE.users.ops.email), sequence: 1, approvalsRequired: 1 }], maxTimePeriod: '8h', requestExpirationTime: null, allowedSelfApprovals: true });
    const count = (env: string) => call('GET', `/api/v1/access-approvals/policies/count${P}&envSlug=${env}`, { token: as.dev });
    expect((await count('staging')).body).toEqual({ count: 1 });
    expect((await count('dev')).body).toEqual({ count: 0 });
    const names = (await call('GET', `/api/v1/access-approvals/policies${P}`, { token: as.dev })).body.approvals.map((p: { name: string }) => p.name);
    expect(names).toEqual(['prod-access', made.name]);
    const patched = await call('PATCH', `/api/v1/access-approvals/policies/${made.id}`, { token: as.lead, body: { approvals: 2, approvers: [{ type: 'user', id: userId(SAMPLE.users.ops.email) }, { type: 'user', id: userId(SAMPLE.users.lead.email) }] } });
    expect(patched.body.approval).toMatchObject({ approvals: 2, maxTimePeriod: '8h' });
    expect((await call('PATCH', `/api/v1/access-approvals/policies/${made.id}`, { token: as.dev, body: { approvals: 1 } })).body.error).toBe('PermissionDenied');
    expect((await call('DELETE', `/api/v1/access-approvals/policies/${made.id}`, { token: as.lead })).status).toBe(200);
    expect((await count('staging')).body).toEqual({ count: 0 });
    expect((await call('GET', `/api/v1/access-approvals/policies/${made.id}`, { token: as.lead })).status).toBe(404);
  });

  it('needs at least one approver and an environment (422), and project admin (403)', async () => {
    const none = await call('POST', '/api/v1/access-approvals/policies', { token: as.lead, body: { projectSlug: 'payments', environment: 'staging', secretPath: '/', approvers: [] } });
    expect(none).toMatchObject({ status: 422, body: { error: 'ValidationFailure', message: [{ path: ['approvers'], message: 'At least one approver should be provided.' }] } });
    const noEnv = await call('POST', '/api/v1/access-approvals/policies', { token: as.lead, body: { projectSlug: 'payments', secretPath: '/', approvers: [{ type: 'user', id: 'x' }] } });
    expect(noEnv.status).toBe(422);
    const byDev = await call('POST', '/api/v1/access-approvals/policies', { token: as.dev, body: { projectSlug: 'payments', environment: 'staging', secretPath: '/', approvers: [{ type: 'user', id: 'x' }] } });
    expect(byDev).toMatchObject({ status: 403, body: { error: 'PermissionDenied' } });
  });
});

describe('Infisical simulator: access requests and reviews', () => {
  it('creates a pending request from packed CASL rules, with the policy, requester and lapse time in the list', async () => {
    const made = await ask(as.dev);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.approval).toMatchObject({ status: 'pending', isTemporary: true, temporaryRange: '1h', note: 'deploy hotfix', privilegeId: null, requestedByUserId: userId(SAMPLE.users.dev.email), permissions: readRule('prod') });
    // The seeded policy lets pending requests lapse after 1 day.
    expect(Date.parse(made.body.approval.expiresAt) - Date.parse(made.body.approval.createdAt)).toBe(86_400_000);
    const [item] = await list(as.lead);
    expect(item).toMatchObject({ id: made.body.approval.id, environmentName: 'prod', isApproved: false, privilege: null, reviewers: [], policy: { name: 'prod-access', approvals: 1, approvers: [{ email: SAMPLE.users.lead.email }], allowedSelfApprovals: false }, requestedByUser: { email: SAMPLE.users.dev.email } });
    expect(await list(as.lead, `&authorUserId=${userId(SAMPLE.users.lead.email)}`)).toEqual([]);
    expect((await call('GET', `/api/v1/access-approvals/requests/count${P}`, { token: as.dev })).body).toEqual({ pendingCount: 1, finalizedCount: 0 });
  });

  it('refuses what the server refuses: no matching policy (404), a duplicate pending request, a non-member, over the max', async () => {
    expect(await ask(as.dev, 'staging')).toMatchObject({ status: 404, body: { message: "No policy in environment with slug 'staging' and with secret path '/' was found." } });
    expect((await ask(as.dev)).status).toBe(200);
    expect(await ask(as.dev)).toMatchObject({ status: 400, body: { message: 'You already have a pending access request with the same criteria' } });
    expect((await ask(as.outsider)).status).toBe(403);
    expect(await ask(as.ops, 'prod', '2d')).toMatchObject({ status: 400, body: { message: 'Requested access time range is limited to 1d by policy' } });
    expect(await ask(as.ops, 'prod', '1 fortnight')).toMatchObject({ status: 422, body: { message: [{ message: "Invalid time period format or value. Must be a positive duration (e.g., '1h', '30m', '2d')." }] } });
  });

  it('refuses self-approval when the policy says so, and refuses reviewers who are not approvers', async () => {
    const id = (await ask(as.lead)).body.approval.id;
    expect(await review(as.lead, id, 'approved')).toMatchObject({ status: 400, body: { message: 'Failed to review access approval request. Users are not authorized to review their own request.' } });
    const other = (await ask(as.dev)).body.approval.id;
    expect((await review(as.ops, other, 'approved')).status).toBe(400);
    expect((await list(as.lead)).every((r) => r.status === 'pending')).toBe(true);
  });

  it('approves with the policy\'s approvals, one rejection finalises, and a requester may withdraw their own', async () => {
    await policy({ environment: 'staging', approvers: [{ type: 'user', id: userId(SAMPLE.users.lead.email) }, { type: 'user', id: userId(SAMPLE.users.ops.email) }], approvals: 2, allowedSelfApprovals: false });
    const id = (await ask(as.dev, 'staging')).body.approval.id;
    const first = await review(as.lead, id, 'approved');
    expect(first.body.review).toMatchObject({ requestId: id, reviewerUserId: userId(SAMPLE.users.lead.email), status: 'approved' });
    expect((await list(as.dev))[0]).toMatchObject({ status: 'pending', privilege: null });
    expect(await review(as.lead, id, 'approved')).toMatchObject({ status: 400, body: { message: 'You have already reviewed this request' } });
    await review(as.ops, id, 'approved');
    expect((await list(as.dev)).find((r) => r.id === id)).toMatchObject({ status: 'approved', isApproved: true, privilege: { isTemporary: true, temporaryMode: 'relative', temporaryRange: '1h' } });

    const second = (await ask(as.dev, 'prod')).body.approval.id;
    await review(as.lead, second, 'rejected');
    expect((await list(as.dev)).find((r) => r.id === second)).toMatchObject({ status: 'rejected', privilege: null });
    expect(await review(as.lead, second, 'approved')).toMatchObject({ status: 400, body: { message: 'The request has been closed' } });

    const third = (await ask(as.dev, 'prod', '30m')).body.approval.id;
    expect((await review(as.dev, third, 'rejected')).status).toBe(200); // withdrawn by the requester
    expect((await list(as.dev)).find((r) => r.id === third).status).toBe('rejected');
  });

  it('lets an approver shorten a pending request (never lengthen), which resets the reviews', async () => {
    await policy({ environment: 'staging', approvers: [{ type: 'user', id: userId(SAMPLE.users.lead.email) }, { type: 'user', id: userId(SAMPLE.users.ops.email) }], approvals: 2 });
    const id = (await ask(as.dev, 'staging', '4h')).body.approval.id;
    await review(as.ops, id, 'approved');
    const edit = (token: string, temporaryRange: string) => call('PATCH', `/api/v1/access-approvals/requests/${id}`, { token, body: { temporaryRange, editNote: 'two hours is enough' } });
    expect(await edit(as.lead, '8h')).toMatchObject({ status: 400, body: { message: 'Updated access duration must be less than current access duration' } });
    expect(await edit(as.dev, '1h')).toMatchObject({ status: 403, body: { message: 'You are not authorized to modify this request' } });
    const ok = await edit(as.lead, '2h');
    expect(ok.body.approval).toMatchObject({ temporaryRange: '2h', editNote: 'two hours is enough', editedByUserId: userId(SAMPLE.users.lead.email) });
    expect((await list(as.dev))[0].reviewers).toEqual([]);
  });

  it('lets a pending request lapse at expiresAt, compared at read time: no review, and a new request is allowed', async () => {
    const id = (await ask(as.dev)).body.approval.id;
    sim.advance(86_400_000 + 1_000);
    expect(await review(as.lead, id, 'approved')).toMatchObject({ status: 400, body: { message: sim.options.expiredRequestMessage } });
    expect((await list(as.dev))[0]).toMatchObject({ status: 'pending', expiresAt: expect.any(String) });
    expect((await call('GET', `/api/v1/access-approvals/requests/count${P}`, { token: as.dev })).body).toEqual({ pendingCount: 0, finalizedCount: 1 });
    expect((await ask(as.dev)).status).toBe(200);
  });
});
