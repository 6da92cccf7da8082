import { addMembership, roleEntry } from '../builders';
import { badRequest, notFound, validation, type ZodIssue } from '../errors';
import { isBuiltInRole, requireAdmin } from '../permissions';
import type { Route, RouteCtx } from '../server';
import type { SimMembership, SimRoleEntry, SimState } from '../state';
import { parseDuration } from '../tokens';
import { projectFor } from './projects';

/** B.8: memberships and temporary project access. */
export function roleJson(state: SimState, projectId: string, r: SimRoleEntry) {
  const custom = isBuiltInRole(r.role) ? undefined : state.customRoles.get(`${projectId}:${r.role}`);
  return {
    id: r.id,
    role: custom ? 'custom' : r.role,
    customRoleId: custom?.id ?? null,
    customRoleName: custom?.name ?? null,
    customRoleSlug: custom ? r.role : null,
    isTemporary: r.isTemporary,
    temporaryMode: r.temporaryMode,
    temporaryRange: r.temporaryRange,
    temporaryAccessStartTime: r.temporaryAccessStartTime,
    temporaryAccessEndTime: r.temporaryAccessEndTime,
  };
}

/** The request-side union: `{role, isTemporary:false}` or `{role, isTemporary:true, temporaryMode:"relative", temporaryRange, temporaryAccessStartTime}`. */
function parseRoles(ctx: RouteCtx, projectId: string): SimRoleEntry[] {
  const raw = ctx.body.roles;
  if (!Array.isArray(raw) || raw.length === 0) throw validation([{ code: 'too_small', minimum: 1, type: 'array', inclusive: true, exact: false, path: ['roles'], message: 'Array must contain at least 1 element(s)' } as ZodIssue]);
  return raw.map((entry: Record<string, unknown>, i) => {
    const role = entry?.role;
    if (typeof role !== 'string') throw validation([{ code: 'invalid_type', expected: 'string', received: typeof role, path: ['roles', i, 'role'], message: 'Required' }]);
    if (!isBuiltInRole(role) && !ctx.state.customRoles.has(`${projectId}:${role}`)) throw notFound(`Project role with slug '${role}' not found`);
    if (entry.isTemporary !== true) return roleEntry(ctx.state, role);
    const range = typeof entry.temporaryRange === 'string' ? parseDuration(entry.temporaryRange) : null;
    if (entry.temporaryMode !== 'relative' || range === null) {
      throw validation([{ code: 'custom', path: ['roles', i, 'temporaryRange'], message: 'Temporary range must be a positive number' } as ZodIssue]);
    }
    const start = typeof entry.temporaryAccessStartTime === 'string' ? Date.parse(entry.temporaryAccessStartTime) : NaN;
    if (Number.isNaN(start)) throw validation([{ code: 'invalid_string', validation: 'datetime', path: ['roles', i, 'temporaryAccessStartTime'], message: 'Invalid datetime' } as ZodIssue]);
    return roleEntry(ctx.state, role, { range: String(entry.temporaryRange), startMs: start, endMs: start + range });
  });
}

function identityMembershipJson(state: SimState, m: SimMembership) {
  const identity = state.identities.find((i) => i.id === m.actorId)!;
  const project = state.projectById(m.projectId)!;
  return {
    id: m.id,
    identityId: m.actorId,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    roles: m.roles.map((r) => roleJson(state, m.projectId, r)),
    identity: { name: identity.name, id: identity.id, authMethod: 'universal-auth' },
    project: { name: project.name, id: project.id },
  };
}

function identityMembership(ctx: RouteCtx) {
  const project = projectFor(ctx, ctx.params.projectId!);
  requireAdmin(ctx.state, project.id, ctx.who, 'identity');
  const identity = ctx.state.identities.find((i) => i.id === ctx.params.identityId);
  if (!identity) throw notFound(`Identity with ID ${ctx.params.identityId} not found`);
  return { project, identity, membership: ctx.state.membershipOf(project.id, identity.id) };
}

const identityRoutes = (base: string): Route[] => [
  {
    method: 'GET',
    path: base,
    auth: 'any',
    handler(ctx) {
      const project = projectFor(ctx, ctx.params.projectId!);
      requireAdmin(ctx.state, project.id, ctx.who, 'identity');
      const list = ctx.state.memberships.filter((m) => m.projectId === project.id && m.actorType === 'identity');
      return { identityMemberships: list.map((m) => identityMembershipJson(ctx.state, m)), totalCount: list.length };
    },
  },
  {
    method: 'POST',
    path: `${base}/:identityId`,
    auth: 'any',
    handler(ctx) {
      const { project, identity, membership } = identityMembership(ctx);
      if (membership) throw badRequest('Identity is already a member of the project');
      const m = addMembership(ctx.state, project.id, { id: identity.id, type: 'identity' }, []);
      m.roles = ctx.body.roles ? parseRoles(ctx, project.id) : [roleEntry(ctx.state, typeof ctx.body.role === 'string' ? ctx.body.role : 'no-access')];
      return { identityMembership: identityMembershipJson(ctx.state, m) };
    },
  },
  {
    method: 'PATCH',
    path: `${base}/:identityId`,
    auth: 'any',
    handler(ctx) {
      const { project, membership } = identityMembership(ctx);
      if (!membership) throw notFound('Identity membership not found');
      membership.roles = parseRoles(ctx, project.id);
      membership.updatedAt = ctx.state.iso();
      return { roles: membership.roles.map((r) => roleJson(ctx.state, project.id, r)) };
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:identityId`,
    auth: 'any',
    handler(ctx) {
      const { membership } = identityMembership(ctx);
      if (!membership) throw notFound('Identity membership not found');
      const json = identityMembershipJson(ctx.state, membership);
      ctx.state.memberships = ctx.state.memberships.filter((m) => m !== membership);
      return { identityMembership: json };
    },
  },
];

export const membershipRoutes: Route[] = [
  ...identityRoutes('/api/v2/workspace/:projectId/identity-memberships'),
  // Newer path family (exact shape UNVERIFIED): served with the same bodies.
  ...identityRoutes('/api/v1/projects/:projectId/memberships/identities'),
  {
    method: 'GET',
    path: '/api/v1/projects/:projectId/users',
    auth: 'user',
    handler(ctx) {
      const project = projectFor(ctx, ctx.params.projectId!);
      const users = ctx.state.memberships.filter((m) => m.projectId === project.id && m.actorType === 'user');
      return {
        users: users.map((m) => {
          const u = ctx.state.users.find((x) => x.id === m.actorId)!;
          return {
            id: m.id,
            userId: u.id,
            projectId: project.id,
            createdAt: m.createdAt,
            updatedAt: m.updatedAt,
            user: { email: u.email, username: u.username, firstName: u.firstName, lastName: u.lastName, id: u.id, publicKey: null, isOrgMembershipActive: true },
            project: { name: project.name, id: project.id },
            roles: m.roles.map((r) => roleJson(ctx.state, project.id, r)),
            isGroupMember: false,
          };
        }),
      };
    },
  },
  {
    // Exact path UNVERIFIED (route file not read for the doc).
    method: 'PATCH',
    path: '/api/v1/projects/:projectId/memberships/:membershipId',
    auth: 'any',
    handler(ctx) {
      const project = projectFor(ctx, ctx.params.projectId!);
      requireAdmin(ctx.state, project.id, ctx.who, 'member');
      const membership = ctx.state.memberships.find((m) => m.id === ctx.params.membershipId && m.projectId === project.id && m.actorType === 'user');
      if (!membership) throw notFound(`Project membership with ID '${ctx.params.membershipId}' not found`);
      membership.roles = parseRoles(ctx, project.id);
      return { roles: membership.roles.map((r) => roleJson(ctx.state, project.id, r)) };
    },
  },
  {
    // SDK `projects().inviteMembers` → `{memberships:[…]}`.
    method: 'POST',
    path: '/api/v2/workspace/:projectId/memberships',
    auth: 'any',
    handler(ctx) {
      const project = projectFor(ctx, ctx.params.projectId!);
      requireAdmin(ctx.state, project.id, ctx.who, 'member');
      const wanted = [...((ctx.body.emails as string[] | undefined) ?? []), ...((ctx.body.usernames as string[] | undefined) ?? [])];
      const roleSlugs = (ctx.body.roleSlugs as string[] | undefined) ?? ['member'];
      const users = wanted.map((name) => {
        const user = ctx.state.users.find((u) => u.email === name || u.username === name);
        if (!user) throw badRequest(`User ${name} is not part of the organization`);
        return user;
      });
      const made = users.map((u) => ctx.state.membershipOf(project.id, u.id) ?? addMembership(ctx.state, project.id, { id: u.id, type: 'user' }, roleSlugs));
      return { memberships: made.map((m) => ({ id: m.id, userId: m.actorId, projectId: m.projectId, createdAt: m.createdAt, updatedAt: m.updatedAt })) };
    },
  },
];
