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

/**
 * What the user can do next, as data: the CLI renders it as a command (`latchkey login acme-vault`), the app
 * as a button. Services set it instead of writing CLI wording into `hint` (STYLE.md habit 15). `hint` stays
 * for words that are not an action ("Ask an operator to unseal it").
 */
export const NextStep = z.discriminatedUnion('action', [
  /** `via`: how to sign in again when it is not the backend's configured method (an Infisical user session). */
  z.object({ action: z.literal('login'), backend: z.string(), via: z.enum(['browser', 'password']).optional(), email: z.string().optional() }),
  z.object({ action: z.literal('profile-import') }),
  z.object({ action: z.literal('backends-add') }),
  z.object({ action: z.literal('doctor') }),
  z.object({ action: z.literal('init-passphrase-store') }),
  z.object({ action: z.literal('list-envs') }),
  z.object({ action: z.literal('describe'), ref: z.string() }),
  z.object({ action: z.literal('list-exports') }),
  z.object({ action: z.literal('extend-export'), id: z.string() }),
  z.object({ action: z.literal('revoke-export'), id: z.string() }),
  /** Run the command with the environment's secrets injected: nothing on disk (a value a file format cannot hold). */
  z.object({ action: z.literal('run'), ref: z.string() }),
  /** A file Latchkey did not write is in the way: only the CLI replaces it, on purpose (the app offers no replacing). */
  z.object({ action: z.literal('replace-file'), path: z.string() }),
  z.object({ action: z.literal('request-access'), ref: z.string() }),
  z.object({ action: z.literal('list-requests') }),
  /** Approve again, confirming the requesting device's fingerprint (read aloud with the requester). */
  z.object({ action: z.literal('approve-device'), id: z.string(), fingerprint: z.string() }),
  z.object({ action: z.literal('admin-setup'), backend: z.string() }),
  z.object({ action: z.literal('add-gitignore'), path: z.string(), line: z.string() }),
  z.object({ action: z.literal('accept-changes'), backend: z.string() }),
  /** A backend of that name exists: replace it on purpose (or pick another name). */
  z.object({ action: z.literal('replace-backend'), backend: z.string() }),
  /** Plain http:// to another machine: allowed per backend, on purpose (the app: a checkbox with the risk spelled out). */
  z.object({ action: z.literal('allow-insecure-http'), backend: z.string() }),
  z.object({ action: z.literal('retry') }),
  /** Pick the team profile role whose environments you need (the day-one checklist is per role). */
  z.object({ action: z.literal('choose-role') }),
  /** AWS IAM Identity Center: the SSO session behind the credential chain expired; the AWS CLI renews it. */
  z.object({ action: z.literal('aws-sso-login'), profile: z.string().optional() }),
]);
export type NextStep = z.infer<typeof NextStep>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
  next: NextStep.optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/**
 * An error meant for people: `message` says what happened, `hint` what to do next.
 * Never put a token, a secret value or a stack trace in either.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly next: NextStep | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown; next?: NextStep }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.next = options?.next;
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.next === undefined ? {} : { next: this.next }),
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
