import { describe, expect, it } from 'vitest';
import { stateOf } from '../../../electron/access/state';
import { checkItem } from '../../../electron/access/views';
import { requestDigest } from '../../../electron/access/crypto';
import { at, fakeDevice, iso, item, signedDecision, signedEnd, signedRequest } from './fixtures';

const approvers = () => ['lead'];

describe('request states, computed from records and the clock', () => {
  it('pending until it lapses at requestExpiresAt, with nothing running', async () => {
    const alice = await fakeDevice();
    const it0 = item({ request: await signedRequest(alice) });
    expect(stateOf(it0, at(100), { box: 'mine', received: false })).toBe('pending');
    expect(stateOf(it0, at(86_400), { box: 'mine', received: false })).toBe('lapsed');
  });

  it('approved → active (received) → expired at grantExpiresAt; ends win', async () => {
    const alice = await fakeDevice();
    const lead = await fakeDevice();
    const request = await signedRequest(alice);
    const decision = await signedDecision(lead, {
      requestId: request.body.id, requestDigest: requestDigest(request.body), verdict: 'approved', approver: { id: 'l', name: 'lead' },
      decidedAt: iso(60), comment: null, grantedSeconds: 600, grantExpiresAt: iso(660), grant: null,
    });
    const approved = item({ request, decision });
    expect(stateOf(approved, at(100), { box: 'mine', received: false })).toBe('approved');
    expect(stateOf(approved, at(100), { box: 'mine', received: true })).toBe('active');
    expect(stateOf(approved, at(100), { box: 'inbox', received: false })).toBe('active');
    // The decision came in time: a decided request does not lapse.
    expect(stateOf(approved, at(86_500), { box: 'mine', received: true })).toBe('expired');
    expect(stateOf(approved, at(660), { box: 'mine', received: true })).toBe('expired');
    expect(stateOf({ ...approved, requesterEnd: await signedEnd(alice, 'given-back') }, at(100), { box: 'mine', received: true })).toBe('given-back');
    expect(stateOf({ ...approved, approverEnd: await signedEnd(lead, 'revoked') }, at(100), { box: 'mine', received: true })).toBe('revoked');
  });

  it('drops records that do not verify and flags the request as tampered', async () => {
    const alice = await fakeDevice();
    const lead = await fakeDevice();
    const mallory = await fakeDevice();
    const request = await signedRequest(alice);
    // Mallory cancels Alice's request with her own key: ignored, flagged.
    const forgedCancel = await checkItem(item({ request, requesterEnd: await signedEnd(mallory, 'cancelled') }), approvers);
    expect(forgedCancel.tampered).toBe(true);
    expect(stateOf(forgedCancel.item, at(1), { box: 'inbox', received: false })).toBe('pending');
    // A decision by someone the profile does not name, or for another body, does not count.
    const decide = (name: string, digest: string) => signedDecision(lead, {
      requestId: request.body.id, requestDigest: digest, verdict: 'approved', approver: { id: 'x', name }, decidedAt: iso(1), comment: null, grantedSeconds: 60, grantExpiresAt: iso(61), grant: null,
    });
    expect((await checkItem(item({ request, decision: await decide('mallory', requestDigest(request.body)) }), approvers)).tampered).toBe(true);
    expect((await checkItem(item({ request, decision: await decide('lead', 'f'.repeat(64)) }), approvers)).tampered).toBe(true);
    const honest = await checkItem(item({ request, decision: await decide('lead', requestDigest(request.body)) }), approvers);
    expect(honest.tampered).toBe(false);
    expect(honest.item.decision).not.toBeNull();
    const changed = await checkItem(item({ request: { ...request, body: { ...request.body, durationSeconds: 99_999 } } }), approvers);
    expect(changed).toMatchObject({ tampered: true, tamperedBecause: expect.stringContaining('signature') });
  });
});
