import { promises as fs } from 'node:fs';
import { AppError } from '../../shared/errors';

const RETRY_MS = 25;

/**
 * A cross-process lock: the desktop app and any number of CLI processes share one data dir. The lock
 * file holds the owner's pid; a lock whose owner is dead (killed mid-write) is taken over, so a crash
 * never wedges Latchkey.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await ownerIsGone(lockPath)) {
        await fs.rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new AppError('CONFLICT', `Another Latchkey process is holding ${lockPath}.`, 'Wait for it to finish, then retry.');
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

async function ownerIsGone(lockPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch {
    return false; // vanished between our open and read: just retry
  }
  const pid = Number(text.trim());
  // An empty file means the owner died between creating and writing it.
  if (!Number.isInteger(pid) || pid <= 0) {
    const age = Date.now() - (await fs.stat(lockPath).then((s) => s.mtimeMs, () => Date.now()));
    return age > 2000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
