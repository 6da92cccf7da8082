import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BackendStatus } from '../../../shared/onboarding';
import { useRecheck } from '../api/setup-mutations';
import { ErrorPanel } from '../components/ErrorPanel';
import { StatusBadge } from '../components/StatusBadge';
import { KIND_LABELS } from '../environments/backend-groups';
import { formatClock } from '../time';
import { nextLabel, STATE_WORDS, statusLine } from './backend-words';
import { SignInForm } from './SignInForm';

type Props = {
  status: BackendStatus;
  /** Show the sign-in form without a click when the backend needs one (the welcome flow). */
  signInOpen?: boolean;
  /** More actions (Settings: sign out, remove). */
  children?: ReactNode;
};

/**
 * One backend as its server answered: a word for the state, who we are and until when, and the button for
 * the next step — sign in (again), retry, run the checks — right here, never a command to type elsewhere.
 */
export function BackendCard({ status, signInOpen = false, children }: Props) {
  const needsSignIn = status.next?.action === 'login';
  const [open, setOpen] = useState(signInOpen && needsSignIn);
  const recheck = useRecheck();
  const words = STATE_WORDS[status.state];
  const label = nextLabel(status);
  const act = () => (needsSignIn ? setOpen((o) => !o) : recheck.mutate());
  const signedIn = status.state === 'signed-in';
  const card = useRef<HTMLElement>(null);
  // Signing in removes the form that held focus: keep focus on this card, not the page body.
  useEffect(() => {
    if (signedIn && (document.activeElement === null || document.activeElement === document.body)) card.current?.focus();
  }, [signedIn]);
  return (
    <article ref={card} tabIndex={-1} className="backend-card" aria-label={`Backend ${status.name}`}>
      <div className="backend-card-head">
        <h3 className="backend-name">{status.name}</h3>
        {status.kind ? <span className="muted small">{KIND_LABELS[status.kind]}</span> : null}
        <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
      </div>
      {status.url ? <code className="path small">{status.url}</code> : null}
      <p className="backend-line">{statusLine(status)}</p>
      <p className="muted small">Checked {formatClock(status.checkedAt)}</p>
      <div className="backend-actions">
        {/* An open sign-in form is its own next step: no button to toggle it beside it. */}
        {label && !(needsSignIn && open && !signedIn) ? (
          <button
            type="button"
            className={`button button-small${needsSignIn && !open ? ' button-primary' : ''}`}
            aria-expanded={needsSignIn ? open : undefined}
            aria-disabled={recheck.isPending}
            onClick={() => !recheck.isPending && act()}
          >
            {recheck.isPending ? 'Checking…' : label}
          </button>
        ) : null}
        {children}
      </div>
      {recheck.isError ? <ErrorPanel error={recheck.error} /> : null}
      {open && !signedIn && status.kind ? <SignInForm backend={status} autoFocus={!signInOpen} /> : null}
    </article>
  );
}
