import type { AccessRequestView } from '../../shared/access';
import { AppError } from '../../shared/errors';
import type { ProfileEnvironment, TeamProfile } from '../../shared/profile';
import { locatorFor, profileEnvironment } from '../catalog/environment';
import { toAppError } from '../errors';
import { formatLeft } from '../exports/ttl';
import type { AccessBackend, Me } from './backend';
import { deviceFingerprint, requestDigest, sealTo, signBody } from './crypto';
import { pinKey } from './local-store';
import type { DecisionBody, GrantEnvelope, LedgerItem, SignedDecision } from './records';
import { signEnd } from './requester-flow';
import { checkApprover, checkNotSelf, grantDuration, isApproverOf, isSelf, nativeRefusal } from './rules';
import { idPrefix, type AccessCore, type Listing } from './service';
import { FINAL_STATES, stateOf } from './state';
import { checkItem, trustOf, viewOf, type CheckedItem } from './views';

/** Requests others made that I may decide and that are not over yet, across every backend of the profile. */
export async function listInbox(core: AccessCore): Promise<Listing> {
  const profile = await core.profile();
  const { pins } = await core.deps.store.read();
  const myDevice = (await core.keys()).public;
  const requests: AccessRequestView[] = [];
  const problems: Listing['problems'] = [];
  for (const name of core.inboxBackends(profile)) {
    try {
      const backend = await core.backend(name, profile.access);
      const me = await core.me(backend);
      // Someone the profile names as approver of nothing here has no inbox here (and may not list one).
      if (!approvesOn(profile, name, me)) continue;
      for (const raw of await backend.listAll()) {
        const checked = await checkItem(raw, core.approversOf(profile));
        const body = checked.item.request?.body;
        const env = body && profileEnvironment(profile, body.ref);
        if (!body || !env || !isApproverOf(env, me) || (isSelf(me, body.requester) && !profile.access.allowSelfApproval)) continue;
        if (nativeRefusal(name, checked.item, body.ref, me, body.requester)) continue;
        const view = viewOf(checked, { backend: name, box: 'inbox', now: core.now(), pins, myDevice, received: false });
        if (!FINAL_STATES.has(view.state)) requests.push(view);
      }
    } catch (error) {
      problems.push({ backend: name, message: toAppError(error).message });
    }
  }
  return { requests, problems };
}

const approvesOn = (profile: TeamProfile, backend: string, me: Me) => profile.environments.some((e) => e.ref.startsWith(`${backend}:`) && isApproverOf(e, me));

interface Found {
  profile: TeamProfile;
  backend: AccessBackend;
  me: Me;
  checked: CheckedItem;
  env: ProfileEnvironment;
}

/** Finds a request by id prefix on the backends an approver can see, and checks I may decide it. */
async function findForDecision(core: AccessCore, text: string, action: string): Promise<Found> {
  const prefix = idPrefix(text);
  const profile = await core.profile();
  const found: Array<Omit<Found, 'me' | 'env'>> = [];
  let refused: unknown = null;
  let approverSomewhere = false;
  for (const name of core.inboxBackends(profile)) {
    try {
      const backend = await core.backend(name, profile.access);
      const me = await core.me(backend);
      // The profile's rule comes first: only the approvers it names may decide, whatever the backend allows.
      if (!approvesOn(profile, name, me)) continue;
      approverSomewhere = true;
      for (const raw of await backend.find(prefix)) found.push({ profile, backend, checked: await checkItem(raw, core.approversOf(profile)) });
    } catch (error) {
      refused ??= error;
    }
  }
  if (!approverSomewhere && !refused) {
    throw new AppError('FORBIDDEN', `You may not ${action} requests: only the approvers the team profile names for an environment may decide its requests, and it names you for none.`,
      'Ask one of the approvers listed for the environment.', { next: { action: 'list-envs' } });
  }
  if (found.length > 1) throw new AppError('BAD_REQUEST', `"${text}" matches ${found.length} requests.`, 'Give more of the id.', { next: { action: 'list-requests' } });
  if (found.length === 0) {
    if (refused) throw refused;
    throw new AppError('NOT_FOUND', `No request with id "${text}" on the backends of the team profile.`, 'The requests waiting for you are listed with their ids.', { next: { action: 'list-requests' } });
  }
  const hit = found[0]!;
  const body = hit.checked.item.request?.body;
  if (!body || hit.checked.tampered) {
    const ref = body?.ref ?? hit.backend.name;
    await core.audit({ action: 'access.tampered', target: ref, outcome: 'denied', details: { id: hit.checked.item.id, action, because: hit.checked.tamperedBecause } });
    throw new AppError('FORBIDDEN', `Request ${hit.checked.item.id} is tampered: ${hit.checked.tamperedBecause}. It cannot be ${action}d.`,
      'Tell the requester: they can cancel it and ask again. The attempt is recorded in the audit log.');
  }
  const env = profileEnvironment(profile, body.ref);
  if (!env) throw new AppError('BAD_REQUEST', `Request ${hit.checked.item.id} is for ${body.ref}, which is not in the team profile.`, 'Nothing can be granted for it.');
  const me = await core.me(hit.backend);
  checkApprover(body.ref, env, me);
  const refusal = nativeRefusal(hit.backend.name, hit.checked.item, body.ref, me, body.requester);
  if (refusal) throw new AppError('FORBIDDEN', `You may not ${action} request ${hit.checked.item.id}: ${refusal}.`, 'Ask another approver, or an admin of that backend to add you to its policy.');
  return { ...hit, me, env };
}

function refuseUnlessPending(found: Found, now: number, action: string): void {
  const { item } = found.checked;
  const state = stateOf(item, now, { box: 'inbox', received: false });
  if (state === 'pending') return;
  const by = item.decision ? ` by ${item.decision.body.approver.name}` : '';
  const when = state === 'lapsed' ? ` (it lapsed at ${item.request!.body.requestExpiresAt})` : '';
  throw new AppError('CONFLICT', `Request ${item.id} is ${state}${by}${when}; only a pending request can be ${action}d.`, 'List the requests to see where it stands.', { next: { action: 'list-requests' } });
}

async function signDecision(core: AccessCore, body: Omit<DecisionBody, 'device' | 'v' | 'kind'>): Promise<SignedDecision> {
  const keys = await core.keys();
  const full: DecisionBody = { v: 1, kind: 'decision', ...body, device: { sign: keys.public.sign } };
  return { body: full, sig: await signBody('decision', full, keys.signPrivate) };
}

/** Approves: pins (or re-confirms) the requester's device, makes the grant, seals it to that device. */
export async function approve(core: AccessCore, input: { id: string; duration?: string; comment?: string; device?: string }): Promise<AccessRequestView> {
  const found = await findForDecision(core, input.id, 'approve');
  const { backend, me, env, profile } = found;
  const { item } = found.checked;
  const request = item.request!.body;
  checkNotSelf(request.ref, profile.access, me, request.requester);
  refuseUnlessPending(found, core.now(), 'approve');
  const claim = await backend.confirmRequester(request, item.filedUnder);
  if (claim) {
    await core.audit({ action: 'access.tampered', target: request.ref, outcome: 'denied', details: { id: item.id, action: 'approve', because: claim } });
    throw new AppError('FORBIDDEN', `Request ${item.id} is tampered: ${claim}. It cannot be approved.`, 'The attempt is recorded in the audit log.');
  }
  const seconds = grantDuration(request.durationSeconds, input.duration);
  // No device on a native request: its grant is a privilege on the requester's own account (records.ts).
  const device = request.device;
  const fingerprint = device && deviceFingerprint(device);
  const { pins } = await core.deps.store.read();
  const trust = trustOf(backend.name, request.requester.id, device, pins, (await core.keys()).public);
  if (fingerprint && (trust === 'new' || trust === 'changed')) confirmDevice(item.id, request.requester.name, fingerprint, trust, input.device);

  const startedAt = core.now();
  const issued = await backend.issueGrant({ ...locatorFor(request.ref, env), grantPolicy: env.grantPolicy, readRole: env.readRole }, request, seconds);
  // The backend may grant less than approved (AWS: the role's maximum session); the record says what it did.
  const granted = Math.min(issued.grantedSeconds ?? seconds, seconds);
  const envelope: GrantEnvelope = { type: issued.type, sealed: device ? await sealTo(device.box, issued.material) : '', handle: issued.handle };
  const decision = await signDecision(core, {
    requestId: item.id,
    requestDigest: requestDigest(request),
    verdict: 'approved',
    approver: { id: me.id, name: me.name },
    decidedAt: new Date(startedAt).toISOString(),
    comment: input.comment?.trim() || null,
    grantedSeconds: granted,
    // Counted from before the backend made it: never later than the server's own end.
    grantExpiresAt: new Date(startedAt + granted * 1000).toISOString(),
    grant: envelope,
  });
  try {
    await backend.putDecision(item, decision);
  } catch (error) {
    // Someone decided first (or the ledger refused): the grant just made must not outlive the attempt.
    await backend.revokeGrant(envelope, request).catch(() => undefined);
    throw error;
  }
  if (device && fingerprint && trust !== 'known') {
    await core.deps.store.update((data) => {
      data.pins[pinKey(backend.name, request.requester.id)] = { fingerprint, box: device.box, sign: device.sign, name: request.requester.name, pinnedAt: new Date(core.now()).toISOString() };
    });
  }
  await core.audit({
    action: 'access.approve',
    target: request.ref,
    outcome: 'ok',
    details: {
      id: item.id,
      requester: request.requester.name,
      seconds: granted,
      asked: request.durationSeconds,
      ...(granted < seconds ? { approvedSeconds: seconds } : {}),
      device: fingerprint,
      deviceTrust: trust,
      grantExpiresAt: decision.body.grantExpiresAt,
    },
  });
  core.changed();
  const { pins: after } = await core.deps.store.read();
  const view = viewOf({ ...found.checked, item: await decided(backend, item, decision) }, { backend: backend.name, box: 'inbox', now: core.now(), pins: after, myDevice: (await core.keys()).public, received: false });
  return issued.note ? { ...view, problem: issued.note } : view;
}

/**
 * The item after a decision. A native backend decides at its own pace (its policy may want more approvals,
 * and the grant's end is the server's): read back what it says now.
 */
async function decided(backend: AccessBackend, item: LedgerItem, decision: SignedDecision): Promise<LedgerItem> {
  if (!item.native) return { ...item, decision };
  return (await backend.find(item.id)).find((i) => i.id === item.id) ?? { ...item, decision };
}

/** A device seen for the first time, or a different one for the same person, is confirmed by its fingerprint. */
function confirmDevice(id: string, who: string, fingerprint: string, trust: 'new' | 'changed', given: string | undefined): void {
  const normal = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (given !== undefined && normal(given) === normal(fingerprint)) return;
  if (given !== undefined) {
    throw new AppError('FORBIDDEN', `The device fingerprint you gave does not match request ${id}'s device (${fingerprint}). Nothing was approved.`,
      `Compare it with ${who} again, over a channel you trust.`);
  }
  const what = trust === 'changed'
    ? `WARNING: ${who} now asks from a DIFFERENT device than the one you approved before (fingerprint ${fingerprint}). If they did not get a new computer, someone may be impersonating them.`
    : `${who} asks from a device you have not approved before (fingerprint ${fingerprint}).`;
  throw new AppError('CONFLICT', `${what} Confirm it before approving request ${id}.`,
    `Ask ${who} to read you the fingerprint their Latchkey shows for this request; approve only if it matches.`, { next: { action: 'approve-device', id, fingerprint } });
}

export async function deny(core: AccessCore, input: { id: string; reason: string }): Promise<AccessRequestView> {
  const found = await findForDecision(core, input.id, 'deny');
  const { item } = found.checked;
  refuseUnlessPending(found, core.now(), 'deny');
  const decision = await signDecision(core, {
    requestId: item.id,
    requestDigest: requestDigest(item.request!.body),
    verdict: 'denied',
    approver: { id: found.me.id, name: found.me.name },
    decidedAt: new Date(core.now()).toISOString(),
    comment: input.reason.trim(),
    grantedSeconds: null,
    grantExpiresAt: null,
    grant: null,
  });
  await found.backend.putDecision(item, decision);
  await core.audit({ action: 'access.deny', target: item.request!.body.ref, outcome: 'ok', details: { id: item.id, requester: item.request!.body.requester.name, reason: input.reason.trim() } });
  core.changed();
  const { pins } = await core.deps.store.read();
  return viewOf({ ...found.checked, item: await decided(found.backend, item, decision) }, { backend: found.backend.name, box: 'inbox', now: core.now(), pins, myDevice: (await core.keys()).public, received: false });
}

/** Ends a grant early at the backend (any approver of the environment may). */
export async function revokeGrant(core: AccessCore, text: string): Promise<{ id: string; ref: string; state: 'revoked' }> {
  const found = await findForDecision(core, text, 'revoke');
  const { item } = found.checked;
  const request = item.request!.body;
  const state = stateOf(item, core.now(), { box: 'inbox', received: false });
  if (state !== 'active') {
    throw new AppError('CONFLICT', `Request ${item.id} is ${state}; only an active grant can be revoked.`, 'List the requests to see where it stands.', { next: { action: 'list-requests' } });
  }
  await found.backend.revokeGrant(item.decision!.body.grant!, request);
  await found.backend.putEnd(item, await signEnd(core, item.id, 'revoked', found.me), 'approver');
  const left = item.decision!.body.grantExpiresAt ? formatLeft((Date.parse(item.decision!.body.grantExpiresAt) - core.now()) / 1000) : '';
  await core.audit({ action: 'access.revoke-grant', target: request.ref, outcome: 'ok', details: { id: item.id, requester: request.requester.name, cutShortBy: left } });
  core.changed();
  return { id: item.id, ref: request.ref, state: 'revoked' };
}
