import { InfisicalSDK } from '@infisical/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { readRule, simHttp } from '../../fakes/infisical/http-helper';

// The grant an approval makes is a user additional privilege (§1a, §1b): it must actually let the requester read,
// start at approval, and stop at temporaryAccessEndTime with nothing running (compared on every request).
let sim: InfisicalSimulator;
let call: ReturnType<typeof simHttp>;
let lead: string;
let dev: string;
let projectId: string;
const P = `?projectSlug=${SAMPLE.projects.payments}`;

beforeEach(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
  call = simHttp(sim.url);
  lead = sim.userToken(SAMPLE.users.lead.email);
  dev = sim.userToken(SAMPLE.users.dev.email);
  projectId = sim.state.projectBySlug(SAMPLE.projects.payments)!.id;
});
afterEach(() => sim.close());

const readProd = (token: string) => call('GET', `/api/v3/secrets/raw?workspaceId=${projectId}&environment=prod&secretPath=/`, { token });
const readProdFolder = (token: string) => call('GET', `/api/v3/secrets/raw?workspaceId=${projectId}&environment=prod&secretPath=/api`, { token });

async function approvedRequest(range = '1h') {
  const made = await call('POST', `/api/v1/access-approvals/requests${P}`, { token: dev, body: { permissions: readRule('prod'), isTemporary: true, temporaryRange: range } });
  const id = made.body.approval.id as string;
  expect((await call('POST', `/api/v1/access-approvals/requests/${id}/review`, { token: lead, body: { status: 'approved' } })).status).toBe(200);
  const [view] = (await call('GET', `/api/v1/access-approvals/requests${P}`, { token: dev })).body.requests;
  return { id, view };
}

describe('Infisical simulator: the privilege an approval grants', () => {
  it('lets the requester read while active, starting at approval, and refuses with 403 after its end', async () => {
    expect(await readProd(dev)).toMatchObject({ status: 403, body: { error: 'PermissionDenied' } });
    sim.advance(10 * 60_000); // time passes between request and approval: the clock starts at approval
    const approvedAt = sim.state.now();
    const { view } = await approvedRequest('1h');
    const start = Date.parse(view.privilege.temporaryAccessStartTime);
    expect(start - approvedAt).toBeGreaterThanOrEqual(0);
    expect(start - approvedAt).toBeLessThan(5_000);
    expect(Date.parse(view.privilege.temporaryAccessEndTime) - start).toBe(3_600_000);

    const during = await readProd(dev);
    expect(during.status).toBe(200);
    expect(during.body.secrets.map((s: { secretKey: string }) => s.secretKey)).toContain('STRIPE_KEY');
    // The rule was `secretPath: {$glob: "/"}`: the root only, not the /api folder.
    expect((await readProdFolder(dev)).status).toBe(403);
    // The vendor SDK, holding the same user token, reads it too.
    const sdk = new InfisicalSDK({ siteUrl: sim.url }).auth().accessToken(dev);
    expect((await sdk.secrets().getSecret({ projectId, environment: 'prod', secretName: 'STRIPE_KEY' })).secretValue).toBe('sk_live_fake_not_real_prod');

    sim.advance(3_600_000 - 10_000);
    expect((await readProd(dev)).status).toBe(200);
    sim.advance(10_000);
    expect(await readProd(dev)).toMatchObject({ status: 403, body: { error: 'PermissionDenied' } });
    await expect(sdk.secrets().getSecret({ projectId, environment: 'prod', secretName: 'STRIPE_KEY' })).rejects.toThrow(/not allowed to read on secrets/);
    // Expiry is a timestamp on the grant: nothing is deleted, the list still shows it.
    const [after] = (await call('GET', `/api/v1/access-approvals/requests${P}`, { token: dev })).body.requests;
    expect(after).toMatchObject({ status: 'approved', privilege: { temporaryAccessEndTime: view.privilege.temporaryAccessEndTime } });
  });

  it('refuses a second request while the privilege is active, and allows one after it ended', async () => {
    await approvedRequest('1h');
    const again = () => call('POST', `/api/v1/access-approvals/requests${P}`, { token: dev, body: { permissions: readRule('prod'), isTemporary: true, temporaryRange: '1h' } });
    expect(await again()).toMatchObject({ status: 400, body: { message: 'You already have an active privilege with the same criteria' } });
    sim.advance(3_600_001);
    expect((await again()).status).toBe(200);
  });

  it('revoke (an approver) ends the access at once; the requester cannot revoke by default (UNVERIFIED option)', async () => {
    const { id } = await approvedRequest('1h');
    expect((await readProd(dev)).status).toBe(200);
    expect(await call('POST', `/api/v1/access-approvals/requests/${id}/revoke`, { token: dev })).toMatchObject({ status: 403 });
    const revoked = await call('POST', `/api/v1/access-approvals/requests/${id}/revoke`, { token: lead });
    expect(revoked.body.request).toMatchObject({ id, privilegeId: null, revokedByUserId: sim.state.users.find((u) => u.email === SAMPLE.users.lead.email)!.id });
    expect((await readProd(dev)).status).toBe(403);
    const [view] = (await call('GET', `/api/v1/access-approvals/requests${P}`, { token: dev })).body.requests;
    expect(view).toMatchObject({ privilege: null, revokedByUser: { email: SAMPLE.users.lead.email } });
  });

  it('refuses to delete or edit a privilege an approval made (the router says so); an admin deletes a direct one', async () => {
    const { view } = await approvedRequest('1h');
    const linked = await call('DELETE', `/api/v1/user-project-additional-privilege/${view.privilegeId}`, { token: lead });
    expect(linked).toMatchObject({ status: 400, body: { message: 'Cannot delete a privilege that was created from an access approval request' } });
    expect((await call('PATCH', `/api/v1/user-project-additional-privilege/${view.privilegeId}`, { token: lead, body: { slug: 'x' } })).status).toBe(400);

    const membership = sim.state.membershipOf(projectId, sim.state.users.find((u) => u.email === SAMPLE.users.dev.email)!.id)!;
    const start = sim.state.iso();
    const direct = await call('POST', '/api/v1/user-project-additional-privilege', {
      token: lead,
      body: { projectMembershipId: membership.id, slug: 'staging-read', permissions: [{ subject: 'secrets', action: ['describeSecret', 'readValue'], conditions: { environment: 'staging', secretPath: { $glob: '/**' } } }], type: { isTemporary: true, temporaryMode: 'relative', temporaryRange: '30m', temporaryAccessStartTime: start } },
    });
    expect(direct.body.privilege).toMatchObject({ slug: 'staging-read', isTemporary: true, temporaryRange: '30m', temporaryAccessStartTime: start });
    const readStaging = () => call('GET', `/api/v3/secrets/raw?workspaceId=${projectId}&environment=staging`, { token: dev });
    expect((await readStaging()).status).toBe(200);
    const listed = await call('GET', `/api/v1/user-project-additional-privilege?projectMembershipId=${membership.id}`, { token: lead });
    expect(listed.body.privileges.map((p: { slug: string; isLinkedToAccessApproval: boolean }) => [p.slug.startsWith('requested-privilege-') ? 'requested' : p.slug, p.isLinkedToAccessApproval]).sort()).toEqual([['requested', true], ['staging-read', false]]);
    expect((await call('DELETE', `/api/v1/user-project-additional-privilege/${direct.body.privilege.id}`, { token: dev })).body.error).toBe('PermissionDenied');
    expect((await call('DELETE', `/api/v1/user-project-additional-privilege/${direct.body.privilege.id}`, { token: lead })).status).toBe(200);
    expect((await readStaging()).status).toBe(403);
  });

  it('with revokeBy "also-requester", the requester gives access back early', async () => {
    sim.options.revokeBy = 'also-requester';
    const { id } = await approvedRequest('8h');
    expect((await call('POST', `/api/v1/access-approvals/requests/${id}/revoke`, { token: dev })).status).toBe(200);
    expect((await readProd(dev)).status).toBe(403);
  });
});
