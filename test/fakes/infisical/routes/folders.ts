import { addFolder } from '../builders';
import { badRequest, notFound, validation, type ZodIssue } from '../errors';
import { requireSecretAccess } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { normalizePath, type SimFolder } from '../state';
import { lenientBool, optionalString, requireString } from '../validate';
import { resolveProject } from './secrets-read';

/** B.6: folders, v2 (`projectId`) and the deprecated v1 (`workspaceId`) the SDK uses. */
function folderJson(ctx: RouteCtx, f: SimFolder) {
  const project = ctx.state.projectById(f.projectId)!;
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    envId: project.environments.find((e) => e.slug === f.envSlug)?.id ?? null,
    parentId: f.parentId,
    isReserved: false,
    description: f.description,
    lastSecretModified: f.lastSecretModified,
  };
}

function place(ctx: RouteCtx, version: 'v1' | 'v2', source: Record<string, unknown>, pathField: string) {
  const project = resolveProject(ctx, version === 'v1' ? 'v3' : 'v4', source);
  if (!project) throw badRequest('Missing project id');
  const env = requireString(source, 'environment');
  if (!project.environments.some((e) => e.slug === env)) throw notFound(`Environment with slug '${env}' in project with ID ${project.id} not found`);
  return { project, env, path: normalizePath(optionalString(source, pathField) ?? (source.directory as string | undefined)) };
}

const list = (version: 'v1' | 'v2') => (ctx: RouteCtx) => {
  const { project, env, path } = place(ctx, version, ctx.query, 'path');
  requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'read');
  const recursive = lenientBool(ctx.query, 'recursive');
  const inEnv = ctx.state.folders.filter((f) => f.projectId === project.id && f.envSlug === env);
  const parent = path === '/' ? ctx.state.rootFolderId(project.id, env) : ctx.state.folderAt(project.id, env, path)?.id;
  if (!parent) return { folders: [] };
  const picked = recursive ? inEnv.filter((f) => path === '/' || f.path.startsWith(`${path}/`)) : inEnv.filter((f) => f.parentId === parent);
  return { folders: picked.map((f) => (recursive ? { ...folderJson(ctx, f), relativePath: f.path } : folderJson(ctx, f))) };
};

const create = (version: 'v1' | 'v2') => (ctx: RouteCtx) => {
  const { project, env, path } = place(ctx, version, ctx.body, 'path');
  const name = requireString(ctx.body, 'name');
  if (!/^[a-zA-Z0-9-_]+$/.test(name)) {
    throw validation([{ code: 'custom', path: ['name'], message: 'Invalid folder name. Only alphanumeric characters, dashes, and underscores are allowed.' } as ZodIssue]);
  }
  requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'write');
  if (!ctx.state.pathExists(project.id, env, path)) throw notFound(`Folder with path '${path}' in environment with slug '${env}' not found`);
  const full = path === '/' ? `/${name}` : `${path}/${name}`;
  if (ctx.state.folderAt(project.id, env, full)) throw badRequest(`Folder with name '${name}' already exists`);
  const folder = addFolder(ctx.state, project.id, env, full, optionalString(ctx.body, 'description') ?? null)!;
  return { folder: { ...folderJson(ctx, folder), path: full } };
};

function byId(ctx: RouteCtx): SimFolder {
  const f = ctx.state.folders.find((x) => x.id === ctx.params.folderId);
  if (!f) throw notFound(`Folder with ID '${ctx.params.folderId}' not found`);
  requireSecretAccess(ctx.state, f.projectId, ctx.who, f.envSlug, f.path, 'read');
  return f;
}

export const folderRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/folders', auth: 'any', handler: list('v1') },
  { method: 'POST', path: '/api/v1/folders', auth: 'any', handler: create('v1') },
  { method: 'GET', path: '/api/v2/folders', auth: 'any', handler: list('v2') },
  { method: 'POST', path: '/api/v2/folders', auth: 'any', handler: create('v2') },
  {
    method: 'GET',
    path: '/api/v2/folders/:folderId',
    auth: 'any',
    handler(ctx) {
      const f = byId(ctx);
      const env = ctx.state.projectById(f.projectId)!.environments.find((e) => e.slug === f.envSlug)!;
      return { folder: { ...folderJson(ctx, f), environment: { envId: env.id, envName: env.name, envSlug: env.slug }, path: f.path, projectId: f.projectId } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/folders/:folderId',
    auth: 'any',
    handler(ctx) {
      const { project, env, path } = place(ctx, 'v2', ctx.body, 'path');
      requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'write');
      const key = ctx.params.folderId!;
      const f = ctx.state.folders.find((x) => x.projectId === project.id && x.envSlug === env && (x.id === key || (x.name === key && x.path === (path === '/' ? `/${key}` : `${path}/${key}`))));
      if (!f) throw notFound(`Folder with ID '${key}' not found`);
      const gone = (p: string) => p === f.path || p.startsWith(`${f.path}/`);
      ctx.state.folders = ctx.state.folders.filter((x) => !(x.projectId === project.id && x.envSlug === env && gone(x.path)));
      ctx.state.secrets = ctx.state.secrets.filter((x) => !(x.projectId === project.id && x.envSlug === env && gone(x.path)));
      return { folder: folderJson(ctx, f) };
    },
  },
];
