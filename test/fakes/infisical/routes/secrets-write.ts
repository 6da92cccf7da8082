import { addSecret } from '../builders';
import { badRequest, notFound } from '../errors';
import { requireSecretAccess } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { secretJson } from '../secrets-view';
import { normalizePath, type SimSecret } from '../state';
import { optionalString, requireSecretName, requireString } from '../validate';
import { resolveProject } from './secrets-read';

/** v3 raw / v4 create, update, delete (B.5). Bodies carry `workspaceId` (v3) or `projectId` (v4). */
function target(ctx: RouteCtx, version: 'v3' | 'v4') {
  const project = resolveProject(ctx, version, ctx.body);
  if (!project) throw badRequest(version === 'v4' ? 'You must provide  workspaceId' : 'Missing project id');
  const env = requireString(ctx.body, 'environment');
  if (!project.environments.some((e) => e.slug === env)) throw notFound(`Environment with slug '${env}' in project with ID ${project.id} not found`);
  const path = normalizePath(optionalString(ctx.body, 'secretPath'));
  if (!ctx.state.pathExists(project.id, env, path)) throw notFound(`Folder with path '${path}' in environment with slug '${env}' not found`);
  const type = ctx.body.type === 'personal' ? ('personal' as const) : ('shared' as const);
  return { project, env, path, type, name: requireSecretName(ctx.params.secretName!) };
}

function find(ctx: RouteCtx, t: ReturnType<typeof target>): SimSecret {
  const s = ctx.state.secrets.find(
    (x) => x.projectId === t.project.id && x.envSlug === t.env && x.path === t.path && x.key === t.name && x.type === t.type && (t.type === 'shared' || x.userId === ctx.who.id),
  );
  if (!s) throw notFound(`Secret with name '${t.name}' not found`);
  return s;
}

/** The server trims values but keeps one trailing newline. */
const tidy = (value: string) => value.trim() + (value.endsWith('\n') ? '\n' : '');

function touchFolder(ctx: RouteCtx, s: SimSecret) {
  const folder = ctx.state.folderAt(s.projectId, s.envSlug, s.path);
  if (folder) folder.lastSecretModified = ctx.state.iso();
}

const create = (version: 'v3' | 'v4') => (ctx: RouteCtx) => {
  const t = target(ctx, version);
  requireSecretAccess(ctx.state, t.project.id, ctx.who, t.env, t.path, 'write');
  const value = tidy(requireString(ctx.body, 'secretValue'));
  const clash = ctx.state.secrets.some((x) => x.projectId === t.project.id && x.envSlug === t.env && x.path === t.path && x.key === t.name && x.type === t.type && (t.type === 'shared' || x.userId === ctx.who.id));
  if (clash) throw badRequest(ctx.options.duplicateSecretMessage);
  const s = addSecret(ctx.state, { projectId: t.project.id, env: t.env, path: t.path, key: t.name, value, comment: optionalString(ctx.body, 'secretComment'), type: t.type, userId: t.type === 'personal' ? ctx.who.id : undefined });
  s.skipMultilineEncoding = ctx.body.skipMultilineEncoding === true;
  s.reminderNote = optionalString(ctx.body, 'secretReminderNote') ?? null;
  s.reminderRepeatDays = typeof ctx.body.secretReminderRepeatDays === 'number' ? ctx.body.secretReminderRepeatDays : null;
  touchFolder(ctx, s);
  return { secret: secretJson(s, s.value, false) };
};

const update = (version: 'v3' | 'v4') => (ctx: RouteCtx) => {
  const t = target(ctx, version);
  requireSecretAccess(ctx.state, t.project.id, ctx.who, t.env, t.path, 'write');
  const s = find(ctx, t);
  const at = ctx.state.iso();
  const value = optionalString(ctx.body, 'secretValue');
  if (value !== undefined) s.value = tidy(value);
  const rename = optionalString(ctx.body, 'newSecretName');
  if (rename) s.key = requireSecretName(rename, 'newSecretName');
  const comment = optionalString(ctx.body, 'secretComment');
  if (comment !== undefined) s.comment = comment;
  if (typeof ctx.body.skipMultilineEncoding === 'boolean') s.skipMultilineEncoding = ctx.body.skipMultilineEncoding;
  s.version += 1;
  s.updatedAt = at;
  s.history.push({ version: s.version, value: s.value, updatedAt: at });
  touchFolder(ctx, s);
  return { secret: secretJson(s, s.value, false) };
};

const remove = (version: 'v3' | 'v4') => (ctx: RouteCtx) => {
  const t = target(ctx, version);
  requireSecretAccess(ctx.state, t.project.id, ctx.who, t.env, t.path, 'write');
  const s = find(ctx, t);
  ctx.state.secrets = ctx.state.secrets.filter((x) => x !== s);
  touchFolder(ctx, s);
  return { secret: secretJson(s, s.value, false) };
};

export const secretWriteRoutes: Route[] = [
  { method: 'POST', path: '/api/v3/secrets/raw/:secretName', auth: 'any', handler: create('v3') },
  { method: 'PATCH', path: '/api/v3/secrets/raw/:secretName', auth: 'any', handler: update('v3') },
  { method: 'DELETE', path: '/api/v3/secrets/raw/:secretName', auth: 'any', handler: remove('v3') },
  { method: 'POST', path: '/api/v4/secrets/:secretName', auth: 'any', handler: create('v4') },
  { method: 'PATCH', path: '/api/v4/secrets/:secretName', auth: 'any', handler: update('v4') },
  { method: 'DELETE', path: '/api/v4/secrets/:secretName', auth: 'any', handler: remove('v4') },
];
