import { isInsecureHttp, type BackendConfig } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { bindTo } from '../backends/credential-binding';
import { identityFingerprint } from '../backends/identity';
import { tokenAccount, type SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';
import type { SecretStore } from '../identity/secret-store';

/** `secretStore`: sign in with what it holds instead of the person's keychain (grant credentials). */
export type BackendFactory = (config: BackendConfig, secretStore?: SecretStore) => SecretsBackend;

export interface RegistryOptions {
  /** Told once per backend and process when a backend that uses plain http:// to another machine is used. */
  warn?: (message: string) => void;
}

/**
 * One adapter per configured backend, built on first use and kept for the life of the services (so a
 * session renewed in memory is reused). Re-read after `backends add/remove` or a profile import.
 */
export class BackendRegistry {
  private readonly adapters = new Map<string, { config: BackendConfig; adapter: SecretsBackend }>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: BackendsStore,
    private readonly factory: BackendFactory,
    private readonly options: RegistryOptions = {},
  ) {}

  async get(name: string): Promise<SecretsBackend> {
    const config = await this.store.get(name);
    const cached = this.adapters.get(name);
    if (cached && JSON.stringify(cached.config) === JSON.stringify(config)) return cached.adapter;
    this.warnIfInsecure(config);
    const adapter = this.factory(config);
    this.adapters.set(name, { config, adapter });
    return adapter;
  }

  forget(name: string): void {
    this.adapters.delete(name);
  }

  /** The schema only lets such a config exist with `allowInsecureHttp: true`; every use still says so. */
  private warnIfInsecure(config: BackendConfig): void {
    const key = `${config.name} ${config.url}`;
    if (!isInsecureHttp(config.url) || this.warned.has(key)) return;
    this.warned.add(key);
    this.options.warn?.(`${config.name} uses plain http:// to ${new URL(config.url).host} (allowInsecureHttp): tokens and secret values cross the network unencrypted.`);
  }

  /**
   * A fresh adapter for `name` that reads with an access grant's credential instead of the person's own
   * sign-in, only while `name` still has the identity (url, kind, …) the grant was received for. Never
   * cached, never renewed, never written to the keychain. A grant the server stopped accepting (ended
   * early, or past its time) is reported as EXPIRED rather than as a signed-out session.
   */
  async forGrant(name: string, credential: string, requestId: string, boundTo: string | null): Promise<SecretsBackend> {
    const config = await this.store.get(name);
    // The grant was received from this backend as it was configured then; a re-pointed backend never gets it.
    if (boundTo !== identityFingerprint(config)) {
      throw new AppError('UNAUTHENTICATED', `The access grant of request ${requestId} was received for ${name} as it was configured then; ${name} now points elsewhere, so Latchkey did not send it.`,
        'Ask for access again on the backend as it is configured now.', { next: { action: 'list-requests' } });
    }
    this.warnIfInsecure(config);
    const adapter = this.factory(config, grantStore(tokenAccount(name), bindTo(boundTo, credential)));
    const ended = (error: unknown) => {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        throw new AppError('EXPIRED', `The access grant of request ${requestId} no longer works on ${name}: it was ended at the server.`,
          'Ask for access again if you still need it.', { next: { action: 'list-requests' } });
      }
      throw error;
    };
    return { ...adapter, describe: (env) => adapter.describe(env).catch(ended), read: (env) => adapter.read(env).catch(ended) };
  }
}

/** Holds one credential in memory: what a grant adapter signs in with. */
function grantStore(account: string, credential: string): SecretStore {
  return {
    kind: 'keychain',
    get: async (name) => (name === account ? credential : null),
    set: async () => undefined,
    delete: async () => false,
    status: async () => ({ backend: 'keychain', detail: 'an access grant held in memory' }),
  };
}
