/**
 * Where focus goes when a drawer, dialog or row that held it goes away: back to the control that opened it
 * if that is still on the page, else to `fallback` — never to the page body (a keyboard user would have to
 * start over from the top).
 */
export function restoreFocus(opener: Element | null, fallback?: () => HTMLElement | null | undefined): void {
  if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body && !opener.closest('[inert]')) {
    opener.focus();
    if (document.activeElement === opener) return;
  }
  fallback?.()?.focus();
}

/** The element that has focus now (read during render, before a child moves it). */
export const focusedElement = (): Element | null => (typeof document === 'undefined' ? null : document.activeElement);

/** True while a modal <dialog> is open: its own Escape handling comes first. */
export const modalOpen = (): boolean => document.querySelector('dialog[open]') !== null;
