import { AppError } from '../../../shared/errors';
import { durationSeconds, type AccessSettings, type ProfileEnvironment } from '../../../shared/profile';
import type { InfisicalBackend } from '../../backends/infisical/adapter';
import { locatorFor } from '../../catalog/environment';
import { mapLimit } from '../../util/map-limit';
import type { AccessBackend } from '../backend';
import type { LedgerItem } from '../records';
import { NOTE_MAX, rangeOf, TAG_LENGTH, tagNote, toItems, type Row } from './records';
import { setupInfisical } from './setup';

/**
 * Access requests on Infisical: its native access approvals (ACCESS_REQUESTS.md §1a). A request is an
 * Infisical access request (reason → note, duration → temporaryRange), a decision is a review, and the grant
 * is the temporary privilege Infisical adds to the requester's own account at approval: it starts then and
 * ends at the server. There is no credential, so nothing is sealed, delivered or interceptable; reads keep
 * using the requester's own sign-in. Requests and reviews need a person's sign-in, never a machine identity
 * (the approvals client says so with a login next step).
 */
export function createInfisicalAccess(adapter: InfisicalBackend, settings: AccessSettings, environments: () => Promise<ProfileEnvironment[]>): AccessBackend {
  const { approvals, name } = adapter;
  /** Latchkey id → Infisical request id, from every listing (an approval always lists before it decides). */
  const nativeIds = new Map<string, string>();

  /** Where requests can be: the profile's environments on this backend that name approvers. */
  const places = async () => (await environments()).filter((e) => e.approvers.length > 0).map((e) => locatorFor(e.ref, e, adapter));

  async function listing(mine: boolean): Promise<LedgerItem[]> {
    const where = await places();
    const projects = [...new Set(where.map((p) => p.project))];
    const rows = (await mapLimit(projects, 4, async (project) => (await approvals.listRequests(project, { mine })).map((request): Row => ({ project, request })))).flat();
    const items = toItems(rows, { backend: name, places: where, requestExpirySeconds: durationSeconds(settings.requestExpiry) });
    for (const item of items) nativeIds.set(item.id, item.native!.nativeId);
    return items;
  }

  async function nativeIdOf(id: string): Promise<string> {
    const known = nativeIds.get(id) ?? (await listing(false), nativeIds.get(id));
    if (!known) throw new AppError('NOT_FOUND', `Request ${id} is not on ${name}.`, 'List the requests again to see where it stands.', { next: { action: 'list-requests' } });
    return known;
  }

  const nativeOf = (item: LedgerItem) => {
    if (!item.native) throw new AppError('INTERNAL', `Request ${item.id} did not come from ${name}.`);
    return item.native.nativeId;
  };

  return {
    name,
    kind: 'infisical',
    grantsTo: 'account',
    async whoami() {
      const who = await approvals.whoami();
      return { id: who.userId, name: who.email, names: [who.email] };
    },
    listMine: async (me) => (await listing(true)).filter((item) => item.request?.body.requester.id === me.id),
    listAll: async () => (await listing(false)).filter((item) => !item.requesterEnd && !item.approverEnd),
    find: async (idPrefix) => (await listing(false)).filter((item) => item.id.startsWith(idPrefix)),

    async putRequest(_me, request) {
      const place = (await places()).find((p) => p.ref === request.body.ref);
      if (!place) throw new AppError('BAD_REQUEST', `${request.body.ref} is not an environment the team profile lets anyone request.`, undefined, { next: { action: 'list-envs' } });
      const note = tagNote(request.body.reason, request.body.id);
      try {
        const made = await approvals.requestRead({ project: place.project, env: place.env, secretPath: place.path, duration: rangeOf(request.body.durationSeconds), note });
        nativeIds.set(request.body.id, made.id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', error.message, error.hint, { next: { action: 'admin-setup', backend: name } });
        throw error;
      }
    },

    // The review is the decision, and an approval makes the privilege: an approver who shortens edits the
    // request first (Infisical refuses longer). Infisical keeps no comment with a review; a shortened
    // request keeps it as the edit note.
    async putDecision(item, decision) {
      const id = nativeOf(item);
      const { verdict, grantedSeconds, comment, approver } = decision.body;
      if (verdict === 'denied') return void (await approvals.review(id, 'rejected'));
      if (grantedSeconds !== null && grantedSeconds < item.request!.body.durationSeconds) {
        const note = (comment ?? `Shortened to ${rangeOf(grantedSeconds)} by ${approver.name} in Latchkey`).slice(0, NOTE_MAX);
        await approvals.shorten(id, rangeOf(grantedSeconds), note);
      }
      await approvals.review(id, 'approved');
    },

    // A requester withdraws a pending request by rejecting it (Infisical always lets them); a revoke needs no
    // record of its own: the server notes who revoked.
    async putEnd(item, end) {
      if (end.body.what === 'cancelled') await approvals.review(nativeOf(item), 'rejected');
    },

    confirmRequester: async () => null,

    checkGrantable(env, request) {
      const room = NOTE_MAX - TAG_LENGTH;
      if (request.reason.length > room) {
        throw new AppError('BAD_REQUEST', `The reason is ${request.reason.length} characters; ${name} (Infisical) keeps at most ${room} (a ${NOTE_MAX}-character note that also carries Latchkey's request id).`,
          `Shorten the reason for ${env.ref}, e.g. to a ticket id and the task.`);
      }
    },

    // Nothing to make here: the approving review makes the privilege, on the requester's own account.
    issueGrant: async (_env, request) => ({ type: 'infisical-privilege', material: '', handle: await nativeIdOf(request.id) }),

    async receiveGrant(_material, envelope, expect) {
      if (envelope.type !== 'infisical-privilege') return { ok: false, reason: 'not-a-grant', detail: `an ${envelope.type} is not an Infisical privilege` };
      if (!expect.grantExpiresAt || Date.parse(expect.grantExpiresAt) <= Date.now()) return { ok: false, reason: 'expired', detail: 'the privilege has already ended at the server' };
      return { ok: true, credential: '' };
    },

    revokeGrant: (envelope) => approvals.revoke(envelope.handle),

    // UNVERIFIED who may revoke (test/fakes/infisical/options.ts `revokeBy`): the documented default is
    // approvers and project admins. A requester who may not is told so, and nothing changes.
    async giveBack(_credential, envelope, request) {
      try {
        await approvals.revoke(envelope.handle);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'FORBIDDEN' && error.next?.action !== 'login')) throw error;
        throw new AppError('FORBIDDEN', `${name} (Infisical) lets only an approver of its policy, or a project admin, end access from an approved request early. Your access to ${request.ref} is unchanged.`,
          `It ends by itself at the server when its time is up; to end it sooner, ask an approver of ${request.ref} to revoke it.`);
      }
    },

    setup: (options) => setupInfisical(approvals, name, options.environments.filter((e) => e.approvers.length > 0).map((e) => ({ env: e, where: locatorFor(e.ref, e, adapter) })), options),
  };
}
