/**
 * What the simulator keeps for user sign-in and access approvals (ACCESS_REQUESTS.md §1a/§1b). Split from
 * state.ts so each file stays one idea; `SimState` holds the lists.
 */

/** What a role or privilege allows. `env: '*'` = every environment; `path` is a secret-path glob (default all). */
export interface Grant {
  env: string;
  actions: Array<'read' | 'write' | 'admin'>;
  /** `$glob` of the secret path (`/`, `/api/**`); absent = every path. */
  path?: string;
}

export interface SimOrg {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  updatedAt: string;
}

/** A user token session (`tokenVersionId` in the JWT). Logging out deletes it, which kills every JWT of it. */
export interface SimSession {
  id: string;
  /** `<userId>|<user agent>`: the server keeps one session per user and client. */
  key: string;
  userId: string;
  accessVersion: number;
}

export interface SimApprover {
  type: 'user' | 'group';
  id: string;
  sequence: number;
}

export interface SimPolicy {
  id: string;
  name: string;
  projectId: string;
  /** The environments the policy covers (`environment` or `environments[]` on create). */
  envSlugs: string[];
  secretPath: string;
  approvals: number;
  approvers: SimApprover[];
  /** `{stepNumber, numberOfApprovals}`; steps without an entry need `approvals` (step 1) or 1. */
  approvalsRequired: Array<{ stepNumber: number; numberOfApprovals: number }>;
  bypasserUserIds: string[];
  enforcementLevel: 'hard' | 'soft';
  allowedSelfApprovals: boolean;
  /** `ms()` string; null = no cap (`"permanent"` on the wire). */
  maxTimePeriod: string | null;
  /** `ms()` string; null = pending requests never lapse (`"never"` on the wire). */
  requestExpirationTime: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimReview {
  id: string;
  reviewerUserId: string;
  status: 'approved' | 'rejected';
  createdAt: string;
  updatedAt: string;
}

export interface SimAccessRequest {
  id: string;
  policyId: string;
  projectId: string;
  requestedByUserId: string;
  /** Exactly what the client sent: packed CASL rules `[action, subject, conditions?, …]`. */
  permissions: unknown[];
  envSlug: string;
  secretPath: string;
  isTemporary: boolean;
  temporaryRange: string | null;
  note: string | null;
  editNote: string | null;
  editedByUserId: string | null;
  privilegeId: string | null;
  status: 'pending' | 'approved' | 'rejected';
  approvedByUserId: string | null;
  revokedByUserId: string | null;
  /** Pending-request lapse (ms), from the policy's `requestExpirationTime`; compared at read time (PR #5791). */
  expiresAtMs: number | null;
  reviews: SimReview[];
  createdAt: string;
  updatedAt: string;
}

/** A user's additional project privilege (§1b): from an approved request or created directly. */
export interface SimPrivilege {
  id: string;
  slug: string;
  projectId: string;
  userId: string;
  /** As given: packed rules (approval) or ProjectPermissionV2 objects (direct create). */
  permissions: unknown[];
  grants: Grant[];
  isTemporary: boolean;
  temporaryMode: 'relative' | null;
  temporaryRange: string | null;
  startsAtMs: number | null;
  endsAtMs: number | null;
  /** The access request that created it; such privileges cannot be edited or deleted directly. */
  requestId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Active now: permanent, or temporary with start ≤ now < end. Computed at request time, no job. */
export const privilegeActive = (p: SimPrivilege, nowMs: number) =>
  !p.isTemporary || ((p.startsAtMs ?? 0) <= nowMs && (p.endsAtMs === null || p.endsAtMs > nowMs));
