import type { AccessRequestView, DeviceTrust, RequestState } from '../../../shared/access';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';

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

/** `8h`, `1h 30m`, `2d`, `45s`: a duration as people say it. */
export function durationText(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(' ') || '0s';
}

/** What the clock counts down to for a request: the grant's end, or the moment a pending request lapses. */
export function countdownTo(r: AccessRequestView): { at: string; label: string } | null {
  if ((r.state === 'active' || r.state === 'approved') && r.decision?.grantExpiresAt) return { at: r.decision.grantExpiresAt, label: 'Ends in' };
  if (r.state === 'pending' || r.state === 'not-sent') return { at: r.requestExpiresAt, label: 'Lapses in' };
  return null;
}

const GRANT_CHOICES = ['15m', '30m', '1h', '2h', '4h', '8h', '1d'];
const UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const seconds = (text: string) => Number(text.slice(0, -1)) * UNIT[text.slice(-1) as keyof typeof UNIT];

/** What an approver may grant: the usual durations shorter than asked, and exactly what was asked. */
export function shortenChoices(askedSeconds: number): Array<{ text: string; seconds: number }> {
  const shorter = GRANT_CHOICES.map((text) => ({ text, seconds: seconds(text) })).filter((c) => c.seconds < askedSeconds);
  return [...shorter, { text: `${askedSeconds}s`, seconds: askedSeconds }];
}
