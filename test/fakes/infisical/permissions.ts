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

/** Who is calling: resolved from the bearer token by the server. */
export type Principal = { type: 'identity'; id: string; tokenId: string } | { type: 'user'; id: string };

/** Grants of a membership right now: expired temporary roles and privileges no longer count (B.8). */
export function activeGrants(state: SimState, m: SimMembership): Grant[] {
  const now = state.now();
  const grants: Grant[] = [];
  for (const role of m.roles) {
    if (role.isTemporary && role.temporaryAccessEndTime && Date.parse(role.temporaryAccessEndTime) <= now) continue;
    if (role.isTemporary && role.temporaryAccessStartTime && Date.parse(role.temporaryAccessStartTime) > now) continue;
    grants.push(...(BUILT_IN[role.role] ?? state.customRoles.get(`${m.projectId}:${role.role}`)?.grants ?? []));
  }
  for (const p of m.privileges) if (p.startsAt <= now && (p.endsAt === null || p.endsAt > now)) grants.push(p.grant);
  return grants;
}

export function can(state: SimState, projectId: string, actorId: string, env: string, action: Action): boolean {
  const m = state.membershipOf(projectId, actorId);
  if (!m) return false;
  return activeGrants(state, m).some((g) => (g.env === '*' || g.env === env) && g.actions.includes(action));
}

/** The caller must be a member of the project at all (otherwise the project is invisible to it). */
export function requireMember(state: SimState, projectId: string, who: Principal): SimMembership {
  const m = state.membershipOf(projectId, who.id);
  if (!m) throw forbidden();
  return m;
}

/** Throws the CASL-style 403 the real error handler renders. */
export function requireSecretAccess(state: SimState, projectId: string, who: Principal, env: string, path: string, action: Exclude<Action, 'admin'>): void {
  requireMember(state, projectId, who);
  if (!can(state, projectId, who.id, env, action)) {
    throw permissionDenied(action === 'read' ? 'read' : 'edit', 'secrets', { environment: env, secretPath: { $glob: path } });
  }
}

export function requireAdmin(state: SimState, projectId: string, who: Principal, subject: string): void {
  requireMember(state, projectId, who);
  if (!can(state, projectId, who.id, '*', 'admin')) throw permissionDenied('edit', subject, {});
}
