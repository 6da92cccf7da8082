import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { SessionInfo } from '../types';
import { openSystemBrowser } from '../open-browser';
import { listenForCallback, type CallbackResult } from './oidc-callback';
import { encodePath } from './paths';

/**
 * One Vault HTTP call to `/v1/<path>`, unauthenticated unless `token` is given. Resolves with any HTTP
 * status (this module maps them); throws AppError only when the server cannot be reached. `query` is kept
 * apart from `path` because it carries the one-time code: paths may end up in logs and messages.
 */
export type VaultHttp = (
  method: 'GET' | 'POST',
  path: string,
  options?: { body?: Record<string, unknown>; token?: string; query?: Record<string, string> },
) => Promise<{ status: number; body: unknown }>;

export interface OidcLoginOptions {
  request: VaultHttp;
  /** For messages, e.g. "Vault at https://vault.acme:8200". */
  label?: string;
  mount?: string;
  /** Empty means the auth method's default_role. */
  role?: string;
  openBrowser?: (url: string) => Promise<void>;
  /** Loopback callback port; 8250 like the Vault CLI, so roles set up for `vault login -method=oidc` work. 0 = any free port. */
  port?: number;
  callbackHost?: 'localhost' | '127.0.0.1';
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface OidcLogin {
  token: string;
  accessor: string;
  session: SessionInfo;
}

type VaultBody = { errors?: string[]; data?: Record<string, unknown> | null; auth?: Record<string, unknown> | null };

/**
 * Vault/OpenBao OIDC sign-in, the way `vault login -method=oidc` does it: ask Vault for the provider's
 * auth URL, open the system browser there, catch the redirect on a loopback port, and hand the code back
 * to Vault, which exchanges it with the provider and returns a Vault token.
 * Docs: openbao website/content/docs/auth/jwt/index.mdx ("OIDC login (CLI)"), api/auth/jwt.mdx.
 */
export async function loginWithOidc(options: OidcLoginOptions): Promise<OidcLogin> {
  const { request, label = 'Vault', role = '', timeoutMs = 120_000 } = options;
  const mount = encodePath(options.mount ?? 'oidc');
  const listener = await listenForCallback({ host: options.callbackHost ?? 'localhost', port: options.port ?? 8250 });
  try {
    const clientNonce = randomBytes(24).toString('base64url');
    const { authUrl, state } = await requestAuthUrl(request, label, mount, role, listener.redirectUri, clientNonce);
    const arrived = listener.waitFor(state);
    await (options.openBrowser ?? openSystemBrowser)(authUrl);
    const result = await withDeadline(arrived, timeoutMs, label, options.signal);
    return await finishLogin(request, label, mount, result, clientNonce);
  } finally {
    listener.close();
  }
}

async function requestAuthUrl(request: VaultHttp, label: string, mount: string, role: string, redirectUri: string, clientNonce: string) {
  const reply = await request('POST', `auth/${mount}/oidc/auth_url`, { body: { role, redirect_uri: redirectUri, client_nonce: clientNonce } });
  const body = reply.body as VaultBody;
  const roleText = role ? `role "${role}"` : 'the default role';
  if (reply.status === 400 && firstError(body).includes('could not be found')) {
    throw new AppError('NOT_FOUND', `${label} has no OIDC ${roleText} at auth/${mount}/.`,
      'Check the role name with your Vault admin, or leave it empty to use the default role.');
  }
  if (reply.status === 404 || reply.status === 405) {
    throw new AppError('NOT_FOUND', `${label} has no OIDC sign-in at auth/${mount}/.`, 'Check the auth mount path with your Vault admin.');
  }
  if (reply.status >= 300) throw statusError(reply.status, label, `OIDC sign-in (${roleText})`, firstError(body));
  const authUrl = typeof body.data?.auth_url === 'string' ? body.data.auth_url : '';
  // Vault answers 200 with an empty auth_url when the redirect URI is not in the role's allowed_redirect_uris.
  if (!authUrl) {
    throw new AppError('BAD_REQUEST', `${label} refused the sign-in callback address ${redirectUri} for ${roleText}.`,
      `Ask your Vault admin to add ${redirectUri} to the role's allowed_redirect_uris.`);
  }
  const state = URL.canParse(authUrl) ? new URL(authUrl).searchParams.get('state') : null;
  if (!state) throw new AppError('BACKEND_UNAVAILABLE', `${label} returned an OIDC sign-in address without a state parameter.`);
  return { authUrl, state };
}

async function finishLogin(request: VaultHttp, label: string, mount: string, result: CallbackResult, clientNonce: string): Promise<OidcLogin> {
  if (result.kind === 'error') {
    result.finish({ ok: false, text: 'The identity provider did not sign you in. You can close this window and try again from Latchkey.' });
    const why = [result.error, result.description].filter(Boolean).join(': ').slice(0, 200);
    throw new AppError('UNAUTHENTICATED', `The identity provider refused the ${label} sign-in (${why}).`,
      'Sign in again; if it keeps failing, ask your admin whether your account may use this role.');
  }
  const query = { state: result.state, code: result.code, client_nonce: clientNonce };
  let login: OidcLogin;
  try {
    const reply = await request('GET', `auth/${mount}/oidc/callback`, { query });
    const body = reply.body as VaultBody;
    if (reply.status >= 300) {
      // Vault's reason may quote provider errors; make sure the one-time code never rides along.
      const reason = firstError(body).split(result.code).join('<code>');
      throw reply.status === 400
        ? new AppError('UNAUTHENTICATED', `${label} rejected the OIDC sign-in${reason ? `: ${reason}` : ''}.`, 'Sign in again.')
        : statusError(reply.status, label, 'OIDC sign-in', reason);
    }
    login = await toLogin(request, label, body.auth ?? {});
  } catch (error) {
    result.finish({ ok: false, text: 'Sign-in did not complete. Latchkey shows what went wrong; you can close this window.' });
    throw error;
  }
  result.finish({ ok: true, text: 'You are signed in. You can close this window and return to Latchkey.' });
  return login;
}

async function toLogin(request: VaultHttp, label: string, auth: Record<string, unknown>): Promise<OidcLogin> {
  const token = typeof auth.client_token === 'string' ? auth.client_token : '';
  if (!token) throw new AppError('UNAUTHENTICATED', `${label} finished the OIDC sign-in but returned no token.`, 'Sign in again.');
  const lease = typeof auth.lease_duration === 'number' ? auth.lease_duration : 0;
  const meta = (auth.metadata ?? {}) as Record<string, unknown>;
  // display_name (e.g. "oidc-ada") is only on the token itself; lookup-self needs no extra policy.
  const lookup = await request('GET', 'auth/token/lookup-self', { token }).catch(() => null);
  const displayName = ((lookup?.body as VaultBody | undefined)?.data?.display_name as string | undefined) ?? '';
  return {
    token,
    accessor: typeof auth.accessor === 'string' ? auth.accessor : '',
    session: {
      identity: displayName || (typeof meta.role === 'string' ? `oidc role ${meta.role}` : 'oidc'),
      policies: Array.isArray(auth.policies) ? auth.policies.filter((p): p is string => typeof p === 'string') : [],
      expiresAt: lease > 0 ? new Date(Date.now() + lease * 1000).toISOString() : null,
      renewable: auth.renewable === true,
    },
  };
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, label: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const notCompleted = (why: string) =>
      new AppError('UNAUTHENTICATED', `The ${label} sign-in was not completed ${why}.`,
        'Start the sign-in again and finish it in the browser window that opens.');
    const minutes = timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 60_000)} min` : `${Math.round(timeoutMs / 1000)} s`;
    const timer = setTimeout(() => reject(notCompleted(`within ${minutes}`)), timeoutMs);
    const onAbort = () => reject(notCompleted('(it was cancelled)'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

const firstError = (body: VaultBody | undefined) => (Array.isArray(body?.errors) ? String(body.errors[0] ?? '') : '').slice(0, 200);

function statusError(status: number, label: string, what: string, reason: string): AppError {
  if (status === 503) return new AppError('SEALED', `${label} is sealed.`, 'Ask an operator to unseal it, then retry.');
  if (status === 429) return new AppError('RATE_LIMITED', `${label} is rate limiting requests.`, 'Wait a moment, then retry.');
  if (status === 400) return new AppError('BAD_REQUEST', `${label} rejected the ${what}${reason ? `: ${reason}` : ''}.`);
  if (status === 401 || status === 403) return new AppError('FORBIDDEN', `${label} refused the ${what}.`, 'Ask your Vault admin to check the OIDC auth method.');
  return new AppError('BACKEND_UNAVAILABLE', `${label} failed with HTTP ${status} during the ${what}.`, 'Retry later.');
}
