import { badRequest, enumIssue, internal, SimError, tokenError, validation } from '../errors';
import type { Route, RouteCtx } from '../server';
import type { SimUser } from '../state';
import { jwtFailureMessage, verifyJwt } from '../tokens';
import { issueMfaToken, issueUserToken } from '../user-tokens';
import { requireString } from '../validate';

/**
 * User sign-in as the Infisical CLI and web app do it (ACCESS_REQUESTS.md §1a "User sign-in"):
 * `POST /api/v3/auth/login` and `POST /api/v3/auth/select-organization` (routes/v3/login-router.ts,
 * services/auth/auth-login-service.ts), `POST /api/v1/auth/checkAuth` and `/logout` (routes/v1/auth-router.ts),
 * `GET /api/v1/organization` (organization-router.ts) and `GET /api/v1/user` (user-router.ts).
 */

function requireUserAgent(ctx: RouteCtx): string {
  // login-router.ts: `if (!userAgent) throw new Error("user agent header is required")` — a plain Error, so a 500.
  const ua = ctx.headers['user-agent'];
  if (!ua) throw internal();
  return ua;
}

const currentUser = (ctx: RouteCtx): SimUser => ctx.state.users.find((u) => u.id === ctx.who.id)!;

function orgJson(ctx: RouteCtx, orgId: string, user: SimUser) {
  const org = ctx.state.orgs.find((o) => o.id === orgId)!;
  return {
    id: org.id, name: org.name, slug: org.slug, createdAt: org.createdAt, updatedAt: org.updatedAt,
    authEnforced: false, googleSsoAuthEnforced: false, scimEnabled: false, enforceMfa: false, bypassOrgAuthEnabled: false,
    orgAuthMethod: '', userRole: user.orgAdmin ? 'admin' : 'member', userJoinedAt: org.createdAt,
  };
}

export const userAuthRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v3/auth/login',
    auth: 'none',
    handler(ctx) {
      const agent = requireUserAgent(ctx);
      // `email: z.string().trim()`, `password: z.string().trim()`: the server trims the password too.
      const email = requireString(ctx.body, 'email').trim();
      const password = requireString(ctx.body, 'password').trim();
      const user = ctx.state.users.find((u) => u.username === email);
      if (!user) throw badRequest(ctx.options.unknownUserMessage);
      if (user.legacySrp) throw badRequest('Legacy encryption scheme not supported', 'LegacyEncryptionScheme');
      if (user.password !== password) throw badRequest('Invalid username or email');
      return { accessToken: issueUserToken(ctx.state, ctx.options, ctx.jwtSecret, user, undefined, agent) };
    },
  },
  {
    method: 'POST',
    path: '/api/v3/auth/select-organization',
    auth: 'none',
    handler(ctx) {
      const organizationId = requireString(ctx.body, 'organizationId').trim();
      const agent = ctx.body.userAgent;
      if (agent !== undefined && agent !== 'cli') throw validation([enumIssue('userAgent', String(agent), ['cli'])]);
      const header = ctx.headers.authorization;
      if (!header) throw new SimError(401, 'Authorization header is required', 'You are not allowed to access this resource');
      if (!ctx.headers['user-agent'] && agent === undefined) throw new SimError(401, 'User-Agent header is required', 'You are not allowed to access this resource');
      const verified = verifyJwt(header.replace('Bearer ', ''), ctx.jwtSecret, ctx.state.now());
      if (!verified.ok) throw tokenError(jwtFailureMessage(verified.reason), ctx.options.tokenErrorStatus);
      const claims = verified.payload;
      if (!claims.authMethod) throw new SimError(401, 'Auth method not found on existing token', 'You are not allowed to access this resource');
      const user = ctx.state.users.find((u) => u.id === claims.userId);
      if (!user) throw badRequest('User not found', 'Find user from token');
      if (!user.orgIds.includes(organizationId)) {
        throw new SimError(403, 'ForbiddenError', `User does not have access to the organization with ID ${organizationId}`);
      }
      if (user.mfa && claims.isMfaVerified !== true) {
        return { token: issueMfaToken(ctx.state, ctx.jwtSecret, user), isMfaEnabled: true, mfaMethod: 'email' };
      }
      const client = agent === 'cli' ? 'cli' : String(ctx.headers['user-agent']);
      return { token: issueUserToken(ctx.state, ctx.options, ctx.jwtSecret, user, organizationId, client), isMfaEnabled: false };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/checkAuth',
    auth: 'user',
    requireOrg: false,
    handler: () => ({ message: 'Authenticated' }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    auth: 'user',
    requireOrg: false,
    handler(ctx) {
      if (ctx.who.type === 'user') ctx.state.sessions.delete(ctx.who.sessionId);
      return { message: 'Successfully logged out' };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/organization',
    auth: 'user',
    requireOrg: false,
    handler(ctx) {
      const user = currentUser(ctx);
      return { organizations: user.orgIds.map((id) => orgJson(ctx, id, user)) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/user',
    auth: 'user',
    requireOrg: false,
    handler(ctx) {
      const u = currentUser(ctx);
      const at = ctx.state.iso(0);
      return {
        user: {
          id: u.id, email: u.email, username: u.username, firstName: u.firstName, lastName: u.lastName, authMethods: ['email'],
          superAdmin: false, isAccepted: true, isMfaEnabled: u.mfa, mfaMethods: u.mfa ? ['email'] : [], isGhost: false, isEmailVerified: true,
          isLocked: false, temporaryLockDateEnd: null, consecutiveFailedPasswordAttempts: 0, createdAt: at, updatedAt: at,
          encryptionVersion: u.legacySrp ? 1 : 2, userId: u.id, publicKey: null,
        },
      };
    },
  },
];
