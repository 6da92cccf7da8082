import type { AccessRequestView } from '../../shared/access';
import { AppError } from '../../shared/errors';
import type { TeamProfile } from '../../shared/profile';
import { toAppError } from '../errors';
import type { AccessBackend, Me } from './backend';
import { openSealed, signBody } from './crypto';
import type { MineEntry } from './local-store';
import type { EndBody, LedgerItem, SignedEnd } from './records';
import { idPrefix, type AccessCore, type Listing } from './service';
import { FINAL_STATES, stateOf } from './state';
import { checkItem, draftView, ownRequest, viewOf, type CheckedItem } from './views';

/**
 * The requester's side: list my requests, collect approved grants (open the seal, unwrap once, keep the
 * credential in the keychain), clean up grants that ended, cancel, give back.
 */
export async function listMine(core: AccessCore, only?: string): Promise<Listing> {
  const data = await core.deps.store.read();
  const entries = data.mine.filter((m) => only === undefined || m.backend === only);
  const profile = await core.profile();
  const myDevice = (await core.keys()).public;
  const requests: AccessRequestView[] = [];
  const problems: Listing['problems'] = [];
  for (const name of [...new Set(entries.map((e) => e.backend))]) {
    const local = entries.filter((e) => e.backend === name);
    const grantsTo = await core.grantsTo(name, profile.access);
    for (const entry of local.filter((e) => e.draft !== null)) requests.push(draftView(entry, { now: core.now(), myDevice: grantsTo === 'device' ? myDevice : null, requester: data.me[name] ?? null }));
    const sent = local.filter((e) => e.sent !== null);
    if (sent.length === 0) continue;
    let items: LedgerItem[];
    try {
      const backend = await core.backend(name, profile.access);
      items = await backend.listMine(await core.me(backend));
      // Read once per backend: settling one request changes only that request's grant, and says how.
      const held = new Set((await core.deps.grants.records()).map((g) => g.requestId));
      for (const raw of items) {
        const checked = await checkItem(raw, core.approversOf(profile));
        const entry = sent.find((e) => e.id === raw.id);
        const { problem, received } = await settle(core, backend, checked, entry, held.has(raw.id));
        if (received) held.add(raw.id);
        else held.delete(raw.id);
        if (checked.item.request) requests.push(viewOf(checked, { backend: name, box: 'mine', now: core.now(), pins: {}, myDevice, received, problem: problem ?? entry?.problem ?? null }));
      }
    } catch (error) {
      problems.push({ backend: name, message: toAppError(error).message });
      items = [];
    }
    // Sent from here but not (or no longer) readable on the ledger: still shown, never silently dropped.
    for (const entry of sent.filter((e) => !items.some((i) => i.id === e.id))) {
      const item: LedgerItem = { id: entry.id, filedUnder: null, request: entry.sent && ownRequest(entry.sent, grantsTo), decision: null, requesterEnd: null, approverEnd: null, damaged: false };
      requests.push(viewOf({ item, tampered: false, tamperedBecause: null }, { backend: name, box: 'mine', now: core.now(), pins: {}, myDevice, received: false, problem: 'Not found on the ledger just now; its state may be out of date.' }));
    }
  }
  return { requests, problems };
}

/**
 * Brings this device in line with the ledger for one request (`held`: this device holds its grant); returns a
 * problem to show, if any, and whether the grant is held afterwards.
 */
async function settle(core: AccessCore, backend: AccessBackend, checked: CheckedItem, entry: MineEntry | undefined, held: boolean): Promise<{ problem: string | null; received: boolean }> {
  const { item } = checked;
  const request = item.request?.body;
  if (!request || !entry || entry.settled) return { problem: null, received: held };
  const state = stateOf(item, core.now(), { box: 'mine', received: held });
  if (FINAL_STATES.has(state)) {
    if (held) {
      await core.deps.grants.forget(item.id);
      const ended = state === 'expired' ? 0 : await core.deps.endExportsOfGrant(item.id);
      await core.audit({ action: 'access.grant.end', target: request.ref, outcome: 'ok', details: { id: item.id, state, exportsEnded: ended } });
    }
    await markSettled(core, item.id, null);
    return { problem: null, received: false };
  }
  if (state !== 'approved' || held) return { problem: null, received: held };
  const problem = await receive(core, backend, item);
  return { problem, received: problem === null };
}

/** Opens the sealed grant with this device's key and hands it to the backend to turn into a credential. */
async function receive(core: AccessCore, backend: AccessBackend, item: LedgerItem): Promise<string | null> {
  const request = item.request!.body;
  const decision = item.decision!.body;
  const grant = decision.grant;
  if (!grant) return 'The approval carries no grant.';
  const details = { id: item.id, type: grant.type };
  let material = '';
  try {
    // A native grant is a privilege on my own account: nothing was sealed (records.ts, NativeFacts).
    if (!item.native) material = await openSealed(grant.sealed, await core.keys(), `request ${item.id}`);
  } catch (error) {
    await core.audit({ action: 'access.grant.receive', target: request.ref, outcome: 'failed', details: { ...details, reason: 'seal does not open' } });
    await markSettled(core, item.id, toAppError(error).message);
    return toAppError(error).message;
  }
  const received = await backend.receiveGrant(material, grant, { ref: request.ref, requestId: request.id, grantExpiresAt: decision.grantExpiresAt });
  if (!received.ok) {
    const intercepted = received.reason === 'already-used';
    const problem = intercepted
      ? `Possible interception: the grant for request ${item.id} was already opened by someone else (${received.detail}). Tell ${decision.approver.name}: they can revoke it.`
      : `The grant for request ${item.id} could not be received: ${received.detail}.`;
    await core.audit({ action: intercepted ? 'access.grant.intercepted' : 'access.grant.receive', target: request.ref, outcome: 'failed', details: { ...details, reason: received.reason } });
    await markSettled(core, item.id, problem);
    return problem;
  }
  // An empty credential: the grant is a privilege on the person's own session (see backend.ts).
  const ownSession = received.credential === '';
  await core.deps.grants.keep(
    { requestId: item.id, backend: backend.name, ref: request.ref, expiresAt: decision.grantExpiresAt!, type: grant.type, handle: grant.handle, receivedAt: new Date(core.now()).toISOString(), ownSession },
    ownSession ? null : received.credential,
  );
  await core.audit({ action: 'access.grant.receive', target: request.ref, outcome: 'ok', details: { ...details, expiresAt: decision.grantExpiresAt } });
  core.changed();
  return null;
}

async function markSettled(core: AccessCore, id: string, problem: string | null): Promise<void> {
  await core.deps.store.update((data) => {
    const entry = data.mine.find((m) => m.id === id);
    if (entry) Object.assign(entry, { settled: true, ...(problem ? { problem } : {}) });
  });
}

/** Reads the latest state of one of my requests (by id or unambiguous prefix) from its backend. */
async function findMine(core: AccessCore, text: string): Promise<{ entry: MineEntry; profile: TeamProfile; backend: AccessBackend; me: Me; checked: CheckedItem | null }> {
  const prefix = idPrefix(text);
  const matches = (await core.deps.store.read()).mine.filter((m) => m.id.startsWith(prefix));
  if (matches.length > 1) throw new AppError('BAD_REQUEST', `"${text}" matches ${matches.length} of your requests.`, 'Give more of the id.', { next: { action: 'list-requests' } });
  const entry = matches[0];
  if (!entry) throw new AppError('NOT_FOUND', `You have no request with id "${text}" on this device.`, 'Your requests are listed with their ids.', { next: { action: 'list-requests' } });
  const profile = await core.profile();
  const backend = await core.backend(entry.backend, profile.access);
  const me = await core.me(backend);
  if (entry.draft) return { entry, profile, backend, me, checked: null };
  const raw = (await backend.listMine(me)).find((i) => i.id === entry.id);
  if (!raw) throw new AppError('NOT_FOUND', `Request ${entry.id} is not on ${entry.backend} any more.`, 'Ask a backend admin whether the request ledger was changed.');
  return { entry, profile, backend, me, checked: await checkItem(raw, core.approversOf(profile)) };
}

export async function signEnd(core: AccessCore, requestId: string, what: EndBody['what'], me: Me): Promise<SignedEnd> {
  const keys = await core.keys();
  const body: EndBody = { v: 1, kind: 'end', requestId, what, by: { id: me.id, name: me.name }, device: { sign: keys.public.sign }, at: new Date(core.now()).toISOString() };
  return { body, sig: await signBody('end', body, keys.signPrivate) };
}

/** Withdraws a pending request (one still on this device is simply dropped). */
export async function cancelRequest(core: AccessCore, text: string): Promise<{ id: string; ref: string; state: 'cancelled' }> {
  const { entry, backend, me, checked } = await findMine(core, text);
  if (!checked) {
    await core.deps.store.update((data) => void (data.mine = data.mine.filter((m) => m.id !== entry.id)));
    await core.audit({ action: 'access.cancel', target: entry.ref, outcome: 'ok', details: { id: entry.id, sent: false } });
    core.changed();
    return { id: entry.id, ref: entry.ref, state: 'cancelled' };
  }
  const state = stateOf(checked.item, core.now(), { box: 'mine', received: false });
  if (state !== 'pending') {
    throw new AppError('CONFLICT', `Request ${entry.id} is ${state}; only a pending request can be cancelled.`,
      state === 'approved' || state === 'active' ? 'Give the grant back instead.' : 'Nothing to cancel.', { next: { action: 'list-requests' } });
  }
  await backend.putEnd(checked.item, await signEnd(core, entry.id, 'cancelled', me), 'requester');
  await markSettled(core, entry.id, null);
  await core.audit({ action: 'access.cancel', target: entry.ref, outcome: 'ok', details: { id: entry.id, sent: true } });
  core.changed();
  return { id: entry.id, ref: entry.ref, state: 'cancelled' };
}

/** Ends my grant now at the backend, and everything made with it (exports, mounts, runs). */
export async function giveBack(core: AccessCore, text: string): Promise<{ id: string; ref: string; state: 'given-back'; exportsEnded: number }> {
  const { entry, backend, me, checked } = await findMine(core, text);
  const held = (await core.deps.grants.records()).find((g) => g.requestId === entry.id);
  const state = checked ? stateOf(checked.item, core.now(), { box: 'mine', received: held !== undefined }) : 'not-sent';
  if (!checked || (state !== 'approved' && state !== 'active')) {
    throw new AppError('CONFLICT', `Request ${entry.id} is ${state}; only an approved grant can be given back.`,
      state === 'pending' || state === 'not-sent' ? 'Cancel it instead.' : 'It has already ended.', { next: { action: 'list-requests' } });
  }
  const item = checked.item;
  if (!held) {
    const problem = await receive(core, backend, item);
    if (problem) throw new AppError('FORBIDDEN', problem, 'Ask your approver to revoke the grant.');
  }
  // A privilege on the person's own session is given back with their session (empty credential).
  const credential = (await core.deps.grants.credential(entry.id)) ?? '';
  await backend.giveBack(credential, item.decision!.body.grant!, item.request!.body);
  await backend.putEnd(item, await signEnd(core, entry.id, 'given-back', me), 'requester');
  await core.deps.grants.forget(entry.id);
  const exportsEnded = await core.deps.endExportsOfGrant(entry.id);
  await markSettled(core, entry.id, null);
  await core.audit({ action: 'access.give-back', target: entry.ref, outcome: 'ok', details: { id: entry.id, exportsEnded } });
  core.changed();
  return { id: entry.id, ref: entry.ref, state: 'given-back', exportsEnded };
}

/** Collects a just-approved grant for `ref` (the catalog asks before reading it). */
export async function collectFor(core: AccessCore, ref: string): Promise<void> {
  const entries = (await core.deps.store.read()).mine.filter((m) => m.ref === ref && m.sent !== null && !m.settled);
  for (const name of new Set(entries.map((e) => e.backend))) await listMine(core, name).catch(() => undefined);
}
