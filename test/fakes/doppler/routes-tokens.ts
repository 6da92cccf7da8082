import { randomBytes, randomUUID } from 'node:crypto';
import { requirePrincipal, resolveConfig, SimError } from './auth';
import { ok, type Ctx, type RouteTable } from './context';
import type { SimToken } from './model';

/** Service tokens (BACKENDS_API.md C.7) and `POST /v3/auth/revoke`. */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlnum = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** `expire_at`: the CLI sends integer unix seconds, the docs an ISO date-time. Accept both. */
function parseExpireAt(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'number' || /^\d+$/.test(String(value)) ? Number(value) * 1000 : Date.parse(String(value));
  if (Number.isNaN(ms)) throw new SimError(400, 'Invalid expire_at');
  return new Date(ms).toISOString();
}

function tokenJson(ctx: Ctx, t: SimToken, withKey: boolean) {
  const project = ctx.state.projects.find((p) => p.slug === t.scope?.project);
  const config = project?.configs.find((c) => c.name === t.scope?.config);
  return {
    name: t.name,
    slug: t.slug,
    created_at: t.createdAt,
    ...(withKey ? { key: t.key } : {}),
    config: config?.name,
    environment: config?.environment,
    project: ctx.behaviour.projectIds === 'slug' ? project?.slug : project?.id,
    expires_at: t.expiresAt,
    ...(withKey || ctx.behaviour.tokenListAccessField ? { access: t.scope?.access } : {}),
  };
}

export const tokenRoutes: RouteTable = {
  'POST /v3/configs/config/tokens': (ctx) => {
    requirePrincipal(ctx.token, ctx.behaviour.messages);
    const { project, config } = resolveConfig(ctx.state, ctx.token, ctx.params, ctx.behaviour);
    const name = ctx.params.get('name');
    if (!name) throw new SimError(400, ctx.behaviour.messages.missingParam('name'));
    const access = ctx.params.get('access') ?? 'read';
    if (access !== 'read' && access !== 'read/write') throw new SimError(400, 'Invalid access');
    const token: SimToken = {
      kind: 'service',
      key: `dp.st.${config.name}.${randomAlnum(40)}`,
      slug: randomUUID(),
      name,
      createdAt: new Date().toISOString(),
      lastSeenAt: null,
      expiresAt: parseExpireAt(ctx.body.expire_at ?? ctx.query.get('expire_at')),
      revoked: false,
      scope: { project: project.slug, config: config.name, access },
    };
    ctx.state.tokens.push(token);
    return ok(ctx, { token: tokenJson(ctx, token, true) });
  },

  'GET /v3/configs/config/tokens': (ctx) => {
    requirePrincipal(ctx.token, ctx.behaviour.messages);
    const { project, config } = resolveConfig(ctx.state, ctx.token, ctx.params, ctx.behaviour);
    const tokens = ctx.state.tokens.filter((t) => t.kind === 'service' && !t.revoked && t.scope?.project === project.slug && t.scope.config === config.name);
    return ok(ctx, { tokens: tokens.map((t) => tokenJson(ctx, t, false)) });
  },

  'DELETE /v3/configs/config/tokens/token': (ctx) => {
    requirePrincipal(ctx.token, ctx.behaviour.messages);
    const { project, config } = resolveConfig(ctx.state, ctx.token, ctx.params, ctx.behaviour);
    const slug = ctx.params.get('slug');
    const key = ctx.params.get('token');
    const token = ctx.state.tokens.find(
      (t) => t.kind === 'service' && !t.revoked && t.scope?.project === project.slug && t.scope.config === config.name && ((slug && t.slug === slug) || (key && t.key === key)),
    );
    if (!token) throw new SimError(404, ctx.behaviour.messages.tokenNotFound);
    token.revoked = true;
    return ok(ctx, {});
  },

  // Revokes the token named in the body (UNVERIFIED response body: `{"success":true}`).
  'POST /v3/auth/revoke': (ctx) => {
    const key = ctx.params.get('token');
    const token = ctx.state.tokens.find((t) => t.key === key);
    if (token) token.revoked = true;
    return ok(ctx, {});
  },
};
