import { mapLimit } from '../../util/map-limit';
import { hasDotSegment, type AccessLevel, type VaultBackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import { createHttpClient, type HttpClientOptions } from '../http';
import { redactor as defaultRedactor, type Redactor } from '../redact';
import type { Credentials, EnvLocator, Lease, SecretBundle, SecretMeta, SecretsBackend, SessionInfo } from '../types';
import { createRenewer, loginWithOidcFlow, loginWithToken, loginWithUserpass, logout, metaFromLookup, type LookupData } from './auth';
import { accessFor } from './capabilities';
import { createVaultClient, vaultRetryable, type VaultClient } from './client';
import { readDynamic, type VaultRequester } from './dynamic';
import { kvList, kvRead, metaOf } from './kv';
import { vaultLeases } from './leases';
import { encodePath } from './paths';
import { VaultSession } from './session';
import { valueMap } from '../../util/value-map';

export interface VaultAdapterOptions {
  config: VaultBackendConfig;
  secretStore: SecretStore;
  /** Where non-secret token metadata (expiry, renewable) is kept between processes. Memory only if absent. */
  dataDir?: string;
  /** Timeouts, retries, the request counter hook (tests). */
  http?: Partial<Omit<HttpClientOptions, 'backend' | 'product' | 'baseUrl' | 'redactor'>>;
  redactor?: Redactor;
}

/** The Vault/OpenBao adapter, plus what the cache needs beyond SecretsBackend. */
export interface VaultBackend extends SecretsBackend {
  readonly kind: 'vault';
  /** Drop the in-memory token so the next request reads the keychain again. */
  reloadCredentials(): void;
  /** Authenticated calls with this backend's session, for features beyond reading (the access ledger). */
  readonly client: VaultClient;
}

/** Listings in flight at once during discovery. */
const DISCOVERY_CONCURRENCY = 8;

export function createVaultBackend(options: VaultAdapterOptions): VaultBackend {
  const { config, secretStore } = options;
  const name = config.name;
  const redactor = options.redactor ?? defaultRedactor;
  const http = createHttpClient({
    isRetryable: vaultRetryable,
    ...options.http,
    backend: name,
    product: 'Vault',
    baseUrl: config.url,
    redactor,
  });
  const session = new VaultSession(name, secretStore, redactor, options.dataDir);
  let renewIfDue: () => Promise<void> = async () => undefined;
  const client: VaultClient = createVaultClient({ http, session, namespace: config.namespace, beforeUse: () => renewIfDue() });
  renewIfDue = createRenewer(client, session);
  const requester: VaultRequester = {
    async request(method, path, body) {
      // Never repeat these after a lost response: each GET of `database/creds/<role>` mints new
      // credentials, and a blind retry would leave an extra lease (and database role) alive.
      // The path comes from the team profile: encode each segment so it cannot carry a query or `..`.
      return (await client.call({ method, path: encodePath(path), body, idempotent: false })).body;
    },
  };
  const leases = vaultLeases({ client: requester, backend: name });
  const mount = config.kvMount;

  async function readBundle(env: EnvLocator): Promise<SecretBundle> {
    const secret = await kvRead(client, mount, env.path, env.ref);
    const values = valueMap(Object.entries(secret.values));
    const made: Lease[] = [];
    // Dynamic variables: each read makes fresh credentials with a lease.
    try {
      for (const variable of env.dynamic ?? []) {
        const dynamic = await readDynamic(requester, variable, name);
        values[variable.variable] = dynamic.value;
        const lease: Lease = { ...dynamic.lease, variable: variable.variable };
        made.push(lease);
      }
    } catch (error) {
      // A half-built bundle is never handed out: give back the credentials already created.
      await Promise.allSettled(made.map((lease) => leases.revoke(lease.id)));
      throw error;
    }
    const meta: SecretMeta[] = [
      ...metaOf(secret),
      ...(env.dynamic ?? []).map((v) => ({ key: v.variable, version: null, createdAt: new Date().toISOString(), updatedAt: null })),
    ];
    return { values, meta, leases: made };
  }

  return {
    name,
    kind: 'vault',
    config,
    client,
    reloadCredentials: () => session.reload(),

    async login(credentials: Credentials): Promise<SessionInfo> {
      switch (credentials.method) {
        case 'token':
          return loginWithToken(client, session, credentials.token);
        case 'userpass':
          return loginWithUserpass(client, session, { ...credentials, mount: config.auth.mount });
        case 'oidc':
          return loginWithOidcFlow(http, session, {
            mount: config.auth.mount,
            role: credentials.role ?? config.auth.role,
            namespace: config.namespace,
            // The role's allowed_redirect_uris name this port (default 8250, as the Vault CLI).
            port: config.auth.callbackPort,
            openBrowser: credentials.openBrowser,
          });
        case 'universal':
        case 'user':
        case 'password':
          throw new AppError('BAD_REQUEST', `${name} is a Vault backend; it does not accept Infisical credentials.`, 'Use a token, username and password, or OIDC.');
        case 'chain':
        case 'keys':
          throw new AppError('BAD_REQUEST', `${name} is a Vault backend; it does not accept AWS credentials.`, 'Use a token, username and password, or OIDC.');
      }
    },

    logout: () => logout(client, session),

    forget: () => session.clear(),

    defaultPath: (project: string, env: string) => `${project}/${env}`,

    async health() {
      try {
        const res = await http.request<{ sealed?: boolean; version?: string }>({ method: 'GET', path: '/v1/sys/health', query: { standbyok: true } });
        const sealed = res.body?.sealed === true;
        if (sealed) return { reachable: true, signedIn: false, sealed, detail: `Vault at ${http.baseUrl} is sealed: nothing can be read or signed in to until an operator unseals it.` };
        // lookup-self needs no policy: it answers for any live token and refuses a revoked or expired one.
        const looked = (await session.hasToken().catch(() => false))
          ? await client.call<{ data?: LookupData }>({ method: 'GET', path: 'auth/token/lookup-self' }).then((r) => metaFromLookup(r.body?.data ?? {}), () => null)
          : null;
        const state = `up${res.body?.version ? ` (version ${res.body.version})` : ''}`;
        return {
          reachable: true,
          signedIn: looked !== null,
          detail: `Vault at ${http.baseUrl} is ${state}; ${looked ? 'signed in' : 'not signed in'}.`,
          ...(looked ? { session: { identity: looked.identity, expiresAt: looked.expiresAt } } : {}),
        };
      } catch (error) {
        return { reachable: false, signedIn: false, detail: error instanceof AppError ? error.message : `Vault at ${http.baseUrl} could not be reached.` };
      }
    },

    async discover(): Promise<EnvLocator[]> {
      // Depth 2 under the KV mount: <project>/ then <env> leaves. Folders we may not list are skipped.
      // A folder named `.` or `..` cannot be addressed without leaving the mount: skip it.
      const projects = (await listOrEmpty(client, mount, '')).filter((key) => key.endsWith('/')).map((f) => f.slice(0, -1)).filter(isAddressable);
      // One listing per project: a few in flight at once, so 100 projects cost ~13 round trips, not 100.
      const perProject = await mapLimit(projects, DISCOVERY_CONCURRENCY, (project) => listOrEmpty(client, mount, project));
      return projects.flatMap((project, i) =>
        perProject[i]!.filter((env) => !env.endsWith('/') && isAddressable(env)).map((env) => ({ ref: `${name}:${project}/${env}`, project, env, path: `${project}/${env}` })),
      );
    },

    access: (envs: EnvLocator[]): Promise<Map<string, AccessLevel>> => accessFor(client, mount, envs),

    async describe(env: EnvLocator): Promise<SecretMeta[]> {
      return metaOf(await kvRead(client, mount, env.path, env.ref));
    },

    read: readBundle,

    revokeLease: (leaseId: string) => leases.revoke(leaseId),

    renewLease: (leaseId: string, incrementSeconds: number) => leases.renew(leaseId, incrementSeconds),
  };
}

const isAddressable = (name: string) => name !== '' && !hasDotSegment(name) && !name.includes('/');

async function listOrEmpty(client: VaultClient, mount: string, prefix: string): Promise<string[]> {
  try {
    return await kvList(client, mount, prefix);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return [];
    throw error;
  }
}
