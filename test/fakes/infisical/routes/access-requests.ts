import { randomBytes } from 'node:crypto';
import type { SimAccessRequest, SimPolicy, SimPrivilege } from '../access-state';
import { grantsFromPermissions, toRules } from '../casl-grants';
import { badRequest, enumIssue, forbidden, notFound, unauthorized, validation, type ZodIssue } from '../errors';
import { isProjectAdmin, requireMember } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId } from '../state';
import { parseDuration } from '../tokens';
import { requireString } from '../validate';
import { projectBySlug, requestRow, requestView, requiredAt } from './access-json';

/**
 * `/api/v1/access-approvals/requests` (ACCESS_REQUESTS.md §1a): user session JWT only (server.ts refuses
 * identity tokens with 403). Behaviour follows access-approval-request-service.ts as read; see options.ts for
 * what is UNVERIFIED (revoke, the wording for a lapsed request).
 */
const RANGE_MESSAGE = "Invalid time period format or value. Must be a positive duration (e.g., '1h', '30m', '2d').";
const rangeIssue = (): ZodIssue => ({ code: 'custom', path: ['temporaryRange'], message: RANGE_MESSAGE });
const ms = (range: string) => parseDuration(range) ?? 0;

export const lapsed = (ctx: RouteCtx, r: SimAccessRequest) => r.status === 'pending' && r.expiresAtMs !== null && r.expiresAtMs <= ctx.state.now();

function parseCreate(ctx: RouteCtx) {
  const permissions = ctx.body.permissions;
  const tupleOk = (p: unknown) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string';
  if (!Array.isArray(permissions) || permissions.length === 0 || !permissions.every(tupleOk)) {
    throw validation([{ code: 'custom', path: ['permissions'], message: 'Expected a non-empty array of [action, subject, ...] tuples' }]);
  }
  if (typeof ctx.body.isTemporary !== 'boolean') throw validation([{ code: 'invalid_type', expected: 'boolean', received: typeof ctx.body.isTemporary, path: ['isTemporary'], message: 'Required' }]);
  const rawRange: unknown = ctx.body.temporaryRange === undefined || ctx.body.temporaryRange === 'permanent' ? null : ctx.body.temporaryRange;
  if (rawRange !== null && (typeof rawRange !== 'string' || parseDuration(rawRange) === null)) throw validation([rangeIssue()]);
  const range = rawRange as string | null;
  const note = ctx.body.note;
  if (note !== undefined && (typeof note !== 'string' || note.length > 255)) throw validation([{ code: 'too_big', path: ['note'], message: 'String must contain at most 255 character(s)' }]);
  // verifyRequestedPermissions: environment and `secretPath.$glob` of the FIRST rule decide the policy.
  const first = toRules(permissions)[0];
  const envSlug = first?.conditions?.environment;
  const secretPath = (first?.conditions?.secretPath as { $glob?: unknown } | undefined)?.$glob;
  if (typeof envSlug !== 'string') throw unauthorized('Permission environment is not a string');
  if (typeof secretPath !== 'string') throw unauthorized('Permission path is not a string');
  return { permissions, isTemporary: ctx.body.isTemporary, range, note: (note as string | undefined) ?? null, envSlug, secretPath };
}

function rejectDuplicate(ctx: RouteCtx, policy: SimPolicy, permissions: unknown[], isTemporary: boolean) {
  const same = ctx.state.requests.filter(
    (r) => r.policyId === policy.id && r.requestedByUserId === ctx.who.id && JSON.stringify(r.permissions) === JSON.stringify(permissions) && r.isTemporary === isTemporary,
  );
  for (const r of same) {
    if (r.privilegeId) {
      const priv = ctx.state.privileges.find((p) => p.id === r.privilegeId);
      const over = !priv || (priv.endsAtMs !== null && ctx.state.now() > priv.endsAtMs);
      if (priv && (!over || !priv.isTemporary)) throw badRequest('You already have an active privilege with the same criteria');
    } else if (r.status === 'pending' && !r.reviews.some((v) => v.status === 'rejected') && !lapsed(ctx, r)) {
      throw badRequest('You already have a pending access request with the same criteria');
    }
  }
}

function grant(ctx: RouteCtx, r: SimAccessRequest, actorId: string) {
  if (r.isTemporary && !r.temporaryRange) throw badRequest('Temporary range is required for temporary access');
  const now = ctx.state.now();
  const temporary = r.isTemporary || r.temporaryRange !== null;
  const at = ctx.state.iso();
  // The clock starts at approval: start = now, end = now + range (temporaryMode "relative").
  const privilege: SimPrivilege = {
    id: newId(), slug: `requested-privilege-${randomBytes(6).toString('hex')}`, projectId: r.projectId, userId: r.requestedByUserId,
    permissions: r.permissions, grants: grantsFromPermissions(r.permissions), isTemporary: temporary, temporaryMode: temporary ? 'relative' : null,
    temporaryRange: temporary ? r.temporaryRange : null, startsAtMs: temporary ? now : null, endsAtMs: temporary ? now + ms(r.temporaryRange!) : null,
    requestId: r.id, createdAt: at, updatedAt: at,
  };
  ctx.state.privileges.push(privilege);
  Object.assign(r, { privilegeId: privilege.id, status: 'approved', approvedByUserId: actorId, updatedAt: at });
}

function review(ctx: RouteCtx) {
  const status = ctx.body.status;
  if (status !== 'approved' && status !== 'rejected') throw validation([enumIssue('status', String(status), ['approved', 'rejected'])]);
  const r = ctx.state.requests.find((x) => x.id === ctx.params.requestId);
  if (!r) throw notFound(`Secret approval request with ID '${ctx.params.requestId}' not found`);
  const p = ctx.state.policies.find((x) => x.id === r.policyId)!;
  if (p.deletedAt) throw badRequest('The policy associated with this access request has been deleted.');
  if (!p.envSlugs.includes(r.envSlug) && status === 'approved') throw badRequest(`The original policy ${p.name} is not attached to environment '${r.envSlug}'.`);
  requireMember(ctx.state, r.projectId, ctx.who);
  const me = ctx.who.id;
  const isSelf = me === r.requestedByUserId;
  const isApprover = p.approvers.some((a) => a.type === 'user' && a.id === me);
  const canBypass = p.bypasserUserIds.length === 0 || p.bypasserUserIds.includes(me);
  const breakGlass = p.enforcementLevel === 'soft' && isSelf && status === 'approved';
  const selfRejection = isSelf && status === 'rejected'; // a requester can always withdraw (reject) their own request
  if (!selfRejection && (!isApprover || (!p.allowedSelfApprovals && isSelf)) && !(p.enforcementLevel === 'soft' && canBypass)) {
    throw badRequest('Failed to review access approval request. Users are not authorized to review their own request.');
  }
  if (!isProjectAdmin(ctx.state, r.projectId, me) && !isSelf && !isApprover) throw forbidden('You are not authorized to approve this request');
  if (r.status !== 'pending') throw badRequest('The request has been closed');
  if (lapsed(ctx, r)) throw badRequest(ctx.options.expiredRequestMessage);
  // Sequential steps: approvers grouped by `sequence`; the first step short of its approvals is the one open.
  const steps = [...new Set(p.approvers.map((a) => a.sequence))].sort((a, b) => a - b);
  const approvedBy = new Set(r.reviews.filter((v) => v.status === 'approved').map((v) => v.reviewerUserId));
  const progress = steps.map((step) => ({ step, got: p.approvers.filter((a) => a.sequence === step && approvedBy.has(a.id)).length, need: requiredAt(p, step) }));
  const open = progress.find((s) => s.got < s.need) ?? { step: 1, got: 0, need: 1 };
  if (!p.approvers.some((a) => a.sequence === open.step && a.id === me) && !breakGlass && !selfRejection) throw badRequest('You are not a reviewer in this step');
  if (r.reviews.some((v) => v.reviewerUserId === me) && !breakGlass) throw badRequest('You have already reviewed this request');
  const at = ctx.state.iso();
  const made = { id: newId(), reviewerUserId: me, status, createdAt: at, updatedAt: at } as const;
  r.reviews.push(made);
  r.updatedAt = at;
  if (status === 'rejected') r.status = 'rejected';
  else if ((open.got + 1 >= open.need && steps.at(-1) === open.step) || breakGlass) grant(ctx, r, me);
  return { review: { id: made.id, requestId: r.id, reviewerUserId: me, status, createdAt: at, updatedAt: at } };
}

function requestById(ctx: RouteCtx) {
  const r = ctx.state.requests.find((x) => x.id === ctx.params.requestId);
  if (!r) throw notFound(`Access request with ID '${ctx.params.requestId}' not found`);
  requireMember(ctx.state, r.projectId, ctx.who);
  const p = ctx.state.policies.find((x) => x.id === r.policyId)!;
  const isApprover = p.approvers.some((a) => a.type === 'user' && a.id === ctx.who.id);
  return { r, p, mayManage: isApprover || isProjectAdmin(ctx.state, r.projectId, ctx.who.id) };
}

function edit(ctx: RouteCtx) {
  const range = requireString(ctx.body, 'temporaryRange');
  if (parseDuration(range) === null) throw validation([rangeIssue()]);
  const editNote = requireString(ctx.body, 'editNote');
  if (editNote.length > 255) throw validation([{ code: 'too_big', path: ['editNote'], message: 'String must contain at most 255 character(s)' }]);
  const { r, p, mayManage } = requestById(ctx);
  if (p.deletedAt) throw badRequest('The policy associated with this access request has been deleted.');
  if (!mayManage) throw forbidden('You are not authorized to modify this request');
  if (r.status !== 'pending') throw badRequest('The request has been closed');
  if (lapsed(ctx, r)) throw badRequest(ctx.options.expiredRequestMessage);
  // Approvers may shorten, never lengthen.
  if (r.isTemporary && r.temporaryRange && ms(range) > ms(r.temporaryRange)) throw badRequest('Updated access duration must be less than current access duration');
  // The edit resets review progress: earlier approvals were for the old duration.
  Object.assign(r, { temporaryRange: range, isTemporary: true, editNote, editedByUserId: ctx.who.id, reviews: [], updatedAt: ctx.state.iso() });
  return { approval: requestRow(ctx, r) };
}

/** UNVERIFIED behaviour (router read, service not): the privilege is deleted at once, the request records who. */
function revoke(ctx: RouteCtx) {
  const { r, mayManage } = requestById(ctx);
  const requesterMay = ctx.options.revokeBy === 'also-requester' && r.requestedByUserId === ctx.who.id;
  if (!mayManage && !requesterMay) throw forbidden('You are not authorized to revoke this request');
  if (r.status !== 'approved' || !r.privilegeId) throw badRequest('Only approved requests can be revoked');
  ctx.state.privileges = ctx.state.privileges.filter((p) => p.id !== r.privilegeId);
  Object.assign(r, { privilegeId: null, revokedByUserId: ctx.who.id, updatedAt: ctx.state.iso() });
  return { request: requestRow(ctx, r) };
}

export const accessRequestRoutes: Route[] = [
  {
    method: 'POST', path: '/api/v1/access-approvals/requests', auth: 'user',
    handler(ctx) {
      const project = projectBySlug(ctx, requireString(ctx.query, 'projectSlug'));
      const input = parseCreate(ctx);
      if (!project.environments.some((e) => e.slug === input.envSlug)) throw notFound(`Environment with slug '${input.envSlug}' not found`);
      const policy = ctx.state.policies.filter((p) => p.projectId === project.id && p.deletedAt === null && p.envSlugs.includes(input.envSlug) && p.secretPath === input.secretPath).at(-1);
      if (!policy) throw notFound(`No policy in environment with slug '${input.envSlug}' and with secret path '${input.secretPath}' was found.`);
      if (policy.maxTimePeriod && (!input.range || ms(input.range) > ms(policy.maxTimePeriod))) {
        throw badRequest(`Requested access time range is limited to ${policy.maxTimePeriod} by policy`);
      }
      rejectDuplicate(ctx, policy, input.permissions, input.isTemporary);
      // One clock reading: the lapse time is exactly requestExpirationTime after createdAt.
      const nowMs = ctx.state.now();
      const at = new Date(nowMs).toISOString();
      const request: SimAccessRequest = {
        id: newId(), policyId: policy.id, projectId: project.id, requestedByUserId: ctx.who.id, permissions: input.permissions, envSlug: input.envSlug,
        secretPath: input.secretPath, isTemporary: input.isTemporary, temporaryRange: input.range, note: input.note, editNote: null, editedByUserId: null,
        privilegeId: null, status: 'pending', approvedByUserId: null, revokedByUserId: null,
        expiresAtMs: policy.requestExpirationTime ? nowMs + ms(policy.requestExpirationTime) : null, reviews: [], createdAt: at, updatedAt: at,
      };
      ctx.state.requests.push(request);
      return { approval: requestRow(ctx, request) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/requests', auth: 'user',
    handler(ctx) {
      const project = projectBySlug(ctx, requireString(ctx.query, 'projectSlug'));
      const { authorUserId, envSlug } = ctx.query;
      const picked = ctx.state.requests.filter((r) => r.projectId === project.id && (!authorUserId || r.requestedByUserId === authorUserId) && (!envSlug || r.envSlug === envSlug));
      return { requests: picked.map((r) => requestView(ctx, r)) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/requests/count', auth: 'user',
    handler(ctx) {
      const project = projectBySlug(ctx, requireString(ctx.query, 'projectSlug'));
      const mine = ctx.state.requests.filter((r) => r.projectId === project.id && (!ctx.query.policyId || r.policyId === ctx.query.policyId));
      // A lapsed pending request counts as finalized (UNVERIFIED: PR #5791 changed the count query; not read).
      const pending = mine.filter((r) => r.status === 'pending' && !lapsed(ctx, r)).length;
      return { pendingCount: pending, finalizedCount: mine.length - pending };
    },
  },
  { method: 'POST', path: '/api/v1/access-approvals/requests/:requestId/review', auth: 'user', handler: review },
  { method: 'POST', path: '/api/v1/access-approvals/requests/:requestId/revoke', auth: 'user', handler: revoke },
  { method: 'PATCH', path: '/api/v1/access-approvals/requests/:requestId', auth: 'user', handler: edit },
];
