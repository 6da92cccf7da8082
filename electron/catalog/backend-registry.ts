import type { BackendConfig } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { tokenAccount, type SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';
import type { SecretStore } from '../identity/secret-store';

/** `secretStore`: sign in with what it holds instead of the person's keychain (grant credentials). */
export type BackendFactory = (config: BackendConfig, secretStore?: SecretStore) => SecretsBackend;

/**
 * One adapter per configured backend, built on first use and kept for the life of the services (so a
 * session renewed in memory is reused). Re-read after `backends add/remove` or a profile import.
 */
export class BackendRegistry {
  private readonly adapters = new Map<string, { config: BackendConfig; adapter: SecretsBackend }>();

  constructor(private readonly store: BackendsStore, private readonly factory: BackendFactory) {}

  async get(name: string): Promise<SecretsBackend> {
    const config = await this.store.get(name);
    const cached = this.adapters.get(name);
    if (cached && JSON.stringify(cached.config) === JSON.stringify(config)) return cached.adapter;
    const adapter = this.factory(config);
    this.adapters.set(name, { config, adapter });
    return adapter;
  }

  forget(name: string): void {
    this.adapters.delete(name);
  }

  /**
   * A fresh adapter for `name` that reads with an access grant's credential instead of the person's own
   * sign-in. Never cached, never renewed, never written to the keychain. A grant the server stopped
   * accepting (ended early, or past its time) is reported as EXPIRED rather than as a signed-out session.
   */
  async forGrant(name: string, credential: string, requestId: string): Promise<SecretsBackend> {
    const adapter = this.factory(await this.store.get(name), grantStore(tokenAccount(name), credential));
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
