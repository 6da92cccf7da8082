import type { BackendKind } from '../../../shared/backends';
import type { BackendSummary, CatalogEnvironment } from '../../../shared/contract';

export type BackendGroup = {
  name: string;
  kind: BackendKind | null;
  /** Absent from backends.json: the profile names it but it is not configured on this machine. */
  configured: boolean;
  signedIn: boolean;
  /** Why access could not be checked, as main said it (same for every row of the backend). */
  problem: string | null;
  environments: CatalogEnvironment[];
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
 * One group per backend, in the order backends.json lists them, then backends only the profile names.
 * A configured backend with no environment still gets a group, so "signed out" is never invisible.
 */
export function groupByBackend(environments: CatalogEnvironment[], backends: BackendSummary[]): BackendGroup[] {
  const groups = new Map<string, BackendGroup>();
  for (const b of backends) {
    groups.set(b.name, { name: b.name, kind: b.kind, configured: true, signedIn: b.signedIn, problem: null, environments: [] });
  }
  for (const env of environments) {
    let group = groups.get(env.backend);
    if (!group) {
      group = { name: env.backend, kind: env.kind, configured: false, signedIn: false, problem: null, environments: [] };
      groups.set(env.backend, group);
    }
    group.environments.push(env);
    group.problem ??= env.problem;
  }
  return [...groups.values()];
}
