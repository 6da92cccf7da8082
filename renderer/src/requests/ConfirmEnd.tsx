import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorPanel } from '../components/ErrorPanel';

type Props = { label: string; children: ReactNode; action: string; busy: boolean; error: unknown; onConfirm: () => void; onCancel: () => void };

/** "Give back now?" / "Revoke now?": one more question before access ends (exports made with it end too). */
export function ConfirmEnd({ label, children, action, busy, error, onConfirm, onCancel }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  // Opened from a button that is now gone: the question takes focus.
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="confirm" role="group" tabIndex={-1} aria-label={label}>
      <span>{children}</span>
      <button ref={first} type="button" className="button button-small button-danger" aria-disabled={busy} onClick={() => !busy && onConfirm()}>
        {busy ? 'Working…' : action}
      </button>
      <button type="button" className="button button-small" onClick={onCancel}>
        Keep it
      </button>
      {error ? <ErrorPanel error={error} /> : null}
    </div>
  );
}
