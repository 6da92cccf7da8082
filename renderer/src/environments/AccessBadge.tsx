import type { AccessLevel } from '../../../shared/backends';
import { StatusBadge, type Tone } from '../components/StatusBadge';

const LABELS: Record<AccessLevel, { text: string; tone: Tone }> = {
  granted: { text: 'Granted', tone: 'good' },
  requestable: { text: 'Requestable', tone: 'warn' },
  denied: { text: 'Denied', tone: 'bad' },
  // Grey, not red: nobody could ask the backend, so "denied" would not be true.
  unknown: { text: 'Unknown', tone: 'neutral' },
};

export const ACCESS_ORDER: AccessLevel[] = ['granted', 'requestable', 'denied', 'unknown'];
export const accessLabel = (access: AccessLevel) => LABELS[access].text;

/** The access level in words (the colour only repeats it); `reason` says why it is unknown. */
export function AccessBadge({ access, reason }: { access: AccessLevel; reason?: string | null }) {
  const label = LABELS[access];
  return (
    <StatusBadge tone={label.tone} title={access === 'unknown' && reason ? reason : undefined}>
      {label.text}
    </StatusBadge>
  );
}
