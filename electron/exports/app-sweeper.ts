import type { EndedExport } from './sweeper';

export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

export interface SweeperHandle {
  /** Resolves after the sweep at start (tests wait on it). */
  readonly firstSweep: Promise<void>;
  /** No more sweeps; resolves once the one in flight (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * The desktop app's expiry sweeper: one sweep at start (exports that expired while the app was closed go
 * now) and then one every `intervalMs`. Plain Node so it is tested without Electron. A sweep that fails
 * (disk, backend down) is reported and retried at the next tick; sweeps never overlap.
 */
export function startSweeper(
  services: { exports: { sweep(): Promise<EndedExport[]> } },
  intervalMs = DEFAULT_SWEEP_INTERVAL_MS,
  report: (message: string) => void = (message) => console.error(message),
): SweeperHandle {
  let running: Promise<void> | null = null;
  const sweepOnce = (): Promise<void> => {
    running ??= services.exports
      .sweep()
      .then(() => undefined)
      // Only the message: never a path or value we did not mean to log.
      .catch((error: unknown) => report(`Latchkey: the export sweep failed and will be retried: ${error instanceof Error ? error.message : 'unknown error'}`))
      .finally(() => (running = null));
    return running;
  };
  const firstSweep = sweepOnce();
  const timer = setInterval(() => void sweepOnce(), intervalMs);
  timer.unref();
  return {
    firstSweep,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
