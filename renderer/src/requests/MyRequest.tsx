import { useId, useRef, useState } from 'react';
import type { AccessRequestView } from '../../../shared/access';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { StatusBadge } from '../components/StatusBadge';
import { formatClock } from '../time';
import { useEndRequest } from './access-api';
import { ConfirmEnd } from './ConfirmEnd';
import { countdownTo, durationText, ENDED, STATE_LABELS } from './request-words';
import { TimeLeft } from './TimeLeft';

type Props = {
  r: AccessRequestView;
  onAskAgain: (ref: string) => void;
  /** Asks main again: it sends requests that were not sent before it lists. */
  onRetry: () => void;
  retrying: boolean;
  onElapsed: () => void;
  /** Something ended (the control that did it goes away): say what happened where focus can land. */
  onOutcome: (text: string) => void;
};

/** One of my requests: where it stands, how long it has left, and what I can do about it now. */
export function MyRequest({ r, onAskAgain, onRetry, retrying, onElapsed, onOutcome }: Props) {
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const cancel = useEndRequest('access:cancel');
  const giveBack = useEndRequest('access:giveBack');
  const giveBackButton = useRef<HTMLButtonElement>(null);
  const state = STATE_LABELS[r.state];
  const clock = countdownTo(r);
  const granted = r.state === 'approved' || r.state === 'active';
  const waiting = r.state === 'pending' || r.state === 'not-sent';

  return (
    <li className="request-item">
      <article aria-labelledby={titleId}>
        <div className="request-head">
          <h3 id={titleId}>
            <code className="ref">{r.ref}</code>
          </h3>
          <StatusBadge tone={state.tone}>{state.text}</StatusBadge>
          {clock ? <TimeLeft at={clock.at} label={clock.label} onElapsed={onElapsed} /> : null}
        </div>
        <dl className="facts facts-compact">
          <Fact term="Reason">{r.reason}</Fact>
          <Fact term="Asked for">
            {durationText(r.durationSeconds)} <span className="muted">· request {r.id}</span>
          </Fact>
          {r.decision ? (
            <Fact term={r.decision.verdict === 'approved' ? 'Approved by' : 'Denied by'}>
              {r.decision.by}
              {r.decision.grantedSeconds ? ` for ${durationText(r.decision.grantedSeconds)}` : ''}
              {r.decision.grantExpiresAt ? `, until ${formatClock(r.decision.grantExpiresAt)}` : ''}
              {r.decision.comment ? <span className="muted"> · “{r.decision.comment}”</span> : null}
            </Fact>
          ) : null}
          {waiting ? (
            <Fact term="Your device">
              {r.device.fingerprint ? (
                <>
                  <code className="fingerprint">{r.device.fingerprint}</code> <span className="muted">Read it to your approver.</span>
                </>
              ) : (
                'Account-bound grant: nothing to confirm.'
              )}
            </Fact>
          ) : null}
          {r.problem ? <Fact term="Note">{r.problem}</Fact> : null}
        </dl>
        <div className="row-actions">
          {r.state === 'not-sent' ? (
            <button type="button" className="button button-small button-primary" aria-disabled={retrying} onClick={() => !retrying && onRetry()}>
              {retrying ? 'Sending…' : 'Retry sending'}
            </button>
          ) : null}
          {waiting ? (
            <button
              type="button"
              className="button button-small"
              aria-label={`Cancel the request for ${r.ref}`}
              aria-disabled={cancel.isPending}
              onClick={() => !cancel.isPending && cancel.mutate(r.id, { onSuccess: () => onOutcome(`Cancelled the request for ${r.ref}.`) })}
            >
              Cancel request
            </button>
          ) : null}
          {granted && !confirming ? (
            <button ref={giveBackButton} type="button" className="button button-small" aria-label={`Give back ${r.ref}`} onClick={() => setConfirming(true)}>
              Give back…
            </button>
          ) : null}
          {ENDED.has(r.state) ? (
            <button type="button" className="button button-small" aria-label={`Request ${r.ref} again`} onClick={() => onAskAgain(r.ref)}>
              Request again
            </button>
          ) : null}
        </div>
        {cancel.isError ? <ErrorPanel error={cancel.error} /> : null}
        {granted && confirming ? (
          <ConfirmEnd
            label={`Confirm giving back ${r.ref}`}
            action="Give back now"
            busy={giveBack.isPending}
            error={giveBack.error}
            onCancel={() => (setConfirming(false), giveBack.reset(), requestAnimationFrame(() => giveBackButton.current?.focus()))}
            onConfirm={() =>
              giveBack.mutate(r.id, {
                onSuccess: (ended) => onOutcome(`Gave back ${r.ref}: the access ended at the backend${ended.exportsEnded ? `, and ${ended.exportsEnded} export(s) made with it were removed` : ''}.`),
              })
            }
          >
            Give back now? Your access to <code className="ref">{r.ref}</code> ends at the backend, and exports made with it are removed.
          </ConfirmEnd>
        ) : null}
      </article>
    </li>
  );
}
