import type { BackendState, BackendStatus } from '../../../shared/onboarding';
import type { Tone } from '../components/StatusBadge';
import { formatClock } from '../time';

/** One word per state, never "Signed in" for a sign-in the backend refused. */
export const STATE_WORDS: Record<BackendState, { tone: Tone; label: string }> = {
  'signed-in': { tone: 'good', label: 'Signed in' },
  refused: { tone: 'bad', label: 'Sign-in refused' },
  'signed-out': { tone: 'warn', label: 'Signed out' },
  sealed: { tone: 'warn', label: 'Sealed' },
  unreachable: { tone: 'bad', label: 'Unreachable' },
  'not-configured': { tone: 'neutral', label: 'Not configured' },
};

/** `as alice · until 14:05` for a signed-in backend; else what the check found. */
export function statusLine(status: BackendStatus): string {
  if (status.state !== 'signed-in') return status.detail;
  const parts = [status.identity ? `as ${status.identity}` : 'signed in', status.expiresAt ? `until ${formatClock(status.expiresAt)}` : 'no expiry'];
  return parts.join(' · ');
}

/** The next-step button's label: the status model's `next`, in the words of the issue. */
export function nextLabel(status: BackendStatus): string | null {
  switch (status.next?.action) {
    case 'login':
      return status.state === 'refused' ? 'Sign in again' : 'Sign in';
    case 'retry':
      return 'Retry';
    case 'doctor':
      return 'Run checks';
    default:
      return null;
  }
}
