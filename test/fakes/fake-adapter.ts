import type { BackendConfig } from '../../shared/backends';
import type { EnvLocator, SecretsBackend } from '../../electron/backends/types';

/** Where `project/env` sits on a fake backend: the same ref and path shape the real Vault adapter uses. */
export const fakeLocator = (backend: string, project: string, env: string): EnvLocator => ({
  ref: `${backend}:${project}/${env}`,
  project,
  env,
  path: `${project}/${env}`,
});

/**
 * The parts of a fake SecretsBackend that the unit and browser tests never vary: its identity, a signed-in
 * session for any login, a healthy probe, no-op logout, forget and lease revocation, and lease renewal that grants what is asked. A fake spreads this and
 * adds (or replaces) what its test is about.
 */
export function fakeAdapterBasics(
  config: BackendConfig,
): Pick<SecretsBackend, 'name' | 'kind' | 'config' | 'login' | 'logout' | 'forget' | 'defaultPath' | 'health' | 'revokeLease' | 'renewLease'> {
  return {
    name: config.name,
    kind: config.kind,
    config,
    login: async () => ({ identity: 'fake-user', policies: [], expiresAt: null, renewable: false }),
    logout: async () => undefined,
    forget: async () => false,
    defaultPath: (project: string, env: string) => `${project}/${env}`,
    health: async () => ({ reachable: true, signedIn: true, detail: 'fake', session: { identity: 'fake-user', expiresAt: null } }),
    revokeLease: async () => undefined,
    // Fakes create no real leases: grant whatever was asked.
    renewLease: async (_id: string, incrementSeconds: number) => ({ durationSeconds: incrementSeconds }),
  };
}
