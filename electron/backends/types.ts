import type { AccessLevel, BackendConfig, BackendKind } from '../../shared/backends';
import type { Rotation } from '../../shared/contract';

/** Where one environment lives inside a backend. For Vault, `path` is relative to the KV mount. */
export interface EnvLocator {
  ref: string;
  project: string;
  env: string;
  path: string;
  /** Variables filled from dynamic engines (Vault `database/creds/<role>`), from the team profile. */
  dynamic?: Array<{ variable: string; path: string; template: string }>;
  /** AWS: the key a plain-string secret is read as (team profile `valueKey`). */
  valueKey?: string;
}

/** Metadata Latchkey may show: never a value. */
export interface SecretMeta {
  key: string;
  version: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** A version that is an id, not a number (AWS version UUID). */
  versionId?: string;
  /** The secret's rotation (AWS): the same for every key of one environment. */
  rotation?: Rotation;
}

/** A lease (Vault dynamic creds) or short-lived token created for a read; revoked when no longer needed. */
export interface Lease {
  id: string;
  backend: string;
  durationSeconds: number;
  renewable: boolean;
  /** The environment variable these credentials fill (e.g. DATABASE_URL), for messages; never a value. */
  variable?: string;
}

export interface SecretBundle {
  values: Record<string, string>;
  meta: SecretMeta[];
  leases: Lease[];
}

/** How an answer was served by the value cache (ISO times). `cachedUntil` null: it was not kept in memory. */
export interface Freshness {
  readAt: string;
  cachedUntil: string | null;
  fromCache: boolean;
}

export type Credentials =
  | { method: 'token'; token: string }
  | { method: 'userpass'; username: string; password: string }
  | { method: 'oidc'; role?: string; openBrowser?: (url: string) => Promise<void> }
  | { method: 'universal'; clientId: string; clientSecret: string }
  /**
   * Infisical user, through the web app (`infisical login`'s browser flow): `openBrowser` gets the login URL (the
   * face prints it too); `pasted` is the token the page shows when it cannot reach us, instead of the browser.
   */
  | { method: 'user'; openBrowser?: (url: string) => Promise<void>; pasted?: string; timeoutMs?: number }
  /** Infisical user, email + password; `organization` (slug, id or name) when the account has several. */
  | { method: 'password'; email: string; password: string; organization?: string }
  /** AWS: use the standard credential chain (env, shared profiles, SSO, process); nothing secret is stored. */
  | { method: 'chain' }
  /** AWS: a pasted access key pair, kept in the keychain. */
  | { method: 'keys'; accessKeyId: string; secretAccessKey: string };

export interface SessionInfo {
  /** Who the backend says we are (display name / entity), for the UI. Never the token. */
  identity: string;
  policies: string[];
  expiresAt: string | null;
  renewable: boolean;
}

/** What `health()` found. `session`: who the backend says we are and until when, when it accepted our sign-in. */
export interface BackendHealth {
  reachable: boolean;
  signedIn: boolean;
  sealed?: boolean;
  detail: string;
  session?: { identity: string; expiresAt: string | null };
}

/**
 * One interface, one adapter per kind. Adapters get their dependencies (http, secret store) passed in; they hold
 * no global state. Every method throws AppError with a message that names the backend.
 */
export interface SecretsBackend {
  readonly name: string;
  readonly kind: BackendKind;
  readonly config: BackendConfig;
  login(credentials: Credentials): Promise<SessionInfo>;
  /** Signs out: ends the session at the server where the API allows it (best effort), then forget(). */
  logout(): Promise<void>;
  /**
   * Deletes everything this device keeps for the backend — the stored credential and any session files —
   * WITHOUT contacting the server (it may be one the credential must never reach). True when a stored
   * credential was deleted. Only the adapter knows what it keeps, so only it can forget it all.
   */
  forget(): Promise<boolean>;
  /** Where `project/env` lives when the team profile gives no `path` (Vault: `<project>/<env>` under the mount). */
  defaultPath(project: string, env: string): string;
  /**
   * Reachability and sign-in state, for `doctor` and the UI; never throws. `sealed` (Vault): reachable but
   * serving nothing, so sign-in cannot be checked and signing in again would not help.
   */
  health(): Promise<BackendHealth>;
  /** Environments this backend can enumerate on its own (Vault: a listing of the KV mount). */
  discover(): Promise<EnvLocator[]>;
  /** Access for many environments in as few requests as the API allows (Vault: ONE capabilities-self call). */
  access(envs: EnvLocator[]): Promise<Map<string, AccessLevel>>;
  /** Names, versions and ages of an environment's secrets: no values. */
  describe(env: EnvLocator): Promise<SecretMeta[]>;
  /** Values, for export/run/reveal. */
  read(env: EnvLocator): Promise<SecretBundle>;
  /** The value cache only (cache.ts): when the last describe/read answer for `env` was read, and until when it is kept. */
  freshness?(env: EnvLocator): Freshness | null;
  revokeLease(leaseId: string): Promise<void>;
  /**
   * Asks for the lease to last `incrementSeconds` from now; resolves to what the backend granted, which may
   * be less (Vault caps it at the role's max TTL). Backends whose reads create no leases throw BAD_REQUEST.
   */
  renewLease(leaseId: string, incrementSeconds: number): Promise<{ durationSeconds: number }>;
}

export const tokenAccount = (backend: string) => `backend:${backend}`;
