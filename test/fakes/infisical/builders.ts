import type { SimOrg } from './access-state';
import { fakeUuid, normalizePath, type Grant, type SimIdentity, type SimMembership, type SimProject, type SimRoleEntry, type SimSecret, type SimState, type SimUser } from './state';

/** Small constructors shared by the seed and the write routes, so both produce the same shapes. */
export function addProject(state: SimState, p: { name: string; slug: string; envs?: Array<[name: string, slug: string]>; id?: string }): SimProject {
  const id = p.id ?? fakeUuid(`project:${p.slug}`);
  const at = state.iso();
  const project: SimProject = { id, name: p.name, slug: p.slug, description: null, orgId: state.orgId, createdAt: at, updatedAt: at, environments: [] };
  state.projects.push(project);
  const envs = p.envs ?? [['Development', 'dev'], ['Staging', 'staging'], ['Production', 'prod']];
  envs.forEach(([name, slug]) => addEnvironment(state, project, name, slug));
  return project;
}

export function addEnvironment(state: SimState, project: SimProject, name: string, slug: string, position?: number) {
  const at = state.iso();
  const env = { id: fakeUuid(`env:${project.id}:${slug}`), name, slug, position: position ?? project.environments.length + 1, projectId: project.id, createdAt: at, updatedAt: at };
  project.environments.push(env);
  return env;
}

/** Creates the folder and any missing parents (like `mkdir -p`). */
export function addFolder(state: SimState, projectId: string, envSlug: string, path: string, description: string | null = null) {
  const full = normalizePath(path);
  if (full === '/') return undefined;
  let parentId: string | null = state.rootFolderId(projectId, envSlug);
  let current = '';
  let folder = undefined;
  for (const name of full.split('/').filter(Boolean)) {
    current += `/${name}`;
    folder = state.folderAt(projectId, envSlug, current);
    if (!folder) {
      const at = state.iso();
      folder = { id: fakeUuid(`folder:${projectId}:${envSlug}:${current}`), projectId, envSlug, path: current, name, parentId, version: 1, description: current === full ? description : null, createdAt: at, updatedAt: at, lastSecretModified: null };
      state.folders.push(folder);
    }
    parentId = folder.id;
  }
  return folder;
}

export function addSecret(
  state: SimState,
  s: { projectId: string; env: string; path?: string; key: string; value: string; comment?: string; type?: 'shared' | 'personal'; userId?: string; tags?: string[]; metadata?: Record<string, string> },
): SimSecret {
  const path = normalizePath(s.path);
  addFolder(state, s.projectId, s.env, path);
  const at = state.iso();
  const secret: SimSecret = {
    id: fakeUuid(`secret:${s.projectId}:${s.env}:${path}:${s.key}:${s.type ?? 'shared'}:${s.userId ?? ''}`),
    projectId: s.projectId,
    envSlug: s.env,
    path,
    key: s.key,
    value: s.value,
    comment: s.comment ?? '',
    type: s.type ?? 'shared',
    userId: s.userId ?? null,
    version: 1,
    history: [{ version: 1, value: s.value, updatedAt: at }],
    tags: (s.tags ?? []).map((slug) => ({ id: fakeUuid(`tag:${s.projectId}:${slug}`), slug, color: '#5b8def', name: slug })),
    metadata: Object.entries(s.metadata ?? {}).map(([key, value]) => ({ key, value, isEncrypted: false })),
    skipMultilineEncoding: false,
    reminderNote: null,
    reminderRepeatDays: null,
    createdAt: at,
    updatedAt: at,
  };
  state.secrets.push(secret);
  return secret;
}

export function addIdentity(state: SimState, i: { name: string; clientId: string; clientSecret: string; accessTokenTTL?: number; accessTokenMaxTTL?: number; orgAdmin?: boolean }): SimIdentity {
  const identity: SimIdentity = {
    id: fakeUuid(`identity:${i.name}`),
    name: i.name,
    clientId: i.clientId,
    clientSecret: i.clientSecret,
    clientSecretId: fakeUuid(`client-secret:${i.name}`),
    accessTokenTTL: i.accessTokenTTL ?? 2_592_000,
    accessTokenMaxTTL: i.accessTokenMaxTTL ?? 2_592_000,
    orgAdmin: i.orgAdmin ?? false,
  };
  state.identities.push(identity);
  return identity;
}

export function addOrg(state: SimState, o: { name: string; slug: string }): SimOrg {
  const at = state.iso();
  const org: SimOrg = { id: fakeUuid(`org:${o.slug}`), name: o.name, slug: o.slug, createdAt: at, updatedAt: at };
  state.orgs.push(org);
  return org;
}

export function addUser(
  state: SimState,
  u: { email: string; firstName: string; lastName: string; password: string; orgAdmin?: boolean; orgIds?: string[]; mfa?: boolean; legacySrp?: boolean },
): SimUser {
  const user: SimUser = {
    id: fakeUuid(`user:${u.email}`), email: u.email, username: u.email, firstName: u.firstName, lastName: u.lastName, orgAdmin: u.orgAdmin ?? false,
    password: u.password, orgIds: u.orgIds ?? [state.orgId], mfa: u.mfa ?? false, legacySrp: u.legacySrp ?? false,
  };
  state.users.push(user);
  return user;
}

export function roleEntry(state: SimState, role: string, temp?: { range: string; startMs: number; endMs: number }): SimRoleEntry {
  return {
    id: fakeUuid(`role:${role}:${Math.random()}`),
    role,
    isTemporary: temp !== undefined,
    temporaryMode: temp ? 'relative' : null,
    temporaryRange: temp?.range ?? null,
    temporaryAccessStartTime: temp ? state.iso(temp.startMs) : null,
    temporaryAccessEndTime: temp ? state.iso(temp.endMs) : null,
  };
}

export function addMembership(state: SimState, projectId: string, actor: { id: string; type: 'identity' | 'user' }, roles: string[]): SimMembership {
  const at = state.iso();
  const m: SimMembership = {
    id: fakeUuid(`membership:${projectId}:${actor.id}`),
    projectId,
    actorId: actor.id,
    actorType: actor.type,
    roles: roles.map((r) => roleEntry(state, r)),
    createdAt: at,
    updatedAt: at,
  };
  state.memberships.push(m);
  return m;
}

export function addCustomRole(state: SimState, projectId: string, slug: string, name: string, grants: Grant[]) {
  state.customRoles.set(`${projectId}:${slug}`, { id: fakeUuid(`custom-role:${projectId}:${slug}`), name, grants });
}
