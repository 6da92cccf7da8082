import { z } from 'zod';

/**
 * The closed set of error codes that may cross the IPC bridge or leave the CLI.
 * Adding a code is a deliberate change: the renderer and the CLI switch on these.
 */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'BACKEND_UNAVAILABLE',
  'SEALED',
  'KEYCHAIN_UNAVAILABLE',
  'UNSAFE_TARGET',
  'EXPIRED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/**
 * An error meant for people: `message` says what happened, `hint` what to do next.
 * Never put a token, a secret value or a stack trace in either.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
  }

  toShape(): AppErrorShape {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
