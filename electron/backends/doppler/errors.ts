import { AppError } from '../../../shared/errors';
import type { HttpResponse } from '../http';

/** Doppler's error body is `{"messages":["…"],"success":false}`; clients join the messages. */
export function dopplerMessages(body: unknown): string {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? messages.filter((m): m is string => typeof m === 'string').join('; ') : '';
}

/** Words and the action for a missing or refused Doppler token. */
export const dopplerSignIn = (backend: string) => ['Sign in with a valid Doppler personal or service-account token.', { next: { action: 'login' as const, backend } }] as const;

/** Seconds until we may retry: Retry-After first, then the x-ratelimit-reset timestamp. Null when unknown. */
export function waitSeconds(res: HttpResponse, now = Date.now()): number | null {
  if (res.retryAfterMs !== null) return Math.max(1, Math.ceil(res.retryAfterMs / 1000));
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(1, Math.ceil(reset - now / 1000)) : null;
}

/**
 * Maps a non-2xx Doppler answer to an AppError. `what` names the thing asked for (`backend/dev`), never a
 * token; the server's own text is included only where it helps and always goes through `redact`.
 */
export function dopplerError(res: HttpResponse, ctx: { backend: string; url: string; what: string; redact: (text: string) => string }): AppError {
  const { backend, url, what } = ctx;
  const server = `Doppler at ${url}`;
  const text = ctx.redact(dopplerMessages(res.body));
  const said = text ? ` (Doppler said: ${text})` : '';
  if (res.status === 401) {
    return new AppError('UNAUTHENTICATED', `${backend} (${server}) no longer accepts the saved token: it was revoked, expired or mistyped.`, ...dopplerSignIn(backend));
  }
  if (res.status === 403) {
    return new AppError('FORBIDDEN', `Your ${backend} token may not access ${what}${said}.`, 'Ask a Doppler workplace admin for access to that project and environment, or sign in with a token that has it.');
  }
  if (res.status === 404) {
    return new AppError('NOT_FOUND', `${backend} (${server}) has no ${what}, or your token cannot see it${said}.`, 'Check the project and config names in the team profile.');
  }
  if (res.status === 429) {
    const seconds = waitSeconds(res);
    const wait = seconds === null ? 'a moment' : `${seconds} s`;
    return new AppError('RATE_LIMITED', `${backend} (${server}) is rate limiting requests; it asked us to wait ${wait}.`, `Wait ${wait}, then retry.`);
  }
  if (res.status === 400) {
    return new AppError('BAD_REQUEST', `${backend} (${server}) rejected the request for ${what}${said}.`, 'Check the backend configuration in the team profile.');
  }
  return new AppError(
    'BACKEND_UNAVAILABLE',
    `${backend} (${server}) ${res.status >= 500 ? 'failed' : 'answered'} with HTTP ${res.status} for ${what}.`,
    'Retry later; if it persists, check https://status.doppler.com or your proxy.',
  );
}
