import { AppError } from '../../../shared/errors';
import type { HttpClient } from '../http';
import type { SessionInfo } from '../types';
import { loginWithOidc, type VaultHttp } from './oidc';
import type { VaultClient } from './client';
import { encodePath } from './paths';
import { refusedAtSignIn } from '../sign-in-errors';
import type { TokenMeta, VaultSession } from './session';

export interface LookupData {
  display_name?: string;
  policies?: string[] | null;
  identity_policies?: string[] | null;
  ttl?: number;
  creation_ttl?: number;
  expire_time?: string | null;
  renewable?: boolean;
  meta?: Record<string, string> | null;
}

interface AuthBlock {
  client_token: string;
  policies?: string[] | null;
  metadata?: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
}

export function sessionInfo(meta: TokenMeta): SessionInfo {
  return { identity: meta.identity, policies: meta.policies, expiresAt: meta.expiresAt, renewable: meta.renewable };
}

export function metaFromLookup(data: LookupData): TokenMeta {
  const ttl = data.ttl ?? 0;
  return {
    // ttl 0 means the token never expires (root); expire_time is then null too.
    expiresAt: ttl > 0 ? (data.expire_time ?? new Date(Date.now() + ttl * 1000).toISOString()) : null,
    ttlSeconds: data.creation_ttl && data.creation_ttl > 0 ? data.creation_ttl : ttl,
    renewable: data.renewable === true,
    identity: data.meta?.username ?? data.display_name ?? 'token',
    policies: [...(data.policies ?? []), ...(data.identity_policies ?? [])],
  };
}

function metaFromAuth(auth: AuthBlock, previous?: TokenMeta | null): TokenMeta {
  return {
    expiresAt: auth.lease_duration > 0 ? new Date(Date.now() + auth.lease_duration * 1000).toISOString() : null,
    ttlSeconds: auth.lease_duration,
    renewable: auth.renewable,
    identity: auth.metadata?.username ?? previous?.identity ?? 'token',
    policies: auth.policies ?? previous?.policies ?? [],
  };
}

/** Checks a pasted token with lookup-self before keeping it: a typo must not be stored as a session. */
export async function loginWithToken(client: VaultClient, session: VaultSession, token: string): Promise<SessionInfo> {
  const trimmed = token.trim();
  if (!trimmed) throw new AppError('BAD_REQUEST', `The token for ${client.backend} is empty.`, 'Paste the whole token and try again.');
  const res = await client.call<{ data: LookupData }>({ method: 'GET', path: 'auth/token/lookup-self', token: trimmed }).catch((error: unknown) => {
    throw refusedAtSignIn(error, { backend: client.backend, server: `Vault at ${client.url}`, token: 'token', hint: 'Copy the token again (or ask for a new one) and sign in with it.' });
  });
  const meta = metaFromLookup(res.body?.data ?? {});
  await session.save(trimmed, meta);
  return sessionInfo(meta);
}

export async function loginWithUserpass(
  client: VaultClient,
  session: VaultSession,
  creds: { username: string; password: string; mount?: string },
): Promise<SessionInfo> {
  const mount = encodePath(creds.mount ?? 'userpass');
  const res = await client.call<{ auth: AuthBlock | null }>({
    method: 'POST',
    path: `auth/${mount}/login/${encodeURIComponent(creds.username)}`,
    body: { password: creds.password },
    token: null,
    login: true,
    // A login creates a token server-side: never resend it after a dropped connection.
    idempotent: false,
  });
  const auth = res.body?.auth;
  if (!auth?.client_token) throw new AppError('BACKEND_UNAVAILABLE', `${client.backend} accepted the sign-in but returned no token.`, 'Retry; if it persists, tell whoever runs the server.');
  const meta = metaFromAuth(auth);
  if (!auth.metadata?.username) meta.identity = creds.username;
  await session.save(auth.client_token, meta);
  return sessionInfo(meta);
}

/** Revokes the token server-side (best effort: it may already be dead) and forgets it locally. */
export async function logout(client: VaultClient, session: VaultSession): Promise<void> {
  if (await session.hasToken()) {
    await client.call({ method: 'POST', path: 'auth/token/revoke-self', skipRenew: true, idempotent: true }).catch(() => undefined);
  }
  await session.clear();
}

/** Renew when the token is renewable and less than a third of its TTL remains; decided on use, no timers. */
export function createRenewer(client: VaultClient, session: VaultSession, now = () => Date.now()): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  return async () => {
    const meta = await session.getMeta();
    if (!meta?.renewable || !meta.expiresAt || meta.ttlSeconds <= 0) return;
    const remainingMs = Date.parse(meta.expiresAt) - now();
    // Already expired: renewal cannot help, the request will fail as UNAUTHENTICATED.
    if (remainingMs <= 0 || remainingMs >= (meta.ttlSeconds * 1000) / 3) return;
    inFlight ??= renew(meta).finally(() => (inFlight = null));
    await inFlight;
  };

  async function renew(meta: TokenMeta): Promise<void> {
    try {
      const res = await client.call<{ auth: AuthBlock | null }>({ method: 'POST', path: 'auth/token/renew-self', body: {}, skipRenew: true, idempotent: true });
      if (res.body?.auth) await session.saveMeta(metaFromAuth(res.body.auth, meta));
    } catch (error) {
      // A renewal that fails (max TTL reached, not renewable after all) must not fail the read it preceded.
      if (error instanceof AppError && error.code === 'BAD_REQUEST') await session.saveMeta({ ...meta, renewable: false });
    }
  }
}

/** OIDC sign-in over our HTTP wrapper; the token lands in the same session store. */
export async function loginWithOidcFlow(
  http: HttpClient,
  session: VaultSession,
  opts: { mount?: string; role?: string; namespace?: string; port?: number; openBrowser?: (url: string) => Promise<void> },
): Promise<SessionInfo> {
  const request: VaultHttp = async (method, path, { body, token, query } = {}) => {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (token) headers['X-Vault-Token'] = token;
    if (opts.namespace) headers['X-Vault-Namespace'] = opts.namespace;
    const res = await http.request({ method, path: `/v1/${path}`, query, body, headers, idempotent: false });
    return { status: res.status, body: res.body };
  };
  const login = await loginWithOidc({
    request,
    label: `${http.backend} (Vault at ${http.baseUrl})`,
    mount: opts.mount,
    role: opts.role,
    port: opts.port,
    openBrowser: opts.openBrowser,
  });
  const remaining = login.session.expiresAt ? Math.max(0, Math.round((Date.parse(login.session.expiresAt) - Date.now()) / 1000)) : 0;
  const meta: TokenMeta = { ...login.session, ttlSeconds: remaining };
  await session.save(login.token, meta);
  return sessionInfo(meta);
}
