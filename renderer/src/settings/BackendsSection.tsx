import { useBackends } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { Section } from '../components/Section';
import { StatusBadge } from '../components/StatusBadge';
import { KIND_LABELS } from '../environments/backend-groups';

/** The secrets managers this device knows (backends.json) and whether a token for each is stored. */
export function BackendsSection() {
  const backends = useBackends();
  return (
    <Section title="Backends" description="Secrets managers Latchkey talks to. Tokens stay in the key storage above, never in these settings.">
      {backends.isPending ? <Loading label="Loading backends…" /> : null}
      {backends.isError ? <ErrorPanel error={backends.error} onRetry={() => void backends.refetch()} /> : null}
      {backends.data && backends.data.length === 0 ? (
        <p className="muted">
          None yet. <code>latchkey profile import &lt;file&gt;</code> adds your team's backends.
        </p>
      ) : null}
      {backends.data && backends.data.length > 0 ? (
        <table className="table" aria-label="Backends">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">URL</th>
              <th scope="col">Sign-in method</th>
              <th scope="col">Signed in</th>
            </tr>
          </thead>
          <tbody>
            {backends.data.map((b) => (
              <tr key={b.name}>
                <th scope="row">{b.name}</th>
                <td>{KIND_LABELS[b.kind]}</td>
                <td>
                  <code className="path">{b.url}</code>
                </td>
                <td>{b.authMethod}</td>
                <td>
                  {b.signedIn ? (
                    <StatusBadge tone="good">Signed in</StatusBadge>
                  ) : (
                    <>
                      <StatusBadge tone="warn">Signed out</StatusBadge>
                      <span className="cell-note">
                        Run <code>latchkey login {b.name}</code>
                      </span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
