import { z } from 'zod';

/**
 * Response shapes of Infisical's access-approval API (ACCESS_REQUESTS.md §1a; ee/routes/v1/access-approval-
 * {policy,request}-router.ts) and the views Latchkey derives from them. Loose objects: releases add columns.
 */
const when = z.string().nullish();

const ApproverEntry = z.union([
  z.string(), // releases before typed approvers: user ids
  z.looseObject({ type: z.string().optional(), id: z.string().nullish(), userId: z.string().nullish(), name: z.string().nullish(), username: z.string().nullish(), email: z.string().nullish(), sequence: z.number().nullish() }),
]);
const approverId = (a: z.infer<typeof ApproverEntry>) => (typeof a === 'string' ? a : (a.userId ?? (a.type === 'group' ? null : a.id) ?? null));

export const PolicyWire = z.looseObject({
  id: z.string(),
  name: z.string(),
  approvals: z.number(),
  secretPath: z.string().nullish(),
  enforcementLevel: z.string(),
  allowedSelfApprovals: z.boolean().optional(),
  maxTimePeriod: z.string().nullish(),
  requestExpirationTime: z.string().nullish(),
  environment: z.looseObject({ slug: z.string() }).nullish(),
  environments: z.array(z.looseObject({ slug: z.string() })).optional(),
  approvers: z.array(ApproverEntry),
});

export const RequestRowWire = z.looseObject({
  id: z.string(),
  policyId: z.string(),
  privilegeId: z.string().nullish(),
  isTemporary: z.boolean(),
  temporaryRange: z.string().nullish(),
  permissions: z.unknown(),
  requestedByUserId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: z.string().optional(),
  note: z.string().nullish(),
  editNote: z.string().nullish(),
  expiresAt: when,
  revokedByUserId: z.string().nullish(),
});

const RequestUser = z.looseObject({ userId: z.string(), email: z.string().nullish(), username: z.string().nullish() });

export const RequestViewWire = RequestRowWire.extend({
  environmentName: z.string(),
  isApproved: z.boolean(),
  privilege: z.looseObject({ temporaryAccessStartTime: when, temporaryAccessEndTime: when, isTemporary: z.boolean() }).nullable(),
  policy: z.looseObject({ id: z.string(), name: z.string(), approvals: z.number(), approvers: z.array(ApproverEntry), allowedSelfApprovals: z.boolean().optional(), secretPath: z.string().nullish() }),
  reviewers: z.array(z.looseObject({ userId: z.string(), status: z.string() })),
  requestedByUser: RequestUser,
  approvedByUser: RequestUser.nullish(),
  revokedByUser: RequestUser.nullish(),
});

export const ReviewWire = z.looseObject({ id: z.string(), requestId: z.string(), reviewerUserId: z.string(), status: z.string(), createdAt: z.string() });
export const PrivilegeWire = z.looseObject({ id: z.string(), slug: z.string().optional(), isTemporary: z.boolean(), temporaryAccessEndTime: when });

/** An access-approval policy, as Latchkey uses it. */
export interface InfisicalPolicy {
  id: string;
  name: string;
  envSlugs: string[];
  secretPath: string;
  approvals: number;
  approverUserIds: string[];
  /** Approvers' user names (Infisical's username, usually the email) where the server gives them. */
  approverNames: string[];
  allowedSelfApprovals: boolean;
  /** Longest grant the policy allows (`ms()` string), or null for no cap. */
  maxTimePeriod: string | null;
  /** How long a request may stay pending, or null for no lapse. */
  requestExpirationTime: string | null;
}

export function toPolicy(p: z.infer<typeof PolicyWire>): InfisicalPolicy {
  const envs = p.environments?.map((e) => e.slug) ?? (p.environment ? [p.environment.slug] : []);
  return {
    id: p.id, name: p.name, envSlugs: envs, secretPath: p.secretPath ?? '/', approvals: p.approvals,
    approverUserIds: p.approvers.map(approverId).filter((id): id is string => id !== null),
    approverNames: p.approvers.flatMap((a) => (typeof a === 'string' || a.type === 'group' ? [] : [a.username ?? a.name ?? a.email].filter((n): n is string => typeof n === 'string'))),
    allowedSelfApprovals: p.allowedSelfApprovals ?? true, maxTimePeriod: p.maxTimePeriod ?? null, requestExpirationTime: p.requestExpirationTime ?? null,
  };
}

/**
 * Where a request stands, computed at read time from the server's timestamps (no job anywhere):
 * `pending` → `lapsed` once `expiresAt` passed; `approved` → `active` until the privilege's end, then `expired`,
 * or `revoked` when someone revoked it; `rejected` (a reviewer said no, or the requester withdrew).
 */
export type InfisicalRequestState = 'pending' | 'lapsed' | 'rejected' | 'active' | 'expired' | 'revoked';

export interface InfisicalAccessRequest {
  id: string;
  policyId: string;
  env: string;
  secretPath: string;
  requester: { userId: string; email: string | null };
  note: string | null;
  /** The grant length asked for (or set by an approver), `ms()` string; null = permanent. */
  duration: string | null;
  state: InfisicalRequestState;
  createdAt: string;
  /** When a pending request lapses (policy `requestExpirationTime`); null = never. */
  requestExpiresAt: string | null;
  /** The privilege the approval created: start and end at the server. */
  grant: { privilegeId: string | null; startsAt: string | null; endsAt: string | null } | null;
  approverUserIds: string[];
  allowedSelfApprovals: boolean;
  reviews: Array<{ userId: string; status: string }>;
  /** The policy's name and how many approvals it wants. */
  policyName: string;
  approvalsNeeded: number;
  /** People the request names, with their emails where the server gave them (approvers, who approved, who revoked). */
  approvers: Array<{ userId: string; email: string | null }>;
  approvedBy: { userId: string; email: string | null } | null;
  revokedBy: { userId: string; email: string | null } | null;
  /** What an approver wrote when shortening the request (Infisical's edit note). */
  editNote: string | null;
  /** The last change (a review, an edit, a revoke). */
  updatedAt: string;
}

/** Reads env and path back from the packed rule we (or the web app) sent: `[action, subject, {environment, secretPath:{$glob}}]`. */
function scopeOf(permissions: unknown): { env: string | null; secretPath: string | null } {
  const conditions = Array.isArray(permissions) && Array.isArray(permissions[0]) ? (permissions[0][2] as Record<string, unknown> | undefined) : undefined;
  const glob = (conditions?.secretPath as { $glob?: unknown } | undefined)?.$glob;
  return { env: typeof conditions?.environment === 'string' ? conditions.environment : null, secretPath: typeof glob === 'string' ? glob : null };
}

export function stateOf(r: z.infer<typeof RequestViewWire>, nowMs: number): InfisicalRequestState {
  const status = r.status ?? (r.isApproved ? 'approved' : r.reviewers.some((v) => v.status === 'rejected') ? 'rejected' : 'pending');
  if (status === 'rejected') return 'rejected';
  if (status === 'pending') return r.expiresAt && Date.parse(r.expiresAt) <= nowMs ? 'lapsed' : 'pending';
  if (status === 'revoked' || r.revokedByUserId || !r.privilege) return 'revoked';
  const end = r.privilege.temporaryAccessEndTime;
  return r.privilege.isTemporary && end && Date.parse(end) <= nowMs ? 'expired' : 'active';
}

export function toRequest(r: z.infer<typeof RequestViewWire>, nowMs: number): InfisicalAccessRequest {
  const scope = scopeOf(r.permissions);
  return {
    id: r.id, policyId: r.policyId, env: scope.env ?? r.environmentName, secretPath: scope.secretPath ?? r.policy.secretPath ?? '/',
    requester: { userId: r.requestedByUserId, email: r.requestedByUser.email ?? r.requestedByUser.username ?? null },
    note: r.note ?? null, duration: r.temporaryRange ?? null, state: stateOf(r, nowMs), createdAt: r.createdAt, requestExpiresAt: r.expiresAt ?? null,
    grant: r.privilege ? { privilegeId: r.privilegeId ?? null, startsAt: r.privilege.temporaryAccessStartTime ?? null, endsAt: r.privilege.temporaryAccessEndTime ?? null } : null,
    approverUserIds: r.policy.approvers.map(approverId).filter((id): id is string => id !== null),
    allowedSelfApprovals: r.policy.allowedSelfApprovals ?? true,
    reviews: r.reviewers.map((v) => ({ userId: v.userId, status: v.status })),
    policyName: r.policy.name,
    approvalsNeeded: r.policy.approvals,
    approvers: r.policy.approvers.flatMap((a) => {
      const id = approverId(a);
      return id === null ? [] : [{ userId: id, email: typeof a === 'string' ? null : (a.email ?? a.username ?? null) }];
    }),
    approvedBy: person(r.approvedByUser),
    revokedBy: r.revokedByUser ? person(r.revokedByUser) : r.revokedByUserId ? { userId: r.revokedByUserId, email: null } : null,
    editNote: r.editNote ?? null,
    updatedAt: r.updatedAt,
  };
}

const person = (u: z.infer<typeof RequestUser> | null | undefined) => (u ? { userId: u.userId, email: u.email ?? u.username ?? null } : null);
