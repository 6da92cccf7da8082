import type { RequestState } from '../../shared/access';
import type { LedgerItem } from './records';

/**
 * The state of a request, computed from its records and the clock: nothing runs to move a request from
 * pending to lapsed or from active to expired, so a laptop that was off is never out of date.
 * `received`: this device holds the grant (only the requester's own view can say so).
 */
export function stateOf(item: LedgerItem, now: number, view: { box: 'mine' | 'inbox'; received: boolean }): RequestState {
  const request = item.request?.body;
  const decision = item.decision?.body;
  if (item.requesterEnd?.body.what === 'cancelled') return 'cancelled';
  if (item.requesterEnd?.body.what === 'given-back') return 'given-back';
  if (item.approverEnd?.body.what === 'revoked') return 'revoked';
  if (decision?.verdict === 'denied') return 'denied';
  if (decision?.verdict === 'approved') {
    if (decision.grantExpiresAt === null || Date.parse(decision.grantExpiresAt) <= now) return 'expired';
    return view.box === 'inbox' || view.received ? 'active' : 'approved';
  }
  if (request && Date.parse(request.requestExpiresAt) <= now) return 'lapsed';
  return 'pending';
}

/** States after which nothing more can happen to a request. */
export const FINAL_STATES: ReadonlySet<RequestState> = new Set(['expired', 'given-back', 'revoked', 'denied', 'cancelled', 'lapsed']);

/** Seconds until the grant ends (approved/active) or the request lapses (pending). */
export function secondsLeft(item: LedgerItem, state: RequestState, now: number): number | null {
  const until =
    state === 'approved' || state === 'active'
      ? item.decision?.body.grantExpiresAt
      : state === 'pending' || state === 'not-sent'
        ? item.request?.body.requestExpiresAt
        : null;
  return until ? Math.max(0, Math.floor((Date.parse(until) - now) / 1000)) : null;
}
