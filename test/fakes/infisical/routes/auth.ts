import { badRequest, notFound, tokenError, unauthorized } from '../errors';
import type { Route, RouteCtx } from '../server';
import { newId, type SimIdentity } from '../state';
import { jwtFailureMessage, signJwt, verifyJwt } from '../tokens';
import { requireString } from '../validate';

/** B.1 / B.2: universal-auth login, token renew and revoke (`identity-universal-auth-router.ts`, `identity-access-token-router.ts`). */
function issue(ctx: RouteCtx, identity: SimIdentity, tokenId: string) {
  const nowS = Math.floor(ctx.state.now() / 1000);
  const payload: Record<string, unknown> = {
    identityId: identity.id,
    clientSecretId: identity.clientSecretId,
    identityAccessTokenId: tokenId,
    authTokenType: 'identityAccessToken',
    iat: nowS,
  };
  if (identity.accessTokenTTL > 0) payload.exp = nowS + identity.accessTokenTTL;
  return {
    accessToken: signJwt(payload, ctx.jwtSecret),
    expiresIn: identity.accessTokenTTL,
    accessTokenMaxTTL: identity.accessTokenMaxTTL,
    tokenType: 'Bearer',
  };
}

function recordFailure(ctx: RouteCtx, clientId: string) {
  const lock = ctx.options.lockout;
  if (!lock) return;
  const now = ctx.state.now();
  const recent = (ctx.state.loginFailures.get(clientId) ?? []).filter((t) => now - t < lock.windowMs);
  recent.push(now);
  ctx.state.loginFailures.set(clientId, recent);
  if (recent.length >= lock.attempts) ctx.state.lockedUntil.set(clientId, now + lock.lockMs);
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/auth/universal-auth/login',
    auth: 'none',
    handler(ctx) {
      const clientId = requireString(ctx.body, 'clientId');
      const clientSecret = requireString(ctx.body, 'clientSecret');
      if ((ctx.state.lockedUntil.get(clientId) ?? 0) > ctx.state.now()) {
        throw unauthorized('This identity auth method is temporarily locked, please try again later');
      }
      const identity = ctx.state.identities.find((i) => i.clientId === clientId);
      if (!identity) {
        if (ctx.options.unknownClientId === 'not-found') throw notFound('No identity with specified client ID was found');
        throw unauthorized('Invalid credentials');
      }
      if (identity.clientSecret !== clientSecret) {
        recordFailure(ctx, clientId);
        throw unauthorized('Invalid credentials');
      }
      ctx.state.loginFailures.delete(clientId);
      const tokenId = newId();
      ctx.state.tokens.set(tokenId, {
        id: tokenId,
        identityId: identity.id,
        createdAtMs: ctx.state.now(),
        lastRenewedAtMs: null,
        ttl: identity.accessTokenTTL,
        maxTtl: identity.accessTokenMaxTTL,
        revoked: false,
      });
      return issue(ctx, identity, tokenId);
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/token/renew',
    auth: 'none',
    handler(ctx) {
      const token = requireString(ctx.body, 'accessToken');
      const verified = verifyJwt(token, ctx.jwtSecret, ctx.state.now());
      if (!verified.ok) throw tokenError(jwtFailureMessage(verified.reason), ctx.options.tokenErrorStatus);
      if (verified.payload.authTokenType !== 'identityAccessToken') throw badRequest('Only identity access tokens can be renewed');
      const record = ctx.state.tokens.get(String(verified.payload.identityAccessTokenId));
      if (!record) throw unauthorized('No identity access token found');
      if (record.revoked) throw unauthorized('Failed to authorize revoked access token, access token is revoked');
      const now = ctx.state.now();
      if (record.ttl > 0 && (record.lastRenewedAtMs ?? record.createdAtMs) + record.ttl * 1000 <= now) {
        throw unauthorized('Failed to renew MI access token due to TTL expiration');
      }
      if (record.maxTtl > 0) {
        const maxExpiry = record.createdAtMs + record.maxTtl * 1000;
        if (now > maxExpiry) throw unauthorized('Failed to renew MI access token due to Max TTL expiration');
        if (now + record.ttl * 1000 > maxExpiry) throw unauthorized('Failed to renew MI access token past its Max TTL expiration');
      }
      record.lastRenewedAtMs = now;
      const identity = ctx.state.identities.find((i) => i.id === record.identityId);
      if (!identity) throw unauthorized('No identity access token found');
      return issue(ctx, identity, record.id);
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/token/revoke',
    auth: 'none',
    handler(ctx) {
      const token = requireString(ctx.body, 'accessToken');
      const verified = verifyJwt(token, ctx.jwtSecret, ctx.state.now());
      if (!verified.ok) throw tokenError(jwtFailureMessage(verified.reason), ctx.options.tokenErrorStatus);
      const record = ctx.state.tokens.get(String(verified.payload.identityAccessTokenId));
      if (!record) throw unauthorized('No identity access token found');
      record.revoked = true;
      return { message: 'Successfully revoked access token' };
    },
  },
  {
    // The SDK calls it; the simulator cannot check an STS-signed request, so it refuses like a bad signature.
    method: 'POST',
    path: '/api/v1/auth/aws-auth/login',
    auth: 'none',
    handler(ctx) {
      requireString(ctx.body, 'identityId');
      throw unauthorized('Invalid credentials');
    },
  },
];
