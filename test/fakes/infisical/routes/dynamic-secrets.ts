import { randomBytes } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { requireSecretAccess } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId, normalizePath, type SimDynamicSecret, type SimLease } from '../state';
import { parseDuration } from '../tokens';
import { requireString } from '../validate';

/**
 * Dynamic-secret routes the SDK calls. Not in BACKENDS_API.md: shapes follow the SDK's types. Providers are not
 * contacted; a lease hands out generated, obviously fake credentials.
 */
function place(ctx: RouteCtx, source: Record<string, unknown>) {
  const slug = requireString(source, 'projectSlug');
  const project = ctx.state.projectBySlug(slug);
  if (!project) throw notFound(`Project with slug '${slug}' not found`);
  const env = requireString(source, 'environmentSlug');
  if (!project.environments.some((e) => e.slug === env)) throw notFound(`Environment with slug '${env}' in project with ID ${project.id} not found`);
  return { project, env, path: normalizePath(source.path as string | undefined) };
}

const dsJson = (d: SimDynamicSecret) => ({
  id: d.id, name: d.name, version: 1, type: d.type, defaultTTL: d.defaultTTL, maxTTL: d.maxTTL, folderId: null,
  status: null, statusDetails: null, createdAt: d.createdAt, updatedAt: d.updatedAt, metadata: d.metadata ?? [],
  provider: { type: d.type, inputs: {} },
});
const leaseJson = (l: SimLease, at: (ms: number) => string) => ({
  id: l.id, version: 1, externalEntityId: l.externalEntityId, expireAt: at(l.expireAtMs), status: null, statusDetails: null,
  dynamicSecretId: l.dynamicSecretId, createdAt: l.createdAt, updatedAt: l.updatedAt,
});

function findDs(ctx: RouteCtx, name: string, source: Record<string, unknown>, action: 'read' | 'write') {
  const { project, env, path } = place(ctx, source);
  requireSecretAccess(ctx.state, project.id, ctx.who, env, path, action);
  const ds = ctx.state.dynamicSecrets.find((d) => d.projectId === project.id && d.envSlug === env && d.path === path && d.name === name);
  if (!ds) throw notFound(`Dynamic secret with name '${name}' in folder with path '${path}' not found`);
  return ds;
}

function ttlMs(ctx: RouteCtx, value: unknown, fallback: string): number {
  const ms = parseDuration(typeof value === 'string' ? value : fallback);
  if (ms === null) throw badRequest('TTL must be a positive duration');
  return ms;
}

function findLease(ctx: RouteCtx) {
  const lease = ctx.state.leases.find((l) => l.id === ctx.params.leaseId);
  if (!lease) throw notFound(`Lease with ID '${ctx.params.leaseId}' not found`);
  const ds = ctx.state.dynamicSecrets.find((d) => d.id === lease.dynamicSecretId)!;
  return { lease, ds };
}

export const dynamicSecretRoutes: Route[] = [
  {
    method: 'POST', path: '/api/v1/dynamic-secrets', auth: 'any',
    handler(ctx) {
      const { project, env, path } = place(ctx, ctx.body);
      requireSecretAccess(ctx.state, project.id, ctx.who, env, path, 'write');
      const name = requireString(ctx.body, 'name');
      if (ctx.state.dynamicSecrets.some((d) => d.projectId === project.id && d.envSlug === env && d.path === path && d.name === name)) throw badRequest('Provided dynamic secret already exist under the folder');
      const provider = (ctx.body.provider ?? {}) as { type?: string; inputs?: Record<string, unknown> };
      const at = ctx.state.iso();
      const ds: SimDynamicSecret = { id: newId(), name, projectId: project.id, envSlug: env, path, type: String(provider.type ?? 'sql-database'), inputs: provider.inputs ?? {}, defaultTTL: requireString(ctx.body, 'defaultTTL'), maxTTL: (ctx.body.maxTTL as string | undefined) ?? null, metadata: ctx.body.metadata, createdAt: at, updatedAt: at };
      ttlMs(ctx, ds.defaultTTL, '1h');
      ctx.state.dynamicSecrets.push(ds);
      return { dynamicSecret: dsJson(ds) };
    },
  },
  {
    method: 'DELETE', path: '/api/v1/dynamic-secrets/:name', auth: 'any',
    handler(ctx) {
      const ds = findDs(ctx, ctx.params.name!, ctx.body, 'write');
      ctx.state.dynamicSecrets = ctx.state.dynamicSecrets.filter((d) => d !== ds);
      ctx.state.leases = ctx.state.leases.filter((l) => l.dynamicSecretId !== ds.id);
      return { dynamicSecret: dsJson(ds) };
    },
  },
  {
    method: 'POST', path: '/api/v1/dynamic-secrets/leases', auth: 'any',
    handler(ctx) {
      const ds = findDs(ctx, requireString(ctx.body, 'dynamicSecretName'), ctx.body, 'read');
      const at = ctx.state.iso();
      const username = `fake-user-${randomBytes(4).toString('hex')}`;
      const lease: SimLease = { id: newId(), dynamicSecretId: ds.id, externalEntityId: username, expireAtMs: ctx.state.now() + ttlMs(ctx, ctx.body.ttl, ds.defaultTTL), createdAt: at, updatedAt: at, data: { DB_USERNAME: username, DB_PASSWORD: `fake-pass-${randomBytes(8).toString('hex')}` } };
      ctx.state.leases.push(lease);
      return { lease: leaseJson(lease, (ms) => ctx.state.iso(ms)), dynamicSecret: dsJson(ds), data: lease.data };
    },
  },
  {
    method: 'DELETE', path: '/api/v1/dynamic-secrets/leases/:leaseId', auth: 'any',
    handler(ctx) {
      const { lease, ds } = findLease(ctx);
      findDs(ctx, ds.name, ctx.body, 'read');
      ctx.state.leases = ctx.state.leases.filter((l) => l !== lease);
      return { lease: leaseJson(lease, (ms) => ctx.state.iso(ms)) };
    },
  },
  {
    method: 'POST', path: '/api/v1/dynamic-secrets/leases/:leaseId/renew', auth: 'any',
    handler(ctx) {
      const { lease, ds } = findLease(ctx);
      findDs(ctx, ds.name, ctx.body, 'read');
      lease.expireAtMs = ctx.state.now() + ttlMs(ctx, ctx.body.ttl, ds.defaultTTL);
      lease.updatedAt = ctx.state.iso();
      return { lease: leaseJson(lease, (ms) => ctx.state.iso(ms)) };
    },
  },
];
