type Chip<T extends string> = { value: T; label: string; count?: number };

type Props<T extends string> = {
  label: string;
  chips: ReadonlyArray<Chip<T>>;
  selected: ReadonlySet<T>;
  onToggle: (value: T) => void;
};

/** Toggle chips that narrow a list; none pressed means no narrowing. The count says what each would show. */
export function ChipGroup<T extends string>({ label, chips, selected, onToggle }: Props<T>) {
  return (
    <div className="chips" role="group" aria-label={label}>
      <span className="chips-label" aria-hidden="true">
        {label}
      </span>
      {chips.map((chip) => (
        <button
          key={chip.value}
          type="button"
          className="chip"
          aria-pressed={selected.has(chip.value)}
          onClick={() => onToggle(chip.value)}
        >
          {chip.label}
          {chip.count === undefined ? null : <span className="chip-count">{chip.count.toLocaleString('en-US')}</span>}
        </button>
      ))}
    </div>
  );
}
