import { requirePrincipal, SimError } from './auth';
import { ok, type Ctx, type Handler, type RouteTable } from './context';
import { fakeId, findProject, type SimConfig, type SimEnvironment, type SimProject } from './model';
import { environmentJson, projectJson } from './routes-catalog';

/**
 * What Latchkey's access requests use beyond reading: creating the ledger project and environment
 * (`admin setup`) and naming the workplace user behind a token (approvers are named by email).
 * Shapes: Doppler's API reference (projects-create, environments-create, users-get) as mirrored in the
 * python SDK models; error texts UNVERIFIED.
 */
function requireAdmin(ctx: Ctx): void {
  requirePrincipal(ctx.token, ctx.behaviour.messages);
  if (ctx.token.access !== 'all') throw new SimError(403, ctx.behaviour.messages.forbidden);
}

const now = () => new Date().toISOString();

function addEnvironment(project: SimProject, id: string, name: string): SimEnvironment {
  const environment: SimEnvironment = { id, name, createdAt: now(), initialFetchAt: null };
  const config: SimConfig = { name: id, environment: id, root: true, locked: false, createdAt: now(), initialFetchAt: null, lastFetchAt: null, secrets: new Map() };
  project.environments.push(environment);
  project.configs.push(config);
  return environment;
}

export const accessRoutes: RouteTable = {
  // A new project gets Doppler's three default environments, each with its root config.
  'POST /v3/projects': (ctx) => {
    requireAdmin(ctx);
    const name = ctx.params.get('name');
    if (!name) throw new SimError(400, ctx.behaviour.messages.missingParam('name'));
    const slug = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    if (findProject(ctx.state, slug)) throw new SimError(400, 'A project with this name already exists');
    const project: SimProject = { id: fakeId(`project:${slug}`), slug, name, description: ctx.params.get('description') ?? '', createdAt: now(), environments: [], configs: [] };
    for (const [id, envName] of [['dev', 'Development'], ['stg', 'Staging'], ['prd', 'Production']] as const) addEnvironment(project, id, envName);
    ctx.state.projects.push(project);
    return ok(ctx, { project: projectJson(ctx, project) });
  },

  'POST /v3/environments': (ctx) => {
    requireAdmin(ctx);
    const project = findProject(ctx.state, ctx.params.get('project') ?? '');
    if (!project) throw new SimError(404, ctx.behaviour.messages.projectNotFound);
    const name = ctx.params.get('name');
    const slug = ctx.params.get('slug');
    if (!name || !slug) throw new SimError(400, ctx.behaviour.messages.missingParam(name ? 'slug' : 'name'));
    if (project.environments.some((e) => e.id === slug)) throw new SimError(400, 'An environment with this slug already exists');
    return ok(ctx, { environment: environmentJson(ctx, project, addEnvironment(project, slug, name)) });
  },
};

const workplaceUser: Handler = (ctx) => {
  requirePrincipal(ctx.token, ctx.behaviour.messages);
  const slug = decodeURIComponent(ctx.path.split('/').pop() ?? '');
  const user = ctx.state.tokens.find((t) => t.user?.slug === slug)?.user;
  if (!user) throw new SimError(404, 'Could not find requested user');
  return ok(ctx, {
    workplace_user: {
      id: user.slug,
      access: 'collaborator',
      created_at: '2024-01-02T03:04:05.000Z',
      user: { email: user.email, name: user.name, username: user.email.split('@')[0], profile_image_url: 'https://example.invalid/avatar.png' },
    },
  });
};

/** Routes with a path parameter: `GET /v3/workplace/users/{slug}`. */
export function paramRoute(method: string, path: string): Handler | undefined {
  if (method === 'GET' && /^\/v3\/workplace\/users\/[^/]+\/?$/.test(path)) return workplaceUser;
  return undefined;
}
