import type { InfisicalAccessRequest } from '../../backends/infisical/access-schemas';
import type { EnvLocator } from '../../backends/types';
import { sha256 } from '../../util/hash';
import type { LedgerItem, RequestFacts, SignedDecision, SignedEnd } from '../records';

/**
 * Infisical's native access requests, read as Latchkey ledger items (records.ts, NativeFacts). Infisical keeps
 * no Latchkey signature, so the items carry empty signature fields and `native`: the server vouches for who
 * asked (a signed-in person) and who reviewed (its policy's approvers), and the flows skip signature and
 * device checks for them.
 *
 * Latchkey's request id rides at the end of the note (`… [latchkey:3f9c2a1b4c5d6e7f]`), so the requester
 * and the approver name the same id, even for a request sent later from the outbox; a request made in
 * Infisical's own dashboard has no tag and takes its id from Infisical's UUID.
 */
const TAG = / \[latchkey:([0-9a-f]{16})\]$/;
/** Infisical's note limit (`note: z.string().max(255)` in the request router). */
export const NOTE_MAX = 255;
export const TAG_LENGTH = ' [latchkey:]'.length + 16;

export const tagNote = (reason: string, id: string) => `${reason} [latchkey:${id}]`;

export function untag(note: string | null): { reason: string; id: string | null } {
  const text = note ?? '';
  const match = TAG.exec(text);
  return match ? { reason: text.slice(0, match.index), id: match[1]! } : { reason: text, id: null };
}

/** 16 hex characters from Infisical's UUID (or a hash of any other id shape). */
export function idFromNative(nativeId: string): string {
  const hex = nativeId.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{16,}$/.test(hex) ? hex.slice(0, 16) : sha256(nativeId).slice(0, 16);
}

const UNITS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** Seconds of an `ms()` range as Infisical stores it (`15s`, `8h`, `2d`); null for anything else. */
export function rangeSeconds(range: string | null): number | null {
  const match = /^(\d+)\s*(s|m|h|d|w)$/.exec(range?.trim() ?? '');
  const seconds = match ? Number(match[1]) * UNITS[match[2] as keyof typeof UNITS] : 0;
  return seconds > 0 ? seconds : null;
}

/** The largest whole unit that says `seconds` exactly: 28800 → `8h`, 5400 → `90m`, 15 → `15s`. */
export function rangeOf(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

export interface Row {
  project: string;
  request: InfisicalAccessRequest;
}

interface Options {
  backend: string;
  /** The profile's environments on this backend: a request maps to the one with its project, env and path. */
  places: EnvLocator[];
  /** Used when the policy lets a pending request wait forever: the team's requestExpiry still applies. */
  requestExpirySeconds: number;
}

/**
 * Ledger items from the server's rows, oldest first. A tag id claimed twice (someone copied another's tag into
 * their note) stays with the older request; the newer one goes by its UUID. Rows for places outside the
 * profile, and requests for permanent access (never a Latchkey grant), are left out.
 */
export function toItems(rows: Row[], o: Options): LedgerItem[] {
  const taken = new Set<string>();
  const items: LedgerItem[] = [];
  for (const row of [...rows].sort((a, b) => a.request.createdAt.localeCompare(b.request.createdAt))) {
    const place = o.places.find((p) => p.project === row.project && p.env === row.request.env && normalPath(p.path) === normalPath(row.request.secretPath));
    const seconds = rangeSeconds(row.request.duration);
    if (!place || seconds === null) continue;
    const tag = untag(row.request.note).id;
    const id = tag && !taken.has(tag) ? tag : idFromNative(row.request.id);
    taken.add(id);
    items.push(toItem(row.request, id, place.ref, seconds, o.requestExpirySeconds));
  }
  return items;
}

/** `/a/b` for `a/b/`, `//a//b` and `/a/b`: how Infisical's paths are compared (policies, requests). */
export const normalPath = (path: string) => `/${path.split('/').filter(Boolean).join('/')}`;

const NO_SIG = '';

function toItem(r: InfisicalAccessRequest, id: string, ref: string, seconds: number, expirySeconds: number): LedgerItem {
  const requester = { id: r.requester.userId, name: r.requester.email ?? r.requester.userId };
  const nameOf = (userId: string, email?: string | null) => email ?? r.approvers.find((a) => a.userId === userId)?.email ?? userId;
  const body: RequestFacts = {
    v: 1,
    kind: 'request',
    id,
    ref,
    reason: untag(r.note).reason,
    durationSeconds: seconds,
    requester,
    device: null,
    createdAt: r.createdAt,
    requestExpiresAt: r.requestExpiresAt ?? new Date(Date.parse(r.createdAt) + expirySeconds * 1000).toISOString(),
  };
  const end = (what: SignedEnd['body']['what'], by: { userId: string; email: string | null }): SignedEnd => ({
    body: { v: 1, kind: 'end', requestId: id, what, by: { id: by.userId, name: nameOf(by.userId, by.email) }, device: { sign: NO_SIG }, at: r.updatedAt },
    sig: NO_SIG,
  });
  const decision = (verdict: 'approved' | 'denied', by: { userId: string; email: string | null }): SignedDecision => ({
    body: {
      v: 1, kind: 'decision', requestId: id, requestDigest: NO_SIG, verdict, approver: { id: by.userId, name: nameOf(by.userId, by.email) }, device: { sign: NO_SIG },
      decidedAt: r.grant?.startsAt ?? r.updatedAt, comment: r.editNote, grantedSeconds: verdict === 'approved' ? seconds : null,
      grantExpiresAt: verdict === 'approved' ? (r.grant?.endsAt ?? null) : null,
      grant: verdict === 'approved' ? { type: 'infisical-privilege', sealed: NO_SIG, handle: r.id } : null,
    },
    sig: NO_SIG,
  });

  const item: LedgerItem = {
    id, filedUnder: requester.id, request: { body, sig: NO_SIG }, decision: null, requesterEnd: null, approverEnd: null, damaged: false,
    native: {
      nativeId: r.id, policy: r.policyName, approverIds: r.approverUserIds, allowSelfApproval: r.allowedSelfApprovals,
      reviewedBy: r.reviews.map((v) => v.userId), approvalsNeeded: r.approvalsNeeded,
    },
  };
  const rejection = r.reviews.find((v) => v.status === 'rejected');
  if (r.state === 'rejected' && rejection) {
    // A requester may always reject their own pending request: that is how Infisical withdraws one.
    if (rejection.userId === requester.id) item.requesterEnd = end('cancelled', { userId: rejection.userId, email: requester.name });
    else item.decision = decision('denied', { userId: rejection.userId, email: null });
  }
  if (r.state === 'active' || r.state === 'expired' || r.state === 'revoked') {
    const approver = r.approvedBy ?? [...r.reviews].reverse().find((v) => v.status === 'approved') ?? { userId: 'unknown', email: null };
    item.decision = decision('approved', { userId: approver.userId, email: 'email' in approver ? approver.email : null });
  }
  if (r.state === 'revoked' && r.revokedBy) {
    if (r.revokedBy.userId === requester.id) item.requesterEnd = end('given-back', r.revokedBy);
    else item.approverEnd = end('revoked', r.revokedBy);
  }
  return item;
}
