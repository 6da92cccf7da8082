import type { LatchkeyError } from '../api/client';
import { Modal } from '../components/Modal';

type Props = { error: LatchkeyError; busy: boolean; onAccept: () => void; onCancel: () => void };

/**
 * Main refused a change of where a backend signs in (its url, kind, namespace or sign-in method) and listed
 * each difference, old → new. Accepting sends the same request again with `acceptChanges`; main then deletes
 * the saved sign-in, so the token never reaches the new server.
 */
export function ConfirmChanges({ error, busy, onAccept, onCancel }: Props) {
  return (
    <Modal title="Confirm the change of backend" onClose={onCancel}>
      <p className="confirm-message">{error.message}</p>
      {error.hint ? <p className="muted">{error.hint}</p> : null}
      <div className="form-actions">
        <button type="button" className="button button-danger" aria-disabled={busy} onClick={() => !busy && onAccept()} data-autofocus>
          Accept the change
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Keep things as they are
        </button>
      </div>
    </Modal>
  );
}
