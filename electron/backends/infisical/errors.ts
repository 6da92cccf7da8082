import { AppError, type NextStep } from '../../../shared/errors';
import type { HttpClient, HttpResponse } from '../http';

/** Enough context for a message a person can act on. Never holds a token. */
export interface InfisicalErrorContext {
  backend: string;
  url: string;
  /** What the request was about, shown to people (`payments/prod`, `sign-in`). */
  what: string;
  login?: boolean;
  /** How this session signed in, so "sign in again" names the same way (a user session: browser or password). */
  relogin?: NextStep;
}

/** The next step after a dead or missing session: sign in again (the same way, when we know it). */
export const loginAgain = (backend: string, relogin?: NextStep): NextStep => relogin ?? { action: 'login', backend };

/** Infisical's error body: `{reqId, statusCode, message, error}`; `message` is an array of issues on 422. */
export function serverText(body: unknown): { error: string; message: string; reqId: string | null } {
  const b = (body ?? {}) as { error?: unknown; message?: unknown; reqId?: unknown };
  const message = Array.isArray(b.message)
    ? b.message.map((i) => (i as { message?: string; path?: unknown[] }).path?.join('.') + ': ' + (i as { message?: string }).message).join('; ')
    : typeof b.message === 'string'
      ? b.message
      : '';
  return { error: typeof b.error === 'string' ? b.error : '', message, reqId: typeof b.reqId === 'string' ? b.reqId : null };
}

/**
 * A dead or unusable token: 401, the 403 `TokenError` the error handler sends for an expired/malformed JWT, or the
 * 404 "Session not found" a user token gets once its session was logged out (`fnValidateJwtIdentity`).
 */
export function isAuthFailure(res: HttpResponse): boolean {
  const { error } = serverText(res.body);
  return res.status === 401 || (res.status === 403 && error === 'TokenError') || (res.status === 404 && error === 'Session not found');
}

/** {@link infisicalError} for an answer `http` got, its message passed through that client's redactor. */
export function infisicalFailure(http: HttpClient, res: HttpResponse, what: string, extra: Pick<InfisicalErrorContext, 'login' | 'relogin'> = {}): AppError {
  const error = infisicalError(res, { backend: http.backend, url: http.baseUrl, what, ...extra });
  return new AppError(error.code, http.redact(error.message), error.hint, { next: error.next });
}

/** Maps a non-2xx Infisical answer to an AppError. Callers pass the message through the redactor ({@link infisicalFailure}). */
export function infisicalError(res: HttpResponse, ctx: InfisicalErrorContext): AppError {
  const { backend, url, what } = ctx;
  const server = `Infisical at ${url}`;
  const text = serverText(res.body);
  const ref = text.reqId ? ` (request ${text.reqId})` : '';
  if (ctx.login && (res.status === 401 || res.status === 404)) {
    const locked = /temporarily locked/i.test(text.message);
    return new AppError(
      'UNAUTHENTICATED',
      locked ? `${backend} (${server}) has locked sign-in for this identity after failed attempts.` : `${backend} (${server}) rejected the client id or client secret.`,
      locked ? 'Wait a few minutes, then sign in again with the right client secret.' : 'Check the machine identity\'s client id and secret, then sign in again.',
    );
  }
  if (isAuthFailure(res)) {
    return new AppError('UNAUTHENTICATED', `Your session with ${backend} (${server}) is no longer valid.`, 'Sign in again.', { next: loginAgain(backend, ctx.relogin) });
  }
  switch (true) {
    case res.status === 403:
      return new AppError('FORBIDDEN', `Your ${backend} identity may not read ${what}${ref}.`, 'Ask a project admin for access, or request it.');
    case res.status === 404:
      return new AppError('NOT_FOUND', `${backend} has nothing at ${what}${text.message ? `: ${text.message}` : ''}${ref}.`, 'Check the project and environment in the team profile.');
    case res.status === 429: {
      const wait = res.retryAfterMs === null ? 'a moment' : `${Math.ceil(res.retryAfterMs / 1000)} s`;
      return new AppError('RATE_LIMITED', `${backend} (${server}) is rate limiting requests; it asked us to wait ${wait}.`, `Wait ${wait}, then retry.`);
    }
    case res.status === 400 || res.status === 422:
      return new AppError('BAD_REQUEST', `${backend} (${server}) rejected the request for ${what}${text.message ? `: ${text.message}` : ''}${ref}.`, 'Check the backend configuration in the team profile.');
    case res.status >= 500:
      return new AppError('BACKEND_UNAVAILABLE', `${backend} (${server}) failed with HTTP ${res.status} for ${what}${ref}.`, 'Retry later; if it persists, tell whoever runs the server.');
    default:
      return new AppError('BACKEND_UNAVAILABLE', `${backend} (${server}) answered HTTP ${res.status} for ${what}${ref}.`, 'Retry later; if it persists, tell whoever runs the server.');
  }
}
