import { durationSeconds } from '../../../shared/profile';
import { RadioChips } from '../components/RadioChips';

const CHOICES = ['15m', '1h', '8h', '1d', '7d'];

/** The TTLs offered: the usual ones up to the max, plus the default and the max themselves. */
export function ttlChoices(defaultTtl: string, maxTtl: string): string[] {
  const max = durationSeconds(maxTtl);
  const set = new Map<number, string>();
  for (const ttl of [...CHOICES, defaultTtl, maxTtl]) {
    const seconds = durationSeconds(ttl);
    if (seconds <= max && !set.has(seconds)) set.set(seconds, ttl);
  }
  return [...set].sort((a, b) => a[0] - b[0]).map(([, ttl]) => ttl);
}

type Props = { choices: string[]; value: string; onChange: (ttl: string) => void; maxTtl: string; maxFromProfile: boolean };

/** "Expires after" as chips (radio buttons): only durations the profile allows are offered at all. */
export function TtlChoice({ choices, value, onChange, maxTtl, maxFromProfile }: Props) {
  return (
    <fieldset className="fieldset ttl-choice">
      <legend>Expires after</legend>
      <RadioChips choices={choices.map((ttl) => ({ value: ttl, label: ttl }))} value={value} onChange={onChange} />
      <p className="field-hint">
        At most {maxTtl}
        {maxFromProfile ? ', as the team profile allows' : ''}. Latchkey removes the file when its time is up.
      </p>
    </fieldset>
  );
}
