import { sha256 } from '../util/hash';
import type { ClipboardAccess } from './desktop-hooks';

export const CLIPBOARD_CLEAR_MS = 30_000;

export interface ClipboardGuard {
  /** Puts `text` on the clipboard and clears it after the delay — if the clipboard still holds it then. */
  copy(text: string): Promise<void>;
  /** Clears now what we copied, if the clipboard still holds it (the app is quitting). */
  flush(): Promise<void>;
}

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A copied secret must not sit on the clipboard for the rest of the day, but what the user copied after
 * it is theirs: clear only a clipboard that still holds our copy. We keep its hash, not the value, for
 * that comparison (1Password and Bitwarden clear the same way).
 */
export function createClipboardGuard(clipboard: ClipboardAccess, options: { clearAfterMs?: number; timers?: Timers } = {}): ClipboardGuard {
  const timers = options.timers ?? realTimers;
  const delay = options.clearAfterMs ?? CLIPBOARD_CLEAR_MS;
  let pending: { hash: string; timer: unknown } | null = null;

  const clearIfOurs = async () => {
    const mine = pending;
    pending = null;
    if (mine && sha256(await clipboard.readText().catch(() => '')) === mine.hash) clipboard.clear();
  };

  return {
    async copy(text) {
      if (pending) timers.clear(pending.timer);
      pending = null;
      await clipboard.writeText(text);
      pending = { hash: sha256(text), timer: timers.set(() => void clearIfOurs(), delay) };
    },
    async flush() {
      if (pending) timers.clear(pending.timer);
      await clearIfOurs();
    },
  };
}
