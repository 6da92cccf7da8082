import type { AccessLevel, BackendConfig } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import { createHttpClient, type HttpClientOptions } from '../http';
import { redactor as defaultRedactor, type Redactor } from '../redact';
import { refusedAtSignIn } from '../sign-in-errors';
import type { Credentials, EnvLocator, SecretBundle, SecretMeta, SecretsBackend, SessionInfo } from '../types';
import { mapLimit } from '../../util/map-limit';
import { assertTokenShape, DopplerClient, tokenKind } from './client';
import { valueMap } from '../../util/value-map';

export type DopplerBackendConfig = Extract<BackendConfig, { kind: 'doppler' }>;

export interface DopplerAdapterOptions {
  config: DopplerBackendConfig;
  secretStore: SecretStore;
  http?: Partial<Omit<HttpClientOptions, 'backend' | 'product' | 'baseUrl' | 'redactor'>>;
  redactor?: Redactor;
}

interface MeBody {
  name?: string;
  type?: string;
  workplace?: { name?: string };
}

/** The largest page Doppler documents for list endpoints: fewer round trips for big workplaces. */
const PER_PAGE = 100;
/** Projects whose configs are listed at once (discovery, access): a few, well under the rate limit's burst. */
const LISTINGS_IN_FLIGHT = 8;
/** How long a project's config listing is reused (discover() then access() within one catalog listing). */
const LISTING_REUSE_MS = 5_000;
const DOWNLOAD = '/v3/configs/config/secrets/download';

/**
 * Doppler adapter. EnvLocator: project = project slug, env = config name (root `dev` or branch `dev_alice`).
 * Reads use the download endpoint (computed values, one request); describe uses `secrets/names` (no values).
 */
/** The Doppler adapter, plus its authenticated client for features beyond reading (the access ledger). */
export interface DopplerBackend extends SecretsBackend {
  readonly kind: 'doppler';
  readonly client: DopplerClient;
}

export function createDopplerBackend(options: DopplerAdapterOptions): DopplerBackend {
  const { config } = options;
  const name = config.name;
  const redactor = options.redactor ?? defaultRedactor;
  const http = createHttpClient({ ...options.http, backend: name, product: 'Doppler', baseUrl: config.url, redactor });
  const client = new DopplerClient(http, options.secretStore, redactor);
  const locator = (project: string, env: string): EnvLocator => ({ ref: `${name}:${project}/${env}`, project, env, path: `${project}/${env}` });

  /** Pages until a short page: Doppler returns no total or next link. */
  async function allPages<T>(path: string, key: string, query: Record<string, string>, what: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const body = await client.call<Record<string, unknown>>({ method: 'GET', path, query: { ...query, page, per_page: PER_PAGE }, what });
      const batch = Array.isArray(body?.[key]) ? (body[key] as T[]) : [];
      items.push(...batch);
      if (batch.length < PER_PAGE) return items;
    }
  }

  /** A service token sees one config; the managed DOPPLER_* secrets say which, without fetching any value. */
  async function serviceTokenScope(): Promise<EnvLocator> {
    const body = await client.call<Record<string, string>>({ method: 'GET', path: DOWNLOAD, query: { format: 'json', secrets: 'DOPPLER_PROJECT,DOPPLER_CONFIG' }, what: 'the config of this service token' });
    if (!body?.DOPPLER_PROJECT || !body.DOPPLER_CONFIG) throw new AppError('BACKEND_UNAVAILABLE', `${name} (Doppler) did not say which config the service token belongs to.`);
    return locator(body.DOPPLER_PROJECT, body.DOPPLER_CONFIG);
  }

  const isServiceToken = async () => tokenKind(await client.currentToken()) === 'service';

  /**
   * A listing answers both discover() and access() (Doppler lists only configs the principal can read), and a
   * catalog listing calls them back to back: reuse each project's config names for a few seconds instead of
   * paging through them twice. Names only; reads always go to the server, which decides.
   */
  const listings = new Map<string, { at: number; names: Promise<string[]> }>();
  function configsOf(project: string): Promise<string[]> {
    const now = Date.now();
    const kept = listings.get(project);
    if (kept && now - kept.at < LISTING_REUSE_MS) return kept.names;
    const names = allPages<{ name: string }>('/v3/configs', 'configs', { project }, `project ${project}`).then((configs) => configs.map((c) => c.name));
    listings.set(project, { at: now, names });
    names.catch(() => listings.delete(project));
    return names;
  }

  async function readValues(env: EnvLocator): Promise<Record<string, string>> {
    const body = await client.call<Record<string, unknown>>({ method: 'GET', path: DOWNLOAD, query: { project: env.project, config: env.env, format: 'json' }, what: `${env.project}/${env.env}` });
    return valueMap(Object.entries(body ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)] as const));
  }

  const metaOf = (keys: string[]): SecretMeta[] => keys.map((key) => ({ key, version: null, createdAt: null, updatedAt: null }));

  return {
    name,
    kind: 'doppler',
    config,
    client,

    async login(credentials: Credentials): Promise<SessionInfo> {
      if (credentials.method !== 'token') {
        throw new AppError('BAD_REQUEST', `${name} is a Doppler backend; it signs in with a token.`, 'Create a personal or service-account token in the Doppler dashboard and sign in with it.');
      }
      const token = credentials.token.trim();
      assertTokenShape(token, name);
      redactor.register(token);
      const me = await client.call<MeBody>({ method: 'GET', path: '/v3/me', what: 'the token', token }).catch((error: unknown) => {
        throw refusedAtSignIn(error, { backend: name, server: `Doppler at ${http.baseUrl}`, token: 'token', hint: 'Copy the token again from the Doppler dashboard (or create a new one) and sign in with it.' });
      });
      await client.save(token);
      const who = me?.name ?? 'unnamed token';
      return { identity: me?.workplace?.name ? `${who} (${me.workplace.name})` : who, policies: me?.type ? [me.type] : [], expiresAt: null, renewable: false };
    },

    // Forget the token locally only: it belongs to the person (or the service account), not to Latchkey.
    logout: async () => void (await client.forget()),

    forget: () => client.forget(),

    defaultPath: (project: string, env: string) => `${project}/${env}`,

    async health() {
      try {
        if (!(await client.hasToken())) {
          const res = await http.request({ method: 'GET', path: '/v3/me' });
          return { reachable: true, signedIn: false, detail: `Doppler at ${http.baseUrl} answered (HTTP ${res.status}); not signed in.` };
        }
        const me = await client.call<MeBody>({ method: 'GET', path: '/v3/me', what: 'the token' });
        const who = me?.name ?? 'a token';
        // Doppler tokens carry no expiry we can read (a service token's expire_at is not in /v3/me).
        return { reachable: true, signedIn: true, detail: `Doppler at ${http.baseUrl} is up; signed in as ${who}.`, session: { identity: me?.workplace?.name ? `${who} (${me.workplace.name})` : who, expiresAt: null } };
      } catch (error) {
        if (error instanceof AppError && error.code !== 'BACKEND_UNAVAILABLE') return { reachable: true, signedIn: false, detail: error.message };
        return { reachable: false, signedIn: false, detail: error instanceof AppError ? error.message : `Doppler at ${http.baseUrl} could not be reached.` };
      }
    },

    async discover(): Promise<EnvLocator[]> {
      if (await isServiceToken()) return [await serviceTokenScope()];
      const projects = await allPages<{ slug: string }>('/v3/projects', 'projects', {}, 'the project list');
      // A few projects' config listings in flight at once: 100 projects cost ~13 round trips, not 100.
      const configs = await mapLimit(projects, LISTINGS_IN_FLIGHT, (project) => configsOf(project.slug));
      return projects.flatMap((project, i) => configs[i]!.map((configName) => locator(project.slug, configName)));
    },

    /**
     * One configs listing per project (Doppler lists only configs the principal can read); a service token
     * costs one request in total. Doppler has no access requests, so nothing is 'requestable'.
     */
    async access(envs: EnvLocator[]): Promise<Map<string, AccessLevel>> {
      const result = new Map<string, AccessLevel>();
      if (envs.length === 0) return result;
      if (await isServiceToken()) {
        const scope = await serviceTokenScope();
        for (const env of envs) result.set(env.ref, env.project === scope.project && env.env === scope.env ? 'granted' : 'denied');
        return result;
      }
      const byProject = new Map<string, EnvLocator[]>();
      for (const env of envs) {
        const group = byProject.get(env.project);
        if (group) group.push(env);
        else byProject.set(env.project, [env]);
      }
      await mapLimit([...byProject], LISTINGS_IN_FLIGHT, async ([project, group]) => {
        let readable: Set<string>;
        try {
          readable = new Set(await configsOf(project));
        } catch (error) {
          if (!(error instanceof AppError) || (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND')) throw error;
          readable = new Set();
        }
        for (const env of group) result.set(env.ref, readable.has(env.env) ? 'granted' : 'denied');
      });
      return result;
    },

    async describe(env: EnvLocator): Promise<SecretMeta[]> {
      const body = await client.call<{ names?: string[] }>({ method: 'GET', path: '/v3/configs/config/secrets/names', query: { project: env.project, config: env.env }, what: `${env.project}/${env.env}` });
      return metaOf(body?.names ?? []);
    },

    async read(env: EnvLocator): Promise<SecretBundle> {
      const values = await readValues(env);
      return { values, meta: metaOf(Object.keys(values)), leases: [] };
    },

    // Doppler reads create no leases.
    async revokeLease(): Promise<void> {},

    async renewLease(): Promise<{ durationSeconds: number }> {
      throw new AppError('BAD_REQUEST', `${name} (Doppler) has no leases to renew: its reads create none.`);
    },
  };
}
