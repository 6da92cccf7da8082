import { useState } from 'react';
import type { BackendStatus } from '../../../shared/onboarding';
import { useRecheck } from '../api/setup-mutations';
import { nextLabel } from '../setup/backend-words';
import { SignInForm } from '../setup/SignInForm';

type Props = {
  name: string;
  /** The backend as its server answered (backends:status); null when only the catalog had a problem. */
  status: BackendStatus | null;
  /** What the catalog could not do on a backend that is signed in (a listing refused, …). */
  problem: string | null;
};

/**
 * What stands between the user and one backend's environments, above the list, with the button for the next
 * step from the status model: sign in (right here), retry, or run the checks. Until then, its environments'
 * access is Unknown.
 */
export function BackendProblem({ name, status, problem }: Props) {
  const [signingIn, setSigningIn] = useState(false);
  const recheck = useRecheck();
  const label = status ? nextLabel(status) : null;
  const login = status?.next?.action === 'login';
  const detail = status && status.state !== 'signed-in' ? status.detail : (problem ?? '');
  return (
    <div className="notice" role="status" aria-label={`Problem with ${name}`}>
      <p className="notice-message">
        <strong>{name}</strong>: {detail}
      </p>
      {label ? (
        <div className="notice-actions">
          <button
            type="button"
            className="button button-small"
            aria-expanded={login ? signingIn : undefined}
            aria-disabled={recheck.isPending}
            onClick={() => (login ? setSigningIn((s) => !s) : !recheck.isPending && recheck.mutate())}
          >
            {recheck.isPending ? 'Checking…' : label}
          </button>
        </div>
      ) : null}
      {login && signingIn && status?.kind ? <SignInForm backend={status} autoFocus /> : null}
    </div>
  );
}
