import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { HttpClient, HttpResponse } from '../http';
import type { Redactor } from '../redact';
import { infisicalFailure, serverText } from './errors';

/**
 * Infisical user sign-in, the way the Infisical CLI's `infisical login` does it (Infisical/cli
 * packages/cmd/login.go, packages/api/api.go; backend routes/v3/login-router.ts, services/auth/auth-login-service.ts):
 * - password: `POST /api/v3/auth/login {email, password}` → `{accessToken}` (a token with no organization), then
 *   `POST /api/v3/auth/select-organization {organizationId, userAgent:"cli"}` → `{token, isMfaEnabled}`.
 *   Plain password over TLS, checked with bcrypt by the server: SRP is only the fallback for accounts never
 *   migrated (400 `LegacyEncryptionScheme`), which Latchkey does not speak (see `passwordLogin`).
 * - a token from the browser (browser-login.ts) or pasted: checked with `POST /api/v1/auth/checkAuth`.
 * The resulting user JWT is what access-approval requests and reviews accept.
 */

/** What a user token carries (auth-login-service.ts `generateUserTokens`); read, never trusted for access. */
const Claims = z.looseObject({
  authTokenType: z.string().optional(),
  userId: z.string().optional(),
  organizationId: z.string().optional(),
  exp: z.number().optional(),
});

export function jwtClaims(token: string): z.infer<typeof Claims> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const parsed = Claims.safeParse(JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const Me = z.object({ user: z.looseObject({ id: z.string(), email: z.string().nullable().optional(), username: z.string() }) });
const Orgs = z.object({ organizations: z.array(z.looseObject({ id: z.string(), name: z.string(), slug: z.string().optional() })) });
const Selected = z.object({ token: z.string(), isMfaEnabled: z.boolean().optional() });

export interface UserSession {
  token: string;
  userId: string;
  email: string;
  organizationId: string;
  organizationName: string | null;
  /** ISO, from the token's `exp`; null when it has none. */
  expiresAt: string | null;
}

// The server refuses login and select-organization without a User-Agent (login-router.ts).
const AGENT = { 'User-Agent': 'latchkey' };

function parsed<T>(schema: z.ZodType<T>, res: HttpResponse, http: HttpClient, what: string): T {
  const result = schema.safeParse(res.body);
  if (!result.success) throw new AppError('BACKEND_UNAVAILABLE', `${http.backend} (Infisical at ${http.baseUrl}) answered ${what} with something Latchkey does not understand.`, 'Check that the URL points at an Infisical server, then retry.');
  return result.data;
}

function failure(http: HttpClient, res: HttpResponse, what: string): AppError {
  return infisicalFailure(http, res, what, { relogin: { action: 'login', backend: http.backend, via: 'browser' } });
}

/** Who a user token belongs to and which organization it is for; proves the token works (`GET /api/v1/user`). */
export async function describeUserToken(http: HttpClient, redactor: Redactor, token: string): Promise<UserSession> {
  redactor.register(token);
  const auth = { ...AGENT, Authorization: `Bearer ${token}` };
  const claims = jwtClaims(token);
  if (claims?.authTokenType !== 'accessToken') {
    throw new AppError('UNAUTHENTICATED', `That is not an Infisical user sign-in token for ${http.backend}.`, 'Sign in with the browser again and use the token it shows.', { next: { action: 'login', backend: http.backend, via: 'browser' } });
  }
  const check = await http.request({ method: 'POST', path: '/api/v1/auth/checkAuth', headers: auth });
  if (check.status !== 200) throw failure(http, check, 'sign-in');
  const me = parsed(Me, await http.request({ method: 'GET', path: '/api/v1/user', headers: auth }), http, 'who am I');
  if (!claims.organizationId) {
    throw new AppError('UNAUTHENTICATED', `The Infisical token for ${http.backend} is not scoped to an organization, so projects would refuse it.`, 'Sign in again and pick your organization.', { next: { action: 'login', backend: http.backend, via: 'browser' } });
  }
  const orgs = await http.request({ method: 'GET', path: '/api/v1/organization', headers: auth });
  const org = orgs.status === 200 ? parsed(Orgs, orgs, http, 'the organization list').organizations.find((o) => o.id === claims.organizationId) : undefined;
  return {
    token,
    userId: me.user.id,
    email: me.user.email ?? me.user.username,
    organizationId: claims.organizationId,
    organizationName: org?.name ?? null,
    expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : null,
  };
}

/** The CLI's paste fallback: base64 of `{"JTWToken": …, "email": …, "privateKey": ""}`, or a bare user JWT. */
export function tokenFromPaste(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('eyJ') && trimmed.split('.').length === 3) return trimmed;
  try {
    const payload = z.object({ JTWToken: z.string().min(1) }).parse(JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8')));
    return payload.JTWToken;
  } catch {
    throw new AppError('BAD_REQUEST', 'The pasted text is not the sign-in token the Infisical page shows.', 'Copy the whole token from the browser page and paste it again.');
  }
}

function pickOrg(http: HttpClient, orgs: z.infer<typeof Orgs>['organizations'], wanted: string | undefined) {
  const names = orgs.map((o) => `${o.name} (${o.slug ?? o.id})`).join(', ');
  if (wanted) {
    const found = orgs.find((o) => o.id === wanted || o.slug === wanted || o.name.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new AppError('NOT_FOUND', `This account has no organization "${wanted}" on ${http.backend}; it has: ${names || 'none'}.`, 'Name one of those organizations by slug or id.');
    return found;
  }
  if (orgs.length === 1) return orgs[0]!;
  if (orgs.length === 0) throw new AppError('FORBIDDEN', `This account belongs to no organization on ${http.backend}.`, 'Ask an organization admin to invite you.');
  throw new AppError('BAD_REQUEST', `This account belongs to ${orgs.length} organizations on ${http.backend}: ${names}. Say which one to sign in to.`, 'Name the organization by slug or id.');
}

/** Email + password, non-interactive (the CLI's `--email … --password …` path), then the organization. */
export async function passwordLogin(http: HttpClient, redactor: Redactor, input: { email: string; password: string; organization?: string }): Promise<UserSession> {
  redactor.register(input.password);
  const login = await http.request<{ accessToken?: string }>({ method: 'POST', path: '/api/v3/auth/login', headers: AGENT, body: { email: input.email, password: input.password } });
  if (login.status === 400) {
    if (serverText(login.body).error === 'LegacyEncryptionScheme') {
      throw new AppError('UNAUTHENTICATED', `The Infisical account ${input.email} still uses the older SRP sign-in, which Latchkey does not speak.`,
        'Sign in once in the Infisical web app (it upgrades the account), or sign in with the browser.', { next: { action: 'login', backend: http.backend, via: 'browser' } });
    }
    // "User not found" and "Invalid username or email" alike: never say which half was wrong.
    throw new AppError('UNAUTHENTICATED', `Wrong email or password for ${http.backend}.`, 'Check them and sign in again.');
  }
  if (login.status !== 200) throw failure(http, login, 'sign-in');
  const first = parsed(z.object({ accessToken: z.string() }), login, http, 'sign-in').accessToken;
  redactor.register(first);
  const auth = { ...AGENT, Authorization: `Bearer ${first}` };
  const orgs = await http.request({ method: 'GET', path: '/api/v1/organization', headers: auth });
  if (orgs.status !== 200) throw failure(http, orgs, 'the organization list');
  const org = pickOrg(http, parsed(Orgs, orgs, http, 'the organization list').organizations, input.organization);
  const chosen = await http.request({ method: 'POST', path: '/api/v3/auth/select-organization', headers: auth, body: { organizationId: org.id, userAgent: 'cli' } });
  if (chosen.status !== 200) throw failure(http, chosen, `organization ${org.name}`);
  const selected = parsed(Selected, chosen, http, `organization ${org.name}`);
  redactor.register(selected.token);
  if (selected.isMfaEnabled) {
    throw new AppError('UNAUTHENTICATED', `${org.name} on ${http.backend} asks for multi-factor authentication, which a password sign-in from here cannot complete.`,
      'Sign in with the browser, where Infisical asks for the code.', { next: { action: 'login', backend: http.backend, via: 'browser' } });
  }
  return describeUserToken(http, redactor, selected.token);
}

/** `POST /api/v1/auth/logout` ends the token's session at the server (every token of that session dies). */
export async function logoutUser(http: HttpClient, token: string): Promise<void> {
  await http.request({ method: 'POST', path: '/api/v1/auth/logout', headers: { ...AGENT, Authorization: `Bearer ${token}` } });
}
