import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode for the new file. Default 0o600: most of what Latchkey writes is sensitive. */
  mode?: number;
}

/**
 * Writes `data` to `target` so that a crash at any point leaves either the old file or the complete new
 * one: temp file in the same directory (same filesystem, so rename is atomic), fsync, rename, fsync dir.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
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
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/**
 * Temp files are `.<name>.<12 hex>.tmp` next to the target: hidden, and recognizable so that a cleanup can
 * remove the ones a killed writer left behind (see tempNamePattern).
 */
function tempNameFor(name: string): string {
  return `.${name}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Matches exactly the temp names writeFileAtomic uses for a target called `name`. */
export function tempNamePattern(name: string): RegExp {
  return new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{12}\\.tmp$`);
}

async function fsyncDir(dir: string): Promise<void> {
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
