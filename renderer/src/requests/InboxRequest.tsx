import { useId, useRef, useState } from 'react';
import type { AccessRequestView } from '../../../shared/access';
import { Fact } from '../components/Fact';
import { StatusBadge } from '../components/StatusBadge';
import { formatClock } from '../time';
import { useEndRequest } from './access-api';
import { ConfirmEnd } from './ConfirmEnd';
import { DeviceLine } from './DeviceLine';
import { countdownTo, durationText, STATE_LABELS } from './request-words';
import { TimeLeft } from './TimeLeft';

type Props = {
  r: AccessRequestView;
  onDecide: (r: AccessRequestView, how: 'approve' | 'deny') => void;
  onElapsed: () => void;
  onOutcome: (text: string) => void;
};

/**
 * A request waiting for me (or a grant I may end): who, what, why, how long, and the requesting device. A
 * tampered request is shown as such and cannot be decided (main refuses it too, and audits the attempt).
 */
export function InboxRequest({ r, onDecide, onElapsed, onOutcome }: Props) {
  const titleId = useId();
  const tamperedId = useId();
  const [confirming, setConfirming] = useState(false);
  const revoke = useEndRequest('access:revokeGrant');
  const revokeButton = useRef<HTMLButtonElement>(null);
  const who = r.requester?.name ?? 'Someone';
  const state = STATE_LABELS[r.state];
  const clock = countdownTo(r);
  const pending = r.state === 'pending';

  return (
    <li className={r.tampered ? 'request-item is-tampered' : 'request-item'}>
      <article aria-labelledby={titleId}>
        <div className="request-head">
          <h3 id={titleId}>
            {who} asks for <code className="ref">{r.ref}</code>
          </h3>
          {r.tampered ? <StatusBadge tone="bad">Tampered</StatusBadge> : <StatusBadge tone={state.tone}>{state.text}</StatusBadge>}
          {clock ? <TimeLeft at={clock.at} label={clock.label} onElapsed={onElapsed} /> : null}
        </div>
        {r.tampered ? (
          <p id={tamperedId} className="tampered-note">
            <strong>This request was changed after it was signed</strong> ({r.problem?.replace(/^Tampered: /, '') ?? 'its signature does not verify'}). It cannot be
            approved; tell {who}, who can cancel it and ask again.
          </p>
        ) : null}
        <dl className="facts facts-compact">
          <Fact term="Why">{r.reason}</Fact>
          <Fact term="How long">
            {durationText(r.durationSeconds)} <span className="muted">· request {r.id}</span>
          </Fact>
          <Fact term="Device">
            <DeviceLine device={r.device} who={who} backend={r.backend} />
          </Fact>
          {r.decision?.verdict === 'approved' ? (
            <Fact term="Granted">
              by {r.decision.by}
              {r.decision.grantedSeconds ? ` for ${durationText(r.decision.grantedSeconds)}` : ''}
              {r.decision.grantExpiresAt ? `, until ${formatClock(r.decision.grantExpiresAt)}` : ''}
            </Fact>
          ) : null}
          {r.problem && !r.tampered ? <Fact term="Note">{r.problem}</Fact> : null}
        </dl>
        <div className="row-actions">
          {pending ? (
            <>
              <button
                type="button"
                className="button button-small button-primary"
                aria-label={`Approve ${who}'s request for ${r.ref}`}
                disabled={r.tampered}
                aria-describedby={r.tampered ? tamperedId : undefined}
                onClick={() => onDecide(r, 'approve')}
              >
                Approve…
              </button>
              <button type="button" className="button button-small" aria-label={`Deny ${who}'s request for ${r.ref}`} disabled={r.tampered} onClick={() => onDecide(r, 'deny')}>
                Deny…
              </button>
            </>
          ) : null}
          {r.state === 'active' && !confirming ? (
            <button ref={revokeButton} type="button" className="button button-small" aria-label={`Revoke ${who}'s grant for ${r.ref}`} onClick={() => setConfirming(true)}>
              Revoke grant…
            </button>
          ) : null}
        </div>
        {r.state === 'active' && confirming ? (
          <ConfirmEnd
            label={`Confirm revoking ${who}'s grant for ${r.ref}`}
            action="Revoke now"
            busy={revoke.isPending}
            error={revoke.error}
            onCancel={() => (setConfirming(false), revoke.reset(), requestAnimationFrame(() => revokeButton.current?.focus()))}
            onConfirm={() => revoke.mutate(r.id, { onSuccess: () => onOutcome(`Revoked ${who}'s grant for ${r.ref} at the backend.`) })}
          >
            Revoke now? {who} loses access to <code className="ref">{r.ref}</code> at the backend at once.
          </ConfirmEnd>
        ) : null}
      </article>
    </li>
  );
}
