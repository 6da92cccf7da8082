import { AppError } from '../../../shared/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../http';
import { isSealedResponse, saysInvalidToken, vaultError } from './errors';
import type { VaultSession } from './session';

export interface VaultCall extends Omit<HttpRequest, 'path'> {
  /** Vault path without `/v1/`, e.g. `secret/data/payments/staging`. */
  path: string;
  /** Send this token instead of the session's (login checks). `null`: unauthenticated endpoint. */
  token?: string | null;
  /** Answer 404 instead of throwing NOT_FOUND (LIST of an empty folder, reads that may miss). */
  allow404?: boolean;
  /** A login request: 400 means wrong credentials. */
  login?: boolean;
  /** Skip the renew-on-use check (the renewal itself, logout). */
  skipRenew?: boolean;
  /** The environment the call reads, if any: a 403 then suggests asking for access to it. */
  ref?: string;
}

export interface VaultClient {
  readonly backend: string;
  readonly url: string;
  call<T>(req: VaultCall): Promise<HttpResponse<T>>;
}

/** Retry 429/502/503 but not a sealed 503: it stays sealed until a person unseals it. */
export const vaultRetryable = (status: number, body: unknown) =>
  status === 429 || status === 502 || (status === 503 && !isSealedResponse(status, body));

/**
 * Authenticated Vault requests over the shared HTTP wrapper: adds the token and namespace headers, renews
 * the token when due, and maps failures to AppErrors that name the backend and say what to do.
 */
export function createVaultClient(opts: {
  http: HttpClient;
  session: VaultSession;
  namespace?: string;
  beforeUse?: () => Promise<void>;
}): VaultClient {
  const { http, session, namespace } = opts;

  async function send<T>(req: VaultCall, token: string | null): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true', ...req.headers };
    if (token) headers['X-Vault-Token'] = token;
    if (namespace) headers['X-Vault-Namespace'] = namespace;
    return http.request<T>({ ...req, path: `/v1/${req.path.replace(/^\/+/, '')}`, headers });
  }

  /** OpenBao answers a dead token and a policy denial with the same 403: ask lookup-self which one it was. */
  async function tokenIsDead(token: string): Promise<boolean | undefined> {
    try {
      const res = await send({ method: 'GET', path: 'auth/token/lookup-self' }, token);
      if (res.status === 403 || res.status === 401) return true;
      if (res.status >= 200 && res.status < 300) return false;
    } catch {
      // Could not tell: report it as the 403 we got.
    }
    return undefined;
  }

  return {
    backend: http.backend,
    url: http.baseUrl,
    async call<T>(req: VaultCall): Promise<HttpResponse<T>> {
      const token = req.token !== undefined ? req.token : await session.currentToken();
      if (req.token === undefined && !req.skipRenew) await opts.beforeUse?.();
      const res = await send<T>(req, token);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 404 && req.allow404) return res;
      let tokenInvalid: boolean | undefined;
      if (res.status === 403 && token && !req.login && !saysInvalidToken(res.body)) {
        tokenInvalid = req.path === 'auth/token/lookup-self' ? true : await tokenIsDead(token);
      }
      const error = vaultError(res, { backend: http.backend, url: http.baseUrl, path: req.path, tokenInvalid, login: req.login, ref: req.ref });
      throw new AppError(error.code, http.redact(error.message), error.hint && http.redact(error.hint), { next: error.next });
    },
  };
}
