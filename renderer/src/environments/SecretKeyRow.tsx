import { useCallback, useRef } from 'react';
import type { SecretDescription } from '../../../shared/contract';
import { useRevealSecret } from '../api/mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { StatusBadge } from '../components/StatusBadge';
import { formatAge } from '../time';
import { RevealPanel } from './RevealPanel';

type Secret = SecretDescription['secrets'][number];
type Props = { envRef: string; secret: Secret; onCopy: (key: string) => void; copying: boolean };

/** One key: its metadata; its value only after an explicit Reveal (one audited call), or straight to the clipboard. */
export function SecretKeyRow({ envRef, secret, onCopy, copying }: Props) {
  const reveal = useRevealSecret();
  const revealButton = useRef<HTMLButtonElement>(null);
  const { reset } = reveal;
  // Hiding removes the panel that held focus: give it back to the Reveal button, not the page.
  const hide = useCallback(() => {
    const hadFocus = document.activeElement?.closest('.key-detail') !== null;
    reset();
    if (hadFocus) requestAnimationFrame(() => revealButton.current?.focus());
  }, [reset]);
  const open = reveal.isSuccess || reveal.isError;

  return (
    <li className="key-item">
      <div className="key-row">
        <code className="key-name">{secret.key}</code>
        <span className="key-meta">
          {secret.version === null ? '' : `v${secret.version} · `}
          {formatAge(secret.ageDays)}
          {secret.stale ? (
            <>
              {' '}
              <StatusBadge tone="warn">Stale</StatusBadge>
            </>
          ) : null}
        </span>
        <span className="key-actions">
          <button
            ref={revealButton}
            type="button"
            className="button button-small"
            aria-label={`Reveal ${secret.key}`}
            aria-disabled={reveal.isPending || open}
            onClick={() => !reveal.isPending && !open && reveal.mutate({ ref: envRef, key: secret.key })}
          >
            {reveal.isPending ? 'Revealing…' : 'Reveal'}
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={`Copy ${secret.key}`}
            aria-disabled={copying}
            onClick={() => !copying && onCopy(secret.key)}
          >
            Copy
          </button>
        </span>
      </div>
      {open ? (
        <div className="key-detail">
          {reveal.isSuccess ? <RevealPanel secretKey={secret.key} value={reveal.data.value} onHide={hide} /> : null}
          {reveal.isError ? <ErrorPanel error={reveal.error} onRetry={hide} retryLabel="Dismiss" /> : null}
        </div>
      ) : null}
    </li>
  );
}
