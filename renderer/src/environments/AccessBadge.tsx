import type { AccessLevel } from '../../../shared/backends';
import { StatusBadge } from '../components/StatusBadge';

const LABELS: Record<AccessLevel, { text: string; tone: 'good' | 'warn' | 'bad' }> = {
  granted: { text: 'Granted', tone: 'good' },
  requestable: { text: 'Requestable', tone: 'warn' },
  denied: { text: 'Denied', tone: 'bad' },
};

/** The access level in words (the colour only repeats it). */
export function AccessBadge({ access }: { access: AccessLevel }) {
  const label = LABELS[access];
  return <StatusBadge tone={label.tone}>{label.text}</StatusBadge>;
}
