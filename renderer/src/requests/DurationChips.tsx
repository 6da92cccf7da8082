import { useId, type ReactNode } from 'react';
import { RadioChips } from '../components/RadioChips';

type Choice = { value: string; label: string };
type Props = { legend: string; choices: Choice[]; value: string; onChange: (value: string) => void; hint: ReactNode };

/** Durations as chips (radio buttons): only what the rules allow is offered at all. */
export function DurationChips({ legend, choices, value, onChange, hint }: Props) {
  const hintId = useId();
  return (
    <fieldset className="fieldset ttl-choice" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <RadioChips choices={choices} value={value} onChange={onChange} />
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </fieldset>
  );
}
