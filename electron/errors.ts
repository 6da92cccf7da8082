import { AppError, isAppError } from '../shared/errors';

/**
 * Turns anything thrown into an AppError fit for people. Unknown errors become INTERNAL with a generic
 * message: their text may carry a token, a value or a path we did not mean to show.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError(
    'INTERNAL',
    'Latchkey hit an unexpected error and did not finish this action. Nothing was written.',
    'Check your setup and try again; if it persists, report it with the audit log (it holds no secrets).',
    { cause: error, next: { action: 'doctor' } },
  );
}
