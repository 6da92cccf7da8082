import { promises as fs } from 'node:fs';
import net from 'node:net';
import { AppError } from '../../shared/errors';

/**
 * The socket's directory must be ours alone: created 0700, not a link, owned by us (a directory someone
 * else made in a shared place is refused), narrowed back to 0700 if it was opened up. With the 0600
 * socket and the token, this is how the agent keeps other users out: Node cannot ask a Unix socket who
 * its peer is (no SO_PEERCRED).
 */
export async function ensurePrivateSocketDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.lstat(dir);
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new AppError('UNSAFE_TARGET', `${dir} is not a plain directory, so the Latchkey agent will not put its socket there.`, 'Remove it; Latchkey creates it again.');
  }
  if (process.getuid && stat.uid !== process.getuid()) {
    throw new AppError('UNSAFE_TARGET', `${dir} belongs to another user, so the Latchkey agent will not put its socket there.`, 'Remove it or set XDG_RUNTIME_DIR to a directory of your own.');
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/** `live`: something accepts connections there. `stale`: a socket file nobody listens on (a crash). */
export function probeSocket(socket: string): Promise<'live' | 'stale' | 'absent'> {
  return new Promise((resolve) => {
    const s = net.createConnection(socket);
    s.once('connect', () => {
      s.destroy();
      resolve('live');
    });
    s.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? 'absent' : 'stale'));
  });
}
