import { useId } from 'react';

type Choice<T extends string> = { value: T; label: string };
type Props<T extends string> = { choices: ReadonlyArray<Choice<T>>; value: T; onChange: (value: T) => void };

/** One choice of a few, as chips (radio buttons in one group); the caller's fieldset gives it a legend. */
export function RadioChips<T extends string>({ choices, value, onChange }: Props<T>) {
  const name = useId();
  return (
    <div className="chips">
      {choices.map((c) => (
        <label key={c.value} className="chip chip-radio">
          <input type="radio" name={name} value={c.value} checked={value === c.value} onChange={() => onChange(c.value)} />
          {c.label}
        </label>
      ))}
    </div>
  );
}
