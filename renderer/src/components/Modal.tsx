import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { focusedElement, restoreFocus } from './focus';

type Props = {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Where focus goes on close when the control that opened the dialog is gone. */
  fallbackFocus?: () => HTMLElement | null;
};

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside it and makes the page behind inert.
 * Escape closes it; focus goes to the element marked `data-autofocus` (else the first control of the body,
 * not the Close button) and, on close, back to the control that opened it.
 */
export function Modal({ title, onClose, children, fallbackFocus }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [opener] = useState(focusedElement);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const fallbackRef = useRef(fallbackFocus);
  fallbackRef.current = fallbackFocus;

  useLayoutEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('.modal-body :is(input, select, textarea, button)');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      restoreFocus(opener, () => fallbackRef.current?.() ?? null);
    };
  }, [opener]);

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={id}
      onCancel={(event) => {
        // Escape: we close through React state, so the dialog never closes behind its back.
        event.preventDefault();
        closeRef.current();
      }}
    >
      <div className="modal-head">
        <h2 id={id}>{title}</h2>
        <button type="button" className="button button-small button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
