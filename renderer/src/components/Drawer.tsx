import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { focusedElement, modalOpen, restoreFocus } from './focus';

type Props = {
  /** Short name for assistive tech ("Details of acme-vault:payments/dev"). */
  label: string;
  heading: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Where focus goes on close when the control that opened the drawer is gone (e.g. scrolled out). */
  fallbackFocus?: () => HTMLElement | null;
};

/**
 * A side panel beside the list, not modal: the list stays usable and another row can be opened. Focus moves
 * to its heading when it opens and back to the control that opened it when it closes; Escape closes it
 * (unless a modal dialog on top of it is open: that one closes first).
 */
export function Drawer({ label, heading, onClose, children, fallbackFocus }: Props) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [opener] = useState(focusedElement);
  const fallbackRef = useRef(fallbackFocus);
  fallbackRef.current = fallbackFocus;

  useLayoutEffect(() => {
    headingRef.current?.focus();
    return () => restoreFocus(opener, () => fallbackRef.current?.() ?? null);
  }, [opener]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || modalOpen()) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="drawer" role="dialog" aria-modal="false" aria-label={label}>
      <div className="drawer-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="drawer-title">
          {heading}
        </h2>
        <button type="button" className="button button-small button-quiet" aria-label={`Close ${label}`} onClick={onClose}>
          Close
        </button>
      </div>
      <div className="drawer-body">{children}</div>
    </div>
  );
}
