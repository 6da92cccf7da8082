import { constants, promises as fs } from 'node:fs';
import { sha256 } from '../util/hash';

/** What the sweeper knows about the thing at an export's path: what it put there. */
export interface Written {
  kind: 'file' | 'mount';
  path: string;
  /** sha256 of the bytes we wrote (files); null when nothing was ever put in place. */
  contentHash: string | null;
  /** Another hash that is ours too: a rewrite (extend) whose writer died around its rename. */
  alsoOurs?: string | null;
  /** Device and inode of what we put there, when known. */
  inode?: { dev: number; ino: number };
}

export type RemoveOutcome =
  | { removed: true; hardLinked?: boolean }
  | { removed: false; reason: 'missing' | 'changed' | 'not-ours' | 'never-written' };

/**
 * Removes what an export put at its path, and nothing else: a file only while it is still the very file
 * we wrote (same inode, same bytes), a mount's pipe only while it is our pipe. Anything the user put there
 * since — an edited file, a copy, a FIFO, a folder — is theirs and is left alone. A file's bytes are
 * overwritten before it is unlinked, so they do not linger in freed blocks of simple filesystems (best
 * effort on SSDs and copy-on-write filesystems) — unless the file has another name (a user's hard link):
 * then only our name goes, and the other keeps its content.
 */
export async function removeWritten(written: Written): Promise<RemoveOutcome> {
  const stat = await fs.lstat(written.path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (written.kind === 'mount') {
    if (stat === undefined) return { removed: false, reason: 'missing' };
    // A pipe holds nothing at rest; once its server is gone only the name is left to remove.
    if (!stat.isFIFO() || !sameInode(stat, written.inode)) return { removed: false, reason: 'not-ours' };
    await fs.rm(written.path, { force: true });
    return { removed: true };
  }
  if (written.contentHash === null) return { removed: false, reason: 'never-written' };
  if (stat === undefined) return { removed: false, reason: 'missing' };
  if (!stat.isFile() || !sameInode(stat, written.inode)) return { removed: false, reason: 'not-ours' };
  // Read through a handle that cannot follow a link or block on a pipe swapped in since the lstat.
  const handle = await fs.open(written.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  let content: Buffer;
  let opened;
  try {
    opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) return { removed: false, reason: 'not-ours' };
    content = await handle.readFile();
  } finally {
    await handle.close();
  }
  const hash = sha256(content);
  if (hash !== written.contentHash && hash !== written.alsoOurs && !interruptedShred(written, content)) return { removed: false, reason: 'changed' };
  if (opened.nlink > 1) {
    await fs.rm(written.path, { force: true });
    return { removed: true, hardLinked: true };
  }
  await overwrite(written.path, content.length).catch(() => undefined); // a file made read-only since: still unlinked
  await fs.rm(written.path, { force: true });
  return { removed: true };
}

/** Zeroes the first `size` bytes of `file` and flushes them to disk. */
export async function overwrite(file: string, size: number): Promise<void> {
  const handle = await fs.open(file, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * An export never begins with a NUL byte (every format refuses NUL), so our own file — same inode — that
 * does was being zeroed by a removal a kill interrupted before the unlink: it is still ours to finish.
 */
function interruptedShred(written: Written, content: Buffer): boolean {
  return written.inode !== undefined && content.length > 0 && content[0] === 0;
}

function sameInode(stat: { dev: number; ino: number }, inode: Written['inode']): boolean {
  return inode === undefined || (stat.dev === inode.dev && stat.ino === inode.ino);
}

/** In words for the person, when something was left in place (or only unlinked); undefined when all went. */
export function describeOutcome(file: string, outcome: RemoveOutcome): string | undefined {
  if (outcome.removed) {
    return outcome.hardLinked
      ? `${file} had another name (a hard link), so Latchkey removed only ${file} and did not overwrite the content the other name still holds; delete that too if it should go`
      : undefined;
  }
  switch (outcome.reason) {
    case 'missing':
      return `${file} was already gone (moved or deleted); nothing to remove`;
    case 'changed':
      return `${file} was edited after export, so Latchkey left it in place; delete it yourself if it still holds secrets`;
    case 'not-ours':
      return `${file} is not the file Latchkey wrote (it was replaced, or is not a regular file), so Latchkey left it in place`;
    case 'never-written':
      return `the export was interrupted before ${file} was written; nothing to remove`;
  }
}
