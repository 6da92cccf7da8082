import type { BackendKind } from '../../../shared/backends';
import type { BackendSummary, CatalogEnvironment } from '../../../shared/contract';

export type BackendState = {
  name: string;
  kind: BackendKind | null;
  /** Absent from backends.json: the profile names it but it is not configured on this machine. */
  configured: boolean;
  signedIn: boolean;
  /** Why access could not be checked, as main said it (same for every row of the backend). */
  problem: string | null;
  environments: number;
};

/** Short names for table cells; KIND_LABELS where there is room. */
export const KIND_SHORT: Record<BackendKind, string> = { vault: 'Vault', infisical: 'Infisical', doppler: 'Doppler', aws: 'AWS' };

export const KIND_LABELS: Record<BackendKind, string> = {
  vault: 'Vault / OpenBao',
  infisical: 'Infisical',
  doppler: 'Doppler',
  aws: 'AWS Secrets Manager',
};

/**
 * One entry per backend, in the order backends.json lists them, then backends only the profile names.
 * A configured backend with no environment is still listed, so "signed out" is never invisible.
 */
export function backendStates(environments: CatalogEnvironment[], backends: BackendSummary[]): BackendState[] {
  const states = new Map<string, BackendState>();
  for (const b of backends) {
    states.set(b.name, { name: b.name, kind: b.kind, configured: true, signedIn: b.signedIn, problem: null, environments: 0 });
  }
  for (const env of environments) {
    let state = states.get(env.backend);
    if (!state) {
      state = { name: env.backend, kind: env.kind, configured: false, signedIn: false, problem: null, environments: 0 };
      states.set(env.backend, state);
    }
    state.environments++;
    state.problem ??= env.problem;
  }
  return [...states.values()];
}

