import { AppError } from '../../../shared/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../http';
import { infisicalFailure, isAuthFailure } from './errors';
import type { InfisicalSession } from './session';

/** Authenticated requests: bearer token from the session; one silent re-login when the server refuses it. */
export interface InfisicalClient {
  /** The raw answer (any status) after the re-login dance: for probes that read 403 as an answer. */
  send<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  /** The body of a 2xx answer; anything else becomes an AppError about `what`. */
  call<T>(req: HttpRequest, what: string): Promise<T>;
  fail(res: HttpResponse, what: string): AppError;
}

export function createInfisicalClient(http: HttpClient, session: InfisicalSession): InfisicalClient {
  async function attempt<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const token = await session.token();
    return http.request<T>({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } });
  }

  function fail(res: HttpResponse, what: string): AppError {
    return infisicalFailure(http, res, what, { relogin: session.relogin() });
  }

  async function send<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const res = await attempt<T>(req);
    // Expired (403 TokenError), revoked or TTL-elapsed (401) token: the stored client secret gets a new one.
    if (isAuthFailure(res) && (await session.recover())) return attempt<T>(req);
    return res;
  }

  return {
    send,
    fail,
    async call<T>(req: HttpRequest, what: string): Promise<T> {
      const res = await send<T>(req);
      if (res.status < 200 || res.status >= 300) throw fail(res, what);
      return res.body as T;
    },
  };
}
