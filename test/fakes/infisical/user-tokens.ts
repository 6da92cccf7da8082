import { newId, type SimState, type SimUser } from './state';
import type { SimOptions } from './options';
import { signJwt } from './tokens';

/**
 * A user session token as `generateUserTokens` signs it (auth-login-service.ts): `{authMethod,
 * authTokenType:"accessToken", userId, tokenVersionId, accessVersion, organizationId?, …}`, HS256, expiring
 * after `JWT_AUTH_LIFETIME`. Sessions are one per user and client (`getUserTokenSession({userAgent, ip, userId})`;
 * every request here comes from 127.0.0.1), so logging out ends every token that client holds.
 */
export function issueUserToken(state: SimState, options: SimOptions, secret: string, user: SimUser, organizationId?: string, userAgent = 'unknown', mfa?: { verified: boolean }): string {
  const key = `${user.id}|${userAgent}`;
  let session = [...state.sessions.values()].find((s) => s.key === key);
  if (!session) {
    session = { id: newId(), key, userId: user.id, accessVersion: 1 };
    state.sessions.set(session.id, session);
  }
  const iat = Math.floor(state.now() / 1000);
  return signJwt(
    {
      authMethod: 'email',
      authTokenType: 'accessToken',
      userId: user.id,
      tokenVersionId: session.id,
      accessVersion: session.accessVersion,
      ...(organizationId ? { organizationId } : {}),
      ...(mfa ? { isMfaVerified: mfa.verified, mfaMethod: 'email' } : {}),
      iat,
      exp: iat + options.userTokenLifetimeSeconds,
    },
    secret,
  );
}

/** The short-lived token `select-organization` hands out instead when MFA is required (`JWT_MFA_LIFETIME` 5m). */
export function issueMfaToken(state: SimState, secret: string, user: SimUser): string {
  const iat = Math.floor(state.now() / 1000);
  return signJwt({ authMethod: 'email', authTokenType: 'mfaToken', userId: user.id, iat, exp: iat + 300 }, secret);
}
