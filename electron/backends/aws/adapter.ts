import { hasDotSegment, type AccessLevel, type AwsBackendConfig } from '../../../shared/backends';
import { AppError, isAppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import { redactor as defaultRedactor, type Redactor } from '../redact';
import type { Credentials, EnvLocator, SecretBundle, SecretMeta, SecretsBackend, SessionInfo } from '../types';
import { readableSecrets } from './access';
import { AwsClients, type AwsHttpOptions } from './clients';
import { assertKeyShape, AwsCredentialSource, type CredentialProvider } from './credentials';
import { metaOf, valuesOf, type SecretDetails, type SecretVersion } from './secret-value';

export interface AwsAdapterOptions {
  config: AwsBackendConfig;
  /** The factory's store, bound to this backend's identity: the keychain, or an access grant's in-memory store. */
  secretStore: SecretStore;
  http?: AwsHttpOptions;
  redactor?: Redactor;
}

/** The AWS adapter, plus its signed SDK clients for the access-request side (ledger, read-role grants). */
export interface AwsBackend extends SecretsBackend {
  readonly client: AwsClients;
  reloadCredentials(): void;
}

/** ListSecrets' largest page. */
const PAGE = 100;
/** `latchkey/…` under the prefix is Latchkey's own (the request ledger), never an environment. */
const RESERVED_PROJECT = 'latchkey';

/**
 * AWS Secrets Manager adapter. An environment is one secret named `<prefix><project>/<env>` holding a JSON
 * object of strings; EnvLocator.path is the secret's whole name (a profile `path` may name any secret, such
 * as an RDS-managed one). Discovery is ListSecrets filtered by the prefix; access is BatchGetSecretValue
 * (access.ts); describe and read are GetSecretValue plus DescribeSecret for the change and rotation dates.
 */
export function createAwsBackend(options: AwsAdapterOptions): AwsBackend {
  const { config } = options;
  const name = config.name;
  const redactor = options.redactor ?? defaultRedactor;
  const source = new AwsCredentialSource(config, options.secretStore, redactor);
  const clients = new AwsClients(config, source.provider, options.http ?? {}, redactor);
  const secretId = (env: EnvLocator) => env.path;

  /** Verifies a candidate before anything is stored: the same clients, signing with `provider`. */
  async function identityWith(provider: CredentialProvider): Promise<SessionInfo> {
    const probe = clients.withCredentials(provider);
    try {
      const [who, credentials] = await Promise.all([
        probe.sts('your AWS identity', ({ sts }, sdk) => sts.send(new sdk.GetCallerIdentityCommand({}))),
        probe.guard('your AWS credentials', provider),
      ]);
      return { identity: who.Arn ?? 'an AWS identity', policies: [], expiresAt: credentials.expiration?.toISOString() ?? null, renewable: false };
    } finally {
      probe.reset();
    }
  }

  /** The current version's text and, when DescribeSecret is allowed, its dates and rotation. */
  async function fetchSecret(env: EnvLocator): Promise<{ version: SecretVersion; details: SecretDetails | null }> {
    const id = secretId(env);
    // Both settle before either failure is thrown: no request of this read outlives it.
    const [version, details] = await Promise.allSettled([
      clients.sm(id, (c, sdk) => c.send(new sdk.GetSecretValueCommand({ SecretId: id }))),
      clients.sm(id, (c, sdk) => c.send(new sdk.DescribeSecretCommand({ SecretId: id }))),
    ]);
    if (version.status === 'rejected') throw version.reason;
    // A read role may hold GetSecretValue only: then the ages come from the version's date alone.
    if (details.status === 'rejected' && !(isAppError(details.reason) && details.reason.code === 'FORBIDDEN')) throw details.reason;
    return { version: version.value, details: details.status === 'fulfilled' ? details.value : null };
  }

  async function readSecret(env: EnvLocator): Promise<{ values: Record<string, string>; meta: SecretMeta[] }> {
    const { version, details } = await fetchSecret(env).catch((error: unknown) => {
      // Not yours to read: the next step is asking for it (as on the other kinds).
      if (isAppError(error) && error.code === 'FORBIDDEN' && !error.next) throw new AppError(error.code, error.message, error.hint, { cause: error, next: { action: 'request-access', ref: env.ref } });
      throw error;
    });
    const values = valuesOf(version, { backend: name, what: secretId(env), valueKey: env.valueKey });
    return { values, meta: metaOf(Object.keys(values), version, details) };
  }

  async function forget(): Promise<boolean> {
    const had = await source.forget();
    clients.reset();
    return had;
  }

  return {
    name,
    kind: 'aws',
    config,

    async login(credentials: Credentials): Promise<SessionInfo> {
      if (credentials.method === 'chain') {
        const session = await identityWith(source.fromChain);
        await source.save({ method: 'chain' });
        clients.reset();
        return session;
      }
      if (credentials.method === 'keys') {
        const accessKeyId = credentials.accessKeyId.trim();
        const secretAccessKey = credentials.secretAccessKey.trim();
        assertKeyShape(accessKeyId, secretAccessKey, name);
        const session = await identityWith(source.keys(accessKeyId, secretAccessKey));
        await source.save({ method: 'keys', accessKeyId, secretAccessKey });
        clients.reset();
        return session;
      }
      throw new AppError('BAD_REQUEST', `${name} is an AWS backend; it signs in through the AWS credential chain or with an access key pair.`,
        'Sign in through the AWS credential chain (your AWS CLI profile or SSO session), or give an access key pair.');
    },

    // AWS has no session to end: an access key stays valid until an admin deactivates it, and the chain's
    // files and SSO sessions belong to the AWS CLI. Signing out forgets what Latchkey saved.
    async logout() {
      await forget();
    },

    forget,

    defaultPath: (project, env) => `${config.prefix}${project}/${env}`,

    async health() {
      try {
        const who = await clients.sts('your AWS identity', ({ sts }, sdk) => sts.send(new sdk.GetCallerIdentityCommand({})));
        await clients.sm('the secret list', (c, sdk) => c.send(new sdk.ListSecretsCommand({ MaxResults: 1, ...prefixFilter(config.prefix) })));
        return { reachable: true, signedIn: true, detail: `AWS Secrets Manager at ${config.url} is up; signed in as ${who.Arn ?? 'an AWS identity'}.` };
      } catch (error) {
        if (isAppError(error) && error.code === 'FORBIDDEN') return { reachable: true, signedIn: true, detail: error.message };
        // The hint belongs in the detail here: for an expired SSO session it is the AWS CLI, not Latchkey, that signs in again.
        if (isAppError(error) && error.code !== 'BACKEND_UNAVAILABLE') return { reachable: true, signedIn: false, detail: [error.message, error.hint].filter(Boolean).join(' ') };
        return { reachable: false, signedIn: false, detail: isAppError(error) ? error.message : `AWS Secrets Manager at ${config.url} could not be reached.` };
      }
    },

    async discover(): Promise<EnvLocator[]> {
      const found: EnvLocator[] = [];
      let token: string | undefined;
      do {
        const page = await clients.sm('the secret list', (c, sdk) => c.send(new sdk.ListSecretsCommand({ MaxResults: PAGE, NextToken: token, ...prefixFilter(config.prefix) })));
        for (const secret of page.SecretList ?? []) {
          const located = secret.Name === undefined ? null : environmentOf(secret.Name, config.prefix);
          if (located) found.push({ ref: `${name}:${located.project}/${located.env}`, ...located });
        }
        token = page.NextToken;
      } while (token);
      return found;
    },

    /** Reading is the only honest "may I"; BatchGetSecretValue asks 20 at a time (see access.ts). */
    async access(envs: EnvLocator[]): Promise<Map<string, AccessLevel>> {
      const ids = [...new Set(envs.map(secretId))];
      const readable = await readableSecrets(ids, {
        batch: (chunk, token) => clients.sm(`${chunk.length} secrets`, (c, sdk) => c.send(new sdk.BatchGetSecretValueCommand({ SecretIdList: chunk, NextToken: token }))),
        single: async (id) => void (await clients.sm(id, (c, sdk) => c.send(new sdk.GetSecretValueCommand({ SecretId: id })))),
      });
      return new Map(envs.map((env) => [env.ref, readable.has(secretId(env)) ? 'granted' : 'denied']));
    },

    // The key names are inside the value: describing reads it, keeps the names and drops the values.
    describe: async (env) => (await readSecret(env)).meta,

    async read(env: EnvLocator): Promise<SecretBundle> {
      return { ...(await readSecret(env)), leases: [] };
    },

    // AWS reads create no leases; grant credentials end at AWS by themselves.
    async revokeLease(): Promise<void> {},

    async renewLease(): Promise<{ durationSeconds: number }> {
      throw new AppError('BAD_REQUEST', `${name} (AWS Secrets Manager) has no leases to renew: its reads create none.`);
    },

    client: clients,

    reloadCredentials() {
      source.reload();
      clients.reset();
    },
  };
}

const prefixFilter = (prefix: string) => (prefix ? { Filters: [{ Key: 'name' as const, Values: [prefix] }] } : {});

/** `<prefix><project>/<env>` → its parts; other names (deeper paths, Latchkey's own ledger) are not environments. */
export function environmentOf(secretName: string, prefix: string): { project: string; env: string; path: string } | null {
  // The name filter matches prefixes case-insensitively; the prefix itself is exact.
  if (!secretName.startsWith(prefix)) return null;
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(secretName.slice(prefix.length));
  if (!match || match[1] === RESERVED_PROJECT || hasDotSegment(match[1]!) || hasDotSegment(match[2]!)) return null;
  return { project: match[1]!, env: match[2]!, path: secretName };
}
