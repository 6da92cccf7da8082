import { AppError } from '../../shared/errors';
import { toAppError } from '../errors';
import { nextStepLine } from './next-step';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/** `--json` answers are one JSON document on stdout, nothing else. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Errors print as `error[CODE]: message` plus a hint line; the exit code says failure. Never a stack. */
export function printError(io: Io, error: unknown, json: boolean): number {
  const appError: AppError = toAppError(error);
  if (json) {
    printJson(io, { ok: false, error: appError.toShape() });
  } else {
    io.stderr.write(`error[${appError.code}]: ${appError.message}\n`);
    if (appError.hint) io.stderr.write(`  hint: ${appError.hint}\n`);
    const step = appError.next && nextStepLine(appError.next);
    if (step) io.stderr.write(`  ${step}\n`);
  }
  return exitCodeFor(appError);
}

/** Distinct exit codes let scripts tell "fix your input" from "sign in" from "try later". */
export function exitCodeFor(error: AppError): number {
  switch (error.code) {
    case 'BAD_REQUEST':
    case 'UNSAFE_TARGET':
      return 2;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'EXPIRED':
      return 3;
    case 'NOT_FOUND':
    case 'CONFLICT':
      return 4;
    case 'RATE_LIMITED':
    case 'BACKEND_UNAVAILABLE':
    case 'SEALED':
    case 'KEYCHAIN_UNAVAILABLE':
      return 5;
    case 'INTERNAL':
      return 1;
  }
}
