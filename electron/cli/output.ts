import type { AppError } from '../../shared/errors';
import { toAppError } from '../errors';
import { exitCodeForCode, printErrorShape, printJson, type Io } from './print';

export { printJson, type Io };

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/** Errors print as `error[CODE]: message` plus a hint line; the exit code says failure. Never a stack. */
export function printError(io: Io, error: unknown, json: boolean): number {
  return printErrorShape(io, toAppError(error).toShape(), json);
}

/** Distinct exit codes let scripts tell "fix your input" from "sign in" from "try later". */
export function exitCodeFor(error: AppError): number {
  return exitCodeForCode(error.code);
}
