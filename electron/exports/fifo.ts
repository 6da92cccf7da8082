import { execFile } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

const exec = promisify(execFile);

export interface FifoServeOptions {
  path: string;
  /** Produced at each read, so a reader always gets the current grant's text. */
  content: () => string | Promise<string>;
  expiresAt: number;
  maxReads?: number;
  signal?: AbortSignal;
  onRead?: (count: number) => void;
}

export type FifoEnd = { reads: number; reason: 'expired' | 'max-reads' | 'stopped' };

/**
 * Serves text through a named pipe at `path` while the grant lives: tools that insist on reading a `.env`
 * file get one, yet the secrets never rest on disk. Each open-for-read gets the whole text once.
 */
export async function serveFifo(options: FifoServeOptions): Promise<FifoEnd> {
  if (process.platform === 'win32') {
    throw new AppError('BAD_REQUEST', 'Mounting through a named pipe needs macOS or Linux.', 'Use `latchkey run` instead.');
  }
  await makeFifo(options.path);
  let reads = 0;
  let stopping: FifoEnd['reason'] | null = null;
  const stop = (reason: FifoEnd['reason']) => {
    if (stopping) return;
    stopping = reason;
    void releaseBlockedWriter(options.path);
  };
  const timer = setTimeout(() => stop('expired'), Math.max(0, options.expiresAt - Date.now()));
  const onAbort = () => stop('stopped');
  options.signal?.addEventListener('abort', onAbort);
  try {
    while (!stopping) {
      // Blocks until a reader opens the pipe (or we open it ourselves to wake up at the end).
      const handle = await fs.open(options.path, constants.O_WRONLY);
      try {
        if (stopping) break;
        const text = await options.content();
        await handle.write(text).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error; // a reader that leaves early is not our problem
        });
        reads += 1;
        options.onRead?.(reads);
        if (options.maxReads !== undefined && reads >= options.maxReads) stop('max-reads');
      } finally {
        await handle.close();
      }
      // Give the reader a moment to see EOF before the next writer open could be matched to it again.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await fs.rm(options.path, { force: true });
  }
  return { reads, reason: stopping ?? 'stopped' };
}

async function makeFifo(file: string): Promise<void> {
  try {
    await fs.lstat(file);
    throw new AppError('CONFLICT', `${file} already exists.`, 'Choose another path, or remove the file first.');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await exec('mkfifo', ['-m', '600', file]);
  } catch {
    throw new AppError('INTERNAL', `Could not create a named pipe at ${file}.`, 'Check that the folder exists and is writable.');
  }
}

/** Opening the read end ourselves lets a writer blocked in open() continue, see `stopping` and exit. */
async function releaseBlockedWriter(file: string): Promise<void> {
  try {
    const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    setTimeout(() => void handle.close(), 200);
  } catch {
    // The pipe is already gone: nothing is blocked on it.
  }
}
