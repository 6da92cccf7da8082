import { toAppError } from '../errors';
import { printErrorShape, printJson, printValue, terminalSafe, type Io } from './print';

// The printing itself lives in print.ts (no zod: the thin CLI prints with it too); this adds what needs
// an AppError.
export { printJson, printValue, terminalSafe, type Io };

/** Errors print as `error[CODE]: message` plus a hint line; the exit code says failure. Never a stack. */
export function printError(io: Io, error: unknown, json: boolean): number {
  return printErrorShape(io, toAppError(error).toShape(), json);
}
