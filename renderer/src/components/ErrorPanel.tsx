import { isLatchkeyError } from '../api/client';

type Props = { error: unknown; onRetry?: () => void; retryLabel?: string };

/** Shows an error as main sent it: code, message (what happened) and hint (what to do next). */
export function ErrorPanel({ error, onRetry, retryLabel = 'Try again' }: Props) {
  const code = isLatchkeyError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const hint = isLatchkeyError(error) ? error.hint : undefined;
  return (
    <div className="error-panel" role="alert">
      <p className="error-head">
        <code className="error-code">{code}</code>
        <span className="error-message">{message}</span>
      </p>
      {hint ? <p className="error-hint">{hint}</p> : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {retryLabel}
        </button>
      ) : null}
    </div>
  );
}
