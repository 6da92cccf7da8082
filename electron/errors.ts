import { AppError, isAppError } from '../shared/errors';
import { UNEXPECTED_ERROR } from './unexpected-error';

/**
 * Turns anything thrown into an AppError fit for people. Unknown errors become INTERNAL with a generic
 * message: their text may carry a token, a value or a path we did not mean to show.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError(UNEXPECTED_ERROR.code, UNEXPECTED_ERROR.message, UNEXPECTED_ERROR.hint, { cause: error, next: UNEXPECTED_ERROR.next });
}
