import { promises as fs } from 'node:fs';

export interface FileLockOptions {
  timeoutMs?: number;
  /** A lock older than this belongs to a process that died while holding it. */
  staleMs?: number;
}

/**
 * Holds `<file>` (created with O_EXCL) while `body` runs, so two Latchkey processes (the app and a CLI
 * command) never interleave appends. The lock file holds only the owner's pid, for people debugging.
 */
export async function withFileLock<T>(lockFile: string, body: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await fs.stat(lockFile).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > staleMs) {
        await fs.rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return await body();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}
