import type { IncomingHttpHeaders } from 'node:http';
import { tokenError, unauthorized } from './errors';
import type { SimOptions } from './options';
import type { Principal } from './permissions';
import type { SimState } from './state';
import { jwtFailureMessage, verifyJwt } from './tokens';

/**
 * `verify-auth.ts` + `fnValidateIdentityAccessToken`: no header → 401 "Token missing"; a JWT that fails
 * verification → TokenError; an identity token that was revoked or outlived its TTL → 401 (checked on every
 * request, not only at renew).
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
    if (!state.users.some((u) => u.id === payload.userId)) throw unauthorized('Invalid credentials');
    return { type: 'user', id: payload.userId };
  }
  throw unauthorized('Invalid token');
}
