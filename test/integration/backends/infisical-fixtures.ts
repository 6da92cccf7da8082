import { createInfisicalBackend } from '../../../electron/backends/infisical/adapter';
import type { EnvLocator } from '../../../electron/backends/types';
import { InfisicalBackendConfig } from '../../../shared/backends';
import type { InfisicalSimulator } from '../../fakes/infisical';
import { MemoryStore } from '../../support/memory-store';

export const NAME = 'acme-infisical';

export const envAt = (project: string, env: string, path = '/'): EnvLocator => ({ ref: `${NAME}:${project}/${env}`, project, env, path });

/** An adapter against the simulator; waits are recorded instead of slept, so retry tests stay fast. */
export function makeAdapter(sim: InfisicalSimulator, http: { maxAttempts?: number } = {}) {
  const store = new MemoryStore();
  const waits: number[] = [];
  const adapter = createInfisicalBackend({
    config: InfisicalBackendConfig.parse({ name: NAME, kind: 'infisical', url: sim.url }),
    secretStore: store,
    now: () => sim.state.now(),
    http: {
      ...http,
      backoffMs: 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  });
  return { adapter, store, waits };
}
