import type { AccessRequestView } from '../../../shared/access';
import { deviceAccessKeys, signBody } from '../../../electron/access/crypto';
import type { DecisionBody, EndBody, LedgerItem, RequestBody } from '../../../electron/access/records';
import { loadSodium } from '../../../electron/identity/sodium';

/** A device's access keys, made in memory (no keychain): what a requester or approver signs with. */
export async function fakeDevice() {
  const sodium = await loadSodium();
  const box = sodium.crypto_box_keypair();
  const sign = sodium.crypto_sign_keypair();
  const identity = { ensure: async () => box, signingKeypair: async () => sign };
  return deviceAccessKeys(identity as never);
}

export type FakeDevice = Awaited<ReturnType<typeof fakeDevice>>;

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
export const at = (seconds: number) => T0 + seconds * 1000;
export const iso = (seconds: number) => new Date(at(seconds)).toISOString();

export async function signedRequest(device: FakeDevice, over: Partial<RequestBody> = {}) {
  const body: RequestBody = {
    v: 1,
    kind: 'request',
    id: '0123456789abcdef',
    ref: 'acme:payments/staging',
    reason: 'INC-1: look at it',
    durationSeconds: 3600,
    requester: { id: 'entity-alice', name: 'alice' },
    device: device.public,
    createdAt: iso(0),
    requestExpiresAt: iso(86_400),
    ...over,
  };
  return { body, sig: await signBody('request', body, device.signPrivate) };
}

export async function signedDecision(device: FakeDevice, body: Omit<DecisionBody, 'v' | 'kind' | 'device'>) {
  const full: DecisionBody = { v: 1, kind: 'decision', device: { sign: device.public.sign }, ...body };
  return { body: full, sig: await signBody('decision', full, device.signPrivate) };
}

export async function signedEnd(device: FakeDevice, what: EndBody['what'], requestId = '0123456789abcdef') {
  const body: EndBody = { v: 1, kind: 'end', requestId, what, by: { id: 'x', name: 'x' }, device: { sign: device.public.sign }, at: iso(10) };
  return { body, sig: await signBody('end', body, device.signPrivate) };
}

export function item(over: Partial<LedgerItem>): LedgerItem {
  return { id: '0123456789abcdef', filedUnder: 'entity-alice', request: null, decision: null, requesterEnd: null, approverEnd: null, damaged: false, ...over };
}

export function view(over: Partial<AccessRequestView>): AccessRequestView {
  return {
    id: 'aaaaaaaaaaaaaaaa',
    ref: 'acme:payments/staging',
    backend: 'acme',
    reason: 'INC-1: look at it',
    durationSeconds: 7200,
    requester: { id: 'e', name: 'alice' },
    createdAt: iso(0),
    requestExpiresAt: iso(86_400),
    state: 'active',
    box: 'mine',
    device: { fingerprint: 'ffff', trust: 'mine' },
    tampered: false,
    decision: { verdict: 'approved', by: 'lead', at: iso(1), comment: null, grantedSeconds: 7200, grantExpiresAt: iso(7201) },
    secondsLeft: 7200,
    problem: null,
    ...over,
  };
}
