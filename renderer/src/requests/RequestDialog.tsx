import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { Loading } from '../components/Loading';
import { Modal } from '../components/Modal';
import { ttlChoices } from '../exports/TtlChoice';
import { formatTimeLeft } from '../time';
import { useRequestAccess, useRequestForm } from './access-api';
import { DurationChips } from './DurationChips';
import { durationText } from './request-words';
import { SubmitActions } from '../components/SubmitActions';

type Props = { envRef: string; onClose: () => void; onShowRequests: () => void; fallbackFocus?: () => HTMLElement | null };

/**
 * "Request access": a reason (as long as the profile asks), a duration (chips up to the profile's max), and
 * this device's fingerprint to read to the approver. The request itself is `access:request`.
 */
export function RequestDialog({ envRef, onClose, onShowRequests, fallbackFocus }: Props) {
  const form = useRequestForm(envRef);
  const ask = useRequestAccess();
  const ids = { reason: useId(), reasonHint: useId() };
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<string | null>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const rules = form.data;
  const chosen = duration ?? rules?.defaultDuration ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen !== null && !ask.isPending) ask.mutate({ ref: envRef, reason, duration: chosen });
  };
  // The form is replaced by the outcome: focus follows to its first button.
  useEffect(() => {
    if (ask.isSuccess) doneRef.current?.focus();
  }, [ask.isSuccess]);
  // The rules arrive after the dialog opened (and took focus): the reason is where typing starts.
  const loaded = rules !== undefined;
  useEffect(() => {
    if (loaded) reasonRef.current?.focus();
  }, [loaded]);

  const sent = ask.data;
  return (
    <Modal title={`Request access to ${envRef}`} onClose={onClose} fallbackFocus={fallbackFocus}>
      {form.isPending ? <Loading label="Reading the team profile's rules…" /> : null}
      {form.isError ? <ErrorPanel error={form.error} onRetry={() => void form.refetch()} /> : null}
      {sent ? (
        <div className="request-sent">
          <div className={sent.state === 'not-sent' ? 'notice' : 'success'} role="status">
            {sent.state === 'not-sent' ? (
              <p>
                Saved request <code>{sent.id}</code> on this device: {rules?.backend ?? 'the backend'} could not be reached. Latchkey sends it when it
                answers (retry from the Requests screen).
              </p>
            ) : (
              <p>
                Sent request <code>{sent.id}</code> for {durationText(sent.durationSeconds)} to {rules?.approvers.join(', ') ?? 'its approvers'}. It lapses in{' '}
                {formatTimeLeft(sent.secondsLeft ?? 0)} if nobody decides.
              </p>
            )}
            <FingerprintNote fingerprint={sent.device.fingerprint} backend={sent.backend} />
          </div>
          <div className="form-actions">
            <button ref={doneRef} type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
            <button type="button" className="button" onClick={() => (onShowRequests(), onClose())}>
              Show my requests
            </button>
          </div>
        </div>
      ) : rules && chosen !== null ? (
        <form className="form" onSubmit={submit} aria-label="Request access">
          <dl className="facts facts-compact">
            <Fact term="Approvers">{rules.approvers.join(', ')}</Fact>
          </dl>
          <div className="field">
            <label htmlFor={ids.reason}>Reason</label>
            <textarea
              ref={reasonRef}
              id={ids.reason}
              className="input textarea"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={ids.reasonHint}
              rows={3}
              maxLength={2000}
              data-autofocus
            />
            <p id={ids.reasonHint} className="field-hint">
              At least {rules.reasonMinLength} characters ({reason.trim().length} so far): what you need it for, e.g. a ticket id and the task.
            </p>
          </div>
          <DurationChips
            legend="For how long"
            choices={ttlChoices(rules.defaultDuration, rules.maxDuration).map((d) => ({ value: d, label: d }))}
            value={chosen}
            onChange={setDuration}
            hint={`At most ${rules.maxDuration}${rules.maxFromProfile ? ', as the team profile allows' : ''}. The clock starts when someone approves, and the access ends by itself at the backend.`}
          />
          <div className="device-note">
            <FingerprintNote fingerprint={rules.device.fingerprint} backend={rules.backend} />
          </div>
          {ask.error ? <ErrorPanel error={ask.error} /> : null}
          <SubmitActions label="Send request" busyLabel="Sending…" busy={ask.isPending} onCancel={onClose} />
        </form>
      ) : null}
    </Modal>
  );
}

/** "Read this to your approver", or why there is nothing to read (an account-bound grant). */
function FingerprintNote({ fingerprint, backend }: { fingerprint: string | null; backend: string }) {
  if (!fingerprint) {
    return <p>Account-bound grant: {backend} adds the access to your own account, so there is no device fingerprint to confirm.</p>;
  }
  return (
    <p>
      Your device fingerprint: <code className="fingerprint">{fingerprint}</code>. Read this to your approver: they confirm it the first time they
      approve a request from this device.
    </p>
  );
}
