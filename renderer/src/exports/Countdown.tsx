import { formatTimeLeft, useSecondsLeft } from '../time';

type Props = { expiresAt: string; onElapsed: () => void };

/** Live time left; once it reaches zero, asks for a refresh (main's sweeper removes the file). */
export function Countdown({ expiresAt, onElapsed }: Props) {
  const left = useSecondsLeft(expiresAt, onElapsed);
  if (left <= 0) return <span className="muted">Expired, removing…</span>;
  return (
    <time dateTime={expiresAt} title={new Date(expiresAt).toLocaleString()} className="countdown">
      {formatTimeLeft(left)}
    </time>
  );
}
