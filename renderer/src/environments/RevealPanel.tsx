import { useEffect, useState } from 'react';

export const AUTO_HIDE_MS = 30_000;
const MASK = '•'.repeat(12);

type Props = { secretKey: string; value: string; onHide: () => void };

/**
 * One revealed value. Masked until the user asks to see it (a screen share or a shoulder must not catch
 * it by accident); the mask has a fixed length so it does not leak the value's length either. Hides by
 * itself after 30 s, and `onHide` drops the value from memory.
 */
export function RevealPanel({ secretKey, value, onHide }: Props) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(onHide, AUTO_HIDE_MS);
    return () => clearTimeout(timer);
  }, [onHide]);

  return (
    <div className="reveal-panel" role="group" aria-label={`Value of ${secretKey}`}>
      <code className="reveal-value" data-masked={!shown}>
        {shown ? value : MASK}
      </code>
      <div className="reveal-actions">
        <button type="button" className="button button-small" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
          {shown ? 'Mask' : 'Show'}
        </button>
        <button type="button" className="button button-small" onClick={onHide}>
          Hide
        </button>
        <span className="muted small">Hides by itself after 30 s. This reveal was recorded in the audit log.</span>
      </div>
    </div>
  );
}
