import { randomBytes } from 'node:crypto';
import type { AccessRequestForm, AccessRequestView } from '../../shared/access';
import { parseEnvRef } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { durationSeconds, type ProfileEnvironment } from '../../shared/profile';
import { locatorFor } from '../catalog/environment';
import { toAppError } from '../errors';
import type { AccessBackend, Me } from './backend';
import { deviceFingerprint, signBody } from './crypto';
import type { Draft, MineEntry } from './local-store';
import type { LedgerItem, SignedRequest } from './records';
import { checkReason, reasonMinLength, requestDuration, requestLimits } from './rules';
import type { AccessCore } from './service';
import { FINAL_STATES, stateOf } from './state';
import { checkItem, draftView, ownRequest, viewOf } from './views';

/** Failures that mean "the backend cannot be reached right now": the request is kept and sent later. */
const OFFLINE = new Set(['BACKEND_UNAVAILABLE', 'RATE_LIMITED', 'SEALED']);
const isOffline = (error: unknown) => OFFLINE.has(toAppError(error).code);

const newRequestId = () => randomBytes(8).toString('hex');

/** Asks for access: checks the rules, signs the request with this device's key and files it on the backend. */
export async function createRequest(core: AccessCore, input: { ref: string; reason: string; duration?: string }): Promise<AccessRequestView> {
  const { profile, env } = await core.requestable(input.ref);
  const reason = checkReason(input.ref, env, profile.access, input.reason);
  const seconds = requestDuration(input.ref, env, input.duration);
  const backendName = parseEnvRef(input.ref).backend;
  const backend = await core.backend(backendName, profile.access);
  backend.checkGrantable(env, { reason, durationSeconds: seconds });
  await refuseLocalDuplicates(core, input.ref);

  const now = core.now();
  const draft: Draft = {
    id: newRequestId(),
    ref: input.ref,
    reason,
    durationSeconds: seconds,
    createdAt: new Date(now).toISOString(),
    requestExpiresAt: new Date(now + durationSeconds(profile.access.requestExpiry) * 1000).toISOString(),
  };
  const details = { id: draft.id, seconds, requestExpiresAt: draft.requestExpiresAt };
  let signed: SignedRequest;
  let me: Me;
  try {
    // Who I am first: a backend that takes requests only from a person says so before anything else.
    me = await core.me(backend);
    await refuseIfReadable(core, backendName, input.ref, env);
    await refuseLedgerDuplicates(core, backend, me, input.ref, profile);
    signed = await signRequest(core, draft, me);
    await backend.putRequest(me, signed);
  } catch (error) {
    const appError = toAppError(error);
    if (!isOffline(error)) {
      await core.audit({ action: 'access.request', target: input.ref, outcome: appError.code === 'FORBIDDEN' ? 'denied' : 'failed', details: { ...details, code: appError.code } }).catch(() => undefined);
      throw error;
    }
    // Never lost: kept on this device and sent by the next command.
    const entry: MineEntry = { id: draft.id, backend: backendName, ref: input.ref, draft, sent: null, problem: `Not sent yet: ${appError.message}`, settled: false };
    await core.deps.store.update((data) => void data.mine.push(entry));
    await core.audit({ action: 'access.request', target: input.ref, outcome: 'failed', details: { ...details, sent: false, code: appError.code } });
    core.changed();
    return draftView(entry, { now: core.now(), myDevice: backend.grantsTo === 'device' ? (await core.keys()).public : null, requester: await core.cachedMe(backendName) });
  }
  await core.deps.store.update((data) => void data.mine.push({ id: draft.id, backend: backendName, ref: input.ref, draft: null, sent: signed, problem: null, settled: false }));
  await core.audit({ action: 'access.request', target: input.ref, outcome: 'ok', details: { ...details, requester: me.name } });
  core.changed();
  const item: LedgerItem = { id: draft.id, filedUnder: me.id, request: ownRequest(signed, backend.grantsTo), decision: null, requesterEnd: null, approverEnd: null, damaged: false };
  return viewOf({ item, tampered: false, tamperedBecause: null }, { backend: backendName, box: 'mine', now: core.now(), pins: {}, myDevice: signed.body.device, received: false });
}

/** The request dialog's rules for `ref` and what the approver will see of this device. */
export async function requestForm(core: AccessCore, ref: string): Promise<AccessRequestForm> {
  const { profile, env } = await core.requestable(ref);
  const backend = parseEnvRef(ref).backend;
  const limits = requestLimits(env);
  const account = (await core.grantsTo(backend, profile.access)) === 'account';
  return {
    ref,
    backend,
    approvers: env.approvers,
    reasonMinLength: reasonMinLength(env, profile.access),
    defaultDuration: limits.defaultText,
    maxDuration: limits.maxText,
    maxFromProfile: limits.maxFromProfile,
    device: account ? { fingerprint: null, trust: 'account' } : { fingerprint: deviceFingerprint((await core.keys()).public), trust: 'mine' },
  };
}

async function signRequest(core: AccessCore, draft: Draft, me: Me): Promise<SignedRequest> {
  const keys = await core.keys();
  const body = { v: 1 as const, kind: 'request' as const, ...draft, requester: { id: me.id, name: me.name }, device: keys.public };
  return { body, sig: await signBody('request', body, keys.signPrivate) };
}

/**
 * Sends the requests made while their backend could not be reached. Runs before commands (cheap when
 * there is nothing to send); a request that lapsed meanwhile is not sent. Returns the ids sent.
 */
export async function flushOutbox(core: AccessCore): Promise<string[]> {
  const drafts = (await core.deps.store.read()).mine.filter((m) => m.draft !== null && Date.parse(m.draft.requestExpiresAt) > core.now());
  if (drafts.length === 0) return [];
  const profile = await core.profile();
  const sent: string[] = [];
  for (const entry of drafts) {
    let signed: SignedRequest | null = null;
    let problem: string | null = null;
    try {
      const backend = await core.backend(entry.backend, profile.access);
      const me = await core.me(backend);
      signed = await signRequest(core, entry.draft!, me);
      await backend.putRequest(me, signed).catch((error: unknown) => {
        // Sent before, but the answer was lost: the ids are random, so it is ours.
        if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
      });
    } catch (error) {
      signed = null;
      problem = `Not sent yet: ${toAppError(error).message}`;
    }
    await core.deps.store.update((data) => {
      const current = data.mine.find((m) => m.id === entry.id);
      if (!current) return;
      if (signed) Object.assign(current, { draft: null, sent: signed, problem: null });
      else current.problem = problem;
    });
    if (signed) {
      sent.push(entry.id);
      await core.audit({ action: 'access.request', target: entry.ref, outcome: 'ok', details: { id: entry.id, sentLater: true } });
    }
  }
  if (sent.length > 0) core.changed();
  return sent;
}

async function refuseLocalDuplicates(core: AccessCore, ref: string): Promise<void> {
  const now = core.now();
  const data = await core.deps.store.read();
  const grant = data.grants.find((g) => g.ref === ref && Date.parse(g.expiresAt) > now);
  if (grant) {
    throw new AppError('CONFLICT', `You already hold a grant for ${ref} (request ${grant.requestId}) until ${grant.expiresAt}.`, 'Use it, or give it back first to ask again.');
  }
  const draft = data.mine.find((m) => m.ref === ref && m.draft !== null && Date.parse(m.draft.requestExpiresAt) > now);
  if (draft) {
    throw new AppError('CONFLICT', `You already asked for ${ref}: request ${draft.id} is waiting to be sent.`, 'It is sent by the next command; cancel it to ask differently.', { next: { action: 'list-requests' } });
  }
}

/** A request for something you can already read would only add noise to an approver's inbox. */
async function refuseIfReadable(core: AccessCore, backendName: string, ref: string, env: ProfileEnvironment): Promise<void> {
  const adapter = await core.adapter(backendName);
  const access = await adapter.access([locatorFor(ref, env, adapter)]);
  if (access.get(ref) === 'granted') {
    throw new AppError('CONFLICT', `You can already read ${ref} with your own ${backendName} sign-in; there is nothing to request.`, 'Use it directly.', { next: { action: 'describe', ref } });
  }
}

async function refuseLedgerDuplicates(core: AccessCore, backend: AccessBackend, me: Me, ref: string, profile: Parameters<AccessCore['approversOf']>[0]): Promise<void> {
  const now = core.now();
  for (const raw of await backend.listMine(me)) {
    const { item, tampered } = await checkItem(raw, core.approversOf(profile));
    if (tampered || item.request?.body.ref !== ref) continue;
    const state = stateOf(item, now, { box: 'mine', received: false });
    if (FINAL_STATES.has(state)) continue;
    throw new AppError('CONFLICT', `You already asked for ${ref}: request ${item.id} is ${state}.`,
      state === 'pending' ? 'Wait for a decision, or cancel it to ask differently.' : 'List your requests to receive the grant.', { next: { action: 'list-requests' } });
  }
}
