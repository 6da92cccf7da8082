import { useEffect, useRef } from 'react';
import { formatTimeLeft, useNow } from '../time';

type Props = { expiresAt: string; onElapsed: () => void };

/** Live time left; once it reaches zero, asks for a refresh (main's sweeper removes the file). */
export function Countdown({ expiresAt, onElapsed }: Props) {
  const now = useNow(1000);
  const left = (Date.parse(expiresAt) - now) / 1000;
  const fired = useRef(false);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onElapsed();
    }
  }, [left, onElapsed]);
  if (left <= 0) return <span className="muted">Expired, removing…</span>;
  return (
    <time dateTime={expiresAt} title={new Date(expiresAt).toLocaleString()} className="countdown">
      {formatTimeLeft(left)}
    </time>
  );
}
