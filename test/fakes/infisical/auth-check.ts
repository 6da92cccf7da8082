import type { IncomingHttpHeaders } from 'node:http';
import { notFound, SimError, tokenError, unauthorized } from './errors';
import type { SimOptions } from './options';
import type { Principal } from './permissions';
import type { SimState } from './state';
import { jwtFailureMessage, verifyJwt } from './tokens';

/**
 * `inject-identity.ts` + `verify-auth.ts`: no header → 401 "Token missing"; a JWT that fails verification →
 * TokenError; an identity token that was revoked or outlived its TTL → 401 (checked on every request, not only
 * at renew); a user token whose session was logged out → 404 "Session not found" (`fnValidateJwtIdentity`).
 */
export function resolvePrincipal(state: SimState, options: SimOptions, jwtSecret: string, headers: IncomingHttpHeaders): Principal {
  const header = headers.authorization;
  if (!header) throw unauthorized('Token missing');
  const [scheme, token] = header.split(' ', 2);
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('Token missing');
  const verified = verifyJwt(token, jwtSecret, state.now());
  if (!verified.ok) throw tokenError(jwtFailureMessage(verified.reason), options.tokenErrorStatus);
  const payload = verified.payload;
  if (payload.authTokenType === 'identityAccessToken') {
    const record = state.tokens.get(String(payload.identityAccessTokenId));
    if (!record) throw unauthorized('No identity access token found');
    if (record.revoked) throw unauthorized('Failed to authorize revoked access token, access token is revoked');
    const since = record.lastRenewedAtMs ?? record.createdAtMs;
    if (record.ttl > 0 && since + record.ttl * 1000 <= state.now()) throw unauthorized('Failed to renew MI access token due to TTL expiration');
    if (!state.identities.some((i) => i.id === record.identityId)) throw unauthorized('No identity access token found');
    return { type: 'identity', id: record.identityId, tokenId: record.id };
  }
  if (payload.authTokenType === 'accessToken' && typeof payload.userId === 'string') {
    const session = state.sessions.get(String(payload.tokenVersionId));
    if (!session || session.userId !== payload.userId) throw new SimError(404, 'Session not found', 'The requested entity is not found');
    if (payload.accessVersion !== session.accessVersion) throw new SimError(401, 'StaleSession', 'User session is stale, please re-authenticate');
    const user = state.users.find((u) => u.id === payload.userId);
    if (!user) throw notFound(`User with ID '${payload.userId}' not found`);
    const orgId = typeof payload.organizationId === 'string' ? payload.organizationId : null;
    if (orgId && !user.orgIds.includes(orgId)) throw new SimError(403, 'ForbiddenError', 'User not member of organization');
    return { type: 'user', id: user.id, orgId, sessionId: session.id };
  }
  throw unauthorized('Invalid token');
}

/** `verifyAuth(..., { requireOrg: true })`, the default: a user token from login alone (no organization) is refused. */
export function requireOrg(who: Principal, url: string): void {
  if (who.type === 'user' && !who.orgId) throw new SimError(401, `${url} Unauthorized Access, no organization found in request`, 'You are not allowed to access this resource');
}
