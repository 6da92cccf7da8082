import type { BackendKind } from '../../../shared/backends';
import type { BackendSummary, CatalogEnvironment } from '../../../shared/contract';

export type BackendState = {
  name: string;
  /** Why access could not be checked, as main said it (same for every row of the backend). */
  problem: string | null;
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
  const states = new Map<string, BackendState>(backends.map((b) => [b.name, { name: b.name, problem: null }]));
  for (const env of environments) {
    const state = states.get(env.backend) ?? { name: env.backend, problem: null };
    states.set(env.backend, state);
    state.problem ??= env.problem;
  }
  return [...states.values()];
}
