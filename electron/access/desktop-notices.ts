import type { AccessNotification, AccessOpen } from '../../shared/access';
import type { EventBus } from '../event-bus';

/** What the system notification shows, and what a click on it opens in the window. */
export interface DesktopNotice {
  title: string;
  body: string;
  open: AccessOpen;
}

const TITLES: Record<AccessNotification['kind'], string> = {
  approved: 'Access approved',
  denied: 'Access request denied',
  waiting: 'A request waits for you',
  ending: 'Your access ends soon',
};

/** The words of one access notification on the desktop. A grant about to end offers to ask again. */
export function desktopNotice(note: AccessNotification): DesktopNotice {
  if (note.kind === 'ending') {
    const when = note.minutesLeft === 60 ? 'in 1 hour' : `in ${note.minutesLeft ?? 10} minutes`;
    return { title: `Access to ${note.ref} ends ${when}`, body: `${note.message} Click to request again.`, open: { id: note.id, ref: note.ref, action: 'request-again' } };
  }
  return { title: TITLES[note.kind], body: note.message, open: { id: note.id, ref: note.ref, action: 'show' } };
}

/**
 * Shows every `access:notification` on the desktop through `show` (the Electron glue in window.ts), until
 * the returned function is called. Plain Node: the notifier decides what is news, this only words it.
 */
export function showAccessNotices(events: EventBus, show: (notice: DesktopNotice) => void): () => void {
  return events.on('access:notification', (note) => show(desktopNotice(note)));
}
