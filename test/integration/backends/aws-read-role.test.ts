import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsBackend, type AwsBackend } from '../../../electron/backends/aws/adapter';
import { grantCredential } from '../../../electron/backends/aws/credentials';
import { assumeReadRole, AwsSessionCredentials } from '../../../electron/backends/aws/read-role';
import { tokenAccount, type EnvLocator } from '../../../electron/backends/types';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { MotoWorld, type AwsKeys } from '../../support/aws';
import { MemoryStore } from '../../support/memory-store';

// The AWS primitives of an access grant, on the real moto server with IAM enforced: moto checks the
// approver's sts:AssumeRole and iam:GetRole permissions, the role's trust policy, and the assumed role's
// own policy on every read made with the temporary credentials. moto does not enforce MaxSessionDuration
// (AWS refuses a longer DurationSeconds): the read of the maximum through iam:GetRole is real, the
// refusal path is injected by a proxy with STS's documented ValidationError.
const world = new MotoWorld(inject('moto'));
let proxy: FaultProxy;
let approverKeys: AwsKeys & { arn: string };
const dev: EnvLocator = { ref: 'acme-aws:payments/dev', project: 'payments', env: 'dev', path: `${world.prefix}payments/dev` };
const HOUR = 3600;

beforeAll(async () => {
  proxy = await startFaultProxy(world.moto.endpoint, { keepHost: true });
  approverKeys = await world.user(['sts:AssumeRole', 'iam:GetRole']);
  await world.secret('payments/dev', { API_KEY: 'fake-api-key-dev-not-real' });
});
afterAll(async () => {
  await proxy.close();
  world.close();
});

async function approver(keys: AwsKeys = approverKeys, endpoint = world.moto.endpoint): Promise<AwsBackend> {
  const adapter = createAwsBackend({ config: world.config('acme-aws', { endpoint }), secretStore: new MemoryStore() });
  await adapter.login({ method: 'keys', ...keys });
  return adapter;
}

const secondsLeft = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 1000);
const assume = (adapter: AwsBackend, role: string, seconds: number, session: string) => assumeReadRole(adapter.client, role, seconds, session);

/** The requester's adapter as the registry's grant path builds it: its store holds only the grant. */
async function withGrant(credentials: AwsSessionCredentials): Promise<AwsBackend> {
  const store = new MemoryStore();
  await store.set(tokenAccount('acme-aws'), grantCredential(credentials));
  return createAwsBackend({ config: world.config('acme-aws'), secretStore: store });
}

describe('AWS read-role grants (STS AssumeRole)', () => {
  it("caps the duration at the role's maximum, read with iam:GetRole, and says so", async () => {
    const role = await world.role({ trusted: approverKeys.arn, actions: ['secretsmanager:GetSecretValue'], maxSessionSeconds: HOUR });
    const grant = await assume(await approver(), role, 8 * HOUR, 'latchkey-req-0001');
    expect(grant).toMatchObject({ durationSeconds: HOUR, capped: { requestedSeconds: 8 * HOUR, maximumSeconds: HOUR, reason: 'role-maximum' } });
    expect(secondsLeft(grant.credentials.expiresAt)).toBeGreaterThan(HOUR - 60);
    expect(secondsLeft(grant.credentials.expiresAt)).toBeLessThanOrEqual(HOUR);
    expect(grant.sessionArn).toMatch(/:assumed-role\/reader-[0-9a-f]+\/latchkey-req-0001$/);
  });

  it('grants what was approved when the role allows it, uncapped', async () => {
    const role = await world.role({ trusted: approverKeys.arn, actions: ['secretsmanager:GetSecretValue'], maxSessionSeconds: 12 * HOUR });
    const grant = await assume(await approver(), role, 2 * HOUR, 'latchkey-req-0002');
    expect(grant).toMatchObject({ durationSeconds: 2 * HOUR, capped: null });
    expect(secondsLeft(grant.credentials.expiresAt)).toBeGreaterThan(2 * HOUR - 60);
    // What the access-request flow seals to the requester's device parses back as it was.
    expect(AwsSessionCredentials.parse(JSON.parse(JSON.stringify(grant.credentials)))).toEqual(grant.credentials);
  });

  it('without iam:GetRole, a duration STS refuses is retried at one hour and reported as capped', async () => {
    const keys = await world.user(['sts:AssumeRole']);
    const role = await world.role({ trusted: keys.arn, actions: ['secretsmanager:GetSecretValue'], maxSessionSeconds: HOUR });
    const adapter = await approver(keys, proxy.url);
    proxy.reset();
    // Request 1 is GetRole (moto refuses: no iam:GetRole), request 2 the 8-hour AssumeRole, which STS refuses.
    const refusal = '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>The requested DurationSeconds exceeds the MaxSessionDuration set for this role.</Message></Error></ErrorResponse>';
    proxy.setMode({ kind: 'status', status: 400, body: refusal, skip: 1, times: 1 });
    const grant = await assume(adapter, role, 8 * HOUR, 'latchkey-req-0003');
    expect(grant).toMatchObject({ durationSeconds: HOUR, capped: { requestedSeconds: 8 * HOUR, maximumSeconds: HOUR, reason: 'role-maximum' } });
    expect(proxy.requests).toHaveLength(3);
  });

  it('reads the environment with the temporary credentials, as far as the role allows', async () => {
    const role = await world.role({ trusted: approverKeys.arn, actions: ['secretsmanager:GetSecretValue'] });
    const grant = await assume(await approver(), role, HOUR, 'latchkey-req-0004');
    const requester = await withGrant(grant.credentials);
    expect((await requester.read(dev)).values).toEqual({ API_KEY: 'fake-api-key-dev-not-real' });
    // The role may not DescribeSecret: the ages come from the version alone, and nothing fails.
    const [meta] = await requester.describe(dev);
    expect(meta).toMatchObject({ key: 'API_KEY', createdAt: expect.any(String), updatedAt: null });
    expect(meta!.rotation).toBeUndefined();
    // …and may not list: moto answers with the role's own policy.
    await expect(requester.discover()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a role without GetSecretValue gives credentials that read nothing', async () => {
    const role = await world.role({ trusted: approverKeys.arn, actions: ['secretsmanager:ListSecrets'] });
    const grant = await assume(await approver(), role, HOUR, 'latchkey-req-0005');
    const requester = await withGrant(grant.credentials);
    await expect(requester.read(dev)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("an approver the role's trust policy does not name is FORBIDDEN", async () => {
    const role = await world.role({ trusted: 'arn:aws:iam::123456789012:user/someone-else', actions: ['secretsmanager:GetSecretValue'] });
    await expect(assume(await approver(), role, HOUR, 'latchkey-req-0006')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses less than the 15-minute STS minimum and bad names before any request', async () => {
    const adapter = await approver(approverKeys, proxy.url);
    proxy.reset();
    const role = 'arn:aws:iam::123456789012:role/reader';
    await expect(assume(adapter, role, 600, 'latchkey-req-0007')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least 15 minutes') });
    await expect(assume(adapter, role, HOUR, 'has spaces')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(assume(adapter, 'arn:aws:iam::123456789012:user/bob', HOUR, 'latchkey-req-0008')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(proxy.requests).toEqual([]);
  });
});
