import type { AccessLevel, BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import { createHttpClient, type HttpClientOptions } from '../http';
import { openSystemBrowser } from '../open-browser';
import { redactor as defaultRedactor, type Redactor } from '../redact';
import { refusedAtSignIn } from '../sign-in-errors';
import type { Credentials, EnvLocator, SecretBundle, SecretMeta, SecretsBackend, SessionInfo } from '../types';
import { createInfisicalApprovals, type InfisicalApprovals } from './access-approvals';
import { browserLogin } from './browser-login';
import { createInfisicalClient } from './client';
import { serverText } from './errors';
import { listQuery, merged, metaOf, type ProjectSummary, type RawList } from './secrets';
import { InfisicalSession, type StoredCredentials } from './session';
import { describeUserToken, logoutUser, passwordLogin, tokenFromPaste, type UserSession } from './user-auth';
import { valueMap } from '../../util/value-map';

type InfisicalConfig = Extract<BackendConfig, { kind: 'infisical' }>;

export interface InfisicalAdapterOptions {
  config: InfisicalConfig;
  secretStore: SecretStore;
  http?: Partial<Omit<HttpClientOptions, 'backend' | 'product' | 'baseUrl' | 'redactor'>>;
  redactor?: Redactor;
  now?: () => number;
}

export interface InfisicalBackend extends SecretsBackend {
  readonly kind: 'infisical';
  /** Drop in-memory credentials so the next request reads the keychain again. */
  reloadCredentials(): void;
  /** Native access approvals (policies, requests, reviews, privileges); requests and reviews need a user sign-in. */
  readonly approvals: InfisicalApprovals;
}

/**
 * Infisical adapter: universal auth (client id + secret), an access token, or a person (the browser, or email
 * and password, as `infisical login` does); catalog = projects × environments, access by probing each
 * environment (there is no documented "what may I read" call for a machine identity), reads via v3 raw.
 */
export function createInfisicalBackend(options: InfisicalAdapterOptions): InfisicalBackend {
  const { config } = options;
  const name = config.name;
  const redactor = options.redactor ?? defaultRedactor;
  const http = createHttpClient({ ...options.http, backend: name, product: 'Infisical', baseUrl: config.url, redactor });
  const session = new InfisicalSession(http, options.secretStore, redactor, options.now);
  const client = createInfisicalClient(http, session);

  async function projects(): Promise<ProjectSummary[]> {
    return (await client.call<{ projects: ProjectSummary[] }>({ method: 'GET', path: '/api/v1/projects', query: { type: 'secret-manager' } }, 'its project list')).projects;
  }

  async function projectId(slug: string): Promise<string> {
    const found = (await projects()).find((p) => p.slug === slug);
    if (!found) throw new AppError('NOT_FOUND', `${name} has no project "${slug}" that this identity can see.`, 'Check the project slug in the team profile, or ask an admin to add the identity to it.');
    return found.id;
  }

  const where = (env: EnvLocator) => `${env.project}/${env.env}${env.path && env.path !== '/' ? ` (${env.path})` : ''}`;

  async function list(env: EnvLocator, values: boolean): Promise<RawList> {
    const id = await projectId(env.project);
    return client.call<RawList>({ method: 'GET', path: '/api/v3/secrets/raw', query: listQuery(id, env, { values }) }, where(env));
  }

  function sessionInfo(creds: StoredCredentials): SessionInfo {
    return {
      identity: creds.clientId ? `machine identity ${creds.clientId}` : 'access token',
      policies: [],
      expiresAt: creds.expiresAt,
      renewable: creds.method === 'universal',
    };
  }

  /** A person's session: the token is stored with who and which organization; never the password. */
  async function userSignedIn(method: 'user' | 'password', who: UserSession): Promise<SessionInfo> {
    await session.useUserToken(method, who.token, { email: who.email, organizationId: who.organizationId, expiresAt: who.expiresAt });
    return { identity: `${who.email}${who.organizationName ? ` (${who.organizationName})` : ''}`, policies: [], expiresAt: who.expiresAt, renewable: false };
  }

  return {
    name,
    kind: 'infisical',
    config,
    reloadCredentials: () => session.reload(),
    approvals: createInfisicalApprovals(client, session, name, options.now),

    async login(credentials: Credentials): Promise<SessionInfo> {
      switch (credentials.method) {
        case 'universal':
          return sessionInfo(await session.loginUniversal(credentials.clientId, credentials.clientSecret));
        case 'token': {
          redactor.register(credentials.token);
          const creds = await session.useToken(credentials.token);
          try {
            await projects(); // proves the token works before we say "signed in"
          } catch (error) {
            await session.clear();
            throw refusedAtSignIn(error, { backend: name, server: `Infisical at ${http.baseUrl}`, token: 'access token', hint: 'Copy the token again (or create a new one) and sign in with it.' });
          }
          return sessionInfo(creds);
        }
        case 'user': {
          const verify = (token: string) => describeUserToken(http, redactor, token);
          const who =
            credentials.pasted !== undefined
              ? await verify(tokenFromPaste(credentials.pasted))
              : await browserLogin({ siteUrl: config.url, openBrowser: credentials.openBrowser ?? openSystemBrowser, verify, timeoutMs: credentials.timeoutMs });
          return userSignedIn('user', who);
        }
        case 'password':
          return userSignedIn('password', await passwordLogin(http, redactor, credentials));
        default:
          throw new AppError('BAD_REQUEST', `${name} is an Infisical backend; it signs in with universal auth, an access token, the browser or email and password.`);
      }
    },

    async logout() {
      const creds = await session.load().catch(() => null);
      // Best effort: the token dies on the server too; we forget it either way.
      if (creds?.method === 'user' || creds?.method === 'password') await logoutUser(http, creds.accessToken).catch(() => undefined);
      else if (creds) await http.request({ method: 'POST', path: '/api/v1/auth/token/revoke', body: { accessToken: creds.accessToken } }).catch(() => undefined);
      await session.clear();
    },

    forget: () => session.clear(),

    // An environment is the root folder of a project's environment; project and env travel as parameters.
    defaultPath: () => '/',

    async health() {
      try {
        const signedIn = (await session.load()) !== null;
        if (!signedIn) {
          await http.request({ method: 'GET', path: '/api/status' });
          return { reachable: true, signedIn: false, detail: `Infisical at ${http.baseUrl} is up; not signed in.` };
        }
        await projects();
        // Read again: listing the projects may have renewed the token.
        const creds = await session.load();
        const who = creds?.email ?? (creds ? sessionInfo(creds).identity : 'access token');
        return { reachable: true, signedIn: true, detail: `Infisical at ${http.baseUrl} is up; signed in.`, session: { identity: who, expiresAt: creds?.expiresAt ?? null } };
      } catch (error) {
        const reachable = error instanceof AppError && error.code !== 'BACKEND_UNAVAILABLE';
        return { reachable, signedIn: false, detail: error instanceof AppError ? error.message : `Infisical at ${http.baseUrl} could not be reached.` };
      }
    },

    async discover(): Promise<EnvLocator[]> {
      return (await projects()).flatMap((p) =>
        p.environments.map((e) => ({ ref: `${name}:${p.slug}/${e.slug}`, project: p.slug, env: e.slug, path: '/' })),
      );
    },

    /**
     * One project-list call, then one masked list per environment, run concurrently: Infisical documents no
     * call that tells a machine identity what it may read. `viewSecretValue=false`, so no value travels.
     */
    async access(envs: EnvLocator[]): Promise<Map<string, AccessLevel>> {
      const result = new Map<string, AccessLevel>();
      if (envs.length === 0) return result;
      const known = await projects();
      await Promise.all(
        envs.map(async (env) => {
          const project = known.find((p) => p.slug === env.project);
          if (!project || !project.environments.some((e) => e.slug === env.env)) return void result.set(env.ref, 'denied');
          const res = await client.send({ method: 'GET', path: '/api/v3/secrets/raw', query: { ...listQuery(project.id, env, { values: false }), include_imports: 'false' } });
          if (res.status === 200) return void result.set(env.ref, 'granted');
          if (res.status === 403 && serverText(res.body).error !== 'TokenError') return void result.set(env.ref, 'denied');
          throw client.fail(res, where(env));
        }),
      );
      return result;
    },

    async describe(env: EnvLocator): Promise<SecretMeta[]> {
      return merged(await list(env, false)).map(metaOf);
    },

    async read(env: EnvLocator): Promise<SecretBundle> {
      const secrets = merged(await list(env, true));
      for (const s of secrets) redactor.register(s.secretValue);
      return { values: valueMap(secrets.map((s) => [s.secretKey, s.secretValue])), meta: secrets.map(metaOf), leases: [] };
    },

    async revokeLease(leaseId: string) {
      throw new AppError('NOT_FOUND', `${name} (Infisical) made no lease ${leaseId}: its reads create none.`);
    },

    async renewLease(): Promise<{ durationSeconds: number }> {
      throw new AppError('BAD_REQUEST', `${name} (Infisical) has no leases to renew: its reads create none.`);
    },
  };
}
