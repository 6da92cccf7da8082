import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsAccess } from '../../../electron/access/aws';
import type { AccessBackend } from '../../../electron/access/backend';
import { createAwsBackend } from '../../../electron/backends/aws/adapter';
import { assumeReadRole, type ReadRoleGrant } from '../../../electron/backends/aws/read-role';
import { MotoWorld } from '../../support/aws';
import { MemoryStore } from '../../support/memory-store';

// The requester's check of what it opened, against moto's real STS: GetCallerIdentity with the opened
// credentials must answer the role session the decision names, whose name carries the request id.
const world = new MotoWorld(inject('moto'));
const ID = '0123456789abcdef';
let access: AccessBackend;
let grant: ReadRoleGrant;
const envelope = (handle: string) => ({ type: 'aws-role-session' as const, sealed: 'AAAA', handle });
const expect_ = (requestId = ID) => ({ ref: 'acme-aws:payments/stg', requestId, grantExpiresAt: null });

beforeAll(async () => {
  const approver = await world.user(['sts:AssumeRole', 'iam:GetRole']);
  const role = await world.role({ trusted: approver.arn, actions: ['secretsmanager:GetSecretValue'] });
  const adapter = createAwsBackend({ config: world.config('acme-aws'), secretStore: new MemoryStore() });
  await adapter.login({ method: 'keys', ...approver });
  grant = await assumeReadRole(adapter.client, role, 900, `latchkey-${ID}`);
  access = createAwsAccess(adapter);
});
afterAll(() => world.close());

describe('receiving an AWS grant', () => {
  it('takes the credentials of the session the decision names, for this request', async () => {
    const received = await access.receiveGrant(JSON.stringify(grant.credentials), envelope(grant.sessionArn), expect_());
    expect(received).toMatchObject({ ok: true });
    expect(JSON.parse((received as { credential: string }).credential)).toEqual({ method: 'session', ...grant.credentials });
  });

  it('refuses credentials of another request, of another session, or that are not credentials', async () => {
    const material = JSON.stringify(grant.credentials);
    expect(await access.receiveGrant(material, envelope(grant.sessionArn), expect_('fedcba9876543210'))).toMatchObject({ ok: false, reason: 'not-a-grant' });
    expect(await access.receiveGrant(material, envelope(`${grant.sessionArn}x`), expect_())).toMatchObject({ ok: false, reason: 'not-a-grant' });
    expect(await access.receiveGrant('{"token":"fake"}', envelope(grant.sessionArn), expect_())).toMatchObject({ ok: false, reason: 'not-a-grant' });
  });

  it('credentials past their end are expired, without asking AWS', async () => {
    const ended = JSON.stringify({ ...grant.credentials, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(await access.receiveGrant(ended, envelope(grant.sessionArn), expect_())).toMatchObject({ ok: false, reason: 'expired' });
  });
});
