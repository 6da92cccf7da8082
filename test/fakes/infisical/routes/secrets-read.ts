import { badRequest, notFound } from '../errors';
import { can, requireSecretAccess } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { expandValue, importedSecretJson, secretJson, visibleSecrets } from '../secrets-view';
import { normalizePath, type SimProject, type SimSecret } from '../state';
import { strictBool } from '../validate';

/** v3 raw (`workspaceId`/`workspaceSlug`) and v4 (`projectId`) read routes (B.5). */
export function resolveProject(ctx: RouteCtx, version: 'v3' | 'v4', source: Record<string, unknown>): SimProject | undefined {
  const id = (version === 'v3' ? source.workspaceId : source.projectId) as string | undefined;
  if (id) {
    const p = ctx.state.projectById(id);
    if (!p) throw notFound(`Project with ID '${id}' not found`);
    return p;
  }
  const slug = version === 'v3' ? (source.workspaceSlug as string | undefined) : (source.projectSlug as string | undefined);
  if (slug) {
    const p = ctx.state.projectBySlug(slug);
    if (!p) throw notFound(`Project with slug '${slug}' not found`);
    return p;
  }
  return undefined;
}

const envMissing = (slug: string, projectId: string) => notFound(`Environment with slug '${slug}' in project with ID ${projectId} not found`);

function valueOf(ctx: RouteCtx, s: SimSecret, expand: boolean, raw = s.value): string {
  return expand ? expandValue(ctx.state, ctx.who, { ...s, value: raw }) : raw;
}

function list(version: 'v3' | 'v4') {
  return (ctx: RouteCtx) => {
    const q = ctx.query;
    const recursive = strictBool(q, 'recursive', false);
    const includeImports = strictBool(q, 'include_imports', false);
    const expand = strictBool(q, 'expandSecretReferences', false);
    const view = strictBool(q, 'viewSecretValue', true);
    const project = resolveProject(ctx, version, q);
    const env = q.environment;
    if (!project || !env) throw badRequest('Missing project id or environment');
    const path = normalizePath(q.secretPath);
    if (!project.environments.some((e) => e.slug === env)) {
      if (recursive || ctx.options.unknownEnvNonRecursive === 'not-found') throw envMissing(env, project.id);
      return { secrets: [], imports: [] };
    }
    requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'read');
    if (!ctx.state.pathExists(project.id, env, path)) return { secrets: [], imports: [] };
    const under = (p: string) => p === path || (recursive && (path === '/' || p.startsWith(`${path}/`)));
    let found = visibleSecrets(ctx.state, ctx.who, project.id, env, under);
    const tags = q.tagSlugs?.split(',').filter(Boolean);
    if (tags?.length) found = found.filter((s) => s.tags.some((t) => tags.includes(t.slug)));
    const secrets = found.map((s) => secretJson(s, view ? valueOf(ctx, s, expand) : '', !view));
    if (!includeImports) return ctx.options.importsWhenNotRequested === 'omit' ? { secrets } : { secrets, imports: [] };
    const imports = ctx.state.imports
      .filter((i) => i.projectId === project.id && i.envSlug === env && i.path === path)
      // An import the caller may not read is left out rather than failing the whole list.
      .filter((i) => can(ctx.state, project.id, ctx.who.id, i.fromEnv, 'read', i.fromPath))
      .map((i) => ({
        secretPath: i.fromPath,
        environment: i.fromEnv,
        folderId: ctx.state.folderAt(project.id, i.fromEnv, i.fromPath)?.id ?? ctx.state.rootFolderId(project.id, i.fromEnv),
        secrets: visibleSecrets(ctx.state, ctx.who, project.id, i.fromEnv, (p) => p === i.fromPath).map((s) =>
          importedSecretJson(s, view ? valueOf(ctx, s, expand) : '', !view),
        ),
      }));
    return { secrets, imports };
  };
}

function getOne(version: 'v3' | 'v4') {
  return (ctx: RouteCtx) => {
    const q = ctx.query;
    const includeImports = strictBool(q, 'include_imports', false);
    const expand = strictBool(q, 'expandSecretReferences', false);
    const view = strictBool(q, 'viewSecretValue', true);
    const project = resolveProject(ctx, version, q);
    if (!project) throw badRequest(version === 'v4' ? 'You must provide  workspaceId' : 'Missing project id');
    const env = q.environment;
    if (!env) throw badRequest('Missing environment');
    if (!project.environments.some((e) => e.slug === env)) throw envMissing(env, project.id);
    const path = normalizePath(q.secretPath);
    const name = ctx.params.secretName!;
    requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'read');
    const type = q.type === 'personal' ? 'personal' : undefined;
    let secret = visibleSecrets(ctx.state, ctx.who, project.id, env, (p) => p === path).find((s) => s.key === name && (!type || s.type === type));
    if (!secret && includeImports) {
      for (const i of ctx.state.imports.filter((x) => x.projectId === project.id && x.envSlug === env && x.path === path)) {
        if (!can(ctx.state, project.id, ctx.who.id, i.fromEnv, 'read', i.fromPath)) continue;
        secret = visibleSecrets(ctx.state, ctx.who, project.id, i.fromEnv, (p) => p === i.fromPath).find((s) => s.key === name);
        if (secret) break;
      }
    }
    if (!secret) throw notFound(`Secret with name '${name}' not found`);
    let raw = secret.value;
    let shown = secret;
    if (q.version !== undefined) {
      const old = secret.history.find((h) => h.version === Number(q.version));
      if (!old) throw notFound(`Secret with name '${name}' and version ${q.version} not found`);
      raw = old.value;
      shown = { ...secret, version: old.version, updatedAt: old.updatedAt };
    }
    return { secret: secretJson(shown, view ? valueOf(ctx, secret, expand, raw) : '', !view) };
  };
}

export const secretReadRoutes: Route[] = [
  { method: 'GET', path: '/api/v3/secrets/raw', auth: 'any', handler: list('v3') },
  { method: 'GET', path: '/api/v4/secrets', auth: 'any', handler: list('v4') },
  {
    method: 'GET',
    path: '/api/v3/secrets/raw/id/:secretId',
    auth: 'any',
    handler(ctx) {
      const s = ctx.state.secrets.find((x) => x.id === ctx.params.secretId);
      if (!s) throw notFound(`Secret with ID '${ctx.params.secretId}' not found`);
      requireSecretAccess(ctx.state, s.projectId, ctx.who, s.envSlug, s.path, 'read');
      return { secret: secretJson(s, s.value, false) };
    },
  },
  { method: 'GET', path: '/api/v3/secrets/raw/:secretName', auth: 'any', handler: getOne('v3') },
  { method: 'GET', path: '/api/v4/secrets/:secretName', auth: 'any', handler: getOne('v4') },
];
