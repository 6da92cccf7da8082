import { existsSync, watch, type FSWatcher } from 'node:fs';

/** setTimeout takes at most 2^31-1 ms (~24.8 days); a longer wait fires early and is simply armed again. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** A sweep that failed (disk, lock held too long) is tried again this soon. */
const RETRY_MS = 5_000;
/** Past the expiry by this much, so the sweep's own clock agrees the export is due. */
const SLACK_MS = 5;

export interface ExpiryTimerDeps {
  dataDir: string;
  /** The ledger's expiries (ISO), read fresh each time the timers are armed. */
  expiries(): Promise<string[]>;
  /** Ends every export whose time is up (the export service's sweep). */
  sweep(): Promise<unknown>;
  log(line: string): void;
  /** The data dir was removed: there is nothing left to serve. */
  onDirGone(): void;
  now?: () => number;
}

export interface ExpiryTimers {
  /** Reads the ledger again and sets the timer for the earliest expiry (after a change the agent made). */
  rearm(): Promise<void>;
  /** When the next sweep is due (ms since epoch), or null when nothing is pending. */
  nextAt(): number | null;
  stop(): void;
}

/**
 * One timer, set for the earliest expiry in the ledger, not a poll loop: when it fires the due exports
 * are ended and the timer is set for the next one. Changes made by other processes (a CLI working in its
 * own process, a mount) reach us through a watch on the data dir; changes made through the agent re-arm
 * directly. Armings coalesce, so a burst of changes reads the ledger at most twice.
 */
export function startExpiryTimers(deps: ExpiryTimerDeps): ExpiryTimers {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let next: number | null = null;
  let stopped = false;
  let arming: Promise<void> | null = null;
  let again = false;
  let lastSweep = Number.NEGATIVE_INFINITY;

  const set = (at: number | null) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    next = at;
    if (at === null || stopped) return;
    // Still due right after a sweep (an export the sweep could not end): retry later, never spin.
    const due = at - now();
    const delay = due <= 0 && now() - lastSweep < RETRY_MS ? RETRY_MS : due + SLACK_MS;
    timer = setTimeout(fire, Math.min(Math.max(delay, 0), MAX_DELAY_MS));
  };

  const arm = (): Promise<void> => {
    if (arming) {
      again = true;
      return arming;
    }
    arming = (async () => {
      do {
        again = false;
        const times = (await deps.expiries()).map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
        set(times.length > 0 ? Math.min(...times) : null);
      } while (again && !stopped);
    })()
      .catch((error: unknown) => {
        deps.log(`could not read the export ledger: ${error instanceof Error ? error.message : 'unknown error'}; trying again in ${RETRY_MS / 1000} s`);
        set(now() + RETRY_MS);
      })
      .finally(() => (arming = null));
    return arming;
  };

  async function fire(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    try {
      await deps.sweep();
      lastSweep = now();
    } catch (error) {
      deps.log(`the expiry sweep failed: ${error instanceof Error ? error.message : 'unknown error'}; trying again in ${RETRY_MS / 1000} s`);
      return set(now() + RETRY_MS);
    }
    await arm();
  }

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(deps.dataDir, { persistent: false }, (_event, file) => {
      if (stopped) return;
      if (!existsSync(deps.dataDir)) return deps.onDirGone();
      if (file === null || file === 'exports.json') void arm();
    });
    watcher.on('error', () => {
      if (!existsSync(deps.dataDir)) deps.onDirGone();
    });
  } catch (error) {
    // Without the watch, changes made through the agent still re-arm; others are seen at the next arming.
    deps.log(`cannot watch ${deps.dataDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); changes made outside the agent are picked up later`);
  }

  void arm();
  return {
    rearm: arm,
    nextAt: () => next,
    stop() {
      stopped = true;
      watcher?.close();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
