import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

export type RemoveOutcome =
  | { removed: true }
  | { removed: false; reason: 'missing' | 'changed' | 'not-a-file' };

/**
 * Removes a file Latchkey wrote, but only if it still holds exactly what we wrote (`expectedHash`): a file
 * the user edited or replaced is theirs now and is left alone. The content is overwritten before unlinking
 * so the plain bytes do not linger in the freed blocks of simple filesystems (best effort on SSDs/CoW).
 */
export async function removeIfUnchanged(file: string, expectedHash: string | null): Promise<RemoveOutcome> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: false, reason: 'missing' };
    throw error;
  }
  if (stat.isFIFO()) {
    // A mount's pipe holds no data at rest; its server is gone, so only the name is left to remove.
    await fs.rm(file, { force: true });
    return { removed: true };
  }
  if (!stat.isFile()) return { removed: false, reason: 'not-a-file' };
  const content = await fs.readFile(file);
  if (expectedHash !== null && sha256(content) !== expectedHash) return { removed: false, reason: 'changed' };
  const handle = await fs.open(file, 'r+');
  try {
    await handle.write(Buffer.alloc(content.length), 0, content.length, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rm(file, { force: true });
  return { removed: true };
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
