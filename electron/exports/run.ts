import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { AppError } from '../../shared/errors';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

export interface RunOptions {
  command: string;
  args: string[];
  /** Secrets to inject. They reach the child's environment only: never argv, never disk. */
  values: Record<string, string>;
  baseEnv?: NodeJS.ProcessEnv;
  /** Epoch ms at which the command is stopped (SIGTERM): the end of the access grant it runs with. */
  endsAt?: number;
}

/**
 * Linux refuses any one environment string (`KEY=value` and its NUL) longer than MAX_ARG_STRLEN, 32 pages
 * of 4 KiB, with E2BIG. Other systems only cap the whole environment (see the E2BIG case below).
 */
const MAX_ENV_STRING = 32 * 4096;

/**
 * Checks that every value can go into an environment before anything is audited or started: a NUL ends a
 * C string (no environment can hold one), and Linux caps each variable. Names the key, never the value.
 */
export function checkInjectable(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value.includes('\0')) {
      throw new AppError('BAD_REQUEST', `Cannot inject ${key}: its value contains a NUL character, which no environment variable can hold. Nothing was run.`,
        'Leave the key out, or export it to a json file instead.');
    }
    const bytes = Buffer.byteLength(key) + 1 + Buffer.byteLength(value) + 1;
    if (process.platform === 'linux' && bytes > MAX_ENV_STRING) {
      throw new AppError('BAD_REQUEST', `Cannot inject ${key}: its value is ${formatBytes(bytes)}, and Linux refuses any one environment variable over 128 KiB (E2BIG). Nothing was run.`,
        'Leave the key out, or export it to a file instead.');
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * Runs a command with secrets in its environment and returns its exit code: stdin/stdout/stderr are the
 * child's own (inherited), signals sent to us are passed on, and a child killed by a signal yields
 * 128 + signal number, as a shell would report it.
 */
export function runWithSecrets(options: RunOptions): Promise<number> {
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
      reject(startFailure(options.command, error));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function startFailure(command: string, error: NodeJS.ErrnoException): AppError {
  switch (error.code) {
    case 'ENOENT':
      return new AppError('BAD_REQUEST', `Command not found: ${command}.`, 'Check the name, or give its full path.');
    case 'E2BIG':
      return new AppError('BAD_REQUEST', `Could not start ${command}: its arguments and environment together are larger than the system allows (E2BIG).`,
        'Inject fewer keys, or export the large ones to a file instead.');
    default:
      return new AppError('INTERNAL', `Could not start ${command} (${error.code ?? 'unknown error'}).`);
  }
}
