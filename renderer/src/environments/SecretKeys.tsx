import { useId, useState } from 'react';
import type { SecretDescription } from '../../../shared/contract';
import { useSecretDescription } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { formatClock, formatRelative, useNow } from '../time';
import { useCopySecret } from './clipboard';
import { SecretKeyRow } from './SecretKeyRow';

/**
 * When main answered from its value cache: `readAt` (when the backend was last read) and `cachedUntil`.
 * Older mains do not send them, so both are optional and read defensively.
 */
function cacheInfo(description: SecretDescription): { readAt: string | null; cachedUntil: string | null } {
  const extra = description as SecretDescription & { readAt?: unknown; cachedUntil?: unknown };
  const text = (value: unknown) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null);
  return { readAt: text(extra.readAt), cachedUntil: text(extra.cachedUntil) };
}

/** The keys of one granted environment: names, versions, ages — a value only on Reveal or Copy. */
export function SecretKeys({ envRef }: { envRef: string }) {
  const id = useId();
  const described = useSecretDescription(envRef);
  const copy = useCopySecret();
  const [query, setQuery] = useState('');
  const now = useNow(15_000);
  const secrets = described.data?.secrets ?? [];
  const needle = query.trim().toLowerCase();
  const shown = needle === '' ? secrets : secrets.filter((s) => s.key.toLowerCase().includes(needle));
  const cache = described.data ? cacheInfo(described.data) : null;
  const stale = secrets.filter((s) => s.stale).length;

  return (
    <section className="drawer-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Keys</h3>
      {described.isPending ? <Loading label="Loading keys…" /> : null}
      {described.isError ? <ErrorPanel error={described.error} onRetry={() => void described.refetch()} /> : null}
      {cache?.readAt ? (
        <p className="muted small">
          Read from the backend {formatRelative(cache.readAt, now)}
          {cache.cachedUntil ? `; Latchkey keeps it in memory until ${formatClock(cache.cachedUntil)}` : ''}.
        </p>
      ) : null}
      {described.data && secrets.length === 0 ? <p className="muted">This environment has no secrets yet.</p> : null}
      {secrets.length > 0 ? (
        <>
          <p className="muted small">
            Names, versions and ages only. Reveal and Copy each read one value and record it in the audit log.
            {stale > 0 ? ` ${stale} ${stale === 1 ? 'key has' : 'keys have'} not changed in over a year.` : ''}
          </p>
          <label htmlFor={`${id}-q`} className="visually-hidden">
            Filter keys
          </label>
          <input id={`${id}-q`} type="search" className="input key-search" placeholder="Filter keys" value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} />
          <ul className="key-list" aria-label={`Keys of ${envRef}`}>
            {shown.map((secret) => (
              <SecretKeyRow
                key={secret.key}
                envRef={envRef}
                secret={secret}
                copying={copy.isPending}
                onCopy={(key) => copy.mutate({ ref: envRef, key })}
              />
            ))}
          </ul>
          {shown.length === 0 ? <p className="muted">No key matches “{query.trim()}”.</p> : null}
        </>
      ) : null}
      {copy.isSuccess ? (
        <p className="copied" role="status">
          Copied {copy.variables.key}. The clipboard is cleared in {copy.data} s if it still holds it.
        </p>
      ) : null}
      {copy.isError ? (
        <ErrorPanel
          error={copy.error}
          onRetry={() => {
            // The panel and its button go: focus the Copy button of the key that failed.
            const key = copy.variables?.key;
            copy.reset();
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[aria-label="Copy ${key}"]`)?.focus());
          }}
          retryLabel="Dismiss"
        />
      ) : null}
    </section>
  );
}
