import type { BackendState } from './backend-groups';

/**
 * What stands between the user and one backend's environments, above the list: their access shows as
 * Unknown until it is fixed.
 */
export function BackendProblem({ backend }: { backend: BackendState }) {
  return (
    <div className="notice" role="status" aria-label={`Problem with ${backend.name}`}>
      <p className="notice-message">
        <strong>{backend.name}</strong>: {backend.problem ?? `You are not signed in to ${backend.name}.`}
      </p>
      {!backend.configured ? (
        <p className="notice-hint">
          Import the team profile again with <code>latchkey profile import &lt;file&gt;</code>, or add it with{' '}
          <code>latchkey backends add</code>.
        </p>
      ) : !backend.signedIn ? (
        <p className="notice-hint">
          Run <code>latchkey login {backend.name}</code>, then press Refresh.
        </p>
      ) : null}
    </div>
  );
}
