import { useId, type ReactNode } from 'react';

type Choice = { value: string; label: string };
type Props = { legend: string; choices: Choice[]; value: string; onChange: (value: string) => void; hint: ReactNode };

/** Durations as chips (radio buttons): only what the rules allow is offered at all. */
export function DurationChips({ legend, choices, value, onChange, hint }: Props) {
  const name = useId();
  const hintId = useId();
  return (
    <fieldset className="fieldset ttl-choice" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <div className="chips">
        {choices.map((c) => (
          <label key={c.value} className="chip chip-radio">
            <input type="radio" name={name} value={c.value} checked={value === c.value} onChange={() => onChange(c.value)} />
            {c.label}
          </label>
        ))}
      </div>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </fieldset>
  );
}
