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
  /** Called with the pipe's device and inode once it exists, before anyone is served (the ledger records them). */
  onPipe?: (inode: { dev: number; ino: number }) => Promise<void>;
}

export type FifoEnd = { reads: number; reason: 'expired' | 'max-reads' | 'stopped' };

/**
 * Serves text through a named pipe at `path` while the grant lives: tools that insist on reading a `.env`
 * file get one, yet the secrets never rest on disk. Each open-for-read gets the whole text once.
 */
export async function serveFifo(options: FifoServeOptions): Promise<FifoEnd> {
  if (process.platform === 'win32') {
    throw new AppError('BAD_REQUEST', 'Mounting through a named pipe needs macOS or Linux.', 'Inject the secrets into the command instead: no file at all.');
  }
  const pipe = await makeFifo(options.path);
  try {
    await options.onPipe?.({ dev: pipe.dev, ino: pipe.ino });
  } catch (error) {
    await removeOurPipe(pipe);
    throw error;
  }
  let reads = 0;
  let stopping: FifoEnd['reason'] | null = null;
  const stop = (reason: FifoEnd['reason']) => {
    stopping ??= reason;
  };
  const timer = setTimeout(() => stop('expired'), Math.max(0, options.expiresAt - Date.now()));
  const onAbort = () => stop('stopped');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  try {
    while (!stopping) {
      const handle = await openWhenReaderWaits(pipe, () => stopping !== null);
      if (!handle) {
        // Stopped, or the pipe was removed under us (`revoke`/the sweeper): nobody can reach it any more.
        stop('stopped');
        break;
      }
      try {
        if (stopping) break; // expired or revoked while the reader arrived: it gets EOF, not the secrets
        const text = await options.content();
        await writeAll(handle, Buffer.from(text), () => stopping !== null).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error; // a reader that leaves early is not our problem
        });
        reads += 1;
        options.onRead?.(reads);
        if (options.maxReads !== undefined && reads >= options.maxReads) stop('max-reads');
      } finally {
        await handle.close();
      }
      // Give the reader a moment to see EOF before the next writer open could be matched to it again.
      await sleep(50);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await removeOurPipe(pipe);
  }
  return { reads, reason: stopping ?? 'stopped' };
}

/** How often a waiting server looks for a reader; a reader's blocking open() waits at most this long. */
const READER_POLL_MS = 25;

interface OurPipe {
  path: string;
  dev: number;
  ino: number;
}

/**
 * Opens the write end only once a reader is waiting, never blocking: a blocking open() would park a libuv
 * threadpool thread until a reader comes, and if the pipe is unlinked meanwhile (revoke removes it right
 * after signalling us) nothing can ever wake that thread — and even process.exit() then hangs, because
 * libuv joins its threads at exit. With O_NONBLOCK the open fails at once (ENXIO) while no reader is there,
 * so we poll, and a stop or a removed pipe ends the wait within one interval.
 * Returns undefined when stopped or when `path` is no longer our pipe.
 */
async function openWhenReaderWaits(pipe: OurPipe, stopped: () => boolean): Promise<fs.FileHandle | undefined> {
  while (!stopped()) {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(pipe.path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') return undefined; // ENOENT/ELOOP/…: not ours any more
      await sleep(READER_POLL_MS);
      continue;
    }
    // Something else may have taken the name since we made the pipe; never write the secrets into it.
    const stat = await handle.stat().catch(() => undefined);
    if (!stat?.isFIFO() || stat.dev !== pipe.dev || stat.ino !== pipe.ino) {
      await handle.close();
      return undefined;
    }
    return handle;
  }
  return undefined;
}

/** The write end is non-blocking, so text larger than the pipe buffer goes in pieces as the reader drains it. */
async function writeAll(handle: fs.FileHandle, data: Buffer, stopped: () => boolean): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += (await handle.write(data, offset, data.length - offset)).bytesWritten;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      if (stopped()) return; // a reader that stopped draining must not hold up a stop
      await sleep(5);
    }
  }
}

/** Removes the pipe only if the name still points at the one we made (revoke may already have removed it). */
async function removeOurPipe(pipe: OurPipe): Promise<void> {
  const stat = await fs.lstat(pipe.path).catch(() => undefined);
  if (stat?.isFIFO() && stat.dev === pipe.dev && stat.ino === pipe.ino) await fs.rm(pipe.path, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function makeFifo(file: string): Promise<OurPipe> {
  try {
    await fs.lstat(file);
    throw new AppError('CONFLICT', `${file} already exists.`, 'Choose another path, or remove the file first.');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await exec('mkfifo', ['-m', '600', file]);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as { stderr?: string }).stderr?.trim();
    throw new AppError('INTERNAL', `Could not create a named pipe at ${file}${why ? ` (${why})` : ''}.`, 'Check that the folder exists and is writable.');
  }
  const stat = await fs.lstat(file);
  return { path: file, dev: stat.dev, ino: stat.ino };
}
