import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels, events, type EventName } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { Result } from '../shared/result';
import type { Dispatch } from './ipc-dispatch';
import type { AppUrlPolicy } from './security/app-urls';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * A sender is trusted only if it is the main frame of our own window (not a subframe, not another
 * window) and that frame is showing our renderer page. `senderFrame` is null when the frame navigated
 * away or was destroyed before we looked: not trusted either.
 */
export function createSenderCheck(getWindow: () => BrowserWindow | null, policy: AppUrlPolicy): SenderCheck {
  return (event) => {
    const win = getWindow();
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || !frame) return false;
    return frame === win.webContents.mainFrame && policy.isAppDocument(frame.url);
  };
}

/**
 * The chokepoint: one `ipcMain.handle` per contract channel (never a generic channel), sender check
 * first, then `dispatch` (zod parse → service → Result). The untrusted renderer never reaches a service
 * without both. Returns a function that removes the handlers.
 */
export function registerIpc(ipcMain: IpcMain, isTrustedSender: SenderCheck, dispatch: Dispatch): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) return forbidden();
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function forbidden(): Result<never> {
  const error = new AppError(
    'FORBIDDEN',
    'This request did not come from the Latchkey window, so it was refused.',
    'Use the Latchkey window; if you see this there, restart Latchkey.',
  );
  return { ok: false, error: error.toShape() };
}

export type EventPush = <E extends EventName>(name: E, payload: unknown) => boolean;

/**
 * Pushes a named contract event to our window. The payload is checked against the event's schema so main
 * never sends more than the contract allows. Returns false when nothing was sent (no window, bad payload).
 */
export function createEventPush(getWindow: () => BrowserWindow | null): EventPush {
  return (name, payload) => {
    const schema = events[name];
    const parsed = schema?.safeParse(payload);
    const win = getWindow();
    if (!parsed?.success || !win || win.isDestroyed()) return false;
    win.webContents.send(name, parsed.data);
    return true;
  };
}
