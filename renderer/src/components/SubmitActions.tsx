import type { Ref } from 'react';

type Props = {
  /** The verb, e.g. "Send request"; `busyLabel` replaces it while the call runs. */
  label: string;
  busyLabel: string;
  busy: boolean;
  /** A form that cannot be sent yet (nothing chosen, the fingerprint not confirmed). */
  disabled?: boolean;
  danger?: boolean;
  onCancel: () => void;
  submitRef?: Ref<HTMLButtonElement>;
};

/**
 * A form's submit and Cancel buttons. While busy the submit button stays focusable (aria-disabled, not
 * disabled) so focus never drops to the page body; the form's own handler ignores a second submit.
 */
export function SubmitActions({ label, busyLabel, busy, disabled = false, danger = false, onCancel, submitRef }: Props) {
  return (
    <div className="form-actions">
      <button ref={submitRef} type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={disabled} aria-disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
