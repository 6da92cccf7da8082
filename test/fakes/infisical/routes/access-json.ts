import type { SimAccessRequest, SimPolicy, SimPrivilege } from '../access-state';
import { notFound } from '../errors';
import { requireMember } from '../permissions';
import type { RouteCtx } from '../server';
import type { SimProject, SimUser } from '../state';

/**
 * Wire shapes of access-approval policies, requests and privileges (ACCESS_REQUESTS.md §1a/§1b; routers
 * access-approval-policy-router.ts, access-approval-request-router.ts, user-additional-privilege-router.ts),
 * plus the lookups every access route starts with.
 */

/** `projectDAL.findProjectBySlug(slug, actorOrgId)`: a slug resolves only inside the caller's organization. */
export function projectBySlug(ctx: RouteCtx, slug: string): SimProject {
  const orgId = ctx.who.type === 'user' ? ctx.who.orgId : ctx.state.orgId;
  const project = ctx.state.projects.find((p) => p.slug === slug && p.orgId === orgId);
  if (!project) throw notFound(`Project with slug '${slug}' not found`);
  requireMember(ctx.state, project.id, ctx.who);
  return project;
}

export const userById = (ctx: RouteCtx, id: string): SimUser | undefined => ctx.state.users.find((u) => u.id === id);

/** Approvals a step needs: `approvalsRequired[]` for that step, else `approvals` (step 1), else 1. */
export const requiredAt = (p: SimPolicy, step: number) =>
  p.approvalsRequired.find((r) => r.stepNumber === step)?.numberOfApprovals ?? (step === 1 ? p.approvals : 1);

const envsOf = (ctx: RouteCtx, p: SimPolicy) => {
  const project = ctx.state.projectById(p.projectId)!;
  return p.envSlugs.map((slug) => project.environments.find((e) => e.slug === slug)).filter((e) => e !== undefined).map((e) => ({ id: e.id, name: e.name, slug: e.slug }));
};

export function policyJson(ctx: RouteCtx, p: SimPolicy) {
  const envs = envsOf(ctx, p);
  const approvers =
    ctx.options.approverShape === 'ids'
      ? p.approvers.filter((a) => a.type === 'user').map((a) => a.id)
      : p.approvers.map((a) => ({ type: a.type, id: a.id, name: a.type === 'user' ? (userById(ctx, a.id)?.username ?? null) : null, sequence: a.sequence, approvalsRequired: requiredAt(p, a.sequence) }));
  return {
    id: p.id, name: p.name, approvals: p.approvals, secretPath: p.secretPath, envId: envs[0]?.id ?? null, enforcementLevel: p.enforcementLevel,
    deletedAt: p.deletedAt, allowedSelfApprovals: p.allowedSelfApprovals, maxTimePeriod: p.maxTimePeriod, requestExpirationTime: p.requestExpirationTime,
    projectId: p.projectId, createdAt: p.createdAt, updatedAt: p.updatedAt, environment: envs[0] ?? null, environments: envs,
    approvers, bypassers: p.bypasserUserIds.map((id) => ({ type: 'user', id })),
  };
}

/** The `access_approval_requests` row (`AccessApprovalRequestsSchema`), as create, edit and revoke return it. */
export function requestRow(ctx: RouteCtx, r: SimAccessRequest) {
  return {
    id: r.id, policyId: r.policyId, privilegeId: r.privilegeId, isTemporary: r.isTemporary, temporaryRange: r.temporaryRange, permissions: r.permissions,
    createdAt: r.createdAt, updatedAt: r.updatedAt, requestedByUserId: r.requestedByUserId, note: r.note, status: r.status, editNote: r.editNote,
    editedByUserId: r.editedByUserId, revokedByUserId: r.revokedByUserId, expiresAt: r.expiresAtMs === null ? null : ctx.state.iso(r.expiresAtMs),
  };
}

function requestUser(ctx: RouteCtx, id: string | null) {
  const u = id ? userById(ctx, id) : undefined;
  return u ? { userId: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, username: u.username } : null;
}

/** One item of `GET /api/v1/access-approvals/requests` (the router's extended schema). */
export function requestView(ctx: RouteCtx, r: SimAccessRequest) {
  const p = ctx.state.policies.find((x) => x.id === r.policyId)!;
  const priv = ctx.state.privileges.find((x) => x.id === r.privilegeId);
  const membership = ctx.state.membershipOf(r.projectId, r.requestedByUserId);
  return {
    ...requestRow(ctx, r),
    // The current service overwrites environmentName with the environment slug taken from the permissions.
    environmentName: r.envSlug,
    isApproved: r.status === 'approved',
    privilege: priv
      ? {
          membershipId: membership?.id ?? '', isTemporary: priv.isTemporary, temporaryMode: priv.temporaryMode, temporaryRange: priv.temporaryRange,
          temporaryAccessStartTime: priv.startsAtMs === null ? null : ctx.state.iso(priv.startsAtMs),
          temporaryAccessEndTime: priv.endsAtMs === null ? null : ctx.state.iso(priv.endsAtMs), permissions: priv.permissions,
        }
      : null,
    policy: {
      id: p.id, name: p.name, approvals: p.approvals,
      approvers: p.approvers.filter((a) => a.type === 'user').map((a) => {
        const u = userById(ctx, a.id);
        return { userId: a.id, email: u?.email ?? null, username: u?.username ?? null, sequence: a.sequence, approvalsRequired: requiredAt(p, a.sequence), isOrgMembershipActive: true };
      }),
      bypassers: p.bypasserUserIds, secretPath: p.secretPath, envId: envsOf(ctx, p)[0]?.id ?? '', enforcementLevel: p.enforcementLevel, deletedAt: p.deletedAt,
      allowedSelfApprovals: p.allowedSelfApprovals, maxTimePeriod: p.maxTimePeriod, requestExpirationTime: p.requestExpirationTime,
    },
    reviewers: r.reviews.map((v) => ({ userId: v.reviewerUserId, status: v.status, isOrgMembershipActive: true })),
    requestedByUser: requestUser(ctx, r.requestedByUserId),
    approvedByUser: requestUser(ctx, r.approvedByUserId),
    revokedByUser: requestUser(ctx, r.revokedByUserId),
  };
}

/** `SanitizedUserProjectAdditionalPrivilegeSchema` (+ `userId`, `projectId`, `slug`, as the router adds them). */
export function privilegeJson(ctx: RouteCtx, p: SimPrivilege) {
  return {
    id: p.id, slug: p.slug, name: p.slug, userId: p.userId, projectId: p.projectId, permissions: p.permissions, isTemporary: p.isTemporary,
    temporaryMode: p.temporaryMode, temporaryRange: p.temporaryRange,
    temporaryAccessStartTime: p.startsAtMs === null ? null : ctx.state.iso(p.startsAtMs),
    temporaryAccessEndTime: p.endsAtMs === null ? null : ctx.state.iso(p.endsAtMs),
    createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}
