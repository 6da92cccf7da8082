import { useCallback } from 'react';
import type { SecretDescription } from '../../../shared/contract';
import { useRevealSecret } from '../api/mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { StatusBadge } from '../components/StatusBadge';
import { formatAge } from '../time';
import { RevealPanel } from './RevealPanel';

type Secret = SecretDescription['secrets'][number];
const COLUMNS = 5;

/** One key: its metadata, and its value only after an explicit click on Reveal (one audited call). */
export function SecretRow({ envRef, secret }: { envRef: string; secret: Secret }) {
  const reveal = useRevealSecret();
  const { reset } = reveal;
  const hide = useCallback(() => reset(), [reset]);

  return (
    <>
      <tr>
        <th scope="row">
          <code>{secret.key}</code>
        </th>
        <td>{secret.version ?? <span className="muted">—</span>}</td>
        <td>{formatAge(secret.ageDays)}</td>
        <td>
          {secret.stale ? <StatusBadge tone="warn">Stale</StatusBadge> : <span className="muted">Current</span>}
        </td>
        <td className="cell-action">
          <button
            type="button"
            className="button button-small"
            aria-label={`Reveal ${secret.key}`}
            disabled={reveal.isPending || reveal.isSuccess}
            onClick={() => reveal.mutate({ ref: envRef, key: secret.key })}
          >
            {reveal.isPending ? 'Revealing…' : 'Reveal'}
          </button>
        </td>
      </tr>
      {reveal.isSuccess || reveal.isError ? (
        <tr className="detail-row">
          <td colSpan={COLUMNS}>
            {reveal.isSuccess ? <RevealPanel secretKey={secret.key} value={reveal.data.value} onHide={hide} /> : null}
            {reveal.isError ? <ErrorPanel error={reveal.error} onRetry={hide} retryLabel="Dismiss" /> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
