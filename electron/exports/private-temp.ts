import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../fs/atomic';
import { overwrite } from './shred';

/*
 * Where an export is staged before it is renamed into place. The temp file holds every secret, so a crash
 * must not leave it where git would pick it up. A temp *name* next to the target cannot promise that: the
 * target's own ignore rule rarely covers it (`.env` does not match `..env.x.tmp`), and asking
 * `git check-ignore` about the name only tells us when we may not write, with no safe place to go then.
 *
 * So each write gets its own folder, mode 0700, named `latchkey-<random>.tmp`:
 * - inside a repository, in the repository's own folder (`.git`, or a worktree's git dir): git never
 *   lists anything there, whatever the ignore rules say, and at no instant of the write is there a file
 *   git could show. Only when that folder is on another filesystem than the target (a mount point inside
 *   the work tree) or not writable, the next place is used instead, since the rename must stay atomic;
 * - otherwise beside the target (`.latchkey-<random>.tmp/`), with a `.gitignore` saying `*` written before
 *   the secret file is created. A .gitignore is the most specific rule git has for its folder: it outranks
 *   every rule above it (a parent's `!` negation too), .git/info/exclude and core.excludesFile, so the
 *   secret is ignored whatever a repository there might say. A kill in the instant between creating that
 *   .gitignore and writing its `*` leaves an empty rule file — never a secret.
 *
 * The ledger records the folder before it is made (see recorded-write.ts); a sweep removes it once its
 * writer is gone.
 */

const STAGED_NAME = 'export';
const IGNORE_ALL = '*\n';

/** A fresh temp folder path for a write to `target` (not created yet: the ledger records it first). */
export async function privateTempFor(target: string, gitDir: string | null): Promise<string> {
  const name = `latchkey-${randomBytes(6).toString('hex')}.tmp`;
  const folder = path.dirname(target);
  if (gitDir !== null && (await usableBeside(gitDir, folder))) return path.join(gitDir, name);
  return path.join(folder, `.${name}`);
}

/** True when `dir` is writable and on the same filesystem as `folder` (so a rename from it is atomic). */
async function usableBeside(dir: string, folder: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([fs.stat(dir), fs.stat(folder), fs.access(dir, constants.W_OK)]);
    return a.isDirectory() && a.dev === b.dev;
  } catch {
    return false;
  }
}

export interface StagedExport {
  /** The fsync'd file inside the temp folder. */
  readonly file: string;
  /** Device and inode of the staged file: the rename keeps them, so they name what we put at the target. */
  readonly inode: { dev: number; ino: number };
  /** Renames the file over `target`, fsyncs the target's folder, then removes the temp folder. */
  commit(): Promise<void>;
  /** Removes the temp folder and what it holds instead. */
  discard(): Promise<void>;
}

/** Writes `data` into the private temp folder `temp` (which must not exist yet), fsync'd, mode `mode`. */
export async function stagePrivate(temp: string, target: string, data: string | Uint8Array, mode = 0o600): Promise<StagedExport> {
  await fs.mkdir(temp, { mode: 0o700 });
  const file = path.join(temp, STAGED_NAME);
  let inode: { dev: number; ino: number };
  try {
    // The ignore rule exists before the secret does.
    await fs.writeFile(path.join(temp, '.gitignore'), IGNORE_ALL, { mode: 0o600, flag: 'wx' });
    const handle = await fs.open(file, 'wx', mode);
    try {
      await handle.writeFile(data);
      // Mode again: the umask may have narrowed it or the platform ignored the open() mode.
      await handle.chmod(mode);
      await handle.sync();
      const stat = await handle.stat();
      inode = { dev: stat.dev, ino: stat.ino };
    } finally {
      await handle.close();
    }
  } catch (error) {
    await removePrivateTemp(temp).catch(() => undefined);
    throw error;
  }
  return {
    file,
    inode,
    async commit() {
      await fs.rename(file, target);
      await fsyncDir(path.dirname(target));
      await removePrivateTemp(temp);
    },
    discard: () => removePrivateTemp(temp).then(() => undefined),
  };
}

/**
 * Removes a temp folder this module made: the staged file is overwritten before it is unlinked (it holds
 * secrets), unless it has another name too, then it is only unlinked. Anything else in the folder is left,
 * and so is the folder then. Returns true when nothing is left at `temp`.
 */
export async function removePrivateTemp(temp: string): Promise<boolean> {
  const folder = await fs.lstat(temp).catch(() => undefined);
  if (folder === undefined) return true;
  if (!folder.isDirectory()) return false;
  const file = path.join(temp, STAGED_NAME);
  const staged = await fs.lstat(file).catch(() => undefined);
  if (staged?.isFile()) {
    if (staged.nlink === 1) await overwrite(file, staged.size);
    await fs.rm(file, { force: true });
  }
  await fs.rm(path.join(temp, '.gitignore'), { force: true });
  try {
    await fs.rmdir(temp);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    return false;
  }
}
