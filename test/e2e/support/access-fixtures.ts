import type { AccessListing, AccessRequestForm, AccessRequestView } from '../../../shared/access';
import { TEAM } from './fake-team';

/**
 * Canned access answers for the screens' accessibility checks: every state and device trust an approver or a
 * requester can meet, at once. The flow itself runs for real (OpenBao, two windows) in access-two-people.spec.ts.
 */
const soon = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const FP = { mine: '1a2b:3c4d:5e6f:7a8b:9c0d:1e2f:3a4b:5c6d', other: 'aa11:bb22:cc33:dd44:ee55:ff66:0011:2233', changed: '9f8e:7d6c:5b4a:3928:1706:f5e4:d3c2:b1a0' };

function view(over: Partial<AccessRequestView> & Pick<AccessRequestView, 'id' | 'state' | 'box'>): AccessRequestView {
  return {
    ref: TEAM.requestable, backend: TEAM.vault, reason: 'INC-4242: debug the checkout', durationSeconds: 8 * 3600,
    requester: { id: 'entity-alice', name: 'alice' }, createdAt: soon(-600), requestExpiresAt: soon(86_000),
    device: { fingerprint: FP.other, trust: 'new' }, tampered: false, decision: null, secondsLeft: 86_000, problem: null, ...over,
  };
}

const approved = (by: string, seconds: number) => ({ verdict: 'approved' as const, by, at: soon(-60), comment: 'today only', grantedSeconds: seconds, grantExpiresAt: soon(seconds - 60) });

export const ACCESS_LISTING: AccessListing = {
  problems: [{ backend: TEAM.doppler, message: `You are not signed in to ${TEAM.doppler}.` }],
  requests: [
    view({ id: '1000000000000001', box: 'inbox', state: 'pending' }),
    view({ id: '1000000000000002', box: 'inbox', state: 'pending', requester: { id: 'entity-bob', name: 'bob' }, device: { fingerprint: FP.changed, trust: 'changed' } }),
    view({ id: '1000000000000003', box: 'inbox', state: 'pending', requester: { id: 'entity-eve', name: 'eve' }, tampered: true, problem: 'Tampered: the request signature does not verify.' }),
    view({ id: '1000000000000004', box: 'inbox', state: 'pending', ref: 'acme-inf:payments/prod', backend: 'acme-inf', requester: { id: 'u-dana', name: 'dana@acme.test' }, device: { fingerprint: null, trust: 'account' } }),
    view({ id: '1000000000000005', box: 'inbox', state: 'active', requester: { id: 'entity-carol', name: 'carol' }, device: { fingerprint: FP.other, trust: 'known' }, decision: approved('lead', 3600), secondsLeft: 3540 }),
    view({ id: '2000000000000001', box: 'mine', state: 'not-sent', ref: TEAM.signedOut, backend: TEAM.doppler, requester: null, device: { fingerprint: FP.mine, trust: 'mine' }, problem: 'Not sent yet: acme-doppler could not be reached.' }),
    view({ id: '2000000000000002', box: 'mine', state: 'pending', device: { fingerprint: FP.mine, trust: 'mine' } }),
    view({ id: '2000000000000003', box: 'mine', state: 'active', ref: TEAM.denied, device: { fingerprint: FP.mine, trust: 'mine' }, decision: approved('lead', 4 * 3600), secondsLeft: 4 * 3600 - 60 }),
    view({ id: '2000000000000004', box: 'mine', state: 'denied', ref: TEAM.granted, device: { fingerprint: FP.mine, trust: 'mine' }, decision: { verdict: 'denied', by: 'lead', at: soon(-3600), comment: 'use the replica', grantedSeconds: null, grantExpiresAt: null }, secondsLeft: null }),
  ],
};

export const REQUEST_FORM: AccessRequestForm = {
  ref: TEAM.requestable, backend: TEAM.vault, approvers: ['lead@acme.test'], reasonMinLength: 10, defaultDuration: '1h', maxDuration: '8h', maxFromProfile: true,
  device: { fingerprint: FP.mine, trust: 'mine' },
};
