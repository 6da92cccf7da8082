import { useSecretDescription } from '../api/queries';
import { DataTable } from '../components/DataTable';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { SecretRow } from './SecretRow';

type Props = { envRef: string; onClose: () => void };

const COLUMNS = ['Key', 'Version', 'Age', 'Status'];

/** The keys of one granted environment: names, versions, ages. Values stay in main until revealed. */
export function SecretsPanel({ envRef, onClose }: Props) {
  const described = useSecretDescription(envRef);
  const staleCount = described.data?.secrets.filter((s) => s.stale).length ?? 0;
  return (
    <section className="card secrets-panel" aria-label={`Secrets of ${envRef}`}>
      <div className="card-head">
        <h2>
          Secrets in <code className="ref">{envRef}</code>
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="card-description">
        Names, versions and ages only. Reveal shows one value and records it in the audit log.
        {staleCount > 0 ? ` ${staleCount} ${staleCount === 1 ? 'key has' : 'keys have'} not changed in over a year.` : ''}
      </p>
      {described.isPending ? <Loading label="Loading secrets…" /> : null}
      {described.isError ? <ErrorPanel error={described.error} onRetry={() => void described.refetch()} /> : null}
      {described.data && described.data.secrets.length === 0 ? <p className="muted">This environment has no secrets yet.</p> : null}
      {described.data && described.data.secrets.length > 0 ? (
        <DataTable columns={COLUMNS}>
          {described.data.secrets.map((secret) => (
            <SecretRow key={secret.key} envRef={envRef} secret={secret} />
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
