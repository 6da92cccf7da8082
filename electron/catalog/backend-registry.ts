import { isInsecureHttp, type BackendConfig } from '../../shared/backends';
import type { SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';

export type BackendFactory = (config: BackendConfig) => SecretsBackend;

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
}
