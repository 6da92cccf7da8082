import { AppError } from '../../shared/errors';

/**
 * A token pasted at sign-in that the server refused, said as such: not "your session is no longer valid",
 * since there was no session yet. Any other error comes back as it is, to be thrown.
 */
export function refusedAtSignIn(error: unknown, at: { backend: string; server: string; token: string; hint: string }): unknown {
  if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED') return error;
  return new AppError('UNAUTHENTICATED', `${at.backend} (${at.server}) refused the ${at.token}: it is wrong, expired or revoked.`, at.hint, {
    next: { action: 'login', backend: at.backend },
  });
}
