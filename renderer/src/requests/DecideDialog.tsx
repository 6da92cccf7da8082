import { useId, useState, type FormEvent } from 'react';
import type { AccessRequestView } from '../../../shared/access';
import { ErrorPanel } from '../components/ErrorPanel';
import { Fact } from '../components/Fact';
import { Modal } from '../components/Modal';
import { formatClock } from '../time';
import { useApprove, useDeny } from './access-api';
import { DeviceLine } from './DeviceLine';
import { DurationChips } from './DurationChips';
import { durationText, shortenChoices } from './request-words';
import { SubmitActions } from '../components/SubmitActions';

type Props = {
  r: AccessRequestView;
  how: 'approve' | 'deny';
  onClose: () => void;
  /** What was decided, in words, for the screen to announce. */
  onDecided: (text: string) => void;
  fallbackFocus: () => HTMLElement | null;
};

/**
 * Approve (for the time asked or less, with a comment) or deny (with a reason). A device seen for the first
 * time, or a different one for the same person, is approved only after the approver ticks that the requester
 * read them exactly this fingerprint: what `approve --device` confirms in the CLI.
 */
export function DecideDialog({ r, how, onClose, onDecided, fallbackFocus }: Props) {
  const who = r.requester?.name ?? 'the requester';
  return (
    <Modal title={how === 'approve' ? `Approve ${who}'s request` : `Deny ${who}'s request`} onClose={onClose} fallbackFocus={fallbackFocus}>
      <dl className="facts facts-compact">
        <Fact term="Environment">
          <code className="ref">{r.ref}</code>
        </Fact>
        <Fact term="Why">{r.reason}</Fact>
        <Fact term="Asked for">{durationText(r.durationSeconds)}</Fact>
      </dl>
      {how === 'approve' ? <ApproveForm r={r} who={who} onClose={onClose} onDecided={onDecided} /> : <DenyForm r={r} who={who} onClose={onClose} onDecided={onDecided} />}
    </Modal>
  );
}

type FormProps = { r: AccessRequestView; who: string; onClose: () => void; onDecided: (text: string) => void };

function ApproveForm({ r, who, onClose, onDecided }: FormProps) {
  const approve = useApprove();
  const choices = shortenChoices(r.durationSeconds);
  const asked = choices.at(-1)!.text;
  const [duration, setDuration] = useState(asked);
  const [comment, setComment] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const commentId = useId();
  const needsConfirm = (r.device.trust === 'new' || r.device.trust === 'changed') && r.device.fingerprint !== null;
  const blocked = needsConfirm && !confirmed;
  const label = durationText(choices.find((c) => c.text === duration)!.seconds);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocked || approve.isPending) return;
    approve.mutate(
      {
        id: r.id,
        ...(duration === asked ? {} : { duration }),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(needsConfirm ? { device: r.device.fingerprint! } : {}),
      },
      {
        onSuccess: (view) => {
          const until = view.decision?.grantExpiresAt ? `, until ${formatClock(view.decision.grantExpiresAt)}` : '';
          onDecided(view.decision ? `Approved: ${who} may read ${r.ref} for ${label}${until}.` : `Your approval of ${who}'s request is recorded; ${r.backend} waits for another approver.`);
          onClose();
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-label="Approve">
      <DurationChips
        legend="Grant for"
        choices={choices.map((c) => ({ value: c.text, label: c.text === asked ? `${durationText(c.seconds)} (as asked)` : c.text }))}
        value={duration}
        onChange={setDuration}
        hint="You may shorten it, never lengthen it. The access ends by itself at the backend."
      />
      <div className="field">
        <label htmlFor={commentId}>Comment (optional)</label>
        <textarea id={commentId} className="input textarea" rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {needsConfirm ? (
        <div className={r.device.trust === 'changed' ? 'device-confirm device-changed' : 'device-confirm'}>
          <p>
            {r.device.trust === 'changed' ? (
              <strong>
                WARNING: {who} now asks from a DIFFERENT device than the one you approved before. If they did not get a new computer, someone may be
                impersonating them.
              </strong>
            ) : (
              <>{who} asks from a device you have not approved before.</>
            )}{' '}
            Ask {who} to read you the fingerprint their Latchkey shows for this request, over a channel you trust:
          </p>
          <p className="fingerprint-large">
            <code className="fingerprint">{r.device.fingerprint}</code>
          </p>
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            {who} read me exactly this fingerprint
          </label>
        </div>
      ) : (
        <p className="device-note">
          <DeviceLine device={r.device} who={who} backend={r.backend} />
        </p>
      )}
      {approve.error ? <ErrorPanel error={approve.error} /> : null}
      <SubmitActions label={`Approve for ${label}`} busyLabel="Approving…" busy={approve.isPending} disabled={blocked} onCancel={onClose} />
    </form>
  );
}

function DenyForm({ r, who, onClose, onDecided }: FormProps) {
  const deny = useDeny();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (deny.isPending) return;
    deny.mutate({ id: r.id, reason: reason.trim() }, { onSuccess: () => (onDecided(`Denied ${who}'s request for ${r.ref}.`), onClose()) });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Deny">
      <div className="field">
        <label htmlFor={reasonId}>Reason</label>
        <textarea id={reasonId} className="input textarea" rows={3} maxLength={500} required value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />
      </div>
      {deny.error ? <ErrorPanel error={deny.error} /> : null}
      <SubmitActions label="Deny request" busyLabel="Denying…" busy={deny.isPending} disabled={reason.trim() === ''} danger onCancel={onClose} />
    </form>
  );
}
