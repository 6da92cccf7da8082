import type { NextStep } from '../../../shared/errors';
import { isLatchkeyError } from '../api/client';
import { ERROR_TITLES, nextStepLabel, nextStepText } from './error-words';

/** What the app can do for a next step, by action: shown as a button. Steps without one are shown as words. */
export type NextStepHandlers = { [A in NextStep['action']]?: (next: Extract<NextStep, { action: A }>) => void };

type Props = {
  error: unknown;
  onRetry?: () => void;
  retryLabel?: string;
  next?: NextStepHandlers;
  /** A step in progress (e.g. adding the .gitignore line): its button waits. */
  busy?: boolean;
};

/**
 * An error as people read it: a plain title, main's message (what happened) and hint (what to do), the next
 * step as a button where the app can take it, and the code kept small.
 */
export function ErrorPanel({ error, onRetry, retryLabel = 'Try again', next: handlers = {}, busy = false }: Props) {
  const code = isLatchkeyError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const hint = isLatchkeyError(error) ? error.hint : undefined;
  const next = isLatchkeyError(error) ? error.next : undefined;
  const handler = next ? (handlers[next.action] as ((step: NextStep) => void) | undefined) : undefined;
  const retryIsNext = next?.action === 'retry' && onRetry !== undefined;
  return (
    <div className="error-panel" role="alert">
      <p className="error-head">
        <strong className="error-title">{ERROR_TITLES[code]}</strong>
        <code className="error-code">{code}</code>
      </p>
      <p className="error-message">{message}</p>
      {hint ? <p className="error-hint">{hint}</p> : null}
      <div className="error-actions">
        {next && handler ? (
          <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => handler(next)}>
            {nextStepLabel(next)}
          </button>
        ) : null}
        {next && !handler && !retryIsNext ? <p className="error-next">{nextStepText(next)}</p> : null}
        {onRetry ? (
          <button type="button" className="button button-small" onClick={onRetry}>
            {retryLabel}
          </button>
        ) : null}
      </div>
    </div>
  );
}
