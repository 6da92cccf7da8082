import { badRequest, forbidden, notFound, validation, type ZodIssue } from '../errors';
import type { Route, RouteCtx } from '../server';
import { newId, type SimAccessRequest, type SimPolicy, type SimProject } from '../state';
import { parseDuration } from '../tokens';
import { requireString } from '../validate';
import { projectFor } from './projects';

/** B.7: access-approval policies and requests (user session JWT only; identities get 403). */
function projectBySlug(ctx: RouteCtx): SimProject {
  const slug = requireString(ctx.query, 'projectSlug');
  const p = ctx.state.projectBySlug(slug);
  if (!p) throw notFound(`Project with slug '${slug}' not found`);
  return projectFor(ctx, p.id);
}

function policyJson(ctx: RouteCtx, p: SimPolicy) {
  const env = ctx.state.projectById(p.projectId)!.environments.find((e) => e.slug === p.envSlug);
  const approvers =
    ctx.options.approverShape === 'ids'
      ? p.approverUserIds
      : p.approverUserIds.map((userId) => {
          const u = ctx.state.users.find((x) => x.id === userId);
          return { userId, sequence: 1, approvalsRequired: p.approvals, email: u?.email ?? null, username: u?.username ?? null, isOrgMembershipActive: true };
        });
  return {
    id: p.id, name: p.name, approvals: p.approvals, approvers, bypassers: [], secretPath: p.secretPath, envId: env?.id ?? null,
    enforcementLevel: p.enforcementLevel, deletedAt: null, allowedSelfApprovals: p.allowedSelfApprovals, maxTimePeriod: null,
    projectId: p.projectId, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

/** `permissions` encoding is UNVERIFIED: accept packed CASL rules `[action, subject, {environment}]` or `{conditions:{environment}}`. */
function envFromPermissions(perms: unknown[]): string | undefined {
  for (const rule of perms) {
    const conditions = Array.isArray(rule) ? rule[2] : (rule as { conditions?: unknown } | null)?.conditions;
    const env = (conditions as { environment?: unknown } | undefined)?.environment;
    if (typeof env === 'string') return env;
  }
  return undefined;
}

function requestJson(ctx: RouteCtx, r: SimAccessRequest) {
  const policy = ctx.state.policies.find((p) => p.id === r.policyId)!;
  const project = ctx.state.projectById(policy.projectId)!;
  const requester = ctx.state.users.find((u) => u.id === r.requestedByUserId)!;
  const membership = ctx.state.membershipOf(project.id, requester.id);
  const priv = membership?.privileges.find((p) => p.id === r.privilegeId);
  return {
    id: r.id, policyId: r.policyId, privilegeId: r.privilegeId, isTemporary: r.isTemporary, temporaryRange: r.temporaryRange,
    permissions: r.permissions, note: r.note, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt, requestedByUserId: r.requestedByUserId,
    environmentName: project.environments.find((e) => e.slug === r.envSlug)?.name ?? r.envSlug,
    isApproved: r.status === 'approved',
    privilege: priv
      ? { membershipId: membership!.id, isTemporary: priv.endsAt !== null, temporaryMode: 'relative', temporaryRange: priv.range,
          temporaryAccessStartTime: ctx.state.iso(priv.startsAt), temporaryAccessEndTime: priv.endsAt === null ? null : ctx.state.iso(priv.endsAt), permissions: r.permissions }
      : null,
    policy: policyJson(ctx, policy),
    reviewers: r.reviews.map((v) => ({ userId: v.reviewerUserId, status: v.status, isOrgMembershipActive: true })),
    requestedByUser: { userId: requester.id, email: requester.email, firstName: requester.firstName, lastName: requester.lastName, username: requester.username },
  };
}

function findRequest(ctx: RouteCtx): SimAccessRequest {
  const r = ctx.state.requests.find((x) => x.id === ctx.params.requestId);
  if (!r) throw notFound(`Access request with ID '${ctx.params.requestId}' not found`);
  return r;
}

const rangeInvalid = () =>
  validation([{ code: 'custom', path: ['temporaryRange'], message: "Invalid time period format or value. Must be a positive duration (e.g., '1h', '30m', '2d')." } as ZodIssue]);

export const accessApprovalRoutes: Route[] = [
  {
    method: 'GET', path: '/api/v1/access-approvals/policies', auth: 'user',
    handler: (ctx) => {
      const project = projectBySlug(ctx);
      return { approvals: ctx.state.policies.filter((p) => p.projectId === project.id).map((p) => ({ ...policyJson(ctx, p), userApprovers: p.approverUserIds.map((userId) => ({ userId })), groupApprovers: [] })) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/policies/count', auth: 'user',
    handler: (ctx) => {
      const project = projectBySlug(ctx);
      return { count: ctx.state.policies.filter((p) => p.projectId === project.id && (!ctx.query.envSlug || p.envSlug === ctx.query.envSlug)).length };
    },
  },
  {
    method: 'POST', path: '/api/v1/access-approvals/policies', auth: 'user',
    handler: (ctx) => {
      const slug = requireString(ctx.body, 'projectSlug');
      const project = ctx.state.projectBySlug(slug);
      if (!project) throw notFound(`Project with slug '${slug}' not found`);
      projectFor(ctx, project.id);
      const env = requireString(ctx.body, 'environment');
      const approvers = (ctx.body.approvers as unknown[] | undefined) ?? [];
      if (approvers.length === 0) throw validation([{ code: 'custom', path: ['approvers'], message: 'At least one approver should be provided.' } as ZodIssue]);
      const ids = approvers.map((a) => (typeof a === 'string' ? a : String((a as { id?: string }).id)));
      const at = ctx.state.iso();
      const policy: SimPolicy = {
        id: newId(), name: (ctx.body.name as string | undefined) ?? `${env}-${newId().slice(0, 3)}`, projectId: project.id, envSlug: env,
        secretPath: (ctx.body.secretPath as string | undefined) ?? '/', approvals: Number(ctx.body.approvals ?? 1), approverUserIds: ids,
        enforcementLevel: ctx.body.enforcementLevel === 'soft' ? 'soft' : 'hard', allowedSelfApprovals: ctx.body.allowedSelfApprovals !== false, createdAt: at, updatedAt: at,
      };
      ctx.state.policies.push(policy);
      return { approval: policyJson(ctx, policy) };
    },
  },
  {
    method: 'POST', path: '/api/v1/access-approvals/requests', auth: 'user',
    handler: (ctx) => {
      const project = projectBySlug(ctx);
      const permissions = Array.isArray(ctx.body.permissions) ? ctx.body.permissions : [];
      const env = envFromPermissions(permissions);
      const policy = ctx.state.policies.find((p) => p.projectId === project.id && p.envSlug === env);
      if (!policy) throw badRequest('No policy matching criteria was found.');
      const isTemporary = ctx.body.isTemporary === true && ctx.body.temporaryRange !== 'permanent';
      const range = typeof ctx.body.temporaryRange === 'string' ? ctx.body.temporaryRange : null;
      if (isTemporary && (range === null || parseDuration(range) === null)) throw rangeInvalid();
      const at = ctx.state.iso();
      const request: SimAccessRequest = {
        id: newId(), policyId: policy.id, requestedByUserId: ctx.who.id, permissions, envSlug: env!, isTemporary, temporaryRange: isTemporary ? range : null,
        note: typeof ctx.body.note === 'string' ? ctx.body.note : null, privilegeId: null, status: 'pending', reviews: [], createdAt: at, updatedAt: at,
      };
      ctx.state.requests.push(request);
      const { privilege: _p, policy: _pol, reviewers: _r, requestedByUser: _u, environmentName: _e, isApproved: _a, ...approval } = requestJson(ctx, request);
      return { approval };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/requests', auth: 'user',
    handler: (ctx) => {
      const project = projectBySlug(ctx);
      const inProject = ctx.state.requests.filter((r) => ctx.state.policies.find((p) => p.id === r.policyId)?.projectId === project.id);
      const picked = inProject.filter((r) => (!ctx.query.authorUserId || r.requestedByUserId === ctx.query.authorUserId) && (!ctx.query.envSlug || r.envSlug === ctx.query.envSlug));
      return { requests: picked.map((r) => requestJson(ctx, r)) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/requests/count', auth: 'user',
    handler: (ctx) => {
      const project = projectBySlug(ctx);
      const inProject = ctx.state.requests.filter((r) => ctx.state.policies.find((p) => p.id === r.policyId && (!ctx.query.policyId || p.id === ctx.query.policyId))?.projectId === project.id);
      return { pendingCount: inProject.filter((r) => r.status === 'pending').length, finalizedCount: inProject.filter((r) => r.status !== 'pending').length };
    },
  },
  {
    method: 'POST', path: '/api/v1/access-approvals/requests/:requestId/review', auth: 'user',
    handler: (ctx) => {
      const request = findRequest(ctx);
      const policy = ctx.state.policies.find((p) => p.id === request.policyId)!;
      const status = ctx.body.status;
      if (status !== 'approved' && status !== 'rejected') throw validation([{ code: 'invalid_enum_value', received: String(status), options: ['approved', 'rejected'], path: ['status'], message: `Invalid enum value. Expected 'approved' | 'rejected', received '${String(status)}'` }]);
      if (!policy.approverUserIds.includes(ctx.who.id)) throw forbidden('You are not authorized to approve this request');
      if (request.requestedByUserId === ctx.who.id && !policy.allowedSelfApprovals) throw badRequest('Failed to review access approval request. Users are not authorized to review their own request.');
      if (request.status !== 'pending') throw badRequest('The request has already been reviewed');
      const at = ctx.state.iso();
      const review = { id: newId(), reviewerUserId: ctx.who.id, status, createdAt: at } as const;
      request.reviews.push(review);
      if (status === 'rejected') request.status = 'rejected';
      else if (request.reviews.filter((v) => v.status === 'approved').length >= policy.approvals) {
        request.status = 'approved';
        const membership = ctx.state.membershipOf(policy.projectId, request.requestedByUserId);
        if (membership) {
          const now = ctx.state.now();
          const privilege = { id: newId(), grant: { env: request.envSlug, actions: ['read' as const] }, startsAt: now, endsAt: request.isTemporary ? now + parseDuration(request.temporaryRange!)! : null, range: request.temporaryRange };
          membership.privileges.push(privilege);
          request.privilegeId = privilege.id;
        }
      }
      request.updatedAt = at;
      return { review: { id: review.id, status, requestId: request.id, createdAt: at, updatedAt: at, reviewerUserId: ctx.who.id } };
    },
  },
  {
    method: 'PATCH', path: '/api/v1/access-approvals/requests/:requestId', auth: 'user',
    handler: (ctx) => {
      const request = findRequest(ctx);
      const range = requireString(ctx.body, 'temporaryRange');
      if (parseDuration(range) === null) throw rangeInvalid();
      request.temporaryRange = range;
      request.updatedAt = ctx.state.iso();
      const { privilege: _p, policy: _pol, reviewers: _r, requestedByUser: _u, environmentName: _e, isApproved: _a, ...approval } = requestJson(ctx, request);
      return { approval: { ...approval, editNote: ctx.body.editNote ?? null, editedByUserId: ctx.who.id } };
    },
  },
];
