import { formatTimeLeft, useSecondsLeft } from '../time';

type Props = { at: string; label: string; onElapsed: () => void };

/** A live "Ends in 7h 59m" / "Lapses in 23h 10m"; at zero it asks for a fresh look (the state changed). */
export function TimeLeft({ at, label, onElapsed }: Props) {
  const left = useSecondsLeft(at, onElapsed);
  return (
    <span className="time-left">
      {label}{' '}
      <time dateTime={at} title={new Date(at).toLocaleString()}>
        {formatTimeLeft(Math.max(0, left))}
      </time>
    </span>
  );
}
