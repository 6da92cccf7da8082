import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { HttpRequest } from '../http';
import type { InfisicalClient } from './client';
import { isAuthFailure, serverText } from './errors';
import type { InfisicalSession } from './session';
import {
  PolicyWire, PrivilegeWire, RequestRowWire, RequestViewWire, ReviewWire, toPolicy, toRequest,
  type InfisicalAccessRequest, type InfisicalPolicy,
} from './access-schemas';

/**
 * Infisical's native access approvals (ACCESS_REQUESTS.md §1a): policies, requests, reviews, revoke, and the
 * temporary privilege an approval creates, which ends at the server by itself. Requests and reviews are taken
 * only from a signed-in person (user JWT), never from a machine identity: see `requireUser`.
 * Every response is parsed with zod; server refusals become AppErrors naming the rule that refused.
 */
export interface InfisicalApprovals {
  /** The signed-in person: Infisical user id and email, and the organization the session is for. */
  whoami(): Promise<{ userId: string; email: string; organizationId: string }>;
  /** How many live policies cover `env` (the web app shows "Request access" when there is one). */
  policyCount(project: string, env: string): Promise<number>;
  listPolicies(project: string): Promise<InfisicalPolicy[]>;
  /** Needs project admin. Approvers are named as Infisical names users: their username (the email). */
  createPolicy(input: PolicyInput): Promise<InfisicalPolicy>;
  /** Needs project admin: sets the approvers and limits of an existing policy (env and path stay). */
  updatePolicy(policyId: string, input: Omit<PolicyInput, 'project' | 'env' | 'secretPath'>): Promise<InfisicalPolicy>;
  /** Asks for read access to one env + path for `duration` (`30m`, `8h`, `2d`). */
  requestRead(input: { project: string; env: string; secretPath?: string; duration: string; note: string }): Promise<{ id: string; policyId: string; requestExpiresAt: string | null }>;
  /** `mine`: only the signed-in person's own requests. */
  listRequests(project: string, filter?: { mine?: boolean; env?: string }): Promise<InfisicalAccessRequest[]>;
  /** Pending requests the signed-in person may review now (an approver, and not their own unless the policy allows). */
  inbox(project: string): Promise<InfisicalAccessRequest[]>;
  requestCount(project: string): Promise<{ pending: number; finalized: number }>;
  /** `rejected` on one's own pending request withdraws it (Infisical lets a requester always reject their own). */
  review(requestId: string, decision: 'approved' | 'rejected'): Promise<{ id: string; status: string }>;
  /** An approver shortens a pending request (Infisical refuses longer); earlier approvals are reset. */
  shorten(requestId: string, duration: string, note: string): Promise<void>;
  /** Ends an approved request's access now. Who may is decided by the server (approvers and admins). */
  revoke(requestId: string): Promise<void>;
  /** Deletes a privilege made directly (not by an approval: Infisical refuses those; revoke the request). */
  deletePrivilege(privilegeId: string): Promise<void>;
}

export interface PolicyInput {
  project: string;
  env: string;
  secretPath?: string;
  name?: string;
  approvers: string[];
  approvals?: number;
  allowedSelfApprovals?: boolean;
  maxTimePeriod?: string;
  requestExpirationTime?: string;
}

/** `ms()`-style durations Infisical accepts: `30m`, `8h`, `2d`. */
function duration(text: string): string {
  if (!/^\d+(s|m|h|d|w)$/.test(text) || /^0+[smhdw]$/.test(text)) {
    throw new AppError('BAD_REQUEST', `"${text}" is not a duration Infisical understands.`, 'Use a whole number and a unit, such as 30m, 8h or 2d.');
  }
  return text;
}

/**
 * The read rule for one env + path, packed the way the web app packs it (`packRules` from @casl/ability/extra):
 * `[action, subject, conditions]`. The server reads env and path from the first rule to find the policy.
 */
export const readRule = (env: string, secretPath: string) => [['read', 'secrets', { environment: env, secretPath: { $glob: secretPath } }]];

/** Server wordings (access-approval-request-service.ts) → the code and words Latchkey uses. */
const REFUSALS: Array<[RegExp, AppError['code'], string]> = [
  [/already have a pending access request/i, 'CONFLICT', 'You already have a pending request for this access.'],
  [/already have an active privilege/i, 'CONFLICT', 'You already have this access, granted by an earlier request.'],
  [/has been closed|already been rejected|already reviewed|expired/i, 'CONFLICT', 'This request is no longer open for that.'],
  [/not authorized to review their own request/i, 'FORBIDDEN', "You may not review this request: you are not an approver of its policy, or the policy does not allow approving your own request."],
  [/not a reviewer in this step/i, 'FORBIDDEN', 'You are not an approver of the current step of this policy.'],
  [/not authorized to (approve|modify|revoke)/i, 'FORBIDDEN', 'Only an approver of this policy or a project admin may do that.'],
  [/limited to .* by policy/i, 'BAD_REQUEST', 'The duration is longer than the policy allows.'],
  [/less than current access duration/i, 'BAD_REQUEST', 'Approvers may shorten a request, never lengthen it.'],
  [/no policy in environment|no policy matching/i, 'NOT_FOUND', 'No access-approval policy covers that environment and path; an admin sets one up.'],
  [/created from an access approval request/i, 'CONFLICT', 'That access was granted by an approved request: revoke the request instead.'],
];

export function createInfisicalApprovals(client: InfisicalClient, session: InfisicalSession, backend: string, now: () => number = Date.now): InfisicalApprovals {
  // Who the session is, fetched once per token (a new sign-in is a new token).
  let me: { token: string; who: { userId: string; email: string; organizationId: string } } | null = null;

  async function requireUser() {
    const creds = await session.load();
    if (creds?.method === 'user' || creds?.method === 'password') return creds;
    if (!creds) {
      throw new AppError('UNAUTHENTICATED', `You are not signed in to ${backend}; Infisical takes access requests and reviews only from a signed-in person.`,
        'Sign in as yourself (in the browser, or with email and password).', { next: { action: 'login', backend, via: 'browser' } });
    }
    throw new AppError('FORBIDDEN', `Infisical takes access requests and reviews only from a signed-in person; ${backend} is signed in as a machine identity or with a token.`,
      'Sign in as yourself (in the browser, or with email and password).', { next: { action: 'login', backend, via: 'browser' } });
  }

  async function call<T>(schema: z.ZodType<T>, req: HttpRequest, what: string): Promise<T> {
    const res = await client.send(req);
    if (res.status < 200 || res.status >= 300) {
      if (isAuthFailure(res)) throw client.fail(res, what);
      const text = serverText(res.body);
      if (res.status === 403 && text.error.startsWith('Forbidden access to')) await requireUser();
      const known = [400, 403, 404].includes(res.status) ? REFUSALS.find(([pattern]) => pattern.test(text.message)) : undefined;
      if (known) throw new AppError(known[1], `${backend}: ${known[2]} (Infisical said: ${text.message})`);
      throw client.fail(res, what);
    }
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw new AppError('BACKEND_UNAVAILABLE', `${backend} (Infisical) answered ${what} with something Latchkey does not understand.`, 'The server may be a release Latchkey does not know; tell whoever runs it.');
    return parsed.data;
  }

  const q = (project: string) => ({ projectSlug: project });
  const views = async (project: string, extra: Record<string, string | undefined> = {}) =>
    (await call(z.object({ requests: z.array(RequestViewWire) }), { method: 'GET', path: '/api/v1/access-approvals/requests', query: { ...q(project), ...extra } }, `the access requests of ${project}`)).requests;

  const api: InfisicalApprovals = {
    async whoami() {
      const creds = await requireUser();
      if (me?.token === creds.accessToken) return me.who;
      const { user } = await call(z.object({ user: z.looseObject({ id: z.string(), email: z.string().nullish(), username: z.string() }) }), { method: 'GET', path: '/api/v1/user' }, 'who am I');
      me = { token: creds.accessToken, who: { userId: user.id, email: user.email ?? user.username, organizationId: creds.organizationId ?? '' } };
      return me.who;
    },

    async policyCount(project, env) {
      return (await call(z.object({ count: z.number() }), { method: 'GET', path: '/api/v1/access-approvals/policies/count', query: { ...q(project), envSlug: env } }, `the policies of ${project}/${env}`)).count;
    },

    async listPolicies(project) {
      return (await call(z.object({ approvals: z.array(PolicyWire) }), { method: 'GET', path: '/api/v1/access-approvals/policies', query: q(project) }, `the policies of ${project}`)).approvals.map(toPolicy);
    },

    async createPolicy(input) {
      const body = {
        projectSlug: input.project, name: input.name, environment: input.env, secretPath: input.secretPath ?? '/',
        approvers: input.approvers.map((username) => ({ type: 'user', username })), approvals: input.approvals ?? 1, enforcementLevel: 'hard',
        allowedSelfApprovals: input.allowedSelfApprovals ?? false, maxTimePeriod: input.maxTimePeriod, requestExpirationTime: input.requestExpirationTime,
      };
      return toPolicy((await call(z.object({ approval: PolicyWire }), { method: 'POST', path: '/api/v1/access-approvals/policies', body }, `a policy for ${input.project}/${input.env}`)).approval);
    },

    async updatePolicy(policyId, input) {
      const body = {
        name: input.name, approvers: input.approvers.map((username) => ({ type: 'user', username })), approvals: input.approvals,
        allowedSelfApprovals: input.allowedSelfApprovals, maxTimePeriod: input.maxTimePeriod, requestExpirationTime: input.requestExpirationTime,
      };
      return toPolicy((await call(z.object({ approval: PolicyWire }), { method: 'PATCH', path: `/api/v1/access-approvals/policies/${encodeURIComponent(policyId)}`, body }, `policy ${policyId}`)).approval);
    },

    async requestRead(input) {
      await requireUser();
      const body = { permissions: readRule(input.env, input.secretPath ?? '/'), isTemporary: true, temporaryRange: duration(input.duration), note: input.note };
      const { approval } = await call(z.object({ approval: RequestRowWire }), { method: 'POST', path: '/api/v1/access-approvals/requests', query: q(input.project), body }, `a request for ${input.project}/${input.env}`);
      return { id: approval.id, policyId: approval.policyId, requestExpiresAt: approval.expiresAt ?? null };
    },

    async listRequests(project, filter = {}) {
      await requireUser();
      const author = filter.mine ? (await api.whoami()).userId : undefined;
      return (await views(project, { authorUserId: author, envSlug: filter.env })).map((r) => toRequest(r, now()));
    },

    async inbox(project) {
      const { userId } = await api.whoami();
      return (await api.listRequests(project)).filter(
        (r) => r.state === 'pending' && r.approverUserIds.includes(userId) && (r.requester.userId !== userId || r.allowedSelfApprovals) && !r.reviews.some((v) => v.userId === userId),
      );
    },

    async requestCount(project) {
      await requireUser();
      const c = await call(z.object({ pendingCount: z.number(), finalizedCount: z.number() }), { method: 'GET', path: '/api/v1/access-approvals/requests/count', query: q(project) }, `the request count of ${project}`);
      return { pending: c.pendingCount, finalized: c.finalizedCount };
    },

    async review(requestId, decision) {
      await requireUser();
      const { review } = await call(z.object({ review: ReviewWire }), { method: 'POST', path: `/api/v1/access-approvals/requests/${encodeURIComponent(requestId)}/review`, body: { status: decision } }, `request ${requestId}`);
      return { id: review.id, status: review.status };
    },

    async shorten(requestId, length, note) {
      await requireUser();
      const body = { temporaryRange: duration(length), editNote: note };
      await call(z.object({ approval: RequestRowWire }), { method: 'PATCH', path: `/api/v1/access-approvals/requests/${encodeURIComponent(requestId)}`, body }, `request ${requestId}`);
    },

    async revoke(requestId) {
      await requireUser();
      await call(z.object({ request: RequestRowWire }), { method: 'POST', path: `/api/v1/access-approvals/requests/${encodeURIComponent(requestId)}/revoke` }, `request ${requestId}`);
    },

    async deletePrivilege(privilegeId) {
      await requireUser();
      await call(z.object({ privilege: PrivilegeWire }), { method: 'DELETE', path: `/api/v1/user-project-additional-privilege/${encodeURIComponent(privilegeId)}` }, `privilege ${privilegeId}`);
    },
  };
  return api;
}
