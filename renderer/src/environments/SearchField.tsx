import { useEffect, useId, useRef, type KeyboardEvent } from 'react';

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** ArrowDown from the field: move into the results. */
  onArrowDown?: () => void;
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Search by ref, project or env. Ctrl-K (⌘K on a Mac) focuses it from anywhere; Escape clears it. */
export function SearchField({ value, onChange, onArrowDown }: Props) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && value !== '') {
      // Consumed here: Escape then clears the search instead of closing the drawer.
      event.preventDefault();
      onChange('');
    } else if (event.key === 'ArrowDown' && onArrowDown) {
      event.preventDefault();
      onArrowDown();
    }
  };

  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        Search environments
      </label>
      <input
        id={id}
        ref={ref}
        type="search"
        className="input search-input"
        placeholder="Search by ref, project or env"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      />
      <kbd className="search-kbd" aria-hidden="true">
        {isMac ? '⌘K' : 'Ctrl K'}
      </kbd>
    </div>
  );
}
