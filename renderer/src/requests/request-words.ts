import type { AccessRequestView, DeviceTrust, RequestState } from '../../../shared/access';
import { durationSeconds } from '../../../shared/profile';
import { formatDuration } from '../../../shared/time';
import type { Tone } from '../components/StatusBadge';

/** Each state in words, with a colour that only repeats it. */
export const STATE_LABELS: Record<RequestState, { text: string; tone: Tone }> = {
  'not-sent': { text: 'Not sent', tone: 'warn' },
  pending: { text: 'Waiting', tone: 'neutral' },
  approved: { text: 'Approved', tone: 'good' },
  active: { text: 'Granted', tone: 'good' },
  expired: { text: 'Expired', tone: 'neutral' },
  'given-back': { text: 'Given back', tone: 'neutral' },
  revoked: { text: 'Revoked', tone: 'warn' },
  denied: { text: 'Denied', tone: 'bad' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
  lapsed: { text: 'Lapsed', tone: 'neutral' },
};

/** Nothing more can happen to these: they may be asked for again. */
export const ENDED: ReadonlySet<RequestState> = new Set(['expired', 'given-back', 'revoked', 'denied', 'cancelled', 'lapsed']);

/** How an approver should read the requesting device (CHANGED is the loud one, like a changed SSH host key). */
export const TRUST_WORDS: Record<DeviceTrust, { text: string; tone: Tone }> = {
  known: { text: 'Known device', tone: 'good' },
  new: { text: 'New device', tone: 'warn' },
  changed: { text: 'CHANGED DEVICE', tone: 'bad' },
  mine: { text: 'This device', tone: 'neutral' },
  account: { text: 'Account-bound grant', tone: 'neutral' },
};

/** `8h`, `1h 30m`, `2d`: a duration as people type it (shared/time.ts, as the CLI writes it, spaced). */
export const durationText = (seconds: number): string => formatDuration(seconds, { spaced: true });

/** What the clock counts down to for a request: the grant's end, or the moment a pending request lapses. */
export function countdownTo(r: AccessRequestView): { at: string; label: string } | null {
  if ((r.state === 'active' || r.state === 'approved') && r.decision?.grantExpiresAt) return { at: r.decision.grantExpiresAt, label: 'Ends in' };
  if (r.state === 'pending' || r.state === 'not-sent') return { at: r.requestExpiresAt, label: 'Lapses in' };
  return null;
}

const GRANT_CHOICES = ['15m', '30m', '1h', '2h', '4h', '8h', '1d'];

/** What an approver may grant: the usual durations shorter than asked, and exactly what was asked. */
export function shortenChoices(askedSeconds: number): Array<{ text: string; seconds: number }> {
  const shorter = GRANT_CHOICES.map((text) => ({ text, seconds: durationSeconds(text) })).filter((c) => c.seconds < askedSeconds);
  return [...shorter, { text: `${askedSeconds}s`, seconds: askedSeconds }];
}
