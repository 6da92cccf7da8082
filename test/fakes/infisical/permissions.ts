import { privilegeActive } from './access-state';
import { forbidden, permissionDenied } from './errors';
import type { Grant, SimMembership, SimState } from './state';

/** Built-in project roles (Infisical's admin / member / viewer / no-access), as grants. */
const BUILT_IN: Record<string, Grant[]> = {
  admin: [{ env: '*', actions: ['read', 'write', 'admin'] }],
  member: [{ env: '*', actions: ['read', 'write'] }],
  viewer: [{ env: '*', actions: ['read'] }],
  'no-access': [],
};
export const isBuiltInRole = (slug: string) => slug in BUILT_IN;

export type Action = 'read' | 'write' | 'admin';

/**
 * Who is calling: resolved from the bearer token by the server. A user token carries the organization it was
 * issued for (`select-organization`); a token from `/api/v3/auth/login` alone has none (`orgId: null`).
 */
export type Principal = { type: 'identity'; id: string; tokenId: string } | { type: 'user'; id: string; orgId: string | null; sessionId: string };

/**
 * Grants of a membership right now: expired temporary roles and the user's lapsed additional privileges no
 * longer count (B.8, §1b). Computed on every request from the clock, so access ends without any job.
 */
export function activeGrants(state: SimState, m: SimMembership): Grant[] {
  const now = state.now();
  const grants: Grant[] = [];
  for (const role of m.roles) {
    if (role.isTemporary && role.temporaryAccessEndTime && Date.parse(role.temporaryAccessEndTime) <= now) continue;
    if (role.isTemporary && role.temporaryAccessStartTime && Date.parse(role.temporaryAccessStartTime) > now) continue;
    grants.push(...(BUILT_IN[role.role] ?? state.customRoles.get(`${m.projectId}:${role.role}`)?.grants ?? []));
  }
  if (m.actorType === 'user') {
    for (const p of state.privileges) if (p.userId === m.actorId && p.projectId === m.projectId && privilegeActive(p, now)) grants.push(...p.grants);
  }
  return grants;
}

/** Infisical matches `secretPath` conditions with picomatch globs; `*` stays in one folder, `**` crosses them. */
export function globMatches(glob: string, path: string): boolean {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

export function can(state: SimState, projectId: string, actorId: string, env: string, action: Action, path = '/'): boolean {
  const m = state.membershipOf(projectId, actorId);
  if (!m) return false;
  return activeGrants(state, m).some((g) => (g.env === '*' || g.env === env) && g.actions.includes(action) && (g.path === undefined || globMatches(g.path, path)));
}

/**
 * The caller must be a member of the project at all (otherwise the project is invisible to it), and a user's
 * token must be for the project's organization (permission-service: "You are not logged into this organization").
 */
export function requireMember(state: SimState, projectId: string, who: Principal): SimMembership {
  const m = state.membershipOf(projectId, who.id);
  if (!m) throw forbidden();
  if (who.type === 'user' && state.projectById(projectId)?.orgId !== who.orgId) throw forbidden(undefined, 'You are not logged into this organization');
  return m;
}

/** Projects a caller can see: member of, and (for a user token) in the token's organization. */
export const visibleTo = (state: SimState, who: Principal) =>
  state.projects.filter((p) => state.membershipOf(p.id, who.id) && (who.type !== 'user' || p.orgId === who.orgId));

/** Throws the CASL-style 403 the real error handler renders. */
export function requireSecretAccess(state: SimState, projectId: string, who: Principal, env: string, path: string, action: Exclude<Action, 'admin'>): void {
  requireMember(state, projectId, who);
  if (!can(state, projectId, who.id, env, action, path)) {
    throw permissionDenied(action === 'read' ? 'read' : 'edit', 'secrets', { environment: env, secretPath: { $glob: path } });
  }
}

export function requireAdmin(state: SimState, projectId: string, who: Principal, subject: string): void {
  requireMember(state, projectId, who);
  if (!can(state, projectId, who.id, '*', 'admin')) throw permissionDenied('edit', subject, {});
}

export const isProjectAdmin = (state: SimState, projectId: string, actorId: string) => can(state, projectId, actorId, '*', 'admin');
