import { z } from 'zod';
import { EnvRef } from './backends';

/**
 * Access requests as the app and the CLI see them. Latchkey owns the state machine (no backend offers one
 * on all three); each backend's own time-bound credential is the grant, so access ends at the server.
 *
 *   not-sent → pending → approved → active → expired | given-back | revoked
 *              pending → denied | cancelled | lapsed
 *
 * `not-sent`: made while the backend was unreachable; kept on this device and sent by the next command.
 * `approved`: decided, the sealed grant is waiting on the ledger; `active` once this device received it
 * (an approver sees `active` from the moment of approval: the grant's clock runs at the server).
 */
export const RequestState = z.enum(['not-sent', 'pending', 'approved', 'active', 'expired', 'given-back', 'revoked', 'denied', 'cancelled', 'lapsed']);
export type RequestState = z.infer<typeof RequestState>;

/**
 * Whether the requesting device's keys are the ones this approver pinned for that person. `account`: the
 * backend's own request (Infisical), whose grant is a privilege on the requester's account: no device to
 * trust, nothing sealed that could be intercepted.
 */
export const DeviceTrust = z.enum(['mine', 'known', 'new', 'changed', 'account']);
export type DeviceTrust = z.infer<typeof DeviceTrust>;

export const AccessPrincipal = z.object({
  /** What the backend calls them internally (Vault entity id, Doppler user slug). */
  id: z.string(),
  /** What people call them (Vault alias user name, Doppler email). */
  name: z.string(),
});
export type AccessPrincipal = z.infer<typeof AccessPrincipal>;

/** One request, never a credential: the grant itself is sealed to the requester's device. */
export const AccessRequestView = z.object({
  id: z.string(),
  ref: z.string(),
  backend: z.string(),
  reason: z.string(),
  /** What was asked for; the decision may grant less. */
  durationSeconds: z.number().int().positive(),
  requester: AccessPrincipal.nullable(),
  createdAt: z.string(),
  /** A pending request lapses at this time. */
  requestExpiresAt: z.string(),
  state: RequestState,
  /** `mine`: I asked; `inbox`: someone asked and I may approve. */
  box: z.enum(['mine', 'inbox']),
  /** `fingerprint` null: an account-bound grant (trust `account`). */
  device: z.object({ fingerprint: z.string().nullable(), trust: DeviceTrust }),
  /** The record's signature does not verify: it was changed after it was signed. It cannot be approved. */
  tampered: z.boolean(),
  decision: z
    .object({
      verdict: z.enum(['approved', 'denied']),
      by: z.string(),
      at: z.string(),
      comment: z.string().nullable(),
      grantedSeconds: z.number().int().nullable(),
      grantExpiresAt: z.string().nullable(),
    })
    .nullable(),
  /** Seconds until the grant ends (approved/active) or the request lapses (pending); null otherwise. */
  secondsLeft: z.number().int().nullable(),
  /** Something the person should know (why a grant could not be received, …). Never a credential. */
  problem: z.string().nullable(),
});
export type AccessRequestView = z.infer<typeof AccessRequestView>;

export const AccessRequestInput = z
  .object({
    ref: EnvRef,
    reason: z.string(),
    /** `30m`, `8h`, `2d`; at most the environment's maxTtl. Default: its defaultTtl, else 1h. */
    duration: z.string().optional(),
  })
  .strict();

/** What the request dialog needs before anyone asks: the profile's rules for the environment, and this device. */
export const AccessRequestForm = z.object({
  ref: z.string(),
  backend: z.string(),
  approvers: z.array(z.string()),
  /** Shortest reason the profile accepts. */
  reasonMinLength: z.number().int().positive(),
  /** What a request asks for unless changed, and the longest it may (`30m`, `8h`, `1d`). */
  defaultDuration: z.string(),
  maxDuration: z.string(),
  /** The max is the profile's maxTtl (else Latchkey's own cap of 24h). */
  maxFromProfile: z.boolean(),
  /**
   * This device's fingerprint, which the approver confirms the first time (`mine`); or `account`: the backend
   * grants on the person's own account (Infisical), with no device to confirm (fingerprint null).
   */
  device: z.object({ fingerprint: z.string().nullable(), trust: z.enum(['mine', 'account']) }),
});
export type AccessRequestForm = z.infer<typeof AccessRequestForm>;

export const AccessListInput = z.object({ box: z.enum(['mine', 'inbox', 'all']).optional() }).strict();

export const AccessApproveInput = z
  .object({
    id: z.string().min(1),
    /** Shorter than asked (never longer). */
    duration: z.string().optional(),
    comment: z.string().max(500).optional(),
    /** Confirms the requesting device's fingerprint: needed for a device not yet pinned, or a changed one. */
    device: z.string().optional(),
  })
  .strict();

export const AccessDenyInput = z.object({ id: z.string().min(1), reason: z.string().min(1).max(500) }).strict();
export const AccessIdInput = z.object({ id: z.string().min(1) }).strict();

/** Pushed to the window (and the OS notification glue): what changed, in words, with the request it is about. */
export const AccessNotification = z.object({
  kind: z.enum(['approved', 'denied', 'waiting', 'ending']),
  id: z.string(),
  ref: z.string(),
  /** For `ending`: 60 or 10. */
  minutesLeft: z.number().int().nullable(),
  message: z.string(),
});
export type AccessNotification = z.infer<typeof AccessNotification>;

/**
 * A click on a desktop notification: the window comes forward on the Requests screen (`show`), or with the
 * request dialog for the same environment (`request-again`, a grant about to end).
 */
export const AccessOpen = z.object({ id: z.string(), ref: z.string(), action: z.enum(['show', 'request-again']) });
export type AccessOpen = z.infer<typeof AccessOpen>;

export const AccessListing = z.object({
  requests: z.array(AccessRequestView),
  /** Backends that could not be asked, and why; the others are still listed. */
  problems: z.array(z.object({ backend: z.string(), message: z.string() })),
});
export type AccessListing = z.infer<typeof AccessListing>;

/** What cancel, give-back and revoke-grant answer. */
export const AccessEnded = z.object({
  id: z.string(),
  ref: z.string(),
  state: z.enum(['cancelled', 'given-back', 'revoked']),
  /** Exports and mounts made with the grant that were ended with it (give-back). */
  exportsEnded: z.number().int().optional(),
});
export type AccessEnded = z.infer<typeof AccessEnded>;
