import type { BackendConfig } from '../../shared/backends';
import type { SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';

export type BackendFactory = (config: BackendConfig) => SecretsBackend;

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
}
