import { AppError } from '../../../shared/errors';
import type { HttpResponse } from '../http';

/** Enough context to write a message a person can act on. Never holds a token. */
export interface VaultErrorContext {
  backend: string;
  url: string;
  /** The Vault path the request was about (`secret/data/payments/staging`), shown to people. */
  path: string;
  /** For a 403: whether lookup-self says our token itself is dead (vs. a policy that does not allow the path). */
  tokenInvalid?: boolean;
  /** Login requests: a 400 means the credentials were wrong. */
  login?: boolean;
  /** The environment the request was for, when there is one: a 403 suggests asking for access to it. */
  ref?: string;
}

/** What the person does after a refused or missing session: sign in again (the face renders the action). */
export const signInAgain = (backend: string) => ({ next: { action: 'login' as const, backend } });

/** The server's own error strings (`{"errors":["…"]}`), joined; empty when it gave none. */
export function vaultErrorText(body: unknown): string {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string').join('; ') : '';
}

export function isSealedResponse(status: number, body: unknown): boolean {
  return status === 503 && /sealed/i.test(vaultErrorText(body));
}

/** A 403 whose text already says the token is dead (Vault ≥1.x says "invalid token"; OpenBao does not). */
export function saysInvalidToken(body: unknown): boolean {
  return /invalid token|bad token|token is expired|token not found/i.test(vaultErrorText(body));
}

/** Maps a non-2xx Vault answer to an AppError. Messages are passed through the redactor by the caller. */
export function vaultError(res: HttpResponse, ctx: VaultErrorContext): AppError {
  const { backend, url, path } = ctx;
  const server = `Vault at ${url}`;
  const text = vaultErrorText(res.body);
  switch (true) {
    case ctx.login && (res.status === 400 || res.status === 401) && /invalid username or password|invalid credentials/i.test(text):
      return new AppError('UNAUTHENTICATED', `Wrong username or password for ${backend}.`, 'Check them and sign in again.');
    case res.status === 401 || (res.status === 403 && (ctx.tokenInvalid === true || saysInvalidToken(res.body))):
      return new AppError('UNAUTHENTICATED', `Your session with ${backend} (${server}) is no longer valid.`, 'Sign in again.', signInAgain(backend));
    case res.status === 403:
      return new AppError(
        'FORBIDDEN',
        `Your ${backend} account lacks access to ${path}.`,
        'Request access to the environment, or ask the team lead.',
        ctx.ref ? { next: { action: 'request-access', ref: ctx.ref } } : undefined,
      );
    case res.status === 404:
      return new AppError('NOT_FOUND', `${backend} has nothing at ${path} (${server}).`, 'Check the path in the team profile, or ask whoever owns it whether it moved.');
    case isSealedResponse(res.status, res.body):
      return new AppError('SEALED', `${server} is sealed.`, 'Ask an operator to unseal it, then retry.');
    case res.status === 429: {
      const wait = res.retryAfterMs === null ? 'a moment' : `${Math.ceil(res.retryAfterMs / 1000)} s`;
      return new AppError('RATE_LIMITED', `${backend} (${server}) is rate limiting requests; it asked us to wait ${wait}.`, `Wait ${wait}, then retry.`);
    }
    case res.status === 400:
      return new AppError('BAD_REQUEST', `${backend} (${server}) rejected the request for ${path}${text ? `: ${text}` : ''}.`, 'Check the backend configuration in the team profile.');
    case res.status >= 500:
      return new AppError('BACKEND_UNAVAILABLE', `${backend} (${server}) failed with HTTP ${res.status} for ${path}.`, 'Retry later; if it persists, tell whoever runs the server.');
    default:
      return new AppError('BACKEND_UNAVAILABLE', `${backend} (${server}) answered HTTP ${res.status} for ${path}.`, 'Retry later; if it persists, tell whoever runs the server.');
  }
}
