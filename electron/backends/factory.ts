import type { BackendConfig } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { SecretStore } from '../identity/secret-store';
import type { ValueCache } from './cache';
import { bindCredentials } from './credential-binding';
import type { HttpClientOptions } from './http';
import type { SecretsBackend } from './types';
import { createInfisicalBackend } from './infisical/adapter';
import { createVaultBackend } from './vault/adapter';
import { createDopplerBackend } from './doppler/adapter';
import { createAwsBackend } from './aws/adapter';

export interface BackendDeps {
  secretStore: SecretStore;
  /** Data dir for non-secret session metadata (token expiry), shared by the app and the CLI. */
  dataDir?: string;
  /** Timeouts, retries and the request counter hook (tests). */
  http?: Partial<Omit<HttpClientOptions, 'backend' | 'product' | 'baseUrl' | 'redactor'>>;
  /** The process's value cache: every adapter reads through it (values in memory for its TTL). */
  cache?: ValueCache;
}

/**
 * The one place a config becomes an adapter, wrapped by the value cache when there is one. Every adapter
 * gets a store whose credential is bound to the config's identity (credential-binding.ts), so a token is
 * never sent to a server it was not signed in to.
 */
export function createBackend(config: BackendConfig, deps: BackendDeps): SecretsBackend {
  const adapter = createAdapter(config, deps);
  return deps.cache ? deps.cache.wrap(adapter) : adapter;
}

/** Adding a backend kind is one case here. */
function createAdapter(config: BackendConfig, deps: BackendDeps): SecretsBackend {
  const secretStore = bindCredentials(deps.secretStore, config);
  switch (config.kind) {
    case 'vault':
      return createVaultBackend({ config, secretStore, dataDir: deps.dataDir, http: deps.http });
    case 'doppler':
      return createDopplerBackend({ config, secretStore, http: deps.http });
    case 'infisical':
      return createInfisicalBackend({ config, secretStore, http: deps.http });
    case 'aws':
      return createAwsBackend({ config, secretStore, http: deps.http });
    default: {
      const unknown: never = config;
      throw new AppError('BAD_REQUEST', `Unknown backend kind in ${JSON.stringify((unknown as { kind?: unknown }).kind)}.`);
    }
  }
}
