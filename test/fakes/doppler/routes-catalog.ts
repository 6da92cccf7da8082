import { canReadConfig, canSeeProject, requirePrincipal, resolveConfig, resolveProject, SimError } from './auth';
import { ok, paging, type Ctx, type RouteTable } from './context';
import type { SimConfig, SimEnvironment, SimProject } from './model';

/** Token introspection, workplace, projects, environments, configs (BACKENDS_API.md C.1–C.5). */
const projectId = (ctx: Ctx, p: SimProject) => (ctx.behaviour.projectIds === 'slug' ? p.slug : p.id);

export const projectJson = (ctx: Ctx, p: SimProject) => ({ id: projectId(ctx, p), slug: p.slug, name: p.name, description: p.description, created_at: p.createdAt });

export const environmentJson = (ctx: Ctx, p: SimProject, e: SimEnvironment) => ({
  id: e.id,
  name: e.name,
  initial_fetch_at: e.initialFetchAt,
  created_at: e.createdAt,
  project: projectId(ctx, p),
});

const configJson = (ctx: Ctx, p: SimProject, c: SimConfig) => ({
  name: c.name,
  root: c.root,
  locked: c.locked,
  initial_fetch_at: c.initialFetchAt,
  last_fetch_at: c.lastFetchAt,
  created_at: c.createdAt,
  environment: c.environment,
  project: projectId(ctx, p),
  slug: `${p.slug}.${c.name}`,
  inheritable: false,
  inherits: [],
  inheritedBy: [],
});

/** `dp.pt.abcde…xyz123` → `dp.pt...xyz123` (shape from the doc example: prefix, `...`, last 6). */
const preview = (key: string) => `${key.slice(0, 5)}...${key.slice(-6)}`;

export const catalogRoutes: RouteTable = {
  'GET /v3/me': (ctx) => {
    const t = ctx.token;
    return ok(ctx, {
      slug: t.slug,
      name: t.name,
      created_at: t.createdAt,
      last_seen_at: t.lastSeenAt,
      type: ctx.behaviour.meTypes[t.kind],
      token_preview: preview(t.key),
      workplace: { slug: ctx.state.workplace.slug, name: ctx.state.workplace.name },
      // The schema lists an optional `principal` (UNVERIFIED when it is sent): the person behind a token.
      ...(t.user && ctx.behaviour.mePrincipal ? { principal: { type: 'workplace_user', slug: t.user.slug } } : {}),
    });
  },

  'GET /v3/workplace': (ctx) => {
    requirePrincipal(ctx.token, ctx.behaviour.messages);
    const w = ctx.state.workplace;
    return ok(ctx, { workplace: { id: w.id, name: w.name, billing_email: w.billingEmail, security_email: w.securityEmail } });
  },

  'GET /v3/projects': (ctx) => {
    requirePrincipal(ctx.token, ctx.behaviour.messages);
    const { page, slice } = paging(ctx);
    const visible = ctx.state.projects.filter((p) => canSeeProject(ctx.token, p));
    return ok(ctx, { page, projects: slice(visible).map((p) => projectJson(ctx, p)) });
  },

  'GET /v3/projects/project': (ctx) => ok(ctx, { project: projectJson(ctx, resolveProject(ctx.state, ctx.token, ctx.params, ctx.behaviour.messages)) }),

  'GET /v3/environments': (ctx) => {
    const project = resolveProject(ctx.state, ctx.token, ctx.params, ctx.behaviour.messages);
    const { page, slice } = paging(ctx);
    return ok(ctx, { environments: slice(project.environments).map((e) => environmentJson(ctx, project, e)), page });
  },

  'GET /v3/environments/environment': (ctx) => {
    const project = resolveProject(ctx.state, ctx.token, ctx.params, ctx.behaviour.messages);
    const env = project.environments.find((e) => e.id === ctx.params.get('environment'));
    if (!env) throw new SimError(404, ctx.behaviour.messages.environmentNotFound);
    return ok(ctx, { environment: environmentJson(ctx, project, env) });
  },

  'GET /v3/configs': (ctx) => {
    const project = resolveProject(ctx.state, ctx.token, ctx.params, ctx.behaviour.messages);
    const environment = ctx.params.get('environment');
    if (environment && !project.environments.some((e) => e.id === environment)) throw new SimError(404, ctx.behaviour.messages.environmentNotFound);
    const { page, slice } = paging(ctx);
    const configs = project.configs
      .filter((c) => !environment || c.environment === environment)
      .filter((c) => ctx.behaviour.listUnreadableConfigs || canReadConfig(ctx.token, project, c));
    return ok(ctx, { page, configs: slice(configs).map((c) => configJson(ctx, project, c)) });
  },

  'GET /v3/configs/config': (ctx) => {
    const { project, config } = resolveConfig(ctx.state, ctx.token, ctx.params, ctx.behaviour);
    return ok(ctx, { config: configJson(ctx, project, config) });
  },
};
