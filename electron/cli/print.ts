import type { AppErrorShape, ErrorCode } from '../../shared/errors';
import { nextStepLine } from './next-step';

// Printing without zod: the thin CLI (electron/cli/thin/) prints agent answers with these, the full CLI
// with the same functions, so both paths write the same bytes. Type imports only from shared/.

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `--json` answers are one JSON document on stdout, nothing else. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** `error[CODE]: message`, a hint line and the next step as a command; returns the exit code. Never a stack. */
export function printErrorShape(io: Io, error: AppErrorShape, json: boolean): number {
  if (json) {
    printJson(io, { ok: false, error });
  } else {
    io.stderr.write(`error[${error.code}]: ${error.message}\n`);
    if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
    const step = error.next && nextStepLine(error.next);
    if (step) io.stderr.write(`  ${step}\n`);
  }
  return exitCodeForCode(error.code);
}

/** Distinct exit codes let scripts tell "fix your input" from "sign in" from "try later". */
export function exitCodeForCode(code: ErrorCode): number {
  switch (code) {
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
