import { useEffect, useRef } from 'react';
import { formatTimeLeft, useNow } from '../time';

type Props = { at: string; label: string; onElapsed: () => void };

/** A live "Ends in 7h 59m" / "Lapses in 23h 10m"; at zero it asks for a fresh look (the state changed). */
export function TimeLeft({ at, label, onElapsed }: Props) {
  const now = useNow(1000);
  const left = (Date.parse(at) - now) / 1000;
  const fired = useRef(false);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onElapsed();
    }
  }, [left, onElapsed]);
  return (
    <span className="time-left">
      {label}{' '}
      <time dateTime={at} title={new Date(at).toLocaleString()}>
        {formatTimeLeft(Math.max(0, left))}
      </time>
    </span>
  );
}
