import { z } from 'zod';
import { AccessPrincipal } from '../../shared/access';
import { AppError } from '../../shared/errors';

/**
 * What the request ledger holds, on every backend: signed records, each written once and never updated.
 *   request   by the requester: what, why, how long, and the device keys the grant is sealed to
 *   decision  by an approver: approved (with the sealed grant) or denied
 *   end       by the requester (cancelled, given-back) or an approver (revoked)
 * Signatures are Ed25519 over the canonical JSON of `body`, so a record changed on the backend (Doppler
 * cannot stop one member overwriting another's secret) no longer verifies and is shown as tampered.
 */

const B64 = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/);

export const DeviceKeys = z.object({ box: B64, sign: B64 });
export type DeviceKeys = z.infer<typeof DeviceKeys>;

export const RequestBody = z.object({
  v: z.literal(1),
  kind: z.literal('request'),
  id: z.string().regex(/^[a-f0-9]{16}$/),
  ref: z.string(),
  reason: z.string(),
  durationSeconds: z.number().int().positive(),
  requester: AccessPrincipal,
  device: DeviceKeys,
  createdAt: z.string(),
  requestExpiresAt: z.string(),
});
export type RequestBody = z.infer<typeof RequestBody>;

/** How a grant travels: always sealed to the requester's X25519 key; `handle` ends it early. */
export const GrantEnvelope = z.object({
  /**
   * `vault-wrapped-token`: a response-wrapping token around an orphan token; `doppler-service-token`;
   * `aws-role-session`: temporary credentials of the environment's read role; `infisical-privilege`: a
   * temporary privilege on the requester's own account (nothing sealed: no credential).
   */
  type: z.enum(['vault-wrapped-token', 'doppler-service-token', 'aws-role-session', 'infisical-privilege']),
  sealed: B64,
  /**
   * Vault: the grant token's accessor (revoke-accessor). Doppler: the service token's slug. AWS: the role
   * session's ARN. Infisical: the request's own id. Not a credential.
   */
  handle: z.string(),
});
export type GrantEnvelope = z.infer<typeof GrantEnvelope>;

export const DecisionBody = z.object({
  v: z.literal(1),
  kind: z.literal('decision'),
  requestId: z.string(),
  /** SHA-256 of the request body approved: a decision cannot be moved onto another request. */
  requestDigest: z.string(),
  verdict: z.enum(['approved', 'denied']),
  approver: AccessPrincipal,
  device: z.object({ sign: B64 }),
  decidedAt: z.string(),
  comment: z.string().nullable(),
  grantedSeconds: z.number().int().positive().nullable(),
  grantExpiresAt: z.string().nullable(),
  grant: GrantEnvelope.nullable(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

export const EndBody = z.object({
  v: z.literal(1),
  kind: z.literal('end'),
  requestId: z.string(),
  what: z.enum(['cancelled', 'given-back', 'revoked']),
  by: AccessPrincipal,
  device: z.object({ sign: B64 }),
  at: z.string(),
});
export type EndBody = z.infer<typeof EndBody>;

export const signed = <T extends z.ZodTypeAny>(body: T) => z.object({ body, sig: B64 });
export const SignedRequest = signed(RequestBody);
export const SignedDecision = signed(DecisionBody);
export const SignedEnd = signed(EndBody);
export type SignedRequest = z.infer<typeof SignedRequest>;
export type SignedDecision = z.infer<typeof SignedDecision>;
export type SignedEnd = z.infer<typeof SignedEnd>;

/**
 * Records are stored as base64url of their JSON: Doppler computes `${…}` references inside secret values,
 * and a reason that happens to contain one must come back byte for byte.
 */
export function encodeRecord(record: unknown): string {
  return Buffer.from(JSON.stringify(record), 'utf8').toString('base64url');
}

/** Decodes a stored record; null when it is not one of ours or no longer parses (shown as tampered). */
export function decodeRecord<T extends z.ZodTypeAny>(schema: T, text: unknown): z.infer<T> | null {
  if (typeof text !== 'string') return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The stored text of each record of one request, as a ledger read it; `undefined` where there is none. */
export interface StoredRecords {
  request?: unknown;
  decision?: unknown;
  requesterEnd?: unknown;
  approverEnd?: unknown;
}

/** Decodes one request's records; a record that exists but does not decode makes the item `damaged`. */
export function decodeItem(stored: StoredRecords): Pick<LedgerItem, 'request' | 'decision' | 'requesterEnd' | 'approverEnd' | 'damaged'> {
  const request = decodeRecord(SignedRequest, stored.request);
  const decision = decodeRecord(SignedDecision, stored.decision);
  const requesterEnd = decodeRecord(SignedEnd, stored.requesterEnd);
  const approverEnd = decodeRecord(SignedEnd, stored.approverEnd);
  const damaged =
    (stored.request !== undefined && request === null) ||
    (stored.decision !== undefined && decision === null) ||
    (stored.requesterEnd !== undefined && requesterEnd === null) ||
    (stored.approverEnd !== undefined && approverEnd === null);
  return { request, decision, requesterEnd, approverEnd, damaged };
}

/** A ledger refused a second write of a record: every ledger is write-once, and says so the same way. */
export function alreadyWritten(what: string, backend: string): AppError {
  return new AppError('CONFLICT', `${what} already exists on ${backend}: records in the request ledger are written once.`, 'List the requests again to see its current state.', { next: { action: 'list-requests' } });
}

/**
 * A request as the flows read it: a signed record, or a backend's own native record (`LedgerItem.native`),
 * which carries no device keys (null).
 */
export interface LedgerRequest {
  body: RequestFacts;
  sig: string;
}
export type RequestFacts = Omit<RequestBody, 'device'> & { device: DeviceKeys | null };

/**
 * What a backend with native requests (Infisical access approvals) vouches for itself: it authenticated who
 * filed the request (a signed-in person) and who reviewed it (its policy's approvers), so the records have no
 * Latchkey signatures to check and no device keys. The grant is a privilege on the requester's own account:
 * there is no credential to seal or intercept. The flows check `native` before anything device-related.
 */
export interface NativeFacts {
  /** The backend's own id of the request (Infisical: a UUID). */
  nativeId: string;
  /** The policy that governs it, and the people it names as approvers (as the backend knows them: ids). */
  policy: string;
  approverIds: string[];
  /** The policy lets a requester approve their own request (Latchkey also needs the profile's allowSelfApproval). */
  allowSelfApproval: boolean;
  /** Who already reviewed it (a policy may need several approvals). */
  reviewedBy: string[];
  approvalsNeeded: number;
}

/** Everything the ledger knows about one request, as read (signatures not yet checked). */
export interface LedgerItem {
  /** Null when the stored request record is unreadable: shown as tampered. */
  request: LedgerRequest | null;
  id: string;
  /** Where the backend filed it (Vault: the requester's entity id from the path). */
  filedUnder: string | null;
  decision: SignedDecision | null;
  /** The requester's end (cancelled, given-back). */
  requesterEnd: SignedEnd | null;
  /** An approver's end (revoked). */
  approverEnd: SignedEnd | null;
  /** Records that exist but no longer parse (edited on the backend): the request is shown as tampered. */
  damaged: boolean;
  /** Set on a backend's native record (see NativeFacts): the backend, not a signature, vouches for it. */
  native?: NativeFacts;
}
