/**
 * Whether some process has this pid (any process: use isRunning in process-stamp.ts to know it is the one
 * you mean). Apart from process-stamp.ts, which loads zod, so the thin CLI's agent launcher can use it.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
