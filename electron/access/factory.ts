import { AppError } from '../../shared/errors';
import type { AccessSettings, ProfileEnvironment } from '../../shared/profile';
import type { AwsBackend } from '../backends/aws/adapter';
import type { InfisicalBackend } from '../backends/infisical/adapter';
import type { DopplerBackend } from '../backends/doppler/adapter';
import type { SecretsBackend } from '../backends/types';
import type { VaultBackend } from '../backends/vault/adapter';
import type { AccessBackend } from './backend';
import { RecordCache } from './record-cache';
import { createAwsAccess } from './aws';
import { createDopplerAccess } from './doppler';
import { createInfisicalAccess } from './infisical';
import { createVaultAccess } from './vault';

/** The one place a backend adapter gets its access-request side: a new kind is one case here. */
export interface AccessBackendDeps {
  dataDir?: string;
  /** The profile's environments on this backend, read when needed (Infisical: which projects and paths to ask). */
  environments?: () => Promise<ProfileEnvironment[]>;
}

export function createAccessBackend(adapter: SecretsBackend, settings: AccessSettings, deps: AccessBackendDeps = {}): AccessBackend {
  switch (adapter.kind) {
    case 'vault':
      // Vault ledger records are immutable (create-only policies): what was read once is kept.
      return createVaultAccess(withClient<VaultBackend>(adapter), settings.vault, deps.dataDir ? RecordCache.for(deps.dataDir, `${adapter.name}-${settings.vault.mount}`) : undefined);
    case 'doppler':
      return createDopplerAccess(withClient<DopplerBackend>(adapter), settings.doppler);
    case 'aws':
      return createAwsAccess(withClient<AwsBackend>(adapter));
    case 'infisical':
      // Native access approvals: Infisical holds the requests, its reviews decide, its privilege is the grant.
      return createInfisicalAccess(withClient<InfisicalBackend>(adapter, 'approvals'), settings, deps.environments ?? (async () => []));
    default: {
      const unknown: never = adapter.kind;
      throw new AppError('BAD_REQUEST', `Unknown backend kind ${JSON.stringify(unknown)}.`);
    }
  }
}

/** Adapters built by the real factory carry their authenticated client (Infisical: its approvals); test fakes do not. */
function withClient<T extends SecretsBackend>(adapter: SecretsBackend, part = 'client'): T {
  if (!(part in adapter)) throw new AppError('BAD_REQUEST', `${adapter.name} cannot hold access requests (no client).`);
  return adapter as T;
}
