import { AppError } from '../../shared/errors';
import type { AccessSettings } from '../../shared/profile';
import type { AwsBackend } from '../backends/aws/adapter';
import type { DopplerBackend } from '../backends/doppler/adapter';
import type { SecretsBackend } from '../backends/types';
import type { VaultBackend } from '../backends/vault/adapter';
import type { AccessBackend } from './backend';
import { RecordCache } from './record-cache';
import { createAwsAccess } from './aws';
import { createDopplerAccess } from './doppler';
import { createVaultAccess } from './vault';

/** The one place a backend adapter gets its access-request side: a new kind is one case here. */
export function createAccessBackend(adapter: SecretsBackend, settings: AccessSettings, deps: { dataDir?: string } = {}): AccessBackend {
  switch (adapter.kind) {
    case 'vault':
      // Vault ledger records are immutable (create-only policies): what was read once is kept.
      return createVaultAccess(withClient<VaultBackend>(adapter), settings.vault, deps.dataDir ? RecordCache.for(deps.dataDir, `${adapter.name}-${settings.vault.mount}`) : undefined);
    case 'doppler':
      return createDopplerAccess(withClient<DopplerBackend>(adapter), settings.doppler);
    case 'aws':
      return createAwsAccess(withClient<AwsBackend>(adapter));
    case 'infisical':
      throw new AppError('BAD_REQUEST', `Access requests on Infisical backends (${adapter.name}) are not available in this version of Latchkey.`,
        'Use Infisical\'s own access requests in its dashboard for now.');
    default: {
      const unknown: never = adapter.kind;
      throw new AppError('BAD_REQUEST', `Unknown backend kind ${JSON.stringify(unknown)}.`);
    }
  }
}

/** Adapters built by the real factory carry their authenticated client; test fakes do not. */
function withClient<T extends SecretsBackend>(adapter: SecretsBackend): T {
  if (!('client' in adapter)) throw new AppError('BAD_REQUEST', `${adapter.name} cannot hold access requests (no client).`);
  return adapter as T;
}
