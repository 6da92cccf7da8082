import { addEnvironment, addMembership, addProject } from '../builders';
import { badRequest, notFound, permissionDenied } from '../errors';
import { requireAdmin, requireMember, visibleTo } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId, type SimEnv, type SimProject } from '../state';
import { optionalString, requireSlug, requireString } from '../validate';

/** B.3 project object (SanitizedProjectSchema); environments only `{name, slug, id}`. */
export function projectJson(p: SimProject) {
  return {
    id: p.id,
    _id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    type: 'secret-manager',
    defaultProduct: 'secret-manager',
    autoCapitalization: false,
    orgId: p.orgId,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: 3,
    upgradeStatus: null,
    pitVersionLimit: 10,
    kmsCertificateKeyId: null,
    auditLogsRetentionDays: null,
    hasDeleteProtection: false,
    secretSharing: true,
    showSnapshotsLegacy: false,
    secretDetectionIgnoreValues: [],
    enforceEncryptedSecretManagerSecretMetadata: false,
    environments: p.environments.map((e) => ({ name: e.name, slug: e.slug, id: e.id })),
  };
}

export const envJson = (e: SimEnv) => ({ ...e });

const visibleProjects = (ctx: RouteCtx) => visibleTo(ctx.state, ctx.who);

export function projectFor(ctx: RouteCtx, id: string): SimProject {
  const project = ctx.state.projectById(id);
  if (!project) throw notFound(`Project with ID '${id}' not found`);
  requireMember(ctx.state, project.id, ctx.who);
  return project;
}

function createProject(ctx: RouteCtx) {
  const name = requireString(ctx.body, 'projectName');
  const isOrgAdmin = (ctx.who.type === 'identity' ? ctx.state.identities : ctx.state.users).find((a) => a.id === ctx.who.id)?.orgAdmin;
  if (!isOrgAdmin) throw permissionDenied('create', 'workspace', {});
  const slug = optionalString(ctx.body, 'slug') ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${newId().slice(0, 4)}`;
  if (ctx.state.projectBySlug(slug)) throw badRequest(`Project with slug '${slug}' already exists`);
  const project = addProject(ctx.state, { name, slug, id: newId() });
  project.description = optionalString(ctx.body, 'projectDescription') ?? null;
  addMembership(ctx.state, project.id, { id: ctx.who.id, type: ctx.who.type }, ['admin']);
  return { project: projectJson(project) };
}

function createEnv(ctx: RouteCtx, id: string) {
  const project = projectFor(ctx, id);
  requireAdmin(ctx.state, project.id, ctx.who, 'environments');
  const name = requireString(ctx.body, 'name');
  const slug = requireSlug(ctx.body, 'slug');
  if (project.environments.some((e) => e.slug === slug)) throw badRequest('Environment with slug already exists');
  const position = typeof ctx.body.position === 'number' ? ctx.body.position : undefined;
  return { project, environment: envJson(addEnvironment(ctx.state, project, name, slug, position)) };
}

function envOf(ctx: RouteCtx) {
  const project = projectFor(ctx, ctx.params.projectId!);
  const env = project.environments.find((e) => e.id === ctx.params.envId);
  if (!env) throw notFound(`Environment with id '${ctx.params.envId}' in project with ID ${project.id} not found`);
  return { project, env };
}

export const projectRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/projects', auth: 'any', handler: (ctx) => ({ projects: visibleProjects(ctx).map(projectJson) }) },
  { method: 'GET', path: '/api/v1/workspace', auth: 'any', handler: (ctx) => ({ workspaces: visibleProjects(ctx).map(projectJson) }) },
  {
    method: 'GET',
    path: '/api/v1/projects/slug/:slug',
    auth: 'any',
    handler(ctx) {
      const project = ctx.state.projectBySlug(ctx.params.slug!);
      if (!project) throw notFound(`Project with slug '${ctx.params.slug}' not found`);
      requireMember(ctx.state, project.id, ctx.who);
      return projectJson(project); // bare object, no wrapper key (B.3)
    },
  },
  { method: 'GET', path: '/api/v1/projects/:projectId', auth: 'any', handler: (ctx) => ({ project: projectJson(projectFor(ctx, ctx.params.projectId!)) }) },
  { method: 'GET', path: '/api/v1/workspace/:workspaceId', auth: 'any', handler: (ctx) => ({ workspace: projectJson(projectFor(ctx, ctx.params.workspaceId!)) }) },
  { method: 'POST', path: '/api/v1/projects', auth: 'any', handler: createProject },
  { method: 'POST', path: '/api/v2/workspace', auth: 'any', handler: createProject },
  {
    method: 'POST',
    path: '/api/v1/projects/:projectId/environments',
    auth: 'any',
    handler(ctx) {
      const { project, environment } = createEnv(ctx, ctx.params.projectId!);
      return { message: 'Successfully created new environment', projectId: project.id, environment };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/workspace/:workspaceId/environments',
    auth: 'any',
    handler(ctx) {
      const { project, environment } = createEnv(ctx, ctx.params.workspaceId!);
      return { message: 'Successfully created new environment', workspace: project.id, environment };
    },
  },
  { method: 'GET', path: '/api/v1/projects/:projectId/environments/:envId', auth: 'any', handler: (ctx) => ({ environment: envJson(envOf(ctx).env) }) },
  {
    method: 'PATCH',
    path: '/api/v1/projects/:projectId/environments/:envId',
    auth: 'any',
    handler(ctx) {
      const { project, env } = envOf(ctx);
      requireAdmin(ctx.state, project.id, ctx.who, 'environments');
      if (typeof ctx.body.name === 'string') env.name = ctx.body.name;
      if (typeof ctx.body.slug === 'string') env.slug = requireSlug(ctx.body, 'slug');
      if (typeof ctx.body.position === 'number') env.position = ctx.body.position;
      env.updatedAt = ctx.state.iso();
      return { message: 'Successfully updated environment', projectId: project.id, environment: envJson(env) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/projects/:projectId/environments/:envId',
    auth: 'any',
    handler(ctx) {
      const { project, env } = envOf(ctx);
      requireAdmin(ctx.state, project.id, ctx.who, 'environments');
      project.environments = project.environments.filter((e) => e !== env);
      ctx.state.secrets = ctx.state.secrets.filter((s) => !(s.projectId === project.id && s.envSlug === env.slug));
      return { message: 'Successfully deleted environment', projectId: project.id, environment: envJson(env) };
    },
  },
];
