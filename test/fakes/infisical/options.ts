/**
 * Switches for behaviour BACKENDS_API.md marks UNVERIFIED (or that differs between releases). Defaults follow
 * the newest source the document quotes; tests can flip them to prove a client copes with both.
 */
export interface SimOptions {
  /** v3 raw list without `include_imports=true`: `imports: []` (default) or the key left out. */
  importsWhenNotRequested: 'empty-array' | 'omit';
  /** Non-recursive list for an environment slug the project lacks: 404 (default) or 200 with no secrets. */
  unknownEnvNonRecursive: 'not-found' | 'empty';
  /** Status of `TokenError` (expired/malformed JWT): 403 in the current error handler, 401 in older ones. */
  tokenErrorStatus: 401 | 403;
  /** Unknown client id at universal-auth login: 401 "Invalid credentials" (current) or 404 (older releases). */
  unknownClientId: 'invalid-credentials' | 'not-found';
  /** Requests per minute per client before 429 (`@fastify/rate-limit`, Cloud only). Null = off (self-host). */
  rateLimitPerMinute: number | null;
  /** Duplicate key on create (message text unverified). */
  duplicateSecretMessage: string;
  /** Failed logins before lockout, window and lock duration (server defaults 3 / 30 s / 300 s). */
  lockout: { attempts: number; windowMs: number; lockMs: number } | null;
  /** `policy.approvers` as typed objects (newer) or a string[] of user ids (older releases). */
  approverShape: 'objects' | 'ids';
  /** User session JWT lifetime: `JWT_AUTH_LIFETIME`, default "10d" (backend/src/lib/config/env.ts). */
  userTokenLifetimeSeconds: number;
  /** `/api/v3/auth/login` for an unknown email: 400 "User not found" (current auth-login-service) or "Invalid login credentials" (another release). */
  unknownUserMessage: string;
  /** UNVERIFIED: access-approval POLICY routes also take a machine-identity token (newer source per ACCESS_REQUESTS.md); requests and reviews never do. */
  policyRoutesAcceptIdentity: boolean;
  /** UNVERIFIED: who may `POST …/requests/:id/revoke` (router read, service not): approvers and project admins, or the requester too. */
  revokeBy: 'approvers-and-admins' | 'also-requester';
  /** UNVERIFIED text: review/edit of a pending request past its `expiresAt` is refused (PR #5791 says so, wording not read). */
  expiredRequestMessage: string;
}

export const DEFAULT_OPTIONS: SimOptions = {
  importsWhenNotRequested: 'empty-array',
  unknownEnvNonRecursive: 'not-found',
  tokenErrorStatus: 403,
  unknownClientId: 'invalid-credentials',
  rateLimitPerMinute: null,
  duplicateSecretMessage: 'Secret already exist',
  lockout: { attempts: 3, windowMs: 30_000, lockMs: 300_000 },
  approverShape: 'objects',
  userTokenLifetimeSeconds: 864_000,
  unknownUserMessage: 'User not found',
  policyRoutesAcceptIdentity: true,
  revokeBy: 'approvers-and-admins',
  expiredRequestMessage: 'This access request has expired',
};
