import { constants } from 'node:os';
import type { AppErrorShape } from '../../shared/errors';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

export interface ChildOptions {
  command: string;
  args: string[];
  /** Secrets to inject. They reach the child's environment only: never argv, never disk. */
  values: Record<string, string>;
  baseEnv?: NodeJS.ProcessEnv;
  /** Epoch ms at which the command is stopped (SIGTERM): the end of the access grant it runs with. */
  endsAt?: number;
}

/** The child could not start; `shape` is the error for people (kept as data: this file loads no zod). */
export class ChildStartError extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.message);
  }
}

/**
 * Runs a command with secrets in its environment and returns its exit code: stdin/stdout/stderr are the
 * child's own (inherited), signals sent to us are passed on, and a child killed by a signal yields
 * 128 + signal number, as a shell would report it. Used in-process (run.ts) and by the thin CLI with the
 * values the agent handed it.
 */
export async function spawnChild(options: ChildOptions): Promise<number> {
  // Loaded on use: the thin CLI imports this file for `run` only, and node:child_process costs start-up time.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      env: { ...(options.baseEnv ?? process.env), ...options.values },
      stdio: 'inherit',
    });
    const forward = (signal: NodeJS.Signals) => () => {
      child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const deadline = options.endsAt === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), Math.max(0, options.endsAt - Date.now()));
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      clearTimeout(deadline);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(new ChildStartError(startFailure(options.command, error)));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function startFailure(command: string, error: NodeJS.ErrnoException): AppErrorShape {
  switch (error.code) {
    case 'ENOENT':
      return { code: 'BAD_REQUEST', message: `Command not found: ${command}.`, hint: 'Check the name, or give its full path.' };
    case 'E2BIG':
      return { code: 'BAD_REQUEST', message: `Could not start ${command}: its arguments and environment together are larger than the system allows (E2BIG).`,
        hint: 'Inject fewer keys, or export the large ones to a file instead.' };
    default:
      return { code: 'INTERNAL', message: `Could not start ${command} (${error.code ?? 'unknown error'}).` };
  }
}
