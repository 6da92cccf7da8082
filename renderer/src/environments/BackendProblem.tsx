import type { BackendGroup } from './backend-groups';

/**
 * What stands between the user and this backend's environments, with the command that fixes it. Shown
 * above the table: the access levels below are guesses until it is fixed.
 */
export function BackendProblem({ group }: { group: BackendGroup }) {
  if (group.configured && group.signedIn && group.problem === null) return null;
  return (
    <div className="notice" role="status">
      {group.problem ? <p className="notice-message">{group.problem}</p> : null}
      {!group.configured ? (
        <p className="notice-hint">
          Import the team profile again with <code>latchkey profile import &lt;file&gt;</code>, or add it with{' '}
          <code>latchkey backends add</code>.
        </p>
      ) : !group.signedIn ? (
        <p className="notice-hint">
          {group.problem ? null : <>You are not signed in to {group.name}. </>}
          Run <code>latchkey login {group.name}</code>, then press Refresh.
        </p>
      ) : null}
    </div>
  );
}
