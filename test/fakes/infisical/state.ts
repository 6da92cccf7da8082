import { createHash, randomUUID } from 'node:crypto';
import type { Grant, SimAccessRequest, SimOrg, SimPolicy, SimPrivilege, SimSession } from './access-state';

export type { Grant } from './access-state';

/** Stable UUID-shaped ids from a name, so seeded ids are the same on every run (easy to read in failures). */
export function fakeUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
export const newId = () => randomUUID();

export interface SimEnv {
  id: string;
  name: string;
  slug: string;
  position: number;
  projectId: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimProject {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  orgId: string;
  createdAt: string;
  updatedAt: string;
  environments: SimEnv[];
}

export interface SimFolder {
  id: string;
  projectId: string;
  envSlug: string;
  /** Full path of the folder, e.g. `/api/v2`. The root folder (`/`) exists implicitly per environment. */
  path: string;
  name: string;
  parentId: string | null;
  version: number;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  lastSecretModified: string | null;
}

export interface SimSecret {
  id: string;
  projectId: string;
  envSlug: string;
  path: string;
  key: string;
  value: string;
  comment: string;
  type: 'shared' | 'personal';
  /** Owner of a personal override (user id). */
  userId: string | null;
  version: number;
  /** Earlier values by version, for `?version=`. */
  history: Array<{ version: number; value: string; updatedAt: string }>;
  tags: Array<{ id: string; slug: string; color: string; name: string }>;
  metadata: Array<{ key: string; value: string; isEncrypted: boolean }>;
  skipMultilineEncoding: boolean;
  reminderNote: string | null;
  reminderRepeatDays: number | null;
  createdAt: string;
  updatedAt: string;
}

/** `<importer env>:<importer path>` pulls in everything at `<fromEnv>:<fromPath>` (read-only). */
export interface SimImport {
  id: string;
  projectId: string;
  envSlug: string;
  path: string;
  fromEnv: string;
  fromPath: string;
}


/** A role entry on a membership, as the API shows it (B.8). */
export interface SimRoleEntry {
  id: string;
  role: string;
  isTemporary: boolean;
  temporaryMode: 'relative' | null;
  temporaryRange: string | null;
  temporaryAccessStartTime: string | null;
  temporaryAccessEndTime: string | null;
}

export interface SimMembership {
  id: string;
  projectId: string;
  /** identity id or user id */
  actorId: string;
  actorType: 'identity' | 'user';
  roles: SimRoleEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface SimIdentity {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  clientSecretId: string;
  /** Seconds; 0 = no expiry. */
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  /** May create projects (org-level permission). */
  orgAdmin: boolean;
}

export interface SimUser {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  orgAdmin: boolean;
  /** Fake sign-in password for `/api/v3/auth/login`. */
  password: string;
  /** Organizations the user belongs to (ids). */
  orgIds: string[];
  /** `select-organization` answers `isMfaEnabled: true` (email MFA) instead of a token. */
  mfa: boolean;
  /** Account never migrated off SRP: `/api/v3/auth/login` answers 400 `LegacyEncryptionScheme`. */
  legacySrp: boolean;
}

export interface SimAccessToken {
  id: string;
  identityId: string;
  createdAtMs: number;
  lastRenewedAtMs: number | null;
  ttl: number;
  maxTtl: number;
  revoked: boolean;
}

export interface SimKmsKey {
  id: string;
  name: string;
  description: string;
  projectId: string;
  orgId: string;
  keyUsage: 'encrypt-decrypt' | 'sign-verify';
  encryptionAlgorithm: string;
  isDisabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  material: { secret?: Buffer; privateKeyPem?: string; publicKeyDer?: Buffer };
}

export interface SimDynamicSecret {
  id: string;
  name: string;
  projectId: string;
  envSlug: string;
  path: string;
  type: string;
  inputs: Record<string, unknown>;
  defaultTTL: string;
  maxTTL: string | null;
  metadata: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface SimLease {
  id: string;
  dynamicSecretId: string;
  externalEntityId: string;
  expireAtMs: number;
  createdAt: string;
  updatedAt: string;
  data: Record<string, string>;
}

/** Everything the simulator knows. Tests may read and change it directly (`sim.state`). */
export class SimState {
  /** The organization projects are created in. */
  orgId = fakeUuid('org:acme');
  orgs: SimOrg[] = [];
  /** User token sessions by `tokenVersionId`. */
  sessions = new Map<string, SimSession>();
  projects: SimProject[] = [];
  folders: SimFolder[] = [];
  secrets: SimSecret[] = [];
  imports: SimImport[] = [];
  identities: SimIdentity[] = [];
  users: SimUser[] = [];
  memberships: SimMembership[] = [];
  /** Custom project roles: `<projectId>:<slug>` → grants. Built-in roles are in permissions.ts. */
  customRoles = new Map<string, { id: string; name: string; grants: Grant[] }>();
  tokens = new Map<string, SimAccessToken>();
  policies: SimPolicy[] = [];
  requests: SimAccessRequest[] = [];
  privileges: SimPrivilege[] = [];
  kmsKeys: SimKmsKey[] = [];
  dynamicSecrets: SimDynamicSecret[] = [];
  leases: SimLease[] = [];
  /** Failed universal-auth logins per client id (lockout). */
  loginFailures = new Map<string, number[]>();
  lockedUntil = new Map<string, number>();

  constructor(readonly now: () => number) {}

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  projectById(id: string): SimProject | undefined {
    return this.projects.find((p) => p.id === id);
  }
  projectBySlug(slug: string): SimProject | undefined {
    return this.projects.find((p) => p.slug === slug);
  }
  membershipOf(projectId: string, actorId: string): SimMembership | undefined {
    return this.memberships.find((m) => m.projectId === projectId && m.actorId === actorId);
  }
  folderAt(projectId: string, envSlug: string, path: string): SimFolder | undefined {
    return this.folders.find((f) => f.projectId === projectId && f.envSlug === envSlug && f.path === path);
  }
  /** Root counts as existing; other paths exist when their folder does. */
  pathExists(projectId: string, envSlug: string, path: string): boolean {
    return path === '/' || this.folderAt(projectId, envSlug, path) !== undefined;
  }
  rootFolderId(projectId: string, envSlug: string): string {
    return fakeUuid(`root:${projectId}:${envSlug}`);
  }
}

/** `/a/b/` → `/a/b`; `` → `/`. The real API strips the trailing slash. */
export function normalizePath(path: string | undefined): string {
  if (!path || path === '/') return '/';
  const withLead = path.startsWith('/') ? path : `/${path}`;
  return withLead.replace(/\/+$/, '') || '/';
}
