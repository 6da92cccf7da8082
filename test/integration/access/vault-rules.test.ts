import { describe, expect, inject, it } from 'vitest';
import { openSealed } from '../../../electron/access/crypto';
import { decodeRecord, encodeRecord, SignedDecision, SignedRequest } from '../../../electron/access/records';
import { DeviceIdentity } from '../../../electron/identity/device';
import { KeytarStore } from '../../../electron/identity/keychain';
import { scopeStore } from '../../../electron/identity/scoped-store';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { fails, ok } from './cli-json';
import { vaultTeam } from './vault-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STAGING = 'acme:payments/staging';
const REASON = 'INC-1000: look at staging data';

async function setUp(openbao: { address: string; token: string }, options: { requestExpiry?: string } = {}) {
  const team = await vaultTeam(openbao, tempDir, options);
  await ok(['admin', 'setup', 'acme'], await team.home('admin'));
  return { team, alice: await team.home('alice'), lead: await team.home('lead'), bob: await team.home('bob') };
}

const auditActions = async (home: string) => (await ok(['audit'], home)).map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`);

describe.skipIf(skip !== null)('access request rules on a real OpenBao', () => {
  const openbao = inject('openbao');

  it('refuses what the rules forbid, each with its own code and the rule named', async () => {
    const { team, alice, lead, bob } = await setUp(openbao);
    const short = await fails(['request', STAGING, '--reason', 'need it'], alice);
    expect(short.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(short.error.message).toContain('at least 10 characters');
    const long = await fails(['request', STAGING, '--reason', REASON, '--duration', '9h'], alice);
    expect(long.error.code).toBe('BAD_REQUEST');
    expect(long.error.message).toContain('the max is 8h');
    const readable = await fails(['request', 'acme:payments/dev', '--reason', REASON], alice);
    expect(readable.error.code).toBe('CONFLICT');
    expect(readable.error.message).toContain('already read acme:payments/dev');

    const asked = await ok(['request', STAGING, '--reason', REASON, '--duration', '2h'], alice);
    const twice = await fails(['request', STAGING, '--reason', REASON], alice);
    expect(twice.error.code).toBe('CONFLICT');
    expect(twice.error.message).toContain(asked.id);

    const notApprover = await fails(['approve', asked.id], bob);
    expect(notApprover.code).toBe(3);
    expect(notApprover.error.code).toBe('FORBIDDEN');
    expect(notApprover.error.message).toContain('only the approvers the team profile names');

    const own = await ok(['request', STAGING, '--reason', 'INC-1001: the lead needs it too'], lead);
    const self = await fails(['approve', own.id, '--device', own.deviceFingerprint], lead);
    expect(self.error.code).toBe('FORBIDDEN');
    expect(self.error.message).toContain('allowSelfApproval is off');

    await ok(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    const decided = await fails(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    expect(decided.error.code).toBe('CONFLICT');
    expect(decided.error.message).toContain(`is active by ${team.people.lead.username}`);
    const lengthen = await ok(['request', STAGING, '--reason', 'INC-1002: bob needs staging', '--duration', '1h'], bob);
    const longer = await fails(['approve', lengthen.id, '--duration', '2h', '--device', lengthen.deviceFingerprint], lead);
    expect(longer.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(longer.error.message).toContain('never lengthen');

    await ok(['deny', lengthen.id, '--reason', 'use the staging replica instead'], lead);
    const bobs = await ok(['requests', '--mine'], bob);
    expect(bobs.requests[0]).toMatchObject({ id: lengthen.id, state: 'denied', decision: { verdict: 'denied', comment: 'use the staging replica instead' } });
    expect(await auditActions(lead)).toEqual(expect.arrayContaining(['access.approve:ok', 'access.deny:ok']));
  }, 60_000);

  it('a request lapses at its time with nothing running, and a lapsed request cannot be approved', async () => {
    const { alice, lead } = await setUp(openbao, { requestExpiry: '2s' });
    const asked = await ok(['request', STAGING, '--reason', REASON], alice);
    await sleep(2200);
    const lapsed = await fails(['approve', asked.id, '--device', asked.deviceFingerprint], lead);
    expect(lapsed.error.code).toBe('CONFLICT');
    expect(lapsed.error.message).toContain('lapsed');
    expect((await ok(['requests', '--mine'], alice)).requests[0].state).toBe('lapsed');
    // A lapsed request does not block asking again.
    expect((await ok(['request', STAGING, '--reason', REASON], alice)).state).toBe('pending');
  }, 60_000);

  it('shows a tampered request as tampered, refuses to approve it, and audits the attempt', async () => {
    const { team, alice, lead } = await setUp(openbao);
    const asked = await ok(['request', STAGING, '--reason', REASON, '--duration', '1h'], alice);
    const entity = (await team.tokenOf('alice')).entity;
    const stored = await team.root.call('GET', `${team.ledger}/data/requests/${entity}/${asked.id}`);
    const record = decodeRecord(SignedRequest, stored.data.data.record)!;
    // Someone with write access to the mount (an admin) stretches the duration and files it as a new request.
    const forged = { ...record, body: { ...record.body, id: 'feedfacefeedface', durationSeconds: 8 * 3600 } };
    await team.root.call('POST', `${team.ledger}/data/requests/${entity}/feedfacefeedface`, { data: { record: encodeRecord(forged) } });

    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests.find((r: { id: string }) => r.id === 'feedfacefeedface')).toMatchObject({ tampered: true });
    expect(inbox.requests.find((r: { id: string }) => r.id === asked.id)).toMatchObject({ tampered: false });
    const refused = await fails(['approve', 'feedfacefeedface', '--device', asked.deviceFingerprint], lead);
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(refused.error.message).toContain('tampered');
    expect(await auditActions(lead)).toContain('access.tampered:denied');
  }, 60_000);

  it('flags a different device for the same person loudly and needs its fingerprint confirmed again', async () => {
    const { team, alice, lead } = await setUp(openbao);
    const first = await ok(['request', STAGING, '--reason', REASON, '--duration', '1h'], alice);
    await ok(['approve', first.id, '--device', first.deviceFingerprint], lead);
    await ok(['give-back', first.id], alice);

    const laptop = await team.home('alice');
    const second = await ok(['request', STAGING, '--reason', REASON, '--duration', '1h'], laptop);
    expect(second.deviceFingerprint).not.toBe(first.deviceFingerprint);
    const inbox = await ok(['requests', '--inbox'], lead);
    expect(inbox.requests.find((r: { id: string }) => r.id === second.id).device).toEqual({ fingerprint: second.deviceFingerprint, trust: 'changed' });
    const unconfirmed = await fails(['approve', second.id], lead);
    expect(unconfirmed.error.code).toBe('CONFLICT');
    expect(unconfirmed.error.message).toContain('DIFFERENT device');
    const wrong = await fails(['approve', second.id, '--device', first.deviceFingerprint], lead);
    expect(wrong.error.code).toBe('FORBIDDEN');
    expect(wrong.error.message).toContain('does not match');
    await ok(['approve', second.id, '--device', second.deviceFingerprint], lead);
    const later = await ok(['requests', '--inbox'], lead);
    expect(later.requests.find((r: { id: string }) => r.id === second.id).device.trust).toBe('known');
  }, 60_000);

  it('reports a grant whose single-use wrapping token someone else unwrapped first as possible interception', async () => {
    const { team, alice, lead } = await setUp(openbao);
    const asked = await ok(['request', STAGING, '--reason', REASON, '--duration', '1h'], alice);
    await ok(['approve', asked.id, '--device', asked.deviceFingerprint], lead);

    // The thief: somehow holds the wrapping token (here: opened with the requester's own key) and unwraps it.
    const stored = await team.root.call('GET', `${team.ledger}/data/decisions/${asked.id}`);
    const decision = decodeRecord(SignedDecision, stored.data.data.record)!;
    const device = await new DeviceIdentity(alice, scopeStore(await KeytarStore.open(), alice)).ensure();
    const wrapping = await openSealed(decision.body.grant!.sealed, { boxPublic: device.publicKey, boxPrivate: device.privateKey }, 'test');
    const stolen = await fetch(`${openbao.address}/v1/sys/wrapping/unwrap`, { method: 'POST', headers: { 'X-Vault-Token': wrapping } });
    expect(stolen.status).toBe(200);
    await stolen.text();

    const mine = await ok(['requests', '--mine'], alice);
    expect(mine.requests[0].problem).toContain('Possible interception');
    expect(mine.requests[0].state).toBe('approved');
    expect(await auditActions(alice)).toContain('access.grant.intercepted:failed');
    const read = await fails(['secrets', STAGING], alice);
    expect(read.error.code).toBe('FORBIDDEN');
    // The approver can still end it at the server.
    await ok(['revoke-grant', asked.id], lead);
    expect((await ok(['requests', '--mine'], alice)).requests[0].state).toBe('revoked');
  }, 60_000);
});
