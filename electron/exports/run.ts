import { AppError } from '../../shared/errors';
import { ChildStartError, spawnChild, type ChildOptions } from './spawn-child';

export type RunOptions = ChildOptions;

/**
 * Linux refuses any one environment string (`KEY=value` and its NUL) longer than MAX_ARG_STRLEN, 32 pages
 * of 4 KiB, with E2BIG. Other systems only cap the whole environment (spawn-child.ts says so when it is hit).
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
 * Runs a command with secrets in its environment and returns its exit code (see spawnChild: inherited
 * stdio, forwarded signals, 128 + signal for a killed child). A child that cannot start is an AppError.
 */
export async function runWithSecrets(options: RunOptions): Promise<number> {
  try {
    return await spawnChild(options);
  } catch (error) {
    if (!(error instanceof ChildStartError)) throw error;
    throw new AppError(error.shape.code, error.shape.message, error.shape.hint);
  }
}
