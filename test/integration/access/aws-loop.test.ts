import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BatchGetSecretValueCommand, ListSecretsCommand, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { GetRolePolicyCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { KeytarStore } from '../../../electron/identity/keychain';
import { scopeStore } from '../../../electron/identity/scoped-store';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { fails, ok } from './cli-json';
import { awsTeam } from './aws-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const STG = 'aws:payments/stg';
const closers: Array<() => void> = [];
afterAll(() => closers.forEach((close) => close()));

type Session = { method: string; accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: string };

/** The grant the requester's Latchkey keeps in the keychain (the test's canary), or null. */
async function heldGrant(home: string, id: string): Promise<Session | null> {
  const text = await scopeStore(await KeytarStore.open(), home).get(`grant:${id}`);
  return text === null ? null : (JSON.parse(text) as Session);
}

// What moto enforces here: each person's IAM actions (CreateSecret, BatchGetSecretValue, sts:AssumeRole…),
// that secrets live per account (the staging secret is not found with the requester's own keys), and that
// a role session signs as that role, with only its policy. What it does not: resource ARNs and conditions
// in policies (so the ledger's per-requester tags are written and read, but not enforced), the role's
// MaxSessionDuration, and the end of STS credentials — moto accepts them after their Expiration, so the
// "expires" step moves the requester's clock past the approved end instead of waiting 20 minutes: it
// proves Latchkey stops using the grant and ends its exports then, and that AWS was asked for exactly
// that long (the credentials' Expiration), which is what makes AWS refuse them afterwards.
describe.skipIf(skip !== null)('access requests on AWS Secrets Manager (moto, IAM enforced), through the CLI, with two people', () => {
  const moto = inject('moto');

  it('request → approve shorter → receive → export → expires → request again → give back', async () => {
    const team = await awsTeam(moto, tempDir);
    closers.push(team.close);
    const dev = await team.home('dev');
    const lead = await team.home('lead');

    // The requester's own identity cannot read staging (it is in the other account): requestable, not granted.
    expect(await team.readsStaging(team.keys.dev)).toBe('ResourceNotFoundException');
    expect((await ok(['envs'], dev)).find((e: { ref: string }) => e.ref === STG)).toMatchObject({ access: 'requestable', kind: 'aws' });

    const asked = await ok(['request', STG, '--reason', 'JIRA-77: reproduce the billing bug', '--duration', '8h'], dev);
    const devName = team.keys.dev.arn.split('/').pop();
    expect(asked).toMatchObject({ state: 'pending', requester: { name: devName } });
    // The ledger: one write-once secret per record, tagged with the requester's AWS user id.
    const devUserId = await userId(team.keys.dev);
    const ledger = await ledgerRecords(team.world, team.world.prefix);
    expect(ledger.map((r) => [r.name.slice(team.world.prefix.length), r.tag])).toEqual([[`latchkey/requests/${asked.id}/request`, devUserId]]);

    expect((await ok(['requests', '--inbox'], lead)).requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
    const approved = await ok(['approve', asked.id, '--duration', '20m', '--device', asked.deviceFingerprint], lead);
    expect(approved.decision).toMatchObject({ verdict: 'approved', grantedSeconds: 1200, by: team.leadName });
    expect(approved.problem).toBeNull();

    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('active');
    const grant = (await heldGrant(dev, asked.id))!;
    expect(grant).toMatchObject({ method: 'session', accessKeyId: expect.any(String), sessionToken: expect.any(String) });
    // STS made it for the approved 20 minutes (not the 8 hours asked), as a session named after the request.
    expect(Math.abs(Date.parse(grant.expiresAt) - Date.parse(approved.decision.grantExpiresAt))).toBeLessThan(15_000);
    expect(Date.parse(grant.expiresAt) - Date.now()).toBeLessThanOrEqual(1200_000);
    expect(await team.whoIs(grant)).toBe(`arn:aws:sts::${moto.otherAccount.accountId}:assumed-role/${team.readRole.split('/').pop()}/latchkey-${asked.id}`);
    // Sealed before it touched the ledger: no record holds any part of the credentials.
    for (const record of await ledgerRecords(team.world, team.world.prefix)) {
      for (const text of [record.text, Buffer.from(record.text, 'base64url').toString('utf8')]) {
        for (const part of [grant.accessKeyId, grant.secretAccessKey, grant.sessionToken]) expect(text).not.toContain(part);
      }
    }

    const envs = await ok(['envs'], dev);
    expect(envs.find((e: { ref: string }) => e.ref === STG)).toMatchObject({ access: 'granted', grant: { requestId: asked.id } });
    const out = path.join(await tempDir(), '.env');
    const exported = await ok(['export', STG, '--out', out], dev);
    expect(Date.parse(exported.expiresAt)).toBeLessThanOrEqual(Date.parse(approved.decision.grantExpiresAt));
    expect(await fs.readFile(out, 'utf8')).toContain('sk_test_fake_stg_not_real');

    // moto never ends STS credentials itself: the clock (both people's: one process) moves past the approved
    // end instead, and keeps running from there.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.parse(approved.decision.grantExpiresAt) + 5_000);
    try {
      expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('expired');
      await expect(fs.stat(out)).rejects.toThrow();
      expect(await heldGrant(dev, asked.id)).toBeNull();
      expect((await ok(['envs'], dev)).find((e: { ref: string }) => e.ref === STG)).toMatchObject({ access: 'requestable' });

      const second = await ok(['request', STG, '--reason', 'JIRA-77: check the fix on staging', '--duration', '1h'], dev);
      expect((await ok(['requests', '--inbox'], lead)).requests[0].device.trust).toBe('known');
      await ok(['approve', second.id], lead);
      const out2 = path.join(await tempDir(), '.env');
      await ok(['export', STG, '--out', out2], dev);
      const grant2 = (await heldGrant(dev, second.id))!;
      expect(await team.readsStaging(grant2)).toBe('read');
      expect(await ok(['give-back', second.id], dev)).toMatchObject({ state: 'given-back', exportsEnded: 1 });
      await expect(fs.stat(out2)).rejects.toThrow();
      expect(await heldGrant(dev, second.id)).toBeNull();
      expect((await ok(['requests', '--inbox'], lead)).requests).toEqual([]);
      // What giving back cannot do on AWS: a role session has no call that ends it from inside, so the
      // credentials (now deleted from the device) stay valid at AWS until their end, at most the hour approved.
      expect(await team.readsStaging(grant2)).toBe('read');
    } finally {
      vi.useRealTimers();
    }
  }, 90_000);

  it('an approver cannot end a grant early on a read role in another account: it says so, and the grant stays active', async () => {
    const team = await awsTeam(moto, tempDir);
    closers.push(team.close);
    const dev = await team.home('dev');
    const lead = await team.home('lead');
    const asked = await ok(['request', STG, '--reason', 'JIRA-78: compare staging config', '--duration', '1h'], dev);
    await ok(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    const refused = await fails(['revoke-grant', asked.id], lead);
    // iam:PutRolePolicy names a role of the caller's own account: the one in the other account is not found
    // (as on AWS; moto keeps IAM per account too).
    expect(refused.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`could not be ended early at AWS`) });
    expect(refused.error.hint).toContain('ends by itself');
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('active');
  }, 60_000);

  it("the role's maximum session caps a grant, and the approver is told; revoke puts a deny for that session on the role", async () => {
    const team = await awsTeam(moto, tempDir, { roleInOwnAccount: { maxSessionSeconds: 3600 } });
    closers.push(team.close);
    const dev = await team.home('dev');
    const lead = await team.home('lead');
    const asked = await ok(['request', STG, '--reason', 'JIRA-81: a long day on staging', '--duration', '8h'], dev);
    const text = await cli(['approve', asked.id, '--device', asked.deviceFingerprint], { home: lead });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/may read aws:payments\/stg for 1 ?h/);
    expect(text.stdout).toContain("Note: AWS allows sessions of");
    expect(text.stdout).toContain("the role's maximum session duration");
    const mine = (await ok(['requests', '--mine'], dev)).requests[0];
    expect(mine).toMatchObject({ state: 'active', decision: { grantedSeconds: 3600 } });
    const grant = (await heldGrant(dev, asked.id))!;
    expect(Date.parse(grant.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    expect((await ok(['audit'], lead)).find((e: { action: string }) => e.action === 'access.approve').details).toMatchObject({ seconds: 3600, approvedSeconds: 8 * 3600 });

    // The role may read: the secret is simply not there. After the revoke, the role session may not.
    expect(await team.readsStaging(grant)).toBe('ResourceNotFoundException');
    expect(await ok(['revoke-grant', asked.id], lead)).toMatchObject({ state: 'revoked' });
    expect(await team.readsStaging(grant)).not.toBe('ResourceNotFoundException');
    const role = team.readRole.split('/').pop()!;
    const names = (await team.world.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
    const deny = names.find((n) => n.startsWith(`latchkey-revoked-${asked.id}-until-`))!;
    const document = (await team.world.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: deny }))).PolicyDocument!;
    // moto applies this deny to every session of the role (it does not evaluate conditions); AWS, to this one.
    expect(JSON.parse(decodeURIComponent(document))).toMatchObject({ Statement: [{ Effect: 'Deny', Condition: { StringLike: { 'aws:userid': `*:latchkey-${asked.id}` } } }] });
    expect((await ok(['requests', '--mine'], dev)).requests[0].state).toBe('revoked');
    expect(await heldGrant(dev, asked.id)).toBeNull();
  }, 60_000);

  it('a second approval of the same request is a conflict: the ledger writes each record once', async () => {
    const team = await awsTeam(moto, tempDir);
    closers.push(team.close);
    const dev = await team.home('dev');
    const lead = await team.home('lead');
    const asked = await ok(['request', STG, '--reason', 'JIRA-79: a normal request', '--duration', '1h'], dev);
    await ok(['deny', asked.id, '--reason', 'not this week, sorry'], lead);
    const again = await fails(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    expect(again.error.code).toBe('CONFLICT');
    expect((await ok(['requests', '--mine'], dev)).requests[0]).toMatchObject({ state: 'denied', decision: { comment: 'not this week, sorry' } });
  }, 60_000);

  it('a request whose requester tag names someone else cannot be approved: the tag is what IAM proves', async () => {
    const team = await awsTeam(moto, tempDir);
    closers.push(team.close);
    const dev = await team.home('dev');
    const lead = await team.home('lead');
    const asked = await ok(['request', STG, '--reason', 'JIRA-80: a normal request', '--duration', '1h'], dev);
    // Someone with broad rights re-tags the record (the requester policy lets nobody else do it).
    const name = `${team.world.prefix}latchkey/requests/${asked.id}/request`;
    await team.world.sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'latchkey-requester', Value: 'AIDAFAKEOTHERUSER0000' }] }));
    const refused = await fails(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    expect(refused.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('was filed by AIDAFAKEOTHERUSER0000') });
    expect((await ok(['audit'], lead)).map((e: { action: string }) => e.action)).toContain('access.tampered');
  }, 60_000);
});

async function userId(keys: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const moto = inject('moto');
  const sts = new STSClient({ region: moto.region, endpoint: moto.endpoint, credentials: keys });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).UserId!;
  } finally {
    sts.destroy();
  }
}

/** Every ledger record as the account's admin sees it: name, requester tag and stored text. */
async function ledgerRecords(world: { sm: import('@aws-sdk/client-secrets-manager').SecretsManagerClient }, prefix: string) {
  const listed = await world.sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${prefix}latchkey/requests/`] }] }));
  const names = (listed.SecretList ?? []).map((s) => s.Name!).sort();
  if (names.length === 0) return [];
  const values = await world.sm.send(new BatchGetSecretValueCommand({ SecretIdList: names }));
  return names.map((name) => ({
    name,
    tag: listed.SecretList!.find((s) => s.Name === name)!.Tags?.find((t) => t.Key === 'latchkey-requester')?.Value,
    text: values.SecretValues!.find((v) => v.Name === name)!.SecretString!,
  }));
}
