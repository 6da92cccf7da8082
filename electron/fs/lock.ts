import { promises as fs } from 'node:fs';
import { AppError } from '../../shared/errors';
import { isRunning, ProcessStamp, selfStamp } from './process-stamp';

const RETRY_MS = 25;

/**
 * A cross-process lock: the desktop app and any number of CLI processes share one data dir. The lock
 * file holds the owner's stamp (pid, start time, command line); a lock whose owner is gone (killed
 * mid-write, its pid maybe reused since) is taken over at once, so a crash never wedges Latchkey.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const owner = JSON.stringify(await selfStamp());
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      await handle.writeFile(owner);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await takeOverIfAbandoned(lockPath, owner)) continue;
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

/**
 * Removes a lock whose owner is gone. Two waiters may see the same dead owner; if both simply removed the
 * file, the slower one could remove the lock the faster one has just taken. So the removal happens under a
 * second, short-lived lock file, and only if the lock still holds what was judged dead.
 */
async function takeOverIfAbandoned(lockPath: string, owner: string): Promise<boolean> {
  const seen = await readLock(lockPath);
  if (seen === null || !(await ownerIsGone(lockPath, seen))) return false;
  const takeover = `${lockPath}.takeover`;
  try {
    const handle = await fs.open(takeover, 'wx', 0o600);
    await handle.writeFile(owner);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another waiter is taking over; if it died doing so, its takeover file is abandoned too.
    const other = await readLock(takeover);
    if (other !== null && (await ownerIsGone(takeover, other))) await fs.rm(takeover, { force: true });
    return false;
  }
  try {
    if ((await readLock(lockPath)) === seen) await fs.rm(lockPath, { force: true });
  } finally {
    await fs.rm(takeover, { force: true });
  }
  return true;
}

async function readLock(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null; // vanished meanwhile: just retry
  }
}

async function ownerIsGone(lockPath: string, text: string): Promise<boolean> {
  let owner: unknown;
  try {
    owner = JSON.parse(text);
  } catch {
    owner = undefined;
  }
  const stamp = ProcessStamp.safeParse(owner);
  if (stamp.success) return !(await isRunning(stamp.data));
  // An empty or partial file means the owner died between creating and writing it (or wrote it just now).
  const age = Date.now() - (await fs.stat(lockPath).then((s) => s.mtimeMs, () => Date.now()));
  return age > 2000;
}
