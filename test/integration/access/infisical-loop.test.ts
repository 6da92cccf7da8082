import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { SAMPLE } from '../../fakes/infisical';
import { MemoryStore } from '../../support/memory-store';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { fails, ok } from './cli-json';
import { INF, infisicalTeam, PROD, STAGING } from './infisical-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((close) => close())));

async function setUp(options: Parameters<typeof infisicalTeam>[1] = {}) {
  const team = await infisicalTeam(tempDir, options);
  closers.push(() => team.sim.close());
  const lead = await team.home('lead');
  await ok(['admin', 'setup', INF], lead);
  return { team, lead, dev: await team.home('dev') };
}

describe.skipIf(skip !== null)('access requests on the Infisical simulator (native access approvals), through the CLI, with two people', () => {
  it('request → approve shorter → receive → export → expires at the server → again → give back refused → revoke', async () => {
    const team = await infisicalTeam(tempDir);
    closers.push(() => team.sim.close());
    const lead = await team.home('lead');
    const dry = await ok(['admin', 'setup', INF, '--dry-run'], lead);
    expect(dry.changes.map((c: { what: string; action: string }) => `${c.what}:${c.action}`)).toEqual([
      'access-approval policy for payments/staging:create',
      'access-approval policy for payments/prod:unchanged',
    ]);
    // The sample's own prod policy is left alone, and the difference from the profile is named.
    expect(dry.changes[1].detail).toContain(`policy prod-access (not made by Latchkey, left alone) differs from the profile: approvers ${SAMPLE.users.lead.email}`);
    expect(team.sim.state.policies).toHaveLength(1);
    await ok(['admin', 'setup', INF], lead);
    const staging = team.sim.state.policies.find((p) => p.envSlugs.includes('staging'))!;
    expect(staging).toMatchObject({ name: 'latchkey-staging', secretPath: '/', maxTimePeriod: '8h', requestExpirationTime: '1d', allowedSelfApprovals: false, approvals: 1 });
    expect((await ok(['admin', 'setup', INF], lead)).changes.every((c: { action: string }) => c.action === 'unchanged')).toBe(true);

    const dev = await team.home('dev');
    const asked = await ok(['request', STAGING, '--reason', 'INC-77: reproduce the billing bug', '--duration', '1h'], dev);
    expect(asked).toMatchObject({ state: 'pending', requester: { name: SAMPLE.users.dev.email }, device: { trust: 'account', fingerprint: null }, deviceFingerprint: null });
    // Infisical holds the request itself: reason → note (with Latchkey's id), duration → temporaryRange.
    expect(team.nativeRequest(asked.id)).toMatchObject({ note: `INC-77: reproduce the billing bug [latchkey:${asked.id}]`, temporaryRange: '1h', isTemporary: true, status: 'pending' });

    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests.map((r: { id: string; reason: string; device: { trust: string } }) => [r.id, r.reason, r.device.trust])).toEqual([[asked.id, 'INC-77: reproduce the billing bug', 'account']]);
    const text = await cli(['requests', '--inbox'], { home: lead });
    expect(text.stdout).toContain('device: account-bound grant');

    const approved = await ok(['approve', asked.id, '--duration', '10s', '--comment', 'today only'], lead);
    expect(approved.decision).toMatchObject({ verdict: 'approved', grantedSeconds: 10, by: SAMPLE.users.lead.email, comment: 'today only' });
    const native = team.nativeRequest(asked.id)!;
    expect(native).toMatchObject({ status: 'approved', temporaryRange: '10s', editNote: 'today only' });
    const privilege = team.sim.state.privileges.find((p) => p.id === native.privilegeId)!;
    // The clock started at approval, on the requester's own account.
    expect(privilege.userId).toBe(team.sim.state.users.find((u) => u.email === SAMPLE.users.dev.email)!.id);
    expect(privilege.endsAtMs! - privilege.startsAtMs!).toBe(10_000);
    expect(Date.parse(approved.decision.grantExpiresAt)).toBe(privilege.endsAtMs);

    expect((await ok(['requests', '--mine'], dev)).requests[0]).toMatchObject({ id: asked.id, state: 'active' });
    const envs = await ok(['envs'], dev);
    expect(envs.find((e: { ref: string }) => e.ref === STAGING)).toMatchObject({ access: 'granted', grant: { requestId: asked.id } });
    const out = path.join(await tempDir(), '.env');
    const exported = await ok(['export', STAGING, '--out', out], dev);
    expect(Date.parse(exported.expiresAt)).toBeLessThanOrEqual(privilege.endsAtMs!);
    expect(await fs.readFile(out, 'utf8')).toContain('sk_test_fake_not_real_staging');

    // The server ends it, with no Latchkey process running in between.
    await sleep(Math.max(0, privilege.endsAtMs! - Date.now()) + 1200);
    const refused = await cli(['secrets', STAGING], { home: dev });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^error\[FORBIDDEN\]: Your inf identity may not read payments\/staging/m);
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('expired');
    await expect(fs.stat(out)).rejects.toThrow();

    const second = await ok(['request', STAGING, '--reason', 'INC-77: check the fix on staging', '--duration', '1h'], dev);
    await ok(['approve', second.id], lead);
    expect((await ok(['requests', '--mine'], dev)).requests.find((r: { id: string }) => r.id === second.id).state).toBe('active');
    const out2 = path.join(await tempDir(), '.env');
    await ok(['export', STAGING, '--out', out2], dev);
    // Infisical lets only approvers and project admins revoke (the documented default): said plainly, nothing changes.
    const giveBack = await fails(['give-back', second.id], dev);
    expect(giveBack.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('lets only an approver of its policy, or a project admin, end access from an approved request early') });
    expect(giveBack.error.hint).toContain('ask an approver');
    expect(await fs.readFile(out2, 'utf8')).toContain('sk_test_fake_not_real_staging');
    expect((await cli(['secrets', STAGING], { home: dev })).code).toBe(0);

    expect(await ok(['revoke-grant', second.id], lead)).toMatchObject({ state: 'revoked' });
    expect(team.nativeRequest(second.id)).toMatchObject({ privilegeId: null, revokedByUserId: expect.any(String) });
    expect((await cli(['secrets', STAGING], { home: dev })).code).toBe(3);
    expect((await ok(['requests', '--mine'], dev)).requests.find((r: { id: string }) => r.id === second.id).state).toBe('revoked');
    await expect(fs.stat(out2)).rejects.toThrow();
    const audit = (await ok(['audit'], dev)).map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['access.request', 'access.grant.receive', 'access.grant.end']));
  }, 60_000);

  it('gives back at the server when Infisical lets the requester revoke (revokeBy UNVERIFIED option)', async () => {
    const { team, lead, dev } = await setUp({ revokeBy: 'also-requester' });
    const asked = await ok(['request', STAGING, '--reason', 'INC-78: a quick look at staging', '--duration', '2h'], dev);
    await ok(['approve', asked.id], lead);
    const out = path.join(await tempDir(), '.env');
    await ok(['export', STAGING, '--out', out], dev);
    expect(await ok(['give-back', asked.id], dev)).toMatchObject({ state: 'given-back', exportsEnded: 1 });
    const native = team.nativeRequest(asked.id)!;
    expect(native.privilegeId).toBeNull();
    expect(native.revokedByUserId).toBe(native.requestedByUserId);
    expect((await cli(['secrets', STAGING], { home: dev })).code).toBe(3);
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('given-back');
    await expect(fs.stat(out)).rejects.toThrow();
  }, 60_000);

  it('cancel withdraws the request at Infisical; deny is a rejecting review, with the reason in the approver\'s audit log', async () => {
    const { team, lead, dev } = await setUp();
    const first = await ok(['request', STAGING, '--reason', 'INC-79: asked by mistake'], dev);
    expect(await ok(['cancel', first.id], dev)).toMatchObject({ state: 'cancelled' });
    expect(team.nativeRequest(first.id)!.status).toBe('rejected');
    expect((await ok(['requests', '--inbox'], lead)).requests).toEqual([]);
    const second = await ok(['request', STAGING, '--reason', 'INC-79: asked once more'], dev);
    expect(await ok(['deny', second.id, '--reason', 'use the staging replica'], lead)).toMatchObject({ state: 'denied', decision: { by: SAMPLE.users.lead.email } });
    expect((await ok(['requests', '--mine'], dev)).requests.map((r: { state: string }) => r.state).sort()).toEqual(['cancelled', 'denied']);
    expect((await ok(['audit'], lead)).find((e: { action: string }) => e.action === 'access.deny').details.reason).toBe('use the staging replica');
  }, 60_000);

  it('the stricter of the profile and Infisical\'s own policy decides who approves', async () => {
    const { team, dev } = await setUp();
    const ops = await team.home('ops');
    const asked = await ok(['request', PROD, '--reason', 'INC-80: compare prod config', '--duration', '1h'], dev);
    expect(team.nativeRequest(asked.id)!.policyId).toBe(team.sim.state.policies.find((p) => p.name === 'prod-access')!.id);
    // The profile names ops for prod; the server's policy does not: no inbox entry, and a refusal naming the policy.
    expect((await ok(['requests', '--inbox'], ops)).requests).toEqual([]);
    const refused = await fails(['approve', asked.id], ops);
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(refused.error.message).toContain(`${INF}'s own policy prod-access for ${PROD} does not name ${SAMPLE.users.ops.email} as an approver`);
    expect(team.nativeRequest(asked.id)!.reviews).toEqual([]);
    // Someone the profile does not name may not decide at all, whatever the server would allow.
    const devDecides = await fails(['deny', asked.id, '--reason', 'not mine to decide'], dev);
    expect(devDecides.error.code).toBe('FORBIDDEN');
  }, 60_000);

  it('requests and reviews need a person: a machine identity and no sign-in are told how to sign in', async () => {
    const team = await infisicalTeam(tempDir);
    closers.push(() => team.sim.close());
    const machine = await team.home('machine');
    const byMachine = await cli(['request', STAGING, '--reason', 'INC-81: from a machine identity'], { home: machine });
    expect(byMachine.code).toBe(3);
    expect(byMachine.stderr).toMatch(/^error\[FORBIDDEN\]: Infisical takes access requests and reviews only from a signed-in person/);
    expect(byMachine.stderr).toContain(`run: latchkey login ${INF} --user`);
    // A person, before an admin made a policy for staging: Infisical has nowhere to file it, and says who can fix that.
    const dev = await team.home('dev');
    const noPolicy = await fails(['request', STAGING, '--reason', 'INC-81: before admin setup'], dev);
    expect(noPolicy.error).toMatchObject({ code: 'NOT_FOUND', next: { action: 'admin-setup', backend: INF } });
    expect(noPolicy.error.message).toContain("No policy in environment with slug 'staging'");
    const nobody = await team.home('nobody');
    const asked = await cli(['request', STAGING, '--reason', 'INC-81: before signing in', '--json'], { home: nobody });
    expect(JSON.parse(asked.stdout).error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Infisical takes access requests and reviews only from a signed-in person'), next: { action: 'login', backend: INF, via: 'browser' } });
  }, 60_000);

  it('the request dialog\'s rules over IPC: an account-bound grant, so no fingerprint to read', async () => {
    const { team } = await setUp();
    const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore() });
    closers.push(() => services.close());
    await services.setup.importProfile({ profile: team.profile, source: 'team.json' });
    await services.setup.signIn(INF, { method: 'password', ...SAMPLE.users.dev });
    const form = await services.dispatch('access:requestForm', { ref: STAGING });
    expect(form).toEqual({ ok: true, value: { ref: STAGING, backend: INF, approvers: [SAMPLE.users.lead.email], reasonMinLength: 10, defaultDuration: '1h', maxDuration: '8h', maxFromProfile: true, device: { fingerprint: null, trust: 'account' } } });
    const asked = await services.dispatch('access:request', { ref: STAGING, reason: 'INC-83: from the app', duration: '8h' });
    expect(asked).toMatchObject({ ok: true, value: { state: 'pending', device: { fingerprint: null, trust: 'account' } } });
    const tooLong = await services.dispatch('access:request', { ref: PROD, reason: `INC-84: ${'x'.repeat(240)}` });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('keeps at most 227') } });
  }, 60_000);

  it('keeps a request made while Infisical is down as "not sent"; sent later, both sides name the same id', async () => {
    const { team, lead, dev } = await setUp();
    team.sim.failNext({ status: 503, count: 3, match: (method, p) => method === 'POST' && p === '/api/v1/access-approvals/requests' });
    const asked = await ok(['request', STAGING, '--reason', 'INC-82: staging while the API is down'], dev);
    expect(asked).toMatchObject({ state: 'not-sent' });
    expect(team.nativeRequest(asked.id)).toBeUndefined();
    const next = await cli(['exports'], { home: dev });
    expect(next.stderr).toContain(`sent access request ${asked.id}`);
    expect(team.nativeRequest(asked.id)).toMatchObject({ status: 'pending' });
    expect((await ok(['requests', '--inbox'], lead)).requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
  }, 60_000);
});
