import { describe, expect, it } from 'vitest';
import { idFromNative, rangeOf, rangeSeconds, tagNote, TAG_LENGTH, toItems, untag, type Row } from '../../../electron/access/infisical/records';
import { nativeRefusal } from '../../../electron/access/rules';
import { stateOf } from '../../../electron/access/state';
import { checkItem } from '../../../electron/access/views';
import type { InfisicalAccessRequest } from '../../../electron/backends/infisical/access-schemas';

const LEAD = { userId: 'u-lead', email: 'lead@example.invalid' };
const DEV = { userId: 'u-dev', email: 'dev@example.invalid' };
const PLACES = [{ ref: 'inf:payments/staging', project: 'payments', env: 'staging', path: '/' }];
const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function request(over: Partial<InfisicalAccessRequest> = {}): InfisicalAccessRequest {
  return {
    id: '3f9c2a1b-4c5d-4e6f-8a7b-9c0d1e2f3a4b', policyId: 'p1', env: 'staging', secretPath: '/', requester: DEV,
    note: tagNote('INC-1: look at staging', '0123456789abcdef'), duration: '1h', state: 'pending', createdAt: at(-10), requestExpiresAt: at(600),
    grant: null, approverUserIds: [LEAD.userId], allowedSelfApprovals: false, reviews: [], policyName: 'latchkey-staging', approvalsNeeded: 1,
    approvers: [LEAD], approvedBy: null, revokedBy: null, editNote: null, updatedAt: at(-10), ...over,
  };
}
const items = (...requests: InfisicalAccessRequest[]) => toItems(requests.map((r): Row => ({ project: 'payments', request: r })), { backend: 'inf', places: PLACES, requestExpirySeconds: 86_400 });
const state = (r: InfisicalAccessRequest, box: 'mine' | 'inbox' = 'inbox') => stateOf(items(r)[0]!, NOW, { box, received: false });

describe('Infisical native requests as ledger items', () => {
  it('carries Latchkey\'s id in the note, within Infisical\'s 255 characters, and reads it back', () => {
    const note = tagNote('x'.repeat(255 - TAG_LENGTH), '0123456789abcdef');
    expect(note).toHaveLength(255);
    expect(untag(note)).toEqual({ reason: 'x'.repeat(255 - TAG_LENGTH), id: '0123456789abcdef' });
    expect(untag('made in the dashboard')).toEqual({ reason: 'made in the dashboard', id: null });
    expect(items(request())[0]).toMatchObject({ id: '0123456789abcdef', request: { body: { reason: 'INC-1: look at staging', durationSeconds: 3600, device: null, ref: 'inf:payments/staging' } } });
    // Made in Infisical's dashboard: the id comes from Infisical's UUID.
    expect(items(request({ note: 'from the web' }))[0]!.id).toBe('3f9c2a1b4c5d4e6f');
    expect(idFromNative('not-a-uuid')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a copied tag stays with the older request; the newer one goes by its own id', () => {
    const victim = request({ createdAt: at(-20) });
    const copy = request({ id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', requester: { userId: 'u-mallory', email: 'mallory@example.invalid' }, createdAt: at(-5) });
    expect(items(copy, victim).map((i) => [i.id, i.request!.body.requester.name])).toEqual([['0123456789abcdef', DEV.email], ['aaaaaaaabbbb4ccc', 'mallory@example.invalid']]);
  });

  it('converts durations both ways in Infisical\'s units, and leaves out permanent and foreign requests', () => {
    expect([rangeOf(28_800), rangeOf(5400), rangeOf(15), rangeOf(172_800)]).toEqual(['8h', '90m', '15s', '2d']);
    expect([rangeSeconds('8h'), rangeSeconds('2d'), rangeSeconds('1w'), rangeSeconds('permanent'), rangeSeconds(null), rangeSeconds('0m')]).toEqual([28_800, 172_800, 604_800, null, null, null]);
    expect(items(request({ duration: null }))).toEqual([]);
    expect(items(request({ env: 'prod' }), request({ secretPath: '/api' }))).toEqual([]);
  });

  it('maps Infisical\'s outcomes onto Latchkey\'s states, with the server\'s own times', () => {
    expect(state(request())).toBe('pending');
    expect(state(request({ requestExpiresAt: at(-1) }))).toBe('lapsed');
    // A policy whose requests never lapse: the team's requestExpiry still applies.
    expect(items(request({ requestExpiresAt: null }))[0]!.request!.body.requestExpiresAt).toBe(new Date(Date.parse(at(-10)) + 86_400_000).toISOString());
    expect(state(request({ state: 'rejected', reviews: [{ userId: LEAD.userId, status: 'rejected' }] }))).toBe('denied');
    expect(state(request({ state: 'rejected', reviews: [{ userId: DEV.userId, status: 'rejected' }] }))).toBe('cancelled');
    const granted = { state: 'active' as const, approvedBy: LEAD, reviews: [{ userId: LEAD.userId, status: 'approved' }], grant: { privilegeId: 'priv', startsAt: at(-1), endsAt: at(59) } };
    const approved = items(request(granted))[0]!;
    expect(approved.decision!.body).toMatchObject({ verdict: 'approved', approver: { name: LEAD.email }, decidedAt: at(-1), grantExpiresAt: at(59), grant: { type: 'infisical-privilege', sealed: '', handle: request().id } });
    expect(stateOf(approved, NOW, { box: 'mine', received: false })).toBe('approved');
    expect(stateOf(approved, NOW, { box: 'mine', received: true })).toBe('active');
    expect(state(request({ ...granted, state: 'expired', grant: { ...granted.grant, endsAt: at(-0.5) } }))).toBe('expired');
    expect(state(request({ ...granted, state: 'revoked', grant: null, revokedBy: LEAD }))).toBe('revoked');
    expect(state(request({ ...granted, state: 'revoked', grant: null, revokedBy: DEV }), 'mine')).toBe('given-back');
  });

  it('is vouched for by the server: no signature to check, never shown as tampered', async () => {
    const checked = await checkItem(items(request())[0]!, () => ['lead@example.invalid']);
    expect(checked).toMatchObject({ tampered: false, tamperedBecause: null });
  });

  it('answers to the stricter of the profile and the policy: approvers, self-approval, one review each', () => {
    const lead = { id: LEAD.userId, name: LEAD.email, names: [LEAD.email] };
    const ops = { id: 'u-ops', name: 'ops@example.invalid', names: ['ops@example.invalid'] };
    const item = items(request())[0]!;
    expect(nativeRefusal('inf', item, 'inf:payments/staging', lead, DEV_PRINCIPAL)).toBeNull();
    expect(nativeRefusal('inf', item, 'inf:payments/staging', ops, DEV_PRINCIPAL)).toMatch(/policy latchkey-staging for inf:payments\/staging does not name ops@example.invalid/);
    const own = items(request({ requester: LEAD }))[0]!;
    expect(nativeRefusal('inf', own, 'r', lead, { id: LEAD.userId, name: LEAD.email })).toMatch(/does not allow self-approval \(allowedSelfApprovals is off\)/);
    const allowed = items(request({ requester: LEAD, allowedSelfApprovals: true }))[0]!;
    expect(nativeRefusal('inf', allowed, 'r', lead, { id: LEAD.userId, name: LEAD.email })).toBeNull();
    const reviewed = items(request({ reviews: [{ userId: LEAD.userId, status: 'approved' }], approvalsNeeded: 2 }))[0]!;
    expect(nativeRefusal('inf', reviewed, 'r', lead, DEV_PRINCIPAL)).toMatch(/already reviewed it/);
    // Not a native request: nothing to add to the profile's rules.
    expect(nativeRefusal('inf', { decision: null }, 'r', ops, DEV_PRINCIPAL)).toBeNull();
  });
});

const DEV_PRINCIPAL = { id: DEV.userId, name: DEV.email };
