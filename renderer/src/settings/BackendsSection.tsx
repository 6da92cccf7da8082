import { useState } from 'react';
import { useBackendStatus } from '../api/queries';
import { useRemoveBackend, useSignOut } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { Section } from '../components/Section';
import { BackendCard } from '../setup/BackendCard';
import { ProfileImport } from '../welcome/ProfileImport';
import { AddBackend } from './AddBackend';

/**
 * The secrets managers this device knows, each as its server answers now (backends:status), with sign in,
 * sign out and remove; adding one, and importing the team profile again (a change of where a backend signs
 * in is shown old → new and needs a confirmation, as in the CLI).
 */
export function BackendsSection() {
  const status = useBackendStatus({ fresh: true });
  const signOut = useSignOut();
  const remove = useRemoveBackend();
  const [removing, setRemoving] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const configured = status.data?.filter((b) => b.state !== 'not-configured') ?? [];
  const missing = status.data?.filter((b) => b.state === 'not-configured') ?? [];
  return (
    <Section title="Backends" description="Secrets managers Latchkey talks to, as each answers now. Tokens stay in the key storage above, never in these settings.">
      {status.isPending ? <Loading label="Asking each backend…" /> : null}
      {status.isError ? <ErrorPanel error={status.error} onRetry={() => void status.refetch()} /> : null}
      {status.data && configured.length === 0 ? <p className="muted">None yet. Import your team profile below, or add a backend.</p> : null}
      <div className="backend-cards">
        {configured.map((b) => (
          <BackendCard key={b.name} status={b}>
            {b.state === 'signed-in' || b.state === 'refused' ? (
              <button type="button" className="button button-small" aria-disabled={signOut.isPending} onClick={() => !signOut.isPending && signOut.mutate(b.name)}>
                Sign out
              </button>
            ) : null}
            {removing === b.name ? (
              <span className="inline-confirm" role="group" aria-label={`Remove ${b.name}?`}>
                <span className="small">Remove {b.name} and delete its saved sign-in?</span>
                <button type="button" className="button button-small button-danger" onClick={() => remove.mutate(b.name, { onSettled: () => setRemoving(null) })} autoFocus>
                  Remove
                </button>
                <button type="button" className="button button-small" onClick={() => setRemoving(null)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="button button-small button-quiet" onClick={() => setRemoving(b.name)}>
                Remove…
              </button>
            )}
          </BackendCard>
        ))}
      </div>
      {missing.map((b) => (
        <p key={b.name} className="notice" role="status">
          {b.detail}
        </p>
      ))}
      {signOut.isError ? <ErrorPanel error={signOut.error} /> : null}
      {remove.isError ? <ErrorPanel error={remove.error} /> : null}
      <div className="settings-actions">
        <button type="button" className="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          Add a backend…
        </button>
      </div>
      {adding ? <AddBackend onAdded={() => setAdding(false)} /> : null}
      <h3 className="subheading">Team profile</h3>
      <p className="muted small">Import the team profile again when your lead sends a new one.</p>
      <ProfileImport />
    </Section>
  );
}
