import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pidAlive } from './pid-alive';

export interface AtomicWriteOptions {
  /** File mode for the new file. Default 0o600: most of what Latchkey writes is sensitive. */
  mode?: number;
}

/**
 * Writes `data` to `target` so that a crash at any point leaves either the old file or the complete new
 * one: temp file in the same directory (same filesystem, so rename is atomic), fsync, rename, fsync dir.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await (await stageFileAtomic(target, data, options)).commit();
}

/** A complete, fsync'd temp file next to its target, not yet renamed into place. */
export interface StagedFile {
  readonly temp: string;
  /**
   * Renames the temp file over the target, then fsyncs the directory so the rename survives a crash.
   * `syncDir: false` skips that fsync where losing the rename in a crash is harmless (the old file stays).
   */
  commit(options?: { syncDir?: boolean }): Promise<void>;
  /** Removes the temp file instead. */
  discard(): Promise<void>;
}

/**
 * The first half of writeFileAtomic: lets a caller make something else durable (e.g. a ledger entry that
 * says the file will exist) between writing the bytes and making them appear under the target name.
 */
export async function stageFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<StagedFile> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  const temp = path.join(dir, tempNameFor(path.basename(target)));
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    // Mode again: the umask may have narrowed or the platform ignored the open() mode.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return {
    temp,
    async commit(commitOptions = {}) {
      try {
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      if (commitOptions.syncDir !== false) await fsyncDir(dir);
    },
    discard: () => fs.rm(temp, { force: true }),
  };
}

/**
 * Temp files are `.<name>.<writer pid>.<12 hex>.tmp` next to the target: hidden, and carrying the pid of the
 * process writing them, so a cleanup can tell a killed writer's leftover (pid gone) from a write in progress
 * without guessing from its age (see removeDeadWritersTemps).
 * Only for Latchkey's own data files: export files hold secrets and are staged in a private folder instead
 * (exports/private-temp.ts), because a name next to the target may not be git-ignored.
 */
function tempNameFor(name: string): string {
  return `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files in `dir` whose writer is no longer running (killed between writing and renaming).
 * A temp whose pid is alive is left alone, even if that pid now belongs to another process: the next
 * cleanup after that process ends takes it. Returns the names removed.
 */
export async function removeDeadWritersTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
    const pid = Number(TEMP_NAME.exec(entry)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pidAlive(pid)) continue;
    const full = path.join(dir, entry);
    if (!(await fs.lstat(full).catch(() => undefined))?.isFile()) continue;
    await fs.rm(full, { force: true });
    removed.push(entry);
  }
  return removed;
}

export async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on Linux; Windows cannot open directories this way.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a directory only the current user can read. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
}
