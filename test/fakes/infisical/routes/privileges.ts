import type { SimPrivilege } from '../access-state';
import { grantsFromPermissions } from '../casl-grants';
import { badRequest, notFound, permissionDenied, validation, type ZodIssue } from '../errors';
import { isProjectAdmin, requireMember } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId } from '../state';
import { parseDuration } from '../tokens';
import { requireString } from '../validate';
import { privilegeJson } from './access-json';

/**
 * User additional privileges, `/api/v1/user-project-additional-privilege` (ACCESS_REQUESTS.md §1b,
 * ee/routes/v1/user-additional-privilege-router.ts @4af40163). User JWT only. Creating, editing and deleting need
 * project admin; a privilege created by an access approval can be neither edited nor deleted here (the router
 * refuses with 400), so access from a request ends at its `temporaryAccessEndTime` or by revoking the request.
 */
const BASE = '/api/v1/user-project-additional-privilege';

function membershipFor(ctx: RouteCtx, id: string) {
  const m = ctx.state.memberships.find((x) => x.id === id && x.actorType === 'user');
  if (!m) throw notFound(`Project membership with ID '${id}' not found`);
  requireMember(ctx.state, m.projectId, ctx.who);
  return m;
}

function privilegeFor(ctx: RouteCtx): SimPrivilege {
  const p = ctx.state.privileges.find((x) => x.id === ctx.params.privilegeId);
  if (!p) throw notFound(`Privilege with id ${ctx.params.privilegeId} not found`);
  requireMember(ctx.state, p.projectId, ctx.who);
  return p;
}

function requireGrantPrivileges(ctx: RouteCtx, projectId: string) {
  if (!isProjectAdmin(ctx.state, projectId, ctx.who.id)) throw permissionDenied('grant-privileges', 'member', {});
}

/** `type`: `{isTemporary:false}` | `{isTemporary:true, temporaryMode:"relative", temporaryRange, temporaryAccessStartTime}`. */
function readType(ctx: RouteCtx): Pick<SimPrivilege, 'isTemporary' | 'temporaryMode' | 'temporaryRange' | 'startsAtMs' | 'endsAtMs'> {
  const type = (ctx.body.type ?? {}) as Record<string, unknown>;
  if (type.isTemporary !== true) return { isTemporary: false, temporaryMode: null, temporaryRange: null, startsAtMs: null, endsAtMs: null };
  const range = typeof type.temporaryRange === 'string' ? parseDuration(type.temporaryRange) : null;
  if (type.temporaryMode !== 'relative' || range === null) {
    throw validation([{ code: 'custom', path: ['type', 'temporaryRange'], message: 'Temporary range must be a positive number' } as ZodIssue]);
  }
  const start = typeof type.temporaryAccessStartTime === 'string' ? Date.parse(type.temporaryAccessStartTime) : NaN;
  if (Number.isNaN(start)) throw validation([{ code: 'invalid_string', validation: 'datetime', path: ['type', 'temporaryAccessStartTime'], message: 'Invalid datetime' } as ZodIssue]);
  return { isTemporary: true, temporaryMode: 'relative', temporaryRange: String(type.temporaryRange), startsAtMs: start, endsAtMs: start + range };
}

function readPermissions(ctx: RouteCtx): unknown[] {
  const permissions = ctx.body.permissions;
  if (!Array.isArray(permissions)) throw validation([{ code: 'invalid_type', expected: 'array', received: typeof permissions, path: ['permissions'], message: 'Required' }]);
  return permissions;
}

export const privilegeRoutes: Route[] = [
  {
    method: 'POST', path: BASE, auth: 'user',
    handler(ctx) {
      const m = membershipFor(ctx, requireString(ctx.body, 'projectMembershipId'));
      requireGrantPrivileges(ctx, m.projectId);
      const permissions = readPermissions(ctx);
      const at = ctx.state.iso();
      const privilege: SimPrivilege = {
        id: newId(), slug: typeof ctx.body.slug === 'string' ? ctx.body.slug : newId().slice(0, 8), projectId: m.projectId, userId: m.actorId,
        permissions, grants: grantsFromPermissions(permissions), ...readType(ctx), requestId: null, createdAt: at, updatedAt: at,
      };
      ctx.state.privileges.push(privilege);
      return { privilege: privilegeJson(ctx, privilege) };
    },
  },
  {
    method: 'GET', path: BASE, auth: 'user',
    handler(ctx) {
      const m = membershipFor(ctx, requireString(ctx.query, 'projectMembershipId'));
      const mine = ctx.state.privileges.filter((p) => p.userId === m.actorId && p.projectId === m.projectId);
      return { privileges: mine.map((p) => ({ ...privilegeJson(ctx, p), permissions: undefined, isLinkedToAccessApproval: p.requestId !== null })) };
    },
  },
  { method: 'GET', path: `${BASE}/:privilegeId`, auth: 'user', handler: (ctx) => ({ privilege: privilegeJson(ctx, privilegeFor(ctx)) }) },
  {
    method: 'PATCH', path: `${BASE}/:privilegeId`, auth: 'user',
    handler(ctx) {
      const p = privilegeFor(ctx);
      if (p.requestId !== null) throw badRequest('Cannot update a privilege that was created from an access approval request');
      requireGrantPrivileges(ctx, p.projectId);
      if (ctx.body.permissions !== undefined) Object.assign(p, { permissions: readPermissions(ctx), grants: grantsFromPermissions(readPermissions(ctx)) });
      if (ctx.body.type !== undefined) Object.assign(p, readType(ctx));
      if (typeof ctx.body.slug === 'string') p.slug = ctx.body.slug;
      p.updatedAt = ctx.state.iso();
      return { privilege: privilegeJson(ctx, p) };
    },
  },
  {
    method: 'DELETE', path: `${BASE}/:privilegeId`, auth: 'user',
    handler(ctx) {
      const p = privilegeFor(ctx);
      if (p.requestId !== null) throw badRequest('Cannot delete a privilege that was created from an access approval request');
      requireGrantPrivileges(ctx, p.projectId);
      ctx.state.privileges = ctx.state.privileges.filter((x) => x !== p);
      return { privilege: privilegeJson(ctx, p) };
    },
  },
];
