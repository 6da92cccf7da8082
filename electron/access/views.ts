import type { AccessRequestView, DeviceTrust } from '../../shared/access';
import { deviceFingerprint, requestDigest, verifyBody } from './crypto';
import { pinKey, type MineEntry, type Pin } from './local-store';
import type { DeviceKeys, LedgerItem, LedgerRequest, SignedRequest } from './records';
import { secondsLeft, stateOf } from './state';

/**
 * A ledger item after its signatures were checked: records that do not verify are dropped from the
 * state computation (a forged "cancelled" cannot end someone's request) and flag the request as tampered.
 */
export interface CheckedItem {
  item: LedgerItem;
  tampered: boolean;
  /** Why, in words (which record did not verify). */
  tamperedBecause: string | null;
}

export async function checkItem(item: LedgerItem, approvers: (ref: string) => string[]): Promise<CheckedItem> {
  const why: string[] = [];
  if (item.damaged) why.push('a record no longer parses');
  const request = item.request;
  if (!request) return { item: { ...item, decision: null, requesterEnd: null, approverEnd: null }, tampered: true, tamperedBecause: 'the request record is unreadable' };
  // A native record: the backend authenticated its author and reviewers itself (records.ts, NativeFacts).
  if (item.native) return { item, tampered: false, tamperedBecause: null };
  const device = request.body.device;
  if (!device) return { item: { ...item, decision: null, requesterEnd: null, approverEnd: null }, tampered: true, tamperedBecause: 'the request names no device' };
  if (!(await verifyBody('request', request.body, request.sig, device.sign))) why.push('the request signature does not verify');
  if (request.body.id !== item.id) why.push('the request names another id');

  let decision = item.decision;
  if (decision) {
    const ok =
      (await verifyBody('decision', decision.body, decision.sig, decision.body.device.sign)) &&
      decision.body.requestId === item.id &&
      decision.body.requestDigest === requestDigest(request.body) &&
      approvers(request.body.ref).some((a) => a.toLowerCase() === decision!.body.approver.name.toLowerCase());
    if (!ok) {
      why.push('the decision does not verify, or was not made by an approver of this environment');
      decision = null;
    }
  }
  // The requester's end must come from the device that made the request.
  let requesterEnd = item.requesterEnd;
  if (requesterEnd && !(requesterEnd.body.requestId === item.id && requesterEnd.body.device.sign === device.sign && (await verifyBody('end', requesterEnd.body, requesterEnd.sig, requesterEnd.body.device.sign)))) {
    why.push('the requester end record does not verify');
    requesterEnd = null;
  }
  let approverEnd = item.approverEnd;
  if (approverEnd && !(approverEnd.body.requestId === item.id && (await verifyBody('end', approverEnd.body, approverEnd.sig, approverEnd.body.device.sign)))) {
    why.push('the revocation record does not verify');
    approverEnd = null;
  }
  return { item: { ...item, decision, requesterEnd, approverEnd }, tampered: why.length > 0, tamperedBecause: why.length > 0 ? why.join('; ') : null };
}

export function trustOf(backend: string, requesterId: string, device: DeviceKeys | null, pins: Record<string, Pin>, mine: DeviceKeys): DeviceTrust {
  if (device === null) return 'account';
  if (device.sign === mine.sign && device.box === mine.box) return 'mine';
  const pin = pins[pinKey(backend, requesterId)];
  if (!pin) return 'new';
  return pin.fingerprint === deviceFingerprint(device) ? 'known' : 'changed';
}

export interface ViewOptions {
  backend: string;
  box: 'mine' | 'inbox';
  now: number;
  pins: Record<string, Pin>;
  myDevice: DeviceKeys;
  received: boolean;
  problem?: string | null;
}

export function viewOf(checked: CheckedItem, o: ViewOptions): AccessRequestView {
  const { item } = checked;
  const body = item.request!.body;
  const state = stateOf(item, o.now, { box: o.box, received: o.received });
  const decision = item.decision?.body ?? null;
  return {
    id: item.id,
    ref: body.ref,
    backend: o.backend,
    reason: body.reason,
    durationSeconds: body.durationSeconds,
    requester: body.requester,
    createdAt: body.createdAt,
    requestExpiresAt: body.requestExpiresAt,
    state,
    box: o.box,
    device: { fingerprint: body.device && deviceFingerprint(body.device), trust: trustOf(o.backend, body.requester.id, body.device, o.pins, o.myDevice) },
    tampered: checked.tampered,
    decision: decision && {
      verdict: decision.verdict,
      by: decision.approver.name,
      at: decision.decidedAt,
      comment: decision.comment,
      grantedSeconds: decision.grantedSeconds,
      grantExpiresAt: decision.grantExpiresAt,
    },
    secondsLeft: secondsLeft(item, state, o.now),
    problem: o.problem ?? (checked.tampered ? `Tampered: ${checked.tamperedBecause}.` : null),
  };
}

/** A request still on this device: not sent yet (the backend was down), or lapsed before it could be. */
export function draftView(entry: MineEntry, o: { now: number; myDevice: DeviceKeys | null; requester: AccessRequestView['requester'] }): AccessRequestView {
  const d = entry.draft!;
  const lapsed = Date.parse(d.requestExpiresAt) <= o.now;
  return {
    id: d.id,
    ref: d.ref,
    backend: entry.backend,
    reason: d.reason,
    durationSeconds: d.durationSeconds,
    requester: o.requester,
    createdAt: d.createdAt,
    requestExpiresAt: d.requestExpiresAt,
    state: lapsed ? 'lapsed' : 'not-sent',
    box: 'mine',
    device: o.myDevice ? { fingerprint: deviceFingerprint(o.myDevice), trust: 'mine' } : { fingerprint: null, trust: 'account' },
    tampered: false,
    decision: null,
    secondsLeft: lapsed ? null : Math.floor((Date.parse(d.requestExpiresAt) - o.now) / 1000),
    problem: entry.problem ?? (lapsed ? 'It lapsed before the backend could be reached.' : 'Not sent yet: the backend could not be reached. The next command sends it.'),
  };
}

/** My own request as this device sent it: on a backend whose grants land on my account, no device keys count. */
export function ownRequest(sent: SignedRequest, grantsTo: 'device' | 'account'): LedgerRequest {
  return grantsTo === 'account' ? { ...sent, body: { ...sent.body, device: null } } : sent;
}
